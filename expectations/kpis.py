"""Expectations on the KPI frame, and the reconciliations between KPIs."""

from __future__ import annotations

import polars as pl
from great_expectations import expectations as E

from dvm.catalogue import BY_CODE, KPIS
from expectations.gx_runner import ExpectationResult, ValidationReport, suite
from transforms.kpi_frame import KEYS, KPI_SCHEMA

PERCENTAGES = [k.code for k in KPIS if k.kind == "percentage"]


def kpi_suite():
    """Shape of kpis.csv, catalogue codes, percentages within 0-100, no negatives."""
    pct = f"kpi in {PERCENTAGES!r}"
    return suite("kpis", [
        E.ExpectTableColumnsToMatchOrderedList(column_list=list(KPI_SCHEMA),
                                               meta={"beschrijving": "kolommen van kpis.csv"}),
        *[E.ExpectColumnValuesToNotBeNull(column=c, meta={"beschrijving": f"{c} is altijd gevuld"})
          for c in ("gemeente", "periode", "kpi")],
        E.ExpectColumnValuesToBeInSet(column="kpi", value_set=list(BY_CODE),
                                      meta={"beschrijving": "KPI staat in de catalogus"}),
        E.ExpectCompoundColumnsToBeUnique(column_list=KEYS,
                                          meta={"beschrijving": "één rij per gemeente, periode, KPI en groep"}),
        E.ExpectColumnValuesToBeBetween(column="waarde", min_value=0, max_value=100, row_condition=pct,
                                        condition_parser="pandas",
                                        meta={"beschrijving": "percentages liggen tussen 0 en 100"}),
        E.ExpectColumnValuesToBeBetween(column="waarde", min_value=0,
                                        meta={"beschrijving": "geen negatieve waarden"}),
        *[E.ExpectColumnValuesToBeBetween(column=c, min_value=0, meta={"beschrijving": f"{c} is niet negatief"})
          for c in ("teller", "noemer")],
    ])


def _check(dataset: str, description: str, bad: pl.DataFrame, sample_col: str) -> ExpectationResult:
    return ExpectationResult(dataset=dataset, expectation="reconcile", column=None, critical=True,
                             success=bad.height == 0, unexpected_count=bad.height,
                             samples=bad[sample_col].head(5).to_list(), description=description)


def reconcile_telephony(kpis: pl.DataFrame) -> ValidationReport:
    """Totals reconcile: teller <= noemer on percentages; answered <= offered; the service level
    and the abandon rate share their denominator."""
    total = kpis.filter(pl.col("groep").is_null())
    label = pl.format("{} {} {}", "gemeente", "periode", "kpi")
    over = kpis.filter(pl.col("kpi").is_in(PERCENTAGES) & (pl.col("teller") > pl.col("noemer")))
    wide = total.pivot(on="kpi", index=["gemeente", "periode"], values=["waarde", "noemer"])
    answered_over_offered = wide.filter(pl.col("waarde_tel_beantwoord") > pl.col("waarde_tel_aangeboden")) \
        if "waarde_tel_beantwoord" in wide.columns else wide.head(0)
    base_differs = wide.filter(pl.col("noemer_tel_servicelevel_pct") != pl.col("noemer_tel_verloren_pct")) \
        if "noemer_tel_servicelevel_pct" in wide.columns else wide.head(0)
    key = pl.format("{} {}", "gemeente", "periode").alias("sleutel")
    return ValidationReport("kpis", kpis.height, [
        _check("kpis", "teller <= noemer bij percentages", over.with_columns(sleutel=label), "sleutel"),
        _check("kpis", "beantwoord <= aangeboden", answered_over_offered.with_columns(key), "sleutel"),
        _check("kpis", "servicelevel en verloren hebben dezelfde noemer", base_differs.with_columns(key), "sleutel"),
    ])
