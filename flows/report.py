"""Report: store snapshot -> check -> KPIs -> check -> workbook + kpis.csv per gemeente."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

import polars as pl
from prefect import flow
from prefect.artifacts import create_link_artifact, create_table_artifact
from prefect.runtime import flow_run

from core import __version__
from core.catalogue import BY_CODE, KPIS
from core.errors import NothingProduced
from core.paths import safe_component
from core.periods import Period, detail_quarters, parse_period, summary_columns
from core.registry import SET_ASIDE_SCHEMA, Source
from core.registry import SOURCES as REGISTRY
from core.settings import PassedSettings, Settings
from core.wording import dutch_list
from delivery.pdf import INSTALL_HINT, PdfError, libreoffice, to_pdf
from flows.alerts import alert_operators
from flows.distribute import deliver
from flows.freshness import made_from, workbook_stamp, write_report_index, write_stamp
from flows.parameters import Configuratie, Gemeenten, Mailen, Opslagversie, Periode, Werkmap
from flows.start import run_settings
from flows.store_checks import checked_store, is_checked
from flows.stores import chosen_gemeenten, no_version_yet, open_store, read_summary, unknown_in_store, views
from flows.tasks import answers_user_errors, io_task, progress, run_log
from flows.wiring import SHEETS, report_check_imports, wired
from reports.appendix import build_appendix
from reports.excel import write_workbook
from reports.inputs import ReportInputs
from reports.kpis_csv import write_kpis_csv
from reports.summary import headline_rows
from transforms.coverage import (
    capped_coverage,
    covered_figures,
    data_spans,
    partial_figures,
    period_coverage,
    realised_appointments,
)
from transforms.figures import Bucket, channel_figures
from transforms.provenance import contributing_files, quarantine_summary, rejected_files
from transforms.verdicts import verdicts

if TYPE_CHECKING:
    from expectations.gx_runner import ValidationReport


@dataclass(frozen=True)
class Snapshot:
    version: int
    # per store table its records in the buckets, as the registry's window says (the calls' day totals
    # on the buckets' days; every case: "open at the period's end" needs the whole history)
    records: dict[str, pl.DataFrame]
    gemeenten: dict[str, list[str]]  # table -> configured gemeenten with rows in it (any period)
    coverage: pl.DataFrame  # per gemeente and table: first and last day with records (COVERAGE_SCHEMA)
    unknown: pl.DataFrame  # what the configuration does not know yet (UNKNOWN_SCHEMA), whole store
    unknown_of: dict[str, pl.DataFrame]  # the same per configured gemeente: its records and those of none
    ledger: pl.DataFrame
    quarantine: pl.DataFrame
    set_aside: pl.DataFrame | None = None  # records a source's `prepared` leaves out, per gemeente and reason


def report_buckets(period: Period) -> list[Bucket]:
    """The period, its months and quarters, the periods the summary compares it with, and the same
    months a year earlier, earliest first."""
    earlier = period.year_earlier()
    shown = [
        period,
        *period.months(),
        *detail_quarters(period),
        *(c.period for c in summary_columns(period)),
        *([earlier, *earlier.months()] if earlier else []),
    ]
    buckets = sorted({(p.label, p.start, p.end) for p in shown}, key=lambda b: (b[1], -b[2].toordinal()))
    if len({b[0] for b in buckets}) != len(buckets):
        raise AssertionError(f"één label voor twee periodes: {buckets}")
    return buckets


@io_task(2, 10)
def read_snapshot(settings: Settings, buckets: list[Bucket], as_of: int | None) -> Snapshot:
    store = open_store(settings)
    version = store.version() if as_of is None else as_of
    if version is None:
        raise NothingProduced(no_version_yet(settings))
    ctx = settings.figure_context()
    first, last = min(b[1] for b in buckets), max(b[2] for b in buckets)
    lo, hi = (
        datetime.combine(first - timedelta(days=1), time(), UTC),
        datetime.combine(last + timedelta(days=2), time(), UTC),
    )
    # a source with a summary (the calls' day totals) is read as its summary: the report's cost then
    # follows the days and queues, not the number of calls nor the years in the store
    tables = views(store, version, ctx)
    # over the whole store: a summary's overview, else the same records (opened once for both)
    whole = tables | {s.table: read_summary(store, s, version, ctx, overview=True) for s in REGISTRY if s.summary}

    def window(source: Source) -> pl.DataFrame:
        # of the configured gemeenten only: a call on a queue the configuration does not map yet is in no
        # gemeente's figures (it is listed in `unknown`)
        frame, column = tables[source.table].filter(pl.col("gemeente").is_in(settings.gemeenten)), source.window_column
        if source.summary is not None:
            frame = frame.filter(pl.col("datum").is_between(first, last))
        elif source.window == "utc_time":
            assert column is not None  # a windowed source names its column (tests/test_registry.py)
            frame = frame.filter(pl.col(column).is_between(lo, hi, closed="left"))
        elif source.window == "date":
            assert column is not None
            frame = frame.filter(pl.col(column).is_between(first, last))
        return frame.collect()

    return Snapshot(
        version=version,
        records={s.table: window(s) for s in REGISTRY},
        gemeenten={
            t: sorted(
                set(frame.select(pl.col("gemeente").unique()).collect()["gemeente"].drop_nulls())
                & set(settings.gemeenten)
            )
            for t, frame in whole.items()
        },
        coverage=capped_coverage(
            pl.concat([wired(s).read.coverage(whole[s.table], settings.timezone) for s in REGISTRY]).collect()
        ),
        unknown=unknown_in_store(whole, ctx),
        unknown_of={g: unknown_in_store(whole, ctx, g) for g in settings.gemeenten},
        ledger=store.ledger(version),
        quarantine=store.read("quarantine", version).collect(),
        set_aside=pl.concat(
            [pl.DataFrame(schema=SET_ASIDE_SCHEMA)]
            + [aside(store.read(s.table, version), ctx) for s in REGISTRY if (aside := wired(s).set_aside)]
        ),
    )


def gemeente_folder(gemeente: str) -> str:
    """The folder of a gemeente's reports: one safe name, whatever the gemeente is called."""
    return safe_component(gemeente)


