"""The query pool: every failure of a query is an answer, dead workers are replaced,
workers are confined (memory, network), answers and caches are bounded in bytes.

No test here depends on timing: workers are killed by signal once the pool has
sent them a query, and memory is exhausted by a query that needs more than a
small limit whatever the machine.
"""

from __future__ import annotations

import asyncio
import functools
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from honduras_kg import errors
from honduras_kg.sparql.pool import PoolLimits, QueryPool
from honduras_kg.store import OxigraphStore, RdflibStore

from ..listener import listening

TINY = [("urn:g", "<urn:s> <urn:p> <urn:o> .\n")]
OXIGRAPH = functools.partial(OxigraphStore.from_graphs, TINY)
RDFLIB = functools.partial(RdflibStore, TINY)
ASK = "ASK { ?s ?p ?o }"
#: 10^8 solutions to count: long enough to be killed in, on any machine.
HUNDRED = " ".join(map(str, range(100)))
VALUES = " ".join(f"VALUES ?{v} {{ {HUNDRED} }}" for v in "abcd")
SLOW = f"SELECT (COUNT(*) AS ?n) WHERE {{ {VALUES} }}"
#: pyoxigraph's parser recurses without limit and overflows the stack.
DEEP = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
LIMITS = PoolLimits(workers=1, timeout=120, queue_wait=120, worker_memory=None)
SMALL_MEMORY = 400 * 1024**2


def doubling(times: int) -> str:
    """A 10-character string doubled ``times`` times: 160 MiB at 24, from 400 characters."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    return f'SELECT ?a{times} WHERE {{ BIND("abcdefghij" AS ?a0) {binds} }}'


def with_pool(scenario: Callable[[QueryPool], Awaitable[None]], factory=OXIGRAPH, **limits) -> None:
    """Run ``scenario`` against a started pool, and close the pool whatever happens."""

    async def main() -> None:
        pool = QueryPool(factory, replace(LIMITS, **limits))
        await pool.start()
        try:
            await scenario(pool)
        finally:
            await pool.close()

    run(main())


def run(coroutine: Awaitable[None]) -> None:
    """``asyncio.run`` on a thread of its own: other tests may leave a loop running on this one."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, coroutine).result()


def pid_of(pool: QueryPool) -> int:
    (worker,) = pool.workers
    return worker.pid


async def sent(pool: QueryPool, sparql: str) -> asyncio.Task:
    """Start ``sparql`` and return once the pool has handed it to a worker."""
    task = asyncio.create_task(pool.query(sparql))
    while not any(worker.busy for worker in pool.workers):
        if task.done():
            task.result()
            raise AssertionError("the query ended before it was sent")
        await asyncio.sleep(0)
    return task


@pytest.fixture
def html_server():
    body = b"<html>not SPARQL</html>"
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
    with listening(head + b"Content-Length: %d\r\n\r\n" % len(body) + body) as server:
        yield server


def service(port: int) -> str:
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"


# --- every failure of one query is that query's answer -------------------------------


def test_an_unexpected_engine_error_is_a_store_error_and_the_worker_lives_on(html_server):
    """pyoxigraph raises RuntimeError for a SERVICE that answers HTML: the worker survives."""

    async def scenario(pool: QueryPool) -> None:
        before = pid_of(pool)
        with pytest.raises(errors.StoreError) as caught:
            await pool.query(service(html_server.port))
        assert "RuntimeError" in str(caught.value) and "text/html" in str(caught.value)
        assert "Traceback" not in str(caught.value)
        assert (await pool.query(ASK)).boolean is True
        assert pid_of(pool) == before

    # The guard is not in the pool's way, and the network is left open to reach the listener.
    with_pool(scenario, isolate_network=False)
    assert html_server.connections == 1


def test_a_segfault_is_refused_as_the_querys_fault_and_the_worker_replaced():
    async def scenario(pool: QueryPool) -> None:
        before = pid_of(pool)
        with pytest.raises(errors.QueryCrashed, match=r"SIGSEGV.*replaced"):
            await pool.query(DEEP)
        assert (await pool.query(ASK)).boolean is True
        assert pid_of(pool) != before

    with_pool(scenario)


