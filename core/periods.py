"""Reporting periods: a month (2026-07), quarter (2026-Q3), year (2026) or
range (2023-01-01..2024-12-31, both ends inclusive)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.errors import UserError
from core.wording import shown

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
        return _parse(
            {
                "jaar": f"{y}",
                "kwartaal": f"{y}-Q{(self.start.month - 1) // 3 + 1}",
                "maand": f"{y}-{self.start.month:02d}",
            }[self.kind]
        )


@dataclass(frozen=True)
class Column:
    """A realisation column of the summary: its heading (the period in words) and the period it shows."""

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


def years(period: Period) -> list[Period]:
    """The calendar years the period touches, clipped to it."""
    return [_clipped(_parse(str(y)), period) for y in range(period.start.year, period.end.year + 1)]


def in_words(period: Period) -> str:
    """A period as a heading: 2026, 2026-Q3, 2026-07; a range within one year as "2026 (01-01 t/m
    30-06)", a longer one as "01-01-2025 t/m 30-06-2026"."""
    if period.kind != "reeks":
        return period.label
    if period.start.year == period.end.year:
        return f"{period.start.year} ({period.start:%d-%m} t/m {period.end:%d-%m})"
    return f"{period.start:%d-%m-%Y} t/m {period.end:%d-%m-%Y}"


MAX_PARTS = 4  # a phase's summary shows at most its last four years (or quarters) beside itself


def summary_columns(period: Period) -> list[Column]:
    """The realisation columns of the summary, oldest first, the reported period last (t-2, t-1, t):
    a year after the two years before it; a quarter after the same quarter a year earlier and the
    previous quarter; a month after the same month a year earlier and the previous month; a range
    (a programme phase) after its years (its quarters when it lies within one year), clipped to it."""
    earlier = period.year_earlier()  # None only for a range
    if period.kind == "jaar":
        y = period.start.year
        shown = [_parse(str(y - 2)), _parse(str(y - 1)), period]
    elif period.kind == "kwartaal" and earlier:
        shown = [earlier, quarter_of(period.start - timedelta(days=1)), period]
    elif period.kind == "maand" and earlier:
        shown = [earlier, _parse(f"{(period.start - timedelta(days=1)):%Y-%m}"), period]
    else:
        parts = years(period) if period.start.year != period.end.year else quarters(period)
        # a range within one quarter (a one-day range too) has no parts to show beside it
        shown = [*[p for p in parts if (p.start, p.end) != (period.start, period.end)][-MAX_PARTS:], period]
    return [Column(in_words(p), p) for p in shown]


def detail_quarters(period: Period) -> list[Period]:
    """The quarters a year or a phase is shown in on the sheet Kwartalen (none for a quarter or month)."""
    return quarters(period) if period.kind in ("jaar", "reeks") and len(quarters(period)) > 1 else []


def main_column(columns: list[Column], period: Period) -> Column:
    return next(c for c in columns if c.period == period)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period as the CLI and the Prefect form accept it (years FIRST_YEAR..LAST_YEAR)."""
    period = _parse(text)
    if not (period.start.year >= FIRST_YEAR and period.end.year <= LAST_YEAR):
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
