"""The forecast of pressure assembled from the store: histories, the rows of prognose.csv, weeks,
the roster; small hand-made frames, worked by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from transforms.forecast import Forecast
from transforms.prognosis import (
    NOTE_DISAGREE,
    PROGNOSIS_SCHEMA,
    Opening,
    Prognosis,
    Staffing,
    actuals_a_year_earlier,
    desk_history,
    digital_history,
    gemeente_prognosis,
    prognosis_rows,
    roster_week,
    weekly,
)
from transforms.staffing import agents_needed, erlangs

COVERAGE = pl.DataFrame(
    {
        "gemeente": ["Losser", "Losser"],
        "bron": ["appointments", "cases"],
        "van": [date(2026, 1, 1)] * 2,
        "tot": [date(2026, 11, 27), date(2026, 11, 29)],
    }
)
STAFFING = Staffing(answer_norm_s=20, target_level=0.8, max_occupancy=0.85, shrinkage=0.3)


def test_desk_history_counts_booked_appointments_up_to_the_last_realised_day():
    appts = pl.LazyFrame(
        {
            "gemeente": ["Losser"] * 5,
            "datum": [
                date(2026, 11, 26),
                date(2026, 11, 26),
                date(2026, 11, 26),
                date(2026, 11, 27),
                date(2026, 12, 3),
            ],
            "status": ["verschenen", "geannuleerd", "niet_verschenen", "gepland", "gepland"],
        }
    )
    got = desk_history(appts, COVERAGE).collect()
    # 26 Nov: 2 booked (the cancelled one not); 27 Nov: 1; 3 Dec lies after 27 Nov: a booking, not history
    assert got.rows() == [("Losser", date(2026, 11, 26), 2), ("Losser", date(2026, 11, 27), 1)]


def test_digital_history_counts_email_and_webformulier_per_whole_week():
    cases = pl.LazyFrame(
        {
            "gemeente": ["Losser"] * 5,
            "kanaal": ["email", "webformulier", "post", "email", "email"],
            "registratiedatum": [
                date(2026, 11, 16),
                date(2026, 11, 22),
                date(2026, 11, 18),
                date(2026, 11, 23),
                date(2026, 11, 30),
            ],
        }
    )
    got = digital_history(cases, COVERAGE).collect()
    # week of Mon 16 Nov: e-mail + webformulier (post not); week of 23 Nov ends Sun 29 Nov = the last
    # day with data: whole; 30 Nov lies after it
    assert got.rows() == [("Losser", date(2026, 11, 16), 2), ("Losser", date(2026, 11, 23), 1)]


def phone_forecast(calls_per_hour: list[float]) -> Forecast:
    moments = [datetime(2026, 12, 7, 9 + i) for i in range(len(calls_per_hour))]
    return Forecast(
        pl.DataFrame(
            {
                "moment": moments,
                "prognose": calls_per_hour,
                "ondergrens": [c * 0.8 for c in calls_per_hour],
                "bovengrens": [c * 1.2 for c in calls_per_hour],
                "gesloten": [False] * len(moments),
            }
        )
    )


def test_the_phone_rows_carry_the_staffing_advice_for_the_point_forecast():
    rows = prognosis_rows("Losser", "telefoon", phone_forecast([100.0, 0.0]), aht_s=180.0, staffing=STAFFING)
    assert rows.schema == PROGNOSIS_SCHEMA
    busy, quiet = rows.row(0, named=True), rows.row(1, named=True)
    # 100 calls in an hour at 180 s: A = 100 x 180 / 3600 = 5 Erlang; the fewest agents for 80 % within
    # 20 s at occupancy <= 85 % (the transforms.staffing function, checked against DOMAIN.md elsewhere)
    assert erlangs(100, 180, 3600) == 5.0
    needed = agents_needed(5.0, 180.0, 20.0, 0.8, 0.85)
    assert (busy["interval_start"], busy["interval_min"], busy["aht_s"]) == ("2026-12-07T09:00", 60, 180.0)
    assert busy["agents_nodig"] == needed and busy["agents_rooster"] == -(-needed * 10 // 7)  # ceil(N / 0.7)
    assert busy["servicelevel_verwacht"] >= 80
    assert (quiet["agents_nodig"], quiet["agents_rooster"], quiet["servicelevel_verwacht"]) == (0, 0, None)


def test_desk_and_digital_rows_have_no_staffing_and_no_forecast_no_rows():
    days = Forecast(
        pl.DataFrame(
            {
                "moment": [date(2026, 12, 7)],
                "prognose": [30.0],
                "ondergrens": [25.0],
                "bovengrens": [35.0],
                "gesloten": [False],
            }
        )
    )
    rows = prognosis_rows("Losser", "balie", days, aht_s=180.0, staffing=STAFFING)
    assert rows.row(0) == ("Losser", "balie", "2026-12-07T00:00", 1440, 30.0, 25.0, 35.0, None, None, None, None, None)
    assert prognosis_rows("Losser", "digitaal", Forecast(None, "te weinig historie")).is_empty()


def test_weekly_sums_only_whole_weeks():
    rows = pl.DataFrame(
        {
            "kanaal": ["balie"] * 8,
            "interval_min": [1440] * 8,
            "interval_start": [f"2026-12-{d:02d}T00:00" for d in (6, 7, 8, 9, 10, 11, 12, 13)],  # Sun 6 .. Sun 13
            "voorspelling": [1.0] * 8,
            "ondergrens": [0.5] * 8,
            "bovengrens": [2.0] * 8,
        }
    )
    # the week of Mon 30 Nov holds only Sunday 6 Dec: left out; Mon 7 .. Sun 13 is whole: 7 x 1.0
    assert weekly(rows).rows() == [("balie", date(2026, 12, 7), 7.0, 3.5, 14.0)]


def test_actuals_a_year_earlier_are_the_same_week_52_weeks_before():
    history = pl.DataFrame({"moment": [date(2025, 12, 8), date(2025, 12, 9)], "aantal": [10, 5]})
    got = actuals_a_year_earlier(history, [date(2026, 12, 7), date(2026, 12, 14)])
    # 7 Dec 2026 - 52 weeks = Mon 8 Dec 2025: 10 + 5; the week after has no data: empty, not 0
    assert got.rows() == [(date(2026, 12, 7), 15), (date(2026, 12, 14), None)]


def test_the_roster_is_the_first_whole_week_by_hour_and_weekday():
    rows = pl.DataFrame(
        {
            "interval_start": [
                "2026-12-04T09:00",
                "2026-12-07T09:00",
                "2026-12-07T10:00",
                "2026-12-08T09:00",
                "2026-12-08T22:00",
            ],
            "voorspelling": [9.0, 5.0, 8.0, 4.0, 0.0],
            "agents_rooster": [9, 3, 5, 3, 0],
        }
    )
    table = roster_week(rows)
    # Friday 4 Dec is before the first Monday; 22:00 has no call: not a row
    assert table.rows() == [("09:00", 3, 3), ("10:00", 5, 0)]
    assert table.columns == ["uur", "ma", "di"]


@pytest.mark.parametrize("kanaal", ["telefoon", "balie", "digitaal"])
def test_every_channel_row_has_the_csv_columns(kanaal):
    result = (
        phone_forecast([1.0])
        if kanaal == "telefoon"
        else Forecast(
            pl.DataFrame(
                {
                    "moment": [date(2026, 12, 7)],
                    "prognose": [1.0],
                    "ondergrens": [0.0],
                    "bovengrens": [2.0],
                    "gesloten": [False],
                }
            )
        )
    )
    assert prognosis_rows("Losser", kanaal, result).columns == list(PROGNOSIS_SCHEMA)


# ------------------------------------------------------------- opening hours: the history decides (issue 27)

# A gemeente's configuration (core/opening_hours.py defaults): the phone Monday-Friday 08:30-17:00
# (hours 8..16 open), the desk Monday-Friday. Built by hand here, as the flow builds it from settings.
PHONE_HOURS = Opening(frozenset(d * 24 + h for d in range(5) for h in range(8, 17)))
DESK_DAYS = Opening(frozenset(range(5)))
SUNDAY_TO_FRIDAY = (6, 0, 1, 2, 3, 4)  # Python weekdays (Monday 0) a bank's line is open


def phone_history(first: date, weeks: int, open_days=SUNDAY_TO_FRIDAY) -> pl.DataFrame:
    """10 calls in every hour 09:00-16:00 on the open days, nothing else; exactly repeating weeks."""
    rows = []
    for n in range(weeks * 7):
        day = first + timedelta(days=n)
        if day.weekday() in open_days:
            rows += [(datetime(day.year, day.month, day.day, h), 10) for h in range(9, 16)]
    return pl.DataFrame(rows, schema={"moment": pl.Datetime("us"), "aantal": pl.Int64}, orient="row")


def desk_per_day(first: date, weeks: int, saturday: int) -> pl.DataFrame:
    """20 appointments every weekday, `saturday` on Saturdays, none on Sundays."""
    rows = []
    for n in range(weeks * 7):
        day = first + timedelta(days=n)
        count = 20 if day.weekday() < 5 else saturday if day.weekday() == 5 else 0
        if count:
            rows.append((day, count))
    return pl.DataFrame(rows, schema={"moment": pl.Date, "aantal": pl.Int64}, orient="row")


def prognosis_for(histories: dict[str, pl.DataFrame], opening: dict[str, Opening], closing=()) -> Prognosis:
    return gemeente_prognosis(
        "Losser",
        histories,
        2,
        list(closing),
        180.0,
        100,
        STAFFING,
        min_weeks=8,
        folds=2,
        opening=opening,
        tz="Europe/Amsterdam",
    )


def test_a_line_open_sunday_to_friday_is_forecast_on_sundays_without_configuration():
    # 10 weeks from Sunday 2026-01-04 to Saturday 2026-03-14: 10 calls an hour 09-16 h on Sunday-Friday.
    # The configuration is a gemeente's (phone Monday-Friday), but the history shows Sunday calls:
    # a noiseless profile gives them back exactly (10 an hour, level flat), and the output says so.
    p = prognosis_for({"telefoon": phone_history(date(2026, 1, 4), 10)}, {"telefoon": PHONE_HOURS})
    rows = p.rows.with_columns(m=pl.col("interval_start").str.to_datetime("%Y-%m-%dT%H:%M"))
    sunday = rows.filter(pl.col("m").dt.date() == date(2026, 3, 15))  # the first forecast day: a Sunday
    assert sunday.filter(pl.col("m").dt.hour() == 10)["voorspelling"].item() == pytest.approx(10.0)
    assert sunday["voorspelling"].sum() == pytest.approx(70.0)  # 7 hours x 10
    # the Saturday stays 0 (never open in the history), the note is on the Sunday hours only
    assert rows.filter(pl.col("m").dt.date() == date(2026, 3, 21))["voorspelling"].sum() == 0
    noted = rows.filter(pl.col("opmerking").is_not_null())
    assert set(noted["m"].dt.weekday().to_list()) == {7}
    assert noted["opmerking"].unique().to_list() == [NOTE_DISAGREE]
    assert p.disagreements == {"telefoon": "zo 09:00-16:00"}
    assert "de openingstijden noemen gesloten, maar de historie toont contacten" in p.notes()[0]
    # a Monday hour is where the configuration and the data agree: no note, staffed as before
    monday = rows.filter(pl.col("m") == datetime(2026, 3, 16, 10)).row(0, named=True)
    assert monday["opmerking"] is None and monday["agents_nodig"] == agents_needed(0.5, 180.0, 20.0, 0.8, 0.85)


def test_a_holiday_and_a_configured_closing_day_stay_zero_on_a_line_open_on_sundays():
    # Horizon 15-03 .. 28-03-2026 with the closing day Monday 16-03 configured and an exception
    # closing Sunday 22-03; both are 0 although the profile expects 70 calls on each.
    closed = Opening(PHONE_HOURS.open_slots, frozenset({date(2026, 3, 22)}))
    p = prognosis_for({"telefoon": phone_history(date(2026, 1, 4), 10)}, {"telefoon": closed}, [date(2026, 3, 16)])
    per_day = p.rows.group_by(day=pl.col("interval_start").str.slice(0, 10)).agg(pl.col("voorspelling").sum())
    totals = dict(per_day.iter_rows())
    assert totals["2026-03-16"] == 0 and totals["2026-03-22"] == 0
    assert totals["2026-03-15"] == pytest.approx(70.0) and totals["2026-03-17"] == pytest.approx(70.0)


def test_a_public_holiday_stays_zero():
    # Koningsdag, Monday 27-04-2026 (holidays.NL): 10 weeks of history up to Sunday 26-04, horizon
    # from 27-04; the Monday is 0, the Tuesday 70.
    history = phone_history(date(2026, 2, 15), 10)
    p = prognosis_for({"telefoon": history}, {"telefoon": PHONE_HOURS})
    per_day = dict(
        p.rows.group_by(day=pl.col("interval_start").str.slice(0, 10)).agg(pl.col("voorspelling").sum()).iter_rows()
    )
    assert per_day["2026-04-27"] == 0 and per_day["2026-04-28"] == pytest.approx(70.0)


def test_a_configured_saturday_morning_desk_opening_is_forecast_without_a_note():
    # 10 weeks of desk history from Monday 2026-01-05: 20 appointments a weekday, 8 on Saturday
    # mornings. Configured: Monday-Friday and Saturday 09:00-12:00 -> Saturday forecast 8, no note.
    history = {"balie": desk_per_day(date(2026, 1, 5), 10, saturday=8)}
    p = prognosis_for(history, {"balie": Opening(frozenset({0, 1, 2, 3, 4, 5}))})
    desk = p.rows.filter(pl.col("kanaal") == "balie")
    saturday = desk.filter(pl.col("interval_start") == "2026-03-21T00:00").row(0, named=True)
    assert saturday["voorspelling"] == pytest.approx(8.0) and saturday["opmerking"] is None
    assert desk.filter(pl.col("interval_start") == "2026-03-22T00:00")["voorspelling"].item() == 0  # Sunday
    assert p.disagreements == {} and p.notes() == []
    # without the Saturday in the configuration (a gemeente's default), the same Saturday is forecast
    # from the history and the configuration and the data are said to disagree
    p = prognosis_for(history, {"balie": DESK_DAYS})
    desk = p.rows.filter(pl.col("kanaal") == "balie")
    saturday = desk.filter(pl.col("interval_start") == "2026-03-21T00:00").row(0, named=True)
    assert saturday["voorspelling"] == pytest.approx(8.0) and saturday["opmerking"] == NOTE_DISAGREE
    assert p.disagreements == {"balie": "za"}


def test_a_line_that_keeps_to_its_opening_hours_has_no_note():
    p = prognosis_for({"telefoon": phone_history(date(2026, 1, 5), 10, open_days=(0, 1, 2, 3, 4))}, {})
    assert p.disagreements == {} and p.rows["opmerking"].null_count() == p.rows.height
    p = prognosis_for(
        {"telefoon": phone_history(date(2026, 1, 5), 10, open_days=(0, 1, 2, 3, 4))}, {"telefoon": PHONE_HOURS}
    )
    assert p.disagreements == {} and p.rows["opmerking"].null_count() == p.rows.height


def test_the_backtest_scores_every_hour_closed_or_not():
    # 10 weeks of a Monday-Friday line (weekends without data, configured closed): each one-week fold
    # scores all 168 hours, the weekend's included (0 forecast against 0 calls).
    p = prognosis_for(
        {"telefoon": phone_history(date(2026, 1, 5), 10, open_days=(0, 1, 2, 3, 4))}, {"telefoon": PHONE_HOURS}
    )
    folds = p.channels["telefoon"].backtest
    assert folds is not None and folds.filter(pl.col("oorsprong").is_not_null())["intervallen"].to_list() == [168, 168]
    assert folds["mae_model"].to_list() == pytest.approx([0.0, 0.0, 0.0])


def test_every_channel_starts_the_day_after_the_last_day_its_data_covers():
    # ten weeks of history; the exports cover up to Saturday 5 December 2026, but the last call and the
    # last desk appointment were on Friday 4 December (the Saturday is closed), and the last whole week of
    # digital contacts ended on Sunday 29 November (the week of 30 November is covered only up to Saturday).
    # "vanaf de dag na de laatste dag met gegevens": phone and desk from Sunday 6 December (closed, a row
    # with gesloten), digital from the first week after that day, Monday 7 December - not 5 December and
    # not 30 November, as a start from the last record gave.
    from datetime import timedelta

    from transforms.prognosis import gemeente_prognosis

    first_monday = date(2026, 9, 28)
    workdays = [first_monday + timedelta(days=d) for d in range(68) if (first_monday + timedelta(days=d)).weekday() < 5]
    assert workdays[-1] == date(2026, 12, 4)
    phone = pl.DataFrame(
        {"moment": [datetime(d.year, d.month, d.day, h) for d in workdays for h in range(9, 17)], "aantal": 5},
        schema={"moment": pl.Datetime, "aantal": pl.Int64},
    )
    desk = pl.DataFrame({"moment": workdays, "aantal": 20}, schema={"moment": pl.Date, "aantal": pl.Int64})
    digital = pl.DataFrame(
        {"moment": [first_monday + timedelta(weeks=w) for w in range(9)], "aantal": 60},
        schema={"moment": pl.Date, "aantal": pl.Int64},
    )
    saturday = date(2026, 12, 5)
    result = gemeente_prognosis(
        "Losser",
        {"telefoon": phone, "balie": desk, "digitaal": digital},
        2,
        (),
        180.0,
        1234,
        STAFFING,
        min_weeks=8,
        folds=1,
        until={"telefoon": saturday, "balie": saturday, "digitaal": saturday},
    )
    # the workbook says the same in Dutch numbers: the 1.234 answered calls behind the handling time
    from reports.prognose_report import prognosis_workbook

    overview = prognosis_workbook(result).sheets[0]
    assert any("van de 1.234 beantwoorde gesprekken" in b for b in overview.blocks if isinstance(b, str))
    starts = {
        kanaal: min(c.forecast.frame["moment"].cast(pl.Date).to_list())
        for kanaal, c in result.channels.items()
        if c.forecast.frame is not None
    }
    assert starts == {"telefoon": date(2026, 12, 6), "balie": date(2026, 12, 6), "digitaal": date(2026, 12, 7)}
