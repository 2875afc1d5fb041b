r"""Named competency queries: the ``queries/*.rq`` files, loaded as data.

Each file is a plain SPARQL 1.1 SELECT query that opens with a header of
comment lines::

    # title: Everything a speaker said, and where
    # description: One or two sentences on the analyst question it answers.
    # param: speaker iri "Who spoke" default=https://w3id.org/honduras-kg/id/xiomara-castro

A parameter NAME of TYPE ``iri``, ``string``, ``date`` or ``integer`` is the
variable ``?NAME`` of the query. :meth:`NamedQuery.bind` checks each value
against its type and writes it as one SPARQL term in a ``VALUES ?NAME { term }``
line (one ``VALUES (?A ?B) { (a b) }`` line for several parameters: Virtuoso's
cost estimator gives up on a product of one-row tables) right after the first
``WHERE {`` that is not on a comment line: at the start of the top-level
group, so the value joins every pattern in it (a sub-select sees it only
through the variables it projects). No value reaches
the text unchecked: an IRI must be absolute and free of the characters IRIREF
forbids, a string is escaped as a literal (``\u`` escapes and control
characters refused), dates and integers are written back from their parsed
values (an integer must fit in 64 bits), and no value is longer than
``MAX_VALUE_LENGTH`` characters.

IRIs are written under the canonical base (``DEFAULT_BASE``), as the defaults
are. For data loaded under another base, ``bind(base=...)`` moves every IRI
parameter of a data kind (``id/``, ``claim/``, ``source/`` ...) to the same
path under that base, so the shipped defaults still find their entity.

>>> q = parse_query("said", '''# title: Said
... # description: What someone said.
... # param: who iri "The speaker" default=urn:x:castro
... SELECT ?s WHERE {
...   ?s <urn:x:speaker> ?who
... }''')
>>> [(p.name, p.type, p.default) for p in q.parameters]
[('who', 'iri', 'urn:x:castro')]
>>> print(q.bind())
# title: Said
# description: What someone said.
# param: who iri "The speaker" default=urn:x:castro
SELECT ?s WHERE {
  VALUES ?who { <urn:x:castro> }
  ?s <urn:x:speaker> ?who
}
>>> q.bind(who="urn:x:a> } ; DROP ALL ; {")  # doctest: +ELLIPSIS
Traceback (most recent call last):
honduras_kg.errors.QueryParameterError: parameter 'who' must be an absolute IRI ...

``base`` is the one reserved name: it is :meth:`NamedQuery.bind`'s keyword for
the data's base IRI, never a query parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from rdflib import Graph

from honduras_kg.data import QUERIES_DIR
from honduras_kg.errors import BadRequest, HondurasKGError, QueryParameterError
from honduras_kg.namespaces import DATA_KINDS, DEFAULT_BASE, PREFIXES
from honduras_kg.sparql.guard import DEFAULT_MAX_QUERY_DEPTH, check_depth

__all__ = [
    "DEFAULT_QUERIES_DIR",
    "INTEGER_RANGE",
    "MAX_VALUE_LENGTH",
    "PARAMETER_TYPES",
    "NamedQuery",
    "Parameter",
    "QueryHeaderError",
    "QueryParameterError",
    "load_queries",
    "parse_query",
    "run_query",
]

#: The named ``queries/``: the wheel's copy, or the checkout's (see ``honduras_kg.data``).
DEFAULT_QUERIES_DIR = QUERIES_DIR

ParameterType = Literal["iri", "string", "date", "integer"]
PARAMETER_TYPES: tuple[str, ...] = get_args(ParameterType)

_XSD = "http://www.w3.org/2001/XMLSchema#"

_HEADER = re.compile(r"#\s*(?P<key>[a-z]+):\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r'(?P<name>[A-Za-z_][A-Za-z0-9_]*) (?P<type>[a-z]+) "(?P<help>[^"]*)"'
    r"(?: default=(?P<default>.*))?"
)
#: Scheme, then no character that IRIREF forbids (``<>"{}|^`\``, controls, space).
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]+')
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
#: Some processors (rdflib) expand these before parsing, even after an escaped backslash.
_UNICODE_ESCAPE = re.compile(r"\\[uU]")
#: The longest value a parameter takes, in characters (a query has a length limit too).
MAX_VALUE_LENGTH = 2000
#: Integers are bound as 64-bit values, as stores keep ``xsd:integer`` (Oxigraph among them).
INTEGER_RANGE = (-(2**63), 2**63 - 1)
#: Control characters other than tab, newline and carriage return (which are escaped).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EXPECTED = {
    "iri": 'an absolute IRI without spaces or any of <>"{}|^`\\',
    "string": "a string without \\u or \\U escapes or control characters",
    "date": "an ISO date (YYYY-MM-DD)",
    "integer": f"an integer from {INTEGER_RANGE[0]} to {INTEGER_RANGE[1]}",
}
#: Tabs too: rdflib's parser expands a raw tab into spaces, even inside a literal.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: The keyword of :meth:`NamedQuery.bind` for the data's base IRI: no parameter may take it.
_RESERVED = "base"


class QueryHeaderError(HondurasKGError, ValueError):
    """A query file's header is missing, malformed, or disagrees with its query."""


