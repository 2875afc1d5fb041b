"""Benchmark ``/sparql`` under a bounded load, against a ceiling and rdflib-endpoint.

Run it from the checkout (about three minutes with the defaults)::

    .venv/bin/python tests/benchmarks/bench_sparql.py [--duration 10] [--connections 8] [--rounds 3]

Each server runs under uvicorn in a process of its own; ``wrk`` (Debian
package ``wrk``) loads it from another process over loopback, cycling through
the named queries with their defaults bound. The results replace the "SPARQL
endpoint" section of ``docs/benchmarks.md``, whose "Method" says what is
measured. rdflib-endpoint is installed in a venv of its own under the
temporary directory, never in the project's.

A script, not a test: ``tests/benchmarks/conftest.py`` keeps pytest out of it.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import json
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench_machine import cpu_seconds, facts, venv_versions
from bench_report import (
    CEILING,
    OURS,
    RDFLIB,
    UNCACHED,
    Cost,
    Measure,
    Probe,
    Run,
    Setup,
    median_run,
    render_section,
    results_table,
    updated_document,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_OUT = ROOT / "docs" / "benchmarks.md"
WORK_DIR = Path(tempfile.gettempdir()) / "honduras-kg-bench"

#: The same for every server: uvicorn's pure-Python defaults, one process, quiet.
UVICORN_FLAGS = ("--loop", "asyncio", "--http", "h11", "--no-access-log", "--log-level", "warning")
HEADERS = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
WRK_TIMEOUT = "30s"
WARMUP_SECONDS = 2
PROBE_REPEATS = 3
PROBE_TIMEOUT = 60.0
START_TIMEOUT = 120.0


@dataclass(frozen=True)
class Server:
    """One app to serve under uvicorn: which Python, which factory, which environment."""

    name: str
    python: Path
    factory: str
    env: tuple[tuple[str, str], ...] = ()

    def command(self, port: int) -> list[str]:
        app = ["--factory", self.factory, "--app-dir", str(HERE)]
        where = ["--host", "127.0.0.1", "--port", str(port)]
        return [str(self.python), "-m", "uvicorn", *app, *where, *UVICORN_FLAGS]


@dataclass(frozen=True)
class Served:
    """A running server: where to send queries, and its process."""

    url: str
    pid: int


# --- servers -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(server: Server, work: Path) -> Iterator[Served]:
    """Start ``server``; yield it once it accepts connections; stop it."""
    port, log_path = free_port(), work / f"{server.name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            server.command(port),
            env={**os.environ, **dict(server.env)},
            stdout=log,
            stderr=log,
            cwd=ROOT,
        )
        try:
            wait_for_port(port, process, log_path)
            yield Served(f"http://127.0.0.1:{port}/sparql", process.pid)
        finally:
            stop(process)


def wait_for_port(
    port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = START_TIMEOUT
) -> None:
    """Return when ``port`` accepts connections (uvicorn binds after its app has started)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with status {process.returncode}; see {log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    sys.exit(f"the server did not start within {timeout:g} s; see {log}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def rdflib_endpoint_python(work: Path) -> Path:
    """The Python of a venv with rdflib-endpoint and uvicorn, made on first use."""
    venv = work / "rdflib-endpoint-venv"
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import rdflib_endpoint, uvicorn"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(f"installing rdflib-endpoint into {venv} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "rdflib-endpoint", "uvicorn"], check=True)
    return python


def export_turtle(path: Path) -> Path:
    """The curated graph as one Turtle file, for rdflib-endpoint."""
    from honduras_kg.curation.load import load_graph

    load_graph().serialize(destination=path, format="turtle", encoding="utf-8")
    return path


# --- probes: answers, per-query latency, and the first warm-up ---------------------


