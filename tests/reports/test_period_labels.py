"""A period's heading says honestly what the data covers (reports/period_labels.py): the days every
source covers (the latest first day, the earliest last day), worked out by hand per case."""

from __future__ import annotations

from datetime import date

import polars as pl

from core.periods import parse_period
from reports.period_labels import span
from transforms.coverage import PERIOD_COVERAGE_SCHEMA

YEAR = parse_period("2026")


def coverage(*rows: tuple[str, date, date, bool]) -> pl.DataFrame:
    return pl.DataFrame(
        [("Losser", "2026", bron, van, tot, full) for bron, van, tot, full in rows],
        schema=PERIOD_COVERAGE_SCHEMA,
        orient="row",
    )


def test_a_whole_period_is_named_plainly():
    got = span(YEAR, coverage(("calls", date(2026, 1, 1), date(2026, 12, 31), True)))
    assert (got.heading, got.partial, got.first, got.last) == ("2026", False, date(2026, 1, 1), date(2026, 12, 31))


def test_the_period_runs_to_the_earliest_last_day_of_its_sources():
    # calls to 30-11, cases to 28-11: every source covers up to 28-11
    got = span(
        YEAR,
        coverage(
            ("calls", date(2026, 1, 1), date(2026, 11, 30), False),
            ("cases", date(2026, 1, 1), date(2026, 11, 28), False),
        ),
    )
    assert (got.heading, got.partial, got.last) == ("2026 t/m 28-11", True, date(2026, 11, 28))


def test_a_late_start_and_an_early_end_are_both_said():
    got = span(YEAR, coverage(("calls", date(2026, 3, 2), date(2026, 11, 30), False)))
    assert got.heading == "2026 (02-03 t/m 30-11)"


def test_a_late_start_alone_is_said_as_from():
    got = span(YEAR, coverage(("calls", date(2026, 3, 2), date(2026, 12, 31), False)))
    assert got.heading == "2026 vanaf 02-03"


def test_sources_covering_parts_that_do_not_overlap_are_called_incomplete_with_the_whole_span():
    # calls only on 01-07, cases only on 02-03: no day both cover; the heading does not pretend one
    # (before: "2026 (01-07 t/m 02-03)", a span that runs backwards)
    got = span(
        YEAR,
        coverage(
            ("calls", date(2026, 7, 1), date(2026, 7, 1), False),
            ("cases", date(2026, 3, 2), date(2026, 3, 2), False),
        ),
    )
    assert (got.heading, got.partial, got.first, got.last) == (
        "2026 (onvolledig)",
        True,
        date(2026, 3, 2),
        date(2026, 7, 1),
    )


def test_a_period_without_data_has_no_span():
    got = span(parse_period("2025"), coverage(("calls", date(2026, 1, 1), date(2026, 12, 31), True)))
    assert (got.heading, got.empty, got.partial) == ("2025", True, False)


def test_a_range_cut_short_says_how_far_its_data_runs_without_a_second_t_m():
    # a programme phase 2025-2026 with data to 05-12-2026: not "01-01-2025 t/m 31-12-2026 t/m 05-12-2026"
    phase = parse_period("2025-01-01..2026-12-31")
    rows = pl.DataFrame(
        [("Losser", phase.label, "calls", date(2025, 1, 1), date(2026, 12, 5), False)],
        schema=PERIOD_COVERAGE_SCHEMA,
        orient="row",
    )
    assert span(phase, rows).heading == "01-01-2025 t/m 31-12-2026, gegevens t/m 05-12-2026"
