"""Response types: their schemas are built on first use, once, whoever asks first."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pydantic import TypeAdapter

from honduras_kg import lookups
from honduras_kg.curation.load import load_graph
from honduras_kg.lookups import ReadModel, results
from honduras_kg.model import schemas
from honduras_kg.namespaces import DEFAULT_BASE


def test_every_result_dataclass_is_documented_and_deferred():
    deferred = [
        value
        for value in vars(results).values()
        if isinstance(value, type) and value.__module__ == results.__name__
    ]
    assert len(deferred) > 20
    for cls in deferred:
        assert cls.__pydantic_config__ == {"defer_build": True}, cls
    adapter = TypeAdapter(results.EntityRef)
    assert not adapter.pydantic_complete  # nothing built yet
    described = adapter.json_schema()["properties"]["id"]["description"]
    assert described.startswith("The IRI's last")


def test_a_deferred_type_first_used_by_many_threads_at_once_answers_each_alike():
    index = ReadModel.from_graph(load_graph(), base=DEFAULT_BASE)
    entity = lookups.entity(index, "soto-cano")
    expected = TypeAdapter(results.Entity).dump_json(entity)
    for _ in range(5):
        adapter = TypeAdapter(results.Entity)  # deferred: built by the first to use it
        answers = _all_at_once(8, lambda a=adapter: a.dump_json(a.validate_python(entity)))
        assert answers == [expected] * 8


def _all_at_once(n: int, use: Callable[[], bytes]) -> list[bytes]:
    """What ``use`` gives in each of ``n`` threads, all started at the same moment."""
    start = threading.Barrier(n)
    answers: list[bytes] = []

    def run() -> None:
        start.wait()
        answers.append(use())

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_field_docstrings_read_the_text_under_each_field():
    found = schemas.field_docstrings('class A:\n    x: int\n    """Across."""\n    y: int\n')
    assert found == {"A": {"x": "Across."}}
