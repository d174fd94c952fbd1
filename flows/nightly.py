"""Nightly: inbox -> check -> merge -> refresh the current quarter's report per gemeente ->
tell the operators what was loaded and what was not."""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.runtime import flow_run
from prefect.states import Completed

from dvm.periods import quarter_of
from dvm.wording import count
from dvm.settings import PassedSettings, load_settings
from flows.alerts import alert_operators, mail_operators, run_link
from flows.ingest import ingest
from flows.report import report
from flows.stores import open_store
from flows.tasks import run_log
from reports.mail_message import nightly_line, nightly_message

PARTLY_REJECTED = "Deels afgekeurd"  # a Completed state's name: loaded what was good, quarantined the rest


@flow(name="nightly", on_failure=[alert_operators], on_crashed=[alert_operators])
def nightly(config: str | None = None, home: str | None = None, today: date | None = None,
            settings: PassedSettings = None):
    """Load what arrived in the inbox, then rewrite the current quarter's reports. A rejected file
    or quarantined rows do not stop the run: it completes as 'Deels afgekeurd' and mails why.
    The settings are built once here (or passed by the command line) and handed down."""
    settings = settings or load_settings(config, home)
    day = today or date.today()
    loaded = ingest([str(settings.inbox)], move_files=True, settings=settings)
    quarter = quarter_of(day).label
    version = open_store(settings).version()
    if version is None:
        run_log().warning("de opslag is nog leeg: geen rapporten gemaakt")
        reports: list[str] = []
    else:
        reports = report(quarter, settings=settings)
    when = settings.delivery.nightly_mail
    if when == "always" or (when == "on_problems" and loaded.problems):
        mail_operators(*nightly_message(loaded, day, quarter, reports, run_link(flow_run.id),
                                        str(settings.quarantine_path)), settings)
    outcome = {"opslagversie": version, "gewijzigd": loaded.store_version is not None, "geladen": loaded.loaded,
               "afgewezen": loaded.reasons, "rijen_quarantaine": loaded.quarantined, "regels": loaded.rules,
               "kwartaal": quarter,
               "rapporten": reports}
    line = nightly_line(loaded)
    run_log().info("nachtrun: %s; %s", line, count(len(reports), "rapportbestand", "rapportbestanden"))
    return Completed(name=PARTLY_REJECTED, message=line, data=outcome) if loaded.problems else outcome
