"""Figures only for periods the store has data for; worked by hand."""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.coverage import COVERAGE_SCHEMA, covered_figures, source_coverage
from transforms.kpi_frame import KPI_SCHEMA

BUCKETS = [("2024", date(2024, 1, 1), date(2024, 12, 31)), ("2025", date(2025, 1, 1), date(2025, 12, 31)),
           ("2026", date(2026, 1, 1), date(2026, 12, 31))]


def kpis(rows):
    return pl.DataFrame([(g, p, k, None, 1.0, None, None, None, None) for g, p, k in rows], schema=KPI_SCHEMA,
                        orient="row")


def test_source_coverage_is_the_first_and_last_day_per_gemeente():
    calls = pl.LazyFrame({"gemeente": ["Losser", "Losser", "Enschede"],
                          "dag": [date(2025, 3, 2), date(2026, 1, 5), date(2025, 7, 1)]})
    got = source_coverage(calls, "calls", pl.col("dag")).collect().sort("gemeente")
    assert got.rows() == [("Enschede", "calls", date(2025, 7, 1), date(2025, 7, 1)),
                          ("Losser", "calls", date(2025, 3, 2), date(2026, 1, 5))]


def test_only_periods_overlapping_every_source_of_the_kpi_keep_their_figures():
    # Losser: calls from 2025-03-02 to 2026-01-05, cases from 2024-06-01 to 2026-11-01, no appointments.
    coverage = pl.DataFrame([("Losser", "calls", date(2025, 3, 2), date(2026, 1, 5)),
                             ("Losser", "cases", date(2024, 6, 1), date(2026, 11, 1))],
                            schema=COVERAGE_SCHEMA, orient="row")
    rows = [("Losser", p, k) for p in ("2024", "2025", "2026")
            for k in ("tel_aangeboden", "zaak_ontvangen", "afs_gepland", "kanaal_contacten")]
    kept = covered_figures(kpis(rows), coverage, BUCKETS)
    # tel_: 2024 ends before 2025-03-02 -> dropped; 2025 and 2026 (5 Jan) overlap.
    # zaak_: all three years overlap (2024 partly). afs_: no appointments at all -> none.
    # kanaal_: needs calls, cases and appointments -> none.
    assert sorted(kept.select("periode", "kpi").rows()) == [
        ("2024", "zaak_ontvangen"), ("2025", "tel_aangeboden"), ("2025", "zaak_ontvangen"),
        ("2026", "tel_aangeboden"), ("2026", "zaak_ontvangen")]
    assert kept.schema == pl.Schema(KPI_SCHEMA)


def test_a_period_touching_the_first_or_last_day_overlaps():
    coverage = pl.DataFrame([("Losser", "calls", date(2025, 12, 31), date(2026, 1, 1))], schema=COVERAGE_SCHEMA,
                            orient="row")
    kept = covered_figures(kpis([("Losser", p, "tel_aangeboden") for p in ("2024", "2025", "2026")]), coverage,
                           BUCKETS)
    assert kept["periode"].to_list() == ["2025", "2026"]
