"""How two entities are connected: ranked chains of claims and arguments, with their evidence.

Two kinds of answer compete. A *chain* runs over the undirected network of
claims: two entities are tied when a claim has one as subject and the other
as object (either way round), or names one as what it is ``about`` and the
other as its subject or object. An *argument* is one statement whose speaker
ties the two: the statement, or the claims drawn from it, name both ("Dana
Frank argues ..."); its hops are its own claims chaining them.

Both are priced by :mod:`honduras_kg.network.ranking`: a hop costs one step
plus penalties for loose, unattributed, not-happened or negated evidence,
less a bonus for further evidence; a chain also pays ``ln(degree)`` for
every entity it passes through, so a walk through a hub costs more than a
specific link. The cheapest come first; a chain whose every claim belongs
to an argument ranked before it says nothing new and is left out. Each
path says ``why`` it ranks where it does. Within a hop, claims come best
evidence first (subject-and-object before ``about``, attributed before
unattributed, what happened before what was said, affirmed before negated),
each read from the hop's start (``direction`` ``in`` when the claim points
back).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from honduras_kg.errors import InvalidParameter
from honduras_kg.lazy import networkx as nx
from honduras_kg.lookups.arguments import arguments
from honduras_kg.lookups.dates import Window, window
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import Claim, EntityRef, Path, Paths
from honduras_kg.lookups.ties import Ties, caveats, count, hop, ties
from honduras_kg.network import local_name
from honduras_kg.network.ranking import HUB_DEGREE, Link, cheapest_chains, hubs

__all__ = ["MAX_K", "paths", "ties_under"]

#: The most alternative paths one answer holds.
MAX_K = 5


def paths(
    index: ReadModel,
    start: str,
    end: str,
    *,
    k: int = 3,
    date_from: str | None = None,
    date_to: str | None = None,
    exclude_unattributed: bool = False,
) -> Paths:
    """The ``k`` best-ranked chains of claims and arguments from ``start`` to ``end``.

    Only claims and statements whose date overlaps the window count when one
    is given (undated ones then do not), and only attributed ones (and
    statements with a speaker) with ``exclude_unattributed``. With no
    connection, ``paths`` is empty and ``reason`` says why. Raises
    :class:`~honduras_kg.errors.NotFound` for an unknown entity and
    :class:`~honduras_kg.errors.InvalidParameter` for a bad ``k``, a bad
    window, or ``start`` equal to ``end``.
    """
    first = index.require_entity(start, parameter="from").ref
    last = index.require_entity(end, parameter="to").ref
    if not 1 <= k <= MAX_K:
        raise InvalidParameter("k", f"must be between 1 and {MAX_K}, got {k}")
    if first.id == last.id:
        raise InvalidParameter("to", f"is the same entity as from ({first.id})")
    span = window(date_from, date_to)
    tied = ties_under(index, span, exclude_unattributed)
    argued = arguments(index, tied, first, last, span)
    chains = _chains(index, tied, first, last, k + min(len(argued), MAX_K))
    found = _ranked([*argued, *chains])[:k]
    reason = None if found else _unreachable(tied.net, first, last, span, exclude_unattributed)
    return Paths(first, last, k, span[0], span[1], exclude_unattributed, tuple(found), reason)


def ties_under(index: ReadModel, span: Window, exclude_unattributed: bool) -> Ties:
    """The ties that paths walk under one filter, built on first use and kept."""
    key = ("ties", span, exclude_unattributed)
    return index.memo(key, lambda: ties(index, span, exclude_unattributed))


def _chains(index: ReadModel, tied: Ties, first: EntityRef, last: EntityRef, n: int) -> list[Path]:
    """The ``n`` cheapest chains of claims between the two, as paths."""
    net = tied.net
    if first.iri not in net or last.iri not in net:
        return []  # (apart in the network, cheapest_chains finds none)
    found = cheapest_chains(net, first.iri, last.iri, n)
    pairs = {frozenset(p) for nodes, _ in found for p in pairwise(nodes)}
    records = _records(index, [link for pair in pairs for link in tied.links[pair]])
    return [_chain(index, tied, nodes, cost, records) for nodes, cost in found]


def _chain(
    index: ReadModel, tied: Ties, nodes: list[str], cost: float, records: dict[str, Claim]
) -> Path:
    refs = _refs(index, nodes)
    steps = [hop(index, refs[u], refs[v], tied.links[frozenset((u, v))], records)
             for u, v in pairwise(nodes)]  # fmt: skip
    why = []
    if len(steps) == 1:
        why.append(f"direct link: {count(len(steps[0].relations), 'claim')} tie them")
    for node, degree in hubs(tied.net, nodes):
        via = "via hub" if degree >= HUB_DEGREE else "via"
        why.append(f"{via} {refs[node].label} ({count(degree, 'neighbour')})")
    why += caveats(steps)
    return Path(len(steps), tuple(refs[n] for n in nodes), tuple(steps), "chain", round(cost, 2),
                tuple(why))  # fmt: skip


def _records(index: ReadModel, links: Sequence[Link]) -> dict[str, Claim]:
    return {claim.iri: claim for claim in index.claims(link.claim for link in links)}


def _refs(index: ReadModel, iris: Sequence[str]) -> dict[str, EntityRef]:
    return {iri: index.refs[local_name(iri)] for iri in iris}


def _ranked(candidates: list[Path]) -> list[Path]:
    """Cheapest first. A chain goes when its claims all belong to an argument ranked before
    it, or when one claim is the best of every hop (that claim names both ends: it is a
    hop of its own)."""
    covered: set[str] = set()
    kept = []
    for path in sorted(candidates, key=_rank_order):
        claims = {rel.claim.iri for step in path.hops for rel in step.relations}
        best = {step.relations[0].claim.iri for step in path.hops if step.relations}
        if path.kind == "chain" and (claims <= covered or (path.length > 1 and len(best) == 1)):
            continue
        if path.kind == "argument":
            covered |= claims
        kept.append(path)
    return kept


def _rank_order(path: Path) -> tuple:
    return (path.cost, path.kind != "argument", path.length, [n.id for n in path.nodes])


def _unreachable(
    net: nx.Graph, first: EntityRef, last: EntityRef, span: Window, exclude_unattributed: bool
) -> str:
    """Why no path joins ``first`` and ``last``."""
    limits = []
    if span != (None, None):
        limits.append(f"dated within {span[0] or 'any time'} to {span[1] or 'any time'}")
    if exclude_unattributed:
        limits.append("attributed")
    among = f" among the claims {' and '.join(limits)}" if limits else ""
    for ref in (first, last):
        if ref.iri not in net:
            return f"{ref.label} ({ref.id}) has no relation to another entity{among}."
    return (
        f"No chain of claims links {first.label} ({first.id}) to {last.label} ({last.id})"
        f"{among}: they lie in separate parts of the network."
    )
