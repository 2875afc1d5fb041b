"""The connections page's form: the names or ids a reader types, resolved to entities.

A text that is an id or IRI names its entity; otherwise the best name match
does. A text that matches nothing becomes an :class:`Unknown`, with a few
close names to offer as links ("did you mean ...?").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from urllib.parse import urlencode

from honduras_kg import lookups
from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups import ReadModel
from honduras_kg.lookups.records import normalise

__all__ = ["SUGGESTIONS", "Unknown", "resolve", "unknown"]

#: How many close names an unknown text gets.
SUGGESTIONS = 3


@dataclass(frozen=True)
class Unknown:
    """A text that names no entity, and the pages its close names lead to."""

    field: str
    """The form's label for it: ``From`` or ``To``."""
    text: str
    suggestions: tuple[tuple[str, str], ...]
    """(label, the connections page with that entity in its place)."""


def resolve(index: ReadModel, text: str) -> str | None:
    """The id of the entity ``text`` names (an id, an IRI or a name), or ``None``."""
    found = index.entity_id(text)
    if found is not None:
        return found
    try:
        hits = lookups.search(index, text, limit=1).results
    except InvalidParameter:
        return None
    return hits[0].id if hits else None


def unknown(index: ReadModel, field: str, text: str, form: dict[str, str]) -> Unknown:
    """``text``, typed as ``field`` (``from`` or ``to``) of ``form``, which names nothing."""
    folded = normalise(text)
    names = {name.folded: name.entity for name in index.names}
    close = difflib.get_close_matches(folded, list(names), n=SUGGESTIONS * 3, cutoff=0.6)
    ids = list(dict.fromkeys(names[name] for name in close))[:SUGGESTIONS]
    links = []
    for id in ids:
        query = {**form, field: id}
        links.append((index.refs[id].label, f"/paths?{urlencode(query)}"))
    return Unknown(field.capitalize(), text, tuple(links))
