"""The forecast of pressure per gemeente (DOMAIN.md, "Predicting pressure"), assembled from the
store's history: the histories each channel is forecast from, and the rows of `prognose.csv`.

- telefoon: first-line calls offered per local hour (`transforms.telephony.offered_per_hour`),
  closed on non-working days; staffed with Erlang C from the AHT of the last 8 weeks.
- balie: desk appointments per day - booked and not cancelled, up to the last day that is
  realisation (`transforms.coverage`), closed on non-working days.
- digitaal: cases registered by e-mail or webformulier per week (Monday).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

import polars as pl

from transforms.forecast import Forecast, Grain, backtest, forecast
from transforms.staffing import with_staffing
from transforms.workdays import non_working_days

CHANNELS: dict[str, tuple[Grain, int]] = {  # grain, minutes
    "telefoon": ("uur", 60),
    "balie": ("dag", 1440),
    "digitaal": ("week", 10080),
}
DIGITAL = ("email", "webformulier")
PROGNOSIS_SCHEMA = pl.Schema(
    {
        "gemeente": pl.String,
        "kanaal": pl.String,
        "interval_start": pl.String,
        "interval_min": pl.Int64,
        "voorspelling": pl.Float64,
        "ondergrens": pl.Float64,
        "bovengrens": pl.Float64,
        "aht_s": pl.Float64,
        "agents_nodig": pl.Int64,
        "agents_rooster": pl.Int64,
        "servicelevel_verwacht": pl.Float64,
    }
)


def _until(coverage: pl.DataFrame, source: str) -> pl.LazyFrame:
    return coverage.lazy().filter(pl.col("bron") == source).select("gemeente", grens="tot")


def desk_history(appointments: pl.LazyFrame, coverage: pl.DataFrame) -> pl.LazyFrame:
    """Booked (not cancelled) appointments per gemeente and day, up to the last day that is realisation
    (`coverage` as `transforms.coverage.capped_coverage` gives it): `moment` (Date), `aantal`."""
    return (
        appointments.join(_until(coverage, "appointments"), on="gemeente", how="inner")
        .filter((pl.col("status") != "geannuleerd") & (pl.col("datum") <= pl.col("grens")))
        .group_by("gemeente", pl.col("datum").alias("moment"))
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
        .sort("gemeente", "moment")
    )


def digital_history(cases: pl.LazyFrame, coverage: pl.DataFrame) -> pl.LazyFrame:
    """Cases registered by e-mail or webformulier per gemeente and week: `moment` (its Monday),
    `aantal`; only the weeks the gemeente's case data covers whole."""
    monday = pl.col("registratiedatum") - pl.duration(days=pl.col("registratiedatum").dt.weekday() - 1)
    return (
        cases.filter(pl.col("kanaal").is_in(list(DIGITAL)))
        .join(_until(coverage, "cases"), on="gemeente", how="inner")
        .with_columns(moment=monday)
        .filter(pl.col("moment") + pl.duration(days=6) <= pl.col("grens"))
        .group_by("gemeente", "moment")
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
        .sort("gemeente", "moment")
    )


@dataclass(frozen=True)
class Staffing:
    """The phone's staffing parameters (DOMAIN.md): T, the service-level target (a fraction), the
    maximum occupancy and the shrinkage."""

    answer_norm_s: float
    target_level: float
    max_occupancy: float
    shrinkage: float


