"""The one model of a claim's time: what each kind of date covers, and the window test."""

from __future__ import annotations

import pytest

from honduras_kg.errors import InvalidParameter
from honduras_kg.model.time import overlaps, when, window

SINCE = when(since="2024-06")
EIGHTIES = when(earliest="1980", latest="1989", text="in the 1980s")
AS_OF = when(as_of="2025-01")
DAY = when(date="2022-04-21")
WORDS = when(text="some years ago")


def test_each_kind_covers_its_days() -> None:
    assert (SINCE.kind, SINCE.start, SINCE.end) == ("since", "2024-06-01", None)
    assert (EIGHTIES.precision, EIGHTIES.start, EIGHTIES.end) == (
        "period",
        "1980-01-01",
        "1989-12-31",
    )
    assert (AS_OF.kind, AS_OF.precision, AS_OF.end) == ("as of", "month", "2025-01-31")
    assert (WORDS.kind, WORDS.start, WORDS.end) == ("text", None, None)


def test_a_date_wins_over_a_start_a_period_and_an_as_of() -> None:
    both = when(date="2022", since="2020", earliest="1980", latest="1989", as_of="2025")
    assert (both.kind, both.value) == ("date", "2022")
    assert when(since="2020", as_of="2025").kind == "since"
    assert when(earliest="1980", as_of="2025").kind == "as of"  # half a period is none
    assert when() is None


@pytest.mark.parametrize(
    ("date_from", "date_to", "kept"),
    [
        ("2025", None, {"since", "as of"}),
        ("2030", None, {"since"}),
        ("1985", "1986", {"period"}),
        (None, "1980-01-01", {"period"}),
        ("2022-04-21", "2022-04-21", {"day"}),
        ("2024-05-31", "2024-05-31", set()),
        (None, None, {"since", "period", "as of", "day", "text", "none"}),
    ],
)
def test_a_window_keeps_what_overlaps_it(date_from, date_to, kept) -> None:
    times = {"since": SINCE, "period": EIGHTIES, "as of": AS_OF, "day": DAY, "text": WORDS}
    span = window(date_from, date_to)
    found = {name for name, time in times.items() if overlaps(time, span)}
    found |= {"none"} if overlaps(None, span) else set()
    assert found == kept


def test_a_window_out_of_order_is_refused() -> None:
    with pytest.raises(InvalidParameter, match=r"^date_from: 2025 is after"):
        window("2025", "2024")
