"""From the long KPI frame to the wide tables a sheet shows: one row per group or period,
one column per KPI. Layout only: values are taken as they are, never computed."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def _wide(rows: pl.DataFrame, index: str, labels: pl.DataFrame, codes: Sequence[str], value: str) -> pl.DataFrame:
    frame = labels
    if rows.height:
        wide = rows.filter(pl.col("kpi").is_in(list(codes))).pivot(on="kpi", index=index, values=value,
                                                                    aggregate_function=None)
        frame = frame.join(wide, on=index, how="left")
    return frame.select(index, *[pl.col(c).cast(pl.Float64) if c in frame.columns
                                 else pl.lit(None, pl.Float64).alias(c) for c in codes])


def per_group(kpis: pl.DataFrame, prefix: str, name: str, codes: Sequence[str], value: str = "waarde") -> pl.DataFrame:
    """One row per groep starting with `prefix` (e.g. "team="), named by the rest in column `name`,
    sorted; one column per KPI code of `codes` (empty where the KPI has no row)."""
    rows = kpis.filter(pl.col("groep").str.starts_with(prefix)) \
        .with_columns(pl.col("groep").str.strip_prefix(prefix).alias(name))
    labels = pl.DataFrame({name: rows[name].unique().sort()}, schema={name: pl.String})
    return _wide(rows, name, labels, codes, value)


def per_period(kpis: pl.DataFrame, periodes: Sequence[str], codes: Sequence[str], groep: str | None = None,
               value: str = "waarde") -> pl.DataFrame:
    """One row per periode of `periodes` (in that order) for the totals (`groep` None) or one groep;
    one column `periode` and one per KPI code."""
    match = pl.col("groep").is_null() if groep is None else pl.col("groep") == groep
    rows = kpis.filter(match & pl.col("periode").is_in(list(periodes)))
    labels = pl.DataFrame({"periode": list(periodes)}, schema={"periode": pl.String})
    return _wide(rows, "periode", labels, codes, value)
