"""The gate's ``facts`` rule: the plain facts the load step derives follow from the claims.

The load step adds direct triples beside the claims (:mod:`honduras_kg.model.facts`).
Here they are derived from the files being checked, in a scratch store, and checked
against the claims both ways, so that a graph which the rules would turn into facts
that no claim gives (or which would lose a claim's fact) never reaches a store.
"""

from __future__ import annotations

import pyoxigraph as ox

from honduras_kg.curation.located import Located
from honduras_kg.curation.report import Problem
from honduras_kg.model.facts import check_facts, fact_graphs
from honduras_kg.namespaces import DEFAULT_BASE

__all__ = ["check_derived_facts"]

_DATA = "urn:x-honduras-kg:gate"


def check_derived_facts(located: Located, *, base: str = DEFAULT_BASE) -> list[Problem]:
    """Problems with the facts derived from ``located``'s claims (none, when the rules hold)."""
    from honduras_kg.store.oxigraph import OxigraphStore  # the store is not needed before

    scratch = ox.Store()
    data = located.graph.serialize(format="nt", encoding="utf-8")
    scratch.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(_DATA))
    store = OxigraphStore(scratch)
    for iri, ntriples in fact_graphs(store, base=base):
        scratch.load(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    return [
        Problem(
            rule="facts",
            file=None,
            line=None,
            subject=None,
            message=f"The plain facts derived from the claims do not follow from them: {message}",
            fix="This is a fault in honduras_kg.model.facts, not in the data: report it.",
        )
        for message in check_facts(store, base=base)
    ]
