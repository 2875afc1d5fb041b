"""Run queries in worker processes that can be stopped.

Neither rdflib nor pyoxigraph can cancel a query in progress, so ad-hoc
queries run in a small pool of worker processes, each holding its own store.
A query that passes its time limit has its worker killed and replaced while
the server goes on answering; when every worker is busy for longer than
``queue_wait``, the caller gets :class:`~honduras_kg.errors.Overloaded` (HTTP
503 with ``Retry-After``).

Answers are materialised in the worker (pyoxigraph iterators must be consumed
on the thread that made them) and cross the pipe as a
:class:`~honduras_kg.store.base.QueryResult`. Because the curated store is
read-only, answers are cached by query and dataset.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from honduras_kg import errors
from honduras_kg.store.base import QueryResult, Store

__all__ = ["PoolLimits", "QueryPool"]

log = logging.getLogger(__name__)

StoreFactory = Callable[[], Store]
_CONTEXT = multiprocessing.get_context("spawn")  # not fork: the server has threads


@dataclass(frozen=True)
class PoolLimits:
    """How much an ad-hoc query may take."""

    workers: int = 2
    timeout: float = 10.0
    row_limit: int = 10_000
    queue_wait: float = 2.0
    cache_size: int = 512


def _serve(conn: Connection, factory: StoreFactory) -> None:
    """A worker's life: open the store, then answer until told to stop."""
    store = factory()
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            break
        if message is None:
            break
        sparql, default_graphs, named_graphs, row_limit = message
        try:
            result = store.query(
                sparql,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                row_limit=row_limit,
            )
        except errors.HondurasKGError as err:
            conn.send(("error", type(err).__name__, str(err)))
        else:
            conn.send(("ok", result))
    store.close()


@dataclass(eq=False)  # workers are compared and hashed by identity
class _Worker:
    process: BaseProcess
    conn: Connection

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
        self.conn.close()


class QueryPool:
    """A fixed number of query workers, each with its own copy of the store."""

    def __init__(self, factory: StoreFactory, limits: PoolLimits, *, cache: bool = True):
        self.factory = factory
        self.limits = limits
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._cache: OrderedDict[tuple, QueryResult] = OrderedDict()
        self._cache_enabled = cache and limits.cache_size > 0
        self._closed = False

    async def start(self) -> None:
        """Start every worker and wait until each has its store open."""
        started = await asyncio.gather(*(self._spawn() for _ in range(self.limits.workers)))
        for worker in started:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        for worker in list(self._workers):
            await asyncio.to_thread(worker.stop)
        self._workers.clear()

    async def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> QueryResult:
        """Answer ``sparql`` within the pool's limits.

        Raises:
            Overloaded: no worker became free within ``queue_wait``.
            QueryTimeout: the query ran past ``timeout``; its worker was replaced.
            QuerySyntaxError, StoreError: as the store raised them.
        """
        key = (sparql, tuple(default_graphs), tuple(named_graphs))
        if self._cache_enabled and key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        result = await self._run(key)
        if self._cache_enabled:
            self._cache[key] = result
            if len(self._cache) > self.limits.cache_size:
                self._cache.popitem(last=False)
        return result

    async def _run(self, key: tuple) -> QueryResult:
        worker = await self._acquire()
        try:
            worker.conn.send((*key, self.limits.row_limit))
            reply = await self._receive(worker)
        except TimeoutError:
            self._replace(worker)
            raise errors.QueryTimeout(
                f"The query ran longer than {self.limits.timeout:g} s and was stopped. "
                "Narrow it (LIMIT, more specific patterns) and try again."
            ) from None
        except (EOFError, OSError) as err:
            self._replace(worker)
            raise errors.StoreError(f"A query worker failed: {err}") from None
        self._idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1]
        raise _rebuild_error(reply[1], reply[2])

    async def _acquire(self) -> _Worker:
        try:
            return await asyncio.wait_for(self._idle.get(), self.limits.queue_wait)
        except TimeoutError:
            raise errors.Overloaded(
                f"All {self.limits.workers} query workers are busy; try again shortly."
            ) from None

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

    async def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(child, self.factory), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.add(worker)
        ready = await asyncio.to_thread(parent.recv)
        if ready != ("ready",):
            raise errors.StoreError(f"query worker failed to start: {ready!r}")
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background."""
        self._workers.discard(worker)
        worker.stop(kill=True)
        log.warning("query worker %s stopped; starting a replacement", worker.process.pid)
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._spawn())
            task.add_done_callback(self._replacement_ready)

    def _replacement_ready(self, task: asyncio.Task[_Worker]) -> None:
        if task.cancelled() or task.exception() is not None:
            log.error("a replacement query worker failed to start: %s", task.exception())
            return
        self._idle.put_nowait(task.result())


def _rebuild_error(name: str, message: str) -> errors.HondurasKGError:
    """The worker's exception, rebuilt from its class name (exceptions cross pipes poorly)."""
    cls = getattr(errors, name, errors.StoreError)
    if not (isinstance(cls, type) and issubclass(cls, errors.HondurasKGError)):
        cls = errors.StoreError
    return cls(message)
