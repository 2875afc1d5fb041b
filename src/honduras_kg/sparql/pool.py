"""Run queries in worker processes that can be stopped, confined and replaced.

Neither rdflib nor pyoxigraph can cancel a query in progress, so ad-hoc
queries run in a small pool of worker processes, each holding its own store.
A query that passes its time limit has its worker killed and replaced while
the server goes on answering; when every worker is busy for longer than
``queue_wait``, the caller gets :class:`~honduras_kg.errors.Overloaded` (HTTP
503 with ``Retry-After``).

A worker confines itself when it starts (:mod:`honduras_kg.sparql.sandbox`) and
answers any failure of one query as an error (:mod:`honduras_kg.sparql.worker`). A
worker that dies anyway is replaced, and the query is told why
(:func:`_death_error`). What a worker writes to its standard error reaches
this process's log, and tells an allocation failure from other deaths.

Answers are materialised in the worker, measured as they are (past
``max_answer_bytes``: :class:`~honduras_kg.errors.TooLarge`), and cross the
pipe as a :class:`~honduras_kg.store.base.QueryResult`. Because the curated
store is read-only, answers are cached by query and dataset, up to
``cache_bytes``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from honduras_kg import errors
from honduras_kg.config import (
    DEFAULT_ANSWER_CACHE_BYTES,
    DEFAULT_MAX_ANSWER_BYTES,
    DEFAULT_WORKER_MEMORY,
)
from honduras_kg.lru import ByteLRU
from honduras_kg.sparql.sandbox import Confinement
from honduras_kg.sparql.worker import (
    Request,
    StoreFactory,
    WorkerSetup,
    out_of_memory_message,
    serve,
)
from honduras_kg.store.base import QueryResult
from honduras_kg.store.terms import format_bytes

__all__ = ["PoolLimits", "QueryPool", "WorkerState"]

log = logging.getLogger(__name__)

_CONTEXT = multiprocessing.get_context("spawn")  # not fork: the server has threads

#: How much of a worker's standard error is kept, to name the cause of its death.
_LAST_WORDS = 4096
#: Signals of a crash inside the worker (rather than a stop from outside).
_CRASH_SIGNALS = frozenset(
    sig.value
    for sig in (signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE, signal.SIGABRT)
)
#: What allocators print when they give up (Rust, Python, C++).
_OUT_OF_MEMORY_SIGNS = (b"memory allocation of", b"MemoryError", b"bad_alloc")


@dataclass(frozen=True)
class PoolLimits:
    """How much an ad-hoc query may take, and how its workers are confined.

    ``worker_memory``, ``max_answer_bytes``: ``None`` for no limit;
    ``cache_bytes``: 0 for no cache.
    """

    workers: int = 2
    timeout: float = 10.0
    row_limit: int = 10_000
    queue_wait: float = 2.0
    max_answer_bytes: int | None = DEFAULT_MAX_ANSWER_BYTES
    cache_bytes: int = DEFAULT_ANSWER_CACHE_BYTES
    worker_memory: int | None = DEFAULT_WORKER_MEMORY
    isolate_network: bool = True


@dataclass(frozen=True)
class WorkerState:
    """One worker, as the pool sees it: its process id, whether it is running a query,
    and how it is confined."""

    pid: int
    busy: bool
    confinement: Confinement


@dataclass(eq=False)  # workers are compared and hashed by identity
class _Worker:
    process: BaseProcess
    conn: Connection
    stderr: Connection  # the read end of the worker's standard error
    confinement: Confinement | None = None
    busy: bool = False
    last_words: bytearray = field(default_factory=bytearray)
    out_of_memory: bool = False  # an allocator said so on standard error, during this query
    _unlogged: bytearray = field(default_factory=bytearray)

    @property
    def pid(self) -> int:
        return self.process.pid or 0

    def read_stderr(self) -> bool:
        """Log what the worker wrote; false at end of file (the worker is gone)."""
        try:
            data = os.read(self.stderr.fileno(), 65536)
        except OSError:
            return False
        if data:
            self.last_words += data
            # Checked before trimming, so that a sign cut across two reads is still seen.
            self.out_of_memory |= any(sign in self.last_words for sign in _OUT_OF_MEMORY_SIGNS)
            del self.last_words[:-_LAST_WORDS]
        self._unlogged += data
        # Whole lines, one record per read (a Rust backtrace comes a few bytes at a time).
        end = self._unlogged.rfind(b"\n") + 1
        if not data or len(self._unlogged) > _LAST_WORDS:
            end = len(self._unlogged)
        text = self._unlogged[:end].decode("utf-8", "replace").rstrip()
        del self._unlogged[:end]
        if text:
            log.warning("query worker %s wrote:\n%s", self.pid, text)
        return bool(data)

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        while self.read_stderr():  # the worker is gone: read what it left, up to the end
            pass
        self.conn.close()
        self.stderr.close()


class QueryPool:
    """A fixed number of query workers, each with its own copy of the store."""

    def __init__(self, factory: StoreFactory, limits: PoolLimits, *, cache: bool = True):
        self.factory = factory
        self.limits = limits
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        capacity = limits.cache_bytes if cache else 0
        #: Answers kept, by query and dataset (empty when caching is off).
        self.cache: ByteLRU[tuple, QueryResult] = ByteLRU(capacity)
        self._closed = False
        self._warned = False
        self._starting: set[asyncio.Task[_Worker]] = set()  # replacements on their way
        self._launch: asyncio.Task[None] | None = None

    @property
    def workers(self) -> list[WorkerState]:
        """The running workers."""
        return [
            WorkerState(worker.pid, worker.busy, worker.confinement)
            for worker in self._workers
            if worker.confinement is not None
        ]

    async def start(self) -> None:
        """Start every worker and wait until each has its store open."""
        started = await asyncio.gather(*(self._spawn() for _ in range(self.limits.workers)))
        for worker in started:
            self._idle.put_nowait(worker)

    def launch(self) -> None:
        """Start every worker in the background: a query waits until they are up (a wait
        not counted in ``queue_wait``), and fails as they did if they could not start.

        So the server answers what needs no worker (the REST lookups, the pages) while the
        workers still load their stores.
        """
        self._launch = asyncio.get_running_loop().create_task(self.start())
        self._launch.add_done_callback(_log_launch_failure)

    async def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        if self._launch is not None:
            self._launch.cancel()
        for task in list(self._starting):
            task.cancel()
        workers = list(self._workers)
        for worker in workers:
            self._forget(worker)
        # All at once; one still loading its store would not read "stop" before it is done.
        await asyncio.gather(
            *(asyncio.to_thread(w.stop, kill=w.confinement is None) for w in workers)
        )

    async def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        same_as: str | None = None,
    ) -> QueryResult:
        """Answer ``sparql`` within the pool's limits.

        ``same_as`` names the answer in the cache when ``sparql`` is known to
        mean the same as other texts (its tokens: :attr:`~honduras_kg.sparql.guard.QueryPlan.key`).

        Raises:
            Overloaded: no worker became free within ``queue_wait``.
            QueryTimeout: the query ran past ``timeout``; its worker was replaced.
            TooLarge: the answer is larger than ``max_answer_bytes``.
            OutOfMemory: the worker ran out of memory (or was killed); it was replaced.
            QueryCrashed: the query crashed its worker; it was replaced.
            QuerySyntaxError, StoreError: as the store raised them.
        """
        key = (sparql, tuple(default_graphs), tuple(named_graphs))
        cache_key = (same_as or sparql, *key[1:])
        cached = self.cache.get(cache_key)
        if cached is not None:
            return cached
        result, footprint = await self._run(key)
        self.cache.put(cache_key, result, footprint + len(cache_key[0]))
        return result

    async def _run(self, key: tuple) -> tuple[QueryResult, int]:
        request = Request(
            *key, row_limit=self.limits.row_limit, max_bytes=self.limits.max_answer_bytes
        )
        worker = await self._acquire()
        try:
            worker.busy, worker.out_of_memory = True, False
            worker.last_words.clear()
            worker.conn.send(request)
            reply = await self._receive(worker)
        except TimeoutError:
            self._replace(worker)
            raise errors.QueryTimeout(
                f"The query ran longer than {self.limits.timeout:g} s and was stopped. "
                "Narrow it (LIMIT, more specific patterns) and try again."
            ) from None
        except (EOFError, OSError):
            raise await self._died(worker) from None
        worker.busy = False
        self._idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1], reply[2]
        _, name, message, details = reply
        if details:
            log.error("query worker %s failed on a query: %s\n%s", worker.pid, message, details)
        raise _rebuild_error(name, message)

    async def _acquire(self) -> _Worker:
        if self._launch is not None:
            await asyncio.shield(self._launch)  # at once once started; raises if it failed
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limits.queue_wait
        while True:
            try:
                worker = await asyncio.wait_for(self._idle.get(), deadline - loop.time())
            except TimeoutError:
                raise errors.Overloaded(
                    f"All {self.limits.workers} query workers are busy; try again shortly."
                ) from None
            if worker.process.is_alive():
                return worker
            log.warning("query worker %s %s while idle", worker.pid, _how(worker.process.exitcode))
            self._replace(worker)

    async def _receive(self, worker: _Worker) -> tuple:
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, self.limits.timeout)
        finally:
            loop.remove_reader(fd)
        return worker.conn.recv()

    async def _died(self, worker: _Worker) -> errors.HondurasKGError:
        """Replace a worker that died running a query, and say why to the client."""
        await asyncio.to_thread(worker.process.join, 5)  # its pipe closed: it is exiting
        code = worker.process.exitcode
        self._replace(worker)  # reads what it wrote, to the end
        cause = " (out of memory)" if worker.out_of_memory else ""
        log.error("query worker %s %s running a query%s", worker.pid, _how(code), cause)
        return _death_error(code, worker.out_of_memory, self.limits.worker_memory)

    async def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        stderr_reader, stderr_writer = _CONTEXT.Pipe(duplex=False)
        setup = WorkerSetup(self.limits.isolate_network, self.limits.worker_memory)
        process = _CONTEXT.Process(
            target=serve, args=(child, stderr_writer, self.factory, setup), daemon=True
        )
        try:
            # Off the event loop: starting sends the child its arguments (the store's dump,
            # for an in-memory store) through a pipe, and that waits until the new Python
            # has started and reads them, a second or more.
            await asyncio.to_thread(process.start)
        except (OSError, RuntimeError) as err:  # no process to be had (limits, bootstrapping)
            for end in (parent, child, stderr_reader, stderr_writer):
                end.close()
            raise errors.StoreError(f"A query worker failed to start: {err}") from err
        child.close()
        stderr_writer.close()
        worker = _Worker(process, parent, stderr_reader)
        self._workers.add(worker)
        loop = asyncio.get_running_loop()
        loop.add_reader(stderr_reader.fileno(), self._on_stderr, worker)
        try:
            ready = await asyncio.to_thread(parent.recv)
        except (EOFError, OSError):  # it died: let it finish, to learn how
            await asyncio.to_thread(process.join, 5)
            ready = ("failed", f"it {_how(process.exitcode)}")
        if ready[0] != "ready":
            self._forget(worker)
            await asyncio.to_thread(worker.stop, kill=True)
            raise self._failed_to_start(worker, ready[1])
        worker.confinement = ready[1]
        self._log_ready(worker)
        return worker

    def _failed_to_start(self, worker: _Worker, why: str) -> errors.StoreError:
        said = bytes(worker.last_words).decode("utf-8", "replace").strip()
        limit = self.limits.worker_memory
        under = f" (under worker_memory = {format_bytes(limit)})" if limit else ""
        return errors.StoreError(f"A query worker failed to start{under}: {why} {said}".strip())

    def _log_ready(self, worker: _Worker) -> None:
        confinement = worker.confinement
        assert confinement is not None
        if self.limits.isolate_network and not confinement.network_isolated and not self._warned:
            self._warned = True
            log.warning("query worker %s ready, without isolation: %s", worker.pid, confinement)
        else:
            log.info("query worker %s ready: %s", worker.pid, confinement)

    def _on_stderr(self, worker: _Worker) -> None:
        if not worker.read_stderr():
            asyncio.get_running_loop().remove_reader(worker.stderr.fileno())

    def _forget(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        with contextlib.suppress(ValueError, OSError):  # already closed
            asyncio.get_running_loop().remove_reader(worker.stderr.fileno())

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background."""
        self._forget(worker)
        worker.stop(kill=True)
        log.warning("query worker %s stopped; starting a replacement", worker.pid)
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._spawn())
            self._starting.add(task)
            task.add_done_callback(self._replacement_ready)

    def _replacement_ready(self, task: asyncio.Task[_Worker]) -> None:
        self._starting.discard(task)
        if task.cancelled():
            return
        if task.exception() is not None:
            log.error("a replacement query worker failed to start: %s", task.exception())
            return
        self._idle.put_nowait(task.result())


