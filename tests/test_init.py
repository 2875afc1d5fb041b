"""The public API: what ``import honduras_kg`` promises."""

from __future__ import annotations

from pathlib import Path

import honduras_kg

PUBLIC = {
    "FORMATS",
    "Actor",
    "ExportFormat",
    "GraphStats",
    "Settings",
    "__version__",
    "centrality",
    "export",
    "format_stats",
    "graph_stats",
    "load_graph",
    "serialize",
    "to_networkx",
    "top_actors",
    "create_app",
    "load_queries",
    "open_store",
}


def test_all_is_the_public_api():
    assert set(honduras_kg.__all__) == PUBLIC
    assert all(hasattr(honduras_kg, name) for name in honduras_kg.__all__)


def test_every_export_is_listed():
    assert set(honduras_kg._EXPORTS) | {"__version__"} == set(honduras_kg.__all__)


def test_version_is_the_installed_one():
    assert honduras_kg.__version__ and honduras_kg.__version__[0].isdigit()


def test_the_package_is_typed():
    assert (Path(honduras_kg.__file__).parent / "py.typed").exists()
