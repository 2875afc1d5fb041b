"""Fixtures for the web layer: a test client per settings, and a live server on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi.testclient import TestClient

from honduras_kg.config import Settings
from honduras_kg.web import create_app


@contextmanager
def client_for(settings: Settings) -> Iterator[TestClient]:
    """A test client whose app has started (store open, workers running)."""
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app on the curated graph with default limits."""
    with client_for(Settings()) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """The app under uvicorn on an ephemeral loopback port; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    """A live server on the curated graph."""
    with live_server(Settings()) as url:
        yield url
