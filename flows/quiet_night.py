"""A night with nothing to do, known before any flow starts.

The nightly loads the inbox and refreshes the reports of the current quarter (and, in its first
days, of the one just closed). With no export in the inbox and every one of those reports fresh
(flows/freshness.py: made from this store version, configuration and program, and unchanged),
there is nothing to load and nothing to write: `quiet_night` then gives the nightly's outcome as
the flow would, and the command line ends without starting a flow or a Prefect server.

A step added to the nightly that can have work on a night without files (a pull from an API, a
dashboard to make) must say so here: `quiet_night` returns None when any step has work. Without
that, a command-line nightly would skip the step on a quiet night.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from core.errors import UserError
from core.periods import parse_period, quarter_of
from core.settings import Settings
from flows.freshness import fresh_dashboard, fresh_report
from flows.stores import open_store
from sources.files import discover


def refreshed_quarters(day: date, previous_quarter_days: int) -> list[str]:
    """The quarters whose reports the night of `day` rewrites: the current one, and in the first
    `previous_quarter_days` days of a quarter also the one just closed (its last exports arrive late)."""
    current = quarter_of(day)
    if (day - current.start).days < previous_quarter_days:
        return [quarter_of(current.start - timedelta(days=1)).label, current.label]
    return [current.label]


def outcome_of(
    version: int | None,
    quarters: list[str],
    reports: list[str],
    remade: list[str],
    loaded=None,
    site: list[str] | None = None,
    failed: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The nightly's outcome (what the command line prints and the flow returns): `site` the
    dashboard's pages, `failed` per gemeente why its pull from the Zaken API failed."""
    return {
        "opslagversie": version,
        "gewijzigd": loaded is not None and loaded.store_version is not None,
        "geladen": [] if loaded is None else loaded.loaded,
        "afgewezen": {} if loaded is None else loaded.reasons,
        "rijen_quarantaine": {} if loaded is None else loaded.quarantined,
        "regels": {} if loaded is None else loaded.rules,
        "kwartaal": quarters[-1],
        "kwartalen": quarters,
        "rapporten": reports,
        "herschreven": remade,
        "dashboard": site or [],
        "ophalen_mislukt": failed or {},
    }


def quiet_night(settings: Settings, day: date) -> dict[str, Any] | None:
    """The nightly's outcome when the night has nothing to do - no file in the inbox, every report
    it refreshes fresh, no mail to send every night (`nightly_mail = "always"`) - else None (the
    flow runs). A missing or unreadable inbox is the flow's to say (it retries a share that is away).
    A gemeente on the Zaken API (`[[zgw]]`) is pulled every night: such a night is never known quiet."""
    if settings.delivery.nightly_mail == "always" or settings.zgw:
        return None
    try:
        if discover([settings.inbox]):
            return None
    except (UserError, OSError):
        return None
    version = open_store(settings).version()
    if version is None:
        return None
    quarters, reports = refreshed_quarters(day, settings.report.previous_quarter_days), []
    for label in quarters:
        fresh = fresh_report(settings, parse_period(label), version)
        if fresh is None:
            return None
        reports += fresh
    if (site := fresh_dashboard(settings, version)) is None:
        return None
    return outcome_of(version, quarters, reports, [], site=site)