def print_pdf(book: Path, wanted: bool) -> list[Path]:
    """The workbook printed to PDF beside it, when wanted and LibreOffice is there; otherwise one
    log line and no PDF (the workbook stands; the PDF is a convenience)."""
    if not wanted:
        return []
    if libreoffice() is None:
        run_log().warning("geen PDF naast %s: LibreOffice ontbreekt; %s", book.name, INSTALL_HINT)
        return []
    try:
        pdf = to_pdf(book)
    except PdfError as exc:
        run_log().warning("geen PDF: %s", exc)
        return []
    return [pdf] if pdf is not None else []  # None: LibreOffice went away since the check above


@io_task(2, 10)
def write_report(inputs: ReportInputs, folder: Path, pdf: bool) -> list[Path]:
    """The workbook, kpis.csv and (with LibreOffice, when `pdf`) the workbook printed to PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"dienstverleningsmonitor_{gemeente_folder(inputs.gemeente)}_{inputs.period.folder_name}".replace(" ", "_")
    book = write_workbook(build_appendix(inputs, SHEETS), folder / f"{stem}.xlsx", inputs.run_time)
    return [book, write_kpis_csv(inputs.kpis, folder / "kpis.csv"), *print_pdf(book, pdf)]


KINDS = {k.code: k.kind for k in BY_CODE.values()}
CHANNEL_SOURCES = sorted({t for k in KPIS if k.domain == "Kanalen" for t in k.sources})  # store tables it counts


def report_inputs(
    gemeente: str,
    period: Period,
    kpis: pl.DataFrame,
    extra: dict[str, pl.DataFrame],
    checks: list[ValidationReport],
    snap: Snapshot,
    buckets: list[Bucket],
    settings: Settings,
    run_id: str,
    run_time: datetime,
) -> ReportInputs:
    """Everything one gemeente's workbook shows, from the snapshot and the checked figures."""
    files = pl.concat(
        [
            *(contributing_files(frame, snap.ledger, gemeente) for frame in snap.records.values()),
            rejected_files(snap.ledger, period.start, period.end),
        ]
    )
    tel = settings.telephony
    coverage = snap.coverage.filter(pl.col("gemeente") == gemeente)
    return ReportInputs(
        gemeente=gemeente,
        period=period,
        kpis=kpis.filter(pl.col("gemeente") == gemeente),
        periods=period_coverage(coverage, buckets),
        texts=settings.texts(),
        extra={name: frame.filter(pl.col("gemeente") == gemeente) for name, frame in extra.items()},
        unknown=snap.unknown_of[gemeente],
        checks=pl.concat([c.to_frame() for c in checks]),
        quarantine=quarantine_summary(snap.quarantine, files, gemeente, settings.figure_context().queues),
        set_aside=None if snap.set_aside is None else snap.set_aside.filter(pl.col("gemeente") == gemeente),
        files=files,
        norm_directions={k: n.direction for k, n in settings.norms.items()},
        coverage=coverage,
        parameters=f"T = {tel.answer_norm_s} s (antwoordnorm), S = {tel.short_abandon_s} s (korte verlating)",
        provenance={
            "Gemeente": gemeente,
            "Periode": period.label,
            "Run-id": run_id,
            "Tijdstip (UTC)": f"{run_time:%d-%m-%Y %H:%M:%S}",
            "Opslagversie": str(snap.version),
            "Softwareversie": f"dienstverleningsmonitor {__version__}",
        },
        run_time=run_time,
        timezone=settings.timezone,
        store_version=snap.version,
        min_records=settings.report.min_records,
        ambitions=gemeente in settings.report.ambitions_for,
        case_switch=dict(settings.figure_context().case_switch).get(gemeente),
        product_names=dict(
            snap.records["appointments"]
            .filter(pl.col("gemeente") == gemeente)
            .sort("export_stempel")
            .select("product_code", "product")
            .drop_nulls()
            .unique("product_code", keep="last")
            .iter_rows()
        )
        if "appointments" in snap.records
        else {},
    )


