"""What the reading views (sources, a source's claims, the timeline) show, as plain data.

Dates are shown at the precision the graph records (a year as a year, a
month as a month), claims are sorted and filtered as a reader asks, and a
claim's citation is put together from the claim and its sources' records.

>>> from honduras_kg.model.time import dated, when
>>> shown(dated("2009")), shown(dated("2025-01")), shown(dated("2025-01-01"))
('2009', 'January 2025', '1 January 2025')
>>> shown(when(earliest="1980", latest="1989")), shown(dated("2024-06", "since"))
('1980\N{EN DASH}1989', 'since June 2024')
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Mapping

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups import MODALITIES, normalise
from honduras_kg.lookups.results import Claim, SourceInfo, When

__all__ = [
    "CLAIM_ORDERS",
    "citation",
    "modality_counts",
    "only_modality",
    "reason",
    "shown",
    "sorted_claims",
    "with_text",
]

#: How a source's claims can be sorted: ``sort=`` value and its label.
CLAIM_ORDERS = {"date": "date", "modality": "modality", "subject": "subject"}
#: The longest text filter a page takes.
MAX_FILTER = 200


def shown(when: When | None) -> str:
    """A date as a reader reads it, no more precise than the graph records it."""
    if when is None:
        return "undated"
    if when.value is None:
        return when.text or "undated"
    if when.kind == "period":
        return "\N{EN DASH}".join(when.value.split("/"))
    text = _spelled(when.value)
    return {"since": f"since {text}", "as of": f"as of {text}"}.get(when.kind, text)


def _spelled(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = calendar.month_name[int(parts[1])]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def only_modality(modality: str | None, *, extra: Iterable[str] = ()) -> str | None:
    """The modality a filter asks for (``None``: all), checked against the known ones."""
    if not modality:
        return None
    known = (*MODALITIES, *extra)
    if modality not in known:
        choices = ", ".join(known)
        raise InvalidParameter(
            "modality", f"There is no modality “{modality[:40]}”: choose one of {choices}."
        )
    return modality


def with_text(claims: Iterable[Claim], text: str) -> list[Claim]:
    """The claims whose summary, quotes or ends contain ``text`` (accents and case ignored)."""
    if len(text) > MAX_FILTER:
        raise InvalidParameter("q", f"The text filter takes at most {MAX_FILTER} characters.")
    wanted = normalise(text)
    return [c for c in claims if not wanted or wanted in normalise(_words(c))]


def _words(claim: Claim) -> str:
    ends = [claim.subject.label, claim.object.label if claim.object else claim.value or ""]
    return " ".join([claim.label, *claim.quotes, *ends])


def sorted_claims(claims: Iterable[Claim], order: str) -> list[Claim]:
    """``claims`` by ``order``: ``date`` (undated last), ``modality`` or ``subject``."""
    if order not in CLAIM_ORDERS:
        choices = ", ".join(CLAIM_ORDERS)
        raise InvalidParameter("sort", f"Claims sort by {choices}, not by “{order[:40]}”.")
    rank = {name: i for i, name in enumerate(MODALITIES)}

    def key(claim: Claim) -> tuple:
        start = claim.date.start if claim.date and claim.date.start else "9999"
        by = {
            "date": (start,),
            "modality": (rank.get(claim.modality or "", len(rank)),),
            "subject": (claim.subject.label.lower(),),
        }[order]
        return (*by, claim.label.lower())

    return sorted(claims, key=key)


def modality_counts(claims: Iterable[Claim]) -> list[tuple[str, int]]:
    """How many of ``claims`` have each modality, in the usual order of modalities."""
    counts = Counter(c.modality or "unknown" for c in claims)
    return [(m, counts[m]) for m in (*MODALITIES, "unknown") if counts[m]]


def citation(claim: Claim, sources: Mapping[str, SourceInfo]) -> str:
    """A citation of ``claim``: its summary and modality, its sources, a quote, its IRI."""
    lines = [f"{claim.label} ({claim.modality or 'modality not recorded'})."]
    for ref in claim.sources:
        info = sources.get(ref.id)
        publisher = info.publisher.label if info and info.publisher else "no publisher recorded"
        date = shown(info.date) if info and info.date else "undated"
        lines.append(f"Source: {ref.label}. {publisher}, {date}.")
    if claim.quotes:
        lines.append(f"Quote: “{claim.quotes[0]}”")
    lines.append(f"Claim: {claim.iri}")
    return "\n".join(lines)


def reason(err: InvalidParameter) -> str:
    """The message of ``err`` for a reader: a page shows it by the field it is about, so
    without the parameter's name in front."""
    return str(err).removeprefix(f"{err.parameter}: ")
