"""Soak the server: mixed traffic for a fixed time, memory sampled throughout.

Run it from the checkout (three minutes with the defaults)::

    .venv/bin/python tests/benchmarks/bench_soak.py [--duration 180] [--connections 12]

``honduras-kg serve`` runs in a process of its own on a free loopback port.
``--connections`` client threads, each on one keep-alive connection, send a
weighted mix of what real and hostile clients send: cheap and distinct SPARQL
texts, named queries, REST lookups, pages, and hostile input (refused queries,
deep nesting, oversized bodies and numbers, bad UTF-8). One more thread keeps a
runaway query going, so the cheap requests are measured while the query
workers are being killed and replaced. Every second the resident memory of
the server and of each of its child processes (the query workers) is read
from ``/proc``. The table goes to standard output and replaces the "Soak"
section of ``docs/benchmarks.md`` (``--no-write`` leaves it alone).

The client runs on the same machine as the server, so the rates are a floor,
not the server's ceiling (see "SPARQL endpoint" for that).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench_machine import facts
from bench_report import updated_document
from bench_sparql import free_port, stop, wait_for_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_OUT = ROOT / "docs" / "benchmarks.md"
SECTION = "## Soak"
PAGE_SIZE = 4096

CHEAP = "SELECT (COUNT(*) AS ?n) WHERE { ?c a hko:Claim }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass(frozen=True)
class Request:
    """One kind of request in the mix: its class (for the table), method, path and body."""

    kind: str
    method: str
    path: str
    body: bytes = b""
    content_type: str = ""
    accept: str = "*/*"


def sparql_get(kind: str, text: str) -> Request:
    return Request(kind, "GET", "/sparql?" + urllib.parse.urlencode({"query": text}))


def sparql_post(kind: str, text: str) -> Request:
    return Request(kind, "POST", "/sparql", text.encode(), "application/sparql-query")


def distinct_text() -> Request:
    # A new text every time: the guard and the store see it for the first time.
    return sparql_post("sparql, distinct text", f"{CHEAP} # {uuid.uuid4()}")


def hostile() -> list[Request]:
    """Input a client should not send: each must get a 4xx, never a 5xx."""
    deep = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
    hidden = 'SELECT * WHERE { BIND("""\n# """ AS ?x) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }'
    form = "application/x-www-form-urlencoded"
    return [
        sparql_post("hostile", hidden),
        sparql_post("hostile", deep),
        sparql_post("hostile", "SELECT * WHERE { ?s ?p "),
        sparql_post("hostile", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
        Request("hostile", "GET", "/api/queries/quantities?minimum=" + "9" * 4301),
        Request("hostile", "GET", "/api/entities/no-such-entity"),
        Request("hostile", "POST", "/sparql", b"query=\xff\xfe", form),
        # 2 MB: over the default body limit.
        Request("hostile", "POST", "/sparql", b"&a=b" * (512 * 1024), form),
    ]


def mix() -> list[tuple[float, Request]]:
    """The weighted mix, (weight, request); distinct texts are made as they are drawn."""
    lookups = [
        "/api/search?q=soto",
        "/api/entities/soto-cano",
        "/api/entities/xiomara-castro/relations",
        "/api/entities/honduras/neighbourhood",
        "/api/paths?from=juan-orlando-hernandez&to=soto-cano",
        "/api/timeline",
        "/api/stats",
        "/api/graph",
    ]
    pages = ["/", "/id/soto-cano", "/graph", "/search?q=castro", "/sparql"]
    named = ["/api/queries/threat-evidence", "/api/queries/timeline", "/api/queries/base-roles"]
    weighted: list[tuple[float, Request]] = [(6.0, sparql_get("sparql, cheap", CHEAP))]
    weighted += [(2.0, Request("named query", "GET", path)) for path in named]
    weighted += [(1.5, Request("REST lookup", "GET", path)) for path in lookups]
    weighted += [(1.0, Request("page", "GET", path, accept="text/html")) for path in pages]
    weighted += [(0.5, request) for request in hostile()]
    return weighted


@dataclass
class Tally:
    """What the clients saw, by request class."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    failures: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1

    def fail(self, kind: str) -> None:
        with self.lock:
            self.failures[kind] += 1


def send(connection: http.client.HTTPConnection, request: Request) -> int:
    headers = {"Accept": request.accept}
    if request.body:
        headers["Content-Type"] = request.content_type
    connection.request(request.method, request.path, body=request.body or None, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.getheader("connection", "").lower() == "close":
        connection.close()
    return response.status


def client(port: int, until: float, tally: Tally, seed: int) -> None:
    """One keep-alive connection sending the mix until ``until``."""
    rng = random.Random(seed)
    weighted = mix()
    weights, requests = [w for w, _ in weighted], [r for _, r in weighted]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < until:
        request = rng.choices(requests, weights)[0]
        if rng.random() < 0.15:
            request = distinct_text()
        started = time.perf_counter()
        try:
            status = send(connection, request)
        except (OSError, http.client.HTTPException):
            tally.fail(request.kind)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        tally.record(request.kind, status, time.perf_counter() - started)
    connection.close()


def runaway(port: int, until: float, tally: Tally) -> None:
    """Keep one query running past the time limit, so workers are killed and replaced."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            status = send(connection, sparql_post("runaway query", RUNAWAY))
        except (OSError, http.client.HTTPException):
            tally.fail("runaway query")
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            continue
        tally.record("runaway query", status, time.perf_counter() - started)


def resident_kib(pid: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def sample_memory(pid: int, until: float, samples: list[tuple[int, int]]) -> None:
    """Every second: (server KiB, workers KiB), summed over the server's children."""
    while time.monotonic() < until:
        server = resident_kib(pid) or 0
        workers = sum(resident_kib(child) or 0 for child in children(pid))
        samples.append((server, workers))
        time.sleep(1.0)


@contextlib.contextmanager
def serving(work: Path) -> Iterator[tuple[int, int]]:
    port, log_path = free_port(), work / "soak-server.log"
    command = [sys.executable, "-m", "honduras_kg", "serve", "--port", str(port)]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, cwd=ROOT)
        try:
            wait_for_port(port, process, log_path)
            yield port, process.pid
        finally:
            stop(process)


def soak(duration: float, connections: int, work: Path) -> tuple[Tally, list[tuple[int, int]]]:
    tally, samples = Tally(), []
    with serving(work) as (port, pid):
        until = time.monotonic() + duration
        threads = [
            threading.Thread(target=client, args=(port, until, tally, seed))
            for seed in range(connections)
        ]
        threads.append(threading.Thread(target=runaway, args=(port, until, tally)))
        threads.append(threading.Thread(target=sample_memory, args=(pid, until, samples)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return tally, samples


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def traffic_table(tally: Tally, duration: float) -> str:
    rows = [
        "| requests | count | per s | p50 ms | p99 ms | max ms | statuses | 5xx | dropped |",
        "|---|--:|--:|--:|--:|--:|---|--:|--:|",
    ]
    for kind in sorted(tally.latencies):
        times = tally.latencies[kind]
        statuses = tally.statuses[kind]
        listing = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        errors = sum(n for s, n in statuses.items() if s >= 500)
        rows.append(
            f"| {kind} | {len(times)} | {len(times) / duration:.1f} "
            f"| {percentile(times, 0.5) * 1000:.0f} | {percentile(times, 0.99) * 1000:.0f} "
            f"| {max(times) * 1000:.0f} | {listing} | {errors} | {tally.failures[kind]} |"
        )
    return "\n".join(rows)


def memory_table(samples: list[tuple[int, int]]) -> str:
    def mib(kib: float) -> str:
        return f"{kib / 1024:.0f}"

    rows = ["| process | first MiB | median MiB | max MiB | last MiB |", "|---|--:|--:|--:|--:|"]
    for name, column in (("server", 0), ("query workers (sum)", 1)):
        values = [sample[column] for sample in samples]
        rows.append(
            f"| {name} | {mib(values[0])} | {mib(statistics.median(values))} "
            f"| {mib(max(values))} | {mib(values[-1])} |"
        )
    return "\n".join(rows)


def render_section(tally: Tally, samples, duration: float, connections: int) -> str:
    server_errors = sum(
        n for statuses in tally.statuses.values() for s, n in statuses.items() if s >= 500
    )
    cheap = tally.latencies.get("sparql, cheap", [0.0])
    expected = {"runaway query"}  # its 503 (time limit) is the point of it
    unexpected = server_errors - sum(
        n for kind in expected for s, n in tally.statuses[kind].items() if s >= 500
    )
    machine = "\n".join(f"- {key}: {value}" for key, value in facts(load_generator=False).items())
    return (
        f"{SECTION}\n\n"
        f"`tests/benchmarks/bench_soak.py`: {duration:g} s of mixed traffic on "
        f"{connections} keep-alive connections, plus one runaway query kept going "
        "(each is stopped at the time limit, its worker killed and replaced), against "
        "`honduras-kg serve` on the curated graph. Client and server share the machine.\n\n"
        f"{traffic_table(tally, duration)}\n\n"
        f"5xx other than the runaway query's time-outs: **{unexpected}**. "
        f"Slowest cheap SPARQL request while the runaway ran: **{max(cheap) * 1000:.0f} ms**.\n\n"
        "Resident memory, sampled every second:\n\n"
        f"{memory_table(samples)}\n\n### Machine\n\n{machine}\n"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of traffic")
    parser.add_argument("--connections", type=int, default=12, help="client connections")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="document to update")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="honduras-kg-soak-") as work:
        tally, samples = soak(args.duration, args.connections, Path(work))
    section = render_section(tally, samples, args.duration, args.connections)
    print(section)
    if not args.no_write:
        old = args.out.read_text() if args.out.exists() else None
        args.out.write_text(updated_document(old, section, heading=SECTION))


if __name__ == "__main__":
    main()
