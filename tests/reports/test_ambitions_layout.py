"""Issue 24 item 11: the Ambities sheet of a long range (`dvm report 1970-01-01..2100-12-31` ended in an
internal LayoutError: five realisation columns beside its text columns do not fit a landscape page). It
shows the period and the two parts before it, and is laid out for every kind of period."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import openpyxl
import pytest

from core.periods import parse_period, summary_columns
from reports.ambitions_report import AMBITION_COLUMNS, ambitions_sheet
from reports.excel import write_workbook
from reports.tables import Workbook
from tests.reports.conftest import inputs_for, kpi_rows
from tests.reports.test_excel import table_rows

MEASURED = ["tel_servicelevel_pct", "tevr_digitaal_voldoende_pct", "tevr_kcc_positief_pct", "zaak_binnen_termijn_pct"]


@pytest.mark.parametrize(
    "period",
    ["1970-01-01..2100-12-31", "2023-01-01..2026-12-31", "2026-01-01..2026-12-31", "2026", "2026-Q3", "2026-07"],
)
def test_the_ambitions_of_any_period_are_laid_out(tmp_path, period):
    labels = [c.period.label for c in summary_columns(parse_period(period))]
    rows = [
        ("Losser", label, kpi, None, 80.0 + i, 80, 100, 80.0, True)
        for i, label in enumerate(labels)
        for kpi in MEASURED
    ]
    inputs = dataclasses.replace(inputs_for(kpi_rows(rows), period), ambitions=True)
    sheet = ambitions_sheet(inputs)
    assert sheet is not None
    path = write_workbook(Workbook([sheet]), tmp_path / "a.xlsx", datetime(2026, 10, 1, 6, 30))
    table = table_rows(openpyxl.load_workbook(path)["Ambities"], "Tabel_Ambities_1")
    realised = [c for c in table[0] if str(c).startswith("Realisatie")]
    assert len(realised) == min(len(labels), AMBITION_COLUMNS), realised
    # the last column is the period itself: the value made for its label (80 + its index) is shown
    assert {r[realised[-1]] for r in table if r[realised[-1]] is not None} == {80.0 + len(labels) - 1}
