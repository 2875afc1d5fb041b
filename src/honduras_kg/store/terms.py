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

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

import pyoxigraph as ox

from honduras_kg.errors import StoreError
from honduras_kg.store.base import Term

__all__ = [
    "RDF_LANG_STRING",
    "XSD_STRING",
    "OxTerm",
    "bnode",
    "literal",
    "ox_ntriples",
    "take",
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

    >>> bnode("b0")
    {'type': 'bnode', 'value': 'b0'}
    """
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


def take(items: Iterable[T], limit: int | None) -> tuple[list[T], bool]:
    """The first ``limit`` items (all if ``None``), and whether more were left.

    Consumes at most one item past the limit.

    >>> take(iter("abc"), 2)
    (['a', 'b'], True)
    >>> take("ab", 2)
    (['a', 'b'], False)
    >>> take("abc", None)
    (['a', 'b', 'c'], False)
    """
    if limit is None:
        return list(items), False
    if limit < 0:
        raise ValueError(f"row_limit must not be negative: {limit}")
    head = list(islice(items, limit + 1))
    return head[:limit], len(head) > limit


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
    """N-Triples text for pyoxigraph triples."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return data.decode("utf-8") if data else ""
