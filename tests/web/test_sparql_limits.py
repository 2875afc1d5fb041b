"""The endpoint under the byte and memory limits: 413 for a large answer, 503 for memory,
caches that keep to their byte budget."""

from __future__ import annotations

from honduras_kg import errors
from honduras_kg.config import Settings
from honduras_kg.sparql.guard import inspect_query
from honduras_kg.web.errors import status_of

from .conftest import client_for


def doubling(times: int) -> str:
    """A 10-character string doubled ``times`` times (10 MiB at 20, 160 MiB at 24)."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    return f'SELECT ?a{times} WHERE {{ BIND("abcdefghij" AS ?a0) {binds} }}'


def test_an_answer_past_max_answer_bytes_is_413_naming_the_limit():
    with client_for(Settings(query_workers=1, max_answer_bytes=1024**2)) as client:
        refused = client.get("/sparql", params={"query": doubling(17)})  # 1.25 MiB
        assert refused.status_code == 413
        assert refused.headers["content-type"] == "application/problem+json"
        assert "1 MiB" in refused.json()["detail"]
        assert "max_answer_bytes" in refused.json()["detail"]
        answered = client.get("/sparql", params={"query": doubling(16)})  # 640 KiB
        assert answered.status_code == 200
        assert len(answered.json()["results"]["bindings"][0]["a16"]["value"]) == 10 * 2**16


def test_a_query_that_exhausts_its_workers_memory_is_503_and_the_next_is_answered():
    settings = Settings(query_workers=1, worker_memory=400 * 1024**2, queue_wait=60)
    with client_for(settings) as client:
        response = client.get("/sparql", params={"query": doubling(24)})
        assert response.status_code == 503
        assert response.headers["retry-after"]
        assert "400 MiB, the worker_memory setting" in response.json()["detail"]
        after = client.get("/sparql", params={"query": "ASK { hk:honduras ?p ?o }"})
        assert after.status_code == 200 and after.json()["boolean"] is True


def test_the_written_answer_cache_keeps_to_its_byte_budget():
    settings = Settings(query_workers=1, answer_cache_bytes=200 * 1024)
    with client_for(settings) as client:
        answers = client.app.state.services.answers
        for times in range(8, 16):  # 2.5 KiB to 320 KiB of JSON each
            assert client.get("/sparql", params={"query": doubling(times)}).status_code == 200
            assert answers.size <= 200 * 1024
        assert answers.get((key(doubling(15)), (), (), "json")) is None  # larger than the budget
        assert answers.get((key(doubling(14)), (), (), "json")) is not None


def key(text: str) -> str:
    return inspect_query(text).key


def test_texts_that_differ_only_in_comments_share_one_answer():
    with client_for(Settings(query_workers=1)) as client:
        services = client.app.state.services
        first = client.get("/sparql", params={"query": "SELECT * WHERE { ?s a hko:Claim }"})
        sizes = services.answers.size, services.pool.cache.size
        text = "# again\nSELECT *\nWHERE { ?s a hko:Claim }  # all"
        again = client.get("/sparql", params={"query": text})
        assert again.status_code == 200 and again.content == first.content
        assert (services.answers.size, services.pool.cache.size) == sizes


def test_a_query_that_crashes_the_engine_is_refused_not_a_server_error():
    assert status_of(errors.QueryCrashed("it crashed"))[0] == 400
