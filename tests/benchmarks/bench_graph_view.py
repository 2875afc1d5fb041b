"""Benchmark the graph view (``/graph``) in headless Chromium: how soon is it interactive?

Run it from the checkout (about five minutes with the defaults, half of it the
server indexing the synthetic graph at start-up)::

    .venv/bin/python tests/benchmarks/bench_graph_view.py [--rounds 5] [--nodes 5000] [--no-write]

Two servers, one after the other, each ``honduras-kg serve`` in a process of
its own: one on the curated ``graph/``, one on a synthetic graph of
``--nodes`` entities that :mod:`synthetic` writes into a temporary directory.
Debian's Chromium, driven by Playwright with the browser tests' flags, opens
each view in a fresh browser context per round and waits for the page's own
signal that the network is drawn (``#graph-canvas[data-ready]``). The
results replace the "Graph view" section of ``docs/benchmarks.md``, whose
"Method" says what is measured.

A script, not a test: ``tests/benchmarks/conftest.py`` keeps pytest out of it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.metadata
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from bench_machine import facts
from bench_report import DASH, updated_document, verdict
from bench_sparql import WORK_DIR, free_port, positive, stop, wait_for_port
from synthetic import Synthetic, write_graph

from honduras_kg.config import ENV_PREFIX, env_var
from honduras_kg.network.render import PHYSICS_LIMIT, VIS_DIR

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_OUT = ROOT / "docs" / "benchmarks.md"
SECTION = "## Graph view"

#: The issue's goals, in seconds.
CURATED_GOAL = 1.0
NEIGHBOURHOOD_GOAL = 3.0
SEARCH = "Soto Cano"
SEED = 1

READY = "#graph-canvas[data-ready]"
VIEWPORT = {"width": 1200, "height": 900}  # the browser tests'
PAGE_TIMEOUT_MS = 300_000
START_TIMEOUT = 600.0  # the 5,000-node graph indexes in about 40 s here; room to spare
JSON_TIMEOUT = 300.0

#: Installed before the page's scripts: notes, by the page's clock, when each signal
#: first shows. Playwright's waits poll at up to 500 ms intervals: too coarse to time.
SIGNALS_JS = """(() => {
  const seen = (window.__bench = {});
  const search = %s;
  const check = () => {
    const now = performance.now();
    if (!seen.ready && document.querySelector("#graph-canvas[data-ready]")) seen.ready = now;
    const title = document.querySelector("#graph-panel h3");
    if (search && !seen.found && title && title.textContent.includes(search)) seen.found = now;
  };
  const all = { subtree: true, childList: true, attributes: true, characterData: true };
  new MutationObserver(check).observe(document, all);
  document.addEventListener("submit", () => { seen.submitted = performance.now(); }, true);
})();"""

#: The signals, and where the page's time went (Performance API, ms since navigation start).
TIMING_JS = """(api) => {
  const nav = performance.getEntriesByType("navigation")[0];
  const hits = performance.getEntriesByType("resource").filter((e) => e.name.includes(api));
  const last = hits[hits.length - 1];
  return Object.assign({ origin: performance.timeOrigin, loaded: nav.domContentLoadedEventEnd,
                         start: last.startTime, end: last.responseEnd }, window.__bench);
}"""


@dataclass(frozen=True)
class View:
    """One thing to measure: a page (and a search typed into it), and its API request."""

    name: str
    page: str
    api: str
    #: Seconds to interactive; ``None`` for "usable", with no figure set.
    goal: float | None
    search: str | None = None


@dataclass(frozen=True)
class Round:
    """One measured round: wall time to the signal, what was drawn, where the time went."""

    seconds: float
    nodes: int
    edges: int
    #: From just before ``page.goto`` to navigation start (a new tab, the request sent).
    navigation_ms: float | None
    #: Navigation start to the end of DOMContentLoaded (HTML, CSS, vis-network, graph.js).
    page_ms: float | None
    #: The page's own API request, start to last byte.
    fetch_ms: float
    #: From that last byte to the signal: JSON, vis-network's set-up, layout, first drawing.
    after_ms: float


@dataclass
class Result:
    """Every round of one view, and its API request sent alone."""

    view: View
    rounds: list[Round] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    body_bytes: int = 0
    layout: str = DASH


@dataclass
class Report:
    """Everything one run measured, and how."""

    when: str
    command: str
    rounds: int
    synthetic: Synthetic
    results: list[Result] = field(default_factory=list)
    startup_s: dict[str, float] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)


# --- the views -------------------------------------------------------------------


def curated_views() -> list[View]:
    query = urllib.parse.urlencode({"limit": 1, "q": SEARCH})
    search = View(
        f'curated graph, search "{SEARCH}"', "/graph", f"/api/search?{query}", CURATED_GOAL, SEARCH
    )
    return [View("curated graph", "/graph", "/api/graph", CURATED_GOAL), search]


def synthetic_views(made: Synthetic) -> list[View]:
    size = f"{made.nodes:,}-node graph"
    views = []
    for depth in (1, 2):
        query = urllib.parse.urlencode({"focus": made.hub, "depth": depth})
        name = f"{size}, neighbourhood of the hub, depth {depth}"
        views.append(View(name, f"/graph?{query}", f"/api/graph?{query}", NEIGHBOURHOOD_GOAL))
    return [*views, View(f"{size}, whole", "/graph", "/api/graph", None)]


# --- the server ------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    """A running server: its base URL, and how long it took to answer first."""

    url: str
    startup_s: float


@contextlib.contextmanager
def serving(name: str, graph_dir: Path | None, work: Path) -> Iterator[Served]:
    """``honduras-kg serve``, default settings but the port (and ``graph_dir``), until done."""
    port, log_path = free_port(), work / f"graph-view-{name}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env[env_var("port")] = str(port)
    if graph_dir is not None:
        env[env_var("graph_dir")] = str(graph_dir)
    command = [sys.executable, "-m", "honduras_kg", "serve"]  # the honduras-kg command
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=ROOT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_port(port, process, log_path, timeout=START_TIMEOUT)
            yield Served(url, time.perf_counter() - started)
        finally:
            stop(process)


def fetch(url: str) -> tuple[float, bytes]:
    """GET ``url``: milliseconds to the last byte, and the body."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=JSON_TIMEOUT) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, body


