"""Everything one gemeente's appendix shows, finished: the report flow fills it
(`flows.report.report_inputs`), the sheet builders only lay it out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from core.catalogue import SMALL_NUMBER, KpiText
from core.periods import Period


@dataclass(frozen=True)
class ReportInputs:
    gemeente: str
    period: Period
    # KPI_SCHEMA rows of this gemeente for every period the report shows (= kpis.csv), with each
    # figure's verdict: voorlopig, klein_aantal, oordeel (`transforms.verdicts`)
    kpis: pl.DataFrame
    periods: pl.DataFrame  # `transforms.coverage.period_coverage` of this gemeente: what the data covers
    texts: Mapping[str, KpiText]  # KPI code -> label, short header, definition, promise (configured values)
    extra: dict[str, pl.DataFrame]  # what sources' sheets need besides (zaak_zonder_termijn: not in kpis.csv)
    unknown: pl.DataFrame  # what the configuration does not know yet (core.registry.UNKNOWN_SCHEMA)
    checks: pl.DataFrame  # expectation results (ValidationReport.to_frame, concatenated)
    quarantine: pl.DataFrame  # bron_bestand, regel, aantal, voorbeeld_reden
    files: pl.DataFrame  # contributing and rejected files from the ledger
    norm_directions: dict[str, str]  # kpi -> ">=" / "<="
    parameters: str  # e.g. "T = 30 s, S = 5 s"
    provenance: dict[str, str]  # run id, time, store version, software version
    run_time: datetime  # UTC
    timezone: str = "UTC"  # the configured time zone: the cover shows when it was made in it
    store_version: int = 0
    min_records: int = SMALL_NUMBER
    product_names: dict[str, str] = field(default_factory=dict)  # JCC product code -> description
    coverage: pl.DataFrame | None = None  # bron, van, tot: the days the store has data for (COVERAGE_SCHEMA)
    set_aside: pl.DataFrame | None = None  # records not counted, per reason (core.registry.SET_ASIDE_SCHEMA)
    case_switch: date | None = None  # [[zgw]] vanaf: its cases registered from this day come from the Zaken API
    ambitions: bool = False  # the sheet Ambities: the programme's plateau targets ([report] ambitions_for)

    @property
    def months(self) -> list[str]:
        """The labels of the period's months ("2026-07", ...): the detail sheets' month columns."""
        return [m.label for m in self.period.months()]

    def figures_of(self, prefix: str) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The KPI rows of one domain (its codes' prefix, "zaak_"): of every period shown, and of the period."""
        rows = self.kpis.filter(pl.col("kpi").str.starts_with(prefix))
        return rows, rows.filter(pl.col("periode") == self.period.label)
