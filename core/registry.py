"""The source registry: the one declaration of each outside system the monitor reads.

Everything that differs per source is declared here, once: how its export files are named, its
layout profile, the store table and key its records go to, the Dutch names it carries in checks
and in the report, the date that places a record in a period, the KPI domains it feeds - and the
code that implements it, named as "module:attribute" (the kernel names that code, it does not
import it: `implementation` looks a name up when it is needed). Ingest, the store, coverage, the
report's snapshot and figures, the appendix's sheets, the settings' profiles and the demo all
derive from `SOURCES`; tests/test_registry.py checks that every derived table covers every source.

Adding a source: see the README, "For maintainers: adding a source".
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Literal

import polars as pl

from core.ambitions import ProgrammeTarget
from core.catalogue import CASES_DOMAIN, DESK_DOMAIN, PHONE_DOMAIN, SATISFACTION_DOMAIN, Domain
from core.profiles import CorsaProfile, JccProfile, KccProfile, KifProfile, Profile, RegisterProfile, ZgwProfile

Window = Literal["utc_time", "date", "all"]  # how the report's snapshot picks a source's records
# What a source's `unknown` lists: what the configuration does not know yet, per kind and value, with counts.
UNKNOWN_SCHEMA = {"soort": pl.String, "waarde": pl.String, "aantal": pl.Int64, "toelichting": pl.String}
# What a source's `set_aside` lists: records its `prepared` leaves out of the figures, per gemeente and reason.
SET_ASIDE_SCHEMA = {"gemeente": pl.String, "regel": pl.String, "reden": pl.String, "aantal": pl.Int64}


@dataclass(frozen=True)
class Summary:
    """Totals the store keeps beside a source's records, in step with them at every load
    (store/delta_store.py): per local date of `time_column`, grouped finely enough that every figure
    of the source rolls up from them. The report reads these instead of the records; its functions
    here take the summary where the source's take records."""

    table: str  # store table
    time_column: str  # the records' UTC time; its local date is the summary's `datum`
    schema: str  # the summary table's declared polars Schema
    build: str  # (records: LazyFrame, tz) -> LazyFrame of `schema`; deterministic per day
    prepared: str  # (summary, FigureContext) -> LazyFrame: configuration applied
    prepared_suite: str  # () -> GX suite for the summary as prepared (the report's check)
    coverage: str  # (summary as prepared, tz) -> LazyFrame of COVERAGE_SCHEMA
    figures: str  # (summary as prepared, buckets, gemeenten, FigureContext, coverage) -> Figures
    unknown: str  # (summary as prepared, FigureContext) -> LazyFrame of UNKNOWN_SCHEMA
    # (summary) -> LazyFrame: the summary per day and queue only, enough for `coverage` and `unknown`
    # over the whole store (a few rows a day, whatever the calls)
    overview: str


@dataclass(frozen=True)
class Source:
    name: str  # short id; also its table in [profiles]
    prefix: str  # export file names: <prefix>_<YYYYMMDD>[T<HHMM>].<extension>
    extensions: tuple[str, ...]
    system: str  # Dutch: the system it comes from, as a reader names it ("Corsa")
    title: str  # Dutch: its data in the report ("zaken (Corsa)")
    dataset: str  # Dutch: its records in checks and messages ("zaken")
    table: str  # store table
    key: str  # the record's key in the table: the newest export wins per key
    profile: type[Profile]
    window: Window  # the report reads records by a UTC time, a local date, or all (open cases)
    window_column: str | None
    domains: tuple[Domain, ...]  # catalogue domains whose KPIs it feeds
    # the implementation, "module:attribute"
    schema: str  # the store table's declared polars Schema
    reader: str  # (ExportFile, profile, gemeenten) -> SourceBatch
    suite: str  # () -> GX suite for its records as stored (checked at ingest, and in the report)
    coverage: str  # (records: LazyFrame, tz) -> LazyFrame of COVERAGE_SCHEMA
    figures: str  # (records, buckets, gemeenten, FigureContext, coverage) -> Figures
    sheet: str  # (ReportInputs) -> Sheet | None: its detail sheet in the appendix
    demo: str  # (inbox: Path, today: date) -> list[Path]: realistic demo exports
    prepared: str | None = None  # (records: LazyFrame, FigureContext) -> LazyFrame: configuration applied
    prepared_suite: str | None = None  # () -> GX suite for the records as prepared (instead of `suite` in the report)
    # (records as prepared, FigureContext) -> LazyFrame of UNKNOWN_SCHEMA: what the configuration does not
    # know yet (a queue without a rule, a zaaktype without a term, a product without a name), with counts
    unknown: str | None = None
    # (KPI frame) -> ValidationReport: its figures checked against each other (critical), in the report
    reconcile: str | None = None
    summary: Summary | None = None  # totals kept beside the records, which the report reads instead
    # (records as stored, FigureContext) -> DataFrame of SET_ASIDE_SCHEMA: what `prepared` leaves out, and why
    set_aside: str | None = None
    # Dutch: where its figures come from, under every table that shows them (a source whose records join
    # another's table is attributed with that table's first source)
    attribution: str | None = None
    heading: str | None = None  # Dutch: the heading of the domain it feeds, in the Samenvatting and the dashboard


