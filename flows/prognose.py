"""Prognose: store history -> forecast per channel with its backtest -> staffing -> prognose.csv and
prognose.xlsx per gemeente (DOMAIN.md, "Predicting pressure")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
from prefect import flow

from core.catalogue import default_target
from core.settings import PassedSettings, Settings
from core.wording import dutch_list
from flows.alerts import alert_operators
from flows.parameters import Configuratie, Gemeenten, Weken, Werkmap
from flows.report import gemeente_folder, print_pdf
from flows.start import run_settings
from flows.stores import chosen_gemeenten, no_version_yet, open_store, read_table
from flows.tasks import answers_user_errors, io_task, progress, run_log
from reports.excel import write_workbook
from reports.phrases import dutch_number
from reports.prognose_report import prognosis_workbook, write_prognosis_csv
from transforms.coverage import appointment_coverage, call_coverage, capped_coverage, case_coverage
from transforms.prognosis import (
    Opening,
    Prognosis,
    Staffing,
    desk_history,
    digital_history,
    gemeente_prognosis,
)
from transforms.telephony import handle_time_s, offered_per_hour


@dataclass(frozen=True)
class History:
    version: int
    hourly: pl.DataFrame  # gemeente, moment, aantal: first-line calls offered per local hour
    daily: pl.DataFrame  # desk appointments per day
    weekly: pl.DataFrame  # e-mail + webformulier cases per week
    coverage: pl.DataFrame  # per gemeente and source: the days the data covers
    aht: pl.DataFrame  # gemeente, aht_s, beantwoord: the last `aht_weeks` weeks of answered calls


@io_task(2, 10)
def read_history(settings: Settings) -> History:
    store = open_store(settings)
    version = store.version()
    if version is None:
        from core.errors import NothingProduced

        raise NothingProduced(no_version_yet(settings, ": geen prognose"))
    ctx = settings.figure_context()
    calls, cases, appointments = (read_table(store, t, version, ctx) for t in ("calls", "cases", "appointments"))
    coverage = capped_coverage(
        pl.concat(
            [call_coverage(calls, settings.timezone), case_coverage(cases), appointment_coverage(appointments)]
        ).collect()
    )
    aht = []
    for row in coverage.filter(pl.col("bron") == "calls").iter_rows(named=True):
        first = row["tot"] - timedelta(weeks=settings.prognosis.aht_weeks) + timedelta(days=1)
        aht.append(
            handle_time_s(
                calls.filter(pl.col("gemeente") == row["gemeente"]), settings.timezone, first, row["tot"]
            ).collect()
        )
    return History(
        version=version,
        hourly=offered_per_hour(calls, settings.timezone, settings.telephony.short_abandon_s).collect(),
        daily=desk_history(appointments, coverage).collect(),
        weekly=digital_history(cases, coverage).collect(),
        coverage=coverage,
        aht=pl.concat(aht)
        if aht
        else pl.DataFrame(schema={"gemeente": pl.String, "aht_s": pl.Float64, "beantwoord": pl.Int64}),
    )


@io_task(2, 10)
def write_prognosis(prognosis: Prognosis, folder: Path, created: datetime, pdf: bool) -> list[Path]:
    book = write_workbook(prognosis_workbook(prognosis), folder / "prognose.xlsx", created)
    return [write_prognosis_csv(prognosis.rows, folder / "prognose.csv"), book, *print_pdf(book, pdf)]


def prognosis_of(gemeente: str, history: History, weeks: int, settings: Settings) -> Prognosis:
    def mine(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col("gemeente") == gemeente).drop("gemeente")

    aht = mine(history.aht)
    norm = settings.norms.get("tel_servicelevel_pct")
    staffing = Staffing(
        settings.telephony.answer_norm_s,
        (norm.target if norm else default_target("tel_servicelevel_pct")) / 100,
        settings.prognosis.max_occupancy,
        settings.prognosis.shrinkage,
    )
    return gemeente_prognosis(
        gemeente,
        {"telefoon": mine(history.hourly), "balie": mine(history.daily), "digitaal": mine(history.weekly)},
        weeks,
        settings.cases.closing_days,
        aht["aht_s"][0] if aht.height else None,
        int(aht["beantwoord"][0]) if aht.height else 0,
        staffing,
        min_weeks=settings.prognosis.min_weeks,
        folds=settings.prognosis.backtest_weeks,
        opening=opening(settings),
        tz=settings.timezone,
        until=channel_until(history.coverage, gemeente),
    )


def opening(settings: Settings) -> dict[str, Opening]:
    """The phone's open hours of the week and the desk's open weekdays (`[opening_hours]`)."""
    hours = settings.opening_hours
    return {
        "telefoon": Opening(frozenset(hours.phone.open_hours()), frozenset(hours.phone.closed_dates())),
        "balie": Opening(frozenset(hours.desk.open_weekdays()), frozenset(hours.desk.closed_dates())),
    }


SOURCE_OF = {"telefoon": "calls", "balie": "appointments", "digitaal": "cases"}  # the store table each counts


def channel_until(coverage: pl.DataFrame, gemeente: str) -> dict[str, date]:
    """Per channel the last day its source covers for `gemeente`: its forecast starts the day after."""
    last = dict(coverage.filter(pl.col("gemeente") == gemeente).select("bron", "tot").iter_rows())
    return {kanaal: last[table] for kanaal, table in SOURCE_OF.items() if last.get(table) is not None}


def account(prognosis: Prognosis) -> str:
    """One line per gemeente for the log: per channel the backtest's MAE and MASE against the
    seasonal-naive forecast, or why there is no forecast."""
    parts = []
    for kanaal, channel in prognosis.channels.items():
        if channel.forecast.frame is None:
            parts.append(f"{kanaal}: geen prognose ({channel.forecast.reason})")
            continue
        total = channel.backtest.filter(pl.col("oorsprong").is_null()) if channel.backtest is not None else None
        if total is None or total.is_empty() or total["mae_model"][0] is None:
            parts.append(f"{kanaal}: voorspeld, te weinig historie voor een terugtoets")
            continue
        row = total.row(0, named=True)
        n = dutch_number
        mase = "" if row["mase_model"] is None else f", MASE {n(row['mase_model'], 2)} tegen {n(row['mase_naief'], 2)}"
        parts.append(f"{kanaal}: MAE {n(row['mae_model'], 1)} tegen {n(row['mae_naief'], 1)} naïef{mase}")
    return f"prognose {prognosis.gemeente}: " + "; ".join(parts + prognosis.notes())


@flow(name="prognose", on_failure=[alert_operators])
@answers_user_errors
def prognose(
    gemeente: Gemeenten = None,
    weken: Weken = None,
    config: Configuratie = None,
    home: Werkmap = None,
    settings: PassedSettings = None,
) -> dict[str, list[str]]:
    """Forecast calls per hour, desk appointments per working day and digital contacts per week for
    the coming weeks, with their accuracy and the agents to roster; per gemeente (default: all).
    Returns the files written (`bestanden`) and per gemeente the line on accuracy (`verslag`)."""
    settings = run_settings(settings, config, home)
    weeks = weken or settings.prognosis.weeks
    progress("historie lezen")
    history = read_history(settings)
    with_data = sorted(set(history.coverage["gemeente"].drop_nulls()) & set(settings.gemeenten))
    if not with_data:
        from core.errors import NothingProduced

        raise NothingProduced(
            f"niets te voorspellen: de opslag in {settings.store_path} heeft geen gesprekken, afspraken of zaken "
            f"van een ingestelde gemeente ({dutch_list(settings.gemeenten)}); niets geschreven"
        )
    gemeenten = chosen_gemeenten(gemeente, with_data, settings.gemeenten)
    written: list[Path] = []
    lines: list[str] = []
    for number, g in enumerate(gemeenten, 1):
        progress(f"prognose: {g} ({number}/{len(gemeenten)})")
        prognosis = prognosis_of(g, history, weeks, settings)
        lines.append(account(prognosis))
        run_log().info(lines[-1])
        written += write_prognosis(
            prognosis, settings.reports_path / gemeente_folder(g) / "prognose", datetime.now(UTC), settings.report.pdf
        )
    run_log().info("prognose geschreven voor %s", dutch_list(gemeenten))
    return {"bestanden": [str(p) for p in written], "verslag": lines}
