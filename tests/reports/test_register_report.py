"""What the programme register adds to the appendix, from hand-made register rows through the real
transform, rendered and read back with openpyxl: its targets on the sheet Ambities ("nog niet ingevuld"
where it has nothing), the Burgerpeiling beside Klant in Focus, and the sheet Register (the history)."""

from __future__ import annotations

import dataclasses
from datetime import date

import openpyxl
import polars as pl
import pytest

from core.ambitions import AMBITIONS, REGISTER_TARGETS
from flows.wiring import SHEETS
from reports.ambitions_report import ambitions_sheet
from reports.appendix import build_appendix
from reports.excel import write_workbook
from reports.register_report import register_sheet
from reports.tables import Workbook
from tests.reports.test_excel import table_rows
from tests.reports.test_satisfaction_report import CREATED, quarter_inputs
from tests.transforms.test_register import register
from transforms.register import ambition_realisations, register_history

BUCKETS = [  # the 2026-Q3 report's columns: the same quarter a year earlier, the quarter before, the quarter
    ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
    ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
]
RECORDS = register(
    ("Losser", "brieven_direct_duidelijk", date(2025, 9, 30), 27, 180, None),  # 15 %
    ("Losser", "brieven_direct_duidelijk", date(2026, 6, 30), 63, 180, None),  # 35 %
    ("Losser", "brieven_direct_duidelijk", date(2026, 12, 31), 99, 180, None),  # after the report's period
    ("Losser", "sbp_processen_verbeterd", date(2026, 9, 30), None, None, 3.0),
    ("Losser", "burgerpeiling_cijfer_dienstverlening", date(2025, 11, 30), None, None, 7.1),
    ("Losser", "burgerpeiling_tevreden_dienstverlening", date(2025, 11, 30), 612, 874, None),  # 70.02 %
)


def inputs_with_register():
    inputs = quarter_inputs()
    extra = {
        **inputs.extra,
        "ambitie_realisaties": ambition_realisations(RECORDS, REGISTER_TARGETS, BUCKETS, ["Losser"]),
        "register_metingen": register_history(RECORDS, ["Losser"], date(2026, 9, 30)),
    }
    return dataclasses.replace(inputs, extra=extra)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    inputs = inputs_with_register()
    sheets = [ambitions_sheet(inputs), register_sheet(inputs)]
    path = tmp_path_factory.mktemp("register") / "t.xlsx"
    return openpyxl.load_workbook(write_workbook(Workbook([s for s in sheets if s]), path, CREATED))


def test_the_register_targets_with_their_realisation_peildatum_and_verdict(book):
    rows = {r["Doel in het programma"]: r for r in table_rows(book["Ambities"], "Tabel_Ambities_2")}
    assert len(rows) == sum(1 for t in REGISTER_TARGETS if t.target is not None)  # 10 targets
    p1 = rows["20% van de brieven is herschreven in lijn met Direct Duidelijk"]
    # 2025-Q3: 27 / 180 = 15 %; 2026-Q2: 63 / 180 = 35 %; 2026-Q3: no new count, 35 % of 30-06-2026 stands
    assert (p1["Realisatie 2025-Q3"], p1["Realisatie 2026-Q2"], p1["Realisatie 2026-Q3"]) == (15.0, 35.0, 35.0)
    assert (p1["Streefwaarde"], p1["Gehaald"], p1["Peildatum"], p1["Plateau"]) == (
        "minimaal 20 %",
        "ja",
        "30-06-2026",
        "1",
    )
    p2 = rows["50% van de brieven is herschreven in lijn met Direct Duidelijk."]
    assert (p2["Realisatie 2026-Q3"], p2["Gehaald"]) == (35.0, "nee")  # 35 < 50
    three = rows["Ten minste drie processen zijn aan de hand van een inwonersreis (SBP) geanalyseerd en verbeterd"]
    assert (three["Realisatie 2026-Q2"], three["Realisatie 2026-Q3"], three["Gehaald"]) == (None, 3, "ja")
    forms = rows["50% van de pfd formulieren online is omgezet naar een e-formulier"]
    assert (forms["Realisatie 2026-Q3"], forms["Peildatum"], forms["Gehaald"]) == (None, "nog niet ingevuld", None)


def test_the_burgerpeiling_beside_klant_in_focus(book):
    rows = table_rows(book["Ambities"], "Tabel_Ambities_3")
    grade, share = rows
    assert (grade["Waarde"], grade["Peildatum Burgerpeiling"]) == (
        "7,1",
        "30-11-2025",
    )  # a Dutch decimal comma, as every number the appendix shows
    assert share["Waarde"] == "70,0"  # 100 * 612 / 874 = 70.02
    # Klant in Focus beside it, over 2026-Q3: the digital voldoende share of the quarter's responses
    assert share["Naast Klant in Focus: indicator"].startswith("Digitale dienstverlening")
    assert share["Klant in Focus"] == pytest.approx(200 / 3)  # 2 of 3 digital grades voldoende (July)


def test_the_targets_the_register_follows_are_no_longer_listed_as_not_measurable(book):
    rest = [r["Doel in het programma"] for r in table_rows(book["Ambities"], "Tabel_Ambities_4")]
    assert rest == [
        "Inwoners ervaren een warme overdracht van hun vraag bij 'schuiven' van eigenaarschap in de organisatie.",
        "In de publieke gebouwen ervaart de inwoner een warm welkom",
    ]
    assert sum(1 for a in AMBITIONS if not a.kpi) - len(rest) == 8  # 8 of the 10 now measured


def test_the_sheet_register_lists_every_measurement_up_to_the_periods_end(book):
    rows = table_rows(book["Register"], "Tabel_Register_1")
    assert len(rows) == 5  # the 31-12-2026 count is after 2026-Q3
    letters = [r for r in rows if r["Indicator"].startswith("Brieven")]
    assert [(r["Teller"], r["Noemer"], r["Realisatie"]) for r in letters] == [(27, 180, 15.0), (63, 180, 35.0)]


def test_without_a_register_the_sheet_ambities_is_as_before():
    sheet = ambitions_sheet(quarter_inputs())
    assert sheet is not None and [t.title for t in sheet.tables()][-1] == "Doelen die deze gegevens niet meten"
    assert len(sheet.tables()) == 2
    assert register_sheet(quarter_inputs()) is None


def test_the_sheet_register_follows_the_detail_sheets_in_the_appendix():
    names = [s.name for s in build_appendix(inputs_with_register(), SHEETS).sheets]
    assert names.index("Register") > names.index("Tevredenheid")
    assert pl.Series(names).is_unique().all()
