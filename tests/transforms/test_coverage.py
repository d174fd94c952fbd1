"""Figures only for periods the store has data for; worked by hand."""

from __future__ import annotations

from datetime import UTC, date

import polars as pl

from transforms.coverage import COVERAGE_SCHEMA, covered_figures, source_coverage
from transforms.kpi_frame import KPI_SCHEMA

BUCKETS = [
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
]


def kpis(rows):
    return pl.DataFrame(
        [(g, p, k, None, 1.0, None, None, None, None) for g, p, k in rows], schema=KPI_SCHEMA, orient="row"
    )


def test_source_coverage_is_the_first_and_last_day_per_gemeente():
    calls = pl.LazyFrame(
        {"gemeente": ["Losser", "Losser", "Enschede"], "dag": [date(2025, 3, 2), date(2026, 1, 5), date(2025, 7, 1)]}
    )
    got = source_coverage(calls, "calls", pl.col("dag")).collect().sort("gemeente")
    assert got.rows() == [
        ("Enschede", "calls", date(2025, 7, 1), date(2025, 7, 1)),
        ("Losser", "calls", date(2025, 3, 2), date(2026, 1, 5)),
    ]


def test_only_periods_overlapping_every_source_of_the_kpi_keep_their_figures():
    # Losser: calls from 2025-03-02 to 2026-01-05, cases from 2024-06-01 to 2026-11-01, no appointments.
    coverage = pl.DataFrame(
        [
            ("Losser", "calls", date(2025, 3, 2), date(2026, 1, 5)),
            ("Losser", "cases", date(2024, 6, 1), date(2026, 11, 1)),
        ],
        schema=COVERAGE_SCHEMA,
        orient="row",
    )
    rows = [
        ("Losser", p, k)
        for p in ("2024", "2025", "2026")
        for k in ("tel_aangeboden", "zaak_ontvangen", "afs_gepland", "kanaal_contacten")
    ]
    kept = covered_figures(kpis(rows), coverage, BUCKETS)
    # tel_: 2024 ends before 2025-03-02 -> dropped; 2025 and 2026 (5 Jan) overlap.
    # zaak_: all three years overlap (2024 partly). afs_: no appointments at all -> none.
    # kanaal_: needs calls, cases and appointments -> none.
    assert sorted(kept.select("periode", "kpi").rows()) == [
        ("2024", "zaak_ontvangen"),
        ("2025", "tel_aangeboden"),
        ("2025", "zaak_ontvangen"),
        ("2026", "tel_aangeboden"),
        ("2026", "zaak_ontvangen"),
    ]
    assert kept.schema == pl.Schema(KPI_SCHEMA)


def test_a_period_touching_the_first_or_last_day_overlaps():
    coverage = pl.DataFrame(
        [("Losser", "calls", date(2025, 12, 31), date(2026, 1, 1))], schema=COVERAGE_SCHEMA, orient="row"
    )
    kept = covered_figures(kpis([("Losser", p, "tel_aangeboden") for p in ("2024", "2025", "2026")]), coverage, BUCKETS)
    assert kept["periode"].to_list() == ["2025", "2026"]


# --- what a period's data covers: partial periods (DOMAIN.md, "Reading a period honestly") ---------

from transforms.coverage import (  # noqa: E402
    appointment_coverage,
    call_coverage,
    capped_coverage,
    case_coverage,
    partial_figures,
    period_coverage,
    realised_appointments,
)


def test_a_call_log_covers_its_last_call_and_the_day_before_its_export():
    # the last call of Losser at 23:30 UTC on 30 June is 01:30 on 1 July in Amsterdam; the newest export
    # (3 July 06:00) covers up to 2 July although nobody called on 2 July
    from datetime import datetime

    calls = pl.LazyFrame(
        {
            "gemeente": ["Losser", "Losser"],
            "gestart_op": [datetime(2026, 6, 1, 8, tzinfo=UTC), datetime(2026, 6, 30, 23, 30, tzinfo=UTC)],
            "export_stempel": ["20260702T0000", "20260703T0600"],
        }
    )
    assert call_coverage(calls, "Europe/Amsterdam").collect().rows() == [
        ("Losser", "calls", date(2026, 6, 1), date(2026, 7, 2))
    ]


