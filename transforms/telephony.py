"""Telephony KPIs (`tel_*` of the catalogue) from canonical calls.

Input: canonical calls (see `sources.kcc.CALLS_SCHEMA`) with a local `datum`
and a `periode` column naming the bucket each call belongs to.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.kpi_frame import count_kpi, long_kpis, ratio_kpi

ANSWERED, ABANDONED = "beantwoord", "opgehangen"
CALLBACK, VOICEMAIL, CLOSED, IVR = "terugbelverzoek", "voicemail", "gesloten", "ivr"


def offered(short_abandon_s: int) -> pl.Expr:
    """Answered + Callback + Voicemail + Abandoned with wait >= S (DOMAIN.md), per call."""
    return pl.col("uitkomst").is_in([ANSWERED, CALLBACK, VOICEMAIL]) | lost(short_abandon_s)


def lost(short_abandon_s: int) -> pl.Expr:
    """Abandoned after waiting S seconds or more (DOMAIN.md), per call."""
    return (pl.col("uitkomst") == ABANDONED) & (pl.col("wacht_s") >= short_abandon_s)


def first_line_conditions(answer_norm_s: int, short_abandon_s: int) -> dict[str, pl.Expr]:
    """Which calls each first-line count counts, by its column: the one statement of the rules, used
    on calls (`telephony_counts`: a call is a row) and on day totals (`transforms.call_days`:
    a row stands for `aantal` calls)."""
    out = pl.col("uitkomst")
    answered = out == ANSWERED
    return {
        "aangeboden": offered(short_abandon_s),
        "beantwoord": answered,
        "binnen_norm": answered & (pl.col("wacht_s") <= answer_norm_s),
        "verloren": lost(short_abandon_s),
        "kort_opgehangen": (out == ABANDONED) & (pl.col("wacht_s") < short_abandon_s),
        "terugbelverzoek": out == CALLBACK,
        "voicemail": out == VOICEMAIL,
        "gesloten": out == CLOSED,
        "ivr": out == IVR,
    }


def second_line_conditions(short_abandon_s: int) -> dict[str, pl.Expr]:
    """Which calls each second-line count (per team) counts, as `first_line_conditions`."""
    return {"beantwoord": pl.col("uitkomst") == ANSWERED, "aangeboden": offered(short_abandon_s)}


def telephony_counts(calls: pl.LazyFrame, answer_norm_s: int, short_abandon_s: int, by: list[str]) -> pl.LazyFrame:
    """First-line counts per group: the building blocks of every `tel_*` KPI."""
    answered = pl.col("uitkomst") == ANSWERED
    return (
        calls.filter(pl.col("lijn") == 1)
        .group_by(by)
        .agg(
            **{name: rows.sum() for name, rows in first_line_conditions(answer_norm_s, short_abandon_s).items()},
            wacht_som=pl.col("wacht_s").cast(pl.Int64).filter(answered).sum(),  # Int32 sums would wrap
            gesprek_som=pl.col("gesprek_s").cast(pl.Int64).filter(answered).sum(),
            zonder_doorverbinding=(answered & pl.col("doorverbonden_naar").is_null()).sum(),
        )
    )


def telephony_kpis(
    calls: pl.LazyFrame, answer_norm_s: int, short_abandon_s: int, by: list[str] | None = None
) -> pl.LazyFrame:
    """Every `tel_*` KPI per gemeente and periode (plus `by`), long format, without norms."""
    by = by or ["gemeente", "periode"]
    return kpis_of_counts(
        telephony_counts(calls, answer_norm_s, short_abandon_s, by),
        second_line_counts(calls, short_abandon_s, by),
        by,
    )


def kpis_of_counts(counts: pl.LazyFrame, per_team: pl.LazyFrame, by: list[str]) -> pl.LazyFrame:
    """The `tel_*` KPIs, long format, from the first-line counts (`telephony_counts`) and the
    second line's per team (`second_line_counts`): the same whether the counts were taken from
    calls or from day totals (transforms/call_days.py)."""
    c = pl.col
    first_line = long_kpis(
        counts,
        by,
        [
            count_kpi("tel_aangeboden", c("aangeboden")),
            count_kpi("tel_beantwoord", c("beantwoord")),
            ratio_kpi("tel_servicelevel_pct", c("binnen_norm"), c("beantwoord") + c("verloren")),
            ratio_kpi("tel_verloren_pct", c("verloren"), c("beantwoord") + c("verloren")),
            ratio_kpi("tel_wachttijd_gem_s", c("wacht_som"), c("beantwoord"), scale=1.0),
            ratio_kpi("tel_gesprekstijd_gem_s", c("gesprek_som"), c("beantwoord"), scale=1.0),
            ratio_kpi("tel_eerstelijn_pct", c("zonder_doorverbinding"), c("beantwoord")),
            count_kpi("tel_buiten_openingstijd", c("gesloten")),
        ],
    ).with_columns(groep=pl.lit(None, pl.String))
    return pl.concat([first_line, second_line_kpis(per_team, by)], how="diagonal_relaxed")


def second_line_counts(calls: pl.LazyFrame, short_abandon_s: int, by: list[str]) -> pl.LazyFrame:
    """Answered and offered calls per team on its line-2 queues (plus `by`)."""
    return (
        calls.filter(pl.col("lijn") == 2)
        .group_by([*by, "team"])
        .agg(**{name: rows.sum() for name, rows in second_line_conditions(short_abandon_s).items()})
    )


def second_line_kpis(per_team: pl.LazyFrame, by: list[str]) -> pl.LazyFrame:
    """`tel_tweedelijn_bereikbaar_pct` per team: answered / offered on its line-2 queues."""
    return (
        long_kpis(
            per_team,
            [*by, "team"],
            [
                ratio_kpi("tel_tweedelijn_bereikbaar_pct", pl.col("beantwoord"), pl.col("aangeboden")),
            ],
        )
        .with_columns(groep=pl.format("team={}", pl.col("team")))
        .drop("team")
    )


def second_line_reachability(calls: pl.LazyFrame, short_abandon_s: int, by: list[str]) -> pl.LazyFrame:
    """`tel_tweedelijn_bereikbaar_pct` per team: answered / offered on its line-2 queues."""
    return second_line_kpis(second_line_counts(calls, short_abandon_s, by), by)


def offered_per_hour(calls: pl.LazyFrame, tz: str, short_abandon_s: int) -> pl.LazyFrame:
    """First-line calls offered (`tel_aangeboden`) per gemeente and local hour: `gemeente`,
    `moment` (the start of the hour in `tz`, without a zone: the input of
    `transforms.forecast`) and `aantal`. Hours without offered calls are absent. In the
    autumn's double hour (02:00-03:00 twice) both hours count as one."""
    local = pl.col("gestart_op").dt.convert_time_zone(tz).dt.replace_time_zone(None)
    return (
        calls.filter((pl.col("lijn") == 1) & offered(short_abandon_s))
        .group_by("gemeente", local.dt.truncate("1h").alias("moment"))
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
        .sort("gemeente", "moment")
    )


def handle_time_s(calls: pl.LazyFrame, tz: str, first: date, last: date) -> pl.LazyFrame:
    """AHT per gemeente for staffing: the mean talk + wrap-up time (s) of the first-line
    calls Answered on local dates [first, last] (DOMAIN.md: the last 8 weeks), with the
    number of calls it is the mean of (`aht_s`, `beantwoord`)."""
    day = pl.col("gestart_op").dt.convert_time_zone(tz).dt.date()
    handled = pl.col("gesprek_s").cast(pl.Int64) + pl.col("nawerk_s").cast(pl.Int64)
    return (
        calls.filter((pl.col("lijn") == 1) & (pl.col("uitkomst") == ANSWERED) & day.is_between(first, last))
        .group_by("gemeente")
        .agg(handled.mean().alias("aht_s"), pl.len().cast(pl.Int64).alias("beantwoord"))
        .sort("gemeente")
    )
