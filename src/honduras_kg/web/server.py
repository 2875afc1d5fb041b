"""Running the app under uvicorn, in the order that tells an operator of a problem at once.

1. :func:`listen` binds the port: a port in use fails before anything loads.
2. :func:`run` starts the services (the store opened and checked, the graph
   indexed, the query workers started). SIGTERM or SIGINT meanwhile stops the
   process within a moment, workers included.
3. uvicorn serves on the bound socket; from then on SIGTERM and SIGINT shut it
   down gracefully, as uvicorn does.

A start-up that fails raises the project's error (a refused store, a file
that does not parse) for the caller to print; nothing is served.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import multiprocessing
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import uvicorn

from honduras_kg.config import Settings
from honduras_kg.store.ondisk import stale_sources
from honduras_kg.web.app import create_app
from honduras_kg.web.services import start_services

__all__ = ["listen", "run", "url"]

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

_WHY = {
    errno.EADDRINUSE: "the port is already in use (another server?): stop it, or choose "
    "another --port",
    errno.EACCES: "permission denied (ports below 1024 need privileges): choose another --port",
    errno.EADDRNOTAVAIL: "this machine has no such address: choose another --host",
}


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening (port 0: any free port).

    Raises ``OSError`` whose text says what to do.

    >>> with listen("127.0.0.1", 0) as sock:
    ...     sock.getsockname()[1] > 0
    True
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host, port), family=family)
    except socket.gaierror as err:
        raise OSError(errno.EADDRNOTAVAIL, f"cannot listen on {host}: {err.strerror}") from None
    except OSError as err:
        why = _WHY.get(err.errno or 0, err.strerror)
        raise OSError(err.errno, f"cannot listen on {host}:{port}: {why}") from None
    # asyncio turns Nagle off only on sockets made with proto=IPPROTO_TCP, which
    # create_server's are not; connections accepted here inherit this option.
    # Without it a keep-alive client waits ~40 ms (delayed ACK) for every answer.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def url(sock: socket.socket) -> str:
    """The http URL a listening socket answers on.

    >>> with listen("127.0.0.1", 0) as sock:
    ...     url(sock).startswith("http://127.0.0.1:")
    True
    """
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def run(settings: Settings, sock: socket.socket, *, say: Callable[[str], None] = print) -> None:
    """Start the services, then serve the app on ``sock`` until a signal stops it.

    ``say`` receives the lines an operator should read (ready, warnings).
    Raises what :func:`~honduras_kg.web.services.start_services` raises.
    """
    asyncio.run(_serve(settings, sock, say))


async def _serve(settings: Settings, sock: socket.socket, say: Callable[[str], None]) -> None:
    with _stop_on_signals():
        services = await start_services(settings)
    for line in _warnings(settings):
        say(line)
    app = create_app(settings, services=services)
    server = uvicorn.Server(uvicorn.Config(app, log_level="info", lifespan="on"))
    say(f"serving the {settings.store} store on {url(sock)} (Ctrl+C to stop)")
    await server.serve(sockets=[sock])


def _warnings(settings: Settings) -> list[str]:
    """What the operator should know before the first request."""
    if settings.store != "oxigraph" or settings.store_path is None:
        return []
    changed = stale_sources(settings.store_path, settings.graph_dir)
    if not changed:
        return []
    return [
        f"warning: the files of {settings.graph_dir} have changed since the store in "
        f"{settings.store_path} was loaded ({', '.join(changed)}); serving the store as "
        f"loaded. To serve the files as they are: honduras-kg load --store-path "
        f"{settings.store_path}"
    ]


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """While the services start, SIGTERM and SIGINT end the process at once."""
    previous = {sig: signal.signal(sig, _stop_now) for sig in _STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop_now(signum: int, frame: FrameType | None) -> None:
    # Start-up cannot be unwound quickly: a thread building the index cannot be
    # stopped, and a worker loading its store does not read its pipe yet. Nothing
    # is written while starting, so kill the workers and leave without waiting.
    children = multiprocessing.active_children()
    for child in children:
        child.kill()
    for child in children:
        child.join(1)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, RuntimeError):  # closed, or mid-write
            stream.flush()
    name = signal.Signals(signum).name
    os.write(2, f"honduras-kg: start-up stopped by {name}\n".encode())
    os._exit(128 + signum)  # a shell's status for "ended by this signal"
