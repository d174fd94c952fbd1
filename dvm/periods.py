"""Reporting periods: a month (2026-07), quarter (2026-Q3), year (2026) or
range (2023-01-01..2024-12-31, both ends inclusive)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dvm.errors import UserError

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
            month = parse_period(f"{cursor.year}-{cursor.month:02d}")
            out.append(Period(max(month.start, self.start), min(month.end, self.end), month.label, "maand"))
            cursor = month.end + timedelta(days=1)
        return out

    def year_earlier(self) -> Period | None:
        """The same period one year earlier, for comparison; None for a range (a phase is
        compared with its own quarters, and its months would collide with the earlier ones)."""
        if self.kind == "reeks":
            return None
        y = self.start.year - 1
        return parse_period({"jaar": f"{y}", "kwartaal": f"{y}-Q{(self.start.month - 1) // 3 + 1}",
                             "maand": f"{y}-{self.start.month:02d}"}[self.kind])


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def parse_period(text: str) -> Period:
    """Parse a period as the CLI and the Prefect form accept it."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})", text):
        y = int(m[1])
        return Period(date(y, 1, 1), date(y, 12, 31), text, "jaar")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, flags=re.IGNORECASE):
        y, q = int(m[1]), int(m[2])
        return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"{y}-Q{q}", "kwartaal")
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            return Period(date(y, mo, 1), _month_end(y, mo), text, "maand")
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        try:
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        except ValueError as exc:
            raise UserError(f"periode '{text}': ongeldige datum ({exc})") from None
        if end < start:
            raise UserError(f"periode '{text}': einddatum ligt voor begindatum")
        return Period(start, end, text, "reeks")
    raise UserError(
        f"periode '{text}' niet herkend; verwacht een maand (2026-07), kwartaal (2026-Q3), "
        "jaar (2026) of reeks (2023-01-01..2024-12-31)"
    )


def quarter_of(day: date) -> Period:
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
