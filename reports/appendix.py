"""The appendix the report flow writes: the content builders composed into one Workbook.

Layout only: every number arrives finished in `ReportInputs` (built by
`flows.report.report_inputs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from dvm.periods import Period, main_column, summary_columns
from reports.appointments_report import appointments_sheet
from reports.cases_report import cases_sheet
from reports.channels_report import channels_sheet
from reports.tables import Workbook
from reports.summary import summary_sheet, trends_sheet
from reports.telephony_report import definitions_sheet, provenance_sheet, quality_sheet, telephony_sheet

AUTHOR = "Dienstverleningsmonitor"


@dataclass(frozen=True)
class ReportInputs:
    gemeente: str
    period: Period
    kpis: pl.DataFrame  # KPI_SCHEMA rows of this gemeente: the period and its months (= kpis.csv)
    cases_without_deadline: pl.DataFrame  # zaak_zonder_termijn rows (not in kpis.csv)
    checks: pl.DataFrame  # expectation results (ValidationReport.to_frame, concatenated)
    quarantine: pl.DataFrame  # bron_bestand, regel, aantal, voorbeeld_reden
    files: pl.DataFrame  # contributing and rejected files from the ledger
    norm_directions: dict[str, str]  # kpi -> ">=" / "<="
    parameters: str  # e.g. "T = 30 s, S = 5 s"
    provenance: dict[str, str]  # run id, time, store version, software version, configuration
    run_time: datetime
    product_names: dict[str, str] = field(default_factory=dict)  # JCC product code -> description
    norm_texts: dict[str, str] = field(default_factory=dict)  # kpi -> the service promise in words
    coverage: pl.DataFrame | None = None  # bron, van, tot: the days the store has data for (COVERAGE_SCHEMA)


SOURCE_NAMES = {"calls": "telefonie (KCC)", "cases": "zaken (Corsa)", "appointments": "afspraken (JCC)"}


def _coverage_note(coverage: pl.DataFrame | None) -> str:
    if coverage is None or coverage.is_empty():
        return ""
    parts = [f"{SOURCE_NAMES.get(r['bron'], r['bron'])} van {r['van']:%d-%m-%Y} tot en met {r['tot']:%d-%m-%Y}"
             for r in coverage.sort("bron").iter_rows(named=True)]
    return "Gegevens in de opslag: " + "; ".join(parts) + "."


def build_appendix(inputs: ReportInputs) -> Workbook:
    gemeente, period = inputs.gemeente, inputs.period
    kpis = inputs.kpis.filter(pl.col("gemeente") == gemeente)
    month_labels = [m.label for m in period.months()]
    monthly = kpis.filter(pl.col("periode").is_in(month_labels) & pl.col("kpi").str.starts_with("tel_"))
    cases = kpis.filter(pl.col("kpi").str.starts_with("zaak_"))
    span = f"{period.start:%d-%m-%Y} t/m {period.end:%d-%m-%Y}"
    appointments = kpis.filter(pl.col("kpi").str.starts_with("afs_"))
    channels = kpis.filter(pl.col("kpi").str.starts_with("kanaal_"))
    earlier = period.year_earlier()
    wait_norms = appointments.filter(pl.col("kpi") == "afs_wachttijd_binnen_norm_pct")["norm"].drop_nulls().unique()
    def reported(frame: pl.DataFrame) -> bool:
        return not frame.filter(pl.col("periode") == period.label).is_empty()

    columns = summary_columns(period)
    main_column(columns, period)  # the reported period is one of the columns
    trends = trends_sheet(kpis, gemeente, month_labels,
                          [m.label for m in earlier.months()] if earlier and len(earlier.months()) == len(month_labels)
                          else None)
    domains = [
        *([telephony_sheet(monthly)] if monthly.height else []),
        *([cases_sheet(cases, inputs.cases_without_deadline, gemeente, period.label, month_labels)]
          if reported(cases) else []),
        *([appointments_sheet(appointments, gemeente, period.label, month_labels, inputs.product_names,
                              wait_norms[0] if wait_norms.len() == 1 else None)] if reported(appointments) else []),
        *([channels_sheet(channels, gemeente, period.label, month_labels, earlier.label if earlier else None)]
          if reported(channels) else []),
    ]
    return Workbook(
        sheets=[
            summary_sheet(kpis, gemeente, [(c.heading, c.period.label) for c in columns], period.label,
                          inputs.norm_directions, inputs.norm_texts, _coverage_note(inputs.coverage)),
            *([trends] if trends else []),
            *domains,
            quality_sheet(inputs.checks, inputs.quarantine),
            definitions_sheet(kpis["kpi"].unique(maintain_order=True).to_list(), inputs.parameters),
            provenance_sheet(inputs.provenance, inputs.files),
        ],
        properties={
            "title": f"Dienstverleningsmonitor {gemeente} {period.label}",
            "subject": f"Dienstverlening gemeente {gemeente}, periode {period.label} ({span})",
            "author": AUTHOR,
            "company": gemeente,
            "keywords": "dienstverlening, servicenormen, telefonie, P&C",
            "comments": "Bijlage bij de P&C-documenten; cijfers ook in kpis.csv.",
        },
        footer_text=f"Dienstverleningsmonitor {gemeente}, {period.label}",
    )
