from datetime import date

import pytest

from core.errors import UserError
from core.periods import parse_period, quarter_of


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2026-07", date(2026, 7, 1), date(2026, 7, 31), "maand"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "maand"),  # leap year
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "kwartaal"),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31), "kwartaal"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "jaar"),
        ("2023-01-01..2024-12-31", date(2023, 1, 1), date(2024, 12, 31), "reeks"),
    ],
)
def test_periods_parse_to_inclusive_ranges(text, start, end, kind):
    p = parse_period(text)
    assert (p.start, p.end, p.kind) == (start, end, kind)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26", "2024-12-31..2023-01-01", "2023-02-30..2023-03-01", ""])
def test_bad_periods_are_user_errors(text):
    with pytest.raises(UserError, match="periode"):
        parse_period(text)


def test_months_of_a_range_are_clipped_to_it():
    months = parse_period("2025-12-15..2026-02-03").months()
    assert [(m.label, m.start, m.end) for m in months] == [
        ("2025-12", date(2025, 12, 15), date(2025, 12, 31)),
        ("2026-01", date(2026, 1, 1), date(2026, 1, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 3)),
    ]


def test_quarter_of_a_day_and_folder_names():
    assert quarter_of(date(2026, 11, 28)).label == "2026-Q4"
    assert parse_period("2023-01-01..2024-12-31").folder_name == "2023-01-01_tot_2024-12-31"


@pytest.mark.parametrize(
    ("text", "earlier"), [("2026", "2025"), ("2026-Q3", "2025-Q3"), ("2026-02", "2025-02"), ("2024-Q1", "2023-Q1")]
)
def test_the_same_period_a_year_earlier(text, earlier):
    assert parse_period(text).year_earlier() == parse_period(earlier)


def test_a_range_has_no_year_earlier_comparison():
    assert parse_period("2023-01-01..2024-12-31").year_earlier() is None


def _columns(text):
    from core.periods import summary_columns

    return [(c.heading, c.period.label, c.period.start, c.period.end) for c in summary_columns(parse_period(text))]


def test_a_year_after_the_two_before_it():
    # the published form: Realisatie t-2 | t-1 | t, the reported period last
    assert [(h, label) for h, label, *_ in _columns("2026")] == [("2024", "2024"), ("2025", "2025"), ("2026", "2026")]


def test_a_quarter_after_the_same_quarter_a_year_earlier_and_the_previous_quarter():
    assert _columns("2026-Q3") == [
        ("2025-Q3", "2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2026-Q2", "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", "2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
    ]
    # the first quarter: the previous quarter lies in the year before
    assert [h for h, *_ in _columns("2026-Q1")] == ["2025-Q1", "2025-Q4", "2026-Q1"]


def test_a_month_after_the_same_month_a_year_earlier_and_the_previous_month():
    assert [(h, label) for h, label, *_ in _columns("2026-01")] == [
        ("2025-01", "2025-01"),
        ("2025-12", "2025-12"),
        ("2026-01", "2026-01"),
    ]


def test_a_phase_after_its_years_clipped_at_the_ends():
    assert [(h, label) for h, label, *_ in _columns("2025-01-01..2026-06-30")] == [
        ("2025", "2025"),
        ("2026 (01-01 t/m 30-06)", "2026-01-01..2026-06-30"),
        ("01-01-2025 t/m 30-06-2026", "2025-01-01..2026-06-30"),
    ]
    # within one year: its quarters, the first clipped; at most four parts beside the phase
    assert [(h, label) for h, label, *_ in _columns("2023-02-15..2023-12-31")] == [
        ("2023 (15-02 t/m 31-03)", "2023-02-15..2023-03-31"),
        ("2023-Q2", "2023-Q2"),
        ("2023-Q3", "2023-Q3"),
        ("2023-Q4", "2023-Q4"),
        ("2023 (15-02 t/m 31-12)", "2023-02-15..2023-12-31"),
    ]
    assert [h for h, *_ in _columns("2009-01-01..2015-12-31")] == [
        "2012",
        "2013",
        "2014",
        "2015",
        "01-01-2009 t/m 31-12-2015",
    ]


def test_quarters_shown_on_their_own_sheet_for_a_year_and_a_phase_only():
    from core.periods import detail_quarters

    assert [q.label for q in detail_quarters(parse_period("2026"))] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert len(detail_quarters(parse_period("2023-01-01..2024-12-31"))) == 8
    assert detail_quarters(parse_period("2026-Q3")) == detail_quarters(parse_period("2026-07")) == []
