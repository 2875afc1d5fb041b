"""Two sources compared (lookups.compare) on the curated graph: what both say, what only
one says, and the conflicts the curators recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from honduras_kg.config import Settings
from honduras_kg.errors import InvalidParameter, NotFound
from honduras_kg.lookups import ReadModel
from honduras_kg.lookups.compare import compare
from honduras_kg.store import open_store


@pytest.fixture(scope="module")
def index() -> Iterator[ReadModel]:
    store = open_store(Settings())
    yield ReadModel.from_store(store, base=Settings().base)
    store.close()


def test_the_two_sources_are_compared_by_default(index: ReadModel) -> None:
    found = compare(index)
    assert (found.first.id, found.second.id) == ("al-jazeera-explainer", "unsigned-commentary")
    assert compare(index, "unsigned-commentary").first.id == "unsigned-commentary"


def test_what_both_say_is_read_by_the_entities_they_link(index: ReadModel) -> None:
    found = compare(index)
    by_ends = {frozenset(ref.id for ref in link.ends): link for link in found.shared}
    office = by_ends[frozenset({"donald-trump", "president-of-the-united-states"})]
    assert office.same_relation and office.conflicts == ("trump-office",)
    assert [c.id for c in office.second] == ["commentary-trump-former-president"]
    assert all(c.sources[0].id == "al-jazeera-explainer" for c in office.first)
    # Every claim is in a shared link or in "only", never both, never lost.
    shared = {c.id for link in found.shared for c in link.first}
    only = {c.id for c in found.only_first}
    assert not shared & only and len(shared | only) == found.first.claims


def test_the_recorded_conflicts_have_a_side_in_each_source(index: ReadModel) -> None:
    conflicts = {k.id: k for k in compare(index).conflicts}
    assert set(conflicts) == {"reconsider-or-sever", "trump-office"}
    severing = conflicts["reconsider-or-sever"]
    assert [c.id for c in severing.second] == ["commentary-honduras-contemplates-severing"]
    assert len(severing.first) == 2 and severing.comment


def test_compare_refuses_what_it_cannot_use(index: ReadModel) -> None:
    with pytest.raises(NotFound, match="no source 'nowhere'"):
        compare(index, "nowhere")
    with pytest.raises(InvalidParameter, match="two different"):
        compare(index, "al-jazeera-explainer", "src:al-jazeera-explainer")
