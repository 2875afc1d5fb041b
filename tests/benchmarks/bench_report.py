"""What ``bench_sparql.py`` measures, and the Markdown section it writes.

Pure functions over plain data: nothing here starts a server or sends a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean

__all__ = [
    "CEILING",
    "GOAL_OF_CEILING",
    "GOAL_TIMES_RDFLIB",
    "OURS",
    "RDFLIB",
    "SECTION",
    "UNCACHED",
    "Cost",
    "Measure",
    "Probe",
    "Run",
    "Setup",
    "median_run",
    "render_section",
    "replace_section",
    "results_table",
]

SECTION = "## SPARQL endpoint"
DOC_TITLE = (
    "# Benchmarks\n\n"
    "Each section is written by a script under `tests/benchmarks/`; rerun it to refresh.\n"
)

#: The goal: our endpoint's requests/s against the ceiling's and rdflib-endpoint's.
GOAL_OF_CEILING = 0.7
#: For texts never seen before, where no cache can answer.
GOAL_DISTINCT_OF_CEILING = 0.25
GOAL_TIMES_RDFLIB = 5.0

OURS = "honduras-kg"
UNCACHED = "honduras-kg, distinct texts"
CEILING = "ceiling"
RDFLIB = "rdflib-endpoint"
DASH = "-"


@dataclass(frozen=True)
class Measure:
    """One load run, as wrk reports it.

    >>> Measure("x", requests=500, seconds=2.0, p50_ms=1.0, p99_ms=3.0, errors=0).rate
    250.0
    """

    target: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    #: CPU time the server (with its query workers) spent per request, when known.
    cpu_ms: float | None = None

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Probe:
    """One query sent a few times in a row: status, rows, first and later latencies."""

    status: int
    rows: int | None
    first_ms: float
    warm_ms: float


@dataclass(frozen=True)
class Cost:
    """Milliseconds one new text spends in each step, in one process."""

    guard: float
    engine: float
    write: float

    @property
    def total(self) -> float:
        return self.guard + self.engine + self.write


@dataclass(frozen=True)
class Setup:
    """How the run was made, for the "Method" text."""

    duration: int
    connections: int
    rounds: int
    warmup: int
    repeats: int
    timeout: str
    uvicorn_flags: tuple[str, ...]
    command: str


@dataclass
class Run:
    """Everything one run measured."""

    setup: Setup
    when: str
    facts: dict[str, str] = field(default_factory=dict)
    #: The round with the median requests/s, per target.
    measures: dict[str, Measure] = field(default_factory=dict)
    #: Requests/s of every round, per target.
    rates: dict[str, list[float]] = field(default_factory=dict)
    probes: dict[str, dict[str, Probe]] = field(default_factory=dict)
    #: Where a new text's time goes, per query.
    costs: dict[str, Cost] = field(default_factory=dict)


def median_run(measures: list[Measure]) -> Measure:
    """The run with the median rate (the lower middle one of an even count).

    >>> runs = [Measure("x", n, 1.0, 1.0, 2.0, 0) for n in (30, 10, 20)]
    >>> median_run(runs).requests
    20
    """
    return sorted(measures, key=lambda m: m.rate)[(len(measures) - 1) // 2]


# --- tables ----------------------------------------------------------------------


def ratio(measure: Measure, base: Measure | None) -> str:
    """``measure``'s rate as a multiple of ``base``'s, or a dash."""
    return f"{measure.rate / base.rate:.2f}" if base and base.rate else DASH


def results_table(measures: dict[str, Measure], rates: dict[str, list[float]]) -> str:
    """The load results, one row per target, with ratios to the ceiling and rdflib-endpoint."""
    ceiling, rdflib = measures.get(CEILING), measures.get(RDFLIB)
    rows = [
        "| target | requests/s | p50 ms | p99 ms | errors | of ceiling | of rdflib-endpoint "
        "| server CPU ms/request | requests/s, each round |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    rows += [
        f"| {m.target} | {m.rate:,.0f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} | {m.errors} "
        f"| {ratio(m, ceiling)} | {ratio(m, rdflib)} "
        f"| {DASH if m.cpu_ms is None else f'{m.cpu_ms:.2f}'} "
        f"| {' / '.join(f'{rate:,.0f}' for rate in rates.get(m.target, []))} |"
        for m in measures.values()
    ]
    return "\n".join(rows)


def query_table(probes: dict[str, dict[str, Probe]]) -> str:
    """Rows and sequential latencies per query, ours beside rdflib-endpoint's."""
    theirs = probes.get(RDFLIB, {})
    rows = [
        "| query | rows | first ms | warm ms | rdflib-endpoint rows | first ms | warm ms |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for name, mine in probes[OURS].items():
        rows.append(f"| `{name}` | {cells(mine)} | {cells(theirs.get(name))} |")
    return "\n".join(rows)


def cells(probe: Probe | None) -> str:
    """Three table cells for one probe: rows (or the failure), first and warm ms."""
    if probe is None:
        return f"{DASH} | {DASH} | {DASH}"
    rows = f"{probe.rows}" if probe.status == 200 else f"HTTP {probe.status or 'timeout'}"
    return f"{rows} | {probe.first_ms:.1f} | {probe.warm_ms:.1f}"


def disagreements(probes: dict[str, dict[str, Probe]]) -> list[str]:
    """Queries whose status or row count differs between the two SPARQL servers."""
    theirs = probes.get(RDFLIB, {})
    return [
        name
        for name, mine in probes[OURS].items()
        if name in theirs and (mine.status, mine.rows) != (theirs[name].status, theirs[name].rows)
    ]


def cost_table(costs: dict[str, Cost], uncached: Measure | None) -> str:
    """Per query, the milliseconds of each step; then the mean, and what the server
    spent beyond it per distinct text under load.

    >>> print(cost_table({"q": Cost(0.5, 2.0, 0.5)}, None))
    | query | guard ms | engine ms | writing ms | in all ms |
    |---|--:|--:|--:|--:|
    | `q` | 0.50 | 2.00 | 0.50 | 3.00 |
    | mean | 0.50 | 2.00 | 0.50 | 3.00 |
    """
    rows = [
        "| query | guard ms | engine ms | writing ms | in all ms |",
        "|---|--:|--:|--:|--:|",
    ]
    for name, cost in sorted(costs.items(), key=lambda item: -item[1].total):
        rows.append(f"| `{name}` | {cost_cells(cost)} |")
    mean = Cost(
        fmean(c.guard for c in costs.values()),
        fmean(c.engine for c in costs.values()),
        fmean(c.write for c in costs.values()),
    )
    rows.append(f"| mean | {cost_cells(mean)} |")
    if uncached is not None and uncached.cpu_ms is not None:
        rest = uncached.cpu_ms - mean.total
        rows.append(
            f"\nUnder load, `{UNCACHED}` cost the server {uncached.cpu_ms:.2f} ms of CPU per "
            f"request: the {mean.total:.2f} ms above, and {rest:.2f} ms for the rest (HTTP, "
            f"negotiation, the round trip to a query worker, logging)."
        )
    return "\n".join(rows)


def cost_cells(cost: Cost) -> str:
    return f"{cost.guard:.2f} | {cost.engine:.2f} | {cost.write:.2f} | {cost.total:.2f}"


# --- text ------------------------------------------------------------------------


def goal(measures: dict[str, Measure]) -> str:
    """The goal, and how far the run got."""
    ours, ceiling, rdflib = measures[OURS], measures[CEILING], measures.get(RDFLIB)
    of_ceiling = ours.rate / ceiling.rate
    met = of_ceiling >= GOAL_OF_CEILING
    checks = [f"{of_ceiling:.2f} of the ceiling ({verdict(met)})"]
    if rdflib is None:
        checks.append("rdflib-endpoint not measured")
    else:
        times = ours.rate / rdflib.rate if rdflib.rate else float("inf")
        checks.append(f"{times:.1f} times rdflib-endpoint ({verdict(times >= GOAL_TIMES_RDFLIB)})")
        met = met and times >= GOAL_TIMES_RDFLIB
    uncached = measures.get(UNCACHED)
    if uncached is not None:
        of_ceiling = uncached.rate / ceiling.rate
        reached = of_ceiling >= GOAL_DISTINCT_OF_CEILING
        checks.append(f"distinct texts {of_ceiling:.2f} of the ceiling ({verdict(reached)})")
        met = met and reached
    outcome = "Not met" if not met else "Met" if rdflib else "Not fully checked"
    return (
        f"**Goal**: `{OURS}` serves at least {GOAL_OF_CEILING:g} of the ceiling's "
        f"requests/s, and at least {GOAL_TIMES_RDFLIB:g} times rdflib-endpoint's; with a "
        f"distinct text in every request, at least {GOAL_DISTINCT_OF_CEILING:g} of the "
        "ceiling's.  \n"
        f"**{outcome}**: {'; '.join(checks)}."
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "not met"


def agreement(probes: dict[str, dict[str, Probe]]) -> str:
    if RDFLIB not in probes:
        return ""
    differ = disagreements(probes)
    if not differ:
        return "Both SPARQL servers answer every query, with the same number of rows."
    return "Status or row count differs for: " + ", ".join(f"`{n}`" for n in differ) + "."


def method(setup: Setup, queries: int) -> str:
    """The "Method" subsection: what was run, how, and why so."""
    return f"""\
### Method

- **Servers**, each in its own process, started the same way:
  `python -m uvicorn --factory APP --host 127.0.0.1 --port PORT {" ".join(setup.uvicorn_flags)}`.
  One uvicorn process; uvicorn's pure-Python event loop and HTTP parser (what
  the project's dependencies give `honduras-kg serve`: no uvloop, no
  httptools); no access log for any of them.
  - `{OURS}`: `honduras_kg.web:create_app` with default settings (2 query
    worker processes; the answer cache on, as always for the local stores).
  - `{CEILING}`: a FastAPI app whose `POST /sparql` reads the body and answers
    a small constant JSON (`tests/benchmarks/bench_apps.py`): the most one
    FastAPI endpoint does under this uvicorn on this machine.
  - `{RDFLIB}`: `rdflib_endpoint.SparqlEndpoint(graph=..., path="/sparql")`
    over the curated graph written to one Turtle file
    (`load_graph().serialize(format="turtle")`), installed by pip in a venv of
    its own under the temporary directory, never in the project's. It keeps
    parsed queries but not answers, so with repeated texts the comparison
    pits our answer cache against its evaluation; `{UNCACHED}` (every text
    parsed and run afresh, while rdflib-endpoint still reuses its parses) is
    the harder comparison.
- **Queries**: the {queries} named queries of `queries/`, defaults bound
  (`NamedQuery.bind()`), sent in turn as `POST` with `Content-Type:
  application/sparql-query` and `Accept: application/sparql-results+json`, so
  every target gets the same mix. Before the load, each query is sent
  {setup.repeats} times in a row ("Per query": "first" is the server's first
  sight of the text, "warm" the median of the others); the row counts check
  that both SPARQL servers give the same answers.
- **Load**: `wrk` with a Lua script for the POST bodies, one thread,
  {setup.connections} connections, closed loop (each connection sends its next
  request when it has the answer). Every server runs throughout (idle when
  not loaded); {setup.rounds} rounds, and in each, every target in turn gets a
  {setup.warmup} s warm-up that is thrown away, then {setup.duration} s of load.
  Each row shows the target's median round (its requests/s, latencies and
  CPU), and the requests/s of every round, which show how much this machine
  wavers. Percentiles are wrk's, over every request of the round; errors are
  connection errors, timeouts ({setup.timeout}) and non-2xx answers. "Server
  CPU" is the CPU time of the uvicorn process and its children (our query
  workers) during the round, from `/proc`, divided by the requests: steadier
  than requests/s when the load generator and the server share few CPUs.
- **`{UNCACHED}`**: the same server and queries with each text made unique by
  an unused prefix declaration of its own in front (`PREFIX bench1x42:
  <urn:bench:…>`), so neither the guard's parse cache nor the answer cache
  (keyed by tokens: a comment would not defeat it) helps: the cost of a query
  the server has not seen yet (reading, a worker round trip, evaluation,
  writing). "Where a new text's time goes" splits that cost, in one process
  on the curated graph: each query's text, made new the same way, read by the
  guard (`inspect_query`), evaluated by the store (`Store.query`) and written
  as SPARQL JSON (the endpoint's `render`), {setup.repeats} times after one
  warm-up; medians.
- **Why wrk**: a Python load generator would spend more CPU per request than
  the servers it measures; wrk (C, event-driven) keeps its share small, and
  runs in its own process. On a small machine the load generator, the uvicorn
  process and the query workers still share the CPUs, so compare the rows
  with each other rather than read them as capacity.
"""


def render_section(run: Run) -> str:
    """The whole "SPARQL endpoint" section for ``run``."""
    parts = [
        SECTION,
        f"Measured {run.when} with `{run.setup.command}`.",
        goal(run.measures),
        results_table(run.measures, run.rates),
        "### Per query\n\nSequential requests, before the load.\n\n"
        f"{query_table(run.probes)}\n\n{agreement(run.probes)}",
        f"### Where a new text's time goes\n\n{cost_table(run.costs, run.measures.get(UNCACHED))}",
        "### Machine\n\n" + "\n".join(f"- {key}: {value}" for key, value in run.facts.items()),
        method(run.setup, len(run.probes[OURS])),
    ]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def replace_section(text: str, heading: str, section: str) -> str:
    """``text`` with the ``heading`` section (up to the next ``## ``) replaced, or appended.

    >>> replace_section("# T\\n\\n## A\\nold\\n\\n## B\\nb\\n", "## A", "## A\\nnew\\n")
    '# T\\n\\n## A\\nnew\\n\\n## B\\nb\\n'
    >>> replace_section("# T\\n", "## A", "## A\\nnew\\n")
    '# T\\n\\n## A\\nnew\\n'
    """
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    if start is None:
        return text.rstrip("\n") + "\n\n" + section
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), None)
    after = "" if end is None else "\n" + "".join(lines[end:])
    return "".join(lines[:start]) + section + after


def updated_document(old: str | None, section: str, *, heading: str = SECTION) -> str:
    """The benchmarks document with one section (the SPARQL one unless ``heading`` says
    otherwise) replaced, or a new document."""
    return replace_section(old if old is not None else DOC_TITLE, heading, section)
