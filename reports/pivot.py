"""From the long KPI frame to the wide tables a sheet shows: one row per group or period, one
column per KPI, each beside a hidden format column (`_f_<code>`: the number format of its kind,
marked where the figure is a small number), and the detail sheets' table of such a frame
(`kpi_table`). Layout only: values are taken as they are."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from core.catalogue import BY_CODE
from reports import theme
from reports.phrases import small_number_note
from reports.tables import Table


def format_column(code: str) -> str:
    return f"_f_{code}"


def row_formats(codes: Sequence[str]) -> dict[str, str]:
    """The `Table.row_formats` of a wide frame: each KPI column with its format column."""
    return {c: format_column(c) for c in codes}


def _kind_key(code: str) -> str:
    return theme.format_key_for_kind(BY_CODE[code].kind) if code in BY_CODE else "aantal"


def _wide(rows: pl.DataFrame, index: str, labels: pl.DataFrame, codes: Sequence[str]) -> pl.DataFrame:
    frame = labels
    rows = rows.filter(pl.col("kpi").is_in(list(codes)))
    if rows.height:
        small = (
            pl.col("klein_aantal").fill_null(False) & pl.col("waarde").is_not_null()
            if "klein_aantal" in rows.columns
            else pl.lit(False)
        )
        marked = rows.with_columns(_klein=small)
        values = marked.pivot(on="kpi", index=index, values="waarde", aggregate_function=None)
        marks = marked.pivot(on="kpi", index=index, values="_klein", aggregate_function=None)
        frame = frame.join(values, on=index, how="left").join(
            marks.rename({c: f"_k_{c}" for c in marks.columns if c != index}), on=index, how="left"
        )
    out: list[pl.Expr | str] = [index]
    for code in codes:
        value = pl.col(code).cast(pl.Float64) if code in frame.columns else pl.lit(None, pl.Float64).alias(code)
        mark = pl.col(f"_k_{code}").fill_null(False) if f"_k_{code}" in frame.columns else pl.lit(False)
        key = _kind_key(code)
        out += [
            value,
            pl.when(mark).then(pl.lit(key + theme.SMALL_MARK)).otherwise(pl.lit(key)).alias(format_column(code)),
        ]
    return frame.select(out)


def per_group(kpis: pl.DataFrame, prefix: str, name: str, codes: Sequence[str]) -> pl.DataFrame:
    """One row per groep starting with `prefix` (e.g. "team="), named by the rest in column `name`,
    sorted; per KPI code of `codes` its value (empty where the KPI has no row) and format column."""
    rows = kpis.filter(pl.col("groep").str.starts_with(prefix)).with_columns(
        pl.col("groep").str.strip_prefix(prefix).alias(name)
    )
    labels = pl.DataFrame({name: rows[name].unique().sort()}, schema={name: pl.String})
    return _wide(rows, name, labels, codes)


def per_period(
    kpis: pl.DataFrame, periodes: Sequence[str], codes: Sequence[str], groep: str | None = None
) -> pl.DataFrame:
    """One row per periode of `periodes` (in that order) for the totals (`groep` None) or one groep;
    column `periode`, and per KPI code its value and format column."""
    match = pl.col("groep").is_null() if groep is None else pl.col("groep") == groep
    rows = kpis.filter(match & pl.col("periode").is_in(list(periodes)))
    labels = pl.DataFrame({"periode": list(periodes)}, schema={"periode": pl.String})
    return _wide(rows, "periode", labels, codes)


def per_month(
    kpis: pl.DataFrame, months: Sequence[str], codes: Sequence[str], headings: dict[str, str]
) -> pl.DataFrame:
    """`per_period` over `months` (the totals), each row named by its heading (`headings`: period_labels.
    month_headings) in a first column `maand` instead of `periode`."""
    frame = per_period(kpis, months, codes).with_columns(maand=pl.col("periode").replace(headings))
    return frame.select("maand", *[c for c in frame.columns if c not in ("maand", "periode")])


def has_small(frame: pl.DataFrame) -> bool:
    """Whether any format column marks a small number."""
    marks = [c for c in frame.columns if c.startswith("_f_")]
    return any(frame[c].str.ends_with(theme.SMALL_MARK).any() for c in marks)


def kpi_table(
    title: str,
    frame: pl.DataFrame,
    codes: Sequence[str],
    column_labels: dict[str, str],
    *,
    source: str,
    units: str,
    min_records: int,
    notes: Sequence[str] = (),
) -> Table:
    """A detail sheet's table of a wide frame (`per_group`, `per_period`): each KPI of `codes` in the
    number format of its format column; below it `notes`, then the small-number note when a figure in
    it is a small number (fewer than `min_records` observations)."""
    small = [small_number_note(min_records)] if has_small(frame) else []
    return Table(
        title,
        frame,
        source=source,
        units=units,
        notes=[*notes, *small],
        column_labels=column_labels,
        row_formats=row_formats(codes),
    )