def warm_up_checks(settings: Settings, as_of: int | None) -> None:
    """Great Expectations and the report's suites imported in the background while the store is read,
    when the store version is not checked yet (a checked one needs neither: flows/store_checks.py)."""
    if is_checked(settings, as_of):
        return
    from expectations.gx_runner import warm_up

    warm_up(*report_check_imports())


check_store = io_task(2, 10)(checked_store)  # the store's checks: kept, or run once and kept


def checked_figures(
    snap: Snapshot,
    buckets: list[Bucket],
    gemeenten: list[str],
    settings: Settings,
    store_checks: list[ValidationReport] | None = None,
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], list[ValidationReport]]:
    """check -> transform -> check: the KPI frame (every bucket, with each figure's verdict), what the
    sources' sheets need besides (`Figures.extra`), and every check's results. Raises DataQualityError
    on a failed critical check. `store_checks`: the results of the checks on the store's tables at
    the snapshot's version (default: kept or run now, `checked_store`)."""
    from expectations.gx_runner import require  # no GX: the KPI checks are in polars
    from expectations.kpis import check_kpis, reconcile_channels

    if store_checks is None:
        store_checks = checked_store(settings, snap.version)
    checks = [require(report) for report in store_checks]
    ctx = settings.figure_context()
    figures = {
        s.table: wired(s).read.figures(
            snap.records[s.table].lazy(),
            buckets,
            [g for g in gemeenten if g in snap.gemeenten[s.table]],
            ctx,
            snap.coverage,
        )
        for s in REGISTRY
    }
    # the channel picture needs every source it counts: without one, the total and the digital share would be wrong
    complete = [g for g in gemeenten if all(g in snap.gemeenten[t] for t in CHANNEL_SOURCES)]
    realised = realised_appointments(snap.records["appointments"].lazy(), snap.coverage)
    channels = channel_figures(
        figures["calls"].kpis, realised, snap.records["cases"].lazy(), buckets, complete, ctx.norms
    )
    kpis = covered_figures(pl.concat([*(f.kpis for f in figures.values()), channels]), snap.coverage, buckets)
    checks += [
        require(check_kpis(kpis)),
        *[require(reconcile(kpis)) for s in REGISTRY if (reconcile := wired(s).reconcile)],  # e.g. telephony's
        require(reconcile_channels(kpis)),
    ]
    judged = verdicts(
        partial_figures(kpis, period_coverage(snap.coverage, buckets)), KINDS, settings.report.min_records
    )
    return judged, {name: frame for f in figures.values() for name, frame in f.extra.items()}, checks


def within_the_data(gemeenten: list[str], period: Period, coverage: pl.DataFrame, asked: bool) -> list[str]:
    """The gemeenten whose data reaches into `period`. A period wholly after a gemeente's last day with
    data (or before its first) gets no report, also when the periods it is compared with have figures:
    an empty workbook is no report. One line names what was left out; when the gemeenten were `asked`
    for by name and none is left, that line is the NothingProduced answer to whoever asked (a nightly
    run on the first day of a quarter just makes no report for it)."""
    spans = data_spans(coverage)
    outside = {
        g: spans[g] for g in gemeenten if g in spans and (spans[g][1] < period.start or spans[g][0] > period.end)
    }
    if not outside:
        return gemeenten
    why = "; ".join(
        f"{g} heeft gegevens van {first:%d-%m-%Y} tot en met {last:%d-%m-%Y}" for g, (first, last) in outside.items()
    )
    if asked and len(outside) == len(gemeenten):
        raise NothingProduced(f"niets gemaakt: geen gegevens in {period.label} ({why}); geen rapport")
    run_log().warning("geen rapport over %s voor %s: %s", period.label, dutch_list(list(outside)), why)
    return [g for g in gemeenten if g not in outside]


def workbook_link(book: Path, reports: Path, link_base: str | None) -> str:
    """The link a user opens: `[delivery] link_base` (a URL, or a share path as a file:// URL) with the
    workbook's place under the reports folder; without it the file on this machine."""
    if not link_base:
        return book.resolve().as_uri()
    parts = book.resolve().relative_to(reports.resolve()).parts
    if "://" in link_base:
        return link_base.rstrip("/") + "/" + "/".join(quote(p) for p in parts)
    if link_base.startswith(("\\\\", "//")):  # \\server\share\... : file://server/share/...
        return "file:" + quote(PureWindowsPath(link_base, *parts).as_posix().replace("\\", "/"))
    return Path(link_base, *parts).as_uri()  # a share mounted at the same path on the users' machines


