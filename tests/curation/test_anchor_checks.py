"""The gate's anchor rule: a tampered, missing or orphan anchor fails it, with and without texts.

Each test writes the valid fixture's anchors again with one change
(through ``anchors_turtle``, as ``honduras-kg anchor`` writes them) and runs
the gate with the test texts, and with none.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from honduras_kg.curation.anchors import (
    ANCHORS_FILE,
    Anchor,
    Anchoring,
    anchors_turtle,
    checksum_of,
    quoted_sources,
    read_anchors,
)
from honduras_kg.curation.load import DEFAULT_GRAPH_DIR, load_graph
from honduras_kg.curation.validate import Report, validate

from ..system import require

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = DATA / "valid"
SOURCES = DATA / "sources"
SEEDS = DEFAULT_GRAPH_DIR.parents[1] / "shared" / "seeds"


def fixture_anchoring() -> Anchoring:
    """The anchors and fingerprints of the valid fixture, as its anchors.ttl holds them."""
    graph = load_graph(VALID)
    anchors = [a for a in read_anchors(graph).values() if a is not None]
    checksums = {src: checksum_of(graph, src) for src, _ in quoted_sources(graph)}
    return Anchoring(anchors, {src: c for src, c in checksums.items() if c is not None})


def gate(tmp_path: Path, change: Callable[[Anchoring], None], *, texts: bool) -> Report:
    """The gate on the valid fixture whose anchors ``change`` altered."""
    graph_dir = shutil.copytree(VALID, tmp_path / "graph", dirs_exist_ok=True)
    anchoring = fixture_anchoring()
    change(anchoring)
    (graph_dir / ANCHORS_FILE).write_text(anchors_turtle(anchoring), encoding="utf-8")
    ontology, shapes = DEFAULT_GRAPH_DIR / "ontology.ttl", DEFAULT_GRAPH_DIR / "shapes.ttl"
    return validate(
        graph_dir, sources_dir=SOURCES if texts else None, ontology=ontology, shapes=shapes
    )


def edit_first(**changes: object) -> Callable[[Anchoring], None]:
    def change(anchoring: Anchoring) -> None:
        anchoring.anchors[0] = dataclasses.replace(anchoring.anchors[0], **changes)  # type: ignore[arg-type]

    return change


def shift(by: int) -> Callable[[Anchoring], None]:
    """Move the first anchor's offsets, keeping them as far apart as its exact text is long."""

    def change(anchoring: Anchoring) -> None:
        first = anchoring.anchors[0]
        moved = dataclasses.replace(first, start=first.start + by, end=first.end + by)
        anchoring.anchors[0] = moved

    return change


def only_problem(report: Report) -> str:
    assert len(report.problems) == 1, report.format()
    [problem] = report.problems
    assert problem.rule == "anchor" and "honduras-kg anchor" in problem.fix
    assert problem.file is not None and problem.line is not None
    return problem.message


def test_untouched_anchors_pass_both_ways(tmp_path: Path) -> None:
    assert gate(tmp_path, lambda _: None, texts=True).ok
    assert gate(tmp_path, lambda _: None, texts=False).ok


def test_a_moved_selector_fails_against_the_text_only(tmp_path: Path) -> None:
    assert "holds its oa:exact at" in only_problem(gate(tmp_path, shift(1), texts=True))
    assert gate(tmp_path, shift(1), texts=False).problems == []  # consistent, if untrue


def test_a_selector_of_the_wrong_length_fails_both_ways(tmp_path: Path) -> None:
    first = fixture_anchoring().anchors[0]
    change = edit_first(end=first.end + 3)
    for texts in (True, False):
        report = gate(tmp_path, change, texts=texts)
        assert any("but its oa:exact has" in p.message for p in report.problems)


@pytest.mark.parametrize(("part", "words"), [("prefix", "oa:prefix"), ("suffix", "oa:suffix")])
def test_a_tampered_context_fails_against_the_text(tmp_path: Path, part: str, words: str) -> None:
    change = edit_first(**{part: "something else entirely"})
    assert words in only_problem(gate(tmp_path, change, texts=True))


def test_an_exact_that_is_not_the_quote_fails_without_the_texts(tmp_path: Path) -> None:
    first = fixture_anchoring().anchors[0]
    change = edit_first(exact=first.exact[::-1])
    assert "not the quote" in only_problem(gate(tmp_path, change, texts=False))


def test_a_tampered_fingerprint_fails_against_the_text(tmp_path: Path) -> None:
    def change(anchoring: Anchoring) -> None:
        source = min(anchoring.checksums)
        anchoring.checksums[source] = "0" * 64

    message = only_problem(gate(tmp_path, change, texts=True))
    assert "is not the one the quotes were anchored in" in message
    assert gate(tmp_path, change, texts=False).problems == []


def test_a_missing_fingerprint_fails_both_ways(tmp_path: Path) -> None:
    def change(anchoring: Anchoring) -> None:
        del anchoring.checksums[min(anchoring.checksums)]

    for texts in (True, False):
        assert "no SHA-256 fingerprint" in only_problem(gate(tmp_path, change, texts=texts))


def test_a_missing_annotation_fails_both_ways(tmp_path: Path) -> None:
    def change(anchoring: Anchoring) -> None:
        del anchoring.anchors[0]

    for texts in (True, False):
        assert "has no annotation" in only_problem(gate(tmp_path, change, texts=texts))


def test_an_orphan_annotation_fails_both_ways(tmp_path: Path) -> None:
    def change(anchoring: Anchoring) -> None:
        first: Anchor = anchoring.anchors[0]
        anchoring.anchors.append(dataclasses.replace(first, iri=type(first.iri)(first.iri + "x")))

    for texts in (True, False):
        message = only_problem(gate(tmp_path, change, texts=texts))
        assert "anchors a quote the graph does not have" in message


def test_a_wrong_body_or_source_fails_without_the_texts(tmp_path: Path) -> None:
    anchors = fixture_anchoring().anchors
    other = next(a for a in anchors if a.source != anchors[0].source)
    for change, words in [
        (edit_first(node=anchors[1].node), "has the body"),
        (edit_first(source=other.source), "not a source of its node"),
    ]:
        messages = [p.message for p in gate(tmp_path, change, texts=False).problems]
        assert any(words in m for m in messages), messages


def test_the_curated_graph_against_a_changed_copy_of_the_texts(tmp_path: Path) -> None:
    """One character added at the head of a text: its fingerprint and every anchor in it fail."""
    require(SEEDS, "the source texts", "shared/seeds beside the checkout")
    texts = shutil.copytree(SEEDS, tmp_path / "seeds")
    changed = sorted(texts.glob("*.txt"))[0]
    changed.write_text(" " + changed.read_text(encoding="utf-8"), encoding="utf-8")
    report = validate(DEFAULT_GRAPH_DIR, sources_dir=texts)
    assert report.problems and {p.rule for p in report.problems} == {"anchor"}
    fingerprint = [p for p in report.problems if "is not the one the quotes" in p.message]
    assert len(fingerprint) == 1 and changed.name in fingerprint[0].message
    assert all(p is fingerprint[0] or "holds its oa:exact at" in p.message for p in report.problems)
