"""A TCP listener on loopback that counts the connections made to it.

For tests that prove nothing reaches out: point a graph IRI or a SERVICE at
``http://127.0.0.1:{listener.port}/`` and check ``listener.connections`` stays 0.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Listener", "listening"]


class Listener:
    """Accepts every connection, counting them; answers each with ``reply``, if any, and closes it.

    A ``reply`` (say, an HTTP response that is not SPARQL) is sent once the
    request has been read, so that a client gets as far as reading an answer.
    """

    def __init__(self, reply: bytes = b"") -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.reply = reply
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The listener's base URL."""
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with conn:
                if self.reply:
                    self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        with contextlib.suppress(OSError):
            conn.recv(65536)
            conn.sendall(self.reply)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@contextmanager
def listening(reply: bytes = b"") -> Iterator[Listener]:
    """A listener for the length of a ``with`` block."""
    listener = Listener(reply)
    try:
        yield listener
    finally:
        listener.close()