def prognosis_rows(
    gemeente: str, kanaal: str, result: Forecast, aht_s: float | None = None, staffing: Staffing | None = None
) -> pl.DataFrame:
    """The rows of prognose.csv for one channel's forecast (none when it has no forecast). The phone's
    rows carry the staffing advice for the point forecast when an AHT is known."""
    if result.frame is None:
        return pl.DataFrame(schema=PROGNOSIS_SCHEMA)
    grain, minutes = CHANNELS[kanaal]
    moment = pl.col("moment") if grain == "uur" else pl.col("moment").cast(pl.Datetime("us"))
    frame = result.frame.with_columns(
        interval_start=moment.dt.strftime("%Y-%m-%dT%H:%M"),
        interval_s=pl.lit(minutes * 60.0),
        aht_s=pl.lit(aht_s, pl.Float64),
    )
    if kanaal == "telefoon" and aht_s is not None and staffing is not None:
        frame = with_staffing(
            frame,
            target_s=staffing.answer_norm_s,
            target_level=staffing.target_level,
            max_occupancy=staffing.max_occupancy,
            shrinkage=staffing.shrinkage,
        )
        advice = [
            pl.col("agenten").alias("agents_nodig"),
            pl.col("te_roosteren").alias("agents_rooster"),
            (pl.col("servicelevel") * 100).alias("servicelevel_verwacht"),
        ]
    else:
        advice = [
            pl.lit(None, pl.Int64).alias("agents_nodig"),
            pl.lit(None, pl.Int64).alias("agents_rooster"),
            pl.lit(None, pl.Float64).alias("servicelevel_verwacht"),
        ]
    return frame.select(
        pl.lit(gemeente).alias("gemeente"),
        pl.lit(kanaal).alias("kanaal"),
        "interval_start",
        pl.lit(minutes, pl.Int64).alias("interval_min"),
        pl.col("prognose").alias("voorspelling"),
        "ondergrens",
        "bovengrens",
        pl.when(pl.lit(kanaal == "telefoon")).then(pl.col("aht_s")).otherwise(None).alias("aht_s"),
        *advice,
    ).cast(PROGNOSIS_SCHEMA)


def weekly(rows: pl.DataFrame) -> pl.DataFrame:
    """Forecast rows summed per channel and whole week (the Monday; a week the horizon covers only in
    part is left out): `kanaal`, `week`, `voorspelling`, `ondergrens`, `bovengrens` (the sums of the
    bounds: a wide, not an 80 %, interval for the week)."""
    start = pl.col("interval_start").str.slice(0, 10).str.to_date("%Y-%m-%d")
    days = pl.when(pl.col("interval_min") >= 10080).then(7).otherwise(pl.col("dag").n_unique())
    return (
        rows.with_columns(dag=start, week=start - pl.duration(days=start.dt.weekday() - 1))
        .group_by("kanaal", "week")
        .agg(pl.col("voorspelling", "ondergrens", "bovengrens").sum(), dagen=days.first())
        .filter(pl.col("dagen") == 7)
        .drop("dagen")
        .sort("kanaal", "week")
    )


def actuals_a_year_earlier(history: pl.DataFrame, weeks: Collection[date]) -> pl.DataFrame:
    """Per forecast week (its Monday), the actual count of the week 52 weeks earlier (same weekdays),
    or null where the store has no data for it: `week`, `een_jaar_eerder`."""
    day = pl.col("moment").cast(pl.Date) if history.schema["moment"] != pl.Date else pl.col("moment")
    per_week = (
        history.with_columns(week=day - pl.duration(days=day.dt.weekday() - 1))
        .group_by("week")
        .agg(pl.col("aantal").sum().alias("een_jaar_eerder"))
    )
    wanted = pl.DataFrame({"week": sorted(weeks)}, schema={"week": pl.Date}).with_columns(
        eerder=pl.col("week") - pl.duration(weeks=52)
    )
    return wanted.join(per_week.rename({"week": "eerder"}), on="eerder", how="left").select("week", "een_jaar_eerder")


