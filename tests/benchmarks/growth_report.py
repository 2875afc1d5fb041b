"""What ``bench_growth.py`` measures, the aims, and the Markdown section it writes.

Pure functions over plain data: nothing here starts a process or sends a request.
The picture is in :mod:`growth_svg`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "SECTION",
    "GraphRun",
    "Lookup",
    "aims_table",
    "figures_table",
    "percentile",
    "render_section",
    "slowest_p50",
]

SECTION = "## Growth"
DASH = "-"

#: The aims of issue 10 (its table is for 1M triples; here each is judged at every size).
LOAD_TIMES_BARE = 3.0
START_S = 3.0
START_S_CURATED = 1.5
MEMORY_MB = 1000.0
P50_MS = 20.0
P99_MS = 200.0
#: Issue 10's aim for the same lookups over a real Virtuoso holding the same graph.
P50_MS_VIRTUOSO = 50.0
GRAPH_VIEW_S = 1.0
#: Where the benchmark's Virtuoso cuts its answers: high enough that the read model reads
#: each in one answer, as docs/deployment.md advises for a large graph (the packaged
#: 10,000 has it read the million-triple network in 47 re-sorted pages: 86 s, not 30 s).
VIRTUOSO_RESULT_ROWS = 2_000_000


@dataclass(frozen=True)
class Lookup:
    """One REST lookup sent ``requests`` times in a row, after one warm-up."""

    name: str
    path: str
    requests: int = 0
    errors: int = 0
    p50_ms: float | None = None
    p99_ms: float | None = None
    #: Why it was not measured (the warm-up timed out, ...), when it was not.
    failure: str = ""


@dataclass
class GraphRun:
    """Everything measured on one graph; a figure left ``None`` says why in ``missing``."""

    name: str
    nodes: int | None = None
    triples: int | None = None
    bare_s: float | None = None
    bare_peak_mb: float | None = None
    load_s: float | None = None
    store_triples: int | None = None
    start_s: float | None = None
    server_mb: float | None = None
    children_mb: float | None = None
    #: The two entities in the most claims, and the word searched for.
    graph_view_s: float | None = None
    hubs: tuple[str, ...] = ()
    search: str = ""
    lookups: list[Lookup] = field(default_factory=list)
    #: Over a real Virtuoso (``--virtuoso``): whether it was asked for, ``load --into``
    #: seconds and the triples it reports, ``serve --store remote`` to its first answer,
    #: the lookups, and the resident memory of the app (server + children) and of Virtuoso.
    virtuoso: bool = False
    virtuoso_load_s: float | None = None
    virtuoso_triples: int | None = None
    virtuoso_start_s: float | None = None
    virtuoso_lookups: list[Lookup] = field(default_factory=list)
    virtuoso_app_mb: float | None = None
    virtuoso_mb: float | None = None
    #: Figure ("bare", "load", "serve", "memory", "browser", "virtuoso", "virtuoso serve")
    #: -> why it is missing.
    missing: dict[str, str] = field(default_factory=dict)

    @property
    def curated(self) -> bool:
        return self.nodes is None

    @property
    def memory_mb(self) -> float | None:
        if self.server_mb is None or self.children_mb is None:
            return None
        return self.server_mb + self.children_mb

    @property
    def load_ratio(self) -> float | None:
        """``load`` seconds over the bare load's.

        >>> GraphRun("x", bare_s=2.0, load_s=5.0).load_ratio
        2.5
        """
        if self.load_s is None or not self.bare_s:
            return None
        return self.load_s / self.bare_s


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with ``share`` of them at or below it.

    >>> percentile([5, 1, 3, 2, 4], 0.5)
    3
    >>> percentile(range(1, 101), 0.99)
    99
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def slowest_p50(run: GraphRun) -> float | None:
    """The highest p50 among the lookups measured (the one the aim is hardest on).

    >>> slowest_p50(GraphRun("x", lookups=[Lookup("a", "/", p50_ms=2.0), Lookup("b", "/")]))
    2.0
    """
    found = [lookup.p50_ms for lookup in run.lookups if lookup.p50_ms is not None]
    return max(found) if found else None


# --- cells -------------------------------------------------------------------------


def number(value: float | None, digits: int = 0) -> str:
    """``value`` with thousands separators, or a dash.

    >>> number(1234.5), number(0.456, 2), number(None)
    ('1,234', '0.46', '-')
    """
    return DASH if value is None else f"{value:,.{digits}f}"


def seconds(value: float | None) -> str:
    """Seconds to two significant figures at least, one decimal at most past 10.

    >>> seconds(0.0432), seconds(1.234), seconds(42.0)
    ('0.043', '1.23', '42.0')
    """
    if value is None:
        return DASH
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}" if value >= 1 else f"{value:.2g}"


def cell(run: GraphRun, figure: str, text: str) -> str:
    """``text``, or why the figure is missing."""
    return run.missing.get(figure, text) if text == DASH else text


def lookup_cell(run: GraphRun, name: str, *, virtuoso: bool = False) -> str:
    lookups = run.virtuoso_lookups if virtuoso else run.lookups
    lookup = next((item for item in lookups if item.name == name), None)
    if lookup is None and virtuoso:
        return unmeasured(run, "virtuoso", "virtuoso serve")
    if lookup is None:
        return run.missing.get("lookups", DASH)
    if lookup.failure:
        return lookup.failure
    text = f"{number(lookup.p50_ms, 1)} / {number(lookup.p99_ms, 1)}"
    return text + (f", **{lookup.errors} errors**" if lookup.errors else "")


# --- tables ------------------------------------------------------------------------


def heading(run: GraphRun) -> str:
    return "curated `graph/`" if run.curated else f"synthetic {run.name} ({run.nodes:,} nodes)"


def row(label: str, cells: list[str]) -> str:
    return f"| {label} | " + " | ".join(cells) + " |"


def figures_table(runs: list[GraphRun]) -> str:
    """The figures, one column per graph."""
    lines = [row("figure", [heading(run) for run in runs]), "|---|" + "--:|" * len(runs)]

    def add(label: str, texts: list[str]) -> None:
        lines.append(row(label, texts))

    add("triples (the data files)", [cell(r, "bare", number(r.triples)) for r in runs])
    add("bare `bulk_load`, s", [cell(r, "bare", seconds(r.bare_s)) for r in runs])
    add("bare `bulk_load`, peak RSS MB", [number(r.bare_peak_mb) for r in runs])
    add("`honduras-kg load`, s", [cell(r, "load", seconds(r.load_s)) for r in runs])
    add("`load` ÷ bare", [times(r.load_ratio) for r in runs])
    add("triples in the store after `load`", [number(r.store_triples) for r in runs])
    add("`serve` to first answer, s", [cell(r, "serve", seconds(r.start_s)) for r in runs])
    add("memory, server + children, MB", [cell(r, "memory", memory(r)) for r in runs])
    names = list(dict.fromkeys(lookup.name for run in runs for lookup in run.lookups))
    for name in names:
        add(f"{name}, p50 / p99 ms", [lookup_cell(run, name) for run in runs])
    add("lookup errors (not 200)", [errors(run) for run in runs])
    add(
        "`/graph` on the hub, interactive s",
        [cell(r, "browser", seconds(r.graph_view_s)) for r in runs],
    )
    if any(run.virtuoso for run in runs):
        lines += virtuoso_rows(runs, names)
    return "\n".join(lines)


def virtuoso_rows(runs: list[GraphRun], names: list[str]) -> list[str]:
    """The rows measured over a real Virtuoso holding the same graph (``--virtuoso``).

    >>> run = GraphRun("x", virtuoso=True, missing={"virtuoso": "failed (exit 1)"})
    >>> virtuoso_rows([run], ["search"])[0]
    '| `load --into` Virtuoso, s | not measured (failed (exit 1)) |'
    """
    lines = []
    for label, figure, show in (
        ("`load --into` Virtuoso, s", "virtuoso_load_s", seconds),
        ("triples in Virtuoso after `load --into`", "virtuoso_triples", number),
        ("`serve --store remote` to first answer, s", "virtuoso_start_s", seconds),
        ("memory over Virtuoso, server + children, MB", "virtuoso_app_mb", number),
        ("Virtuoso's own memory (`virtuoso-t` RSS), MB", "virtuoso_mb", number),
    ):
        texts = [show(getattr(run, figure)) for run in runs]
        cells = [
            unmeasured(run, "virtuoso", "virtuoso serve") if text == DASH else text
            for run, text in zip(runs, texts, strict=True)
        ]
        lines.append(row(label, cells))
    for name in names:
        cells = [lookup_cell(run, name, virtuoso=True) for run in runs]
        lines.append(row(f"{name} over Virtuoso, p50 / p99 ms", cells))
    return lines


def times(ratio: float | None) -> str:
    return DASH if ratio is None else f"{ratio:.1f} times"


def memory(run: GraphRun) -> str:
    if run.memory_mb is None:
        return DASH
    return f"{run.memory_mb:,.0f} ({run.server_mb:,.0f} + {run.children_mb:,.0f})"


def errors(run: GraphRun) -> str:
    if not run.lookups:
        return DASH
    total = sum(lookup.errors for lookup in run.lookups)
    return f"**{total}**" if total else "0"


# --- aims --------------------------------------------------------------------------


def load_verdict(run: GraphRun) -> str:
    """Whether ``load`` took at most 3 times the bare load.

    >>> load_verdict(GraphRun("x", bare_s=1.0, load_s=2.0))
    'met'
    >>> load_verdict(GraphRun("x", bare_s=1.0, load_s=4.5))
    'missed: 4.5 times'
    """
    ratio = run.load_ratio
    if ratio is None:
        return unmeasured(run, "load", "bare")
    return "met" if ratio <= LOAD_TIMES_BARE else f"missed: {ratio:.1f} times"


def start_verdict(run: GraphRun) -> str:
    """Whether ``serve`` answered soon enough: 1.5 s for the curated graph, else 3 s.

    >>> curated, synthetic = GraphRun("x", start_s=1.7), GraphRun("x", nodes=9, start_s=1.7)
    >>> start_verdict(curated), start_verdict(synthetic)
    ('missed: 1.70 s', 'met')
    """
    if run.start_s is None:
        return unmeasured(run, "serve")
    aim = START_S_CURATED if run.curated else START_S
    return "met" if run.start_s <= aim else f"missed: {seconds(run.start_s)} s"


def memory_verdict(run: GraphRun) -> str:
    if run.memory_mb is None:
        return unmeasured(run, "serve", "memory")
    return "met" if run.memory_mb <= MEMORY_MB else f"missed: {run.memory_mb:,.0f} MB"


def lookups_verdict(run: GraphRun) -> str:
    """Whether every lookup met p50 ≤ 20 ms and p99 ≤ 200 ms without an error.

    >>> slow = Lookup("path", "/", requests=9, p50_ms=25.0, p99_ms=90.0)
    >>> failing = Lookup("search", "/", requests=9, errors=2, p50_ms=3.0, p99_ms=5.0)
    >>> lookups_verdict(GraphRun("x", lookups=[slow, failing, Lookup("timeline", "/")]))
    'missed: path p50 25 ms; search 2 errors; timeline not measured'
    """
    if not run.lookups:
        return unmeasured(run, "serve", "lookups")
    return verdict(run.lookups, P50_MS, P99_MS)


def virtuoso_verdict(run: GraphRun) -> str:
    """Whether every lookup over Virtuoso met p50 ≤ 50 ms without an error (no p99 aim).

    >>> slow = Lookup("path", "/", requests=9, p50_ms=60.0, p99_ms=900.0)
    >>> virtuoso_verdict(GraphRun("x", virtuoso_lookups=[slow]))
    'missed: path p50 60 ms'
    """
    if not run.virtuoso_lookups:
        return unmeasured(run, "virtuoso", "virtuoso serve")
    return verdict(run.virtuoso_lookups, P50_MS_VIRTUOSO, math.inf)


def verdict(lookups: list[Lookup], p50_aim: float, p99_aim: float) -> str:
    """``met``, or each lookup's shortfall: too slow, errors, not measured."""
    shortfalls = []
    for lookup in lookups:
        if lookup.p50_ms is not None and lookup.p50_ms > p50_aim:
            shortfalls.append(f"{lookup.name} p50 {lookup.p50_ms:.0f} ms")
        if lookup.p99_ms is not None and lookup.p99_ms > p99_aim:
            shortfalls.append(f"{lookup.name} p99 {lookup.p99_ms:.0f} ms")
        if lookup.errors:
            shortfalls.append(f"{lookup.name} {lookup.errors} errors")
        if lookup.p50_ms is None:
            shortfalls.append(f"{lookup.name} {lookup.failure or 'not measured'}")
    return "missed: " + "; ".join(shortfalls) if shortfalls else "met"


