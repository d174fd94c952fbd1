"""`check_kpis` (polars) gives the results GX gives with `kpi_suite` on the same KPI frame: the same
expectations in the same order, success, counts, examples and descriptions; so the report checks
its KPI frame without importing Great Expectations and the Controles sheet shows what it showed."""

from __future__ import annotations

import polars as pl
import pytest

from core.errors import DataQualityError
from expectations.gx_runner import require, validate
from expectations.kpis import RULES, check_kpis, kpi_suite
from tests.expectations.test_kpi_suite import change, clean_kpis


def duplicated(frame: pl.DataFrame, kpi: str = "zaak_ontvangen") -> pl.DataFrame:
    return pl.concat([frame, frame.filter(pl.col("kpi") == kpi, pl.col("gemeente") == "Losser")])


def frames() -> dict[str, pl.DataFrame]:
    clean = clean_kpis()
    return {
        "clean": clean,
        "percentage above 100": change(clean, "waarde", 120.5, kpi="tel_servicelevel_pct"),
        "percentage below 0": change(clean, "waarde", -5.0, kpi="tel_servicelevel_pct"),
        "percentage NaN": change(clean, "waarde", float("nan"), kpi="tel_servicelevel_pct"),
        "teller above noemer": change(clean, "teller", 99, kpi="tel_verloren_pct"),
        "no teller": change(clean, "teller", None, kpi="tel_eerstelijn_pct"),
        "no noemer": change(clean, "noemer", None, kpi="tel_eerstelijn_pct"),
        "negative teller": change(clean, "teller", -3, kpi="tel_wachttijd_gem_s"),
        "negative noemer": change(clean, "noemer", -3, kpi="tel_wachttijd_gem_s"),
        "negative count": change(clean, "waarde", -1.0, kpi="zaak_ontvangen"),
        "0 for noemer 0": change(clean, "waarde", 0.0, kpi="afs_noshow_pct"),
        "no gemeente": change(clean, "gemeente", None, kpi="zaak_ontvangen", periode="2026-Q3"),
        "no periode": change(clean, "periode", None, kpi="zaak_ontvangen", periode="2026-Q3"),
        "no kpi": change(clean, "kpi", None, kpi="zaak_ontvangen", periode="2026-Q3"),
        "unknown kpi": change(clean, "kpi", "tel_onbekend", kpi="zaak_ontvangen"),
        "duplicate key": duplicated(clean),
        "duplicate key with a groep": duplicated(clean, "tel_tweedelijn_bereikbaar_pct"),
        # many faults at once: counts above 5 examples and 20 rows, several rules failing together
        "many faults": pl.concat([duplicated(clean)] * 12).with_columns(
            waarde=pl.when(pl.col("kpi").str.ends_with("_pct")).then(pl.col("waarde") * 2).otherwise(-pl.col("waarde")),
            teller=pl.col("teller") - 80,
        ),
        "every key empty": pl.concat(
            [clean, clean.head(2).with_columns(gemeente=None, periode=None, kpi=None, groep=None)]
        ),
    }


@pytest.mark.parametrize("name", list(frames()))
def test_the_same_results_as_great_expectations(name):
    frame = frames()[name]
    theirs = validate("kpis", frame, kpi_suite())
    ours = check_kpis(frame)
    assert ours.dataset == theirs.dataset and ours.rows == theirs.rows
    assert ours.results == theirs.results
    assert ours.to_frame().equals(theirs.to_frame())
    if theirs.failed_critical:
        with pytest.raises(DataQualityError) as gx_said:
            require(theirs)
        with pytest.raises(DataQualityError) as we_said:
            require(ours)
        assert str(we_said.value) == str(gx_said.value)


def test_a_frame_out_of_contract_stops_on_its_columns():
    """Columns not those of kpis.csv: the first rule fails with GX's wording of the mismatch (GX
    would go on and fail the others for the missing column too; here the check stops at it)."""
    frame = clean_kpis().drop("norm_gehaald")
    ours, theirs = check_kpis(frame), validate("kpis", frame, kpi_suite())
    assert ours.results == theirs.results[:1]
    assert not ours.results[0].success and ours.results[0].samples == ["norm_gehaald ≠ None"]
    with pytest.raises(DataQualityError, match="expect_table_columns_to_match_ordered_list"):
        require(ours)


def test_every_rule_is_met_by_some_frame():
    """Each rule fails on at least one of the frames above: none of them is compared only passing."""
    failing = {i for frame in frames().values() for i, r in enumerate(check_kpis(frame).results) if not r.success}
    assert failing == set(range(1, len(RULES)))  # the first (columns) in the test above
