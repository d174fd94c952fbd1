"""Opening hours per channel (`[opening_hours.phone]`, `[opening_hours.desk]`): per weekday the
times a line or desk is open, and dated exceptions (an extra evening opening, a day closed).

The defaults are a gemeente's (DOMAIN.md: a werkdag is Monday-Friday; the desk has its evening
opening on Thursday): the phone Monday-Friday 08:30-17:00, the desk Monday-Friday 09:00-16:30 and
Thursday evening 17:00-20:00 - from `[appointments] evening_from`, the setting by which the
figures count an appointment as an evening one, so both read one setting. Public holidays and
`[cases] closing_days` close both as well.

The forecast reads them (transforms/prognosis.py): a day the configuration closes by date (a
holiday, a closing day, an exception without hours) is forecast 0; a weekday or hour it calls
closed is still forecast when the history shows contacts there - the data wins, and the output
says where configuration and data disagree. An exception WITH hours (a one-off evening opening)
changes no forecast yet: the history has nothing to forecast such a day from.

    [opening_hours.phone]
    saturday = ["09:00-12:00"]
    [[opening_hours.desk.exceptions]]
    date = 2026-12-24
    hours = ["09:00-12:00"]
"""

from __future__ import annotations

import re
from datetime import date, time
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def _parsed(text: str) -> tuple[time, time | None]:
    """'08:30-17:00' -> (08:30, 17:00); an end of 24:00 is the end of the day (None)."""
    match = _RANGE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"openingstijd '{text}': verwacht UU:MM-UU:MM, bijvoorbeeld 08:30-17:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h2 == 24 and m2:
        raise ValueError(f"openingstijd '{text}': na 24:00 kan niet")
    start, end = time(h1, m1), (None if h2 == 24 else time(h2, m2))
    if end is not None and end <= start:
        raise ValueError(f"openingstijd '{text}': het einde ligt niet na het begin")
    return start, end


def _minutes(ranges: list[str]) -> list[tuple[int, int]]:
    """The ranges as (first minute, minute after the last) of the day, checked not to overlap."""
    spans: list[tuple[int, int, str]] = []
    for text in ranges:
        opens, closes = _parsed(text)
        last = 24 * 60 if closes is None else closes.hour * 60 + closes.minute
        spans.append((opens.hour * 60 + opens.minute, last, text.strip()))
    spans.sort()
    for (_, end, first), (begin, _, second) in pairwise(spans):
        if begin < end:
            raise ValueError(f"openingstijden {first} en {second} overlappen")
    return [(begin, end) for begin, end, _ in spans]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HoursException(_Table):
    """One day with other hours than its weekday's: `hours = []` closes it."""

    date: date
    hours: list[str] = Field(default_factory=list, description="the day's opening hours; [] = closed")

    @field_validator("hours")
    @classmethod
    def _valid(cls, hours: list[str]) -> list[str]:
        _minutes(hours)
        return hours


class ChannelHours(_Table):
    """A channel's opening hours per weekday ("HH:MM-HH:MM", several per day allowed) and its
    dated exceptions."""

    monday: list[str] = Field(default_factory=list)
    tuesday: list[str] = Field(default_factory=list)
    wednesday: list[str] = Field(default_factory=list)
    thursday: list[str] = Field(default_factory=list)
    friday: list[str] = Field(default_factory=list)
    saturday: list[str] = Field(default_factory=list)
    sunday: list[str] = Field(default_factory=list)
    exceptions: list[HoursException] = Field(default_factory=list)

    @field_validator(*WEEKDAYS)
    @classmethod
    def _valid(cls, hours: list[str]) -> list[str]:
        _minutes(hours)
        return hours

    @model_validator(mode="after")
    def _one_exception_per_day(self) -> ChannelHours:
        days = [e.date for e in self.exceptions]
        if dupes := sorted({d for d in days if days.count(d) > 1}):
            raise ValueError(f"uitzondering dubbel ingesteld voor {', '.join(str(d) for d in dupes)}")
        return self

    def ranges(self, weekday: int) -> list[tuple[int, int]]:
        """The open minutes of weekday 0 (Monday) .. 6 (Sunday)."""
        return _minutes(getattr(self, WEEKDAYS[weekday]))

    def open_hours(self) -> set[int]:
        """The hours of the week (0 = Monday 00:00-01:00 .. 167) that are open for some part."""
        out = set()
        for day in range(7):
            for start, end in self.ranges(day):
                out |= {day * 24 + h for h in range(start // 60, (end - 1) // 60 + 1)}
        return out

    def open_weekdays(self) -> set[int]:
        """The weekdays (0 = Monday) with any opening hours."""
        return {day for day in range(7) if self.ranges(day)}

    def closed_dates(self) -> set[date]:
        """The dates an exception closes."""
        return {e.date for e in self.exceptions if not e.hours}


def _phone() -> ChannelHours:
    day = ["08:30-17:00"]
    return ChannelHours(monday=day, tuesday=day, wednesday=day, thursday=day, friday=day)


def desk_hours(evening_from: time = time(17, 0)) -> ChannelHours:
    """The desk's default: Monday-Friday 09:00-16:30 and the Thursday evening from `evening_from`
    (`[appointments] evening_from`, the start of an evening slot in the figures) to 20:00."""
    day = ["09:00-16:30"]
    evening = min(max(evening_from, time(9, 0)), time(20, 0))
    thursday = [f"09:00-{min(evening, time(16, 30)):%H:%M}"] if evening > time(9, 0) else []
    thursday += [f"{evening:%H:%M}-20:00"] if evening < time(20, 0) else []
    return ChannelHours(monday=day, tuesday=day, wednesday=day, thursday=thursday, friday=day)


def _desk() -> ChannelHours:
    return desk_hours()


class OpeningHours(_Table):
    """`[opening_hours]`: the phone's and the desk's. A channel that is configured replaces its
    default whole (a weekday left out is closed)."""

    phone: ChannelHours = Field(default_factory=_phone)
    desk: ChannelHours = Field(default_factory=_desk)
