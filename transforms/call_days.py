"""Day totals of the calls: what every `tel_*` figure is rolled up from, without the calls.

The store keeps them beside the calls (store/delta_store.py keeps them in step at each load); a
report reads them instead of the calls, so its cost follows the days and queues, not the number of
calls or the years in the store.

The grain is what the figures need and nothing the configuration decides: the call's local date in
the configured time zone, its queue as exported (the queue mapping, with its validity dates on the
local date, is applied to the day totals when figures are computed, as to the calls: a corrected
mapping still corrects history), its outcome, its wait in whole seconds (so any answer norm T and
short-abandon bound S can be applied later), and the file it came from (the report lists the files
its figures use). Per group: the number of calls, the sums the means need (talk, wrap-up), the calls
answered without a transfer, and the extremes the checks need (durations, start times).

The prognose (calls per hour, handle time) reads the calls themselves: an hour's grain would make
these totals about ten times larger for a forecast made once a week.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from core.registry import FigureContext
from transforms.coverage import export_coverage
from transforms.queues import rules_frame, unmapped_listing
from transforms.telephony import ANSWERED, first_line_conditions, kpis_of_counts, second_line_conditions

CALL_DAYS = "call_days"  # the store table
CALL_DAYS_KEY = ("datum", "wachtrij", "uitkomst", "wacht_s", "bron_hash")
CALL_DAYS_SCHEMA = pl.Schema(
    {
        "datum": pl.Date(),  # local date in `tijdzone`
        "wachtrij": pl.String(),
        "uitkomst": pl.String(),
        "wacht_s": pl.Int32(),
        "bron_hash": pl.String(),
        "export_stempel": pl.String(),
        "tijdzone": pl.String(),
        "aantal": pl.Int64(),
        "zonder_doorverbinding": pl.Int64(),  # calls without a transfer (doorverbonden_naar empty)
        "gesprek_som": pl.Int64(),
        "nawerk_som": pl.Int64(),
        "gesprek_min": pl.Int32(),
        "gesprek_max": pl.Int32(),
        "wacht_in_gesprek_min": pl.Int32(),
        "nawerk_min": pl.Int32(),
        "gestart_min": pl.Datetime("us", "UTC"),
        "gestart_max": pl.Datetime("us", "UTC"),
    }
)
MAPPED_CALL_DAYS_SCHEMA = pl.Schema(
    [
        *list(CALL_DAYS_SCHEMA.items())[:2],
        ("gemeente", pl.String()),
        ("lijn", pl.Int8()),
        ("team", pl.String()),
        *list(CALL_DAYS_SCHEMA.items())[2:],
    ]
)


def local_day(tz: str, column: str = "gestart_op") -> pl.Expr:
    return pl.col(column).dt.convert_time_zone(tz).dt.date()


def call_days(calls: pl.LazyFrame, tz: str) -> pl.LazyFrame:
    """Day totals of calls as the store keeps them (STORED_CALLS_SCHEMA), CALL_DAYS_SCHEMA, sorted."""
    # the file's hash grouped as a category: its 64 characters are then looked at once per call, not
    # again in every comparison of the grouping (a third of its cost on a 1M-call file)
    return (
        calls.group_by(
            local_day(tz).alias("datum"),
            "wachtrij",
            "uitkomst",
            "wacht_s",
            pl.col("bron_hash").cast(pl.Categorical),
        )
        .agg(
            export_stempel=pl.col("export_stempel").max(),  # one per file
            aantal=pl.len(),
            zonder_doorverbinding=pl.col("doorverbonden_naar").is_null().sum(),
            gesprek_som=pl.col("gesprek_s").cast(pl.Int64).sum(),
            nawerk_som=pl.col("nawerk_s").cast(pl.Int64).sum(),
            gesprek_min=pl.col("gesprek_s").min(),
            gesprek_max=pl.col("gesprek_s").max(),
            wacht_in_gesprek_min=pl.col("wacht_in_gesprek_s").min(),
            nawerk_min=pl.col("nawerk_s").min(),
            gestart_min=pl.col("gestart_op").min(),
            gestart_max=pl.col("gestart_op").max(),
        )
        .with_columns(tijdzone=pl.lit(tz))
        .select(list(CALL_DAYS_SCHEMA))
        .cast(CALL_DAYS_SCHEMA)
        .sort(list(CALL_DAYS_KEY))
    )


def call_days_overview(days: pl.LazyFrame) -> pl.LazyFrame:
    """The day totals per day, queue and export only (calls counted): what coverage, the gemeenten
    in the store and the unmapped queues need, in a few rows a day."""
    return days.group_by("datum", "wachtrij", "export_stempel").agg(aantal=pl.col("aantal").sum())


def mapped_call_days(days: pl.LazyFrame, ctx: FigureContext) -> pl.LazyFrame:
    """Day totals with `gemeente`, `lijn` and `team` from the rule of their queue valid on their
    date (null where none is), as `transforms.queues.mapped_calls` does for calls."""
    valid = (pl.col("geldig_van").is_null() | (pl.col("datum") >= pl.col("geldig_van"))) & (
        pl.col("geldig_tot").is_null() | (pl.col("datum") <= pl.col("geldig_tot"))
    )
    # matched per queue and day, not per row (no row index): a filter on the days after this (the
    # report's window) then reaches the scan of the store, which reads only the files of those days
    unmapped = days.drop("gemeente", "lijn", "team", strict=False)
    matched = (
        unmapped.select("wachtrij", "datum")
        .unique()
        .join(rules_frame(ctx.queues), on="wachtrij", how="inner")
        .filter(valid)
        .select("wachtrij", "datum", "gemeente", "lijn", "team")
        .unique(["wachtrij", "datum"], keep="first")
    )  # overlapping rules are refused in the configuration
    present = set(days.collect_schema().names()) | {"gemeente", "lijn", "team"}
    return unmapped.join(matched, on=["wachtrij", "datum"], how="left", maintain_order="left").select(
        [c for c in MAPPED_CALL_DAYS_SCHEMA if c in present]  # an overview has fewer columns
    )


def call_day_coverage(days: pl.LazyFrame, tz: str) -> pl.LazyFrame:
    """`transforms.coverage.call_coverage` from day totals: the first day with a call and the last
    day the newest call export covers, per gemeente (local dates)."""
    return export_coverage(days, "calls", pl.col("datum"))


def unmapped_call_days(days: pl.LazyFrame, ctx: FigureContext | None = None) -> pl.LazyFrame:
    """`transforms.queues.unmapped_queues` from day totals (local dates, as the rules have them)."""
    return unmapped_listing(
        days.filter(pl.col("gemeente").is_null())
        .group_by("wachtrij")
        .agg(aantal=pl.col("aantal").sum(), van=pl.col("datum").min(), tot=pl.col("datum").max())
    )


def day_counts(days: pl.LazyFrame, answer_norm_s: int, short_abandon_s: int, by: list[str]) -> pl.LazyFrame:
    """`transforms.telephony.telephony_counts` from mapped day totals: each count a sum of `aantal`
    over the rows its condition (`first_line_conditions`) holds for."""
    n = pl.col("aantal")
    answered = pl.col("uitkomst") == ANSWERED
    return (
        days.filter(pl.col("lijn") == 1)
        .group_by(by)
        .agg(
            **{
                name: n.filter(rows).sum()
                for name, rows in first_line_conditions(answer_norm_s, short_abandon_s).items()
            },
            wacht_som=(pl.col("wacht_s").cast(pl.Int64) * n).filter(answered).sum(),
            gesprek_som=pl.col("gesprek_som").filter(answered).sum(),
            zonder_doorverbinding=pl.col("zonder_doorverbinding").filter(answered).sum(),
        )
    )


def second_line_day_counts(days: pl.LazyFrame, short_abandon_s: int, by: list[str]) -> pl.LazyFrame:
    n = pl.col("aantal")
    return (
        days.filter(pl.col("lijn") == 2)
        .group_by([*by, "team"])
        .agg(**{name: n.filter(rows).sum() for name, rows in second_line_conditions(short_abandon_s).items()})
    )


def telephony_kpis_of_days(
    days: pl.LazyFrame, answer_norm_s: int, short_abandon_s: int, by: Sequence[str] | None = None
) -> pl.LazyFrame:
    """`transforms.telephony.telephony_kpis` from mapped day totals with a `periode`."""
    by = list(by or ["gemeente", "periode"])
    return kpis_of_counts(
        day_counts(days, answer_norm_s, short_abandon_s, by), second_line_day_counts(days, short_abandon_s, by), by
    )