def _log_launch_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the query workers did not start: %s", task.exception())


def _death_error(
    code: int | None, out_of_memory: bool, limit: int | None
) -> errors.HondurasKGError:
    """What to tell the client whose query was running when its worker died.

    Memory is named when an allocator said it gave up; a SIGKILL from outside
    is most often the system's out-of-memory killer. A crash (a fault signal,
    an abort, an exit) is the query's doing, as far as the server can tell:
    it is refused (400), since it would crash the engine again. Anything else
    stopped the worker from outside.

    >>> type(_death_error(-11, False, None)).__name__
    'QueryCrashed'
    >>> type(_death_error(-6, True, 2**30)).__name__
    'OutOfMemory'
    >>> type(_death_error(-15, False, None)).__name__
    'StoreError'
    """
    if out_of_memory:
        return errors.OutOfMemory(out_of_memory_message(limit, replaced=True))
    if code == -signal.SIGKILL:
        return errors.OutOfMemory(
            "The query's worker was killed (SIGKILL), most likely by the system's out-of-memory "
            "killer; it has been replaced. Try again shortly, or ask for less."
        )
    if code is not None and (code > 0 or -code in _CRASH_SIGNALS):
        return errors.QueryCrashed(
            f"The query crashed the query engine (its worker {_how(code)}), so it is refused; "
            "the worker has been replaced. Very deep nesting or huge expressions can do this: "
            "simplify the query."
        )
    return errors.StoreError(
        f"The query's worker {_how(code)} from outside while running it; it has been replaced. "
        "Try again."
    )


def _how(code: int | None) -> str:
    """How a worker process ended, from its exit code, in words.

    >>> _how(-11), _how(1)
    ('was killed by SIGSEGV', 'exited with status 1')
    """
    if code is None:
        return "stopped answering"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-code).name}"
        return f"was killed by signal {-code}"
    return f"exited with status {code}"


def _rebuild_error(name: str, message: str) -> errors.HondurasKGError:
    """The worker's exception, rebuilt from its class name (exceptions cross pipes poorly)."""
    cls = getattr(errors, name, errors.StoreError)
    if not (isinstance(cls, type) and issubclass(cls, errors.HondurasKGError)):
        cls = errors.StoreError
    return cls(message)
