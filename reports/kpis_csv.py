"""`kpis.csv`: the KPI frame as the catalogue's contract (DOMAIN.md), written atomically.

Format:
- columns exactly `gemeente,periode,kpi,groep,waarde,teller,noemer,norm,norm_gehaald`;
  UTF-8 without byte-order mark, comma separator, decimal point, `\\n` line ends;
- `groep` empty for the total; `waarde` empty where the denominator is 0;
  `norm_gehaald` is `true`, `false` or empty (no norm, or no value);
- `waarde` and `norm` rounded to 4 decimals and written in plain decimal notation,
  never scientific, always with at least one decimal: `2.0`, `42.5`, `33.3333`;
  NaN or infinite values (which the transforms never produce) are written empty;
- rows sorted by gemeente, periode, kpi, groep, with the total (empty groep) first.

Formula-looking text: a spreadsheet program that opens a CSV evaluates a field
that starts with `=`, `+`, `-` or `@` as a formula (CSV injection, OWASP). The
text columns (gemeente, periode, kpi, groep) come from configuration and
exports, so a field that starts with one of these characters, or with a tab or
carriage return (OWASP lists those too), is written with a leading single quote
`'`: Excel and LibreOffice then show it as text. A program that reads the file
as data gets the quote as part of the value; no legitimate gemeente, period,
KPI code or group starts with these characters. Numbers are never quoted, so a
negative number stays a number.
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl

from reports._atomic import atomic_write_bytes
from transforms.kpi_frame import KEYS, KPI_SCHEMA

COLUMNS = list(KPI_SCHEMA)
SORT_KEYS = KEYS
TEXT_COLUMNS = tuple(KEYS)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DECIMALS = 4


def write_kpis_csv(kpis: pl.DataFrame, path: Path) -> Path:
    """Write `kpis` (KPI_SCHEMA columns; extra columns are left out) to `path` atomically."""
    return atomic_write_bytes(Path(path), kpis_csv_text(kpis).encode("utf-8"))


def kpis_csv_text(kpis: pl.DataFrame) -> str:
    """The file's content (no I/O)."""
    return kpis_csv_frame(kpis).write_csv(null_value="", line_terminator="\n", include_header=True)


def kpis_csv_frame(kpis: pl.DataFrame) -> pl.DataFrame:
    """The rows as written: every column already text, in file order."""
    if missing := [c for c in COLUMNS if c not in kpis.columns]:
        raise ValueError(f"kpis.csv: kolommen ontbreken: {missing}")
    frame = kpis.select(COLUMNS).cast(KPI_SCHEMA)
    return frame.sort(SORT_KEYS, nulls_last=False, maintain_order=True).with_columns(
        *[_as_text(c) for c in TEXT_COLUMNS],
        _decimal("waarde"),
        _decimal("norm"),
        pl.col("teller").cast(pl.String),
        pl.col("noemer").cast(pl.String),
        pl.col("norm_gehaald").replace_strict({True: "true", False: "false"}, default=None, return_dtype=pl.String),
    )


def _as_text(column: str) -> pl.Expr:
    """Prefix `'` to text a spreadsheet would read as a formula (see the module docstring)."""
    value = pl.col(column)
    looks_like_formula = pl.any_horizontal(*[value.str.starts_with(c) for c in FORMULA_START])
    return pl.when(looks_like_formula).then(pl.lit("'") + value).otherwise(value).alias(column)


def _format_decimal(value: float | None) -> str | None:
    if value is None or not math.isfinite(value):
        return None
    text = f"{round(value, DECIMALS) + 0.0:.{DECIMALS}f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text == "-0.0" else text


def _decimal(column: str) -> pl.Expr:
    """Python's round to 4 decimals; plain notation (polars itself would write 1e+16)."""
    return pl.col(column).map_elements(_format_decimal, return_dtype=pl.String, skip_nulls=True).alias(column)
