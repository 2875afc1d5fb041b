"""Run the SHACL shapes of ``graph/shapes.ttl`` and turn each result into a ``Problem``."""

from __future__ import annotations

from typing import Any, cast

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from honduras_kg.curation.located import Located, short_name
from honduras_kg.curation.report import Problem
from honduras_kg.namespaces import RDF, SH

__all__ = ["FIX_MARKER", "check_shapes"]

#: Where a shape's ``sh:message`` turns from what is wrong to how to fix it.
FIX_MARKER = " Fix: "


def check_shapes(located: Located, shapes: Graph) -> list[Problem]:
    """Validate the merged data graph (ontology included) against ``shapes``.

    No inference runs: targets and ``sh:class`` reach subclasses through the
    ontology's ``rdfs:subClassOf`` triples, which are part of the data graph,
    and inference would only add triples that the shapes do not need.
    """
    data = _ParsedOnce(store=located.graph.store, identifier=located.graph.identifier)
    data.namespace_manager = located.graph.namespace_manager
    _, report, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_infos=True
    )
    results = cast(Graph, report)  # a graph, as pyshacl returns unless asked to serialise
    seen: set[tuple[Node | None, ...]] = set()
    problems: list[Problem] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        key = tuple(results.value(result, p) for p in _IDENTITY)
        if key not in seen:
            seen.add(key)
            problems.append(_problem(located, shapes, results, result))
    return problems


class _ParsedOnce(Graph):
    """A view of a graph whose ``query`` parses each distinct text once.

    pyshacl runs a SPARQL constraint once per focus node, with the same text and
    ``$this`` bound, and rdflib parses the text every time: most of the gate's
    time went there, with a few constraints on every claim.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: dict[str, Query] = {}

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Result:  # type: ignore[override]
        if isinstance(query_object, str):
            if query_object not in self._prepared:
                namespaces = dict(self.namespaces())
                self._prepared[query_object] = prepareQuery(query_object, initNs=namespaces)
            query_object = self._prepared[query_object]
        return super().query(query_object, *args, **kwargs)


# The fields that make two results the same finding (pyshacl can repeat one).
_IDENTITY = (SH.focusNode, SH.sourceShape, SH.sourceConstraint, SH.resultPath, SH.value)


def _problem(located: Located, shapes: Graph, results: Graph, result: Node) -> Problem:
    focus = results.value(result, SH.focusNode)
    text = str(results.value(result, SH.resultMessage) or "The node breaks a SHACL shape.")
    message, _, fix = text.partition(FIX_MARKER)
    if not fix.strip():
        fix = f"See {_shape_name(results.value(result, SH.sourceShape))} in shapes.ttl."
    fix = fix.strip()[:1].upper() + fix.strip()[1:]
    message = message.strip().rstrip(".") + _detail(located, shapes, results, result) + "."
    if focus is None:
        return Problem("shacl", None, None, None, message, fix)
    file, line = located.where(focus)
    return Problem("shacl", file, line, located.name(focus), message, fix)


def _detail(located: Located, shapes: Graph, results: Graph, result: Node) -> str:
    """The offending value, or how many values there are when that says more than the message.

    "This claim has no evidence quote" needs no count; "This claim needs
    exactly one hko:modality" does: it has none, or two.
    """
    focus = results.value(result, SH.focusNode)
    value = results.value(result, SH.value)
    if value is not None and value != focus:
        return f" (value: {located.name(value)})"
    path = results.value(result, SH.resultPath)
    component = results.value(result, SH.sourceConstraintComponent)
    if component in _COUNTS and isinstance(path, URIRef):
        count = len(set(located.graph.objects(focus, path)))
        shape = results.value(result, SH.sourceShape)
        if count or shapes.value(shape, SH.maxCount) is not None:
            return f" (it has {count})"
    return ""


_COUNTS = (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent)


def _shape_name(shape: Node | None) -> str:
    if isinstance(shape, URIRef):
        return short_name(shape)
    return "the shape"
