"""The graph view's filters, and above all its date window: the lookups' own."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from honduras_kg.lookups.dates import when_of
from honduras_kg.model.time import overlaps, window
from honduras_kg.namespaces import CLAIM, HK, HKO, RDF, SRC
from honduras_kg.network import to_networkx
from honduras_kg.network.projection import edge_when
from honduras_kg.network.view import ViewFilter, select

#: One claim per way of dating it, each between two entities.
TIMES = {
    "since": [(HKO.since, Literal("2024-06", datatype=XSD.gYearMonth))],
    "period": [
        (HKO.earliest, Literal("1980", datatype=XSD.gYear)),
        (HKO.latest, Literal("1989", datatype=XSD.gYear)),
        (HKO.dateText, Literal("in the 1980s")),
    ],
    "as-of": [(HKO.asOf, Literal("2025-01", datatype=XSD.gYearMonth))],
    "day": [(HKO.date, Literal("2022-04-21", datatype=XSD.date))],
    "words": [(HKO.dateText, Literal("some years ago"))],
    "undated": [],
}

WINDOWS = [
    ("2025", None),
    ("2030", None),
    ("1985", "1986"),
    (None, "1980"),
    ("2022-04", "2022-04"),
    ("2024-05-31", "2024-05-31"),
    (None, None),
]


@pytest.fixture(scope="module")
def dated_graph() -> Graph:
    g = Graph()
    g.add((SRC.s, RDF.type, HKO.Source))
    for entity in ("a", "b"):
        g.add((HK[entity], HKO.mentionedIn, SRC.s))
    for name, times in TIMES.items():
        claim = CLAIM[name]
        for p, o in [(RDF.type, HKO.Claim), (RDF.subject, HK.a), (RDF.predicate, HKO.hosts)]:
            g.add((claim, p, o))
        g.add((claim, RDF.object, HK.b))
        for p, o in times:
            g.add((claim, p, o))
    return g


def kept(net, date_from, date_to) -> set[str]:
    shown = select(net, ViewFilter(date_from=date_from, date_to=date_to))
    return {key.rsplit("/", 1)[-1] for _, _, key in shown.edges(keys=True)}


def test_each_edge_carries_the_claims_when(dated_graph) -> None:
    net = to_networkx(dated_graph)
    for _, _, key, attrs in net.edges(keys=True, data=True):
        from_graph = when_of(dated_graph, CLAIM[key.rsplit("/", 1)[-1]])
        assert edge_when(attrs) == from_graph
    period = net.edges[str(HK.a), str(HK.b), str(CLAIM.period)]
    assert (period["date"], period["date_start"], period["date_end"]) == (
        "1980/1989",
        "1980-01-01",
        "1989-12-31",
    )


@pytest.mark.parametrize(("date_from", "date_to"), WINDOWS)
def test_a_window_keeps_an_edge_exactly_when_overlaps_keeps_its_claim(
    dated_graph, date_from, date_to
) -> None:
    span = window(date_from, date_to)
    expected = {name for name in TIMES if overlaps(when_of(dated_graph, CLAIM[name]), span)}
    assert kept(to_networkx(dated_graph), date_from, date_to) == expected


def test_the_issues_case_since_reaches_every_later_window(dated_graph) -> None:
    net = to_networkx(dated_graph)
    assert kept(net, "2025", None) == {"since", "as-of"}
    assert kept(net, "1985", "1986") == {"period"}
    assert kept(net, "2025-01", "2025-01") == {"since", "as-of"}


def test_undated_edges_drop_out_of_a_window_but_mentions_stay(dated_graph) -> None:
    net = to_networkx(dated_graph, include_sources=True)
    shown = select(net, ViewFilter(date_from="1900", show_sources=True))
    kinds = {(attrs["kind"], attrs.get("claim")) for *_, attrs in shown.edges(data=True)}
    assert ("mentioned in", None) in kinds
    assert not {str(CLAIM.undated), str(CLAIM.words)} & {claim for _, claim in kinds}
