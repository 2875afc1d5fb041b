"""Serving under uvicorn: the port first, then a start-up that a signal stops at once."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from honduras_kg.store import load_into_directory
from honduras_kg.web.server import listen, url

from ..processes import Child, gone, kill_load_at

#: The line ``serve`` prints once it answers.
READY = re.compile(r"honduras-kg: serving the \w+ store on (http://\S+/)")

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_listen_refuses_a_port_in_use():
    with listen("127.0.0.1", 0) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=f"127.0.0.1:{port}: the port is already in use"):
            listen("127.0.0.1", port)


def test_listen_refuses_an_address_this_machine_does_not_have():
    with pytest.raises(OSError, match="no such address"):
        listen("192.0.2.1", 0)  # TEST-NET-1: never assigned to a machine


def test_url_of_a_listening_socket():
    with listen("127.0.0.1", 0) as sock:
        assert url(sock) == f"http://127.0.0.1:{sock.getsockname()[1]}/"


def test_connections_send_at_once():
    """Nagle off on every accepted connection: a keep-alive client would otherwise wait
    ~40 ms (its delayed ACK) for each answer written in two parts."""
    with listen("127.0.0.1", 0) as sock, socket.create_connection(sock.getsockname()):
        accepted, _ = sock.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_during_start_up_stops_it_and_its_workers(mini_dir: Path, stop: signal.Signals):
    """The workers and the index never finish starting (tests/hooks/slow_start.py)."""
    args = ("serve", "--graph", str(mini_dir), "--port", "0", "--workers", "2")
    with Child(*args, hook="slow_start.py") as child:
        lines = child.wait_for(
            lambda lines: "indexing" in lines and sum(x.startswith("worker ") for x in lines) == 2
        )
        workers = [int(line.split()[1]) for line in lines if line.startswith("worker ")]
        child.process.send_signal(stop)
        assert child.end(timeout=15) == 128 + stop
        assert f"start-up stopped by {stop.name}" in child.stderr()
        assert "Traceback" not in child.stderr()
    assert all(gone(pid) for pid in workers)


def test_lookups_answer_while_the_query_workers_still_start(mini_dir: Path):
    """The workers never finish starting (tests/hooks/slow_workers.py): the pages and the
    REST lookups answer all the same, and a signal still stops the server and them."""
    args = ("serve", "--graph", str(mini_dir), "--port", "0", "--workers", "2")
    with Child(*args, hook="slow_workers.py") as child:
        lines = child.wait_for(
            lambda lines: any(map(READY.match, lines))
            and sum(x.startswith("worker ") for x in lines) == 2
        )
        workers = [int(line.split()[1]) for line in lines if line.startswith("worker ")]
        base = next(m.group(1) for m in map(READY.match, lines) if m)
        with urllib.request.urlopen(f"{base}api/entities/soto-cano", timeout=30) as answer:
            assert answer.status == 200
        child.process.send_signal(signal.SIGTERM)
        child.end()
        assert "Traceback" not in child.stderr()
    assert all(gone(pid) for pid in workers)


def test_after_a_killed_load_the_old_store_is_served(mini_dir: Path, tmp_path: Path):
    """Killed once the new store is complete but not swapped in: serve gets the old one."""
    store = tmp_path / "store"
    counts = load_into_directory(store, mini_dir)
    changed = shutil.copytree(mini_dir, tmp_path / "graph")
    (changed / "extra.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    kill_load_at("before-swap", store, changed)
    args = ("serve", "--store-path", str(store), "--graph", str(changed), "--port", "0")
    with Child(*args) as child:
        lines = child.wait_for(lambda lines: any(READY.match(x) for x in lines))
        warning = next(x for x in lines if "warning:" in x)
        assert "extra.ttl (added)" in warning and "serving the store as loaded" in warning
        base = next(m.group(1) for m in map(READY.match, lines) if m)
        assert count(base) == sum(counts.values())
        child.process.send_signal(signal.SIGTERM)
        child.end()


def count(base: str) -> int:
    """The triples the server at ``base`` holds, asked over the SPARQL protocol."""
    query = urllib.parse.urlencode({"query": COUNT})
    request = urllib.request.Request(f"{base}sparql?{query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(answer.read().decode().split()[1])