# --- the browser -----------------------------------------------------------------


def launch(playwright):
    """Chromium as the browser tests launch it: their executable and flags."""
    sys.path.append(str(ROOT))
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def measure(browser, base: str, view: View) -> Round:
    """Open ``view`` in a fresh context; time it from just before navigating to the signal.

    For a search, the page is made ready first, and the time runs from the
    form's submission to the panel naming what was searched for.
    """
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.add_init_script(SIGNALS_JS % json.dumps(view.search))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        started = time.time()  # the clock of performance.timeOrigin
        page.goto(base + view.page, wait_until="commit")
        page.wait_for_selector(READY)
        if view.search:
            # Typing asks for suggestions; let that answer come first.
            with page.expect_response(lambda r: "/api/search" in r.url):
                page.fill("#graph-search", view.search)
            page.click("#graph-controls button[type=submit]")
            page.locator("#graph-panel h3", has_text=view.search).wait_for()
        timing = page.evaluate(TIMING_JS, urllib.parse.urlsplit(view.api).path)
        canvas = page.locator("#graph-canvas")
        drawn = [int(canvas.get_attribute(f"data-{what}") or 0) for what in ("nodes", "edges")]
        if errors:
            sys.exit(f"{view.name}: the page failed: {errors}")
    finally:
        context.close()
    if view.search:
        seconds, signal = (timing["found"] - timing["submitted"]) / 1000, timing["found"]
    else:
        seconds, signal = (timing["origin"] + timing["ready"]) / 1000 - started, timing["ready"]
    return Round(
        seconds,
        *drawn,
        navigation_ms=None if view.search else timing["origin"] - started * 1000,
        page_ms=None if view.search else timing["loaded"],
        fetch_ms=timing["end"] - timing["start"],
        after_ms=signal - timing["end"],
    )


def run_views(browser, served: Served, views: list[View], rounds: int) -> list[Result]:
    """A warm-up round of every view (thrown away), then ``rounds`` rounds in turn."""
    results = [Result(view) for view in views]
    for view in views:
        measure(browser, served.url, view)
    for number in range(1, rounds + 1):
        for result in results:
            result.rounds.append(measure(browser, served.url, result.view))
            seconds = result.rounds[-1].seconds
            print(f"  round {number}: {result.view.name}: {seconds:.2f} s", file=sys.stderr)
    for result in results:
        timed = [fetch(served.url + result.view.api) for _ in range(rounds)]
        result.server_ms = [ms for ms, _ in timed]
        body = timed[-1][1]
        result.body_bytes = len(body)
        if not result.view.search:
            physics = json.loads(body)["options"]["physics"]["enabled"]
            result.layout = "physics" if physics else "precomputed"
    return results


