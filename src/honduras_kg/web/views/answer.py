"""A SELECT answer made ready for a page: columns, and each term as a cell that reads.

An IRI becomes a link with a name: the entity's or source's label when the
read model knows it, else a short ``prefix:name`` (the full IRI stays in the
link's title). Our own IRIs link to this server's pages (``Pages.href``). A
literal is shown as it is, with its datatype beside it (left out for plain
strings and integers, whose look says what they are) and its language tag in
the markup (``lang``), shown beside it too when it is not the page's English.
A cell says what room it needs (:attr:`Cell.kind`): quotes, an IRI, long text.
Columns named ``quote...`` or ``words`` hold evidence quotes, several joined
with `` | `` (see ``docs/queries.md``): they are split and shown as quotations.
Columns with no value in any row are left out of the table and named below it.

>>> table = answer_table(
...     ("who", "n", "quote"),
...     [{"who": {"type": "uri", "value": "https://w3id.org/honduras-kg/id/dana-frank"},
...       "n": {"type": "literal", "value": "2024-06",
...             "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth"},
...       "quote": {"type": "literal", "value": "one | two"}}],
...     labels={"https://w3id.org/honduras-kg/id/dana-frank": "Dana Frank"},
... )
>>> for cell in table.rows[0]:
...     print(repr(cell.text), cell.iri is not None, repr(cell.note), cell.quotes, repr(cell.kind))
'Dana Frank' True '' () 'iri'
'2024-06' False 'xsd:gYearMonth' () ''
'' False '' ('one', 'two') 'quotes'
>>> answer_table(["s"], [{"s": {"type": "literal", "value": "hola", "xml:lang": "es"}}]).rows
((Cell(text='hola', iri=None, note='@es', quotes=(), lang='es'),),)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from honduras_kg.formats import Term
from honduras_kg.lookups import ReadModel
from honduras_kg.namespaces import DATA_KINDS, DEFAULT_BASE, PREFIXES
from honduras_kg.web.views.describe import compact

__all__ = ["AnswerTable", "Cell", "answer_table", "iri_choices", "labels_of", "short_iri"]

#: Columns whose values are evidence quotes (``quote``, ``quoteA``, ``words``...).
QUOTE_COLUMN = re.compile(r"quote\w*|words", re.IGNORECASE)
#: How named queries join several values in one cell.
JOIN = " | "
#: Datatypes whose values say what they are: no note beside them.
_PLAIN = {PREFIXES["xsd"] + "string", PREFIXES["xsd"] + "integer"}
#: The pages' language: a literal in it needs no visible tag.
PAGE_LANGUAGE = "en"
#: Text longer than this (in characters) makes a wide cell.
LONG_TEXT = 60


@dataclass(frozen=True)
class Cell:
    """One term for a page: its text, the IRI it names (a link), a note, or quotes."""

    text: str
    iri: str | None = None
    note: str = ""
    quotes: tuple[str, ...] = ()
    lang: str = ""

    @property
    def kind(self) -> str:
        """What the cell's column needs: ``quotes``, ``iri`` or ``long`` text room, or nothing."""
        if self.quotes:
            return "quotes"
        if self.iri:
            return "iri"
        return "long" if len(self.text) > LONG_TEXT else ""


@dataclass(frozen=True)
class AnswerTable:
    """The columns shown, one tuple of cells per row (``None`` where unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell | None, ...], ...]
    empty_columns: tuple[str, ...] = ()


def answer_table(
    variables: Sequence[str],
    rows: Iterable[Mapping[str, Term]],
    *,
    labels: Mapping[str, str] | None = None,
    base: str = DEFAULT_BASE,
) -> AnswerTable:
    """``rows`` (SPARQL JSON terms) as a table of :class:`Cell`, empty columns left out."""
    rows = list(rows)
    shown = tuple(v for v in variables if any(v in row for row in rows))
    return AnswerTable(
        columns=shown,
        rows=tuple(tuple(_cell(v, row.get(v), labels or {}, base) for v in shown) for row in rows),
        empty_columns=tuple(v for v in variables if v not in shown) if rows else (),
    )


def _cell(variable: str, term: Term | None, labels: Mapping[str, str], base: str) -> Cell | None:
    if term is None:
        return None
    value = term["value"]
    if term["type"] == "uri":
        return Cell(labels.get(value) or short_iri(value, base), iri=value)
    if term["type"] == "bnode":
        return Cell(f"_:{value}")
    if QUOTE_COLUMN.fullmatch(variable):
        return Cell("", quotes=tuple(q.strip() for q in value.split(JOIN) if q.strip()))
    if "xml:lang" in term:
        lang = term["xml:lang"]
        shown = lang.lower().split("-")[0] != PAGE_LANGUAGE
        return Cell(value, note="@" + lang if shown else "", lang=lang)
    datatype = term.get("datatype", "")
    return Cell(value, note="" if not datatype or datatype in _PLAIN else compact(datatype))


def short_iri(iri: str, base: str = DEFAULT_BASE) -> str:
    """``iri`` as ``prefix:name``: our data kinds under ``base``, then the project prefixes.

    >>> short_iri("http://127.0.0.1:8000/claim/x", "http://127.0.0.1:8000/")
    'claim:x'
    >>> short_iri("https://w3id.org/honduras-kg/ontology#quote")
    'hko:quote'
    """
    for prefix, path in DATA_KINDS.items():
        if iri.startswith(base + path) and len(iri) > len(base + path):
            return f"{prefix}:{iri[len(base + path) :]}"
    return compact(iri)


def labels_of(index: ReadModel) -> dict[str, str]:
    """The name of every entity and source, by IRI (what a link in a table says)."""
    names = {ref.iri: ref.label for ref in index.refs.values()}
    names.update((source.iri, source.label) for source in index.sources.values())
    return names


def iri_choices(labels: Mapping[str, str], base: str = DEFAULT_BASE) -> list[tuple[str, str]]:
    """``(short IRI, name)`` for each of ``labels`` (see :func:`labels_of`), by name.

    >>> iri_choices({"https://w3id.org/honduras-kg/id/soto-cano": "Soto Cano Air Base"})
    [('hk:soto-cano', 'Soto Cano Air Base')]
    """
    choices = [(short_iri(iri, base), label) for iri, label in labels.items()]
    return sorted(choices, key=lambda choice: choice[1].lower())
