"""The configuration's queue mapping, applied when figures are computed (not at ingest): the store
keeps each call's queue as the export says it, so a corrected or extended mapping corrects every
later report, past periods included, without loading the files again.

A queue may have several rules, each valid from and until a local date; a call takes the rule
valid on its local date. A call whose queue has no rule that day keeps an empty gemeente: it is
in no gemeente's figures and is listed, with its queue, as unmapped (`unmapped_queues`)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from core.registry import UNKNOWN_SCHEMA, FigureContext, QueueRule

RULES_SCHEMA = {
    "wachtrij": pl.String,
    "gemeente": pl.String,
    "lijn": pl.Int8,
    "team": pl.String,
    "geldig_van": pl.Date,
    "geldig_tot": pl.Date,
}


def rules_frame(rules: Sequence[QueueRule]) -> pl.LazyFrame:
    return pl.LazyFrame(
        [(r.queue, r.gemeente, r.line, r.team, r.valid_from, r.valid_until) for r in rules],
        schema=RULES_SCHEMA,
        orient="row",
    )


def mapped_calls(calls: pl.LazyFrame, ctx: FigureContext) -> pl.LazyFrame:
    """`calls` with `gemeente`, `lijn` and `team` from the rule of its queue valid on its local date
    (null where none is). The calls keep their order; every call stays, once."""
    day = pl.col("gestart_op").dt.convert_time_zone(ctx.tz).dt.date()
    rules = rules_frame(ctx.queues)
    valid = (pl.col("geldig_van").is_null() | (pl.col("__dag") >= pl.col("geldig_van"))) & (
        pl.col("geldig_tot").is_null() | (pl.col("__dag") <= pl.col("geldig_tot"))
    )
    keyed = calls.drop("gemeente", "lijn", "team", strict=False).with_row_index("__rij").with_columns(__dag=day)
    matched = (
        keyed.select("__rij", "wachtrij", "__dag")
        .join(rules, on="wachtrij", how="inner")
        .filter(valid)
        .select("__rij", "gemeente", "lijn", "team")
        .unique("__rij", keep="first")
    )  # overlapping rules are refused in the configuration
    return keyed.join(matched, on="__rij", how="left", maintain_order="left").drop("__rij", "__dag")


def unmapped_queues(calls: pl.LazyFrame, ctx: FigureContext | None = None) -> pl.LazyFrame:
    """Per queue the calls that no rule of the configuration maps on their date (`mapped_calls` left
    their gemeente empty), most calls first (UNKNOWN_SCHEMA). The dates are local dates, as the
    `from`/`until` of a queue rule are, when `ctx` gives the time zone; else UTC dates, said so."""
    started = pl.col("gestart_op") if ctx is None else pl.col("gestart_op").dt.convert_time_zone(ctx.tz)
    zone = " (UTC)" if ctx is None else ""
    per_queue = (
        calls.filter(pl.col("gemeente").is_null())
        .group_by("wachtrij")
        .agg(aantal=pl.len(), van=started.min().dt.date(), tot=started.max().dt.date())
    )
    return unmapped_listing(per_queue, zone)


def unmapped_listing(per_queue: pl.LazyFrame, zone: str = "") -> pl.LazyFrame:
    """The unmapped queues as UNKNOWN_SCHEMA rows, most calls first, from one row per queue with its
    calls (`aantal`) and their first and last date (`van`, `tot`; `zone` says which dates they are)."""
    return (
        per_queue.sort(["aantal", "wachtrij"], descending=[True, False])
        .select(
            soort=pl.lit("wachtrij"),
            waarde="wachtrij",
            aantal="aantal",
            toelichting=pl.format(
                f"gesprekken van {{}} t/m {{}}{zone}: in geen gemeente geteld; voeg de wachtrij toe aan [[queues]]",
                pl.col("van").dt.strftime("%d-%m-%Y"),
                pl.col("tot").dt.strftime("%d-%m-%Y"),
            ),
        )
        .cast(pl.Schema(UNKNOWN_SCHEMA))
    )