def roster_week(phone: pl.DataFrame) -> pl.DataFrame:
    """Agents to roster in the first whole forecast week as weekday x hour: one row per hour with any
    forecast call that week, a column per weekday (ma..zo), 0 where closed."""
    if phone.is_empty():
        return pl.DataFrame(schema={"uur": pl.String})
    start = phone.with_columns(moment=pl.col("interval_start").str.to_datetime("%Y-%m-%dT%H:%M"))
    first_monday = cast(datetime | None, start.filter(pl.col("moment").dt.weekday() == 1)["moment"].min())
    if first_monday is None:
        return pl.DataFrame(schema={"uur": pl.String})
    first_monday = datetime.combine(first_monday.date(), datetime.min.time())
    week = start.filter((pl.col("moment") >= first_monday) & (pl.col("moment") < first_monday + timedelta(days=7)))
    busy = (
        week.group_by(pl.col("moment").dt.hour().alias("h"))
        .agg(pl.col("voorspelling").sum())
        .filter(pl.col("voorspelling") > 0)["h"]
        .to_list()
    )
    days = ["ma", "di", "wo", "do", "vr", "za", "zo"]
    table = (
        week.filter(pl.col("moment").dt.hour().is_in(busy))
        .with_columns(h=pl.col("moment").dt.hour(), dag=pl.col("moment").dt.weekday())
        .pivot(on="dag", index="h", values="agents_rooster", aggregate_function="first")
        .sort("h")
    )
    present = [str(d) for d in range(1, 8) if str(d) in table.columns]
    open_days = [d for d in present if table[d].fill_null(0).sum() > 0]
    return table.select(
        pl.format("{}:00", pl.col("h").cast(pl.String).str.zfill(2)).alias("uur"),
        *[pl.col(d).fill_null(0).alias(days[int(d) - 1]) for d in open_days],
    )


@dataclass(frozen=True)
class ChannelPrognosis:
    kanaal: str
    forecast: Forecast  # frame None: no forecast, with the reason
    backtest: pl.DataFrame | None  # transforms.forecast.BACKTEST_SCHEMA, the last row all folds together
    history: pl.DataFrame  # moment, aantal: what it was forecast from


@dataclass(frozen=True)
class Prognosis:
    """One gemeente's forecast of pressure: per channel the forecast and its backtest, and the rows of
    prognose.csv (with the phone's staffing advice)."""

    gemeente: str
    weeks: int
    channels: dict[str, ChannelPrognosis]
    rows: pl.DataFrame  # PROGNOSIS_SCHEMA
    aht_s: float | None  # mean talk + wrap-up of the answered calls behind the staffing advice
    aht_calls: int
    staffing: Staffing | None = None


def gemeente_prognosis(
    gemeente: str,
    histories: dict[str, pl.DataFrame],
    weeks: int,
    closing_days: Collection[date],
    aht_s: float | None,
    aht_calls: int,
    staffing: Staffing,
    *,
    min_weeks: int,
    folds: int,
    until: Mapping[str, date] | None = None,
) -> Prognosis:
    """Forecast every channel of `histories` (kanaal -> `moment`, `aantal` of this gemeente) `weeks`
    weeks ahead, each from the day after its own last day with data - `until` (kanaal -> the last day
    its source covers) where a channel's last record lies before it; phone and desk closed on
    non-working days (`transforms.workdays`), digital contacts not (they start on the next Monday)."""
    channels, parts = {}, []
    for kanaal, (grain, _) in CHANNELS.items():
        history = histories.get(kanaal)
        if history is None or history.is_empty():
            channels[kanaal] = ChannelPrognosis(
                kanaal,
                Forecast(None, "geen gegevens in de opslag"),
                None,
                pl.DataFrame(schema={"moment": pl.Date, "aantal": pl.Int64}),
            )
            continue
        days = history["moment"].cast(pl.Date)
        closed = (
            set()
            if kanaal == "digitaal"
            else non_working_days(
                cast(date, days.min()), cast(date, days.max()) + timedelta(days=7 * (weeks + 2)), closing_days
            )
        )
        result = forecast(history, grain, weeks, closed, min_weeks=min_weeks, data_until=(until or {}).get(kanaal))
        tested = (
            backtest(history, grain, closed, folds=folds, min_weeks=min_weeks) if result.frame is not None else None
        )
        channels[kanaal] = ChannelPrognosis(kanaal, result, tested, history)
        parts.append(prognosis_rows(gemeente, kanaal, result, aht_s if kanaal == "telefoon" else None, staffing))
    rows = pl.concat(parts) if parts else pl.DataFrame(schema=PROGNOSIS_SCHEMA)
    return Prognosis(gemeente, weeks, channels, rows, aht_s, aht_calls, staffing)
