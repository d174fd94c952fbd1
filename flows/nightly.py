"""Nightly: inbox -> check -> merge -> refresh the current quarter's report per gemeente."""

from __future__ import annotations

from datetime import date

from prefect import flow

from dvm.periods import quarter_of
from dvm.settings import load_settings
from flows.alerts import alert_operators
from flows.ingest import ingest
from flows.report import report
from flows.stores import open_store
from flows.tasks import run_log


@flow(name="nightly", on_failure=[alert_operators], on_crashed=[alert_operators])
def nightly(config: str | None = None, home: str | None = None, today: date | None = None) -> dict:
    """Load what arrived in the inbox, then rewrite the current quarter's reports."""
    settings = load_settings(config, home)
    loaded = ingest([str(settings.inbox)], config=config, home=str(settings.home), move_files=True)
    quarter = quarter_of(today or date.today()).label
    version = open_store(settings).version()
    if version is None:
        run_log().warning("de opslag is nog leeg: geen rapporten gemaakt")
        reports: list[str] = []
    else:
        reports = report(quarter, config=config, home=str(settings.home))
    return {"opslagversie": version, "gewijzigd": loaded.store_version is not None, "geladen": loaded.loaded,
            "afgewezen": loaded.rejected, "kwartaal": quarter, "rapporten": reports}
