"""A real Virtuoso for tests: started in a temporary directory on free loopback ports.

The Debian package ``virtuoso-opensource`` provides ``/usr/bin/virtuoso-t``;
without it the tests that need a server skip, naming the package (they fail
under ``CI=true``: see ``tests/system.py``). Use :func:`running_virtuoso` (a
context manager) from a session fixture, as ``tests/store/conftest.py`` does.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError

import pytest

from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.store import RemoteStore, graph_prefix, service_iri

from ..system import require

VIRTUOSO = Path("/usr/bin/virtuoso-t")
#: The package's configuration (its install script copies the /usr/share one to /etc).
VIRTUOSO_INI = next(
    (
        path
        for path in (
            Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
            Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
        )
        if path.exists()
    ),
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
)
VIRTUOSO_DB = "/var/lib/virtuoso-opensource-7/db"
INSTALL_HINT = "apt-get install -y --no-install-recommends virtuoso-opensource"

#: Seconds Virtuoso may take to answer its first query, and to stop.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its HTTP port and the dba account (loopback tests only)."""

    process: subprocess.Popen[bytes]
    directory: Path
    http_port: int
    user: str = "dba"
    password: str = "dba"

    @property
    def sparql_url(self) -> str:
        """The SPARQL 1.1 query endpoint (no authentication)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        """The SPARQL 1.1 update endpoint (HTTP digest authentication)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    def log(self) -> str:
        """The end of the server's log, for failure messages."""
        path = self.directory / "virtuoso.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"


def free_ports(count: int) -> list[int]:
    """Distinct TCP ports free on loopback right now."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def virtuoso_ini(
    directory: Path, sql_port: int, http_port: int, *, result_rows: int | None = None
) -> str:
    """The packaged configuration, moved into ``directory`` and onto loopback ports; with
    ``result_rows``, answers are cut there instead of at the packaged 10,000 rows."""
    text = VIRTUOSO_INI.read_text().replace(VIRTUOSO_DB, str(directory))
    section, lines = "", []
    for line in text.splitlines():
        if header := re.match(r"\s*\[(.+)\]", line):
            section = header.group(1)
        if re.match(r"\s*ServerPort\s*=", line):
            port = {"Parameters": sql_port, "HTTPServer": http_port}.get(section)
            line = f"ServerPort = 127.0.0.1:{port}" if port else line
        if section == "Plugins" and re.match(r"\s*Load\d+\s*=", line):
            line = ";" + line  # the wiki and WBXML plugins only slow the start
        if result_rows is not None and re.match(r"\s*ResultSetMaxRows\s*=", line):
            line = f"ResultSetMaxRows = {result_rows}"
        if re.match(r"\s*VADInstallDir\s*=", line):
            line = f"VADInstallDir = {directory}/"  # no web admin (Conductor) to install
        lines.append(line)
    return "\n".join(lines) + "\n"


def start_virtuoso(directory: Path, *, result_rows: int | None = None) -> Virtuoso:
    """Start ``virtuoso-t`` in ``directory`` and wait until it answers SPARQL."""
    require(VIRTUOSO, "a real Virtuoso, Debian's virtuoso-opensource", INSTALL_HINT)
    sql_port, http_port = free_ports(2)
    ini = directory / "virtuoso.ini"
    ini.write_text(virtuoso_ini(directory, sql_port, http_port, result_rows=result_rows))
    with open(directory / "stdout.log", "wb") as out:
        process = subprocess.Popen(
            [str(VIRTUOSO), "-f", "-c", str(ini)],
            cwd=directory,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Virtuoso(process, directory, http_port)
    _wait_until_up(server)
    return server


def _wait_until_up(server: Virtuoso) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    probe = server.sparql_url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"Virtuoso exited ({server.process.returncode}):\n{server.log()}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    stop_virtuoso(server)
    pytest.fail(f"Virtuoso did not answer within {START_TIMEOUT:g} s:\n{server.log()}")


def stop_virtuoso(server: Virtuoso) -> None:
    """Terminate the server; kill it if it does not stop in time."""
    if server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=STOP_TIMEOUT)


@contextmanager
def running_virtuoso(*, result_rows: int | None = None) -> Iterator[Virtuoso]:
    """A Virtuoso, empty at the start; stopped and its directory deleted at the end.
    ``result_rows`` as in :func:`virtuoso_ini`."""
    directory = Path(tempfile.mkdtemp(prefix="honduras-kg-virtuoso-"))
    try:
        server = start_virtuoso(directory, result_rows=result_rows)
        try:
            yield server
        finally:
            stop_virtuoso(server)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def remote_store(server: Virtuoso) -> RemoteStore:
    """The project's store over ``server``'s query endpoint, for the default base."""
    return RemoteStore(
        server.sparql_url,
        graph_prefix=graph_prefix(DEFAULT_BASE),
        base_iri=service_iri(DEFAULT_BASE),
    )
