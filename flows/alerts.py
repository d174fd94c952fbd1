"""Failures are loud: when a run fails, the configured operators get a mail with the reason
in one line and a link to the run."""

from __future__ import annotations

import logging

from delivery.smtp import build_message, send
from dvm.settings import load_settings
from prefect.settings import PREFECT_UI_URL


def alert_operators(flow, flow_run, state) -> None:
    """Prefect state hook (on_failure / on_crashed). Never raises: an alert that cannot be sent
    is logged, the run's own failure stays the story."""
    log = logging.getLogger("dvm.alerts")
    if getattr(flow_run, "parent_task_run_id", None):  # a subflow: its parent run fails and alerts
        return
    try:
        params = flow_run.parameters or {}
        settings = load_settings(params.get("config"), params.get("home"))
        operators = settings.delivery.operators
        if not operators:
            log.warning("run %s mislukt; geen beheerders ingesteld voor een waarschuwing", flow_run.name)
            return
        reason = " ".join(str(state.message or state.name).split())
        ui = PREFECT_UI_URL.value()
        link = f"{ui.rstrip('/')}/runs/flow-run/{flow_run.id}" if ui else f"flow-run {flow_run.id}"
        subject = f"Dienstverleningsmonitor: {flow.name} mislukt ({flow_run.name})"
        body = (f"De run '{flow_run.name}' van {flow.name} is mislukt.\n\nReden: {reason}\n\nRun: {link}\n\n"
                "Wat goed was, is geladen; afgekeurde bestanden en rijen staan in de quarantaine.\n")
        send(build_message(settings.delivery.sender, operators, subject, body), settings.delivery)
        log.warning("waarschuwing over run %s gemaild aan %d beheerder(s)", flow_run.name, len(operators))
    except Exception as exc:  # noqa: BLE001 - a hook must not hide the run's failure
        log.error("waarschuwing over run %s niet verstuurd: %s", flow_run.name, exc)
