"""Plain facts beside the claims: direct triples derived from them, in graphs of their own.

A claim says, with its evidence, that a relation holds between two things::

    claim:castro-threatened-... rdf:subject hk:xiomara-castro ;
        rdf:predicate hko:threatened ; rdf:object hk:military-cooperation ;
        hko:modality hko:Threatened .

To ask "who threatened what?" a SPARQL user would have to know that pattern.
So the load step derives the direct triple, ``hk:xiomara-castro hko:threatened
hk:military-cooperation``, as Wikidata derives its "truthy" ``wdt:`` triples
from its statements, and puts it in a named graph that says which kind of
claim it came from:

- ``facts/{modality}``, one graph per modality (``facts/happened``,
  ``facts/threatened``, ``facts/predicted``, ...): the triples of the claims of
  that modality that are not negated. ``facts/happened`` is what the sources
  present as fact; all of them together are everything claimed.
- ``facts/negated``: what negated (or denied) claims say does *not* hold, as an
  OWL 2 negative property assertion named by the claim itself, never as the
  plain triple, so that no query over the union of the graphs reads a denial
  as a fact.

A claim without an ``rdf:object`` gives no direct triple. A second derived
graph, ``provenance``, states ``prov:wasAttributedTo`` and
``prov:wasDerivedFrom`` wherever the data uses one of their sub-properties
(``hko:attributedTo``), so that PROV tools need no inference.

:func:`check_facts` checks, with queries written independently of the rules,
that the stored graphs follow from the claims, both ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from honduras_kg.namespaces import HKO, OWL, RDF, XSD
from honduras_kg.store.base import Store, Term
from honduras_kg.store.loading import derived_prefix
from honduras_kg.store.rows import select_all
from honduras_kg.store.terms import to_ntriples

__all__ = [
    "NEGATED",
    "check_facts",
    "fact_graphs",
    "facts_iri",
    "facts_prefix",
    "modality_graph",
    "provenance_iri",
]

_CLAIM = """
  ?claim a hko:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
         hko:modality ?modality .
  BIND (EXISTS { ?claim hko:negated ?negated FILTER (?negated = true) }
        || ?modality = hko:Denied AS ?denied)
"""

#: The graph of the claims that say a relation does not hold.
NEGATED = "negated"
#: Every claim with a triple, once: the graphs are split from it here, not asked of the
#: store one modality at a time (a scan of the claims each).
_CLAIMS_TO_STATE = f"SELECT ?claim ?s ?p ?o ?modality ?denied WHERE {{ {_CLAIM} }}"

# The PROV properties that are materialised from their sub-properties.
_SUBPROPERTIES = """
SELECT DISTINCT ?sub ?super WHERE {
  VALUES ?super { prov:wasAttributedTo prov:wasDerivedFrom }
  ?sub rdfs:subPropertyOf+ ?super FILTER (?sub != ?super)
} ORDER BY ?sub ?super"""


def facts_prefix(base: str) -> str:
    """The start of every facts graph's IRI."""
    return derived_prefix(base) + "facts/"


def facts_iri(base: str, name: str) -> str:
    """The named graph of one kind of facts: a modality's name, or :data:`NEGATED`.

    >>> facts_iri("https://w3id.org/honduras-kg/", "happened")
    'https://w3id.org/honduras-kg/graph/derived/facts/happened'
    """
    return facts_prefix(base) + name


def modality_graph(modality: str) -> str:
    """The name of a modality's facts graph: its IRI's local name, in lower case.

    >>> modality_graph("https://w3id.org/honduras-kg/ontology#Threatened")
    'threatened'
    """
    return modality.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()


def provenance_iri(base: str) -> str:
    """The named graph of the materialised PROV properties."""
    return derived_prefix(base) + "provenance"


def fact_graphs(store: Store, *, base: str) -> list[tuple[str, str]]:
    """``(graph IRI, N-Triples)`` of each facts graph and of the provenance graph,
    derived from the claims in ``store``."""
    direct: dict[str, set[str]] = {}
    negated: set[str] = set()
    for row in select_all(store, _CLAIMS_TO_STATE):
        s, p, o = row["s"], row["p"], row["o"]
        if _is_true(row["denied"]):
            target = OWL.targetValue if o["type"] == "literal" else OWL.targetIndividual
            claim = row["claim"]
            negated |= _lines_of(
                (claim, _uri(RDF.type), _uri(OWL.NegativePropertyAssertion)),
                (claim, _uri(OWL.sourceIndividual), s),
                (claim, _uri(OWL.assertionProperty), p),
                (claim, _uri(target), o),
            )
        elif s["type"] != "literal" and p["type"] == "uri":  # else no triple: RDF has no such
            direct.setdefault(row["modality"]["value"], set()).update(_lines_of((s, p, o)))
    by_modality = sorted(direct.items())
    return [
        *((facts_iri(base, modality_graph(m)), _text(lines)) for m, lines in by_modality),
        (facts_iri(base, NEGATED), _text(negated)),
        (provenance_iri(base), _provenance(store)),
    ]


