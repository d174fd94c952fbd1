"""Dashboard: store snapshot -> check -> the report's figures -> a static site per gemeente.

The figures come from the report's own code path (`read_snapshot`, `checked_figures`, `report_inputs`),
for the dashboard's periods (`reports.dashboard.content.dashboard_periods`): one snapshot read and one
`checked_figures` call for every gemeente, so the numbers equal kpis.csv of `dvm report`. The internal
site goes to `<home>/dashboard/`, the public one (`openbaar`) to `<home>/dashboard-openbaar/`: two
folders, so the public one can be copied to the website as it is and neither overwrites the other."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from prefect import flow
from prefect.runtime import flow_run

from core.errors import NothingProduced
from core.registry import SOURCES as REGISTRY
from core.settings import RunSettings, Settings
from core.wording import dutch_list
from flows.alerts import alert_operators
from flows.freshness import prognosis_csv, stamp_dashboard
from flows.report import checked_figures, read_snapshot, report_inputs, warm_up_checks
from flows.stores import chosen_gemeenten, open_store, views
from flows.tasks import io_task, progress, run_log
from flows.wiring import wired
from reports.dashboard.content import DashboardInputs, dashboard_periods, gemeente_site
from reports.dashboard.site import write_site
from transforms.coverage import capped_coverage
from transforms.prognosis import PROGNOSIS_SCHEMA


def dashboard_folder(settings: Settings, public: bool) -> Path:
    return settings.home / ("dashboard-openbaar" if public else "dashboard")


@io_task(2, 10)
def read_coverage(settings: Settings) -> tuple[int, pl.DataFrame]:
    """The store version and, per gemeente and source, the days the data covers (the report's coverage)."""
    store = open_store(settings)
    version = store.version()
    if version is None:
        raise NothingProduced(f"de opslag in {settings.store_path} is leeg; laad eerst exports met 'dvm ingest'")
    whole = views(store, version, settings.figure_context(), overview=True)
    frames = [wired(s).read.coverage(whole[s.table], settings.timezone) for s in REGISTRY]
    return version, capped_coverage(pl.concat(frames).collect())


@io_task(2, 10)
def read_prognosis(settings: Settings, gemeente: str) -> pl.DataFrame | None:
    """The latest prognose.csv of the prognose flow for this gemeente, or None when there is none yet."""
    path = prognosis_csv(settings, gemeente)
    return pl.read_csv(path, schema=PROGNOSIS_SCHEMA) if path.is_file() else None


@flow(name="dashboard", on_failure=[alert_operators])
def dashboard(settings: RunSettings, gemeente: list[str] | None = None, openbaar: bool = False) -> list[str]:
    """(Re)build the dashboard of these gemeenten (default: every configured gemeente with data), with the
    run's settings (built once where the run started: the command line, the nightly, `dvm report`)."""
    warm_up_checks(settings, None)
    version, coverage = read_coverage(settings)
    with_data = [g for g in settings.gemeenten if g in set(coverage["gemeente"])]
    names = [g for g in chosen_gemeenten(gemeente, settings.gemeenten) if g in with_data] if gemeente else with_data
    if not names:
        raise NothingProduced(
            f"niets gemaakt: de opslag heeft geen gegevens voor {dutch_list(gemeente or settings.gemeenten)}"
        )
    last: date = coverage.filter(pl.col("gemeente").is_in(names))["tot"].max()  # type: ignore[assignment]
    periods = dashboard_periods(last)
    progress("opslag lezen")
    snap = read_snapshot(settings, periods.buckets(), version)
    progress("controleren en berekenen")
    kpis, extra, checks = checked_figures(snap, periods.buckets(), names, settings)
    now = datetime.now(UTC)
    made = now.astimezone(ZoneInfo(settings.timezone))
    sites = []
    for g in names:
        report = report_inputs(
            g, periods.year, kpis, extra, checks, snap, periods.buckets(), settings, str(flow_run.id or "lokaal"), now
        )
        own_last = coverage.filter(pl.col("gemeente") == g)["tot"].max()
        inputs = DashboardInputs(report, periods, openbaar, read_prognosis(settings, g), made, own_last)  # type: ignore[arg-type]
        sites.append(gemeente_site(inputs, snap.version))
    footer = f"Gemaakt op {made:%d-%m-%Y %H:%M}; opslagversie {snap.version}."
    written = write_site(dashboard_folder(settings, openbaar), sites, openbaar, footer)
    if not openbaar and gemeente is None:  # the whole internal site: the nightly spares it while fresh
        stamp_dashboard(settings, snap.version, written)
    run_log().info("dashboard geschreven: %s", written[0])
    return [str(p) for p in written]