def graph_view_verdict(run: GraphRun) -> str:
    if run.graph_view_s is None:
        return unmeasured(run, "serve", "browser")
    return "met" if run.graph_view_s <= GRAPH_VIEW_S else f"missed: {seconds(run.graph_view_s)} s"


def unmeasured(run: GraphRun, *figures: str) -> str:
    why = next((run.missing[f] for f in figures if f in run.missing), "")
    return f"not measured ({why})" if why else "not measured"


AIMS = (
    (f"`load` ≤ {LOAD_TIMES_BARE:g} times the bare load", load_verdict),
    (
        f"`serve` to first answer ≤ {START_S:g} s (curated: ≤ {START_S_CURATED:g} s)",
        start_verdict,
    ),
    (f"memory of server + children ≤ {MEMORY_MB / 1000:g} GB", memory_verdict),
    (f"every lookup p50 ≤ {P50_MS:g} ms, p99 ≤ {P99_MS:g} ms, no errors", lookups_verdict),
    (f"`/graph` on the hub interactive ≤ {GRAPH_VIEW_S:g} s", graph_view_verdict),
)


VIRTUOSO_AIM = (
    f"over Virtuoso: every lookup p50 ≤ {P50_MS_VIRTUOSO:g} ms, no errors",
    virtuoso_verdict,
)


