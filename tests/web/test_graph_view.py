"""The graph view's routes: /api/graph, /graph, /graph/download and the vis-network files."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

SOTO = "https://w3id.org/honduras-kg/id/soto-cano"


def test_whole_graph(client: TestClient) -> None:
    data = client.get("/api/graph").json()
    assert {"nodes", "edges", "options", "legend", "path"} <= data.keys()
    assert SOTO in {n["id"] for n in data["nodes"]}
    assert not {n["type"] for n in data["nodes"]} & {"statement", "source"}


def test_focus_and_depth(client: TestClient) -> None:
    data = client.get("/api/graph", params={"focus": "soto-cano", "depth": 1}).json()
    whole = client.get("/api/graph").json()
    assert 1 < len(data["nodes"]) < len(whole["nodes"])
    assert [n["id"] for n in data["nodes"] if n["highlighted"]] == [SOTO]


def test_path(client: TestClient) -> None:
    params = {"from": "juan-orlando-hernandez", "to": "soto-cano"}
    path = client.get("/api/graph", params=params).json()["path"]
    assert path["nodes"][0].endswith("/juan-orlando-hernandez") and path["nodes"][-1] == SOTO
    assert path["hops"]
    # Frank's argument comes first; its claims' own edges are what the view highlights.
    assert path["kind"] == "argument" and path["why"][0] == "direct argument by Dana Frank"
    assert any(c.endswith("/frank-hypocrisy-of-soto-cano-justification") for c in path["claims"])
    assert any(e.endswith("/dana-frank") for e in path["entities"])


def test_filters(client: TestClient) -> None:
    every = client.get("/api/graph").json()["edges"]
    attributed = client.get("/api/graph", params={"hide": "statements,sources,unattributed"})
    assert any(e["unattributed"] for e in every)
    assert not any(e["unattributed"] for e in attributed.json()["edges"])
    people = client.get("/api/graph", params={"types": "person"}).json()["nodes"]
    assert {n["type"] for n in people} == {"person"}
    shown = client.get("/api/graph", params={"hide": ","}).json()["nodes"]
    assert {"statement", "source"} <= {n["type"] for n in shown}


def test_errors(client: TestClient) -> None:
    missing = client.get("/api/graph", params={"focus": "no-such-entity"})
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/graph", params={"depth": 0}).status_code == 422
    assert client.get("/api/graph", params={"depth": "x"}).status_code == 422
    assert client.get("/api/graph", params={"hide": "everything"}).status_code == 422


def test_page_and_vendor_files(client: TestClient) -> None:
    page = client.get("/graph")
    assert page.status_code == 200
    assert (
        "/vendor/vis/vis-network.min.js" in page.text
        and "https://" not in page.text.split("<body")[0]
    )
    js = client.get("/vendor/vis/vis-network.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert client.get("/vendor/vis/vis-network.css").status_code == 200
    assert client.get("/vendor/vis/other.js").status_code == 404


def test_documented_cached_and_validated(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/graph"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"focus", "from", "to", "size_by"}
    assert "GraphView" in schema["components"]["schemas"]
    first = client.get("/api/graph")
    assert first.headers["etag"] and first.headers["cache-control"]
    again = client.get("/api/graph", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    for params in (
        {"types": "person,wizard"},
        {"modalities": "rumoured"},
        {"date_from": "last year"},
        {"date_from": "2025-02-30"},
        {"date_from": "2025", "date_to": "2024"},
        {"size_by": "fame"},
    ):
        bad = client.get("/api/graph", params=params)
        assert bad.status_code == 422, params
        assert next(iter(params)) in bad.json()["detail"]
    # Like an unknown entity: a well-formed id of nothing in the graph.
    unknown = client.get("/api/graph", params={"sources": "no-such-source"})
    assert unknown.status_code == 404 and "sources: unknown no-such-source" in unknown.text


def test_size_by_and_modalities(client: TestClient) -> None:
    by_degree = {n["id"]: n["size"] for n in client.get("/api/graph").json()["nodes"]}
    by_rank = client.get("/api/graph", params={"size_by": "betweenness"}).json()["nodes"]
    assert by_degree != {n["id"]: n["size"] for n in by_rank}
    said = client.get("/api/graph", params={"modalities": "threatened,predicted"}).json()
    assert {e["modality"] for e in said["edges"]} == {"threatened", "predicted"}


def test_download_is_an_offline_attachment_of_the_same_view(client: TestClient) -> None:
    params = {"focus": "soto-cano", "hide": "statements,sources,unattributed"}
    answer = client.get("/graph/download", params=params)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-disposition"] == 'attachment; filename="honduras-kg-graph.html"'
    assert 'id="graph-data"' in answer.text and SOTO in answer.text
    assert not re.search(r"(src|href)=\"https?://", answer.text)
    assert client.get("/graph/download", params={"focus": "nobody"}).status_code == 404
    assert client.get("/graph/download", params={"types": "wizard"}).status_code == 422


def test_a_date_window_reads_dates_as_the_lookups_do(client: TestClient) -> None:
    """Issue 10: a claim "since 2024-06" is in every window after, on every route alike."""
    imprisoned = "https://w3id.org/honduras-kg/claim/hernandez-imprisoned-in-new-york"
    window = {"date_from": "2025"}
    graph = client.get("/api/graph", params=window).json()["edges"]
    timeline = client.get("/api/timeline", params=window).json()["entries"]
    relations = client.get("/api/entities/juan-orlando-hernandez/relations", params=window).json()[
        "relations"
    ]
    assert imprisoned in {e["claim"] for e in graph}
    assert imprisoned in {e["iri"] for e in timeline}
    assert imprisoned in {r["claim"]["iri"] for r in relations}
    dated = [e for e in graph if e["kind"] == "claim"]
    assert dated and all(e["date"] is not None for e in dated)  # undated claims drop out


def test_the_page_opens_on_the_story_centre(client: TestClient) -> None:
    """/graph with no view in its address draws Soto Cano's neighbourhood (graph.js reads
    the attribute); "Whole graph" (view=all) still draws everything."""
    assert 'data-start-focus="soto-cano"' in client.get("/graph").text


def test_a_focus_draws_a_bounded_neighbourhood_and_counts_the_rest(client: TestClient) -> None:
    few = client.get("/api/graph", params={"focus": "united-states", "limit": 5}).json()
    many = client.get("/api/graph", params={"focus": "united-states", "limit": 500}).json()
    assert len(few["nodes"]) <= 5 < len(many["nodes"])
    assert few["more"] == len(many["nodes"]) - len(few["nodes"]) > 0
    assert many["more"] == 0 and client.get("/api/graph").json()["more"] == 0
    assert client.get("/api/graph", params={"focus": "soto-cano", "limit": 0}).status_code == 422


def test_the_hub_of_a_large_graph_is_drawn_bounded_with_physics(tmp_path) -> None:
    """Issue 10's aim: the biggest hub's view is quick to lay out because it is bounded
    (nearest and best-linked first, the rest counted in ``more``), not because of timing."""
    from honduras_kg.curation.load import load_graph
    from honduras_kg.lookups import ReadModel, graph_view
    from honduras_kg.lookups.graph_view import VIEW_NODES
    from honduras_kg.namespaces import DEFAULT_BASE
    from honduras_kg.network.render import PHYSICS_LIMIT

    from ..benchmarks.synthetic import write_graph

    made = write_graph(tmp_path, nodes=1500, seed=1)
    index = ReadModel.from_graph(load_graph(tmp_path), base=DEFAULT_BASE)
    data = graph_view(index, focus=made.hub)
    assert made.hub_degree > VIEW_NODES
    assert len(data["nodes"]) <= VIEW_NODES <= PHYSICS_LIMIT
    assert data["more"] > 0
    assert data["options"]["physics"]["enabled"]
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 150


def test_one_legend_for_every_picture(client: TestClient) -> None:
    """/graph's legend and the entity page's picture draw each modality with the same line."""
    from honduras_kg.network.render import EDGE_STYLES, NODE_STYLES

    legend = client.get("/api/graph").json()["legend"]
    edges = [item for item in legend if item["kind"] == "edge"]
    covered = {modality for item in edges for modality in item["modalities"]}
    assert {"happened", "threatened", "stated", "denied", "unattributed"} <= covered
    threatened = EDGE_STYLES["threatened"]
    assert {"color": threatened.color, "dasharray": "10 6"}.items() <= next(
        item for item in edges if "threatened" in item["modalities"]
    ).items()
    page = client.get("/id/xiomara-castro", headers={"Accept": "text/html"}).text
    picture = page[page.index('<svg class="neighbourhood"') : page.index("</svg>")]
    line = f'stroke="{threatened.color}" stroke-width="2" stroke-dasharray="10 6"'
    assert line in picture  # a threatened claim's line and its legend key
    assert "threatened, pledged or predicted" in picture
    assert NODE_STYLES["population"].color != NODE_STYLES["group"].color
