"""Referential integrity: every IRI we mint is described, every ontology term is declared."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.term import Node

from honduras_kg.curation.located import Located, short_name
from honduras_kg.curation.report import Problem
from honduras_kg.namespaces import DATA_KINDS, DEFAULT_BASE, HKO, RDF

__all__ = ["check_dangling", "check_undeclared"]

_DATA_PREFIXES = tuple(DEFAULT_BASE + path for path in DATA_KINDS.values())


def check_dangling(located: Located) -> list[Problem]:
    """Report each of our data IRIs that is used but never given an ``rdf:type``.

    An IRI under one of the ``DATA_KINDS`` namespaces (``hk:``, ``claim:``,
    ``src:``, ...) that appears as a subject or object must be typed somewhere,
    or it is a typo or a resource nobody described.
    """
    graph = located.graph
    typed = {node for node in graph.subjects(RDF.type) if _is_data_iri(node)}
    used = {
        node for s, _, o in graph for node in (s, o) if _is_data_iri(node) and node not in typed
    }
    return [_dangling(located, node, typed) for node in sorted(used)]


def check_undeclared(located: Located, ontology: Graph) -> list[Problem]:
    """Report each ``hko:`` term used anywhere that ``ontology`` does not declare.

    Declared means: the subject of an ``rdf:type`` triple in the ontology.
    """
    declared = {node for node in ontology.subjects(RDF.type) if str(node).startswith(str(HKO))}
    used = {
        node
        for triple in located.graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(str(HKO)) and node not in declared
    }
    return [_undeclared(located, node, declared) for node in sorted(used)]


def _dangling(located: Located, node: URIRef, typed: set[Node]) -> Problem:
    file, line = located.where(node)
    if (node, None, None) in located.graph:
        message = f"{short_name(node)} is described but has no rdf:type."
        fix = "Add its class, for example `a schema:Person` or `a hko:Claim`."
    else:
        message = f"{short_name(node)} is referred to but never described."
        fix = (
            "Describe it (its rdf:type, rdfs:label and the rest its class needs) "
            "in the file for its kind, or correct the reference if it is a typo."
        )
    fix += _did_you_mean(node, typed)
    return Problem("dangling", file, line, short_name(node), message, fix)


def _undeclared(located: Located, node: URIRef, declared: set[Node]) -> Problem:
    file, line = located.where(node)
    message = f"{short_name(node)} is not declared in the ontology (ontology.ttl)."
    fix = (
        "Use a term the ontology declares, or, if a new relation or class is really "
        "needed, declare it in ontology.ttl with an rdf:type, rdfs:label and rdfs:comment."
    )
    fix += _did_you_mean(node, declared)
    return Problem("undeclared", file, line, short_name(node), message, fix)


def _did_you_mean(node: URIRef, candidates: Iterable[Node]) -> str:
    names = {short_name(candidate): candidate for candidate in candidates}
    close = difflib.get_close_matches(short_name(node), list(names), n=1, cutoff=0.75)
    return f" Did you mean {close[0]}?" if close else ""


def _is_data_iri(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(_DATA_PREFIXES)
