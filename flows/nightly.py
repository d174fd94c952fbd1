"""Nightly: inbox -> check -> merge -> refresh the current quarter's report per gemeente (and the
previous quarter's in the first days of a quarter) -> rebuild the dashboard ->
tell the operators what was loaded and what was not."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from prefect import flow
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Completed

from core.errors import NothingProduced
from core.periods import quarter_of
from core.settings import PassedSettings, Settings, load_settings
from core.wording import count
from flows.alerts import alert_operators, mail_operators, run_link
from flows.dashboard import dashboard
from flows.ingest import ingest
from flows.parameters import Configuratie, Vandaag, Werkmap
from flows.report import report
from flows.stores import configuration_gaps, open_store
from flows.tasks import answers_user_errors, io_task, run_log
from flows.zgw import pull_zgw
from reports.mail_message import nightly_line, nightly_message

PARTLY_REJECTED = "Deels afgekeurd"  # a Completed state's name: loaded what was good, quarantined the rest


def refreshed_quarters(day: date, previous_quarter_days: int) -> list[str]:
    """The quarters whose reports the night of `day` rewrites: the current one, and in the first
    `previous_quarter_days` days of a quarter also the one just closed (its last exports arrive late)."""
    current = quarter_of(day)
    if (day - current.start).days < previous_quarter_days:
        return [quarter_of(current.start - timedelta(days=1)).label, current.label]
    return [current.label]


def rebuild_dashboard(settings: Settings, gemeenten: list[str] | None = None) -> list[str]:
    """The dashboard (internal site) rebuilt from the store as the night left it; a store without figures
    for any configured gemeente makes no dashboard (one log line), and that does not fail the night."""
    try:
        return dashboard(gemeente=gemeenten, settings=settings)
    except NothingProduced as exc:
        run_log().warning("geen dashboard: %s", exc)
        return []


read_gaps = io_task(2, 10)(configuration_gaps)  # what the store holds that the configuration does not know


@flow(name="nightly", on_failure=[alert_operators], on_crashed=[alert_operators])
@answers_user_errors
def nightly(
    config: Configuratie = None, home: Werkmap = None, today: Vandaag = None, settings: PassedSettings = None
) -> dict[str, Any] | State[dict[str, Any]]:
    """Load what arrived in the inbox, then rewrite the current quarter's reports. A rejected file
    or quarantined rows do not stop the run: it completes as 'Deels afgekeurd' and mails why.
    The settings are built once here (or passed by the command line) and handed down."""
    settings = settings or load_settings(config, home)
    day = today or date.today()
    # the Zaken API's cases first, as files in the inbox; a pull that fails fails alone (the others load)
    failed = {g: str(exc) for g, exc in pull_zgw(settings).failed.items()} if settings.zgw else {}
    loaded = ingest([str(settings.inbox)], move_files=True, settings=settings)
    problems = loaded.problems or bool(failed)
    quarters = refreshed_quarters(day, settings.report.previous_quarter_days)
    quarter = quarters[-1]
    version = open_store(settings).version()
    reports: list[str] = []
    if version is None:
        run_log().warning("de opslag is nog leeg: geen rapporten gemaakt")
    else:
        for label in quarters:
            reports += report(label, settings=settings)
        site = rebuild_dashboard(settings)
    unknown = read_gaps(settings) if version is not None else None
    when = settings.delivery.nightly_mail
    # a night that changed the store and left a configuration gap (a queue without a rule) says so too;
    # an empty night stays quiet
    gaps = unknown is not None and unknown.height > 0 and loaded.store_version is not None
    if when == "always" or (when == "on_problems" and (problems or gaps)):
        mail_operators(
            *nightly_message(
                loaded,
                day,
                " en ".join(quarters),
                reports,
                run_link(flow_run.id),
                str(settings.quarantine_path),
                unknown,
                failed_pulls=failed,
            ),
            settings,
        )
    outcome = {
        "opslagversie": version,
        "gewijzigd": loaded.store_version is not None,
        "geladen": loaded.loaded,
        "afgewezen": loaded.reasons,
        "rijen_quarantaine": loaded.quarantined,
        "regels": loaded.rules,
        "kwartaal": quarter,
        "kwartalen": quarters,
        "rapporten": reports,
        "dashboard": site if version is not None else [],
        "ophalen_mislukt": failed,  # gemeente -> why its pull from the Zaken API failed
    }
    line = nightly_line(loaded)
    run_log().info("nachtrun: %s; %s", line, count(len(reports), "rapportbestand", "rapportbestanden"))
    return Completed(name=PARTLY_REJECTED, message=line, data=outcome) if problems else outcome