@dataclass(frozen=True)
class Parameter:
    """One ``# param:`` line: the variable ``?name``, its type, help and default."""

    name: str
    type: ParameterType
    help: str
    default: str | None = None

    def term(self, value: object, *, base: str = DEFAULT_BASE) -> str:
        """``value`` as one SPARQL term, or :class:`QueryParameterError`.

        An IRI of a data kind under the canonical base (in full or with its
        project prefix) is moved to the same path under ``base``.

        >>> Parameter("e", "iri", "").term("hk:soto-cano")  # a project prefix is expanded
        '<https://w3id.org/honduras-kg/id/soto-cano>'
        >>> Parameter("e", "iri", "").term("hk:soto-cano", base="http://127.0.0.1:8000/")
        '<http://127.0.0.1:8000/id/soto-cano>'
        >>> Parameter("n", "integer", "").term("+7")
        '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
        >>> Parameter("s", "string", "").term('say "hi"')
        '"say \\\\"hi\\\\""'
        """
        text = value.isoformat() if isinstance(value, date) else str(value)
        if len(text) > MAX_VALUE_LENGTH:
            raise QueryParameterError(
                f"parameter {self.name!r} takes at most {MAX_VALUE_LENGTH} characters,"
                f" not {len(text)}"
            )
        prefix, colon, local = text.partition(":")
        if self.type == "iri" and colon and prefix in PREFIXES:
            text = PREFIXES[prefix] + local
        if self.type == "iri":
            text = _rebase(text, base)
        if self.type == "iri" and _IRI.fullmatch(text):
            return f"<{text}>"
        if self.type == "string" and isinstance(value, str) and not _unsafe_string(text):
            return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'
        if self.type == "date" and _DATE.fullmatch(text):
            try:
                return f'"{date.fromisoformat(text).isoformat()}"^^<{_XSD}date>'
            except ValueError:
                pass
        if self.type == "integer" and not isinstance(value, bool) and _INTEGER.fullmatch(text):
            number = _integer(text)
            if number is not None:
                return f'"{number}"^^<{_XSD}integer>'
        shown = text if len(text) <= 60 else text[:60] + "..."
        raise QueryParameterError(
            f"parameter {self.name!r} must be {_EXPECTED[self.type]}, not {shown!r}"
        )