@pytest.mark.parametrize(
    ("sig", "error", "words"),
    [
        (signal.SIGKILL, errors.OutOfMemory, "SIGKILL"),
        (signal.SIGSEGV, errors.QueryCrashed, "SIGSEGV"),
        (signal.SIGTERM, errors.StoreError, "SIGTERM"),
    ],
)
def test_a_worker_killed_during_a_query_is_replaced_and_the_client_told_why(sig, error, words):
    async def scenario(pool: QueryPool) -> None:
        before = pid_of(pool)
        task = await sent(pool, SLOW)
        os.kill(before, sig)
        with pytest.raises(error) as caught:
            await task
        assert words in str(caught.value) and "replaced" in str(caught.value)
        assert (await pool.query(ASK)).boolean is True
        assert pid_of(pool) != before

    with_pool(scenario)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_worker_that_died_while_idle_is_replaced_before_it_gets_a_query():
    async def scenario(pool: QueryPool) -> None:
        before = pid_of(pool)
        os.kill(before, signal.SIGKILL)
        while Path(f"/proc/{before}/stat").read_text().split()[2] != "Z":
            await asyncio.sleep(0.01)  # until the kernel has ended it (it stays a zombie)
        assert (await pool.query(ASK)).boolean is True
        assert pid_of(pool) != before

    with_pool(scenario)


def test_a_store_that_will_not_open_stops_the_start_with_its_reason(tmp_path: Path):
    pool = QueryPool(functools.partial(OxigraphStore.open_read_only, tmp_path / "none"), LIMITS)
    with pytest.raises(errors.StoreError, match="failed to start: StoreError: no Oxigraph store"):
        run(pool.start())
    run(pool.close())


# --- memory ------------------------------------------------------------------------


def test_a_query_that_runs_out_of_memory_in_the_engine_gets_out_of_memory():
    """Oxigraph (Rust) aborts when an allocation fails: the worker is replaced."""

    async def scenario(pool: QueryPool) -> None:
        (worker,) = pool.workers
        assert "400 MiB" in worker.confinement.memory
        with pytest.raises(errors.OutOfMemory, match="400 MiB, the worker_memory setting"):
            await pool.query(doubling(24))
        assert (await pool.query(ASK)).boolean is True
        assert pid_of(pool) != worker.pid

    with_pool(scenario, worker_memory=SMALL_MEMORY)


def test_a_memory_error_in_python_leaves_the_worker_alive():
    """rdflib (Python) raises MemoryError: the worker answers and takes the next query."""

    async def scenario(pool: QueryPool) -> None:
        before = pid_of(pool)
        with pytest.raises(errors.OutOfMemory, match="worker_memory"):
            await pool.query(doubling(24))
        assert (await pool.query(ASK)).boolean is True
        assert pid_of(pool) == before

    with_pool(scenario, factory=RDFLIB, worker_memory=SMALL_MEMORY)


def test_the_same_query_is_answered_under_the_default_memory_limit():
    async def scenario(pool: QueryPool) -> None:
        result = await pool.query(doubling(20))
        assert len(result.rows[0]["a20"]["value"]) == 10 * 2**20

    with_pool(scenario, worker_memory=PoolLimits().worker_memory)


# --- answers in bytes ----------------------------------------------------------------


@pytest.mark.parametrize("factory", [OXIGRAPH, RDFLIB], ids=["oxigraph", "rdflib"])
def test_an_answer_past_max_answer_bytes_is_refused_and_the_worker_lives_on(factory):
    async def scenario(pool: QueryPool) -> None:
        before = pid_of(pool)
        with pytest.raises(errors.TooLarge, match=r"larger than 1 MiB.*max_answer_bytes"):
            await pool.query(doubling(17))  # 1.25 MiB
        assert len((await pool.query(doubling(16))).rows) == 1  # 640 KiB
        assert pid_of(pool) == before

    with_pool(scenario, factory=factory, max_answer_bytes=1024**2)


