"""When the demo's snapshot exports (cases, appointments) are taken."""

from __future__ import annotations

from datetime import date


def quarter_stamps(start: date, today: date) -> list[date]:
    """The first day of every third month after `start`, before `today`, and `today` itself: one
    snapshot export each quarter and one today."""
    stamps = []
    y, m = start.year, start.month
    while True:
        m += 3
        if m > 12:
            y, m = y + 1, m - 12
        stamp = date(y, m, 1)
        if stamp >= today:
            break
        stamps.append(stamp)
    return [*stamps, today]
