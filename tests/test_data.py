"""honduras_kg.data: the wheel's copy of graph/ and queries/ first, else the checkout's."""

from __future__ import annotations

from pathlib import Path

import pytest

from honduras_kg import data
from honduras_kg.config import Settings

CHECKOUT = Path(__file__).resolve().parents[1]


def test_an_editable_install_reads_the_checkouts_own_directories() -> None:
    # The test suite runs on `pip install -e .`: no copy, so an edit to graph/ is seen at once.
    assert data.CHECKOUT == CHECKOUT
    assert data.GRAPH_DIR == CHECKOUT / "graph"
    assert data.QUERIES_DIR == CHECKOUT / "queries"
    seeds = CHECKOUT.parent / "shared" / "seeds"
    assert seeds == data.SOURCES_DIR
    assert not (data.PACKAGED / "graph").exists()
    settings = Settings()
    assert (settings.graph_dir, settings.queries_dir) == (data.GRAPH_DIR, data.QUERIES_DIR)


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A package directory and a checkout, both empty, standing in for the real ones."""
    package, checkout = tmp_path / "package", tmp_path / "checkout"
    package.mkdir()
    checkout.mkdir()
    monkeypatch.setattr(data, "PACKAGED", package)
    monkeypatch.setattr(data, "CHECKOUT", checkout)
    return package, checkout


def test_the_packaged_copy_wins(layout: tuple[Path, Path]) -> None:
    package, checkout = layout
    (package / "graph").mkdir()
    (checkout / "graph").mkdir()
    assert data.locate("graph") == package / "graph"


def test_without_a_packaged_copy_the_checkout_is_read(layout: tuple[Path, Path]) -> None:
    _, checkout = layout
    assert data.locate("queries") == checkout / "queries"


def test_outside_a_checkout_the_missing_copy_is_named(
    layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    package, _ = layout
    monkeypatch.setattr(data, "CHECKOUT", None)
    assert data.locate("graph") == package / "graph"
