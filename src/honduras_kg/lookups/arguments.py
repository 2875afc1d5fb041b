"""Arguments as paths: one statement whose speaker ties two entities.

A statement names entities itself (its speaker, what it is about, whom it
is addressed to) and through the claims drawn from it (their subjects,
objects and what they are about). When it names both ends of a path, it is
a path in its own right: "Dana Frank argues ...". Its hops are its own
claims chaining the two, cheapest first; when none does, one hop of kind
``statement`` holds its claims that name either end. It is priced by
:func:`~honduras_kg.network.ranking.argument_cost`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from honduras_kg.lazy import networkx as nx
from honduras_kg.lookups.dates import Window, overlaps
from honduras_kg.lookups.entities import relation
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import Claim, EntityRef, Hop, Path, Statement
from honduras_kg.lookups.ties import Pair, Ties, caveats, count, hop
from honduras_kg.network import local_name
from honduras_kg.network.ranking import Link, argument_cost, link_cost

__all__ = ["arguments"]


def arguments(
    index: ReadModel, tied: Ties, first: EntityRef, last: EntityRef, span: Window
) -> list[Path]:
    """Every statement that ties ``first`` and ``last``, as a path (unranked)."""
    both = tied.mentioned_in.get(first.iri, set()) & tied.mentioned_in.get(last.iri, set())
    said = [s for s in index.statements(sorted(both)) if _counts(s, tied, span)]
    chains = {s.iri: _chain(tied, s.iri, first.iri, last.iri) for s in said}
    wanted = {c for s in said for c in tied.stated.get(s.iri, [])}
    records = {claim.iri: claim for claim in index.claims(sorted(wanted))}
    return [_argument(index, tied, s, chains[s.iri], first, last, records) for s in said]


def _counts(statement: Statement, tied: Ties, span: Window) -> bool:
    if tied.attributed_only and statement.speaker is None:
        return False
    return span == (None, None) or overlaps(statement.date, span)


def _chain(tied: Ties, statement: str, start: str, end: str) -> list[tuple[str, str, list[Link]]]:
    """The cheapest chain of the statement's own claims from ``start`` to ``end`` (or none)."""
    links: dict[Pair, list[Link]] = defaultdict(list)
    for claim in tied.stated.get(statement, []):
        for pair, link in tied.claim_links[claim]:
            links[pair].append(link)
    net = nx.Graph()
    for pair, found in sorted(links.items(), key=lambda item: sorted(item[0])):
        net.add_edge(*sorted(pair), cost=min(link_cost(link) for link in found))
    if start not in net or end not in net or not nx.has_path(net, start, end):
        return []
    nodes = nx.shortest_path(net, start, end, weight="cost")
    return [(u, v, links[frozenset((u, v))]) for u, v in pairwise(nodes)]


def _argument(
    index: ReadModel,
    tied: Ties,
    statement: Statement,
    chain: list[tuple[str, str, list[Link]]],
    first: EntityRef,
    last: EntityRef,
    records: dict[str, Claim],
) -> Path:
    ref = {iri: index.refs[local_name(iri)] for step in chain for iri in step[:2]}
    steps = [hop(index, ref[u], ref[v], links, records) for u, v, links in chain]
    if not steps:
        steps = [Hop(first, last, (), "statement")]  # its claims naming either end join below
    nodes = [first, *(ref[v] for _, v, _ in chain[:-1]), last] if chain else [first, last]
    tying = [rel.claim for step in steps if step.link != "statement" for rel in step.relations]
    quotes = len(statement.quotes) + sum(len(claim.quotes) for claim in tying)
    steps = _with_the_rest(index, tied, statement, steps, records)
    cost = argument_cost((links for _, _, links in chain), quotes=quotes,
                         speaker=statement.speaker is not None)  # fmt: skip
    return Path(len(steps), tuple(nodes), tuple(steps), "argument", round(cost, 2),
                tuple(_why(statement, nodes, steps, quotes)), statement)  # fmt: skip


def _with_the_rest(
    index: ReadModel,
    tied: Ties,
    statement: Statement,
    steps: list[Hop],
    records: dict[str, Claim],
) -> list[Hop]:
    """Each step, followed by the argument's other claims that name its ends (read from
    their subjects; those with an end as subject or object first): the rest of what the
    speaker says about them."""
    shown = {rel.claim.iri for step in steps for rel in step.relations}
    found = []
    for step in steps:
        ends = {step.start.iri, step.end.iri}
        naming = {}
        for claim in tied.stated.get(statement.iri, []):
            kinds = {link.kind for pair, link in tied.claim_links[claim] if ends & pair}
            if kinds and claim in records and claim not in shown:
                naming[claim] = "claim" not in kinds
        rest = [
            relation(index, records[claim], records[claim].subject.id)
            for claim in sorted(naming, key=lambda claim: (naming[claim], claim))
        ]
        shown |= set(naming)
        found.append(dataclasses.replace(step, relations=step.relations + tuple(rest)))
    return found


def _why(
    statement: Statement, nodes: Sequence[EntityRef], steps: Sequence[Hop], quotes: int
) -> list[str]:
    who = statement.speaker.label if statement.speaker else "an unnamed speaker"
    if len(nodes) <= 2:
        found = [f"direct argument by {who}"]
    else:
        through = ", ".join(n.label for n in nodes[1:-1])
        found = [f"argument by {who}: its claims chain them through {through}"]
    if steps[0].link == "statement":
        found.append("the statement names both; none of its claims ties them")
    found.append(count(quotes, "quote"))
    return found + caveats(steps)
