"""Contact forecasts (DOMAIN.md, "Predicting pressure"): phone calls offered per hour,
desk appointments per day, digital contacts per week; with an 80 % interval, the
seasonal-naive baseline and a rolling-origin backtest.

Input: a history of counts per interval (`moment`, `aantal`): `moment` is the local
start of the hour (Datetime, no time zone) for grain "uur", the date for "dag" and the
Monday of the week for "week". Intervals that are absent count as 0, but only on a day
that has data: a day (for "week": a week) whose counts add up to 0 is a day WITHOUT
DATA (a gap in the export, like the August the real call log lacks), never a day on
which nobody called. Days in `closed_days` (for phone and desk the days closed by date:
public holidays, closing days, opening-hours exceptions; `transforms.prognosis`) are
left out of every estimate and forecast 0. Not used for "week". Weekdays and hours are
never closed here: a slot the history shows no contacts in forecasts 0 by its profile,
one it shows contacts in is forecast - whatever the configured opening hours say.

The clock (hourly grain, with `tz`): no interval starts at a local time that does not
exist (spring: 02:00-03:00 is skipped, so there is no row for it), and the hour that
occurs twice (autumn: 02:00-03:00 summer time, then winter time) is one interval of 120
minutes (`minuten`), forecast for both hours together - `offered_per_hour` counts the
calls of both in it; the model is fitted on half of it per hour.

The model ("profile x level"), one season = one week for every grain:
    forecast(week w, slot s) = L(w) * p(s)
where the slot is the hour of the week (168 slots), the weekday (7) or the week (1).
- p(s), the profile: the median, over the fitting window (the last 8 weeks that have
  data), of the slot's count divided by the level of its week. A median, so one odd
  week (a holiday eve, a strike) does not bend it. A slot that is always 0 in the
  history (outside opening hours) forecasts 0.
- L(w), the level of week w: the week's counts divided by the profile of the slots it
  has data for (a ratio estimator, so a partial week is not a low week).
- The level is projected as a line: its slope is the Theil-Sen slope (median of the
  pairwise slopes) of the levels of the last 26 weeks with data, its height the
  median of the last 8 levels net of that slope.
Windows are counted in weeks WITH data, so a month-long gap neither pulls the level
down nor shortens the window; the slope is fitted against calendar weeks, so the gap
does count as time passing. The window lengths were chosen on the real call log
(benchmarks/README.md, "Prognose"): a Theil-Sen line through only the last 8 levels
followed every holiday week and lost to a flat level; 26 weeks keep a trend without
that noise. An anchor of 4 weeks carried the bank's holiday-heavy September into October;
8 weeks is better there and over the 29-week backtest.

Interval (80 %): a normal approximation with variance phi * mu (the counts' over-
dispersion around the fit) + (sigma_L * mu)^2 (the relative scatter of the weekly
levels around the line), clipped at 0. Its coverage is measured in the backtest.

Seasonal-naive baseline: the value of the same slot one week earlier; when that day is
closed or without data, the most recent earlier week in which the day has data (so
after a gap, the last week before it; over a horizon of several weeks: the last
observed week repeated). Closed days forecast 0 in the baseline too.

Backtest: rolling origin over the last k weeks with data, each fold trained up to its
origin and forecasting the next 7 days; scored on every interval of those days with a
known actual, closed or not (a closed hour in which calls came in is an error of the
forecast that closed it; only a gap is not scored). MASE divides the MAE by
the in-sample MAE of the one-week seasonal-naive forecast on the fold's own training
data.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, cast

import numpy as np
import polars as pl

Grain = Literal["uur", "dag", "week"]
GRAINS: tuple[str, ...] = ("uur", "dag", "week")
MIN_WEEKS = 8  # weeks with data below which a channel gets no forecast
WINDOW_WEEKS = 8  # weeks with data behind the profile
TREND_WEEKS = 26  # weeks with data behind the level's slope
ANCHOR_WEEKS = 8  # the last weeks whose median fixes the level
Z80 = 1.2815515655446004  # the 90 % quantile of the standard normal: an 80 % two-sided interval
_EPOCH = date(1970, 1, 5)  # a Monday: week index = (monday - _EPOCH).days // 7

FORECAST_SCHEMA = {"prognose": pl.Float64, "ondergrens": pl.Float64, "bovengrens": pl.Float64}
GRAIN_MINUTES = {"uur": 60, "dag": 1440, "week": 10080}


@dataclass(frozen=True)
class Forecast:
    """A forecast frame (`moment`, `prognose`, `ondergrens`, `bovengrens`, `gesloten`,
    `minuten`: the interval's length), or None with the Dutch reason why there is none."""

    frame: pl.DataFrame | None
    reason: str | None = None
    weeks_of_history: int = 0


# ---------------------------------------------------------------- the history as a grid


def _moment_dtype(grain: str) -> pl.DataType:
    return pl.Datetime("us") if grain == "uur" else pl.Date()


def _checked_history(history: pl.DataFrame, grain: str) -> pl.DataFrame:
    if grain not in GRAINS:
        raise ValueError(f"prognose: korrel '{grain}' onbekend; verwacht een van {list(GRAINS)}")
    missing = [c for c in ("moment", "aantal") if c not in history.columns]
    if missing:
        raise ValueError(f"prognose: kolommen {missing} ontbreken in de historie; gevonden {history.columns}")
    want = _moment_dtype(grain)
    if history.schema["moment"] != want:
        raise TypeError(
            f"prognose ({grain}): kolom moment moet {want} zijn (lokale tijd, zonder tijdzone), "
            f"gevonden {history.schema['moment']}"
        )
    out = history.select("moment", pl.col("aantal").cast(pl.Float64))
    if out["moment"].null_count() or out["aantal"].null_count():
        raise ValueError("prognose: historie bevat een leeg moment of aantal")
    if (out["aantal"] < 0).any():
        raise ValueError("prognose: historie bevat een negatief aantal")
    if out["moment"].is_duplicated().any():
        raise ValueError(f"prognose: historie bevat {int(out['moment'].is_duplicated().sum())} dubbele momenten")
    if grain == "week" and (out["moment"].dt.weekday() != 1).any():
        raise ValueError("prognose (week): elk moment moet een maandag zijn (het begin van de week)")
    if grain == "uur" and ((out["moment"].dt.minute() != 0) | (out["moment"].dt.second() != 0)).any():
        raise ValueError("prognose (uur): elk moment moet op een heel uur beginnen")
    return out


def _day_expr(grain: str) -> pl.Expr:
    return pl.col("moment").dt.date() if grain == "uur" else pl.col("moment")


def _with_calendar(frame: pl.DataFrame, grain: str) -> pl.DataFrame:
    """Add `dag` (the day, or the week's Monday), `week` (index) and `slot`."""
    day = _day_expr(grain)
    monday = day - pl.duration(days=day.dt.weekday() - 1)
    slot = {
        "uur": (day.dt.weekday().cast(pl.Int32) - 1) * 24 + pl.col("moment").dt.hour().cast(pl.Int32),
        "dag": day.dt.weekday().cast(pl.Int32) - 1,
        "week": pl.lit(0, pl.Int32),
    }[grain]
    return frame.with_columns(
        day.alias("dag"),
        ((monday - pl.lit(_EPOCH)).dt.total_days() // 7).cast(pl.Int32).alias("week"),
        slot.alias("slot"),
    )


def _local_clock(frame: pl.DataFrame, grain: str, tz: str | None) -> pl.DataFrame:
    """Add `minuten`, the interval's length, and `lengte`, that length in the grain's
    intervals (1, or 2 for the double hour); for the hourly grain in time zone `tz` drop
    the hour that does not exist (spring: 02:00-03:00 is skipped) and give the hour that
    occurs twice (autumn: 02:00-03:00 CEST, then CET) one interval of 120 minutes."""
    minutes = pl.lit(GRAIN_MINUTES[grain], pl.Int64)
    length = pl.lit(1.0)
    if grain == "uur" and tz is not None and not frame.is_empty():
        moment = pl.col("moment")
        exists = moment.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null").is_not_null()
        once = moment.dt.replace_time_zone(tz, ambiguous="null", non_existent="null").is_not_null()
        frame = frame.filter(exists)
        length = pl.when(once).then(1.0).otherwise(2.0)
    return frame.with_columns(length.alias("lengte")).with_columns(
        (pl.col("lengte") * minutes).cast(pl.Int64).alias("minuten")
    )


def _moments(first: date, last: date, grain: str) -> pl.Series:
    """Every interval start from day `first` to day `last` (both included)."""
    if grain == "uur":
        return pl.datetime_range(
            datetime.combine(first, datetime.min.time()),
            datetime.combine(last, datetime.min.time()) + timedelta(hours=23),
            interval="1h",
            eager=True,
            time_unit="us",
        ).alias("moment")
    step = "1w" if grain == "week" else "1d"
    return pl.date_range(first, last, interval=step, eager=True).alias("moment")


def history_grid(
    history: pl.DataFrame,
    grain: Grain,
    closed_days: Collection[date] = (),
    *,
    quiet_slots: Collection[int] = (),
    tz: str | None = None,
) -> pl.DataFrame:
    """One row per interval from the first to the last day with data: `moment`, `dag`,
    `week`, `slot`, `gesloten`, `minuten`, `aantal` (what the model is fitted on: null on a
    closed day or a day without data; 0 for an absent interval on a day with data; per
    hour, so the autumn's double hour counts half) and `gemeten` (what a forecast is
    scored against: every count, closed days included, 0 on a closed day without data
    and on a day without data whose slots are all in `quiet_slots` - the slots the
    configuration calls closed, e.g. a gemeente's Sunday -; null only in a gap)."""
    hist = _checked_history(history, grain)
    per_day = hist.group_by(_day_expr(grain).alias("dag")).agg(pl.col("aantal").sum())
    with_data = per_day.filter(pl.col("aantal") > 0)["dag"]
    if with_data.is_empty():
        return _with_calendar(pl.DataFrame({"moment": pl.Series([], dtype=_moment_dtype(grain))}), grain).with_columns(
            gesloten=pl.lit(False),
            minuten=pl.lit(GRAIN_MINUTES[grain], pl.Int64),
            lengte=pl.lit(1.0),
            aantal=pl.lit(None, pl.Float64),
            gemeten=pl.lit(None, pl.Float64),
        )
    grid = pl.DataFrame(_moments(cast(date, with_data.min()), cast(date, with_data.max()), grain))
    closed = sorted(closed_days) if grain != "week" else []
    quiet = pl.Series(sorted(quiet_slots), dtype=pl.Int32).implode()
    return (
        _local_clock(_with_calendar(grid, grain), grain, tz)
        .join(hist, on="moment", how="left")
        .with_columns(
            pl.col("dag").is_in(pl.Series(closed, dtype=pl.Date).implode()).alias("gesloten"),
            pl.col("dag").is_in(with_data.implode()).alias("__has_data"),
            pl.col("slot").is_in(quiet).all().over("dag").alias("__quiet_day"),
        )
        .with_columns(
            pl.when(pl.col("__has_data") | pl.col("gesloten") | pl.col("__quiet_day"))
            .then(pl.col("aantal").fill_null(0.0))
            .alias("gemeten"),
            pl.when(pl.col("gesloten") | ~pl.col("__has_data"))
            .then(None)
            .otherwise(pl.col("aantal").fill_null(0.0) / pl.col("lengte"))
            .alias("aantal"),
        )
        .drop("__has_data", "__quiet_day")
        .sort("moment")
    )


def weeks_with_data(grid: pl.DataFrame) -> int:
    """How many calendar weeks hold at least one observed (open, covered) interval."""
    return grid.filter(pl.col("aantal").is_not_null())["week"].n_unique()


def not_enough_history(weeks: int, min_weeks: int) -> str | None:
    """The Dutch reason to give no forecast, or None when the history suffices."""
    if weeks >= min_weeks:
        return None
    return f"te weinig historie: {weeks} {'week' if weeks == 1 else 'weken'}, minimaal {min_weeks}"


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class ProfileFit:
    profile: dict[int, float]  # slot -> p(s)
    intercept: float  # level = intercept + slope * week
    slope: float
    level_sd: float  # relative scatter of the weekly levels around the line
    dispersion: float  # phi: variance / mean of the counts around the fit


def _weekly_levels(obs: pl.DataFrame, profile: pl.DataFrame, min_share: float) -> pl.DataFrame:
    """Level per week: observed counts / the profile of the observed slots; weeks that
    observed less than `min_share` of a full week's profile get none."""
    full = float(profile["p"].sum())
    return (
        obs.join(profile, on="slot", how="inner")
        .group_by("week")
        .agg(pl.col("aantal").sum().alias("y"), pl.col("p").sum().alias("mass"))
        .filter((pl.col("mass") > 0) & (pl.col("mass") >= min_share * full))
        .select("week", (pl.col("y") / pl.col("mass")).alias("niveau"))
        .sort("week")
    )


def _profile(obs: pl.DataFrame, levels: pl.DataFrame | None) -> pl.DataFrame:
    """p(s) = the median over the window's weeks of the slot's count / its week's level
    (level 1 when none are known yet): a median, so one odd week (a holiday eve, the
    week of a strike) does not bend the profile."""
    frame = obs if levels is None else obs.join(levels, on="week", how="inner")
    weight = pl.lit(1.0) if levels is None else pl.col("niveau")
    return frame.group_by("slot").agg((pl.col("aantal") / weight).median().alias("p")).sort("slot")


def theil_sen_slope(x: np.ndarray, y: np.ndarray) -> float:
    """The Theil-Sen slope: the median of the pairwise slopes (0 for fewer than 2 points)."""
    i, j = np.triu_indices(len(x), k=1)
    dx = x[j] - x[i]
    keep = dx != 0
    return float(np.median((y[j] - y[i])[keep] / dx[keep])) if keep.any() else 0.0


def level_line(levels: pl.DataFrame, anchor_weeks: int) -> tuple[float, float]:
    """(intercept, slope) of the level: the Theil-Sen slope over all `levels`, anchored
    at the median of the last `anchor_weeks` levels net of that slope."""
    x, y = levels["week"].to_numpy().astype(float), levels["niveau"].to_numpy()
    slope = theil_sen_slope(x, y)
    return float(np.median((y - slope * x)[-anchor_weeks:])), slope


def _last_weeks(observed: pl.DataFrame, n: int) -> pl.DataFrame:
    recent = observed["week"].unique().sort().tail(n)
    return observed.filter(pl.col("week").is_in(recent.implode()))


def slot_profile(obs: pl.DataFrame, min_share: float) -> pl.DataFrame:
    """p(s) per slot (`slot`, `p`): the median ratio, once with level 1 and once net of
    the weekly levels that the first pass gives."""
    first = _profile(obs, None)
    return _profile(obs, _weekly_levels(obs, first, min_share))


def _relative_scatter(levels: pl.DataFrame, intercept: float, slope: float) -> float:
    """Robust (MAD) standard deviation of the levels relative to the line."""
    x, y = levels["week"].to_numpy().astype(float), levels["niveau"].to_numpy()
    line = intercept + slope * x
    rel = np.divide(y - line, line, out=np.zeros_like(y), where=line > 0)
    return float(1.4826 * np.median(np.abs(rel - np.median(rel)))) if len(rel) > 2 else 0.0


def _dispersion(obs: pl.DataFrame, profile: pl.DataFrame, levels: pl.DataFrame) -> float:
    """phi = mean of (y - mu)^2 / mu over the window: the counts' variance / mean around
    the fit (1 for Poisson counts; at least 1). A mean, not a robust estimate: the odd
    days it includes (holiday eves) are part of what the interval must cover (measured:
    a median-based phi covered 63 % instead of 80 % on the real call log)."""
    fitted = (
        obs.join(profile, on="slot")
        .join(levels, on="week")
        .with_columns((pl.col("p") * pl.col("niveau")).alias("mu"))
        .filter(pl.col("mu") > 0)
    )
    if fitted.is_empty():
        return 1.0
    return max(1.0, cast(float, ((fitted["aantal"] - fitted["mu"]) ** 2 / fitted["mu"]).mean()))


def fit_profile_model(
    grid: pl.DataFrame,
    window_weeks: int = WINDOW_WEEKS,
    trend_weeks: int = TREND_WEEKS,
    anchor_weeks: int = ANCHOR_WEEKS,
    min_share: float = 0.25,
) -> ProfileFit:
    """Fit p(s) on the last `window_weeks` weeks with data, the level's slope on the last
    `trend_weeks` and its anchor on the last `anchor_weeks` (see the module docstring)."""
    observed = grid.filter(pl.col("aantal").is_not_null())
    obs = _last_weeks(observed, window_weeks)
    profile = slot_profile(obs, min_share)
    # A slot the window never saw open (e.g. every Monday a holiday) falls back on the
    # whole history, relative to the window's mean level.
    window_levels = _weekly_levels(obs, profile, min_share)
    unseen = observed.filter(~pl.col("slot").is_in(profile["slot"].implode()))
    if not unseen.is_empty() and not window_levels.is_empty():
        extra = unseen.group_by("slot").agg((pl.col("aantal").mean() / window_levels["niveau"].mean()).alias("p"))
        profile = pl.concat([profile, extra]).sort("slot")
    levels = _weekly_levels(_last_weeks(observed, max(trend_weeks, window_weeks)), profile, min_share)
    as_dict = dict(zip(profile["slot"], profile["p"], strict=True))
    if levels.is_empty():
        return ProfileFit(as_dict, 0.0, 0.0, 0.0, 1.0)
    intercept, slope = level_line(levels, anchor_weeks)
    return ProfileFit(
        as_dict,
        intercept,
        slope,
        _relative_scatter(levels.tail(window_weeks), intercept, slope),
        _dispersion(obs, profile, window_levels),
    )


def _horizon(
    last_day: date, weeks: int, grain: str, closed_days: Collection[date], tz: str | None = None
) -> pl.DataFrame:
    """The intervals of the `weeks` weeks after `last_day`, with `dag`, `week`, `slot`,
    `gesloten` and `minuten` (see `_local_clock`)."""
    first = last_day + timedelta(days=1)
    if grain == "week":
        first = first + timedelta(days=(7 - first.weekday()) % 7)  # the next Monday
    moments = _moments(first, first + timedelta(days=7 * weeks - 1), grain)
    closed = sorted(closed_days) if grain != "week" else []
    frame = _with_calendar(pl.DataFrame(moments), grain).with_columns(
        pl.col("dag").is_in(pl.Series(closed, dtype=pl.Date).implode()).alias("gesloten")
    )
    return _local_clock(frame, grain, tz)


def profile_forecast(fit: ProfileFit, horizon: pl.DataFrame) -> pl.DataFrame:
    """Point forecast and 80 % interval per horizon interval; 0 on closed days and for
    slots never seen open; an interval longer than the grain's (the autumn's double hour)
    gets the forecast of its length."""
    table = pl.DataFrame(
        {"slot": list(fit.profile), "p": list(fit.profile.values())}, schema={"slot": pl.Int32, "p": pl.Float64}
    )
    level = (pl.lit(fit.intercept) + pl.lit(fit.slope) * pl.col("week").cast(pl.Float64)).clip(lower_bound=0.0)
    mu = pl.when(pl.col("gesloten")).then(0.0).otherwise(level * pl.col("p").fill_null(0.0) * pl.col("lengte"))
    sd = (pl.lit(fit.dispersion) * pl.col("prognose") + (pl.lit(fit.level_sd) * pl.col("prognose")) ** 2).sqrt()
    return (
        horizon.join(table, on="slot", how="left", maintain_order="left")
        .with_columns(mu.alias("prognose"))
        .with_columns(
            (pl.col("prognose") - Z80 * sd).clip(lower_bound=0.0).alias("ondergrens"),
            (pl.col("prognose") + Z80 * sd).alias("bovengrens"),
        )
        .drop("p")
    )


def forecast(
    history: pl.DataFrame,
    grain: Grain,
    weeks: int,
    closed_days: Collection[date] = (),
    *,
    min_weeks: int = MIN_WEEKS,
    window_weeks: int = WINDOW_WEEKS,
    tz: str | None = None,
    data_until: date | None = None,
) -> Forecast:
    """The forecast for `weeks` weeks from the day after the last day with data (`data_until`, the last
    day the source covers, when it lies beyond the history's last record: a closed Saturday, a week the
    export covers only in part).

    No forecast (frame None, a Dutch reason) with fewer than `min_weeks` weeks with data.
    With `tz`, hourly intervals follow its clock (`_local_clock`)."""
    if weeks < 1:
        raise ValueError(f"prognose: horizon moet minstens 1 week zijn, gevonden {weeks}")
    grid = history_grid(history, grain, closed_days, tz=tz)
    n_weeks = weeks_with_data(grid)
    if reason := not_enough_history(n_weeks, min_weeks):
        return Forecast(None, reason, n_weeks)
    fit = fit_profile_model(grid, window_weeks)
    last = max(_last_day(grid, grain), data_until) if data_until is not None else _last_day(grid, grain)
    out = profile_forecast(fit, _horizon(last, weeks, grain, closed_days, tz))
    return Forecast(out.select("moment", *FORECAST_SCHEMA, "gesloten", "minuten"), None, n_weeks)


def _last_day(grid: pl.DataFrame, grain: str) -> date:
    """The last day with data: the grid ends there (for "week": the Sunday of its last week)."""
    day = cast(date, grid["dag"].max())
    return day + timedelta(days=6) if grain == "week" else day


# ---------------------------------------------------------------- baseline and backtest


def seasonal_naive(grid: pl.DataFrame, horizon: pl.DataFrame) -> pl.DataFrame:
    """`horizon` with `naief`: per slot, the last observed value in `grid` at least one
    week before the interval (the same slot one week earlier, or the latest earlier week
    in which that day has data); 0 on closed days; null when the slot was never observed."""
    observed = grid.filter(pl.col("aantal").is_not_null()).select("week", "slot", pl.col("aantal").alias("naief"))
    target = horizon.with_columns((pl.col("week") - 1).alias("__latest")).sort("__latest")
    matched = target.join_asof(
        observed.sort("week"),
        left_on="__latest",
        right_on="week",
        by="slot",
        strategy="backward",
        suffix="_bron",
        check_sortedness=False,
    )  # sorted on `week` above, as join_asof needs
    return (
        matched.with_columns(
            pl.when(pl.col("gesloten"))
            .then(0.0)
            .otherwise(pl.col("naief") * (pl.col("lengte") if "lengte" in horizon.columns else 1.0))
            .alias("naief")
        )
        .drop("__latest", "week_bron")
        .sort("moment")
    )


def naive_scale(grid: pl.DataFrame) -> float | None:
    """In-sample MAE of the one-week seasonal-naive forecast: mean |y(t) - naive(t)| over
    the observed intervals that have an earlier observed week (the MASE denominator)."""
    observed = grid.filter(pl.col("aantal").is_not_null()).with_columns(lengte=pl.lit(1.0))  # per hour
    pairs = seasonal_naive(grid, observed).drop_nulls("naief")
    if pairs.is_empty():
        return None
    return cast(float, (pairs["aantal"] - pairs["naief"]).abs().mean())


BACKTEST_SCHEMA = pl.Schema(
    {
        "oorsprong": pl.Date,  # last day of the training data
        "intervallen": pl.Int64,  # scored intervals
        "mae_model": pl.Float64,
        "mae_naief": pl.Float64,
        "schaal": pl.Float64,  # in-sample seasonal-naive MAE of the training data
        "mase_model": pl.Float64,
        "mase_naief": pl.Float64,
        "dekking_80": pl.Float64,  # share of actuals inside the 80 % interval (where forecast or actual > 0)
    }
)


def score(actual: pl.DataFrame, predicted: pl.DataFrame, scale: float | None) -> dict[str, float | int | None]:
    """MAE of model and baseline over every interval with a known actual, closed or not
    (a closed hour in which calls came in is an error of the forecast that closed it).
    `actual` has `moment` and `gemeten` (a grid's, see `history_grid`; or `aantal`), null
    in a gap; `predicted` has `moment`, `prognose`, `ondergrens`, `bovengrens`, `naief`
    (null where the slot was never observed: the baseline then says 0)."""
    column = "gemeten" if "gemeten" in actual.columns else "aantal"
    both = (
        actual.select("moment", pl.col(column).alias("aantal"))
        .filter(pl.col("aantal").is_not_null())
        .join(predicted.select("moment", *FORECAST_SCHEMA, "naief"), on="moment", how="inner")
        .drop_nulls("prognose")
        .with_columns(pl.col("naief").fill_null(0.0))
    )
    n = both.height
    if n == 0:
        return {
            "intervallen": 0,
            "mae_model": None,
            "mae_naief": None,
            "schaal": scale,
            "mase_model": None,
            "mase_naief": None,
            "dekking_80": None,
        }
    mae_model = cast(float, (both["aantal"] - both["prognose"]).abs().mean())
    mae_naive = cast(float, (both["aantal"] - both["naief"]).abs().mean())
    # Coverage over the intervals where something is expected or happened: the closed
    # night hours (0 forecast, 0 calls) would flatter it.
    live = both.filter((pl.col("prognose") > 0) | (pl.col("aantal") > 0))
    inside = cast(float, ((live["aantal"] >= live["ondergrens"]) & (live["aantal"] <= live["bovengrens"])).mean())
    return {
        "intervallen": n,
        "mae_model": mae_model,
        "mae_naief": mae_naive,
        "schaal": scale,
        "mase_model": mae_model / scale if scale is not None and scale > 0 else None,
        "mase_naief": mae_naive / scale if scale is not None and scale > 0 else None,
        "dekking_80": float(inside) if live.height else None,
    }


def predict_after(
    grid: pl.DataFrame,
    origin: date,
    weeks: int,
    grain: Grain,
    closed_days: Collection[date],
    *,
    window_weeks: int = WINDOW_WEEKS,
    tz: str | None = None,
) -> tuple[pl.DataFrame, float | None]:
    """Model + baseline for `weeks` weeks after `origin`, trained on `grid` up to `origin`;
    and the training data's MASE scale."""
    train = grid.filter(pl.col("dag") <= origin)
    fit = fit_profile_model(train, window_weeks)
    horizon = _horizon(origin, weeks, grain, closed_days, tz)
    out = seasonal_naive(train, profile_forecast(fit, horizon))
    return out, naive_scale(train)


def backtest(
    history: pl.DataFrame,
    grain: Grain,
    closed_days: Collection[date] = (),
    *,
    folds: int = 4,
    min_weeks: int = MIN_WEEKS,
    window_weeks: int = WINDOW_WEEKS,
    quiet_slots: Collection[int] = (),
    tz: str | None = None,
) -> pl.DataFrame:
    """Rolling origin over the last `folds` weeks with data: fold i is trained up to i
    weeks before the last day with data and forecasts the 7 days after its origin.

    Every interval of those 7 days is scored, closed or not (`score`; `quiet_slots` as in
    `history_grid`). Folds whose training data has fewer than `min_weeks` weeks with data
    are not run; weeks without data (a gap) are skipped, not scored. Returns `BACKTEST_SCHEMA` rows,
    oldest origin first, and a last row with `oorsprong` null: all folds together (MAE
    over all scored intervals; MASE as the mean of the folds')."""
    if folds < 1:
        raise ValueError(f"backtest: minstens 1 vouw nodig, gevonden {folds}")
    grid = history_grid(history, grain, closed_days, quiet_slots=quiet_slots, tz=tz)
    rows: list[dict[str, object]] = []
    last = _last_day(grid, grain) if grid.height else None
    step = timedelta(days=7)
    origin = last - step if last else None
    while origin is not None and len(rows) < folds:
        train = grid.filter(pl.col("dag") <= origin)
        if weeks_with_data(train) < min_weeks:
            break
        actual = grid.filter((pl.col("dag") > origin) & (pl.col("dag") <= origin + step))
        if actual["aantal"].is_not_null().any():
            predicted, scale = predict_after(grid, origin, 1, grain, closed_days, window_weeks=window_weeks, tz=tz)
            rows.append({"oorsprong": origin, **score(actual, predicted, scale)})
        origin -= step
    table = pl.DataFrame(list(reversed(rows)), schema=BACKTEST_SCHEMA)
    return pl.concat([table, _total(table)])


def _total(table: pl.DataFrame) -> pl.DataFrame:
    if table.is_empty():
        return pl.DataFrame(schema=BACKTEST_SCHEMA)
    n = table["intervallen"]
    weighted = {
        c: float((table[c] * n).sum()) / int(n.sum()) if n.sum() else None
        for c in ("mae_model", "mae_naief", "dekking_80")
    }
    return pl.DataFrame(
        [
            {
                "oorsprong": None,
                "intervallen": int(n.sum()),
                **weighted,
                "schaal": None,
                "mase_model": table["mase_model"].mean(),
                "mase_naief": table["mase_naief"].mean(),
            }
        ],
        schema=BACKTEST_SCHEMA,
    )