def benchmark(report: Report, rounds: int, work: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        report.facts["browser"] = f"Chromium {browser.version}, headless (Playwright)"
        graphs = [
            ("curated", None, curated_views()),
            ("synthetic", report.synthetic.directory, synthetic_views(report.synthetic)),
        ]
        for name, graph_dir, views in graphs:
            print(f"starting the server on the {name} graph ...", file=sys.stderr)
            with serving(name, graph_dir, work) as served:
                report.startup_s[name] = served.startup_s
                report.results += run_views(browser, served, views, rounds)
        browser.close()


# --- the report ------------------------------------------------------------------


def outcome(result: Result) -> str:
    """Met (every round), met by the median only, or not met; a dash without a goal."""
    goal = result.view.goal
    seconds = [r.seconds for r in result.rounds]
    if goal is None:
        return DASH
    if max(seconds) <= goal:
        return verdict(True)
    return "met by the median only" if median(seconds) <= goal else verdict(False)


def goals_text(results: list[Result]) -> str:
    judged = [r for r in results if r.view.goal is not None]
    met = all(outcome(r) == verdict(True) for r in judged)
    partly = all(outcome(r) != verdict(False) for r in judged)
    checks = "; ".join(
        f"{r.view.name}: median {median([x.seconds for x in r.rounds]):.2f} s ({outcome(r)})"
        for r in judged
    )
    return (
        f"**Goals** (from the issue): the view of the curated graph is interactive within "
        f"{CURATED_GOAL:g} s (the search too); a neighbourhood of a 5,000-node graph within "
        f"{NEIGHBOURHOOD_GOAL:g} s; the whole 5,000-node graph is usable at once "
        f"(no figure set: reported for information). A goal is met when every round is "
        f"within it.  \n**{'Met' if met else 'Met by the median' if partly else 'Not met'}**: "
        f"{checks}."
    )


def views_table(results: list[Result]) -> str:
    rows = [
        "| view | nodes | edges | layout | interactive s, median | worst | goal s | met |",
        "|---|--:|--:|---|--:|--:|--:|---|",
    ]
    for r in results:
        seconds = [x.seconds for x in r.rounds]
        rows.append(
            f"| {r.view.name} | {r.rounds[-1].nodes:,} | {r.rounds[-1].edges:,} | {r.layout} "
            f"| {median(seconds):.2f} | {max(seconds):.2f} "
            f"| {DASH if r.view.goal is None else f'{r.view.goal:g}'} | {outcome(r)} |"
        )
    return "\n".join(rows)


def time_table(results: list[Result]) -> str:
    rows = [
        "| view | to navigation start | page loaded | API request in the page | after the data "
        "| API request alone, median | worst | JSON KB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        rows.append(
            f"| {r.view.name} | {median_ms([x.navigation_ms for x in r.rounds])} "
            f"| {median_ms([x.page_ms for x in r.rounds])} "
            f"| {median([x.fetch_ms for x in r.rounds]):.0f} "
            f"| {median([x.after_ms for x in r.rounds]):.0f} "
            f"| {median(r.server_ms):.0f} | {max(r.server_ms):.0f} "
            f"| {kilobytes(r.body_bytes)} |"
        )
    return "\n".join(rows)


def median_ms(values: Sequence[float | None]) -> str:
    known = [value for value in values if value is not None]
    return f"{median(known):.0f}" if known else DASH


def kilobytes(size: int) -> str:
    """``size`` bytes in KB, with a decimal below 10 KB.

    >>> kilobytes(300), kilobytes(2_000_000)
    ('0.3', '1,953')
    """
    return f"{size / 1024:,.1f}" if size < 10_240 else f"{size / 1024:,.0f}"


def method(report: Report) -> str:
    made, startup = report.synthetic, report.startup_s
    return f"""\
### Method

- **Servers**: `honduras-kg serve` (as `python -m honduras_kg serve`) in a
  process of its own, default settings but the port, first on the curated
  `graph/`, then (`HONDURAS_KG_GRAPH_DIR`) on a synthetic graph. Each is
  measured once it answers; start-up (load, index, centrality, query
  workers) took {startup["curated"]:.1f} s for the
  curated graph and {startup["synthetic"]:.0f} s for the synthetic one, not
  part of any figure.
- **Synthetic graph**: `tests/benchmarks/synthetic.py`, `write_graph(nodes={made.nodes},
  seed={SEED})`: {made.nodes:,} entities of mixed types, {made.claims:,} claims with
  mixed modalities, sources, quotes and some dates, linked by preferential
  attachment (each new entity in two or three claims with earlier ones,
  picked in proportion to their degree). The focus is its hub, `{made.hub}`
  ({made.hub_degree} claims); a neighbourhood is capped at 500 nodes by the
  app. Graphs of more than {PHYSICS_LIMIT} nodes get the precomputed layout
  with physics off ("layout").
- **Browser**: Debian's Chromium, headless, launched by Playwright with the
  browser tests' flags (`tests/browser/conftest.py`), viewport
  {VIEWPORT["width"]} by {VIEWPORT["height"]}; one browser, a fresh context
  (empty cache) per round: a cold page on a warm server. One warm-up round of
  every view is thrown away, then {report.rounds} rounds, the views in turn.
- **Interactive**: the time from just before `page.goto` to the page's own
  signal, `#graph-canvas[data-ready]`, which `graph.js` sets on vis-network's
  first `afterDrawing` once the layout has settled (physics stabilised, or
  the precomputed positions), the view fitted and the focus selected. The
  script waits for it with `page.wait_for_selector`, but takes the moment
  the attribute appeared from the page's clock (a `MutationObserver` added
  by `page.add_init_script`, and `performance.timeOrigin`): Playwright's
  waits poll at intervals growing to 500 ms, too coarse to time with. For
  the search, the page is made ready and "{SEARCH}" typed (its suggestions
  answered), then the time runs from the form's submission (the click on
  *Focus*) to `#graph-panel h3` naming it, both by the page's clock. Nodes
  and edges are the canvas's `data-nodes` and `data-edges`.
- **Where the time goes** (medians, ms, from the page's Performance API):
  "to navigation start" is from just before `page.goto` to the page's
  `performance.timeOrigin` (a new tab in the fresh context, the request
  sent); "page loaded" is navigation start to the end of `DOMContentLoaded` (HTML,
  CSS, vis-network's script, `graph.js`); "API request in the page" is the
  page's `/api/graph` (or `/api/search`) fetch, start to last byte; "after
  the data" is from that last byte to the signal (JSON parsing, vis-network's
  set-up, layout or stabilisation, first drawing). "API request alone" is
  the same request sent {report.rounds} times in a row with `urllib` after
  the browser rounds, one connection each, no cache.
"""


def render_section(report: Report) -> str:
    parts = [
        SECTION,
        f"Measured {report.when} with `{report.command}`.",
        goals_text(report.results),
        views_table(report.results),
        "### Where the time goes\n\n" + time_table(report.results),
        "### Machine\n\n" + "\n".join(f"- {key}: {value}" for key, value in report.facts.items()),
        method(report),
    ]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


# --- the run ---------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the graph view in Chromium.")
    parser.add_argument("--rounds", type=positive, default=5, help="measured rounds per view")
    parser.add_argument(
        "--nodes", type=positive, default=5000, help="entities of the synthetic graph"
    )
    parser.add_argument(
        "--no-write", dest="write", action="store_false", help="print only, change no file"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="file whose Graph view section is rewritten"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    command = ".venv/bin/python tests/benchmarks/bench_graph_view.py " + shlex.join(
        ["--rounds", str(args.rounds), "--nodes", str(args.nodes)]
    )
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    versions = {name: importlib.metadata.version(name) for name in ("networkx", "pyvis")}
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="honduras-kg-synthetic-") as tmp:
        made = write_graph(Path(tmp), nodes=args.nodes, seed=SEED)
        report = Report(when, command, args.rounds, made)
        report.facts = facts(load_generator=False) | versions
        report.facts["vis-network"] = VIS_DIR.name.removeprefix("vis-") + " (from pyvis)"
        benchmark(report, args.rounds, WORK_DIR)
    print(views_table(report.results) + "\n\n" + time_table(report.results))
    if args.write:
        old = args.out.read_text() if args.out.exists() else None
        args.out.write_text(updated_document(old, render_section(report), heading=SECTION))
        print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
