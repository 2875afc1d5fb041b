"""How two entities are connected: chains of claims, each hop with its evidence.

Paths run over the undirected view of the claim network: two entities are
linked when any claim has one as subject and the other as object, whichever
way it points. Each hop lists every claim linking its two ends, best evidence
first (attributed before unattributed, what happened before what was said,
affirmed before negated); each reads from the hop's start, so ``direction``
``in`` means the claim points back. Among paths of equal length, those
whose hops rest on attributed claims come first.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import islice, pairwise

import networkx as nx

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.dates import Window, overlaps, window
from honduras_kg.lookups.entities import relation
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import Claim, EntityRef, Hop, Path, Paths
from honduras_kg.network.projection import edge_when

__all__ = ["MAX_K", "paths"]

#: The most alternative paths one answer holds.
MAX_K = 5

# How many candidate paths (per path asked for) to rank by evidence.
_CANDIDATES = 4


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
    """The shortest chains of claims from ``start`` to ``end``, and up to ``k`` in all.

    Only claims whose date overlaps the window count when one is given
    (undated claims then do not), and only attributed ones with
    ``exclude_unattributed``. With no chain, ``paths`` is empty and
    ``reason`` says why. Raises :class:`~honduras_kg.errors.NotFound` for an
    unknown entity and :class:`~honduras_kg.errors.InvalidParameter` for a
    bad ``k``, a bad window, or ``start`` equal to ``end``.
    """
    first = index.require_entity(start, parameter="from").ref
    last = index.require_entity(end, parameter="to").ref
    if not 1 <= k <= MAX_K:
        raise InvalidParameter("k", f"must be between 1 and {MAX_K}, got {k}")
    if first.id == last.id:
        raise InvalidParameter("to", f"is the same entity as from ({first.id})")
    span = window(date_from, date_to)
    links, net = index.memo(
        ("links", span, exclude_unattributed), lambda: _network(index, span, exclude_unattributed)
    )
    found: tuple[Path, ...] = ()
    reason = _unreachable(net, first, last, span, exclude_unattributed)
    if reason is None:
        candidates = list(
            islice(nx.shortest_simple_paths(net, first.iri, last.iri), k * _CANDIDATES)
        )
        claims = _claims_along(index, candidates, links)
        ranked = sorted((_path(index, p, claims) for p in candidates), key=_path_order)
        found = tuple(ranked[:k])
    return Paths(first, last, k, span[0], span[1], exclude_unattributed, found, reason)


def _network(
    index: ReadModel, span: Window, exclude_unattributed: bool
) -> tuple[dict[frozenset[str], list[str]], nx.Graph]:
    """The links paths may take, and the undirected network they make."""
    links = _links(index, span, exclude_unattributed)
    net = nx.Graph()
    net.add_edges_from(sorted(tuple(sorted(pair)) for pair in links))
    return links, net


def _links(
    index: ReadModel, span: Window, exclude_unattributed: bool
) -> dict[frozenset[str], list[str]]:
    """The IRIs of the claims that link two entities, by the pair (from the claim network)."""
    links: dict[frozenset[str], list[str]] = defaultdict(list)
    for subject, other, claim, attrs in index.network.edges(keys=True, data=True):
        if other == subject or not overlaps(edge_when(attrs), span):
            continue
        if exclude_unattributed and attrs["standing"] != "attributed":
            continue
        links[frozenset((subject, other))].append(claim)
    return links


def _claims_along(
    index: ReadModel, candidates: list[list[str]], links: dict[frozenset[str], list[str]]
) -> dict[frozenset[str], list[Claim]]:
    """The claims of every hop of the candidate paths, read in one go."""
    pairs = {frozenset(hop) for nodes in candidates for hop in pairwise(nodes)}
    records = {c.iri: c for c in index.claims(iri for pair in pairs for iri in links[pair])}
    return {pair: [records[iri] for iri in links[pair] if iri in records] for pair in pairs}


def _unreachable(
    net: nx.Graph, first: EntityRef, last: EntityRef, span: Window, exclude_unattributed: bool
) -> str | None:
    """Why no path joins ``first`` and ``last``, or ``None`` when one does."""
    limits = []
    if span != (None, None):
        limits.append(f"dated within {span[0] or 'any time'} to {span[1] or 'any time'}")
    if exclude_unattributed:
        limits.append("attributed")
    among = f" among the claims {' and '.join(limits)}" if limits else ""
    for ref in (first, last):
        if ref.iri not in net:
            return f"{ref.label} ({ref.id}) has no relation to another entity{among}."
    if not nx.has_path(net, first.iri, last.iri):
        return (
            f"No chain of claims links {first.label} ({first.id}) to {last.label} ({last.id})"
            f"{among}: they lie in separate parts of the network."
        )
    return None


def _path(index: ReadModel, nodes: list[str], claims: dict[frozenset[str], list[Claim]]) -> Path:
    hops = []
    refs = {}
    for here, there in pairwise(nodes):
        found = sorted(claims[frozenset((here, there))], key=_evidence_order)
        first = found[0]
        for ref in (first.subject, first.object):
            if ref is not None:
                refs[ref.iri] = ref
        hops.append((here, there, found))
    return Path(
        len(hops),
        tuple(refs[n] for n in nodes),
        tuple(
            Hop(refs[here], refs[there], tuple(relation(index, c, refs[here].id) for c in found))
            for here, there, found in hops
        ),
    )


def _evidence_order(claim: Claim) -> tuple:
    return (
        claim.standing != "attributed",
        claim.modality != "happened",
        claim.negated,
        claim.id,
    )


def _path_order(path: Path) -> tuple:
    best = [hop.relations[0].claim for hop in path.hops]
    unattributed = sum(1 for claim in best if claim.standing != "attributed")
    unhappened = sum(1 for claim in best if claim.modality != "happened")
    return (path.length, unattributed, unhappened, [n.id for n in path.nodes])
