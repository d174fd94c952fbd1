"""How a period is named in a heading, honestly: a period the data does not fully cover says up to
(or from) which day the data runs, as DOMAIN.md asks ("2026 t/m 30-11")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

import polars as pl

from core.periods import Period, in_words, parse_period
from reports.phrases import month_heading, month_ticks


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
    if period.kind == "reeks":  # its name already has "t/m": "01-01-2025 t/m 31-12-2026, gegevens t/m 05-12-2026"
        style = "%d-%m-%Y"
        covered = (
            f"{first:{style}} t/m {last:{style}}"
            if first > period.start and last < period.end
            else (f"t/m {last:{style}}" if last < period.end else f"vanaf {first:{style}}")
        )
        return Span(period, f"{words}, gegevens {covered}", True, first, last)
    if first > period.start and last < period.end:
        return Span(period, f"{words} ({first:{style}} t/m {last:{style}})", True, first, last)
    if last < period.end:
        return Span(period, f"{words} t/m {last:{style}}", True, first, last)
    return Span(period, f"{words} vanaf {first:{style}}", True, first, last)


def month_headings(months: list[str], periods: pl.DataFrame) -> dict[str, str]:
    """Month label -> its row heading: "dec 2026", and for a month the data does not fully cover
    "dec 2026 t/m 05-12" (or "vanaf 15-02"), so a partial month never stands as a normal one."""
    return {m: month_heading(m) + _partial_tail(m, periods) for m in months}


def month_tick_labels(months: list[str], periods: pl.DataFrame) -> list[str]:
    """A chart's month ticks ("jul", "jul 25"), a partial month marked with its last day ("dec t/m 5"):
    without a hyphen, which a chart would break a narrow label at."""
    return [
        tick + _partial_tail(m, periods, day_only=True) for tick, m in zip(month_ticks(months), months, strict=True)
    ]


def _partial_tail(month: str, periods: pl.DataFrame, day_only: bool = False) -> str:
    s = span(parse_period(month), periods)
    if not s.partial or s.first is None or s.last is None:
        return ""
    if s.last < s.period.end:
        return f" t/m {s.last.day}" if day_only else f" t/m {s.last:%d-%m}"
    return f" vanaf {s.first.day}" if day_only else f" vanaf {s.first:%d-%m}"
