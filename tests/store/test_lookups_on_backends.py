"""Every lookup answers the same on every backend: the read model asks, the store answers.

The rdflib backend is the reference; Oxigraph (in memory and on disk) and a
real Virtuoso (``remote``) must give the very same records, and so must a
Virtuoso that cuts its answers short (as its packaged ``ResultSetMaxRows``
does on a large graph), read in pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from honduras_kg import lookups
from honduras_kg.curation.load import DEFAULT_GRAPH_DIR
from honduras_kg.lookups import ReadModel
from honduras_kg.namespaces import DEFAULT_BASE
from honduras_kg.network.view import ViewFilter
from honduras_kg.store import (
    RdflibStore,
    RemoteStore,
    Store,
    push_graph_dir,
)

from .virtuoso import remote_store, running_virtuoso

JOH = "juan-orlando-hernandez"


@pytest.fixture(scope="module")
def reference(rdflib_store: RdflibStore) -> ReadModel:
    return ReadModel.from_store(rdflib_store, base=DEFAULT_BASE)


@pytest.fixture(scope="module")
def expected(reference: ReadModel) -> dict[str, object]:
    return answers(reference)


def answers(model: ReadModel) -> dict[str, object]:
    """A broad sample of what the lookups answer, as plain data."""
    found: dict[str, object] = {
        "stats": lookups.stats(model),
        "sources": lookups.sources(model),
        "timeline": lookups.timeline(model),
        "timeline 2025": lookups.timeline(model, date_from="2025"),
        "statements": lookups.statements(model),
        "search us": lookups.search(model, "us"),
        "search hernandez": lookups.search(model, "hernández"),
        "paths": lookups.paths(model, JOH, "soto-cano", k=5),
        "paths attributed": lookups.paths(model, "xiomara-castro", "donald-trump", k=3,
                                          exclude_unattributed=True),
        "graph view": lookups.graph_view(model, ViewFilter(modalities=["threatened"])),
        "graph focus": lookups.graph_view(model, focus="soto-cano", depth=2),
    }  # fmt: skip
    for source in lookups.sources(model):
        found[f"source {source.id}"] = lookups.source(model, source.id)
    for id in sorted(model.refs):
        found[f"entity {id}"] = lookups.entity(model, id)
        found[f"neighbourhood {id}"] = lookups.neighbourhood(model, id, depth=2)
        found[f"timeline {id}"] = lookups.timeline(model, entity=id)
        found[f"said {id}"] = lookups.statements(model, speaker=id)
    return {
        key: dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value
        for key, value in found.items()
    }


def test_every_lookup_answers_as_the_reference_does(store: Store, reference, expected):
    model = ReadModel.from_store(store, base=DEFAULT_BASE)
    got = answers(model)
    assert got.keys() == expected.keys()
    assert [key for key in expected if got[key] != expected[key]] == []
    assert model.etag == reference.etag


@pytest.fixture(scope="module")
def capped_store() -> Iterator[RemoteStore]:
    """A Virtuoso of its own that answers at most 200 rows, holding the curated graph."""
    with running_virtuoso(result_rows=200) as server:
        push_graph_dir(
            server.update_url, DEFAULT_GRAPH_DIR, user=server.user, password=server.password
        )
        store = remote_store(server)
        yield store
        store.close()


def test_a_virtuoso_that_cuts_answers_short_is_read_in_pages(capped_store, expected, caplog):
    assert capped_store.query("SELECT ?s WHERE { ?s ?p ?o }").truncated
    model = ReadModel.from_store(capped_store, base=DEFAULT_BASE)
    with caplog.at_level("INFO", logger="honduras_kg.store.rows"):
        got = answers(model)
    assert "pages of 200 rows" in caplog.text
    assert [key for key in expected if got[key] != expected[key]] == []
