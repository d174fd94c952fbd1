"""The verdict printed beside a figure: small numbers and provisional periods (DOMAIN.md)."""

from __future__ import annotations

import polars as pl

from transforms.kpi_frame import KPI_SCHEMA
from transforms.verdicts import verdicts

KINDS = {"tel_servicelevel_pct": "percentage", "tel_aangeboden": "aantal", "zaak_doorlooptijd_mediaan_d": "mediaan"}


def judged(rows):
    frame = pl.DataFrame([r[:9] for r in rows], schema=KPI_SCHEMA, orient="row").with_columns(
        voorlopig=pl.Series([r[9] for r in rows], dtype=pl.Boolean)
    )
    return verdicts(frame, KINDS, 30).select("periode", "klein_aantal", "oordeel").rows()


def row(periode, kpi, waarde, teller, noemer, norm, met, voorlopig=False):
    return ("Losser", periode, kpi, None, waarde, teller, noemer, norm, met, voorlopig)


def test_a_ratio_over_fewer_than_30_records_is_small_and_gets_no_verdict():
    assert judged(
        [
            row("a", "tel_servicelevel_pct", 0.0, 0, 2, 80.0, False),  # 0 of 2 calls: shown, no verdict
            row("b", "tel_servicelevel_pct", 75.0, 21, 29, 80.0, False),  # 29 < 30: still small
            row("c", "tel_servicelevel_pct", 80.0, 24, 30, 80.0, True),  # 30 records: judged, 24/30 = 80 >= 80
        ]
    ) == [("a", True, "geen oordeel"), ("b", True, "geen oordeel"), ("c", False, "ja")]


def test_counts_are_never_small_and_a_median_is_small_like_a_ratio():
    assert judged(
        [
            row("a", "tel_aangeboden", 3.0, None, None, None, None),
            row("b", "zaak_doorlooptijd_mediaan_d", 6.0, None, 4, None, None),  # median over 4 cases
        ]
    ) == [("a", False, None), ("b", True, None)]  # no norm: no verdict either way


def test_a_partial_period_gets_its_verdict_as_voorlopig():
    assert judged(
        [
            row("2026", "tel_servicelevel_pct", 85.0, 850, 1000, 80.0, True, voorlopig=True),
            row("2026", "tel_servicelevel_pct", 75.0, 750, 1000, 80.0, False, voorlopig=True),
            row("2025", "tel_servicelevel_pct", 75.0, 750, 1000, 80.0, False),
        ]
    ) == [("2026", False, "voorlopig ja"), ("2026", False, "voorlopig nee"), ("2025", False, "nee")]


def test_no_value_or_no_norm_means_no_verdict():
    assert judged(
        [
            row("a", "tel_servicelevel_pct", None, 0, 0, 80.0, None),  # denominator 0: empty, never 0 %
            row("b", "tel_servicelevel_pct", 90.0, 900, 1000, None, None),
        ]
    ) == [("a", False, None), ("b", False, None)]
