"""Nightly: pull the Zaken APIs -> inbox -> check -> merge -> refresh the current quarter's report per
gemeente (and the previous quarter's in the first days of a quarter) and the dashboard, each only when
stale (flows/freshness.py) -> tell the operators what was loaded and what was not."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Completed

from core.errors import NothingProduced
from core.periods import parse_period
from core.settings import PassedSettings, Settings
from core.wording import count
from flows.alerts import alert_operators, mail_operators, run_link
from flows.dashboard import dashboard
from flows.freshness import fresh_dashboard, fresh_report
from flows.ingest import find_exports, ingest
from flows.parameters import Configuratie, Vandaag, Werkmap
from flows.quiet_night import outcome_of, refreshed_quarters
from flows.report import report
from flows.start import run_settings
from flows.stores import configuration_gaps, open_store
from flows.tasks import answers_user_errors, io_task, run_log
from flows.zgw import pull_zgw
from reports.mail_message import nightly_line, nightly_message
from store.delta_store import CommitResult

__all__ = ["PARTLY_REJECTED", "nightly", "rebuild_dashboard", "refreshed_quarters"]

PARTLY_REJECTED = "Deels afgekeurd"  # a Completed state's name: loaded what was good, quarantined the rest


def rebuild_dashboard(settings: Settings, version: int, gemeenten: list[str] | None = None) -> list[str]:
    """The dashboard (internal site) as the store at `version` has it: its files when the whole site is
    fresh (flows/freshness.py `fresh_dashboard`; a fresh whole site holds every gemeente's part), else
    rebuilt - these gemeenten, or all. A store without figures for any configured gemeente makes no
    dashboard (one log line), and that does not fail the night."""
    if (site := fresh_dashboard(settings, version)) is not None:
        return site
    try:
        return dashboard(settings, gemeente=gemeenten)
    except NothingProduced as exc:
        run_log().warning("geen dashboard: %s", exc)
        return []


read_gaps = io_task(2, 10)(configuration_gaps)  # what the store holds that the configuration does not know


@flow(name="nightly", on_failure=[alert_operators], on_crashed=[alert_operators])
@answers_user_errors
def nightly(
    config: Configuratie = None, home: Werkmap = None, today: Vandaag = None, settings: PassedSettings = None
) -> dict[str, Any] | State[dict[str, Any]]:
    """Pull the Zaken APIs, load what arrived in the inbox, then rewrite the current quarter's reports
    and the dashboard where they are stale. A rejected file, quarantined rows or a failed pull do not
    stop the run: it completes as 'Deels afgekeurd' and mails why. The settings are built once here
    (or passed by the command line) and handed down to the ingest, the reports and the dashboard."""
    settings = run_settings(settings, config, home)
    day = today or date.today()
    # the Zaken API's cases first, as files in the inbox; a pull that fails fails alone (the others load)
    failed = {g: str(exc) for g, exc in pull_zgw(settings).failed.items()} if settings.zgw else {}
    delays = settings.inbox_retries_s
    if find_exports.with_options(retries=len(delays), retry_delay_seconds=delays)([settings.inbox]):
        loaded = ingest([str(settings.inbox)], settings, move_files=True)
    else:  # an empty inbox: no ingest run (it would find nothing and commit nothing)
        loaded = CommitResult(None, [], [], [], 0, 0)
    problems = loaded.problems or bool(failed)
    quarters = refreshed_quarters(day, settings.report.previous_quarter_days)
    version = open_store(settings).version()
    per_quarter: dict[str, list[str]] = {}  # each quarter's report files (the mail says which were rewritten)
    remade: list[str] = []  # the quarters whose reports were made again (the others were fresh)
    site: list[str] = []
    if version is None:
        run_log().warning("de opslag is nog leeg: geen rapporten gemaakt")
    else:
        for label in quarters:
            paths = fresh_report(settings, parse_period(label), version)  # same data, configuration, program
            if paths is None:
                paths, remade = report(label, settings=settings), [*remade, label]
            per_quarter[label] = paths
        site = rebuild_dashboard(settings, version)
    reports = [path for paths in per_quarter.values() for path in paths]
    when = settings.delivery.nightly_mail
    # what the configuration does not know yet: for the mail, when one may go (a night that loaded
    # nothing changed none of it)
    wanted = when == "always" or (when == "on_problems" and (problems or loaded.store_version is not None))
    unknown = read_gaps(settings) if version is not None and wanted else None
    # a night that changed the store and left a configuration gap (a queue without a rule) says so too;
    # an empty night stays quiet
    gaps = unknown is not None and unknown.height > 0 and loaded.store_version is not None
    if when == "always" or (when == "on_problems" and (problems or gaps)):
        mail_operators(
            *nightly_message(
                loaded,
                day,
                " en ".join(quarters),
                per_quarter,
                run_link(flow_run.id),
                str(settings.quarantine_path),
                unknown,
                failed_pulls=failed,
                remade=remade,
            ),
            settings,
        )
    outcome = outcome_of(version, quarters, reports, remade, loaded, site, failed)
    line = nightly_line(loaded)
    run_log().info(
        "nachtrun: %s; %s%s",
        line,
        count(len(reports), "rapportbestand", "rapportbestanden"),
        "" if remade else " (actueel, niet opnieuw gemaakt)" if reports else "",
    )
    return Completed(name=PARTLY_REJECTED, message=line, data=outcome) if problems else outcome
