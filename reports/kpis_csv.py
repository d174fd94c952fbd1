"""`kpis.csv`: the catalogue's columns, UTF-8, comma, decimal point."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polars as pl

from transforms.kpi_frame import KEYS, KPI_SCHEMA

FORMULA_START = ("=", "+", "-", "@")
TEXT_COLUMNS = ("gemeente", "periode", "kpi", "groep")


def _as_text(column: str) -> pl.Expr:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection)."""
    value = pl.col(column)
    return (
        pl.when(value.str.starts_with("=") | value.str.starts_with("+") | value.str.starts_with("-")
                | value.str.starts_with("@"))
        .then(pl.concat_str(pl.lit("'"), value)).otherwise(value).alias(column)
    )


def kpis_csv_frame(kpis: pl.DataFrame) -> pl.DataFrame:
    return (
        kpis.select(list(KPI_SCHEMA)).sort(KEYS, nulls_last=False)
        .with_columns(*[_as_text(c) for c in TEXT_COLUMNS], pl.col("waarde").round(4), pl.col("norm").round(4))
        .with_columns(pl.col("norm_gehaald").replace_strict({True: "true", False: "false"}, default=None,
                                                            return_dtype=pl.String))
    )


def write_kpis_csv(kpis: pl.DataFrame, path: Path) -> Path:
    """Write atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kpis.", suffix=".csv", dir=path.parent)
    os.close(fd)
    try:
        kpis_csv_frame(kpis).write_csv(tmp, null_value="")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
