"""What ties entities together, as paths walk it: claims, what they are about, statements.

:func:`ties` reads it once per date window and attribution filter (the
claim network, plus three small queries: what claims are about, which
statement each claim was drawn from, and whom each statement names) and
:func:`hop` reads one hop of it as a record.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from honduras_kg.lazy import networkx as nx
from honduras_kg.lookups.dates import Window, overlaps
from honduras_kg.lookups.entities import relation
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import Claim, EntityRef, Hop
from honduras_kg.network.projection import edge_when
from honduras_kg.network.ranking import Link, link_cost, weighted_network
from honduras_kg.store.rows import select_all

__all__ = ["Pair", "Ties", "caveats", "count", "hop", "ties"]

Pair = frozenset[str]

_ABOUT = "SELECT ?c ?e WHERE { ?c hko:about ?e ; a hko:Claim . FILTER isIRI(?e) }"
_STATED_IN = "SELECT ?c ?e WHERE { ?c hko:statedIn ?e ; a hko:Claim }"
_NAMED_BY = """SELECT ?c ?e WHERE {
  ?c a hko:Statement .
  { ?c hko:speaker ?e } UNION { ?c hko:about ?e } UNION { ?c hko:addressedTo ?e }
  FILTER isIRI(?e)
}"""


@dataclass(frozen=True)
class Ties:
    """The claims and statements that count under one filter, arranged for paths."""

    span: Window
    attributed_only: bool
    links: dict[Pair, list[Link]]
    """Every link between two entities (IRIs), by the pair: a claim ties its subject and
    object (``claim``), and any two of them and what it is about (``about``)."""
    net: nx.Graph
    """The weighted network of :attr:`links`, for the cheapest chains."""
    claim_links: dict[str, list[tuple[Pair, Link]]]
    """The pairs each claim ties."""
    stated: dict[str, list[str]]
    """The claims drawn from each statement (those that count)."""
    mentioned_in: dict[str, set[str]]
    """The statements that name each entity, themselves or through their claims."""


def ties(index: ReadModel, span: Window, attributed_only: bool) -> Ties:
    """The ties among entities made by the claims dated within ``span`` (attributed ones only
    when asked), and the statements that name entities."""
    claim_links = _claim_links(index, span, attributed_only)
    named: dict[str, set[str]] = defaultdict(set)
    for claim, about in _pairs(index, _ABOUT):
        if claim in claim_links and about in index.network:
            named[claim].add(about)
    for claim, abouts in named.items():
        pair, link = claim_links[claim][0]
        loose = dataclasses.replace(link, kind="about")
        ends = sorted(abouts | pair)
        claim_links[claim] += [
            (frozenset((a, b)), loose)
            for i, a in enumerate(ends)
            for b in ends[i + 1 :]
            if {a, b} != pair
        ]
    links: dict[Pair, list[Link]] = defaultdict(list)
    for found in claim_links.values():
        for pair, link in dict(found).items():
            links[pair].append(link)
    stated: dict[str, list[str]] = defaultdict(list)
    mentioned_in: dict[str, set[str]] = defaultdict(set)
    for claim, statement in _pairs(index, _STATED_IN):
        if claim in claim_links:
            stated[statement].append(claim)
            for pair, _ in claim_links[claim]:
                for entity in pair:
                    mentioned_in[entity].add(statement)
    for statement, entity in _pairs(index, _NAMED_BY):
        if entity in index.network:
            mentioned_in[entity].add(statement)
    net = weighted_network(links)
    return Ties(span, attributed_only, dict(links), net, dict(claim_links), dict(stated),
                dict(mentioned_in))  # fmt: skip


def _claim_links(
    index: ReadModel, span: Window, attributed_only: bool
) -> dict[str, list[tuple[Pair, Link]]]:
    """The claims of the claim network that count, each tying its subject and object."""
    found: dict[str, list[tuple[Pair, Link]]] = {}
    for subject, other, claim, attrs in index.network.edges(keys=True, data=True):
        if other == subject or not overlaps(edge_when(attrs), span):
            continue
        if attributed_only and attrs["standing"] != "attributed":
            continue
        link = Link(claim, "claim", attrs["standing"], attrs["modality"], bool(attrs["negated"]))
        found[claim] = [(frozenset((subject, other)), link)]
    return found


def _pairs(index: ReadModel, query: str) -> list[tuple[str, str]]:
    return sorted((row["c"]["value"], row["e"]["value"]) for row in select_all(index.store, query))


def hop(
    index: ReadModel,
    here: EntityRef,
    there: EntityRef,
    links: Sequence[Link],
    records: dict[str, Claim],
) -> Hop:
    """One hop from ``here`` to ``there``: its claims, best evidence first, read from ``here``
    (claims that only name ``here`` as what they are about read from their subject)."""
    ranked = sorted((link for link in links if link.claim in records), key=_evidence_order)
    relations = []
    for link in ranked:
        claim = records[link.claim]
        reader = here.id if link.kind == "claim" else claim.subject.id
        relations.append(relation(index, claim, reader))
    loose = bool(ranked) and all(link.kind == "about" for link in ranked)
    return Hop(here, there, tuple(relations), "about" if loose else "claim")


def _evidence_order(link: Link) -> tuple:
    return (link_cost(link), link.claim)


def caveats(steps: Sequence[Hop]) -> list[str]:
    """What weighs against the steps' evidence, in words."""
    found = []
    if any(step.link == "about" for step in steps):
        found.append("a step only mentions an end as a claim's topic")
    best = [step.relations[0].claim for step in steps if step.relations]
    if any(claim.standing != "attributed" for claim in best):
        found.append("a step rests on unattributed claims only")
    unhappened = sorted({c.modality or "unknown" for c in best if c.modality != "happened"})
    if unhappened:
        found.append(f"not reported as happened: {', '.join(unhappened)}")
    return found


def count(n: int, noun: str) -> str:
    """``n`` and the noun, plural when it should be."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