SOURCES: tuple[Source, ...] = (
    Source(
        "kcc",
        "kcc_gesprekken",
        ("csv",),
        "het KCC-telefonieplatform",
        "telefonie (KCC)",
        "gesprekken",
        "calls",
        "call_id",
        KccProfile,
        "utc_time",
        "gestart_op",
        (PHONE_DOMAIN,),
        schema="sources.kcc:STORED_CALLS_SCHEMA",
        reader="sources.kcc:load_calls",
        suite="expectations.calls:stored_calls_suite",
        coverage="transforms.coverage:call_coverage",
        figures="transforms.figures:phone_figures",
        sheet="reports.telephony_report:telephony_sheet",
        demo="demo.kcc:write_kcc_exports",
        prepared="transforms.queues:mapped_calls",
        prepared_suite="expectations.calls:calls_suite",
        unknown="transforms.queues:unmapped_queues",
        reconcile="expectations.kpis:reconcile_telephony",
        attribution="export gesprekken van het KCC-telefonieplatform (beheerd door gemeente Enschede), "
        "bewerkt door de Dienstverleningsmonitor",
        heading="Telefonie (KCC)",
        summary=Summary(
            "call_days",
            "gestart_op",
            schema="transforms.call_days:CALL_DAYS_SCHEMA",
            build="transforms.call_days:call_days",
            prepared="transforms.call_days:mapped_call_days",
            prepared_suite="expectations.calls:call_days_suite",
            coverage="transforms.call_days:call_day_coverage",
            figures="transforms.figures:phone_figures_of_days",
            unknown="transforms.call_days:unmapped_call_days",
            overview="transforms.call_days:call_days_overview",
        ),
    ),
    Source(
        "corsa",
        "corsa_zaken",
        ("csv",),
        "Corsa",
        "zaken (Corsa)",
        "zaken",
        "cases",
        "zaak_id",
        CorsaProfile,
        "all",
        None,
        (CASES_DOMAIN,),
        schema="sources.cases_schema:CASES_SCHEMA",
        reader="sources.corsa:load_cases",
        suite="expectations.cases:cases_suite",
        coverage="transforms.coverage:case_coverage",
        figures="transforms.figures:case_figures_of",
        sheet="reports.cases_report:cases_sheet",
        demo="demo.corsa:write_corsa_exports",
        # each case from one source: Corsa's before a gemeente's switch to the Zaken API (`vanaf`), the API's after
        prepared="transforms.case_sources:counted_cases",
        unknown="transforms.cases:cases_not_configured",
        set_aside="transforms.case_sources:set_aside_cases",
        attribution="export zaken uit het zaaksysteem Corsa, bewerkt door de Dienstverleningsmonitor",
        heading="Zaken (Corsa)",
    ),
    Source(
        "jcc",
        "jcc_afspraken",
        ("csv", "xlsx"),
        "JCC-Afspraken",
        "afspraken (JCC)",
        "afspraken",
        "appointments",
        "afspraak_id",
        JccProfile,
        "date",
        "datum",
        (DESK_DOMAIN,),
        schema="sources.appointments_schema:APPOINTMENTS_SCHEMA",
        reader="sources.jcc:load_appointments",
        suite="expectations.appointments:appointments_suite",
        coverage="transforms.coverage:appointment_coverage",
        figures="transforms.figures:desk_figures",
        sheet="reports.appointments_report:appointments_sheet",
        demo="demo.jcc:write_jcc_exports",
        unknown="transforms.appointments:products_without_name",
        attribution="export afspraken uit JCC-Afspraken, bewerkt door de Dienstverleningsmonitor",
        heading="Afspraken aan de balie (JCC)",
    ),
    Source(
        "kif",
        "kif_feedback",
        ("csv",),
        "Klant in Focus",
        "tevredenheid (Klant in Focus)",
        "reacties",
        "feedback",
        "reactie_id",
        KifProfile,
        "date",
        "datum",
        (SATISFACTION_DOMAIN,),
        schema="sources.kif:FEEDBACK_SCHEMA",
        reader="sources.kif:load_feedback",
        suite="expectations.feedback:feedback_suite",
        coverage="transforms.coverage:feedback_coverage",
        figures="transforms.satisfaction:feedback_figures",
        sheet="reports.satisfaction_report:satisfaction_sheet",
        demo="demo.kif:write_kif_exports",
        reconcile="expectations.feedback:reconcile_feedback",
        attribution="export reacties uit Klant in Focus (smileys onder e-mails, pop-ups op de website, korte "
        "vragenlijst na een KCC-gesprek of een afspraak aan de balie), bewerkt door de Dienstverleningsmonitor",
        heading="Tevredenheid (Klant in Focus)",
    ),
    Source(
        "programma",
        "programma_register",
        ("xlsx",),
        "het programmaregister",
        "programmaregister (eigen registratie)",
        "metingen",
        "register",
        "meting_id",  # gemeente|indicator|peildatum: the newest register wins per measurement, each peildatum kept
        RegisterProfile,
        "all",  # every measurement: a target's realisation is the latest up to the period's end
        None,
        (),  # feeds no KPI: the sheet Ambities (transforms.register)
        schema="sources.register:REGISTER_SCHEMA",
        reader="sources.register:load_register",
        suite="expectations.register:register_suite",
        coverage="transforms.register:register_coverage",
        figures="transforms.register:register_figures",
        sheet="reports.register_report:register_sheet",
        demo="demo.register:write_register",
        attribution="programmaregister (programma_register_*.xlsx, bijgehouden door de programma-organisatie)",
    ),
)
# Sources whose records join the table of a source above (same schema and key) and are counted with
# it: read like any export (file prefix, reader, profile, the check at ingest, the ledger), while that
# table's figures, coverage, detail sheet and demo are its first source's (the names below repeat
# them). The ZGW Zaken API's cases join Corsa's: a pull is written as a file (sources/zgw.py) and
# read into `cases`; transforms/case_sources.py counts each case from one source (`vanaf`).
JOINING: tuple[Source, ...] = (
    Source(
        "zgw",
        "zgw_zaken",
        ("jsonl.gz",),
        "de Zaken-API (ZGW)",
        "zaken (Zaken-API)",
        "zaken",
        "cases",
        "zaak_id",
        ZgwProfile,
        "all",
        None,
        (CASES_DOMAIN,),
        schema="sources.cases_schema:CASES_SCHEMA",
        reader="sources.zgw:load_zgw_cases",
        suite="expectations.cases:cases_suite",
        coverage="transforms.coverage:case_coverage",
        figures="transforms.figures:case_figures_of",
        sheet="reports.cases_report:cases_sheet",
        demo="demo.corsa:write_corsa_exports",
    ),
)
READ_SOURCES: tuple[Source, ...] = SOURCES + JOINING  # every source a file is read from
BY_NAME: dict[str, Source] = {s.name: s for s in READ_SOURCES}
BY_TABLE: dict[str, Source] = {s.table: s for s in SOURCES}
BY_PREFIX: dict[str, Source] = {s.prefix: s for s in SOURCES}