def test_a_case_export_covers_the_day_before_its_export_moment():
    # Losser's newest case export is of 1 December 2026 (06:00): the state of every case up to
    # 30 November, although the last case was registered on 27 November (a Friday).
    cases = pl.LazyFrame(
        {
            "gemeente": ["Losser", "Losser"],
            "registratiedatum": [date(2025, 1, 2), date(2026, 11, 27)],
            "export_stempel": ["20261101T0000", "20261201T0600"],
        }
    )
    assert case_coverage(cases).collect().rows() == [("Losser", "cases", date(2025, 1, 2), date(2026, 11, 30))]


def test_appointments_after_the_export_are_bookings_not_realisation():
    # JCC export of 1 December holds appointments up to 20 January: they run to 30 November;
    # the calls of the same gemeente end on 27 November, so the appointments are capped there too.
    appts = pl.LazyFrame(
        {
            "gemeente": ["Losser"] * 3,
            "datum": [date(2026, 1, 5), date(2026, 11, 30), date(2027, 1, 20)],
            "export_stempel": ["20261201T0000"] * 3,
        }
    )
    own = appointment_coverage(appts).collect()
    assert own.rows() == [("Losser", "appointments", date(2026, 1, 5), date(2026, 11, 30))]
    calls = pl.DataFrame(
        [("Losser", "calls", date(2026, 1, 1), date(2026, 11, 27))], schema=COVERAGE_SCHEMA, orient="row"
    )
    capped = capped_coverage(pl.concat([own, calls]))
    assert capped.rows() == [
        ("Losser", "appointments", date(2026, 1, 5), date(2026, 11, 27)),
        ("Losser", "calls", date(2026, 1, 1), date(2026, 11, 27)),
    ]
    # a gemeente with only appointments keeps the day before its export
    alone = capped_coverage(own)
    assert alone["tot"].to_list() == [date(2026, 11, 30)]
    kept = realised_appointments(appts, capped).collect()
    assert kept["datum"].to_list() == [date(2026, 1, 5)]  # 30 November and 20 January are past 27 November


def test_a_period_the_data_does_not_fully_cover_is_partial():
    coverage = pl.DataFrame(
        [
            ("Losser", "calls", date(2025, 1, 2), date(2026, 11, 30)),
            ("Losser", "cases", date(2025, 6, 15), date(2026, 11, 30)),
        ],
        schema=COVERAGE_SCHEMA,
        orient="row",
    )
    buckets = [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ]
    got = {
        (r["periode"], r["bron"]): (r["van"], r["tot"], r["volledig"])
        for r in period_coverage(coverage, buckets).iter_rows(named=True)
    }
    # calls start on 2 January 2025: within the year's first week (1 January is a holiday) -> whole 2025
    assert got[("2025", "calls")] == (date(2025, 1, 1), date(2025, 12, 31), True)
    # cases start on 15 June 2025: 2025 is partial at its start
    assert got[("2025", "cases")] == (date(2025, 6, 15), date(2025, 12, 31), False)
    # 2026: data up to 30 November of 31 December -> partial; November itself is whole
    assert got[("2026", "calls")] == (date(2026, 1, 1), date(2026, 11, 30), False)
    assert got[("2026-11", "calls")][2] is True
    assert ("2024", "calls") not in got  # no data at all: no row (the figure is left out, not partial)


def test_a_figure_is_provisional_when_a_source_of_its_kpi_does_not_cover_the_period():
    periods = pl.DataFrame(
        [
            ("Losser", "2026", "calls", date(2026, 1, 1), date(2026, 12, 31), True),
            ("Losser", "2026", "cases", date(2026, 1, 1), date(2026, 11, 30), False),
            ("Losser", "2026", "appointments", date(2026, 1, 1), date(2026, 12, 31), True),
        ],
        schema={
            "gemeente": pl.String,
            "periode": pl.String,
            "bron": pl.String,
            "van": pl.Date,
            "tot": pl.Date,
            "volledig": pl.Boolean,
        },
        orient="row",
    )
    got = dict(
        partial_figures(
            kpis(
                [("Losser", "2026", k) for k in ("tel_aangeboden", "zaak_ontvangen", "afs_gepland", "kanaal_contacten")]
            ),
            periods,
        )
        .select("kpi", "voorlopig")
        .iter_rows()
    )
    # calls and appointments whole, cases not: zaak_ and kanaal_ (which counts cases) are provisional
    assert got == {"tel_aangeboden": False, "zaak_ontvangen": True, "afs_gepland": False, "kanaal_contacten": True}
