"""What the operators hear: an alert when a run fails (the reason in one line and a link to the
run), and the nightly run's account of what it loaded and what it did not."""

from __future__ import annotations

import logging

from prefect.context import FlowRunContext
from prefect.settings import PREFECT_UI_URL

from core.errors import UserError
from core.settings import Settings
from core.wording import count
from delivery.smtp import build_message, send
from flows.start import run_settings
from flows.tasks import io_task, run_log


def run_link(flow_run_id) -> str:
    """The run's page in the Prefect UI (or its id when no UI is known)."""
    ui = PREFECT_UI_URL.value()
    return f"{ui.rstrip('/')}/runs/flow-run/{flow_run_id}" if ui else f"flow-run {flow_run_id}"


@io_task(10, 30, 60)
def mail_operators(subject: str, body: str, settings: Settings) -> None:
    """Mail `[delivery] operators`; without operators, say so in the log and carry on."""
    operators = settings.delivery.operators
    if not operators:
        run_log().warning("geen beheerders ingesteld ([delivery] operators): niet gemaild: %s", subject)
        return
    send(build_message(settings.delivery.sender, operators, subject, body), settings.delivery)
    run_log().info("gemaild aan %s: %s", count(len(operators), "beheerder", "beheerders"), subject)


def answered_to_the_user(flow_run, state) -> bool:
    """A user error (a typo in a period, a gemeente, a version) is answered to whoever asked, on
    the command line or in the run's state; it is no alert. A scheduled run has nobody asking:
    its operators hear every failure."""
    if getattr(flow_run, "auto_scheduled", False):
        return False
    exc = state.result(raise_on_failure=False) if state.is_failed() else None
    return isinstance(exc, UserError) and not exc.alerts_operators


def settings_of(flow_run) -> Settings:
    """The Settings object the run was given (the command line, a parent flow); else built from
    the run's `config` and `home` as its start built them (a deployment run, only when it failed)."""
    context = FlowRunContext.get()
    given = (context.parameters or {}).get("settings") if context else None
    params = flow_run.parameters or {}
    return run_settings(given if isinstance(given, Settings) else None, params.get("config"), params.get("home"))


def alert_operators(flow, flow_run, state) -> None:
    """Prefect state hook (on_failure / on_crashed). Never raises: an alert that cannot be sent
    is logged, the run's own failure stays the story."""
    log = logging.getLogger("dvm.alerts")
    if getattr(flow_run, "parent_task_run_id", None):  # a subflow: its parent run fails and alerts
        return
    try:
        if answered_to_the_user(flow_run, state):
            run_log().info("fout in de invoer, aan de gebruiker gemeld; geen waarschuwing aan de beheerders")
            return
        settings = settings_of(flow_run)
        reason = " ".join(str(state.message or state.name).split())
        subject = f"Dienstverleningsmonitor: {flow.name} mislukt ({flow_run.name})"
        body = (
            f"De run '{flow_run.name}' van {flow.name} is mislukt.\n\nReden: {reason}\n\nRun: {run_link(flow_run.id)}\n"
        )
        mail_operators.fn(subject, body, settings)  # once: no retries hold up the run's end
    except Exception as exc:
        log.error("waarschuwing over run %s niet verstuurd: %s", flow_run.name, exc)
