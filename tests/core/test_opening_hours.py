"""Opening hours per channel (core/opening_hours.py): a gemeente's defaults, the hours of the week a
range opens, exceptions."""

from __future__ import annotations

from datetime import date, time

import pytest
from pydantic import ValidationError

from core.opening_hours import ChannelHours, OpeningHours, desk_hours
from core.settings import load_settings


def test_the_defaults_are_a_gemeentes():
    hours = OpeningHours()
    # phone Monday-Friday 08:30-17:00: the hours 08 (half open) .. 16 of days 0..4
    assert hours.phone.open_hours() == {d * 24 + h for d in range(5) for h in range(8, 17)}
    assert hours.phone.open_weekdays() == {0, 1, 2, 3, 4}
    # desk Monday-Friday 09:00-16:30, Thursday also 17:00-20:00 (the evening opening)
    assert hours.desk.open_weekdays() == {0, 1, 2, 3, 4}
    assert {h for h in hours.desk.open_hours() if h // 24 == 3} == {72 + h for h in (9, 10, 11, 12, 13, 14, 15, 16)} | {
        72 + 17,
        72 + 18,
        72 + 19,
    }


def test_an_evening_a_saturday_and_exceptions():
    hours = ChannelHours(
        saturday=["09:00-12:00"],
        sunday=["22:00-24:00"],
        exceptions=[{"date": date(2026, 12, 24), "hours": []}, {"date": date(2026, 12, 19), "hours": ["10:00-11:00"]}],
    )
    assert hours.open_hours() == {5 * 24 + 9, 5 * 24 + 10, 5 * 24 + 11, 6 * 24 + 22, 6 * 24 + 23}
    assert hours.open_weekdays() == {5, 6}
    assert hours.closed_dates() == {date(2026, 12, 24)}  # an exception with hours closes nothing


@pytest.mark.parametrize(
    ("hours", "fragment"),
    [
        (["17:00-08:30"], "het einde ligt niet na het begin"),
        (["8:30-17:00"], "verwacht UU:MM-UU:MM"),
        (["08:00-24:30"], "na 24:00 kan niet"),
        (["08:00-12:00", "11:59-13:00"], "openingstijden 08:00-12:00 en 11:59-13:00 overlappen"),
    ],
)
def test_a_bad_range_is_refused(hours, fragment):
    with pytest.raises(ValidationError, match=fragment):
        ChannelHours(monday=hours)


def test_one_exception_per_day():
    with pytest.raises(ValidationError, match="uitzondering dubbel ingesteld voor 2026-12-24"):
        ChannelHours(exceptions=[{"date": date(2026, 12, 24)}, {"date": date(2026, 12, 24), "hours": ["09:00-10:00"]}])


def test_the_desks_default_evening_is_the_appointments_evening(tmp_path):
    # [appointments] evening_from is where the figures start counting an evening appointment; the
    # desk's default Thursday evening starts there too. Configured desk hours are kept as they are.
    config = tmp_path / "dvm.toml"
    config.write_text('[appointments]\nevening_from = "18:00"\n', encoding="utf-8")
    assert load_settings(config).opening_hours.desk.thursday == ["09:00-16:30", "18:00-20:00"]
    assert load_settings(None).opening_hours.desk.thursday == ["09:00-16:30", "17:00-20:00"]
    config.write_text('[appointments]\nevening_from = "18:00"\n[opening_hours.desk]\nsaturday = ["09:00-12:00"]\n')
    assert load_settings(config).opening_hours.desk.thursday == []
    assert desk_hours(time(16, 0)).thursday == ["09:00-16:00", "16:00-20:00"]
