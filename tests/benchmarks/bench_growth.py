"""Growth: load, start-up, memory and lookups on graphs from 3k to 1M triples, in one run.

Run it from the checkout (the 1M graph takes a while; ``--sizes`` picks fewer)::

    .venv/bin/python tests/benchmarks/bench_growth.py [--sizes curated,10k,100k,1M]
        [--requests 100] [--virtuoso] [--out docs/benchmarks.md] [--no-write]

For the curated ``graph/`` and synthetic graphs of about 10k, 100k and 1M
triples (``synthetic.write_graph``, seed 1, about 30 triples per node), each
in a temporary directory removed afterwards: pyoxigraph's bare ``bulk_load``
of the files, ``honduras-kg load --store-path``, ``honduras-kg serve
--store-path`` to its first answer, the memory of the server and its children,
and six REST lookups; with ``--virtuoso``, also a real Virtuoso on loopback
holding the same graph (``load --into``, ``serve --store remote``, the same
lookups). The table goes to standard output and replaces the
"Growth" section of ``docs/benchmarks.md``; the picture goes to
``docs/images/growth.svg`` (``--no-write`` leaves both alone). Every wait is
bounded: what takes too long is reported as timed out, never waited for.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

import httpx2
import synthetic
from bench_machine import facts, resident_kib
from bench_report import updated_document
from bench_sparql import free_port
from growth_report import (
    MEMORY_MB,
    P50_MS,
    SECTION,
    START_S,
    VIRTUOSO_RESULT_ROWS,
    GraphRun,
    Lookup,
    percentile,
    render_section,
    slowest_p50,
)
from growth_svg import Series, render_svg
from pyoxigraph import Store

HERE = Path(__file__).resolve().parent
# The tests' own Virtuoso fixture (``tests/store/virtuoso.py``), imported as the test
# suite does, from the checkout's root.
sys.path.append(str(HERE.parents[1]))
import pytest  # noqa: E402  (its outcomes are how the fixture reports failure)
from tests.store.virtuoso import Virtuoso, running_virtuoso  # noqa: E402

ROOT = HERE.parents[1]
DEFAULT_OUT = ROOT / "docs" / "benchmarks.md"
CURATED = ROOT / "graph"
#: Synthetic nodes per size: about 30 triples each (claims, labels, sources, ...).
SIZES = {"curated": None, "10k": 330, "100k": 3_300, "1M": 33_000}
BASE = "https://w3id.org/honduras-kg/"
LOAD_TIMEOUT = 1800.0
START_TIMEOUT = 600.0
REQUEST_TIMEOUT = 60.0
POLL_SECONDS = 0.02
TIMELINE_PAGE = 20
TITLE = "Growth: start-up, memory and lookup p50 against triples (log-log)"

#: pyoxigraph alone, in a process of its own: each data file into its named graph.
BARE_LOAD = """\
import json, resource, sys
from pathlib import Path
from pyoxigraph import NamedNode, RdfFormat, Store
store_path, graph_dir, base = sys.argv[1:]
store = Store(path=store_path)
for path in sorted(Path(graph_dir).glob("*.ttl")):
    if path.name != "shapes.ttl":
        graph = NamedNode(base + "graph/" + path.stem)
        store.bulk_load(path=path, format=RdfFormat.TURTLE, to_graph=graph)
