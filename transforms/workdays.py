"""Working days (werkdagen) and case deadlines.

A werkdag (DOMAIN.md) is Monday-Friday, not a public holiday as the `holidays`
package's NL calendar defines it (its default, public category), and not a
configured local closing day.

Working-day arithmetic is vectorised: a sorted Date series of working days
(`working_days`) is turned into two small lookup frames that the data is joined
against, so there is no Python loop per row.

The calendar has a range: the caller builds it wide enough for the data, from the
earliest date that is counted from (registratiedatum, startdatum) to the latest
such date plus the longest working-day term (`calendar_span` gives a generous
range). A date the calendar does not cover gives null, never a wrong date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import holidays
import polars as pl

UNITS = ("weken", "werkdagen", "kalenderdagen")
_TMP = "__wd_"  # prefix of the helper columns; dropped before returning


def closing_dates(first: date, last: date, closing_days: Iterable[date] = ()) -> set[date]:
    """The days in [first, last] that are closed by date: NL public holidays (as
    `holidays.NL` defines them) and the configured local closing days."""
    if first > last:
        raise ValueError(f"kalender: begin {first} ligt na einde {last}")
    public = holidays.NL(years=range(first.year, last.year + 1))
    out = {d for d in public if first <= d <= last}
    return out | {d for d in closing_days if first <= d <= last}


def non_working_days(first: date, last: date, closing_days: Iterable[date] = ()) -> set[date]:
    """Every day in [first, last] that is not a werkdag: weekends, NL public holidays
    (as `holidays.NL` defines them) and the configured local closing days."""
    out = closing_dates(first, last, closing_days)
    day = first
    while day <= last:  # a few thousand days at most: plain values, not data rows
        if day.weekday() >= 5:
            out.add(day)
        day += timedelta(days=1)
    return out


def working_days(first: date, last: date, closing_days: Iterable[date] = ()) -> pl.Series:
    """The werkdagen in [first, last] as a sorted Date series named `werkdag`."""
    closed = non_working_days(first, last, closing_days)
    days = pl.date_range(first, last, interval="1d", eager=True)
    return days.filter(~days.is_in(sorted(closed), nulls_equal=False)).alias("werkdag")


def calendar_span(earliest: date, latest: date, max_working_days: int) -> tuple[date, date]:
    """A (first, last) range for `working_days` that covers adding up to `max_working_days`
    werkdagen to any date in [earliest, latest].

    Allows two calendar weeks per five working days plus a month for holidays and closing
    weeks; should local closing days ever exceed that, the result is null, not wrong."""
    if max_working_days < 0:
        raise ValueError("max_working_days moet >= 0 zijn")
    margin = timedelta(days=14 * (max_working_days // 5 + 1) + 31)
    return earliest, latest + margin


def _checked(workdays: pl.Series) -> pl.Series:
    if workdays.dtype != pl.Date:
        raise TypeError(f"werkdagen moeten een Date-reeks zijn, niet {workdays.dtype}")
    if workdays.null_count():
        raise ValueError("werkdagen bevatten een lege datum")
    if workdays.len() > 1 and not (workdays.diff().drop_nulls().dt.total_days() > 0).all():
        raise ValueError("werkdagen moeten strikt oplopend gesorteerd zijn")
    return workdays


def with_working_days_added(
    frame: pl.LazyFrame, column: str, n: str | int, out: str, workdays: pl.Series
) -> pl.LazyFrame:
    """Add `out`: the n-th werkdag AFTER the date in `column`.

    n = 1 on a Friday gives the next Monday (if that is a werkdag); n = 1 on a Saturday
    gives Monday; n = 0 gives the date itself (whatever day it is). `n` is an int or the
    name of an integer column. `workdays` is a sorted Date series of werkdagen (see
    `working_days`); the days between its first and last element that it does not hold
    are the non-working days.

    Null where the date or n is null, where n < 0, where the date lies before the first
    werkdag of the calendar, or where the answer would lie after its last werkdag: the
    calendar cannot tell, so no answer is given rather than a wrong one.
    """
    wd = _checked(workdays)
    n_expr = (pl.lit(n) if isinstance(n, int) else pl.col(n)).cast(pl.Int64)
    date_col = pl.col(column)
    if wd.is_empty():
        result = pl.when(n_expr == 0).then(date_col).otherwise(None)
        return frame.with_columns(result.cast(pl.Date).alias(out))

    nn, upto, idx, hit, day = (f"{_TMP}{s}" for s in ("n", "upto", "idx", "hit", "day"))
    # For every calendar day in the range: how many werkdagen fall on or before it.
    days = pl.date_range(wd[0], wd[-1], interval="1d", eager=True)
    counts = pl.LazyFrame({day: days}).with_columns(
        pl.col(day).is_in(wd.implode(), nulls_equal=False).cast(pl.Int64).cum_sum().alias(upto)
    )
    # The werkdagen by position: position k (0-based) is the (k+1)-th werkdag of the range.
    by_position = pl.LazyFrame({hit: wd}).with_row_index(idx).with_columns(pl.col(idx).cast(pl.Int64))
    # The n-th werkdag after d sits at position upto(d) + n - 1.
    return (
        frame.with_columns(n_expr.alias(nn))
        .join(counts, left_on=column, right_on=day, how="left", maintain_order="left", coalesce=False)
        .with_columns(pl.when(pl.col(nn) >= 1).then(pl.col(upto) + pl.col(nn) - 1).otherwise(None).alias(idx))
        .join(by_position, on=idx, how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col(nn) == 0).then(date_col).when(pl.col(nn) >= 1).then(pl.col(hit)).otherwise(None).alias(out)
        )
        .drop(nn, upto, idx, hit, day)
    )


def deadlines(cases: pl.LazyFrame, terms: pl.DataFrame, workdays: pl.Series) -> pl.LazyFrame:
    """Add `uiterste_datum`, the deadline of each case (DOMAIN.md):

    Fatale datum if present, else Streefdatum, else Startdatum + the zaaktype's term
    (`weken`: 7 x term calendar days, `kalenderdagen`: term days, `werkdagen`: the term-th
    werkdag after Startdatum); in every case moved later by `opgeschort_dagen` calendar
    days (null counts as 0). Null when none can be determined: no fatale or streefdatum
    and an unknown zaaktype, a null Startdatum, or a werkdagen term the calendar does not
    cover.

    `terms`: one row per zaaktype_code with `term` (int >= 0) and `unit`.
    """
    if terms["zaaktype_code"].is_duplicated().any():
        dupes = sorted(terms.filter(pl.col("zaaktype_code").is_duplicated())["zaaktype_code"].unique())
        raise ValueError(f"zaaktype dubbel in termijnen: {dupes}")
    if bad := sorted(set(terms["unit"].to_list()) - set(UNITS)):
        raise ValueError(f"onbekende termijneenheid: {bad}")
    term, unit, wd_term, wd_date = (f"{_TMP}{s}" for s in ("term", "unit", "wdterm", "wddate"))
    table = terms.lazy().select(
        pl.col("zaaktype_code").cast(pl.String),
        pl.col("term").cast(pl.Int64).alias(term),
        pl.col("unit").cast(pl.String).alias(unit),
    )
    start = pl.col("startdatum")
    by_term = (
        pl.when(pl.col(unit) == "weken")
        .then(start + pl.duration(days=pl.col(term) * 7))
        .when(pl.col(unit) == "kalenderdagen")
        .then(start + pl.duration(days=pl.col(term)))
        .when(pl.col(unit) == "werkdagen")
        .then(pl.col(wd_date))
        .otherwise(None)
    )
    base = pl.coalesce(pl.col("fatale_datum"), pl.col("streefdatum"), by_term)
    shift = pl.duration(days=pl.col("opgeschort_dagen").cast(pl.Int64).fill_null(0))
    return (
        cases.join(table, on="zaaktype_code", how="left", maintain_order="left")
        .with_columns(pl.when(pl.col(unit) == "werkdagen").then(pl.col(term)).otherwise(None).alias(wd_term))
        .pipe(with_working_days_added, "startdatum", wd_term, wd_date, workdays)
        .with_columns((base + shift).cast(pl.Date).alias("uiterste_datum"))
        .drop(term, unit, wd_term, wd_date)
    )
