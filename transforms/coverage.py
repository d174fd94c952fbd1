"""Which periods the store has data for: a figure is only reported for a period that overlaps
the data of every source it is computed from (an empty column, not a 0, where it has none)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

# KPI code prefix -> the sources (store tables) its figures come from
SOURCES_OF = {"tel_": ("calls",), "zaak_": ("cases",), "afs_": ("appointments",),
              "kanaal_": ("calls", "cases", "appointments")}
COVERAGE_SCHEMA = {"gemeente": pl.String, "bron": pl.String, "van": pl.Date, "tot": pl.Date}


def source_coverage(frame: pl.LazyFrame, source: str, day: pl.Expr) -> pl.LazyFrame:
    """First and last day (`day`, a date expression) with records per gemeente in one source."""
    return frame.group_by("gemeente").agg(van=day.min(), tot=day.max()) \
        .select("gemeente", bron=pl.lit(source), van="van", tot="tot").cast(COVERAGE_SCHEMA)


def covered_figures(kpis: pl.DataFrame, coverage: pl.DataFrame,
                    buckets: Sequence[tuple[str, date, date]]) -> pl.DataFrame:
    """The rows of `kpis` whose periode overlaps, for their gemeente, the coverage of every
    source their KPI is computed from; the others are dropped (no data is not 0)."""
    spans = pl.DataFrame(list(buckets), schema={"periode": pl.String, "begin": pl.Date, "eind": pl.Date},
                         orient="row")
    needs = pl.DataFrame([(prefix, source) for prefix, sources in SOURCES_OF.items() for source in sources],
                         schema={"prefix": pl.String, "bron": pl.String}, orient="row")
    keyed = kpis.with_row_index("_rij").with_columns(prefix=pl.col("kpi").str.extract(r"^([a-z]+_)"))
    checks = (keyed.select("_rij", "gemeente", "periode", "prefix")
              .join(needs, on="prefix", how="left")
              .join(spans, on="periode", how="left")
              .join(coverage, on=["gemeente", "bron"], how="left")
              .group_by("_rij")
              .agg(ok=((pl.col("van") <= pl.col("eind")) & (pl.col("tot") >= pl.col("begin"))).fill_null(False).all()))
    return keyed.join(checks.filter("ok"), on="_rij", how="semi").drop("_rij", "prefix")
