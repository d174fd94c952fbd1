"""The detail and accounting sheets from hand-made KPI rows: Telefonie, Datakwaliteit, Controles,
Definities, Verantwoording - rendered and read back."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from flows.wiring import SHEETS
from reports.appendix import build_appendix
from reports.excel import render
from tests.reports.conftest import PROVENANCE, inputs_for
from tests.reports.test_excel import table_rows

CREATED = datetime(2026, 8, 1, 6, 30)


@pytest.fixture
def book(monthly, checks, quarantine, files):
    # the monthly fixture: Losser, July and August 2026; the report is July's
    data = render(
        build_appendix(inputs_for(monthly, "2026-07", checks=checks, quarantine=quarantine, files=files), SHEETS),
        CREATED,
    ).data
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_sheets_of_a_month_report(book):
    assert book.sheetnames == [
        "Voorblad",
        "Samenvatting",
        "Trends",
        "Telefonie",
        "Datakwaliteit",
        "Definities",
        "Verantwoording",
        "Controles",
        "Grafiekgegevens",
    ]


def test_telephony_one_row_per_month_and_the_teams_across(book):
    ws = book["Telefonie"]
    months = table_rows(ws, "Tabel_Telefonie_1")
    assert [m["Maand"] for m in months] == ["jul 2026"]
    july = months[0]
    # July: 100 offered, 90 answered, 72 of 96 within 30 s, ASA 2400 / 90, 7 outside opening hours
    assert (july["Aangeboden"], july["Beantwoord"], july["Buiten openingstijd"]) == (100, 90, 7)
    assert july["Binnen 30 s %"] == pytest.approx(72 * 100 / 96)
    assert july["Gem. wachttijd (s)"] == pytest.approx(2400 / 90)
    teams = table_rows(ws, "Tabel_Telefonie_2")
    # PVH 1 of 2 answered = 50 %; Zorg 0 of 0: empty, never 0
    assert [(t["Periode"], t["PVH"], t["Zorg"]) for t in teams] == [
        ("Aangeboden, hele periode", 2, 0),
        ("Bereikbaar %, hele periode", 50, None),
    ]


def test_data_quality_in_brief_what_failed_and_the_quarantine(book):
    ws = book["Datakwaliteit"]
    brief = table_rows(ws, "Tabel_Datakwaliteit_1")
    # gesprekken: 1 check, passed; kpis: 1 check, not passed, not critical
    assert [(b["Gegevens"], b["Controles"], b["Geslaagd"], b["Uitkomst"]) for b in brief] == [
        ("gesprekken", 1, 1, "alle geslaagd"),
        ("kpis", 1, 0, "niet geslaagd: 1 ter informatie"),
    ]
    failed = table_rows(ws, "Tabel_Datakwaliteit_2")
    assert [(f["Controle"], f["Afwijkende rijen"], f["Voorbeelden"]) for f in failed] == [
        ("@SUM(A1:A2) is geen formule", 2, "+31 53 123 4567, -1")
    ]
    quarantine = table_rows(ws, "Tabel_Datakwaliteit_3")
    assert [q["Regel"] for q in quarantine] == ["negatieve_wachttijd", "bestand_afgewezen"]
    every = table_rows(book["Controles"], "Tabel_Controles_1")
    assert [(c["Kritiek"], c["Geslaagd"]) for c in every] == [("ja", "ja"), ("nee", "nee")]


def test_definitions_and_provenance(book):
    definitions = table_rows(book["Definities"], "Tabel_Definities_1")
    codes = [d["KPI-code (kpis.csv)"] for d in definitions]
    assert codes[:2] == ["tel_aangeboden", "tel_beantwoord"]  # catalogue order
    service = next(d for d in definitions if d["KPI-code (kpis.csv)"] == "tel_servicelevel_pct")
    assert service["Definitie"].startswith("Beantwoord met wachttijd van hoogstens 30 seconden")
    assert service["Streefwaarde"] == "minimaal 80 %"
    facts = {f["Gegeven"]: f["Waarde"] for f in table_rows(book["Verantwoording"], "Tabel_Verantwoording_1")}
    assert facts == PROVENANCE  # the configuration value that looks like a formula stays text
    sources = table_rows(book["Verantwoording"], "Tabel_Verantwoording_2")
    assert sources[1]["Status"] == "afgewezen" and sources[0]["Controlegetal (SHA-256)"] == "a" * 64
