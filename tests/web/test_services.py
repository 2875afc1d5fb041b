"""The services of a running app: the warm-up starts once the app is built."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from honduras_kg.config import Settings
from honduras_kg.lookups import ReadModel
from honduras_kg.web import services
from honduras_kg.web.app import create_app


def test_the_app_starts_the_warm_up_of_its_read_model_once_it_runs(monkeypatch):
    warmed: list[ReadModel] = []
    done = threading.Event()

    def warm(index: ReadModel) -> None:
        warmed.append(index)
        done.set()

    monkeypatch.setattr(services, "_warm", warm)
    app = create_app(Settings())
    assert not warmed  # building the app starts nothing
    with TestClient(app) as client:
        assert done.wait(30)
        assert warmed == [app.state.services.index]
        assert client.get("/api/entities/soto-cano").status_code == 200


def test_the_rdflib_store_is_not_warmed_up(monkeypatch):
    # Its parser is process-wide state: one query at a time, the readers' own.
    warmed: list[ReadModel] = []
    monkeypatch.setattr(services, "_warm", warmed.append)
    with TestClient(create_app(Settings(store="rdflib"))) as client:
        assert client.get("/api/entities/soto-cano").status_code == 200
    assert not warmed