@dataclass(frozen=True)
class NamedQuery:
    """A named query: file stem, header fields and the query text (header included)."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def bind(self, *, base: str | None = None, **values: object) -> str:
        """The query text with a ``VALUES`` line binding each parameter (value or default).

        A value of ``None`` counts as not given. ``base``, when given, is the
        base IRI the data was loaded under: every IRI parameter, default or
        given, that lies under a data kind of the canonical base
        (``https://w3id.org/honduras-kg/id/...``, ``.../claim/...``, or written
        ``hk:...``, ``claim:...``) is moved to the same path under it; other
        IRIs, the ontology's among them, are left alone. Raises
        :class:`QueryParameterError` for an unknown parameter, a value that is
        wrong for its type, a parameter with neither value nor default, or a
        ``base`` that is not an absolute IRI.

        >>> q = parse_query("roles", '''# title: Roles
        ... # description: What a base does.
        ... # param: place iri "The base" default=https://w3id.org/honduras-kg/id/soto-cano
        ... # param: other iri "Another" default=urn:x:elsewhere
        ... SELECT ?claim WHERE {
        ...   ?claim ?role ?place , ?other
        ... }''')
        >>> print(q.bind(base="http://127.0.0.1:8000/").split("\\n", 4)[4])
        SELECT ?claim WHERE {
          VALUES (?place ?other) { (<http://127.0.0.1:8000/id/soto-cano> <urn:x:elsewhere>) }
          ?claim ?role ?place , ?other
        }
        >>> "<http://127.0.0.1:8000/source/aj>" in q.bind(place="src:aj", base="http://127.0.0.1:8000/")
        True
        >>> q.bind(base="https://w3id.org/honduras-kg/") == q.bind() == q.bind(base=None)
        True
        """
        if base is None:
            base = DEFAULT_BASE
        elif not _IRI.fullmatch(base):
            raise QueryParameterError(f"base must be {_EXPECTED['iri']}, not {base!r}")
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryParameterError(
                f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))}"
                f" (it takes: {', '.join(known) or 'none'})"
            )
        terms = {}
        for p in self.parameters:
            value = p.default if values.get(p.name) is None else values[p.name]
            if value is None:
                raise QueryParameterError(f"query {self.name!r} needs a value for {p.name!r}")
            terms[p.name] = p.term(value, base=base)
        at = _where_end(self.name, self.text)
        return self.text[:at] + _values_line(terms) + self.text[at:]


def parse_query(name: str, text: str, *, max_depth: int = DEFAULT_MAX_QUERY_DEPTH) -> NamedQuery:
    """Read the header of one query's ``text``; :class:`QueryHeaderError` if it is wrong.

    A query nested deeper than ``max_depth`` is wrong too: the endpoint would refuse it.
    """
    try:
        check_depth(text, max_depth)
    except BadRequest as err:
        raise QueryHeaderError(f"{name}: {err}") from None
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.fullmatch(line)
        if match is None:
            continue
        key, value = match["key"], match["value"]
        if key == "param":
            param = _parameter(name, value)
            if any(p.name == param.name for p in parameters):
                raise QueryHeaderError(f"{name}: parameter {param.name!r} is declared twice")
            if param.name == _RESERVED:
                raise QueryHeaderError(
                    f"{name}: a parameter may not be called {_RESERVED!r}"
                    " (it is bind's keyword for the data's base IRI)"
                )
            parameters.append(param)
        elif key in ("title", "description") and key not in fields:
            fields[key] = value
        else:
            raise QueryHeaderError(f"{name}: unexpected header line {line!r}")
    for key in ("title", "description"):
        if not fields.get(key):
            raise QueryHeaderError(f"{name}: the header has no '# {key}:' line")
    body = text[_where_end(name, text) :]
    for p in parameters:
        if not re.search(rf"[?$]{p.name}\b", body):
            raise QueryHeaderError(f"{name}: parameter {p.name!r} is not used in the query")
    return NamedQuery(name, fields["title"], fields["description"], tuple(parameters), text)


def load_queries(
    directory: Path | str = DEFAULT_QUERIES_DIR, *, max_depth: int = DEFAULT_MAX_QUERY_DEPTH
) -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of ``directory``, by file stem, in name order (see parse_query)."""
    paths = sorted(Path(directory).glob("*.rq"))
    return {
        p.stem: parse_query(p.stem, p.read_text(encoding="utf-8"), max_depth=max_depth)
        for p in paths
    }


def run_query(graph: Graph, query: NamedQuery, **values: object) -> list[dict[str, str | None]]:
    """Bind ``values``, run the query on an rdflib graph, return rows of plain strings.

    ``values`` may include ``base``, the base IRI the graph was loaded under
    (see :meth:`NamedQuery.bind`). Every selected variable is a key of every
    row; an unbound one is ``None``.
    """
    result = graph.query(query.bind(**values))
    names = [str(v) for v in result.vars or ()]
    return [
        {n: None if term is None else str(term) for n, term in zip(names, row, strict=True)}
        for row in result  # type: ignore[union-attr]
    ]


def _parameter(query: str, spec: str) -> Parameter:
    match = _PARAM.fullmatch(spec)
    if match is None or match["type"] not in PARAMETER_TYPES:
        raise QueryHeaderError(
            f'{query}: bad parameter {spec!r}; expected NAME TYPE "help" [default=VALUE]'
            f" with TYPE one of {', '.join(PARAMETER_TYPES)}"
        )
    p = Parameter(match["name"], match["type"], match["help"], match["default"])  # type: ignore[arg-type]
    if p.default is not None:
        try:
            p.term(p.default)
        except QueryParameterError as error:
            raise QueryHeaderError(f"{query}: bad default: {error}") from None
    return p


def _unsafe_string(text: str) -> bool:
    return bool(_UNICODE_ESCAPE.search(text) or _CONTROL.search(text))


def _integer(text: str) -> int | None:
    """``text`` (digits with an optional sign) as an int, or ``None`` outside :data:`INTEGER_RANGE`.

    Counted before converting: Python refuses to convert more than 4,300 digits.

    >>> _integer("-0042"), _integer("9" * 4301)
    (-42, None)
    """
    if len(text.lstrip("+-").lstrip("0")) > 19:
        return None
    number = int(text)
    low, high = INTEGER_RANGE
    return number if low <= number <= high else None


def _rebase(iri: str, base: str) -> str:
    """``iri`` moved from a data kind of the canonical base to the same path under ``base``.

    An IRI already under ``base``, or of no data kind, is returned unchanged.

    >>> _rebase("https://w3id.org/honduras-kg/claim/x", "http://h/kg/")
    'http://h/kg/claim/x'
    >>> _rebase("https://w3id.org/honduras-kg/ontology#Claim", "http://h/kg/")
    'https://w3id.org/honduras-kg/ontology#Claim'
    """
    if base == DEFAULT_BASE or any(iri.startswith(base + path) for path in DATA_KINDS.values()):
        return iri
    for path in DATA_KINDS.values():
        if iri.startswith(DEFAULT_BASE + path):
            return base + iri[len(DEFAULT_BASE) :]
    return iri


def _values_line(terms: dict[str, str]) -> str:
    """One ``VALUES`` line binding each variable to its term (nothing for no parameters)."""
    if not terms:
        return ""
    if len(terms) == 1:
        ((name, term),) = terms.items()
        return f"\n  VALUES ?{name} {{ {term} }}"
    names = " ".join(f"?{name}" for name in terms)
    return f"\n  VALUES ({names}) {{ ({' '.join(terms.values())}) }}"


def _where_end(query: str, text: str) -> int:
    """Offset just after the first ``WHERE {`` that is not on a comment line."""
    offset = 0
    for line in text.splitlines(keepends=True):
        match = None if line.lstrip().startswith("#") else _WHERE.search(line)
        if match:
            return offset + match.end()
        offset += len(line)
    raise QueryHeaderError(f"{query}: no 'WHERE {{' to bind parameters in")
