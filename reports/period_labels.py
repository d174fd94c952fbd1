"""How a period is named in a heading, honestly: a period the data does not fully cover says up to
(or from) which day the data runs, as DOMAIN.md asks ("2026 t/m 30-11")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import polars as pl

from core.periods import Period, in_words


@dataclass(frozen=True)
class Span:
    """What the data of one gemeente covers of one period."""

    period: Period
    heading: str  # "2026", "2026 t/m 30-11", "2026-Q1 vanaf 15-02"
    partial: bool  # the data does not cover the whole period
    first: date | None  # the first and last day every source with data covers (None: no data)
    last: date | None

    @property
    def empty(self) -> bool:
        return self.first is None


def span(period: Period, periods: pl.DataFrame) -> Span:
    """`periods`: one gemeente's rows of `transforms.coverage.period_coverage`."""
    rows = periods.filter(pl.col("periode") == period.label)
    words = in_words(period)
    if rows.is_empty():
        return Span(period, words, False, None, None)
    first, last = cast(date, rows["van"].max()), cast(date, rows["tot"].min())
    if first > last:  # the sources cover parts of the period that do not overlap: from the first to the last
        return Span(period, f"{words} (onvolledig)", True, cast(date, rows["van"].min()), cast(date, rows["tot"].max()))
    partial = not rows["volledig"].all()
    if not partial:
        return Span(period, words, False, first, last)
    style = "%d-%m-%Y" if period.start.year != period.end.year else "%d-%m"
    if first > period.start and last < period.end:
        return Span(period, f"{words} ({first:{style}} t/m {last:{style}})", True, first, last)
    if last < period.end:
        return Span(period, f"{words} t/m {last:{style}}", True, first, last)
    return Span(period, f"{words} vanaf {first:{style}}", True, first, last)
