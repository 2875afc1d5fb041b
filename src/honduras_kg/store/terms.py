"""Terms and answers in the backend-neutral shape of :mod:`honduras_kg.store.base`.

Every backend builds its term dicts with :func:`literal`, :func:`uri` and
:func:`bnode`, so that all backends agree to the character: a literal of
``xsd:string`` and a language-tagged literal carry no ``datatype`` (as the
SPARQL 1.1 JSON results format has it), and language tags are lower case
(as Oxigraph and Virtuoso store them; tags are case-insensitive).

>>> literal("2025", datatype="http://www.w3.org/2001/XMLSchema#gYear")["datatype"]
'http://www.w3.org/2001/XMLSchema#gYear'
>>> to_ntriples([(uri("urn:s"), uri("urn:p"), literal("Tegucigalpa", language="es"))])
'<urn:s> <urn:p> "Tegucigalpa"@es .\\n'
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

import pyoxigraph as ox

from honduras_kg.errors import StoreError, TooLarge
from honduras_kg.store.base import Term

__all__ = [
    "RDF_LANG_STRING",
    "XSD_STRING",
    "OxTerm",
    "answer_too_large",
    "bnode",
    "format_bytes",
    "literal",
    "ox_ntriples",
    "row_bytes",
    "take",
    "take_ntriples",
    "text_bytes",
    "to_ntriples",
    "to_oxigraph",
    "uri",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: A pyoxigraph term that can stand in a triple.
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

T = TypeVar("T")


def uri(value: str) -> Term:
    """An IRI.

    >>> uri("https://w3id.org/honduras-kg/id/honduras")
    {'type': 'uri', 'value': 'https://w3id.org/honduras-kg/id/honduras'}
    """
    return {"type": "uri", "value": value}


def bnode(value: str) -> Term:
    """A blank node, by its label (without ``_:``).

    A label that no RDF syntax can write (Virtuoso's ``nodeID://b1``) becomes
    one that can, the same each time, so that the results writers take it.

    >>> bnode("b0")
    {'type': 'bnode', 'value': 'b0'}
    >>> bnode("nodeID://b10001")
    {'type': 'bnode', 'value': 'bad675819ca72d5bb4e4bebb3'}
    """
    try:
        ox.BlankNode(value)
    except ValueError:
        value = "b" + hashlib.blake2b(value.encode(), digest_size=12).hexdigest()
    return {"type": "bnode", "value": value}


def literal(value: str, *, datatype: str | None = None, language: str | None = None) -> Term:
    """A literal: simple, typed or language-tagged.

    >>> literal("x", datatype=XSD_STRING)
    {'type': 'literal', 'value': 'x'}
    >>> literal("Republic of Honduras", language="en-GB")
    {'type': 'literal', 'value': 'Republic of Honduras', 'xml:lang': 'en-gb'}
    """
    if language:
        return {"type": "literal", "value": value, "xml:lang": language.lower()}
    if datatype and datatype not in (XSD_STRING, RDF_LANG_STRING):
        return {"type": "literal", "value": value, "datatype": datatype}
    return {"type": "literal", "value": value}


def take(
    items: Iterable[T],
    limit: int | None,
    *,
    max_bytes: int | None = None,
    size: Callable[[T], int] | None = None,
) -> tuple[list[T], bool]:
    """The first ``limit`` items (all if ``None``), and whether more were left.

    Consumes at most one item past the limit. With ``max_bytes``, the
    ``size`` of each item taken is added up as it comes, and
    :class:`~honduras_kg.errors.TooLarge` is raised as soon as the total
    passes ``max_bytes``: nothing more is read.

    >>> take(iter("abc"), 2)
    (['a', 'b'], True)
    >>> take("ab", 2)
    (['a', 'b'], False)
    >>> take("abc", None)
    (['a', 'b', 'c'], False)
    >>> take(["ab", "cd"], None, max_bytes=3, size=len)
    Traceback (most recent call last):
    honduras_kg.errors.TooLarge: The answer is larger than 3 bytes, ...
    """
    if limit is not None and limit < 0:
        raise ValueError(f"row_limit must not be negative: {limit}")
    taken: list[T] = []
    total = 0
    for item in items:
        if limit is not None and len(taken) == limit:
            return taken, True
        if max_bytes is not None and size is not None:
            total += size(item)
            if total > max_bytes:
                raise answer_too_large(max_bytes)
        taken.append(item)
    return taken, False


def answer_too_large(max_bytes: int) -> TooLarge:
    """The error for an answer past ``max_bytes`` (the ``max_answer_bytes`` setting)."""
    return TooLarge(
        f"The answer is larger than {format_bytes(max_bytes)}, the most one query may return "
        "(the server's max_answer_bytes setting). Ask for less: fewer or shorter values, "
        "or a LIMIT."
    )


def format_bytes(size: int) -> str:
    """A byte count for people, in powers of 1024.

    >>> format_bytes(32 * 1024**2), format_bytes(3), format_bytes(1536)
    ('32 MiB', '3 bytes', '1.5 KiB')
    """
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.4g} {unit}"
    return f"{size} bytes"


def text_bytes(text: str) -> int:
    """The length of ``text`` in UTF-8.

    >>> text_bytes("Tegucigalpa"), text_bytes("Señor")
    (11, 6)
    """
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def row_bytes(row: Mapping[str, Term]) -> int:
    """The size of a solution: the UTF-8 text of its terms (kinds, values, datatypes, tags).

    >>> row_bytes({"x": literal("Honduras", language="es")})
    17
    """
    # One string per row: a call per term costs more than the terms' own conversion.
    return text_bytes("".join([text for term in row.values() for text in term.values()]))


def to_oxigraph(term: Term) -> OxTerm:
    """The pyoxigraph term for a term dict (to write N-Triples in one way for every backend).

    >>> to_oxigraph(literal("5", datatype="http://www.w3.org/2001/XMLSchema#integer"))
    <Literal value=5 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    """
    kind, value = term["type"], term["value"]
    try:
        if kind == "uri":
            return ox.NamedNode(value)
        if kind == "bnode":
            return ox.BlankNode(value)
        if kind == "literal":
            return _ox_literal(term)
    except ValueError as err:
        raise StoreError(f"the store returned an invalid RDF term {term!r}: {err}") from err
    raise StoreError(f"the store returned an unsupported RDF term {term!r}")


def _ox_literal(term: Term) -> ox.Literal:
    if "xml:lang" in term:
        return ox.Literal(term["value"], language=term["xml:lang"])
    if "datatype" in term:
        return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))
    return ox.Literal(term["value"])


def to_ntriples(triples: Iterable[tuple[Term, Term, Term]]) -> str:
    """N-Triples text for triples of term dicts, one line each, as Oxigraph writes it."""
    return ox_ntriples(ox.Triple(*map(to_oxigraph, triple)) for triple in triples)


def ox_ntriples(triples: Iterable[ox.Triple] | Iterator[ox.Triple]) -> str:
    """N-Triples text for pyoxigraph triples.

    >>> ox_ntriples([ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"))])
    '<urn:s> <urn:p> "o" .\\n'
    """
    return take_ntriples(triples, None)[0]


def take_ntriples(
    triples: Iterable[ox.Triple] | Iterator[ox.Triple],
    row_limit: int | None,
    *,
    max_bytes: int | None = None,
) -> tuple[str, bool]:
    """N-Triples text for the first ``row_limit`` triples, and whether more were left.

    The text is measured line by line as it is written (see :func:`take`):
    past ``max_bytes``, :class:`~honduras_kg.errors.TooLarge` is raised.

    >>> triple = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"))
    >>> take_ntriples([triple, triple], 1)
    ('<urn:s> <urn:p> "o" .\\n', True)
    """
    # A pyoxigraph triple prints as one N-Triples statement, as its serialiser writes it.
    lines = (f"{triple} .\n" for triple in triples)
    taken, truncated = take(lines, row_limit, max_bytes=max_bytes, size=text_bytes)
    return "".join(taken), truncated
