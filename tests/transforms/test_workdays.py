"""Werkdagen and the deadline rule (DOMAIN.md), on hand-worked dates.

A werkdag is Monday-Friday, not a public holiday as `holidays.NL` (0.109, default public
category) defines it, and not a configured local closing day. What that calendar holds on
weekdays (checked in `test_nl_holidays_*` below, so that a package update that changes it
fails here first):

    2025: Wed 01-01 New Year, Fri 04-18 Good Friday, Mon 04-21 Easter Monday,
          Mon 05-05 Liberation Day (a lustrum year: in the package only every 5 years),
          Thu 05-29 Ascension, Mon 06-09 Whit Monday, Thu 12-25 and Fri 12-26 Christmas.
          King's Day falls on Sat 04-26 (27 April is a Sunday), so it costs no werkdag.
    2026: Thu 01-01 New Year, Fri 04-03 Good Friday, Mon 04-06 Easter Monday,
          Mon 04-27 King's Day, Thu 05-14 Ascension, Mon 05-25 Whit Monday,
          Fri 12-25 Christmas (Sat 12-26 Second Christmas Day is a weekend day).
          Liberation Day Tue 05-05 is NOT a holiday in 2026.

Every "+n" below counts werkdagen strictly after the start date; the comments list the
days that are skipped (x) and counted (1, 2, ...).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest

from transforms.workdays import (
    calendar_span,
    deadlines,
    non_working_days,
    with_working_days_added,
    working_days,
)

from .cases_builder import make_cases

CALENDAR = working_days(date(2024, 12, 1), date(2027, 1, 31))
BRUGDAG = date(2026, 5, 15)  # a local closing day: the Friday after Ascension 2026
CALENDAR_WITH_CLOSING = working_days(date(2024, 12, 1), date(2027, 1, 31), closing_days=[BRUGDAG])


def add(start: date | None, n: int, workdays: pl.Series = CALENDAR) -> date | None:
    frame = pl.LazyFrame({"d": [start]}, schema={"d": pl.Date})
    return with_working_days_added(frame, "d", n, "uit", workdays).collect()["uit"][0]


def weekday_holidays(year: int) -> set[date]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return {d for d in non_working_days(first, last) if d.weekday() < 5}


# --- the calendar -----------------------------------------------------------------------------


def test_nl_holidays_2025_on_weekdays():
    assert weekday_holidays(2025) == {
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 29),
        date(2025, 6, 9),
        date(2025, 12, 25),
        date(2025, 12, 26),
    }


def test_nl_holidays_2026_on_weekdays():
    assert weekday_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 4, 27),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 12, 25),
    }


def test_non_working_days_are_weekends_holidays_and_closing_days_within_the_range():
    # Week of Ascension 2026, Mon 05-11 .. Sun 05-17, with the brugdag closed; a closing day
    # outside the range is not reported.
    got = non_working_days(date(2026, 5, 11), date(2026, 5, 17), closing_days=[BRUGDAG, date(2026, 8, 3)])
    assert got == {date(2026, 5, 14), BRUGDAG, date(2026, 5, 16), date(2026, 5, 17)}


def test_working_days_is_a_sorted_date_series_without_the_non_working_days():
    # April 2026: 22 weekdays (30 days, 8 weekend days: 4-5, 11-12, 18-19, 25-26)
    # minus Good Friday 04-03, Easter Monday 04-06 and King's Day 04-27 = 19 werkdagen.
    april = working_days(date(2026, 4, 1), date(2026, 4, 30))
    assert april.dtype == pl.Date
    assert april.len() == 19
    assert april.is_sorted()
    assert not april.is_in([date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 27)]).any()


def test_working_days_rejects_a_reversed_range():
    with pytest.raises(ValueError):
        working_days(date(2026, 2, 1), date(2026, 1, 1))


# --- adding werkdagen: the holiday weeks of 2025 and 2026 ------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Easter 2025: Thu 04-17 +1: Fri 04-18 Good Friday x, Sat x, Sun x, Mon 04-21 Easter Monday x,
        # Tue 04-22 (1).
        (date(2025, 4, 17), 1, date(2025, 4, 22)),
        # Wed 04-16 +3: Thu 04-17 (1), Fri 04-18 x, Mon 04-21 x, Tue 04-22 (2), Wed 04-23 (3).
        (date(2025, 4, 16), 3, date(2025, 4, 23)),
        # Easter 2026: Thu 04-02 +3: Fri 04-03 Good Friday x, Mon 04-06 Easter Monday x,
        # Tue 04-07 (1), Wed 04-08 (2), Thu 04-09 (3).
        (date(2026, 4, 2), 3, date(2026, 4, 9)),
        # Starting ON Good Friday 2026 +1: Mon 04-06 x, Tue 04-07 (1).
        (date(2026, 4, 3), 1, date(2026, 4, 7)),
    ],
    ids=["easter-2025-thu+1", "easter-2025-wed+3", "easter-2026-thu+3", "easter-2026-goodfriday+1"],
)
def test_add_working_days_across_easter(start, n, expected):
    assert add(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # King's Day 2025 is Sat 04-26: a weekend day anyway. Fri 04-25 +1: Sat x, Sun x, Mon 04-28 (1).
        (date(2025, 4, 25), 1, date(2025, 4, 28)),
        # ... and Liberation Day 2025 (lustrum) IS a holiday: Fri 05-02 +1: Mon 05-05 x, Tue 05-06 (1).
        (date(2025, 5, 2), 1, date(2025, 5, 6)),
        # King's Day 2026 is Mon 04-27: Fri 04-24 +1: Sat x, Sun x, Mon 04-27 x, Tue 04-28 (1).
        (date(2026, 4, 24), 1, date(2026, 4, 28)),
        # Liberation Day 2026 is NOT a holiday in the package: Mon 05-04 +1: Tue 05-05 (1).
        (date(2026, 5, 4), 1, date(2026, 5, 5)),
    ],
    ids=["kingsday-2025-saturday", "liberation-2025", "kingsday-2026-monday", "liberation-2026-workday"],
)
def test_add_working_days_across_kings_day_and_liberation_day(start, n, expected):
    assert add(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Ascension 2025: Wed 05-28 +2: Thu 05-29 x, Fri 05-30 (1), Sat x, Sun x, Mon 06-02 (2).
        (date(2025, 5, 28), 2, date(2025, 6, 2)),
        # Ascension 2026: Wed 05-13 +2: Thu 05-14 x, Fri 05-15 (1), Sat x, Sun x, Mon 05-18 (2).
        (date(2026, 5, 13), 2, date(2026, 5, 18)),
    ],
    ids=["ascension-2025", "ascension-2026"],
)
def test_add_working_days_across_ascension(start, n, expected):
    assert add(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Whit Monday 2025: Fri 06-06 +1: Sat x, Sun x, Mon 06-09 x, Tue 06-10 (1).
        (date(2025, 6, 6), 1, date(2025, 6, 10)),
        # Whit Monday 2026: Fri 05-22 +1: Sat x, Sun x, Mon 05-25 x, Tue 05-26 (1).
        (date(2026, 5, 22), 1, date(2026, 5, 26)),
    ],
    ids=["whitmonday-2025", "whitmonday-2026"],
)
def test_add_working_days_across_whit_monday(start, n, expected):
    assert add(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Christmas 2025: Wed 12-24 +2: Thu 12-25 x, Fri 12-26 x, Sat x, Sun x, Mon 12-29 (1), Tue 12-30 (2).
        (date(2025, 12, 24), 2, date(2025, 12, 30)),
        # Christmas 2025 into New Year: Wed 12-31 +1: Thu 2026-01-01 x, Fri 01-02 (1).
        (date(2025, 12, 31), 1, date(2026, 1, 2)),
        # Christmas 2026: Thu 12-24 +1: Fri 12-25 x, Sat 12-26 x, Sun x, Mon 12-28 (1).
        (date(2026, 12, 24), 1, date(2026, 12, 28)),
        # New Year 2027: Thu 2026-12-31 +1: Fri 2027-01-01 x, Sat x, Sun x, Mon 01-04 (1).
        (date(2026, 12, 31), 1, date(2027, 1, 4)),
    ],
    ids=["christmas-2025", "newyear-2026", "christmas-2026", "newyear-2027"],
)
def test_add_working_days_across_christmas(start, n, expected):
    assert add(start, n) == expected


def test_a_local_closing_day_is_not_a_working_day():
    # Wed 2026-05-13 +2 with the brugdag Fri 05-15 closed: Thu 05-14 Ascension x, Fri 05-15 closed x,
    # Sat x, Sun x, Mon 05-18 (1), Tue 05-19 (2). Without the closing day it is Mon 05-18 (above).
    assert add(date(2026, 5, 13), 2, CALENDAR_WITH_CLOSING) == date(2026, 5, 19)
    assert add(date(2026, 5, 13), 2, CALENDAR) == date(2026, 5, 18)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 3, 6), date(2026, 3, 9)),  # Fri +1: Sat x, Sun x, Mon 03-09 (1)
        (date(2026, 3, 7), date(2026, 3, 9)),  # Sat +1: Sun x, Mon 03-09 (1)
        (date(2026, 3, 8), date(2026, 3, 9)),  # Sun +1: Mon 03-09 (1)
    ],
    ids=["friday", "saturday", "sunday"],
)
def test_adding_one_working_day_at_the_weekend_gives_monday(start, expected):
    assert add(start, 1) == expected


@pytest.mark.parametrize(
    "start", [date(2026, 3, 4), date(2026, 3, 7), date(2026, 4, 6)], ids=["wednesday", "saturday", "easter-monday"]
)
def test_adding_zero_working_days_gives_the_date_itself(start):
    assert add(start, 0) == start


def test_n_may_be_a_column():
    # Mon 2026-03-02 +0 = itself; +1 = Tue 03-03; +5 = Mon 03-09 (Tue 1, Wed 2, Thu 3, Fri 4, Mon 5).
    frame = pl.LazyFrame({"d": [date(2026, 3, 2)] * 3, "n": [0, 1, 5]})
    out = with_working_days_added(frame, "d", "n", "uit", CALENDAR).collect()
    assert out["uit"].to_list() == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 9)]
    assert out.columns == ["d", "n", "uit"]  # no helper columns left behind


def test_outside_the_calendar_gives_null_never_a_wrong_date():
    short = working_days(date(2026, 3, 2), date(2026, 3, 31))  # Mon 03-02 .. Tue 03-31
    assert add(date(2026, 3, 27), 2, short) == date(2026, 3, 31)  # Fri +2: Mon 03-30 (1), Tue 03-31 (2)
    assert add(date(2026, 3, 27), 3, short) is None  # would be Wed 04-01: past the calendar
    assert add(date(2026, 2, 27), 1, short) is None  # starts before the calendar
    assert add(date(2026, 5, 4), 1, short) is None  # starts after the calendar
    assert add(None, 1) is None
    assert add(date(2026, 3, 4), -1) is None  # going back is not supported: no answer


def test_an_unsorted_or_non_date_calendar_is_refused():
    with pytest.raises(ValueError):
        add(date(2026, 3, 4), 1, CALENDAR.sort(descending=True))
    with pytest.raises(TypeError):
        add(date(2026, 3, 4), 1, CALENDAR.cast(pl.Datetime))


def test_calendar_span_covers_the_latest_date_plus_the_term():
    first, last = calendar_span(date(2025, 12, 1), date(2025, 12, 24), max_working_days=5)
    # Wed 12-24 +5: Thu 25 x, Fri 26 x, Mon 29 (1), Tue 30 (2), Wed 31 (3), Thu 2026-01-01 x,
    # Fri 01-02 (4), Mon 01-05 (5).
    assert add(date(2025, 12, 24), 5, working_days(first, last)) == date(2026, 1, 5)
    assert first == date(2025, 12, 1)


def test_matches_a_day_by_day_count_on_random_dates():
    # A slow, obvious reference: step one day at a time, count the werkdagen.
    closed = non_working_days(date(2024, 12, 1), date(2027, 1, 31), [BRUGDAG])
    rng = random.Random(7)
    starts = [date(2025, 1, 1) + timedelta(days=rng.randrange(700)) for _ in range(500)]
    ns = [rng.randrange(0, 12) for _ in starts]

    def reference(d: date, n: int) -> date:
        while n:
            d += timedelta(days=1)
            n -= d not in closed
        return d

    frame = pl.LazyFrame({"d": starts, "n": ns})
    got = with_working_days_added(frame, "d", "n", "uit", CALENDAR_WITH_CLOSING).collect()["uit"].to_list()
    assert got == [reference(d, n) for d, n in zip(starts, ns, strict=True)]


# --- the deadline rule ------------------------------------------------------------------------

TERMS = pl.DataFrame(
    {
        "zaaktype_code": ["AANVRAAG", "KORT", "MOR"],
        "term": [6, 10, 5],
        "unit": ["weken", "kalenderdagen", "werkdagen"],
    }
)
DEADLINE_ROW = ("zaaktype_code", "startdatum", "fatale_datum", "streefdatum", "opgeschort_dagen")


def deadline_of(*row) -> date | None:
    cases = make_cases([row], DEADLINE_ROW, with_deadline=False)
    return deadlines(cases, TERMS, CALENDAR).collect()["uiterste_datum"][0]


def test_fatale_datum_wins_over_streefdatum_and_term():
    assert deadline_of("AANVRAAG", date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 1)) == date(2026, 3, 10)


def test_streefdatum_when_no_fatale_datum():
    assert deadline_of("AANVRAAG", date(2026, 3, 2), None, date(2026, 3, 1)) == date(2026, 3, 1)


def test_term_in_weeks_is_seven_calendar_days_a_week():
    # Mon 2026-03-02 + 6 weken = + 42 days: 03-02 + 29 = 03-31, + 13 = Mon 04-13
    # (Easter Monday 04-06 in between does not matter for weken).
    assert deadline_of("AANVRAAG", date(2026, 3, 2)) == date(2026, 4, 13)


def test_term_in_calendar_days():
    # Wed 2026-03-25 + 10 kalenderdagen = Sat 04-04: a weekend day is allowed.
    assert deadline_of("KORT", date(2026, 3, 25)) == date(2026, 4, 4)


def test_term_in_working_days_across_easter():
    # Thu 2026-04-02 + 5 werkdagen: Fri 04-03 Good Friday x, Mon 04-06 Easter Monday x,
    # Tue 04-07 (1), Wed 04-08 (2), Thu 04-09 (3), Fri 04-10 (4), Mon 04-13 (5).
    assert deadline_of("MOR", date(2026, 4, 2)) == date(2026, 4, 13)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # fatale Tue 03-10 + 7 days suspended = Tue 03-17
        (("AANVRAAG", date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 1), 7), date(2026, 3, 17)),
        # streef Sun 03-01 + 3 = Wed 03-04
        (("AANVRAAG", date(2026, 3, 2), None, date(2026, 3, 1), 3), date(2026, 3, 4)),
        # weken: Mon 04-13 (above) + 10 = Thu 04-23
        (("AANVRAAG", date(2026, 3, 2), None, None, 10), date(2026, 4, 23)),
        # kalenderdagen: Sat 04-04 (above) + 2 = Mon 04-06, even though that is Easter Monday
        (("KORT", date(2026, 3, 25), None, None, 2), date(2026, 4, 6)),
        # werkdagen: Mon 04-13 (above) + 5 CALENDAR days = Sat 04-18 (not 5 more werkdagen)
        (("MOR", date(2026, 4, 2), None, None, 5), date(2026, 4, 18)),
    ],
    ids=["fatale", "streef", "weken", "kalenderdagen", "werkdagen"],
)
def test_suspension_moves_every_kind_of_deadline_later_in_calendar_days(row, expected):
    assert deadline_of(*row) == expected


def test_no_deadline_when_none_can_be_determined():
    # unknown zaaktype, no fatale/streef: null; a fatale datum still counts for an unknown type
    assert deadline_of("ONBEKEND", date(2026, 3, 2)) is None
    assert deadline_of("ONBEKEND", date(2026, 3, 2), date(2026, 5, 1)) == date(2026, 5, 1)
    assert deadline_of(None, date(2026, 3, 2)) is None
    # a known zaaktype but no startdatum: no term to count from
    assert deadline_of("AANVRAAG", None) is None
    # werkdagen the calendar does not cover: null rather than a guess
    cases = make_cases([("MOR", date(2027, 1, 29))], DEADLINE_ROW, with_deadline=False)
    assert deadlines(cases, TERMS, CALENDAR).collect()["uiterste_datum"][0] is None


def test_empty_suspension_counts_as_zero():
    assert deadline_of("AANVRAAG", date(2026, 3, 2), None, None, None) == date(2026, 4, 13)


def test_deadlines_keeps_every_case_and_column_in_order():
    rows = [("MOR", date(2026, 4, 2)), ("ONBEKEND", date(2026, 3, 2)), ("AANVRAAG", date(2026, 3, 2))]
    cases = make_cases(rows, DEADLINE_ROW, with_deadline=False)
    out = deadlines(cases, TERMS, CALENDAR).collect()
    assert out.columns == [*cases.collect_schema().names(), "uiterste_datum"]
    assert out["zaak_id"].to_list() == ["Z-TEST-0001", "Z-TEST-0002", "Z-TEST-0003"]
    assert out["uiterste_datum"].to_list() == [date(2026, 4, 13), None, date(2026, 4, 13)]


def test_a_term_table_with_a_duplicate_or_unknown_unit_is_refused():
    cases = make_cases([("MOR", date(2026, 4, 2))], DEADLINE_ROW, with_deadline=False)
    twice = pl.concat([TERMS, TERMS.head(1)])
    with pytest.raises(ValueError, match="AANVRAAG"):
        deadlines(cases, twice, CALENDAR)
    with pytest.raises(ValueError, match="maanden"):
        deadlines(cases, TERMS.with_columns(unit=pl.lit("maanden")), CALENDAR)