def _lines_of(*triples: tuple[Term, Term, Term]) -> set[str]:
    return set(to_ntriples(triples).splitlines(keepends=True))


def _uri(value: str) -> Term:
    return {"type": "uri", "value": str(value)}


def _text(lines: set[str]) -> str:
    # Sorted: the same claims give the same bytes whatever the engine's order.
    return "".join(sorted(lines))


def _provenance(store: Store) -> str:
    lines: set[str] = set()
    for row in store.query(_SUBPROPERTIES).rows:
        sub, sup = row["sub"]["value"], row["super"]["value"]
        lines |= _lines(store, f"CONSTRUCT {{ ?x <{sup}> ?y }} WHERE {{ ?x <{sub}> ?y }}")
    return _text(lines)


def _lines(store: Store, construct: str) -> set[str]:
    return set(store.query(construct).ntriples.splitlines(keepends=True))


# --- the check -------------------------------------------------------------------------

_CLAIMS = """
SELECT ?claim ?s ?p ?o ?modality ?negated WHERE {
  ?claim a hko:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; hko:modality ?modality .
  OPTIONAL { ?claim hko:negated ?negated }
}"""
_STORED = "SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
_DENIED = str(HKO.Denied)

Key = tuple[str, ...]
Triple = tuple[Key, Key, Key]


def check_facts(store: Store, *, base: str) -> list[str]:
    """What is wrong with the facts graphs in ``store``: each names a graph, how many
    triples it holds that the claims do not give (or lacks that they do), and one of them.

    The expected triples are worked out here, in Python, from the claims as they are
    stored, not by the rules' queries, so that a mistake in either shows.
    """
    expected = _expected(select_all(store, _CLAIMS))
    prefix = facts_prefix(base)
    stored_graphs = {g.removeprefix(prefix) for g in store.graph_names() if g.startswith(prefix)}
    problems = []
    for name in sorted(stored_graphs | set(expected)):
        iri = facts_iri(base, name)
        rows = select_all(store, _STORED.format(graph=iri)) if name in stored_graphs else []
        stored = {(_key(r["s"]), _key(r["p"]), _key(r["o"])) for r in rows}
        problems += _differences(iri, stored, expected.get(name, set()))
    return problems


def _expected(claims: Iterable[Mapping[str, Term]]) -> dict[str, set[Triple]]:
    claims = list(claims)
    negated = {row["claim"]["value"] for row in claims if _is_true(row.get("negated"))}
    found: dict[str, set[Triple]] = {NEGATED: set()}
    for row in claims:
        s, p, o = _key(row["s"]), _key(row["p"]), _key(row["o"])
        modality = row["modality"]["value"]
        if row["claim"]["value"] in negated or modality == _DENIED:
            found[NEGATED] |= _negative_assertion(_key(row["claim"]), s, p, o)
        elif s[0] != "literal" and p[0] == "uri":  # else no triple: RDF has no such
            found.setdefault(modality_graph(modality), set()).add((s, p, o))
    return found


def _is_true(term: Term | None) -> bool:
    """Whether ``term`` is the boolean true (``"yes"`` is not)."""
    return (
        term is not None
        and term.get("datatype") == str(XSD.boolean)
        and term["value"] in ("true", "1")
    )


def _negative_assertion(claim: Key, s: Key, p: Key, o: Key) -> set[Triple]:
    target = OWL.targetValue if o[0] == "literal" else OWL.targetIndividual
    return {
        (claim, _iri(RDF.type), _iri(OWL.NegativePropertyAssertion)),
        (claim, _iri(OWL.sourceIndividual), s),
        (claim, _iri(OWL.assertionProperty), p),
        (claim, _iri(target), o),
    }


def _key(term: Term) -> Key:
    """A term as a tuple that compares as the term does (the engines spell types two ways)."""
    kind = "literal" if term["type"] in ("literal", "typed-literal") else term["type"]
    return (kind, term["value"], term.get("datatype", ""), term.get("xml:lang", ""))


def _iri(value: str) -> Key:
    return ("uri", str(value), "", "")


def _differences(graph: str, stored: set[Triple], expected: set[Triple]) -> list[str]:
    problems = []
    for triples, what in ((stored - expected, "holds"), (expected - stored, "lacks")):
        if triples:
            example = " ".join(_show(key) for key in min(triples))
            problems.append(
                f"<{graph}> {what} {len(triples)} triples that the claims do"
                f"{'' if what == 'lacks' else ' not'} give, e.g. {example} ."
            )
    return problems


def _show(key: Key) -> str:
    kind, value, datatype, lang = key
    if kind == "uri":
        return f"<{value}>"
    return f'"{value}"' + (f"@{lang}" if lang else f"^^<{datatype}>" if datatype else "")
