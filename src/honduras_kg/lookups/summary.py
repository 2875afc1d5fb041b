"""The one summary of the graph: counts, and the top actors by each centrality metric.

(The module is not named ``stats``: it would shadow the function
:func:`stats` that :mod:`honduras_kg.lookups` re-exports.)

:func:`stats` is what both ``honduras-kg stats`` and ``GET /api/stats`` answer
(the CLI indexes the graph it loaded, the API the one it serves), and
:func:`format_stats` is the CLI's text table of it. There was a second,
CLI-only summary that ranked only actors while the API ranked every entity,
so the two disagreed on who is most central; now there is this one.

Centrality is computed once per index, over every entity of the claim
projection, so a base or a plan that links actors still counts as the bridge
it is. Only *actors* (:data:`~honduras_kg.network.ACTOR_TYPES`: people,
states, organisations, groups) are ranked: "who is most central in the
dispute" asks about who acts, and places, plans and topics rank high merely
for being what many claims are about (Soto Cano Air Base, the object of most
claims about the base).
"""

from __future__ import annotations

from collections import Counter

from honduras_kg.errors import InvalidParameter
from honduras_kg.lookups.readmodel import ReadModel
from honduras_kg.lookups.results import RankedEntity, Stats
from honduras_kg.network import ACTOR_TYPES, METRICS, local_name
from honduras_kg.store.base import Term
from honduras_kg.store.rows import select_all

__all__ = ["MAX_TOP", "NONE", "format_stats", "stats"]

#: The longest centrality ranking :func:`stats` gives.
MAX_TOP = 100
#: The key under which :func:`stats` counts claims without a value.
NONE = "(none)"
#: How :func:`format_stats` prints each metric's value.
_NUMBER = {"degree": "{:.0f}", "betweenness": "{:.3f}", "pagerank": "{:.3f}"}


def stats(index: ReadModel, *, top: int = 10) -> Stats:
    """Counts by type, modality, standing and source, and the ``top`` actors by
    each centrality metric (degree, betweenness, PageRank; computed once, at load).

    A claim without a modality, standing or source counts under ``"(none)"``;
    one with two sources counts under both. Actors with a zero score are left
    out of a ranking; ties go alphabetically by label.

    >>> from rdflib import Graph
    >>> from honduras_kg.namespaces import HK, HKO, SRC
    >>> g = Graph()
    >>> _ = g.add((HK.honduras, HKO.mentionedIn, SRC.s))
    >>> s = stats(ReadModel.from_graph(g, base="https://w3id.org/honduras-kg/"))
    >>> s.triples, s.entities, s.claims, s.centrality["degree"]
    (1, 1, 0, ())
    """
    if not 1 <= top <= MAX_TOP:
        raise InvalidParameter("top", f"must be between 1 and {MAX_TOP}, got {top}")
    return index.memo(("stats", top), lambda: _stats(index, top))


def _stats(index: ReadModel, top: int) -> Stats:
    claims = _claims(index)
    by_source: Counter[str] = Counter()
    for _, _, sources in claims.values():
        by_source.update(sources or [NONE])
    return Stats(
        triples=index.triples,
        entities=len(index.refs),
        entities_by_type=_sorted(Counter(ref.type for ref in index.refs.values())),
        claims=len(claims),
        claims_by_modality=_sorted(Counter(m or NONE for m, _, _ in claims.values())),
        claims_by_standing=_sorted(Counter(s or NONE for _, s, _ in claims.values())),
        claims_by_source=_sorted(by_source),
        statements=len(index.select_iris(_STATEMENTS)),
        sources=len(index.sources),
        centrality={metric: _ranking(index, metric, top) for metric in METRICS},
    )


_CLAIMS = """
SELECT ?claim ?modality ?standing ?source WHERE {
  ?claim a hko:Claim
  OPTIONAL { ?claim hko:modality ?modality }
  OPTIONAL { ?claim hko:standing ?standing }
  OPTIONAL { ?claim prov:wasDerivedFrom ?source }
}"""
_STATEMENTS = "SELECT DISTINCT ?n WHERE { ?n a hko:Statement }"


def _claims(index: ReadModel) -> dict[str, tuple[str | None, str | None, list[str]]]:
    """Each claim's modality, standing and source ids, by claim IRI."""
    found: dict[str, tuple[str | None, str | None, list[str]]] = {}
    for row in select_all(index.store, _CLAIMS):
        if row["claim"]["type"] != "uri":
            continue
        modality, standing = (_short(row.get(name)) for name in ("modality", "standing"))
        entry = found.setdefault(row["claim"]["value"], (modality, standing, []))
        source = row.get("source")
        if source is not None and local_name(source["value"]) not in entry[2]:
            entry[2].append(local_name(source["value"]))
    return found


def _short(term: Term | None) -> str | None:
    return local_name(term["value"]).lower() if term is not None else None


def _ranking(index: ReadModel, metric: str, top: int) -> tuple[RankedEntity, ...]:
    actors = index.ranking(metric, n=top, types=ACTOR_TYPES)
    return tuple(
        RankedEntity(a.id, a.iri, a.label, a.type, round(a.value, 6)) for a in actors if a.value > 0
    )


def _sorted(counts: Counter[str]) -> dict[str, int]:
    """Most frequent first, ties alphabetically."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def format_stats(summary: Stats) -> str:
    """The summary as a text table: counts, then a ranking per metric.

    >>> print(format_stats(Stats(3, 1, {"state": 1}, 0, {}, {}, {}, 0, 1, {})))
    triples        3
    entities       1
      state        1
    claims         0
    statements     0
    sources        1
    """
    rows: list[tuple[str, int | None]] = [
        ("triples", summary.triples),
        ("entities", summary.entities),
        *_indented(summary.entities_by_type, 2),
        ("claims", summary.claims),
        *_subsection("by modality", summary.claims_by_modality),
        *_subsection("by standing", summary.claims_by_standing),
        *_subsection("by source", summary.claims_by_source),
        ("statements", summary.statements),
        ("sources", summary.sources),
    ]
    width = max(len(label) for label, _ in rows) + 2
    lines = [label if value is None else f"{label:<{width}}{value:>4}" for label, value in rows]
    for metric, ranked in summary.centrality.items():
        lines += _table(f"top actors by {metric}", ranked, _NUMBER.get(metric, "{:.3f}"))
    return "\n".join(lines)


def _indented(counts: dict[str, int], indent: int) -> list[tuple[str, int | None]]:
    return [(" " * indent + name, n) for name, n in counts.items()]


def _subsection(title: str, counts: dict[str, int]) -> list[tuple[str, int | None]]:
    return [("  " + title, None), *_indented(counts, 4)] if counts else []


def _table(title: str, ranked: tuple[RankedEntity, ...], number: str) -> list[str]:
    if not ranked:
        return []
    width = max(len(r.label) for r in ranked) + 2
    rows = [
        f"  {i:>2}. {r.label:<{width}}{number.format(r.value):>6}  {r.type}"
        for i, r in enumerate(ranked, 1)
    ]
    return ["", title, *rows]
