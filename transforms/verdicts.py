"""The verdict a reader gets beside a figure (DOMAIN.md, "Reading a period honestly"):
- a ratio over fewer than `min_records` records (its denominator) is a small number: shown,
  marked, and without a verdict ("geen oordeel");
- a figure of a period the data does not fully cover gets its verdict only as "voorlopig";
- otherwise "ja" or "nee" as `norm_gehaald` says; nothing where no norm applies or no value is.

`kpis.csv` keeps `norm_gehaald` as the plain comparison with the norm (its contract); these
columns are for what is printed and mailed."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

VERDICT_COLUMNS = {"voorlopig": pl.Boolean, "klein_aantal": pl.Boolean, "oordeel": pl.String}


def verdicts(kpis: pl.DataFrame, kinds: Mapping[str, str], min_records: int) -> pl.DataFrame:
    """`kpis` (KPI rows with `voorlopig`, see `transforms.coverage.partial_figures`) with
    `klein_aantal` and `oordeel`. `kinds`: KPI code -> catalogue kind ("aantal", "percentage", ...)."""
    kind = pl.col("kpi").replace_strict(dict(kinds), default="aantal", return_dtype=pl.String)
    small = (kind != "aantal") & (pl.col("noemer") > 0) & (pl.col("noemer") < min_records)
    met = pl.col("norm_gehaald")
    verdict = (
        pl.when(pl.col("norm").is_null() | pl.col("waarde").is_null() | met.is_null())
        .then(None)
        .when(pl.col("klein_aantal"))
        .then(pl.lit("geen oordeel"))
        .when(pl.col("voorlopig"))
        .then(pl.when(met).then(pl.lit("voorlopig ja")).otherwise(pl.lit("voorlopig nee")))
        .when(met)
        .then(pl.lit("ja"))
        .otherwise(pl.lit("nee"))
    )
    return (
        kpis.with_columns(klein_aantal=small.fill_null(False))
        .with_columns(oordeel=verdict)
        .cast(pl.Schema(VERDICT_COLUMNS))
    )