store.flush()
print(json.dumps({"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

#: The two entities in the most claims, with a label to search for.
HUBS = """\
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity (SAMPLE(?name) AS ?label) (COUNT(*) AS ?claims) WHERE {
  ?claim rdf:subject|rdf:object ?entity . FILTER isIRI(?entity)
  OPTIONAL { ?entity rdfs:label ?name }
} GROUP BY ?entity ORDER BY DESC(?claims) ?entity LIMIT 2
"""


def cli() -> list[str]:
    """The real command: the venv's ``honduras-kg`` script, else the module."""
    script = Path(sys.executable).with_name("honduras-kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "honduras_kg"]


class Failed(Exception):
    """A stage that did not finish; the text says why (timed out, its exit status)."""


def say(text: str) -> None:
    """Progress, on standard error (the section goes to standard output)."""
    print(f"{datetime.now(UTC):%H:%M:%S} {text}", file=sys.stderr, flush=True)


def timed(command: list[str]) -> tuple[float, str]:
    """Run ``command`` to its end: its wall-clock seconds and its output."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=LOAD_TIMEOUT, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        raise Failed(f"timed out after {LOAD_TIMEOUT:g} s") from None
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        raise Failed(f"failed (exit {done.returncode}: {last[0][:80]})")
    return time.perf_counter() - started, done.stdout


def bare_load(graph_dir: Path, store_path: Path) -> tuple[float, float]:
    """pyoxigraph's ``bulk_load`` alone: seconds from spawn to exit, and peak RSS in MB."""
    seconds, out = timed([sys.executable, "-c", BARE_LOAD, str(store_path), str(graph_dir), BASE])
    return seconds, json.loads(out)["peak_kib"] * 1024 / 1e6


def survey(run: GraphRun, store_path: Path) -> None:
    """Triples, the two hubs and a word to search for, from the bare store."""
    store = Store.read_only(str(store_path))
    run.triples = len(store)
    rows = list(store.query(HUBS, use_default_graph_as_union=True))
    run.hubs = tuple(row["entity"].value.rsplit("/", 1)[-1] for row in rows)
    run.search = search_word(rows[0]["label"].value if rows and rows[0]["label"] else "")
    del store


def search_word(label: str) -> str:
    """The first word of ``label`` long enough to search for.

    >>> search_word("San Vope Air Base"), search_word("Honduras")
    ('vope', 'honduras')
    """
    words = [word for word in re.findall(r"\w+", label.lower()) if len(word) >= 4]
    return words[0] if words else "a"


def cli_load(graph_dir: Path, target: list[str], *, no_gate: bool) -> tuple[float, int | None]:
    """``honduras-kg load`` into ``target`` (``--store-path DIR``, or ``--into URL`` and
    its account): seconds from spawn to exit, and the triples it reports."""
    command = [*cli(), "load", "--graph", str(graph_dir), *target]
    seconds, out = timed([*command, "--no-gate"] if no_gate else command)
    total = re.search(r"^\s*(\d+)\s+triples in", out, re.MULTILINE)
    return seconds, int(total.group(1)) if total else None


def has_no_gate() -> bool:
    """Whether ``load`` has a ``--no-gate`` option (skipping the gate for synthetic data)."""
    done = subprocess.run([*cli(), "load", "--help"], capture_output=True, text=True, cwd=ROOT)
    return "--no-gate" in done.stdout


@contextlib.contextmanager
def serving(graph_dir: Path, store: list[str], hub: str, log_path: Path) -> Iterator[Served]:
    """``honduras-kg serve`` on ``store`` (``--store-path DIR``, ...), once it answered
    ``/api/entities/{hub}`` with a 200 (raises :class:`Failed` if it does not); stopped
    after, with its process group."""
    port = free_port()
    command = [*cli(), "serve", "--graph", str(graph_dir), *store]
    with log_path.open("w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=log,
            stderr=log,
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            first_answer(process, f"{url}/api/entities/{hub}", started, log_path)
            yield Served(url, process.pid, time.perf_counter() - started)
        finally:
            stop(process)


@dataclass(frozen=True)
class Served:
    url: str
    pid: int
    #: From spawn to the first answer.
    start_s: float


def first_answer(process: subprocess.Popen[bytes], url: str, started: float, log: Path) -> None:
    """Poll ``url`` every 20 ms until it answers 200 (the socket is bound before the app
    is ready, so a request may also wait in the queue until then)."""
    deadline = started + START_TIMEOUT
    with httpx2.Client() as client:
        while (left := deadline - time.perf_counter()) > 0:
            if process.poll() is not None:
                tail = log.read_text().strip().splitlines()[-1:] or [""]
                raise Failed(f"exited ({process.returncode}: {tail[0][:80]})")
            with contextlib.suppress(httpx2.TransportError):
                if client.get(url, timeout=httpx2.Timeout(left, connect=1.0)).status_code == 200:
                    return
            time.sleep(POLL_SECONDS)
    raise Failed(f"timed out after {START_TIMEOUT:g} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its workers: SIGTERM, then SIGKILL to its process group."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def lookup_paths(run: GraphRun, url: str, client: httpx2.Client) -> list[tuple[str, str]]:
    """The six lookups, as (name, path), around the graph's two hubs."""
    hub, other = run.hubs[0], run.hubs[-1]
    timeline = "/api/timeline"
    if "limit" in timeline_parameters(url, client):
        timeline += f"?limit={TIMELINE_PAGE}"
    return [
        ("search", f"/api/search?q={run.search}"),
        ("entity", f"/api/entities/{hub}"),
        ("relations", f"/api/entities/{hub}/relations"),
        ("neighbourhood", f"/api/entities/{hub}/neighbourhood"),
        ("path between the hubs", f"/api/paths?from={hub}&to={other}"),
        ("timeline page" if "?" in timeline else "timeline, whole", timeline),
    ]


def timeline_parameters(url: str, client: httpx2.Client) -> set[str]:
    """The query parameters ``/api/timeline`` takes, from the OpenAPI schema (none if
    the schema does not say)."""
    try:
        operation = client.get(f"{url}/openapi.json").json()["paths"]["/api/timeline"]["get"]
    except (httpx2.HTTPError, ValueError, KeyError):
        return set()
    return {parameter["name"] for parameter in operation.get("parameters", [])}


def measure_lookup(client: httpx2.Client, url: str, name: str, path: str, requests: int) -> Lookup:
    """One warm-up, then ``requests`` sequential requests; anything but a 200 is an error."""
    try:
        client.get(url + path)
    except httpx2.HTTPError as err:
        return Lookup(name, path, failure=f"warm-up failed ({type(err).__name__})")
    latencies, errors = [], 0
    for _ in range(requests):
        started = time.perf_counter()
        try:
            ok = client.get(url + path).status_code == 200
        except httpx2.HTTPError:
            ok = False
        latencies.append((time.perf_counter() - started) * 1000)
        errors += not ok
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    return Lookup(name, path, requests, errors, p50, p99)


def measure_memory(run: GraphRun, pid: int) -> None:
    """Resident memory of the server and, summed, of all its descendants, in MB."""
    found = resident_kib(pid)
    if found is None:
        run.missing["memory"] = "server gone"
        return
    run.server_mb, run.children_mb = (kib * 1024 / 1e6 for kib in found)


def measure_graph(run: GraphRun, graph_dir: Path, work: Path, options: Options) -> None:
    """Every figure of one graph, stage by stage; a stage that fails says why, and the
    stages after it, which need it, are left out."""
    stage = "bare"
    try:
        say(f"{run.name}: bare bulk_load, {options.rounds} rounds")
        bare = [bare_load(graph_dir, fresh(work / "bare")) for _ in range(options.rounds)]
        run.bare_s, run.bare_peak_mb = median(s for s, _ in bare), max(mb for _, mb in bare)
        survey(run, work / "bare")
        if not run.hubs:
            raise Failed("no claims found")
        stage, no_gate = "load", options.no_gate and not run.curated
        say(f"{run.name}: {run.triples:,} triples; honduras-kg load, {options.rounds} rounds")
        loads = [
            cli_load(graph_dir, ["--store-path", str(fresh(work / "store"))], no_gate=no_gate)
            for _ in range(options.rounds)
        ]
        run.load_s, run.store_triples = median(s for s, _ in loads), loads[-1][1]
        stage, starts = "serve", []
        say(f"{run.name}: honduras-kg serve, {options.rounds} rounds; lookups on the last")
        for n in range(options.rounds):
            store = ["--store-path", str(work / "store")]
            with serving(graph_dir, store, run.hubs[0], work / "serve.log") as served:
                starts.append(served.start_s)
                if n == options.rounds - 1:
                    run.lookups = measure_lookups(run, served.url, options.requests)
                    measure_memory(run, served.pid)
                    if options.browser:
                        measure_graph_view(run, served.url, options.rounds)
                    else:
                        run.missing["browser"] = "not run (--no-browser)"
        run.start_s = median(starts)
    except Failed as failure:
        run.missing[stage] = str(failure)
    if options.virtuoso:
        run.virtuoso = True
        if run.hubs:
            measure_virtuoso(run, graph_dir, work, options)
        else:
            run.missing.setdefault("virtuoso", "no hubs to ask about")


def fresh(path: Path) -> Path:
    """``path``, emptied: each round loads into a new store."""
    shutil.rmtree(path, ignore_errors=True)
    return path


def measure_lookups(run: GraphRun, url: str, requests: int) -> list[Lookup]:
    with httpx2.Client(timeout=REQUEST_TIMEOUT) as client:
        paths = lookup_paths(run, url, client)
        return [measure_lookup(client, url, name, path, requests) for name, path in paths]


def measure_virtuoso(run: GraphRun, graph_dir: Path, work: Path, options: Options) -> None:
    """The same graph in a real Virtuoso on loopback, started for it and stopped after,
    even on error: ``load --into`` it (once), ``serve --store remote`` from it (once),
    the same lookups and the memory. A stage that fails says why."""
    stage = "virtuoso"
    try:
        with virtuoso_on_loopback() as server:
            say(f"{run.name}: honduras-kg load --into Virtuoso (port {server.http_port})")
            account = ["--user", server.user, "--password", server.password]
            target = ["--into", server.update_url, *account]
            no_gate = options.no_gate and not run.curated
            run.virtuoso_load_s, run.virtuoso_triples = cli_load(graph_dir, target, no_gate=no_gate)
            stage = "virtuoso serve"
            say(f"{run.name}: honduras-kg serve --store remote; lookups over Virtuoso")
            store = ["--store", "remote", "--sparql-endpoint", server.sparql_url]
            with serving(graph_dir, store, run.hubs[0], work / "serve-virtuoso.log") as served:
                run.virtuoso_start_s = served.start_s
                run.virtuoso_lookups = measure_lookups(run, served.url, options.requests)
                app, virtuoso = resident_kib(served.pid), resident_kib(server.process.pid)
                run.virtuoso_app_mb = sum(app) * 1024 / 1e6 if app else None
                run.virtuoso_mb = virtuoso[0] * 1024 / 1e6 if virtuoso else None
    except Failed as failure:
        run.missing[stage] = str(failure)


@contextlib.contextmanager
def virtuoso_on_loopback() -> Iterator[Virtuoso]:
    """A new, empty Virtuoso, as the tests start one (``tests/store/virtuoso.py``: a
    temporary directory, free loopback ports, the packaged settings but answers cut at
    :data:`VIRTUOSO_RESULT_ROWS`); stopped and deleted after. Its start failing, or the
    package missing, raises :class:`Failed`."""
    try:
        with running_virtuoso(result_rows=VIRTUOSO_RESULT_ROWS) as server:
            yield server
    except (pytest.fail.Exception, pytest.skip.Exception) as err:
        raise Failed(f"Virtuoso did not start ({str(err).splitlines()[0][:80]})") from None


def measure_graph_view(run: GraphRun, url: str, rounds: int) -> None:
    """``/graph`` focused on the hub, in headless Chromium: seconds to interactive, the
    median of ``rounds`` after one warm-up (as ``bench_graph_view.py`` measures it)."""
    # Imported here: the browser is optional, and the other figures must not need it.
    try:
        from bench_graph_view import View, launch, measure
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        run.missing["browser"] = f"not measured ({err})"
        return

    focus = f"focus={run.hubs[0]}"
    view = View("hub", f"/graph?{focus}", f"/api/graph?{focus}", goal=None)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            seconds = [measure(browser, url, view).seconds for _ in range(rounds + 1)]
            browser.close()
        run.graph_view_s = median(seconds[1:])
    # bench_graph_view exits, naming the page's error, when the page fails.
    except (PlaywrightError, SystemExit) as err:
        run.missing["browser"] = f"failed ({str(err).splitlines()[0][:80]})"


@dataclass(frozen=True)
class Options:
    rounds: int
    requests: int
    no_gate: bool
    browser: bool
    virtuoso: bool = False


def benchmark(sizes: list[str], options: Options) -> list[GraphRun]:
    runs = []
    for size in sizes:
        nodes = SIZES[size]
        run = GraphRun(size, nodes=nodes)
        with tempfile.TemporaryDirectory(prefix=f"honduras-kg-growth-{size}-") as tmp:
            work = Path(tmp)
            graph_dir = CURATED
            if nodes is not None:
                say(f"{size}: writing a synthetic graph of {nodes:,} nodes")
                graph_dir = synthetic.write_graph(work / "graph", nodes=nodes, seed=1).directory
            measure_graph(run, graph_dir, work, options)
        say(f"{size}: done" + "".join(f"; {key} {why}" for key, why in run.missing.items()))
        runs.append(run)
    return runs


#: The picture's lines: label, colour, marker, the figure, its aim and how the aim reads.
LINES = (
    (
        "start-up to first answer, s",
        "#1f6fb4",
        "circle",
        lambda run: run.start_s,
        START_S,
        f"{START_S:g} s",
    ),
    (
        "memory, server + children, MB",
        "#d95f02",
        "square",
        lambda run: run.memory_mb,
        MEMORY_MB,
        "1 GB",
    ),
    ("slowest lookup p50, ms", "#1b9e77", "triangle", slowest_p50, P50_MS, f"{P50_MS:g} ms"),
)


def growth_series(runs: list[GraphRun]) -> list[Series]:
    """The picture's three lines: start-up, memory and the slowest lookup's p50."""
    measured = [run for run in runs if run.triples]
    return [
        Series(
            label,
            colour,
            marker,
            tuple((run.triples, v) for run in measured if (v := value(run)) is not None),
            aim,
            aim_text,
        )
        for label, colour, marker, value, aim, aim_text in LINES
    ]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=sizes_list,
        default=list(SIZES),
        help=f"graphs to measure, comma-separated, from {','.join(SIZES)} (default: all)",
    )
    parser.add_argument("--requests", type=int, default=100, help="requests per lookup")
    parser.add_argument(
        "--rounds", type=int, default=3, help="loads and start-ups per graph (the median counts)"
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the graph view in headless Chromium"
    )
    parser.add_argument(
        "--virtuoso",
        action="store_true",
        help="also load each graph into a real Virtuoso on loopback and time the lookups over it",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="document to update")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args(argv)


def sizes_list(text: str) -> list[str]:
    chosen = [size.strip() for size in text.split(",") if size.strip()]
    unknown = [size for size in chosen if size not in SIZES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(SIZES)}")
    return chosen


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    # SIGTERM (``timeout``, ``kill``) unwinds like Ctrl+C, so the servers and Virtuoso
    # started are stopped and their directories deleted.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    # As pip does when it installs the wheel: the commands start from bytecode, even
    # where PYTHONDONTWRITEBYTECODE would have an editable install compile at each start.
    compileall.compile_dir(ROOT / "src" / "honduras_kg", quiet=1)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    # Other work on the machine slows every figure; the load average says how much there was.
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg()) + " (1, 5, 15 min)"
    runs = benchmark(
        args.sizes,
        Options(args.rounds, args.requests, has_no_gate(), not args.no_browser, args.virtuoso),
    )
    command = ".venv/bin/python tests/benchmarks/bench_growth.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    image = args.out.parent / "images" / "growth.svg"
    section = render_section(
        runs,
        when=when,
        command=command.strip(),
        requests=args.requests,
        rounds=args.rounds,
        machine=facts(load_generator=False) | {"load average at the start": load},
        image=os.path.relpath(image, args.out.parent),
        skipped=[size for size in SIZES if size not in args.sizes],
    )
    print(section)
    if not args.no_write:
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_text(render_svg(growth_series(runs), TITLE))
        old = args.out.read_text() if args.out.exists() else None
        args.out.write_text(updated_document(old, section, heading=SECTION))


if __name__ == "__main__":
    main()
