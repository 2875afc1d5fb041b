"""The pyvis rendering of a projection: styles, legend, escaping, no CDN."""

from __future__ import annotations

import json
import re

import networkx as nx

from honduras_kg.network.render import (
    NODE_STYLES,
    PHYSICS_LIMIT,
    VIS_DIR,
    legend,
    network_data,
    script_json,
)
from honduras_kg.network.view import ViewFilter, select

HOSTILE = '<img src=x onerror="alert(1)"></script>'


def _net() -> nx.MultiDiGraph:
    net = nx.MultiDiGraph()
    net.add_node("p", id="p", label=HOSTILE, type="person")
    net.add_node("b", id="b", label="Soto Cano", type="base")
    net.add_node("s", id="s", label="United States", type="state")
    net.add_edge(
        "p",
        "b",
        key="c1",
        kind="claim",
        relation="threatened",
        modality="threatened",
        standing="attributed",
        quotes=["lose all reason to exist"],
    )
    net.add_edge(
        "s",
        "b",
        key="c2",
        kind="claim",
        relation="operates",
        modality="happened",
        standing="attributed",
        quotes=[],
    )
    net.add_edge(
        "p",
        "s",
        key="c3",
        kind="claim",
        relation="opposes",
        modality="happened",
        standing="unattributed",
        quotes=[],
    )
    return net


def test_nodes_are_styled_by_type() -> None:
    nodes = {n["entity"]: n for n in network_data(_net())["nodes"]}
    assert nodes["b"]["shape"] == NODE_STYLES["base"].shape
    assert nodes["b"]["color"] == NODE_STYLES["place"].color
    assert nodes["s"]["color"] == NODE_STYLES["state"].color != NODE_STYLES["person"].color


def test_modality_and_attribution_change_the_line() -> None:
    edges = {e["id"].split("#")[0]: e for e in network_data(_net())["edges"]}
    assert edges["c2"]["dashes"] is False
    assert edges["c1"]["dashes"] and edges["c1"]["color"] != edges["c2"]["color"]
    assert edges["c3"]["dashes"] != edges["c1"]["dashes"] and edges["c3"]["unattributed"]
    assert edges["c1"]["label"] == "threatened"
    assert edges["c1"]["quotes"] == ["lose all reason to exist"]


def test_legend_names_every_style() -> None:
    labels = {item["label"] for item in legend()}
    assert {"person", "state", "statement", "source", "unattributed claim"} <= labels
    assert network_data(_net())["legend"] == legend()


def test_size_follows_centrality() -> None:
    nodes = {n["entity"]: n for n in network_data(_net())["nodes"]}
    assert nodes["b"]["size"] >= nodes["s"]["size"]


def test_large_graphs_get_a_fixed_layout() -> None:
    small = network_data(_net())
    assert small["options"]["physics"]["enabled"] is True
    big = network_data(_net(), physics_limit=1)
    assert big["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in big["nodes"])
    assert PHYSICS_LIMIT > 1


def test_hostile_label_stays_data() -> None:
    data = network_data(_net())
    text = script_json(data)
    assert "<" not in text and ">" not in text
    assert json.loads(text)["nodes"][0]["label"] in {HOSTILE, "Soto Cano", "United States"}
    assert HOSTILE in {n["label"] for n in json.loads(text)["nodes"]}


def test_no_cdn_in_the_data() -> None:
    text = json.dumps(network_data(_net()))
    assert not re.search(r"https?://[^\"]*(cdn|unpkg|jsdelivr|cloudflare)", text)
    assert (VIS_DIR / "vis-network.min.js").is_file()


def test_filters_hide_unattributed_and_types() -> None:
    kept = select(_net(), ViewFilter(hide_unattributed=True))
    assert sorted(k for _, _, k in kept.edges(keys=True)) == ["c1", "c2"]
    assert sorted(select(_net(), ViewFilter(types=["base", "state"])).nodes()) == ["b", "s"]