def test_the_cache_keeps_answers_within_its_byte_budget():
    async def scenario(pool: QueryPool) -> None:
        small = await pool.query(doubling(4))
        assert pool.cache.get((doubling(4), (), ())) is small
        await pool.query(doubling(16))  # 640 KiB: more than the whole budget
        assert pool.cache.get((doubling(16), (), ())) is None
        assert len(pool.cache) == 1
        for times in range(6, 15):  # 9 answers of 0.6 to 160 KiB, 320 KiB in all
            await pool.query(doubling(times))
        assert pool.cache.size <= pool.cache.capacity
        assert pool.cache.get((doubling(14), (), ())) is not None
        assert pool.cache.get((doubling(4), (), ())) is None

    with_pool(scenario, cache_bytes=256 * 1024)


def test_a_cached_answer_needs_no_worker():
    async def scenario(pool: QueryPool) -> None:
        first = await pool.query(ASK)
        os.kill(pid_of(pool), signal.SIGSTOP)  # a worker that cannot answer
        try:
            assert await pool.query(ASK) is first
        finally:
            os.kill(pid_of(pool), signal.SIGCONT)

    with_pool(scenario)


# --- no network --------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="network namespaces are Linux's")
@pytest.mark.parametrize("factory", [OXIGRAPH, RDFLIB], ids=["oxigraph", "rdflib"])
def test_an_embedded_stores_worker_cannot_connect_even_past_the_guard(factory, listener):
    """SERVICE sent straight to the pool (no guard in between) reaches nobody."""

    async def scenario(pool: QueryPool) -> None:
        (worker,) = pool.workers
        if not worker.confinement.network_isolated:
            pytest.skip(f"this system refused the namespace: {worker.confinement.network}")
        with pytest.raises(errors.HondurasKGError):
            await pool.query(service(listener.port))

    with_pool(scenario, factory=factory)
    assert listener.connections == 0


def test_without_isolation_the_same_query_does_connect(listener):
    """The control for the test above: the listener does count connections."""

    async def scenario(pool: QueryPool) -> None:
        (worker,) = pool.workers
        assert not worker.confinement.network_isolated
        with pytest.raises(errors.HondurasKGError):
            await pool.query(service(listener.port))

    with_pool(scenario, isolate_network=False)
    assert listener.connections >= 1


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_worker_has_one_thread_when_it_confines_itself():
    """An unprivileged user namespace needs a single-threaded process: what a worker imports
    before :func:`honduras_kg.sparql.worker.serve` must start no thread."""
    script = (
        "import pickle, sys\n"
        "factory = pickle.loads(sys.stdin.buffer.read())\n"  # as a spawned worker gets it
        "import honduras_kg.sparql.worker\n"
        "print(next(l for l in open('/proc/self/status') if l.startswith('Threads')).split()[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(OXIGRAPH),
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.decode().strip() == "1"


def test_a_launched_pool_answers_once_its_workers_are_up():
    """``launch`` returns at once; a query waits for the workers, not counted as queueing."""

    async def main() -> None:
        pool = QueryPool(OXIGRAPH, replace(LIMITS, queue_wait=0.001))
        pool.launch()
        try:
            assert not pool.workers  # still starting
            assert (await pool.query(ASK)).boolean is True
            assert len(pool.workers) == 1
        finally:
            await pool.close()

    run(main())


def test_when_no_worker_process_can_be_had_every_query_says_why(monkeypatch, tmp_path: Path):
    from honduras_kg.sparql import pool as pool_module

    class NoProcess(pool_module._CONTEXT.Process):  # as when the system refuses a fork
        def start(self) -> None:
            raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(pool_module._CONTEXT, "Process", NoProcess)

    async def main() -> None:
        pool = QueryPool(functools.partial(OxigraphStore.open_read_only, tmp_path), LIMITS)
        pool.launch()
        try:
            with pytest.raises(errors.StoreError, match=r"failed to start: .*temporarily"):
                await pool.query(ASK)
        finally:
            await pool.close()

    run(main())


def test_when_launched_workers_fail_every_query_says_why(tmp_path: Path):
    async def main() -> None:
        factory = functools.partial(OxigraphStore.open_read_only, tmp_path / "none")
        pool = QueryPool(factory, LIMITS)
        pool.launch()
        try:
            for _ in range(2):
                with pytest.raises(errors.StoreError, match="failed to start: StoreError"):
                    await pool.query(ASK)
        finally:
            await pool.close()

    run(main())