def report_check_modules() -> list[str]:
    """The modules of the suites the report runs (each source's, on its summary where it keeps one,
    and the KPI frames'): what `expectations.gx_runner.warm_up` imports ahead of the checks."""
    suites = {(s.summary.prepared_suite if s.summary else s.prepared_suite or s.suite) for s in SOURCES}
    return ["expectations.kpis", *sorted({ref.partition(":")[0] for ref in suites})]


def implementation(ref: str) -> Any:
    """The object a "module:attribute" name of the registry stands for."""
    module, _, attribute = ref.partition(":")
    return getattr(importlib.import_module(module), attribute)


@dataclass(frozen=True)
class QueueRule:
    """A queue's mapping to gemeente, line and team, valid on the local dates [valid_from, valid_until]."""

    queue: str
    gemeente: str
    line: int
    team: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class FigureContext:
    """The configured values the figures are computed with: plain data, built once per run from the
    settings (`Settings.figure_context`), so the transforms take no settings object."""

    tz: str
    answer_norm_s: int
    short_abandon_s: int
    callback_norm_werkdagen: int
    closing_days: tuple[date, ...]
    terms: tuple[tuple[str, int, str], ...]  # zaaktype code, term, unit
    contactverzoek_types: tuple[str, ...]
    wait_norm_minutes: int
    evening_from: time
    norms: dict[str, tuple[float, str]]  # kpi -> (target, direction)
    queues: tuple[QueueRule, ...] = ()
    # per gemeente with [[zgw]]: the switch date; its cases registered before it are counted from Corsa,
    # on or after it from the ZGW Zaken API (transforms/case_sources.py)
    case_switch: tuple[tuple[str, date], ...] = ()
    # the programme's targets followed in its own register ([[ambitions]]): transforms.register
    ambitions: tuple[ProgrammeTarget, ...] = ()
    ambitions_for: tuple[str, ...] = ()  # the gemeenten whose sheet Ambities follows them ([report] ambitions_for)