def publish(inputs: ReportInputs, paths: list[Path], settings: Settings) -> None:
    """The headline figures as a table artifact and the workbook as a link artifact, so the
    programme manager sees them in the Prefect UI (keyed per gemeente and period: a history)."""
    gemeente, period = inputs.gemeente, inputs.period
    key = re.sub(r"[^a-z0-9]+", "-", f"dvm-{gemeente}-{period.label}".lower()).strip("-")
    create_table_artifact(headline_rows(inputs), key=key, description=f"Kerncijfers {gemeente}, {period.label}")
    book = next(p for p in paths if p.suffix == ".xlsx")
    create_link_artifact(
        workbook_link(book, settings.reports_path, settings.delivery.link_base),
        link_text=book.name,
        key=f"{key}-werkmap",
        description=f"Werkmap {gemeente}, {period.label}",
    )


@flow(name="report", on_failure=[alert_operators])
@answers_user_errors
def report(
    period: Periode,
    gemeente: Gemeenten = None,
    mail: Mailen = False,
    as_of: Opslagversie = None,
    config: Configuratie = None,
    home: Werkmap = None,
    settings: PassedSettings = None,
) -> list[str]:
    """Write the workbook and kpis.csv for a period, per gemeente (default: every configured gemeente
    with figures in the period or the periods it is compared with; one asked for by name always)."""
    settings, chosen_period = run_settings(settings, config, home), parse_period(period)
    warm_up_checks(settings, as_of)
    buckets = report_buckets(chosen_period)
    progress("opslag lezen")
    snap = read_snapshot(settings, buckets, as_of)
    store_checks = check_store(settings, snap.version)
    gemeenten = (
        chosen_gemeenten(gemeente, settings.gemeenten)
        if gemeente
        else [g for g in settings.gemeenten if any(g in found for found in snap.gemeenten.values())]
    )
    # before any figure: a period wholly outside a gemeente's data is no report (the coverage says so)
    if not (gemeenten := within_the_data(gemeenten, chosen_period, snap.coverage, asked=bool(gemeente))):
        if not gemeente:  # the period over every gemeente has nothing to show at this version: known till it changes
            write_report_index(settings, chosen_period, made_from(settings, snap.version), [])
        run_log().info("rapporten geschreven: geen")
        return []
    progress("controleren en berekenen")
    kpis, extra, checks = checked_figures(snap, buckets, gemeenten, settings, store_checks)
    written: list[Path] = []
    made, sidecars = made_from(settings, snap.version), []  # what the reports are made from; their stamps
    # a gemeente asked for by name gets its workbook also without figures (its Datakwaliteit may say
    # why: a queue the configuration does not map); otherwise only the gemeenten with figures get one
    with_figures = [g for g in gemeenten if gemeente or not kpis.filter(pl.col("gemeente") == g).is_empty()]
    if without := sorted(g for g in gemeenten if kpis.filter(pl.col("gemeente") == g).is_empty()):
        gaps = snap.unknown.filter(pl.col("soort") == "wachtrij")
        run_log().warning(
            "geen cijfers voor %s in %s of de vergelijkingsperiodes%s",
            dutch_list(without),
            chosen_period.label,
            f"; {gaps['aantal'].sum():_} gesprekken op wachtrijen zonder instelling: ".replace("_", ".")
            + f"{dutch_list(gaps['waarde'].to_list())} (zie Datakwaliteit)"
            if gaps.height
            else "",
        )
    for number, g in enumerate(with_figures, 1):
        progress(f"rapport schrijven: {g} ({number}/{len(with_figures)})")
        inputs = report_inputs(
            g,
            chosen_period,
            kpis,
            extra,
            checks,
            snap,
            buckets,
            settings,
            str(flow_run.id or "lokaal"),
            datetime.now(UTC),
        )
        paths = write_report(
            inputs, settings.reports_path / gemeente_folder(g) / chosen_period.folder_name, settings.report.pdf
        )
        sidecars.append(write_stamp(workbook_stamp(paths[0]), made, paths, periode=chosen_period.label, gemeente=g))
        publish(inputs, paths, settings)
        if mail:
            deliver([str(p) for p in paths], inputs, settings)
        written += paths
    if written and not gemeente:  # the period over every gemeente, as the nightly makes it: what it was made from
        write_report_index(settings, chosen_period, made, sidecars)
    run_log().info("rapporten geschreven: %s", ", ".join(str(p) for p in written) or "geen")
    return [str(p) for p in written]