def post(url: str, body: str) -> tuple[int, bytes]:
    """POST one query; status 0 for a timeout."""
    request = urllib.request.Request(url, data=body.encode(), headers=HEADERS, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
    except TimeoutError:
        return 0, b""


def probe(url: str, queries: dict[str, str]) -> dict[str, Probe]:
    """Send each query ``PROBE_REPEATS`` times in a row."""
    return {name: probe_one(url, text) for name, text in queries.items()}


def probe_one(url: str, text: str) -> Probe:
    timings, status, body = [], 0, b""
    for _ in range(PROBE_REPEATS):
        started = time.perf_counter()
        status, body = post(url, text)
        timings.append((time.perf_counter() - started) * 1000)
    rows = count_rows(body) if status == 200 else None
    return Probe(status, rows, timings[0], statistics.median(timings[1:]))


def count_rows(body: bytes) -> int | None:
    try:
        return len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        return None


def costs(queries: dict[str, str], repeats: int = PROBE_REPEATS) -> dict[str, Cost]:
    """Where a new text's time goes, measured in this process on the curated graph:
    the guard's reading, the engine's evaluation, and the writing of the answer.

    Each repetition sends a text of its own (an unused prefix in front), so no
    parse is reused; the figures are the medians over ``repeats``.
    """
    from honduras_kg.config import Settings
    from honduras_kg.formats import by_name
    from honduras_kg.sparql.guard import inspect_query
    from honduras_kg.store import open_store
    from honduras_kg.web.routes.sparql import render

    settings = Settings()
    store, json_format, limit = open_store(settings), by_name("json"), settings.row_limit
    assert json_format is not None
    found = {}
    for name, body in queries.items():
        timings: list[tuple[float, float, float]] = []
        for n in range(repeats + 1):  # the first warms the store's own caches
            text = f"PREFIX cost{n}: <urn:cost:{uuid.uuid4().hex}>\n{body}"
            started = time.perf_counter()
            plan = inspect_query(text)
            guarded = time.perf_counter()
            result = store.query(text, row_limit=limit)
            evaluated = time.perf_counter()
            render(plan, result, json_format, limit)
            written = time.perf_counter()
            timings.append((guarded - started, evaluated - guarded, written - evaluated))
        steps = zip(*timings[1:], strict=True)
        found[name] = Cost(*(statistics.median(step) * 1000 for step in steps))
    return found


# --- load --------------------------------------------------------------------------


def lua_string(text: str) -> str:
    """``text`` as a Lua string literal: printable ASCII as is, every other byte escaped.

    >>> print(lua_string('a "b"\\né'))
    "a \\034b\\034\\010\\195\\169"
    """
    out = []
    for byte in text.encode():
        char = chr(byte)
        out.append(char if 32 <= byte < 127 and char not in '"\\' else f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def lua_script(bodies: Sequence[str], *, distinct: str | None) -> str:
    """A wrk script: POST the bodies in turn.

    With ``distinct`` (a tag unique to the run), each text gets a prefix
    declaration of its own, unused: the same question, but tokens unlike any sent
    before, in this run or another, so that no cache keyed by tokens answers it
    (a comment would not do: the server's answer cache ignores comments).
    """
    headers = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in HEADERS.items())
    return f"""
local bodies = {{ {", ".join(lua_string(b) for b in bodies)} }}
local headers = {{ {headers} }}
local distinct = {lua_string(distinct) if distinct else "nil"}
local prepared, counter, threads = {{}}, 0, 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args)
  for i, body in ipairs(bodies) do prepared[i] = wrk.format("POST", nil, headers, body) end
end
function request()
  counter = counter + 1
  local i = (counter - 1) % #bodies + 1
  if not distinct then return prepared[i] end
  local prefix = "PREFIX bench" .. tostring(id) .. "x" .. counter
  local tag = prefix .. ": <urn:bench:" .. distinct .. ">\\n"
  return wrk.format("POST", nil, headers, tag .. bodies[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {{"requests": %d, "us": %d, "p50": %d, "p99": %d, "errors": %d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def run_wrk(target: str, url: str, script: Path, *, seconds: int, connections: int) -> Measure:
    options = ["-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", WRK_TIMEOUT]
    done = subprocess.run(
        ["wrk", *options, "-s", str(script), url], capture_output=True, text=True, check=True
    )
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    return Measure(
        target,
        requests=data["requests"],
        seconds=data["us"] / 1e6,
        p50_ms=data["p50"] / 1000,
        p99_ms=data["p99"] / 1000,
        errors=data["errors"],
    )


@dataclass(frozen=True)
class Load:
    """The load every target gets."""

    bodies: tuple[str, ...]
    seconds: int
    connections: int
    work: Path

    def measure(self, target: str, served: Served, *, distinct: bool = False) -> Measure:
        """A thrown-away warm-up, then the measured run, with the server's CPU time."""
        self.run(target, served.url, WARMUP_SECONDS, distinct=distinct)
        cpu = cpu_seconds(served.pid)
        result = self.run(target, served.url, self.seconds, distinct=distinct)
        if cpu is not None and result.requests:
            spent = (cpu_seconds(served.pid) or cpu) - cpu
            result = dataclasses.replace(result, cpu_ms=spent * 1000 / result.requests)
        print(
            f"  {target}: {result.rate:,.0f} requests/s, p50 {result.p50_ms:.1f} ms, "
            f"p99 {result.p99_ms:.1f} ms, {result.errors} errors",
            file=sys.stderr,
        )
        return result

    def run(self, target: str, url: str, seconds: int, *, distinct: bool) -> Measure:
        tag = uuid.uuid4().hex[:8] if distinct else None
        script = self.work / f"load-{'distinct' if distinct else 'same'}.lua"
        script.write_text(lua_script(self.bodies, distinct=tag))
        return run_wrk(target, url, script, seconds=seconds, connections=self.connections)


# --- the run -----------------------------------------------------------------------


def named_queries() -> dict[str, str]:
    """Every named query with its defaults bound, by name."""
    from honduras_kg.sparql.named import load_queries

    return {name: query.bind() for name, query in sorted(load_queries().items())}


#: What a round measures, in order: (target, server, distinct texts).
PLAN = (
    (OURS, OURS, False),
    (UNCACHED, OURS, True),
    (CEILING, CEILING, False),
    (RDFLIB, RDFLIB, False),
)


def servers(run: Run, *, rdflib_endpoint: bool, work: Path) -> list[Server]:
    """The servers to start (installing rdflib-endpoint's venv if it is wanted)."""
    python = Path(sys.executable)
    found = [
        Server(OURS, python, "honduras_kg.web:create_app"),
        Server(CEILING, python, "bench_apps:ceiling_app"),
    ]
    if rdflib_endpoint:
        venv_python = rdflib_endpoint_python(work)
        run.facts.update(venv_versions(venv_python))
        env = (("BENCH_TURTLE", str(export_turtle(work / "graph.ttl"))),)
        found.append(Server(RDFLIB, venv_python, "bench_apps:rdflib_endpoint_app", env))
    return found


def benchmark(run: Run, *, rdflib_endpoint: bool, work: Path) -> None:
    """Start every server, probe the SPARQL ones, then load each target once per round."""
    queries = named_queries()
    load = Load(tuple(queries.values()), run.setup.duration, run.setup.connections, work)
    results: dict[str, list[Measure]] = {}
    with contextlib.ExitStack() as stack:
        started = servers(run, rdflib_endpoint=rdflib_endpoint, work=work)
        served = {s.name: stack.enter_context(serving(s, work)) for s in started}
        for name in (OURS, RDFLIB):
            if name in served:
                run.probes[name] = probe(served[name].url, queries)
        run.costs = costs(queries)
        for round_ in range(1, run.setup.rounds + 1):
            print(f"round {round_} of {run.setup.rounds}", file=sys.stderr)
            for target, server, distinct in PLAN:
                if server in served:
                    measure = load.measure(target, served[server], distinct=distinct)
                    results.setdefault(target, []).append(measure)
    run.measures = {target: median_run(found) for target, found in results.items()}
    run.rates = {target: [m.rate for m in found] for target, found in results.items()}


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark /sparql under a bounded load.")
    parser.add_argument("--duration", type=positive, default=10, help="seconds of load per target")
    parser.add_argument("--connections", type=positive, default=8, help="concurrent connections")
    parser.add_argument(
        "--rounds", type=positive, default=3, help="rounds; each target's median round is reported"
    )
    parser.add_argument(
        "--no-rdflib-endpoint",
        dest="rdflib_endpoint",
        action="store_false",
        help="skip rdflib-endpoint (no venv, no install)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="file whose SPARQL section is rewritten"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: install it (Debian: apt-get install wrk)")
    command = ".venv/bin/python tests/benchmarks/bench_sparql.py " + shlex.join(
        ["--duration", str(args.duration), "--connections", str(args.connections)]
        + ["--rounds", str(args.rounds)]
        + ([] if args.rdflib_endpoint else ["--no-rdflib-endpoint"])
    )
    setup = Setup(
        duration=args.duration,
        connections=args.connections,
        rounds=args.rounds,
        warmup=WARMUP_SECONDS,
        repeats=PROBE_REPEATS,
        timeout=WRK_TIMEOUT,
        uvicorn_flags=UVICORN_FLAGS,
        command=command,
    )
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    run = Run(setup, when, facts=facts())
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    benchmark(run, rdflib_endpoint=args.rdflib_endpoint, work=WORK_DIR)
    print(results_table(run.measures, run.rates))
    old = args.out.read_text() if args.out.exists() else None
    args.out.write_text(updated_document(old, render_section(run)))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
