"""Local dates: every time is bucketed by its date in the municipality's zone."""

from __future__ import annotations

from datetime import date

import polars as pl


def with_local_date(frame: pl.LazyFrame, column: str, tz: str, name: str = "datum") -> pl.LazyFrame:
    """Add the local calendar date of a UTC timestamp column."""
    return frame.with_columns(pl.col(column).dt.convert_time_zone(tz).dt.date().alias(name))


def within(frame: pl.LazyFrame, start: date, end: date, column: str = "datum") -> pl.LazyFrame:
    """Rows whose date lies in [start, end], both inclusive."""
    return frame.filter(pl.col(column).is_between(start, end, closed="both"))


def month_label(column: str = "datum") -> pl.Expr:
    return pl.col(column).dt.strftime("%Y-%m")
