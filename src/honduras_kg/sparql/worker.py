"""A query worker's life, in its own process: confine itself, open the store, answer.

The parent side is :mod:`honduras_kg.sparql.pool`. Over the pipe, the worker gets a
:class:`Request` (or ``None``: stop) and answers with a tuple:

* ``("ready", Confinement)`` once the store is open (``("failed", why)`` if it
  will not open);
* ``("ok", QueryResult, footprint)``: the answer, and roughly the bytes it
  takes in memory (for the pool's cache);
* ``("error", class name, message, details)``: a project error by name, with
  a message for the client; ``details`` is a traceback for the server's log
  when the failure was unexpected, else empty.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from honduras_kg import errors
from honduras_kg.sparql.sandbox import confine
from honduras_kg.store.base import QueryResult, Store
from honduras_kg.store.terms import format_bytes, row_bytes

__all__ = [
    "Request",
    "StoreFactory",
    "WorkerSetup",
    "answer",
    "footprint",
    "out_of_memory_message",
    "serve",
]

StoreFactory = Callable[[], Store]

#: Rough bytes of bookkeeping per row and per term of a result held in Python.
_ROW_OVERHEAD = 200
_TERM_OVERHEAD = 200
#: How much of an unexpected error's message reaches the client.
_MESSAGE_CHARS = 500


@dataclass(frozen=True)
class WorkerSetup:
    """How a worker confines itself (see :func:`honduras_kg.sparql.sandbox.confine`)."""

    isolate_network: bool
    memory: int | None


@dataclass(frozen=True)
class Request:
    """One query for a worker."""

    sparql: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    row_limit: int | None = None
    max_bytes: int | None = None


def serve(conn: Connection, stderr: Connection, factory: StoreFactory, setup: WorkerSetup) -> None:
    """A worker's life: confine itself, open the store, then answer until told to stop."""
    os.dup2(stderr.fileno(), 2)  # a crash's last words (Rust and C write to fd 2) reach the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle, not ours
    confinement = confine(isolate_network=setup.isolate_network, memory=setup.memory)
    try:
        store = factory()
    except Exception as err:  # the boundary of a new process: tell the pool why, then end
        conn.send(("failed", _describe(err)))
        return
    conn.send(("ready", confinement))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            break
        if request is None:
            break
        _send(conn, answer(store, request, setup.memory))
    store.close()


def answer(store: Store, request: Request, memory: int | None = None) -> tuple:
    """The reply to ``request``: never raises for what one query does.

    >>> from honduras_kg.store import OxigraphStore
    >>> store = OxigraphStore.from_graphs([("urn:g", "<urn:s> <urn:p> <urn:o> .\\n")])
    >>> reply = answer(store, Request("ASK { ?s ?p ?o }"))
    >>> reply[0], reply[1].boolean
    ('ok', True)
    >>> answer(store, Request("SELECT nothing"))[:2]
    ('error', 'QuerySyntaxError')
    """
    try:
        result = store.query(
            request.sparql,
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
            row_limit=request.row_limit,
            max_bytes=request.max_bytes,
        )
        return ("ok", result, footprint(result))
    except errors.HondurasKGError as err:
        return ("error", type(err).__name__, str(err), "")
    except MemoryError:
        return _out_of_memory(memory)
    except BaseException as err:
        # The worker's boundary: whatever one query does to the engine (pyoxigraph raises
        # RuntimeError for a SERVICE that answers something other than SPARQL results; pyo3
        # panics derive from BaseException) is that query's answer, and the worker goes on.
        if isinstance(err, (KeyboardInterrupt, SystemExit)):
            raise
        message = f"The {store.name} store failed on this query: {_describe(err)}"
        return ("error", "StoreError", message, traceback.format_exc())


def footprint(result: QueryResult) -> int:
    """Roughly how many bytes ``result`` takes in memory.

    >>> footprint(QueryResult(kind="graph", ntriples="x" * 1000)) >= 1000
    True
    """
    if result.kind == "graph":
        return len(result.ntriples) + _ROW_OVERHEAD
    return (
        sum(_ROW_OVERHEAD + _TERM_OVERHEAD * len(row) + row_bytes(row) for row in result.rows)
        + _ROW_OVERHEAD
    )


def _send(conn: Connection, reply: tuple) -> None:
    try:
        conn.send(reply)
    except MemoryError:  # pickling the answer needs a copy of it
        conn.send(_out_of_memory(None))
    except Exception as err:  # an answer that will not pickle: say so rather than die
        conn.send(("error", "StoreError", f"The answer could not be sent: {_describe(err)}", ""))


def _out_of_memory(memory: int | None) -> tuple:
    return ("error", "OutOfMemory", out_of_memory_message(memory), "")


def out_of_memory_message(limit: int | None, *, replaced: bool = False) -> str:
    """What the client is told when a query needed more than ``limit`` bytes.

    >>> out_of_memory_message(2 * 1024**3)[:70]
    'The query needed more memory than a query worker may use (2 GiB, the w'
    """
    size = f" ({format_bytes(limit)}, the worker_memory setting)" if limit else ""
    then = "; its worker has been replaced" if replaced else ""
    return (
        f"The query needed more memory than a query worker may use{size}, and was stopped{then}. "
        "Ask for less: fewer or shorter values, or a LIMIT."
    )


def _describe(err: BaseException) -> str:
    """An exception in one line, never empty.

    >>> _describe(RuntimeError("Unsupported Content-Type"))
    'RuntimeError: Unsupported Content-Type'
    >>> _describe(MemoryError())
    'MemoryError (no detail)'
    """
    text = " ".join(str(err).split())[:_MESSAGE_CHARS]
    return f"{type(err).__name__}: {text}" if text else f"{type(err).__name__} (no detail)"
