"""Distribution of finished reports: by mail to the recipients, and a copy to the share.
(Not named `delivery`: Prefect puts flows/ on the path when it loads a flow by file.)"""

from __future__ import annotations

from pathlib import Path

from core.errors import UserError
from core.paths import safe_component
from core.settings import Settings
from core.wording import count
from delivery.share import copy_to_folder
from delivery.smtp import build_message, send
from flows.tasks import io_task, run_log
from reports.inputs import ReportInputs
from reports.mail_message import report_message


@io_task(10, 30, 60)
def deliver(paths: list[str], inputs: ReportInputs, settings: Settings) -> None:
    """Mail the report to the configured recipients; copy it to `delivery.copy_to` when set."""
    config = settings.delivery
    gemeente, period_label = inputs.gemeente, inputs.period.label
    # a gemeente with its own recipients gets its report there, and nowhere else
    if not (recipients := config.recipients_of(gemeente)):
        raise UserError("versturen per e-mail gevraagd, maar er zijn geen ontvangers ingesteld ([delivery] recipients)")
    files = [Path(p) for p in paths]
    subject, body = report_message(inputs, [f.name for f in files])
    send(build_message(config.sender, recipients, subject, body, files), config)
    run_log().info(
        "rapport %s %s gemaild aan %s: %s",
        gemeente,
        period_label,
        count(len(recipients), "ontvanger", "ontvangers"),
        subject,
    )
    if config.copy_to is not None:
        copied = copy_to_folder(files, config.copy_to, f"{safe_component(gemeente)}/{inputs.period.folder_name}")
        run_log().info("rapport gekopieerd naar %s", copied[0].parent)
