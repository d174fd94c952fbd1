"""The long KPI frame every domain produces: the shape of `kpis.csv`.

One row per (gemeente, periode, kpi, groep). `waarde` is empty where the
denominator is 0; `teller`/`noemer` stand beside percentages and means
(sum / count), `noemer` beside medians (number of records).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

KPI_SCHEMA = pl.Schema(
    {
        "gemeente": pl.String,
        "periode": pl.String,
        "kpi": pl.String,
        "groep": pl.String,  # null = total; else "team=PVH", "zaaktype=OMV-REG", ...
        "waarde": pl.Float64,
        "teller": pl.Int64,
        "noemer": pl.Int64,
        "norm": pl.Float64,
        "norm_gehaald": pl.Boolean,
    }
)
KEYS = ["gemeente", "periode", "kpi", "groep"]
# The frame as a domain's transform returns it, before `with_norms` adds the norm columns.
LONG = pl.Schema({name: dtype for name, dtype in KPI_SCHEMA.items() if name not in ("norm", "norm_gehaald")})


def count_kpi(code: str, count: pl.Expr) -> list[pl.Expr]:
    """Struct fields for a plain count."""
    return [
        pl.lit(code).alias("kpi"),
        count.cast(pl.Float64).alias("waarde"),
        pl.lit(None, pl.Int64).alias("teller"),
        pl.lit(None, pl.Int64).alias("noemer"),
    ]


def ratio_kpi(code: str, teller: pl.Expr, noemer: pl.Expr, scale: float = 100.0) -> list[pl.Expr]:
    """Percentage (scale 100) or mean (scale 1); empty when the denominator is 0."""
    teller, noemer = teller.cast(pl.Int64), noemer.cast(pl.Int64)
    value = pl.when(noemer > 0).then(teller.cast(pl.Float64) * scale / noemer).otherwise(None)
    return [pl.lit(code).alias("kpi"), value.alias("waarde"), teller.alias("teller"), noemer.alias("noemer")]


def long_kpis(wide: pl.LazyFrame, by: list[str], kpis: list[list[pl.Expr]]) -> pl.LazyFrame:
    """Turn one aggregated row per group into one row per KPI.

    The aggregate is materialised once: polars would otherwise recompute the whole
    aggregation (over every call) for each KPI's select (measured: 61 s instead of a
    few on 10M calls). It is small: one row per group."""
    wide = wide.collect().lazy()
    parts = [wide.select(*by, *exprs) for exprs in kpis]
    return pl.concat(parts, how="vertical_relaxed")


def with_norms(kpis: pl.LazyFrame, norms: Mapping[str, tuple[float, str]]) -> pl.LazyFrame:
    """Add `norm` and `norm_gehaald` (empty where no norm applies or no value)."""
    table = pl.LazyFrame(
        {"kpi": list(norms), "norm": [n[0] for n in norms.values()], "richting": [n[1] for n in norms.values()]},
        schema={"kpi": pl.String, "norm": pl.Float64, "richting": pl.String},
    )
    met = (
        pl.when(pl.col("norm").is_null() | pl.col("waarde").is_null())
        .then(None)
        .when(pl.col("richting") == ">=")
        .then(pl.col("waarde") >= pl.col("norm"))
        .otherwise(pl.col("waarde") <= pl.col("norm"))
    )
    return (
        kpis.join(table, on="kpi", how="left", maintain_order="left")
        .with_columns(norm_gehaald=met)
        .select(list(KPI_SCHEMA))
        .cast(KPI_SCHEMA)
    )


def empty_kpis() -> pl.DataFrame:
    return pl.DataFrame(schema=KPI_SCHEMA)
