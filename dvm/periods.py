"""Reporting periods: a month (2026-07), quarter (2026-Q3), year (2026) or
range (2023-01-01..2024-12-31, both ends inclusive)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dvm.errors import UserError
from dvm.wording import shown

# The years a period may lie in: the report also shows the two years before, and the store's
# dates are calendar dates; outside this a typo (0001, 9999) is far more likely than a wish.
FIRST_YEAR, LAST_YEAR = 1900, 2999
PERIOD_PATTERN = r"^(\d{4})(-(0[1-9]|1[0-2])|-Q([1-4]))?$|^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$"


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str  # as the user wrote it, canonical form
    kind: str  # "maand", "kwartaal", "jaar", "reeks"

    @property
    def folder_name(self) -> str:
        """Safe as a single path component."""
        return self.label.replace("..", "_tot_")

    def months(self) -> list[Period]:
        """The calendar months this period touches, clipped to the period."""
        out, cursor = [], date(self.start.year, self.start.month, 1)
        while cursor <= self.end:
            month = _parse(f"{cursor.year}-{cursor.month:02d}")
            out.append(Period(max(month.start, self.start), min(month.end, self.end), month.label, "maand"))
            cursor = month.end + timedelta(days=1)
        return out

    def year_earlier(self) -> Period | None:
        """The same period one year earlier, for comparison; None for a range (a phase is
        compared with its own quarters, and its months would collide with the earlier ones)."""
        if self.kind == "reeks":
            return None
        y = self.start.year - 1
        return _parse({"jaar": f"{y}", "kwartaal": f"{y}-Q{(self.start.month - 1) // 3 + 1}",
                             "maand": f"{y}-{self.start.month:02d}"}[self.kind])


@dataclass(frozen=True)
class Column:
    """A realisation column of the summary: its Dutch heading and the period it shows."""
    heading: str
    period: Period


def _clipped(part: Period, within: Period) -> Period:
    """`part` clipped to `within`; a clipped part is labelled as the range it covers."""
    start, end = max(part.start, within.start), min(part.end, within.end)
    if (start, end) == (part.start, part.end):
        return part
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", "reeks")


def quarters(period: Period) -> list[Period]:
    """The calendar quarters the period touches, clipped to it."""
    out, cursor = [], quarter_of(period.start)
    while cursor.start <= period.end:
        out.append(_clipped(cursor, period))
        cursor = quarter_of(cursor.end + timedelta(days=1))
    return out


def summary_columns(period: Period) -> list[Column]:
    """The realisation columns of the summary, the reported period among them (`main_column`):
    a year beside the two years before it and its quarters; a quarter beside the previous
    quarter, the same quarter a year earlier and the year to date; a month beside the previous
    month and the same month a year earlier; a range (a programme phase) beside its quarters."""
    if period.kind == "jaar":
        y = period.start.year
        return [*(Column(f"Realisatie {y - n}", _parse(str(y - n))) for n in (2, 1)),
                Column(f"Realisatie {y}", period), *(Column(q.label, q) for q in quarters(period))]
    if period.kind == "kwartaal":
        previous = quarter_of(period.start - timedelta(days=1))
        year_start = date(period.start.year, 1, 1)
        to_date = Period(year_start, period.end, f"{year_start.isoformat()}..{period.end.isoformat()}", "reeks")
        return [Column(f"Realisatie {period.label}", period),
                Column(f"Vorig kwartaal {previous.label}", previous),
                Column(f"Zelfde kwartaal vorig jaar {period.year_earlier().label}", period.year_earlier()),
                *([Column(f"Jaar tot en met {period.label}", to_date)] if period.start != year_start else [])]
    if period.kind == "maand":
        previous = _parse(f"{(period.start - timedelta(days=1)):%Y-%m}")
        return [Column(f"Realisatie {period.label}", period), Column(f"Vorige maand {previous.label}", previous),
                Column(f"Zelfde maand vorig jaar {period.year_earlier().label}", period.year_earlier())]
    # a range within one quarter has no parts to show beside it (a one-day range is valid too)
    parts = [q for q in quarters(period) if (q.start, q.end) != (period.start, period.end)]
    return [Column(f"Realisatie {period.label}", period),
            *(Column(q.label if q.kind == "kwartaal" else f"Deel {q.label}", q) for q in parts)]


def main_column(columns: list[Column], period: Period) -> Column:
    return next(c for c in columns if c.period == period)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period as the CLI and the Prefect form accept it (years FIRST_YEAR..LAST_YEAR)."""
    period = _parse(text)
    if not (FIRST_YEAR <= period.start.year and period.end.year <= LAST_YEAR):
        raise UserError(f"periode '{shown(text.strip())}': jaar buiten het bereik {FIRST_YEAR} t/m {LAST_YEAR}")
    return period


def _parse(text: str) -> Period:
    """Any period the calendar has (years 1..9999): the compared periods may lie before FIRST_YEAR."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})", text):
        y = int(m[1])
        if y == 0:
            raise _year_zero(text)
        return Period(date(y, 1, 1), date(y, 12, 31), text, "jaar")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, flags=re.IGNORECASE):
        y, q = int(m[1]), int(m[2])
        if y == 0:
            raise _year_zero(text)
        return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"{y:04d}-Q{q}", "kwartaal")
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        y, mo = int(m[1]), int(m[2])
        if y == 0:
            raise _year_zero(text)
        if 1 <= mo <= 12:
            return Period(date(y, mo, 1), _month_end(y, mo), text, "maand")
        raise UserError(f"periode '{text}': maand {mo:02d} bestaat niet; verwacht 01 t/m 12")
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        try:
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        except ValueError:
            bad = next(d for d in (m[1], m[2]) if not _is_date(d))
            raise UserError(f"periode '{text}': {bad} is geen bestaande datum") from None
        if end < start:
            raise UserError(f"periode '{text}': einddatum {end.isoformat()} ligt voor begindatum {start.isoformat()}")
        return Period(start, end, text, "reeks")
    if re.fullmatch(r"\d{4}-Q\d+", text, flags=re.IGNORECASE):
        raise UserError(f"periode '{text}': kwartaal bestaat niet; verwacht Q1 t/m Q4")
    raise UserError(
        f"periode '{shown(text)}' niet herkend; verwacht een maand (2026-07), kwartaal (2026-Q3), "
        "jaar (2026) of reeks (2023-01-01..2024-12-31)"
    )


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _year_zero(text: str) -> UserError:
    return UserError(f"periode '{text}': jaar buiten het bereik {FIRST_YEAR} t/m {LAST_YEAR}")


def quarter_of(day: date) -> Period:
    return _parse(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
