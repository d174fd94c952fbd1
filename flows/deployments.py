"""The deployments a municipality runs: `nightly` on a schedule, `report` on demand (a form in
the Prefect UI), and the annual appendix. `dvm serve` serves them from this process;
`prefect.yaml` describes the same for a work pool with workers."""

from __future__ import annotations

from datetime import date
from typing import cast

from prefect import flow
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from core.settings import Settings
from flows.nightly import nightly
from flows.parameters import Configuratie, Jaar, Mailen, Werkmap
from flows.prognose import prognose
from flows.report import report
from flows.start import run_settings
from flows.tasks import answers_user_errors

NIGHTLY, REPORT, ANNUAL, PROGNOSIS = "nightly", "rapport", "jaarbijlage", "prognose"


@flow(name="annual-appendix")
@answers_user_errors
def annual_appendix(
    year: Jaar = None, mail: Mailen = True, config: Configuratie = None, home: Werkmap = None
) -> list[str]:
    """The appendix for the jaarstukken: last year's report (or `year`'s) for every gemeente, mailed to
    the configured recipients. Only a deployment starts it: its settings are built here, once."""
    chosen = year if year is not None else date.today().year - 1
    return report(str(chosen), mail=mail, settings=run_settings(None, config, home))


def deployments(settings: Settings, config: str | None = None) -> list[RunnerDeployment]:
    """What `dvm serve` serves; every run reads the same configuration and home."""
    where = {"config": config, "home": str(settings.home)}
    tz = settings.timezone
    made = [
        nightly.to_deployment(
            NIGHTLY,
            schedules=[Cron(settings.schedule.nightly_cron, timezone=tz)],
            parameters=where,
            description="Elke nacht: exports uit de inbox laden en de kwartaalrapporten verversen.",
            concurrency_limit=1,
            tags=["dienstverleningsmonitor"],
        ),
        report.to_deployment(
            REPORT,
            parameters=where,
            description="Rapport op verzoek: periode (2026-07, 2026-Q3, 2026 of 2023-01-01..2024-12-31), "
            "gemeente(n), en of het per e-mail verstuurd wordt.",
            tags=["dienstverleningsmonitor"],
        ),
        annual_appendix.to_deployment(
            ANNUAL,
            schedules=[Cron(settings.schedule.annual_cron, timezone=tz)],
            parameters=where,
            description="De jaarbijlage voor de jaarstukken (het vorige jaar), per e-mail naar de controller.",
            tags=["dienstverleningsmonitor"],
        ),
        prognose.to_deployment(
            PROGNOSIS,
            schedules=[Cron(settings.schedule.prognosis_cron, timezone=tz)],
            parameters=where,
            description="Elke maandag, of op verzoek: de drukte van de komende weken per gemeente (gesprekken per "
            "uur, afspraken per werkdag, digitale contacten per week) en het te roosteren aantal "
            "medewerkers voor de telefoon.",
            tags=["dienstverleningsmonitor"],
        ),
    ]
    # Without a running event loop to_deployment is the synchronous variant; Prefect's async_dispatch
    # types its result as "a deployment or a coroutine".
    return cast("list[RunnerDeployment]", made)