def aims_table(runs: list[GraphRun]) -> str:
    """Each aim against each graph: met, or missed and by how much."""
    lines = [row("aim", [heading(run) for run in runs]), "|---|" + "---|" * len(runs)]
    aims = (*AIMS, VIRTUOSO_AIM) if any(run.virtuoso for run in runs) else AIMS
    lines += [row(label, [judge(run) for run in runs]) for label, judge in aims]
    return "\n".join(lines)


# --- text --------------------------------------------------------------------------


def lookups_used(runs: list[GraphRun]) -> str:
    """Which entities and words each graph's lookups asked about."""
    lines = [
        f"- {heading(run)}: hubs `{run.hubs[0]}` and `{run.hubs[-1]}`, search `q={run.search}`"
        for run in runs
        if run.hubs
    ]
    last = next((run for run in reversed(runs) if run.lookups), None)
    if last is not None:
        lines.append(f"\nThe requests, for {heading(last)}:\n")
        lines += [f"- {lookup.name}: `{lookup.path}`" for lookup in last.lookups]
    return "\n".join(lines)


def method(requests: int, rounds: int) -> str:
    """The "Method" subsection."""
    return f"""\
### Method

- **Graphs**: the curated `graph/`, and synthetic graphs written by
  `tests/benchmarks/synthetic.py` (`write_graph(dir, nodes=N, seed=1)`: about
  30 triples per node, claims linked by preferential attachment, so a few hubs
  gather many claims), each into a temporary directory removed after it is
  measured. "Triples" counts what pyoxigraph holds after loading the data
  files (every `*.ttl` but `shapes.ttl`); "triples in the store after
  `load`" is what `load` reports, derived graphs included.
- **Rounds**: each load, and the server's start-up, is done {rounds} times in
  a row on each graph, each load into a new directory; the tables show the
  median (and the highest peak RSS). The lookups and the memory are measured
  on the last start.
- **Bytecode**: before the run, the package is compiled to bytecode
  (`compileall`), as pip does when it installs the wheel; so an editable
  install under `PYTHONDONTWRITEBYTECODE` does not compile its modules at
  every start.
- **Bare `bulk_load`**: a Python process that imports pyoxigraph, opens
  `Store(path=DIR)`, `bulk_load`s each data file into its named graph
  (`<{{base}}graph/{{file stem}}>`, as `load` names them) and flushes; seconds
  from spawn to exit, and the process's peak RSS (`ru_maxrss`).
- **`honduras-kg load --store-path DIR --graph GRAPH`**, the real command in a
  process of its own (with `--no-gate` for synthetic data when `load` has
  it: its quotes are made up); seconds from spawn to exit, so both loads
  include starting Python and importing what they need. Aim: at most
  {LOAD_TIMES_BARE:g} times the bare load.
- **`honduras-kg serve --store-path DIR --graph GRAPH --port P`**: seconds
  from spawn to the first `200` of `/api/entities/{{hub}}`, polled every 20 ms
  (at most 600 s, then "timed out"). Aim: {START_S:g} s at every size,
  {START_S_CURATED:g} s for the curated graph.
- **Memory**: after the lookups, `VmRSS` from `/proc` of the server process
  and, summed, of every process below it (the query workers and
  multiprocessing's resource tracker), shown as total (server + children).
  Aim: {MEMORY_MB / 1000:g} GB.
- **Lookups**: one keep-alive `httpx2` client, on the same machine as the
  server; for each lookup one warm-up request, then {requests} sequential
  requests, timed from send to the last byte of the answer. p50 and p99 are
  nearest-rank percentiles over them; an answer other than `200`, or no
  answer within 60 s, is an error, counted in the table. The hub is the
  entity in the most claims (as subject or object), the other end of the
  path the second; search asks for the first word of four letters or more
  of the hub's label. The timeline asks for one page when `/api/timeline`
  takes `limit` (per `/openapi.json`), else the whole timeline. Aims: p50
  {P50_MS:g} ms, p99 {P99_MS:g} ms, no errors.
- **`/graph` on the hub**: `/graph?focus={{hub}}` in Debian's Chromium,
  headless, as `bench_graph_view.py` measures it (Playwright, a fresh
  context per round, from just before `page.goto` to the page's own signal
  `#graph-canvas[data-ready]`); one warm-up round thrown away, then the
  median of {rounds}. Aim: {GRAPH_VIEW_S:g} s.
- **Over Virtuoso** (`--virtuoso`; the rows "… over Virtuoso" and their
  aim appear only then): for each graph, a new Virtuoso (Debian's
  `virtuoso-opensource`, started as the tests start one,
  `tests/store/virtuoso.py`: a temporary directory, free loopback ports, the
  packaged `virtuoso.ini` but with `ResultSetMaxRows = {VIRTUOSO_RESULT_ROWS:,}`,
  as [deployment.md](deployment.md#a-remote-sparql-11-server-virtuoso-graphdb-neptune-stardog)
  advises for a large graph), stopped and
  deleted after the graph, even on error. `honduras-kg load --graph GRAPH
  --into http://127.0.0.1:PORT/sparql-auth --user dba --password dba` (with
  `--no-gate` as above), once: seconds from spawn to exit. `honduras-kg serve
  --graph GRAPH --store remote --sparql-endpoint http://127.0.0.1:PORT/sparql
  --port P`, once: seconds from spawn to the first `200` of the hub's entity,
  then the same lookups, measured the same way, and the resident memory of
  the server with its children and of `virtuoso-t`. Aim (issue 10): p50
  {P50_MS_VIRTUOSO:g} ms for every lookup, no errors.
- The machine is shared: loads, the server and the client run on the same
  CPUs, in turn, one graph after the other.
"""


def render_section(
    runs: list[GraphRun],
    *,
    when: str,
    command: str,
    requests: int,
    rounds: int,
    machine: dict[str, str],
    image: str,
    skipped: Sequence[str] = (),
) -> str:
    """The whole "Growth" section."""
    note = f" Not measured in this run: {', '.join(skipped)}." if skipped else ""
    parts = [
        SECTION,
        f"Measured {when} with `{command}`.{note}",
        "**Aims** (issue 10 sets them for 1M triples; here each is judged at every size):",
        aims_table(runs),
        figures_table(runs),
        "The lookups asked about:\n\n" + lookups_used(runs),
        f"![Start-up, memory and the slowest lookup's p50 against triples, log-log]({image})",
        "### Machine\n\n" + "\n".join(f"- {key}: {value}" for key, value in machine.items()),
        method(requests, rounds),
    ]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"
