"""Contact forecasts (transforms/forecast.py) on synthetic series whose truth is known.

The hourly series: open Monday-Friday 08:00-17:00 with a known hour-of-week profile
(`BASE`) and a linear trend of +1 % of the first week's level per week; nights and
weekends are always 0. Without noise the model must give back the truth to rounding;
with Poisson noise (seeded) within the tolerance stated in the test.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast

import numpy as np
import polars as pl
import pytest

from transforms.forecast import (
    BACKTEST_SCHEMA,
    Forecast,
    backtest,
    forecast,
    history_grid,
    not_enough_history,
    seasonal_naive,
)
from transforms.workdays import non_working_days

HOURS = range(8, 17)  # open 08:00-17:00
DAY_FACTOR = {0: 1.3, 1: 1.0, 2: 1.0, 3: 1.1, 4: 0.8}  # Monday busiest, Friday quietest
HOUR_SHAPE = [3, 6, 8, 7, 4, 5, 6, 4, 2]  # calls per hour on a factor-1 day, 08:00..16:00
FIRST = date(2026, 1, 5)  # a Monday
GROWTH = 0.01  # +1 % of the first week's level per week


def made(result: Forecast) -> pl.DataFrame:
    """The forecast frame of a forecast that was made (else the reason why not)."""
    assert result.frame is not None, result.reason
    return result.frame


def truth(moment: datetime) -> float:
    """Expected calls in the hour starting at `moment` (0 outside opening hours)."""
    day = moment.date()
    if day.weekday() > 4 or moment.hour not in HOURS:
        return 0.0
    week = (day - FIRST).days // 7
    return 10 * DAY_FACTOR[day.weekday()] * HOUR_SHAPE[moment.hour - 8] * (1 + GROWTH * week)


def hourly(
    first: date, last: date, noise: np.random.Generator | None = None, skip: tuple[date, date] | None = None
) -> pl.DataFrame:
    """The synthetic history as counts per hour; hours with 0 calls are left out (as a
    group-by of real calls would), and so are the days in `skip` (a gap)."""
    rows = []
    day = first
    while day <= last:
        if not (skip and skip[0] <= day <= skip[1]):
            for hour in range(24):
                moment = datetime(day.year, day.month, day.day, hour)
                mean = truth(moment)
                count = float(noise.poisson(mean)) if noise is not None else mean
                if count > 0:
                    rows.append((moment, count))
        day += timedelta(days=1)
    return pl.DataFrame(rows, schema={"moment": pl.Datetime("us"), "aantal": pl.Float64}, orient="row")


def expected(frame: pl.DataFrame) -> pl.Series:
    return pl.Series([truth(m) for m in frame["moment"]])


# ------------------------------------------------------------- the model recovers the truth


def test_noiseless_weekly_pattern_and_trend_are_recovered_exactly():
    # 12 weeks of history (Mon 05-01 .. Fri 27-03), 4 weeks ahead. Profile (median of
    # count / level), level slope (Theil-Sen) and anchor are exact on a noiseless series,
    # so every hour must come back to rounding (1e-9), the trend included: week 15 is
    # 15 % above week 0.
    history = hourly(FIRST, date(2026, 3, 29))
    result = forecast(history, "uur", weeks=4)
    assert result.reason is None
    out = made(result)
    # The last day with data is Friday 27-03 (the weekend has no calls): the horizon
    # starts the day after, Saturday 28-03, and runs 4 x 7 days.
    assert out["moment"].min() == datetime(2026, 3, 28, 0)
    assert out.height == 4 * 7 * 24
    assert out["prognose"].to_list() == pytest.approx(expected(out).to_list(), abs=1e-9)
    # Nights and weekends, always 0 in the history, forecast 0 with a 0-wide interval.
    closed_hours = out.filter((pl.col("moment").dt.hour() < 8) | (pl.col("moment").dt.weekday() > 5))
    assert closed_hours["prognose"].max() == 0 and closed_hours["bovengrens"].max() == 0


def test_noisy_weekly_pattern_and_trend_within_tolerance():
    # Poisson counts (seed 7) over 16 weeks. Tolerance: each forecast DAY total within 6 %
    # of the truth and the 4-week total within 3 % (a day total of ~300-500 calls has a
    # Poisson sd of ~5 %, the level is estimated from 4-26 weeks of such days).
    history = hourly(FIRST, date(2026, 4, 26), noise=np.random.default_rng(7))
    out = made(forecast(history, "uur", weeks=4)).with_columns(waarheid=expected_col())
    days = (
        out.group_by(pl.col("moment").dt.date())
        .agg(pl.col("prognose", "waarheid").sum())
        .filter(pl.col("waarheid") > 0)
    )
    assert days.height == 20
    assert (((days["prognose"] - days["waarheid"]) / days["waarheid"]).abs() < 0.06).all()
    assert out["prognose"].sum() == pytest.approx(out["waarheid"].sum(), rel=0.03)
    # The profile, not just the level: Monday 10:00 (factor 1.3 x 8 = 10.4 per unit) is
    # forecast above Friday 10:00 (0.8 x 8 = 6.4 per unit) in every week.
    mon = out.filter((pl.col("moment").dt.weekday() == 1) & (pl.col("moment").dt.hour() == 10))["prognose"]
    fri = out.filter((pl.col("moment").dt.weekday() == 5) & (pl.col("moment").dt.hour() == 10))["prognose"]
    assert (mon > fri * 1.4).all()
    # The 80 % interval contains the truth almost everywhere it is open.
    open_hours = out.filter(pl.col("waarheid") > 0)
    inside = (open_hours["waarheid"] >= open_hours["ondergrens"]) & (open_hours["waarheid"] <= open_hours["bovengrens"])
    assert cast(float, inside.mean()) > 0.9


def expected_col() -> pl.Expr:
    return pl.col("moment").map_elements(truth, return_dtype=pl.Float64)


# ------------------------------------------------------------- calendar and gaps


def test_dutch_public_holidays_in_the_horizon_get_zero():
    # History up to Sunday 2026-03-29; the 6-week horizon holds Good Friday 04-03,
    # Easter Monday 04-06, King's Day Mon 04-27 (holidays.NL, see test_workdays.py) and
    # a configured closing day, Friday 2026-05-08. The Thursday before Good Friday and the
    # Tuesday after Easter are ordinary days.
    closing = date(2026, 5, 8)
    closed = non_working_days(FIRST, date(2026, 5, 31), [closing])
    out = made(forecast(hourly(FIRST, date(2026, 3, 29)), "uur", weeks=6, closed_days=closed))
    per_day = out.group_by(pl.col("moment").dt.date().alias("dag")).agg(
        pl.col("prognose").sum(), pl.col("bovengrens").max(), pl.col("gesloten").all()
    )
    value = dict(zip(per_day["dag"], per_day["prognose"], strict=True))
    for holiday in (date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 27), closing):
        assert value[holiday] == 0.0, holiday
        assert per_day.filter(pl.col("dag") == holiday)["gesloten"].item()
    assert value[date(2026, 4, 2)] > 400  # Thursday: 10 x 1.1 x 45 x 1.13 = 559
    assert value[date(2026, 4, 7)] > 400  # Tuesday after Easter
    assert per_day.filter(pl.col("dag").is_in([date(2026, 4, 3), date(2026, 4, 6)]))["bovengrens"].max() == 0


def test_holidays_in_the_history_do_not_pull_the_level_down():
    # Easter and King's Day 2026 fall inside this history; on those days the synthetic
    # series has its ordinary calls removed (closed). Passing the calendar, the forecast
    # equals the one of the same history without any holiday (truth to rounding).
    closed = non_working_days(FIRST, date(2026, 6, 30))
    history = hourly(FIRST, date(2026, 5, 3)).filter(~pl.col("moment").dt.date().is_in(sorted(closed)))
    out = made(forecast(history, "uur", weeks=2, closed_days=closed))
    open_days = out.filter(~pl.col("gesloten"))
    assert open_days["prognose"].to_list() == pytest.approx(expected(open_days).to_list(), abs=1e-9)


def test_a_month_long_gap_does_not_pull_the_forecast_down():
    # Like the real call log's missing August: no rows at all for 2026-06-29 .. 2026-08-02
    # (5 weeks), history up to Sunday 2026-08-30, so the last 8 calendar weeks are more
    # than half gap. The forecast must equal the one of the same series without the gap;
    # a model that read the gap as zero calls would forecast far less.
    noise_free_full = hourly(FIRST, date(2026, 8, 30))
    with_gap = hourly(FIRST, date(2026, 8, 30), skip=(date(2026, 6, 29), date(2026, 8, 2)))
    full = made(forecast(noise_free_full, "uur", weeks=4))
    gapped = made(forecast(with_gap, "uur", weeks=4))
    assert gapped["moment"].to_list() == full["moment"].to_list()
    assert gapped["prognose"].to_list() == pytest.approx(full["prognose"].to_list(), abs=1e-9)
    assert gapped["prognose"].sum() == pytest.approx(expected(full).sum(), rel=1e-9)


def test_a_gap_with_noise_stays_close_to_the_series_without_it():
    rng = np.random.default_rng(11)
    series = hourly(FIRST, date(2026, 8, 30), noise=rng)
    gap = (date(2026, 6, 29), date(2026, 8, 2))
    with_gap = series.filter(~pl.col("moment").dt.date().is_between(*gap))
    full_total = made(forecast(series, "uur", weeks=4))["prognose"].sum()
    gap_total = made(forecast(with_gap, "uur", weeks=4))["prognose"].sum()
    assert gap_total == pytest.approx(full_total, rel=0.03)


def test_explicit_zero_rows_for_a_gap_count_as_no_data():
    # A history that carries the gap as rows of 0 (a zero-filled grid) is read the same:
    # a day whose counts add up to 0 is a day without data.
    with_gap = hourly(FIRST, date(2026, 8, 30), skip=(date(2026, 6, 29), date(2026, 8, 2)))
    zeros = pl.DataFrame(
        {
            "moment": pl.datetime_range(
                datetime(2026, 6, 29), datetime(2026, 8, 2, 23), interval="1h", eager=True, time_unit="us"
            )
        }
    ).with_columns(aantal=pl.lit(0.0))
    zero_filled = pl.concat([with_gap, zeros]).sort("moment")
    a = made(forecast(with_gap, "uur", weeks=2))["prognose"]
    b = made(forecast(zero_filled, "uur", weeks=2))["prognose"]
    assert b.to_list() == pytest.approx(a.to_list(), abs=1e-9)


# ------------------------------------------------------------- not enough history


def test_not_enough_history_gives_a_reason_instead_of_a_forecast():
    # 5 weeks (Mon 05-01 .. Sun 08-02) of data, minimum 8.
    result = forecast(hourly(FIRST, date(2026, 2, 8)), "uur", weeks=4)
    assert result.frame is None
    assert result.reason == "te weinig historie: 5 weken, minimaal 8"
    assert result.weeks_of_history == 5


def test_weeks_of_history_count_weeks_with_data_not_calendar_weeks():
    # 10 calendar weeks, of which 4 are a gap: 6 weeks with data, not enough.
    history = hourly(FIRST, date(2026, 3, 15), skip=(date(2026, 1, 19), date(2026, 2, 15)))
    assert forecast(history, "uur", weeks=1).reason == "te weinig historie: 6 weken, minimaal 8"
    assert not_enough_history(1, 8) == "te weinig historie: 1 week, minimaal 8"
    assert not_enough_history(8, 8) is None


def test_empty_history_has_no_forecast():
    empty = pl.DataFrame(schema={"moment": pl.Date, "aantal": pl.Int64})
    assert forecast(empty, "dag", weeks=1).reason == "te weinig historie: 0 weken, minimaal 8"


# ------------------------------------------------------------- daily and weekly grains


def test_daily_desk_forecast_with_weekends_and_holidays_closed():
    # Desk appointments per working day: Mon 40, Tue 30, Wed 30, Thu 50 (evening opening),
    # Fri 20, flat level; 10 weeks. Weekends and holidays are closed days (no rows).
    closed = non_working_days(FIRST, date(2026, 6, 30))
    per_weekday = {0: 40, 1: 30, 2: 30, 3: 50, 4: 20}
    days = pl.date_range(FIRST, date(2026, 3, 15), eager=True)
    history = (
        pl.DataFrame({"moment": days})
        .with_columns(
            aantal=pl.col("moment").dt.weekday().replace_strict({k + 1: v for k, v in per_weekday.items()}, default=0)
        )
        .filter(~pl.col("moment").is_in(sorted(closed)))
    )
    out = made(forecast(history, "dag", weeks=6, closed_days=closed))
    value = dict(zip(out["moment"], out["prognose"], strict=True))
    assert value[date(2026, 3, 19)] == pytest.approx(50)  # Thursday
    assert value[date(2026, 3, 20)] == pytest.approx(20)  # Friday
    assert value[date(2026, 3, 21)] == 0.0  # Saturday
    assert value[date(2026, 4, 3)] == 0.0  # Good Friday
    assert value[date(2026, 4, 6)] == 0.0  # Easter Monday
    assert value[date(2026, 4, 7)] == pytest.approx(30)  # Tuesday after Easter


def test_weekly_grain_starts_on_the_monday_after_the_last_week():
    weeks = pl.date_range(FIRST, FIRST + timedelta(weeks=9), interval="1w", eager=True)
    history = pl.DataFrame({"moment": weeks, "aantal": [100] * 10})
    out = made(forecast(history, "week", weeks=3))
    assert out["moment"].to_list() == [date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30)]
    assert out["prognose"].to_list() == pytest.approx([100.0] * 3)


@pytest.mark.parametrize(
    ("grain", "frame", "message"),
    [
        ("maand", pl.DataFrame({"moment": [date(2026, 1, 5)], "aantal": [1]}), "korrel 'maand' onbekend"),
        ("uur", pl.DataFrame({"moment": [date(2026, 1, 5)], "aantal": [1]}), "moet Datetime"),
        ("week", pl.DataFrame({"moment": [date(2026, 1, 6)], "aantal": [1]}), "maandag"),
        ("dag", pl.DataFrame({"moment": [date(2026, 1, 6)] * 2, "aantal": [1, 2]}), "2 dubbele momenten"),
        ("dag", pl.DataFrame({"moment": [date(2026, 1, 6)], "aantal": [-1]}), "negatief"),
        ("dag", pl.DataFrame({"dag": [date(2026, 1, 6)], "aantal": [1]}), r"\['moment'\] ontbreken"),
    ],
)
def test_bad_history_is_refused_with_a_clear_message(grain, frame, message):
    with pytest.raises((ValueError, TypeError), match=message):
        forecast(frame, grain, weeks=1)


# ------------------------------------------------------------- baseline and backtest


def test_seasonal_naive_takes_the_most_recent_week_with_data():
    # Mondays: 05-01 = 10, 12-01 = 20, then a gap (19-01 and 26-01 without data), then the
    # horizon. The baseline for Monday 02-02 and 09-02 is the last Monday with data (20);
    # a closed Monday in the horizon gets 0.
    history = pl.DataFrame({"moment": [date(2026, 1, 5), date(2026, 1, 12)], "aantal": [10, 20]})
    grid = history_grid(history, "dag")
    horizon = history_grid(
        pl.DataFrame({"moment": [date(2026, 2, 2), date(2026, 2, 9)], "aantal": [1, 1]}),
        "dag",
        closed_days=[date(2026, 2, 9)],
    ).filter(pl.col("moment").dt.weekday() == 1)
    out = seasonal_naive(grid, horizon)
    assert out["naief"].to_list() == [20.0, 0.0]


def test_backtest_worked_out_by_hand():
    # Weekly digital contacts, weeks 1..6 (Mondays from 05-01-2026): 10, 20, 30, 40, 44, 70.
    # min_weeks 4, so two folds run (a third would train on 3 weeks).
    # Weekly grain: one slot, p = median(y); levels y / p; the forecast is the Theil-Sen
    # line through y, anchored at the median of the last 4 values of y - slope * week.
    #
    # Fold 1, trained on weeks 1-4 (10, 20, 30, 40), forecasting week 5 (actual 44):
    #   every pairwise slope is 10 -> line y = 10 * week -> 50; |44 - 50| = 6.
    #   naive: week 4 = 40 -> |44 - 40| = 4.
    #   scale: in-sample naive MAE = mean(|20-10|, |30-20|, |40-30|) = 10.
    #   MASE model 6/10 = 0.6, naive 4/10 = 0.4.
    # Fold 2, trained on weeks 1-5 (10, 20, 30, 40, 44), forecasting week 6 (actual 70):
    #   pairwise slopes: 10 (x6: 1-2, 1-3, 1-4, 2-3, 2-4, 3-4), 8.5 (1-5), 8 (2-5), 7 (3-5),
    #   4 (4-5) -> sorted 4, 7, 8, 8.5, 10, 10, 10, 10, 10, 10 -> median 10.
    #   y - 10 * week = 0, 0, 0, 0, -6 -> last 4: 0, 0, 0, -6 -> median 0 -> forecast 60;
    #   |70 - 60| = 10. naive: 44 -> |70 - 44| = 26.
    #   scale: mean(10, 10, 10, 4) = 8.5. MASE model 10/8.5 = 1.17647, naive 26/8.5 = 3.05882.
    # All: MAE model (6 + 10)/2 = 8, naive (4 + 26)/2 = 15; MASE = mean of the folds':
    #   model (0.6 + 1.17647)/2 = 0.88235, naive (0.4 + 3.05882)/2 = 1.72941.
    weeks = pl.date_range(FIRST, FIRST + timedelta(weeks=5), interval="1w", eager=True)
    history = pl.DataFrame({"moment": weeks, "aantal": [10, 20, 30, 40, 44, 70]})
    table = backtest(history, "week", folds=3, min_weeks=4)
    assert table.schema == BACKTEST_SCHEMA
    # Origins: the Sundays ending weeks 4 (01-02) and 5 (08-02); the last row is the total.
    assert table["oorsprong"].to_list() == [date(2026, 2, 1), date(2026, 2, 8), None]
    assert table["intervallen"].to_list() == [1, 1, 2]
    assert table["mae_model"].to_list() == pytest.approx([6, 10, 8])
    assert table["mae_naief"].to_list() == pytest.approx([4, 26, 15])
    assert table["schaal"].to_list()[:2] == pytest.approx([10, 8.5])
    assert table["mase_model"].to_list() == pytest.approx([0.6, 10 / 8.5, (0.6 + 10 / 8.5) / 2])
    assert table["mase_naief"].to_list() == pytest.approx([0.4, 26 / 8.5, (0.4 + 26 / 8.5) / 2])


def test_backtest_skips_weeks_without_data():
    # The noiseless hourly series with a 2-week gap right before its last week: of the
    # last 4 weekly origins, the two whose test week is the gap are skipped, and the
    # noiseless model scores 0 on the weeks it does test.
    history = hourly(FIRST, date(2026, 4, 26), skip=(date(2026, 4, 6), date(2026, 4, 19)))
    table = backtest(history, "uur", folds=4)
    folds = table.filter(pl.col("oorsprong").is_not_null())
    assert folds.height == 4
    assert date(2026, 4, 5) not in folds["oorsprong"].to_list()  # test week 06-04..12-04: gap
    assert date(2026, 4, 12) not in folds["oorsprong"].to_list()  # test week 13-04..19-04: gap
    assert folds["mae_model"].max() == pytest.approx(0, abs=1e-9)
    assert (folds["mae_naief"] > 0).all()  # the naive misses the trend: 1 % a week


def test_the_clocks_missing_and_double_hour():
    # A line open day and night (10 calls every hour) from Monday 2026-07-20 for 13 weeks (to Sunday
    # 18-10), then 26 weeks ahead in Europe/Amsterdam: 25-10-2026 02:00 occurs twice -> one 120-minute
    # interval forecast 20 (both hours); 28-03-2027 02:00 does not exist -> no interval.
    rows = [(datetime(2026, 7, 20) + timedelta(hours=h), 10.0) for h in range(13 * 7 * 24)]
    history = pl.DataFrame(rows, schema={"moment": pl.Datetime("us"), "aantal": pl.Float64}, orient="row")
    out = made(forecast(history, "uur", 26, tz="Europe/Amsterdam"))
    by_moment = {m: (p, n) for m, p, n in out.select("moment", "prognose", "minuten").iter_rows()}
    assert datetime(2027, 3, 28, 2) not in by_moment and datetime(2027, 3, 28, 3) in by_moment
    assert by_moment[datetime(2026, 10, 25, 2)] == (pytest.approx(20.0), 120)
    assert by_moment[datetime(2026, 10, 25, 3)] == (pytest.approx(10.0), 60)
    assert out.height == 26 * 7 * 24 - 1 and set(out["minuten"]) == {60, 120}
    # without a time zone: every hour, 60 minutes (the naive clock the grain has)
    naive = made(forecast(history, "uur", 26))
    assert naive.height == 26 * 7 * 24 and set(naive["minuten"]) == {60}


def test_the_history_of_a_double_hour_counts_half_per_hour():
    # 25-10-2026 02:00 holds the calls of both hours (as offered_per_hour counts them): 20 -> 10 per
    # hour for the model, 20 to score against; the spring's 29-03-2026 02:00 is no interval at all.
    history = pl.DataFrame(
        {
            "moment": [datetime(2026, 3, 29, 1), datetime(2026, 10, 25, 2), datetime(2026, 10, 25, 3)],
            "aantal": [5.0, 20.0, 10.0],
        }
    )
    grid = history_grid(history, "uur", tz="Europe/Amsterdam")
    double = grid.filter(pl.col("moment") == datetime(2026, 10, 25, 2)).row(0, named=True)
    assert (double["aantal"], double["gemeten"], double["minuten"]) == (10.0, 20.0, 120)
    assert grid.filter(pl.col("moment") == datetime(2026, 3, 29, 2)).is_empty()
