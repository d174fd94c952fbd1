"""The sheets Tevredenheid and Ambities from hand-made responses (through the real transform), rendered
and read back with openpyxl."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest

from core.ambitions import AMBITIONS
from flows.wiring import SHEETS
from reports.ambitions_report import ambitions_sheet
from reports.appendix import build_appendix
from reports.excel import write_workbook
from reports.satisfaction_report import satisfaction_sheet
from reports.tables import Workbook
from tests.reports.conftest import inputs_for, kpi_rows
from tests.reports.test_excel import table_rows
from tests.transforms.test_satisfaction import BUCKETS, CTX, JULY, responses
from transforms.satisfaction import feedback_figures

CREATED = datetime(2026, 10, 1, 6, 30)
NORMED = {"tevr_kcc_positief_pct": ">=", "tevr_website_positief_pct": ">=", "tevr_digitaal_voldoende_pct": ">="}


def quarter_inputs(ambitions: bool = True, extra_kpis: pl.DataFrame | None = None):
    """Losser, 2026-Q3: July as in the transform tests plus 30 KCC smileys in August (27 positive); no
    response in September."""
    august = responses(
        [(f"A{i}", "telefoon", "smiley", 5 if i < 27 else 1, "KCC") for i in range(30)], day=date(2026, 8, 5)
    )
    figures = feedback_figures(pl.concat([responses(JULY), august]).lazy(), BUCKETS, ["Losser"], CTX, pl.DataFrame())
    kpis = figures.kpis if extra_kpis is None else pl.concat([figures.kpis, extra_kpis])
    inputs = inputs_for(kpis, "2026-Q3")
    return dataclasses.replace(
        inputs,
        extra=figures.extra,
        ambitions=ambitions,
        norm_directions={**inputs.norm_directions, **NORMED},
    )


@pytest.fixture
def book(tmp_path):
    inputs = quarter_inputs(
        extra_kpis=kpi_rows(
            [
                ("Losser", "2026-Q3", "kanaal_contacten", "kanaal=telefoon", 1000.0, None, None, None, None),
                ("Losser", "2026-Q3", "zaak_binnen_termijn_pct", None, 85.0, 85, 100, 80.0, True),
            ]
        )
    )
    sheets = [satisfaction_sheet(inputs), ambitions_sheet(inputs)]
    path = write_workbook(Workbook([s for s in sheets if s is not None]), tmp_path / "t.xlsx", CREATED)
    return openpyxl.load_workbook(path)


def test_the_three_targets_per_month_with_their_responses(book):
    rows = table_rows(book["Tevredenheid"], "Tabel_Tevredenheid_1")
    assert [r["Maand"] for r in rows] == ["Hele periode", "jul 2026", "aug 2026", "sep 2026"]
    whole, july, august, september = rows
    # the quarter: KCC 3 of 5 in July + 27 of 30 in August = 30 of 35
    assert whole["KCC positief % (norm 90)"] == pytest.approx(30 * 100 / 35) and whole["Reacties KCC"] == 35
    assert july["KCC positief % (norm 90)"] == pytest.approx(60.0) and july["Reacties KCC"] == 5
    assert august["KCC positief % (norm 90)"] == pytest.approx(90.0)
    # a month without responses: no percentage (empty, never 0), 0 responses
    assert september["KCC positief % (norm 90)"] is None and september["Alle reacties met oordeel"] == 0
    assert july["Website positief % (norm 80)"] == pytest.approx(50.0)
    assert july["Digitaal voldoende % (norm 90)"] == pytest.approx(200 / 3)
    # small numbers carry the asterisk in their format, 30 responses do not
    cells = {c.value: c for c in book["Tevredenheid"]["A"] if c.value in ("jul 2026", "aug 2026")}
    assert "*" in book["Tevredenheid"].cell(cells["jul 2026"].row, 2).number_format
    assert "*" not in book["Tevredenheid"].cell(cells["aug 2026"].row, 2).number_format


def test_the_scores_per_channel_and_the_response_rate(book):
    rates = {r["Kanaal"]: r for r in table_rows(book["Tevredenheid"], "Tabel_Tevredenheid_2")}
    # telefoon in Q3: 5 in July + 30 in August = 35 responses on 1000 offered calls -> 3.5 per 100
    assert (rates["Telefoon"]["Contacten"], rates["Telefoon"]["Reacties per 100 contacten"]) == (1000, 3.5)
    assert rates["Website"]["Contacten"] is None and rates["Website"]["Reacties per 100 contacten"] is None
    table = table_rows(book["Tevredenheid"], "Tabel_Tevredenheid_3")
    cut = next(i for i, r in enumerate(table) if r["Per kanaal"] == "Rapportcijfers (1-10)")
    scores = {r["Per kanaal"]: r for r in table[:cut]}  # the smileys' section
    grades = {r["Per kanaal"]: r for r in table[cut:]}
    # telefoon smileys: July 5, 4, 3, 1, 2 and August 27 x 5, 3 x 1 -> 35; five smileys: 28 of 35 = 80 %
    assert scores["Smileys (1-5)"]["Telefoon"] is None  # the section's heading row
    assert scores["Reacties met een oordeel"]["Telefoon"] == 35
    assert scores["5 smileys"]["Telefoon"] == pytest.approx(80.0)
    assert scores["1 smiley"]["Telefoon"] == pytest.approx(4 * 100 / 35)
    assert scores["Reacties met een oordeel"]["Webformulier"] is None  # no smileys asked after a form
    assert grades["cijfer 10"]["Webformulier"] == pytest.approx(100.0)
    assert grades["Reacties met een oordeel"]["Balie"] == 1 and grades["gemiddelde score"]["Balie"] == 9


def test_the_ambitions_with_their_realisation_and_what_cannot_be_measured(book):
    measured = table_rows(book["Ambities"], "Tabel_Ambities_1")
    by_goal = {r["Doel in het programma"]: r for r in measured}
    kcc = by_goal["90% van de contacten die binnenkomen bij KCC wordt door inwoners als positief ervaren"]
    assert kcc["Realisatie 2026-Q3"] == pytest.approx(30 * 100 / 35) and kcc["Waarnemingen"] == 35
    assert (kcc["Streefwaarde"], kcc["Gehaald"], kcc["Plateau"]) == ("minimaal 90 %", "nee", "2")
    cases = by_goal["Uit steekproeven blijkt dat in 80% van de gevallen aan de gestelde servicenormen wordt voldaan."]
    assert (cases["Realisatie 2026-Q3"], cases["Gehaald"]) == (85.0, "ja")
    phone = next(r for r in measured if r["Gemeten met"].startswith("Telefoon binnen"))
    assert phone["Realisatie 2026-Q3"] is None  # no phone data: empty, not 0
    assert len(measured) == sum(1 for a in AMBITIONS if a.kpi)
    rest = table_rows(book["Ambities"], "Tabel_Ambities_2")
    assert [r["Doel in het programma"] for r in rest] == [
        a.text for a in sorted((a for a in AMBITIONS if not a.kpi), key=lambda a: (a.plateau, a.track))
    ]
    assert all(r["Waarom niet uit deze gegevens"] for r in rest)


def test_ambitions_only_for_the_gemeenten_configured_for_them_and_after_the_summary():
    assert ambitions_sheet(quarter_inputs(ambitions=False)) is None
    # three of the five measurable targets have figures (the satisfaction ones): more than half, shown
    assert ambitions_sheet(quarter_inputs()) is not None
    # only the phone's: mostly empty, not shown
    phone = kpi_rows([("Losser", "2026-Q3", "tel_servicelevel_pct", None, 81.0, 81, 100, 80.0, True)])
    only_phone = dataclasses.replace(inputs_for(phone, "2026-Q3"), ambitions=True)
    assert ambitions_sheet(only_phone) is None
    names = [s.name for s in build_appendix(quarter_inputs(), SHEETS).sheets]
    assert names[:3] == ["Voorblad", "Samenvatting", "Ambities"] and "Tevredenheid" in names


def test_no_satisfaction_sheet_without_figures_in_the_period():
    inputs = quarter_inputs()
    assert (
        satisfaction_sheet(dataclasses.replace(inputs, kpis=inputs.kpis.filter(pl.col("periode") != "2026-Q3"))) is None
    )


def test_the_chart_draws_each_target_against_its_own_norm(tmp_path):
    sheet = satisfaction_sheet(quarter_inputs())
    assert sheet is not None
    path = write_workbook(Workbook([sheet]), tmp_path / "t.xlsx", CREATED)
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
        data = z.read("xl/worksheets/sheet2.xml").decode()  # the hidden sheet with the chart's series
    names = re.findall(r"<c:tx>.*?<c:v>([^<]+)</c:v>", chart)
    assert names == [
        "Contacten met het KCC positief ervaren",
        "Feedback op de website positief",
        "Digitale dienstverlening met een voldoende beoordeeld",
        "norm KCC positief en digitaal voldoende: 90 %",
        "norm website positief: 80 %",
    ]
    assert re.findall(r"<a:prstDash val=\"(\w+)\"/>", chart) == ["dash", "lgDash"]  # two norm lines, each its dash
    assert "<v>80</v>" in data and "<v>90</v>" in data
