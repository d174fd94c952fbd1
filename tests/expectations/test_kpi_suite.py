"""kpi_suite and reconcile_telephony on the long KPI frame (KPI_SCHEMA): a clean frame passes;
each critical rule, broken, fails and stops the run; real transform output passes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from core.catalogue import KPIS
from core.errors import DataQualityError
from core.wording import dutch_list
from expectations.gx_runner import ValidationReport, require, validate
from expectations.kpis import COUNTS, PERCENTAGES, kpi_suite, reconcile_telephony
from sources.kcc import CALLS_SCHEMA
from transforms.figures import telephony_figures
from transforms.kpi_frame import KPI_SCHEMA

# (kpi, groep, waarde, teller, noemer) for one gemeente and period
LOSSER = [
    ("tel_aangeboden", None, 100.0, None, None),
    ("tel_beantwoord", None, 90.0, None, None),
    ("tel_servicelevel_pct", None, 80.0, 76, 95),
    ("tel_verloren_pct", None, 5.2631, 5, 95),
    ("tel_wachttijd_gem_s", None, 25.0, 2250, 90),
    ("tel_gesprekstijd_gem_s", None, 300.0, 27000, 90),
    ("tel_eerstelijn_pct", None, 80.0, 72, 90),
    ("tel_tweedelijn_bereikbaar_pct", "team=PVH", 50.0, 5, 10),
    ("tel_tweedelijn_bereikbaar_pct", "team=BFR", None, 0, 0),  # nothing offered: empty, never 0
    ("tel_buiten_openingstijd", None, 12.0, None, None),
    ("zaak_ontvangen", None, 640.0, None, None),
    ("zaak_doorlooptijd_mediaan_d", None, 9.5, None, 600),
    ("zaak_open_over_termijn", "team=PVH", 0.0, None, None),
    ("afs_noshow_pct", None, None, 0, 0),
]


def clean_kpis() -> pl.DataFrame:
    rows = [(g, p, *r) for g in ("Losser", "Enschede") for p in ("2026-07", "2026-Q3") for r in LOSSER]
    frame = pl.DataFrame(
        rows, schema=["gemeente", "periode", "kpi", "groep", "waarde", "teller", "noemer"], orient="row"
    )
    return frame.with_columns(norm=pl.lit(None), norm_gehaald=pl.lit(None)).cast(KPI_SCHEMA).select(list(KPI_SCHEMA))


def change(
    frame: pl.DataFrame, column: str, value, *, kpi: str, gemeente: str = "Losser", periode: str = "2026-07"
) -> pl.DataFrame:
    """`frame` with `column` set to `value` on the (total or first) row of one KPI."""
    hit = (pl.col("kpi") == kpi) & (pl.col("gemeente") == gemeente) & (pl.col("periode") == periode)
    first = hit & (pl.int_range(pl.len()) == pl.int_range(pl.len()).filter(hit).first())
    return frame.with_columns(
        pl.when(first).then(pl.lit(value, KPI_SCHEMA[column])).otherwise(pl.col(column)).alias(column)
    )


def failed(report: ValidationReport) -> list:
    return [r for r in report.results if not r.success]


def check_stops(
    report: ValidationReport, expectation: str, column: str | None, count: int | None, samples: list
) -> None:
    [bad] = failed(report)
    assert (bad.expectation, bad.column, bad.critical, bad.unexpected_count, bad.samples) == (
        expectation,
        column,
        True,
        count,
        samples,
    )
    with pytest.raises(DataQualityError) as exc:
        require(report)
    message = str(exc.value)
    assert message.startswith("controle 'kpis' mislukt: ") and "\n" not in message
    assert expectation in message
    shown = dutch_list(v if isinstance(v, int | float) else f"'{v}'" for v in samples if not isinstance(v, dict))
    assert (f"bijv. {shown}" in message) if samples else ("bijv." not in message)
    if column:
        assert f"op '{column}'" in message
    if count is not None:
        assert f"{count} afwijkende {'rij' if count == 1 else 'rijen'}" in message


def test_kinds_come_from_the_catalogue():
    assert "tel_servicelevel_pct" in PERCENTAGES and "tel_wachttijd_gem_s" not in PERCENTAGES
    assert set(COUNTS) == {k.code for k in KPIS if k.kind == "aantal"}


def test_clean_kpis_pass():
    kpis = clean_kpis()
    report = validate("kpis", kpis, kpi_suite())
    assert failed(report) == []
    assert all(r.critical for r in report.results)
    assert require(report) is report
    reconciled = reconcile_telephony(kpis)
    assert failed(reconciled) == [] and require(reconciled) is reconciled
    assert reconciled.to_frame()["kritiek"].all()


def test_means_and_counts_are_not_held_to_percentage_rules():
    # a mean's teller (sum of seconds) exceeds its noemer; a count can exceed 100
    kpis = change(change(clean_kpis(), "waarde", 5000.0, kpi="tel_aangeboden"), "waarde", 5000.0, kpi="tel_beantwoord")
    assert failed(validate("kpis", kpis, kpi_suite())) == []


@pytest.mark.parametrize("value", [120.5, -5.0])
def test_percentage_out_of_range_stops(value):
    kpis = change(clean_kpis(), "waarde", value, kpi="tel_servicelevel_pct")
    check_stops(validate("kpis", kpis, kpi_suite()), "expect_column_values_to_be_between", "waarde", 1, [value])


def test_teller_above_noemer_stops():
    kpis = change(clean_kpis(), "teller", 99, kpi="tel_verloren_pct")
    check_stops(
        validate("kpis", kpis, kpi_suite()),
        "expect_column_pair_values_a_to_be_greater_than_b",
        "noemer, teller",
        1,
        [(95, 99)],
    )


@pytest.mark.parametrize("column", ["teller", "noemer"])
def test_percentage_without_teller_or_noemer_stops(column):
    kpis = change(clean_kpis(), column, None, kpi="tel_eerstelijn_pct")
    check_stops(validate("kpis", kpis, kpi_suite()), "expect_column_values_to_not_be_null", column, 1, [])


@pytest.mark.parametrize("column", ["teller", "noemer"])
def test_negative_teller_or_noemer_stops(column):
    report = validate("kpis", change(clean_kpis(), column, -3, kpi="tel_wachttijd_gem_s"), kpi_suite())
    check_stops(report, "expect_column_values_to_be_between", column, 1, [-3])


def test_negative_count_stops():
    kpis = change(clean_kpis(), "waarde", -1.0, kpi="zaak_ontvangen")
    check_stops(validate("kpis", kpis, kpi_suite()), "expect_column_values_to_be_between", "waarde", 1, [-1.0])


def test_zero_instead_of_empty_for_noemer_0_stops():
    kpis = change(clean_kpis(), "waarde", 0.0, kpi="afs_noshow_pct")
    check_stops(validate("kpis", kpis, kpi_suite()), "expect_column_values_to_be_null", "waarde", 1, [0.0])


@pytest.mark.parametrize("column", ["gemeente", "periode", "kpi"])
def test_empty_key_stops(column):
    kpis = change(clean_kpis(), column, None, kpi="zaak_ontvangen", periode="2026-Q3")
    check_stops(validate("kpis", kpis, kpi_suite()), "expect_column_values_to_not_be_null", column, 1, ["rij 25"])


def test_unknown_kpi_stops():
    kpis = change(clean_kpis(), "kpi", "tel_onbekend", kpi="zaak_ontvangen")
    check_stops(validate("kpis", kpis, kpi_suite()), "expect_column_values_to_be_in_set", "kpi", 1, ["tel_onbekend"])


def test_duplicate_key_stops():
    kpis = clean_kpis()
    kpis = pl.concat(
        [
            kpis,
            kpis.filter(
                pl.col("kpi") == "zaak_ontvangen", pl.col("gemeente") == "Losser", pl.col("periode") == "2026-07"
            ),
        ]
    )
    check_stops(
        validate("kpis", kpis, kpi_suite()),
        "expect_compound_columns_to_be_unique",
        "gemeente, periode, kpi, groep",
        2,
        [{"gemeente": "Losser", "periode": "2026-07", "kpi": "zaak_ontvangen", "groep": None}],
    )
    with pytest.raises(
        DataQualityError,
        match=r"2 afwijkende rijen, bijv\. \(gemeente Losser, periode 2026-07, "
        r"kpi zaak_ontvangen, groep leeg\)$",
    ):
        require(validate("kpis", kpis, kpi_suite()))


def test_group_rows_with_the_same_kpi_are_not_duplicates():
    kpis = clean_kpis()
    assert kpis.filter(pl.col("kpi") == "tel_tweedelijn_bereikbaar_pct").height == 8
    assert failed(validate("kpis", kpis, kpi_suite())) == []


def test_columns_out_of_contract_stop():
    report = validate("kpis", clean_kpis().drop("norm_gehaald"), kpi_suite())
    [bad] = failed(report)
    assert bad.expectation == "expect_table_columns_to_match_ordered_list" and bad.critical
    with pytest.raises(DataQualityError, match="expect_table_columns_to_match_ordered_list"):
        require(report)


# --- reconciliations -----------------------------------------------------------------------------


def test_answered_above_offered_stops():
    kpis = change(clean_kpis(), "waarde", 101.0, kpi="tel_beantwoord", gemeente="Enschede", periode="2026-Q3")
    report = reconcile_telephony(kpis)
    [bad] = failed(report)
    assert (bad.expectation, bad.column, bad.critical, bad.unexpected_count, bad.samples) == (
        "expect_tel_beantwoord_at_most_tel_aangeboden",
        "waarde",
        True,
        1,
        ["Enschede 2026-Q3: 101 > 100"],
    )
    with pytest.raises(
        DataQualityError,
        match=r"^controle 'kpis' mislukt: expect_tel_beantwoord_at_most_tel_aangeb"
        r"oden op 'waarde': 1 afwijkende rij, bijv. 'Enschede 2026-Q3: "
        r"101 > 100'$",
    ):
        require(report)


def test_service_level_and_abandon_rate_with_different_noemer_stop():
    kpis = change(clean_kpis(), "noemer", 96, kpi="tel_verloren_pct")
    [bad] = failed(reconcile_telephony(kpis))
    assert (bad.expectation, bad.column, bad.unexpected_count, bad.samples) == (
        "expect_tel_servicelevel_pct_and_tel_verloren_pct_same_noemer",
        "noemer",
        1,
        ["Losser 2026-07: 95 ≠ 96"],
    )
    with pytest.raises(DataQualityError, match="same_noemer op 'noemer': 1 afwijkende rij"):
        require(reconcile_telephony(kpis))


def test_kpi_without_its_partner_stops():
    kpis = clean_kpis().filter(~((pl.col("kpi") == "tel_aangeboden") & (pl.col("periode") == "2026-07")))
    [bad] = failed(reconcile_telephony(kpis))
    assert bad.unexpected_count == 2
    assert bad.samples == ["Enschede 2026-07: 90 > leeg", "Losser 2026-07: 90 > leeg"]


def test_frame_without_telephony_reconciles_trivially():
    kpis = clean_kpis().filter(~pl.col("kpi").str.starts_with("tel_"))
    assert failed(reconcile_telephony(kpis)) == []


# --- real transform output ------------------------------------------------------------------------


def test_telephony_figures_pass_suite_and_reconciliation():
    outcomes = ["beantwoord", "beantwoord", "opgehangen", "opgehangen", "voicemail", "gesloten", "ivr", "beantwoord"]
    n = len(outcomes)
    calls = pl.DataFrame(
        {
            "call_id": [f"T{i}" for i in range(n)],
            "gestart_op": [datetime(2026, 7, 1 + i, 9, 0, tzinfo=UTC) for i in range(n)],
            "wachtrij": ["LOS-KCC"] * (n - 1) + ["LOS-PVH"],
            "gemeente": "Losser",
            "lijn": [1] * (n - 1) + [2],
            "team": ["KCC"] * (n - 1) + ["PVH"],
            "wacht_s": [10, 45, 2, 60, 30, 0, 0, 20],
            "gesprek_s": [200, 300, 0, 0, 0, 0, 0, 120],
            "wacht_in_gesprek_s": 0,
            "nawerk_s": 0,
            "uitkomst": outcomes,
            "doorverbonden_naar": [None, "PVH", None, None, None, None, None, None],
            "export_stempel": "x",
            "bron_bestand": "x",
            "bron_hash": "x",
        },
        schema=CALLS_SCHEMA,
    )
    buckets = [("2026-07", date(2026, 7, 1), date(2026, 7, 31)), ("2026-08", date(2026, 8, 1), date(2026, 8, 31))]
    kpis = telephony_figures(
        calls.lazy(),
        buckets,
        ["Losser", "Enschede"],
        "Europe/Amsterdam",
        30,
        5,
        {"tel_servicelevel_pct": (80.0, ">="), "tel_verloren_pct": (5.0, "<=")},
    )
    assert kpis.height > 0
    report = validate("kpis", kpis, kpi_suite())
    assert failed(report) == [], report.failed_critical
    assert failed(reconcile_telephony(kpis)) == []
