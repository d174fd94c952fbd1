"""The wiring: the code that implements each source of the registry, as real functions.

`core/registry.py` declares each source as data (its names, file prefix, store table and key,
profile, window, domains, attribution, heading); this module, above every layer it wires, says
which schema, reader, checks, transforms, detail sheet and demo each source has - imported, so
mypy, the import test (tests/test_imports.py) and go-to-definition follow an export from the inbox
to a cell. Ingest, the store's tables, the report's snapshot, figures and checks, the appendix's
sheets and `dvm demo` all take their code from `WIRED`; tests/test_wiring.py fails when a source
lacks a part it declares.

Two kinds of part are imported only when called (`Deferred`): the suites (their modules import
Great Expectations, ~3 s, which a report of a checked version or an ingest of a known file never
needs) and the demo writers (numpy, for `dvm demo` only).

Adding a source: see the README, "For maintainers: adding a source".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

import polars as pl

from core.registry import BY_NAME, JOINING, SOURCES, FigureContext, Source
from expectations.feedback import reconcile_feedback
from expectations.kpis import reconcile_telephony
from reports.appointments_report import appointments_sheet
from reports.cases_report import cases_sheet
from reports.inputs import ReportInputs
from reports.register_report import register_sheet
from reports.satisfaction_report import satisfaction_sheet
from reports.tables import Sheet
from reports.telephony_report import telephony_sheet
from sources.appointments_schema import APPOINTMENTS_SCHEMA
from sources.cases_schema import CASES_SCHEMA
from sources.corsa import load_cases
from sources.files import ExportFile
from sources.jcc import load_appointments
from sources.kcc import STORED_CALLS_SCHEMA, load_calls
from sources.kif import FEEDBACK_SCHEMA, load_feedback
from sources.layout import SourceBatch
from sources.register import REGISTER_SCHEMA, load_register
from sources.zgw import load_zgw_cases
from transforms.appointments import products_without_name
from transforms.call_days import (
    CALL_DAYS_SCHEMA,
    call_day_coverage,
    call_days,
    call_days_overview,
    mapped_call_days,
    unmapped_call_days,
)
from transforms.case_sources import counted_cases, set_aside_cases
from transforms.cases import cases_not_configured
from transforms.coverage import appointment_coverage, call_coverage, case_coverage
from transforms.figures import Bucket, Figures, case_figures_of, desk_figures, phone_figures, phone_figures_of_days
from transforms.queues import mapped_calls, unmapped_queues
from transforms.register import register_coverage, register_figures
from transforms.satisfaction import feedback_coverage, feedback_figures

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite

    from expectations.gx_runner import ValidationReport

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Deferred(Generic[P, R]):
    """A function whose module is imported when it is first called: `load` imports it and gives it
    (mypy checks the call against it; go-to-definition follows `load`'s import)."""

    load: Callable[[], Callable[P, R]]

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.load()(*args, **kwargs)


# the roles' shapes
Reader = Callable[[ExportFile, Any, Sequence[str]], SourceBatch]  # (file, its [profiles.<name>], gemeenten)
Suite = Deferred[[], "ExpectationSuite"]  # a GX suite
Prepared = Callable[[pl.LazyFrame, FigureContext], pl.LazyFrame]  # the configuration applied
Coverage = Callable[[pl.LazyFrame, str], pl.LazyFrame]  # (records, tz) -> COVERAGE_SCHEMA per gemeente
# (records, buckets, gemeenten, FigureContext, coverage) -> the long KPI frame and its sheet's extras
FiguresOf = Callable[[pl.LazyFrame, Sequence[Bucket], Sequence[str], FigureContext, pl.DataFrame], Figures]
Unknown = Callable[[pl.LazyFrame, FigureContext], pl.LazyFrame]  # -> UNKNOWN_SCHEMA
SheetOf = Callable[[ReportInputs], Sheet | None]  # its detail sheet in the appendix
Demo = Callable[[Path, date], list[Path]]  # (inbox, today) -> the demo exports it wrote


@dataclass(frozen=True)
class SummaryWiring:
    """The code of a source's summary (`core.registry.Summary`): the report reads it instead of the
    records, so its parts take the summary where the source's take records."""

    schema: pl.Schema  # the summary table's declared schema
    build: Callable[[pl.LazyFrame, str], pl.LazyFrame]  # (records, tz) -> the summary; deterministic per day
    prepared: Prepared
    prepared_suite: Suite  # the report's check of the summary as prepared
    coverage: Coverage
    figures: FiguresOf
    unknown: Unknown
    # (summary) -> the summary per day and queue only, enough for `coverage` and `unknown` over the whole store
    overview: Callable[[pl.LazyFrame], pl.LazyFrame]


@dataclass(frozen=True)
class SourceWiring:
    """Which code implements a source of the registry (core/registry.py)."""

    source: Source
    schema: pl.Schema  # the store table's declared schema (never inferred)
    reader: Reader
    suite: Suite  # its records as stored (checked at ingest, and in the report)
    coverage: Coverage
    figures: FiguresOf
    sheet: SheetOf
    demo: Demo
    prepared: Prepared | None = None
    prepared_suite: Suite | None = None  # its records as prepared (instead of `suite` in the report)
    unknown: Unknown | None = None  # what the configuration does not know yet (a queue without a rule, ...)
    reconcile: Callable[[pl.DataFrame], ValidationReport] | None = None  # its KPIs checked against each other
    set_aside: Callable[[pl.LazyFrame, FigureContext], pl.DataFrame] | None = None  # what `prepared` leaves out
    summary: SummaryWiring | None = None  # exactly when the source declares a `Summary`

    @property
    def read(self) -> SummaryWiring | SourceWiring:
        """The parts the report reads the source with (`coverage`, `figures`, `unknown`): its summary's
        where it keeps one."""
        return self.summary or self

    @property
    def report_suite(self) -> Suite:
        """The suite of what the report reads: the summary as prepared, the records as prepared, or as stored."""
        if self.summary is not None:
            return self.summary.prepared_suite
        return self.prepared_suite or self.suite


# --- imported when called ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Checks:
    stored_calls: Callable[[], ExpectationSuite]
    calls: Callable[[], ExpectationSuite]
    call_days: Callable[[], ExpectationSuite]
    cases: Callable[[], ExpectationSuite]
    appointments: Callable[[], ExpectationSuite]
    feedback: Callable[[], ExpectationSuite]
    register: Callable[[], ExpectationSuite]


def _checks() -> _Checks:
    """Every source's suites: their modules import Great Expectations, so they come when the first check runs."""
    from expectations.appointments import appointments_suite
    from expectations.calls import call_days_suite, calls_suite, stored_calls_suite
    from expectations.cases import cases_suite
    from expectations.feedback import feedback_suite
    from expectations.register import register_suite

    return _Checks(
        stored_calls=stored_calls_suite,
        calls=calls_suite,
        call_days=call_days_suite,
        cases=cases_suite,
        appointments=appointments_suite,
        feedback=feedback_suite,
        register=register_suite,
    )


@dataclass(frozen=True)
class _Demos:
    kcc: Demo
    corsa: Demo
    jcc: Demo
    kif: Demo
    register: Demo


def _demos() -> _Demos:
    """Every source's demo writers: their modules import numpy, which only `dvm demo` needs."""
    from demo.corsa import write_corsa_exports
    from demo.jcc import write_jcc_exports
    from demo.kcc import write_kcc_exports
    from demo.kif import write_kif_exports
    from demo.register import write_register

    return _Demos(
        kcc=write_kcc_exports,
        corsa=write_corsa_exports,
        jcc=write_jcc_exports,
        kif=write_kif_exports,
        register=write_register,
    )


# --- the sources ---------------------------------------------------------------------------------

CASES = SourceWiring(
    BY_NAME["corsa"],
    schema=CASES_SCHEMA,
    reader=load_cases,
    suite=Deferred(lambda: _checks().cases),
    coverage=case_coverage,
    figures=case_figures_of,
    sheet=cases_sheet,
    demo=Deferred(lambda: _demos().corsa),
    # each case from one source: Corsa's before a gemeente's switch to the Zaken API (`vanaf`), the API's after
    prepared=counted_cases,
    unknown=cases_not_configured,
    set_aside=set_aside_cases,
)

WIRING: tuple[SourceWiring, ...] = (
    SourceWiring(
        BY_NAME["kcc"],
        schema=STORED_CALLS_SCHEMA,
        reader=load_calls,
        suite=Deferred(lambda: _checks().stored_calls),
        coverage=call_coverage,
        figures=phone_figures,
        sheet=telephony_sheet,
        demo=Deferred(lambda: _demos().kcc),
        prepared=mapped_calls,
        prepared_suite=Deferred(lambda: _checks().calls),
        unknown=unmapped_queues,
        reconcile=reconcile_telephony,
        summary=SummaryWiring(
            schema=CALL_DAYS_SCHEMA,
            build=call_days,
            prepared=mapped_call_days,
            prepared_suite=Deferred(lambda: _checks().call_days),
            coverage=call_day_coverage,
            figures=phone_figures_of_days,
            unknown=unmapped_call_days,
            overview=call_days_overview,
        ),
    ),
    CASES,
    SourceWiring(
        BY_NAME["jcc"],
        schema=APPOINTMENTS_SCHEMA,
        reader=load_appointments,
        suite=Deferred(lambda: _checks().appointments),
        coverage=appointment_coverage,
        figures=desk_figures,
        sheet=appointments_sheet,
        demo=Deferred(lambda: _demos().jcc),
        unknown=products_without_name,
    ),
    SourceWiring(
        BY_NAME["kif"],
        schema=FEEDBACK_SCHEMA,
        reader=load_feedback,
        suite=Deferred(lambda: _checks().feedback),
        coverage=feedback_coverage,
        figures=feedback_figures,
        sheet=satisfaction_sheet,
        demo=Deferred(lambda: _demos().kif),
        reconcile=reconcile_feedback,
    ),
    SourceWiring(
        BY_NAME["programma"],
        schema=REGISTER_SCHEMA,
        reader=load_register,
        suite=Deferred(lambda: _checks().register),
        coverage=register_coverage,
        figures=register_figures,
        sheet=register_sheet,
        demo=Deferred(lambda: _demos().register),
    ),
    # a joining source (core.registry.JOINING): its own reader and check; its table's figures, coverage,
    # sheet and demo are its table's first source's
    SourceWiring(
        BY_NAME["zgw"],
        schema=CASES.schema,
        reader=load_zgw_cases,
        suite=CASES.suite,
        coverage=CASES.coverage,
        figures=CASES.figures,
        sheet=CASES.sheet,
        demo=CASES.demo,
    ),
)
WIRED: dict[str, SourceWiring] = {w.source.name: w for w in WIRING}


def wired(source: Source) -> SourceWiring:
    """The code of a registered source."""
    return WIRED[source.name]


# the registry's detail sheets, in its order (reports/appendix.py lays them out between the summaries)
SHEETS: tuple[SheetOf, ...] = tuple(wired(s).sheet for s in SOURCES)


def report_check_imports() -> list[Callable[[], object]]:
    """The imports of the suites the report runs (each source's, on its summary where it keeps one):
    what `expectations.gx_runner.warm_up` does ahead of the checks."""
    return [wired(s).report_suite.load for s in SOURCES]


def check_imports() -> list[Callable[[], object]]:
    """The imports of every suite a flow may run: at ingest (as stored) and in the report."""
    stored = [wired(s).suite.load for s in (*SOURCES, *JOINING)]
    return list(dict.fromkeys([*stored, *report_check_imports()]))
