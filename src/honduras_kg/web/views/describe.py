"""What the server says about one resource: a SPARQL CONSTRUCT, and a view of it for pages.

The description of a resource of ours (an entity, claim, statement or source)
is, in this order of the query's branches:

1. its own triples;
2. every triple that points at it;
3. every claim, statement or conflict that mentions it, whole (its subject,
   predicate, object, modality, quotes, source...), with the quantities
   those claims measure;
4. the ``rdfs:label`` of everything named in 1 to 3, so the answer reads on its own.

The query runs through the app's query pool (time limit, row cap, result
cache) like any other; the written answer is cached per format.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from honduras_kg.formats import Format, serialize_graph
from honduras_kg.namespaces import PREFIXES
from honduras_kg.web.services import Answer, Services

__all__ = [
    "Description",
    "Value",
    "compact",
    "describe",
    "description_query",
    "parse_description",
    "term_labels",
]

_RDF_TYPE = PREFIXES["rdf"] + "type"
#: Names for the few relations from other vocabularies that every claim uses.
_COMMON = {
    PREFIXES["rdf"] + "subject": "subject",
    PREFIXES["rdf"] + "predicate": "relation",
    PREFIXES["rdf"] + "object": "object",
    PREFIXES["prov"] + "wasDerivedFrom": "source",
    PREFIXES["schema"] + "description": "description",
    PREFIXES["schema"] + "publisher": "publisher",
    PREFIXES["skos"] + "altLabel": "also known as",
    PREFIXES["owl"] + "sameAs": "same as",
    PREFIXES["dcterms"] + "date": "date",
}
#: Relations shown first, in this order, when a resource has them.
_FIRST = ("subject", "relation", "object", "modality", "standing", "attributed to")
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_PROLOGUE = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("rdf", "rdfs", "hko"))


def description_query(iri: str) -> str:
    """The CONSTRUCT query describing ``iri`` (an IRI of ours, already checked).

    >>> "<https://w3id.org/honduras-kg/id/soto-cano>" in description_query(
    ...     "https://w3id.org/honduras-kg/id/soto-cano")
    True
    """
    node = f"<{iri}>"
    return (
        _PROLOGUE
        + f"""CONSTRUCT {{ ?s ?p ?o . ?o rdfs:label ?label }}
WHERE {{
  {{
    {{ VALUES ?s {{ {node} }} ?s ?p ?o }}
    UNION {{ ?s ?p {node} BIND({node} AS ?o) }}
    UNION {{
      ?s ?link {node} ; a ?kind .
      VALUES ?kind {{ hko:Claim hko:Statement hko:Conflict }}
      ?s ?p ?o
    }}
    UNION {{ ?claim ?link {node} ; a hko:Claim ; hko:quantity ?s . ?s ?p ?o }}
  }}
  OPTIONAL {{ ?o rdfs:label ?label FILTER(isIRI(?o)) }}
}}"""
    )


#: Labels of the ontology's terms (classes, relations, modalities); cached by the pool.
TERM_LABELS_QUERY = (
    _PROLOGUE
    + """SELECT ?term ?label WHERE {
  ?term rdfs:label ?label FILTER(STRSTARTS(STR(?term), STR(hko:)))
}"""
)


async def describe(services: Services, iri: str, fmt: Format) -> Answer:
    """The description of ``iri`` written in ``fmt`` (an empty body when nothing is known)."""
    key = ("describe", iri, fmt.name)
    answer = services.answers.get(key)
    if answer is None:
        result = await services.pool.query(description_query(iri))
        # Sorted, so that each subject's triples sit together and the bytes never vary.
        ntriples = "".join(sorted({line + "\n" for line in result.ntriples.splitlines() if line}))
        body = serialize_graph(ntriples, fmt) if ntriples else ""
        answer = Answer(body.encode(), {}, len(result))
        services.answers.put(key, answer)
    return answer


async def term_labels(services: Services) -> dict[str, str]:
    """The ontology's labels by IRI, for naming relations and types on pages."""
    result = await services.pool.query(TERM_LABELS_QUERY)
    return {row["term"]["value"]: row["label"]["value"] for row in result.rows}


def compact(iri: str) -> str:
    """``iri`` as ``prefix:name`` where a project prefix fits.

    >>> compact("https://w3id.org/honduras-kg/ontology#quote")
    'hko:quote'
    >>> compact("urn:x")
    'urn:x'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass(frozen=True)
class Value:
    """One object of a triple, ready for a page: a resource (``iri``) or a literal."""

    text: str
    iri: str | None = None
    note: str = ""


@dataclass
class Description:
    """A resource's description shaped for a page."""

    iri: str
    label: str
    types: list[Value] = field(default_factory=list)
    #: (relation label, relation IRI, values), in the order of the relation labels.
    properties: list[tuple[str, str, list[Value]]] = field(default_factory=list)
    #: The claims, statements and conflicts that mention the resource.
    mentioned_by: list[Value] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the store knows nothing of the resource."""
        return not (self.types or self.properties or self.mentioned_by)


def parse_description(iri: str, ntriples: str, terms: dict[str, str]) -> Description:
    """Shape a description (N-Triples, as :func:`describe` finds it) for a page."""
    triples = list(ox.parse(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)) if ntriples else []
    labels = {
        t.subject.value: t.object.value
        for t in triples
        if t.predicate.value == _RDFS_LABEL and isinstance(t.object, ox.Literal)
    }
    labels = {**_COMMON, **terms, **labels}
    by_relation: dict[str, list[Value]] = defaultdict(list)
    types: list[Value] = []
    for triple in triples:
        if triple.subject.value != iri or triple.predicate.value == _RDFS_LABEL:
            continue
        value = _value(triple.object, labels)
        relation = triple.predicate.value
        (types if relation == _RDF_TYPE else by_relation[relation]).append(value)
    mentioned = {
        t.subject.value
        for t in triples
        if isinstance(t.object, ox.NamedNode) and t.object.value == iri and t.subject.value != iri
    }
    return Description(
        iri=iri,
        label=labels.get(iri, compact(iri)),
        types=sorted(types, key=lambda v: v.text),
        properties=sorted(
            (
                (labels.get(rel, compact(rel)), rel, sorted(vals, key=lambda v: v.text))
                for rel, vals in by_relation.items()
            ),
            key=_relation_order,
        ),
        mentioned_by=sorted(
            (Value(labels.get(m, compact(m)), m) for m in mentioned), key=lambda v: v.text
        ),
    )


def _relation_order(item: tuple[str, str, list[Value]]) -> tuple[int, str]:
    label = item[0]
    return (_FIRST.index(label) if label in _FIRST else len(_FIRST), label.lower())


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal, labels: dict[str, str]) -> Value:
    if isinstance(term, ox.NamedNode):
        return Value(labels.get(term.value, compact(term.value)), term.value)
    if isinstance(term, ox.Literal):
        note = term.language or ""
        if not note and term.datatype.value != PREFIXES["xsd"] + "string":
            note = compact(term.datatype.value)
        return Value(term.value, None, note)
    return Value("_:" + term.value)
