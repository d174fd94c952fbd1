"""The workbook: content builders rendered with xlsxwriter, read back with openpyxl and as a zip."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import polars as pl
import pytest

from dvm.catalogue import BY_CODE
from dvm.periods import parse_period
from reports import excel
from reports.appendix import ReportInputs, build_appendix
from reports.excel import write_workbook
from reports.tables import Chart, Sheet, Table, Workbook
from reports.summary import summary_sheet
from reports.telephony_report import definitions_sheet, provenance_sheet, quality_sheet, telephony_sheet
from tests.reports.conftest import HYPERLINK

CREATED = datetime(2026, 8, 1, 6, 30, 0)
COLUMNS = [("Realisatie 2026-07", "2026-07"), ("Vorige maand 2026-06", "2026-06")]
NORM_TEXTS = {"tel_servicelevel_pct": "telefoon opgenomen binnen 30 seconden"}
SHEETS = ["Samenvatting", "Telefonie", "Datakwaliteit", "Definities", "Verantwoording"]
DIRECTIONS = {"tel_servicelevel_pct": ">=", "tel_verloren_pct": "<=", "tel_eerstelijn_pct": ">="}
PROVENANCE = {"Run-id": "run-42", "Tijdstip (UTC)": "2026-08-01 06:30:00", "Gemeente": "Losser",
              "Periode": "2026-07", "Opslagversie": "7", "Softwareversie": "dienstverleningsmonitor 0.1.0",
              "Configuratie": "=cmd|' /C calc'!A0"}


@pytest.fixture
def book(period_kpis, monthly, checks, quarantine, files) -> Workbook:
    return Workbook(
        sheets=[
            summary_sheet(period_kpis, "Losser", COLUMNS, "2026-07", DIRECTIONS, NORM_TEXTS),
            telephony_sheet(monthly),
            quality_sheet(checks, quarantine),
            definitions_sheet(period_kpis["kpi"].to_list(), "T = 30 s, S = 5 s"),
            provenance_sheet(PROVENANCE, files),
        ],
        properties={"title": "Dienstverleningsmonitor Losser 2026-07", "subject": "Dienstverlening Losser",
                    "author": "Dienstverleningsmonitor", "company": "Losser"},
        footer_text="Dienstverleningsmonitor Losser, 2026-07",
    )


@pytest.fixture
def written(book, tmp_path) -> Path:
    return write_workbook(book, tmp_path / "bijlage.xlsx", CREATED)


def table_rows(ws, table_name: str) -> list[dict]:
    """The data rows of an Excel table as dicts keyed by its header names."""
    ref = ws.tables[table_name].ref
    rows = list(ws[ref])
    header = [c.value for c in rows[0]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in rows[1:]]


def test_sheets_in_order_with_properties(written):
    wb = openpyxl.load_workbook(written)
    assert wb.sheetnames == SHEETS
    assert wb.properties.creator == "Dienstverleningsmonitor"
    assert wb.properties.title == "Dienstverleningsmonitor Losser 2026-07"
    assert wb.properties.created == CREATED
    with zipfile.ZipFile(written) as z:
        assert "<Company>Losser</Company>" in z.read("docProps/app.xml").decode()


def test_summary_values_equal_the_kpi_frame(written, period_kpis):
    ws = openpyxl.load_workbook(written)["Samenvatting"]
    assert list(ws.tables) == ["Tabel_Samenvatting_1"]
    rows = table_rows(ws, "Tabel_Samenvatting_1")
    expected = period_kpis.filter((pl.col("gemeente") == "Losser") & (pl.col("periode") == "2026-07"))
    assert len(rows) == expected.height == 7
    got = {(r["KPI-code"], r["Groep"]): r for r in rows}
    for e in expected.iter_rows(named=True):
        r = got[(e["kpi"], e["groep"])]
        assert r["Realisatie 2026-07"] == e["waarde"]
        assert r["Teller"] == e["teller"] and r["Noemer"] == e["noemer"] and r["Streefwaarde"] == e["norm"]
        assert r["Norm gehaald"] == {True: "ja", False: "nee", None: None}[e["norm_gehaald"]]
        assert r["Eenheid"] == BY_CODE[e["kpi"]].unit
        assert r["Toelichting"] is None  # left for the controller
        label = BY_CODE[e["kpi"]].label
        assert r["Indicator"] == (label if e["groep"] is None else f"{label} – {e['groep']}")
        assert r["Normrichting"] == {">=": "minimaal", "<=": "maximaal", None: None}[
            DIRECTIONS.get(e["kpi"]) if e["norm"] is not None else None]
    assert got[("tel_servicelevel_pct", None)]["Norm"] == "telefoon opgenomen binnen 30 seconden"
    # June is in the frame only for tel_aangeboden (120 was August's; June has no row): empty, not 0
    assert [r["Vorige maand 2026-06"] for r in rows] == [None] * 7
    # catalogue order, the total before its groups
    assert [r["KPI-code"] for r in rows] == ["tel_aangeboden", "tel_servicelevel_pct", "tel_verloren_pct",
                                             "tel_wachttijd_gem_s", "tel_eerstelijn_pct",
                                             "tel_tweedelijn_bereikbaar_pct", "tel_tweedelijn_bereikbaar_pct"]
    assert list(rows[0]) == ["Indicator", "Groep", "Eenheid", "Norm", "Streefwaarde", "Normrichting",
                             "Realisatie 2026-07", "Vorige maand 2026-06", "Norm gehaald", "Toelichting", "Teller",
                             "Noemer", "KPI-code"]


def test_summary_formats_empty_cells_and_norm_colours(written):
    ws = openpyxl.load_workbook(written)["Samenvatting"]
    header_row = next(c.row for c in ws["A"] if c.value == "Indicator")
    cols = {ws.cell(header_row, c).value: c for c in range(1, 14)}
    by_code = {ws.cell(r, cols["KPI-code"]).value + str(ws.cell(r, cols["Groep"]).value): r
               for r in range(header_row + 1, header_row + 8)}
    count, pct, empty = by_code["tel_aangebodenNone"], by_code["tel_servicelevel_pctNone"], \
        by_code["tel_wachttijd_gem_sNone"]
    assert ws.cell(count, cols["Realisatie 2026-07"]).number_format == "#,##0"
    assert ws.cell(pct, cols["Realisatie 2026-07"]).number_format == "0.0"
    assert ws.cell(pct, cols["Streefwaarde"]).number_format == "0.0"
    assert ws.cell(empty, cols["Realisatie 2026-07"]).value is None  # noemer 0: empty, never 0
    assert ws.cell(empty, cols["Noemer"]).value == 0
    missed = ws.cell(pct, cols["Norm gehaald"])
    met = ws.cell(by_code["tel_eerstelijn_pctNone"], cols["Norm gehaald"])
    assert (missed.value, met.value) == ("nee", "ja")
    assert missed.fill.fgColor.rgb.endswith("FFC7CE") and met.fill.fgColor.rgb.endswith("C6EFCE")
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.print_title_rows == f"${header_row}:${header_row}"


def test_every_sheet_has_real_tables_with_dutch_headers(written):
    wb = openpyxl.load_workbook(written)
    names = {ws.title: sorted(ws.tables) for ws in wb}
    assert names == {
        "Samenvatting": ["Tabel_Samenvatting_1"],
        "Telefonie": ["Tabel_Telefonie_1", "Tabel_Telefonie_2"],
        "Datakwaliteit": ["Tabel_Datakwaliteit_1", "Tabel_Datakwaliteit_2"],
        "Definities": ["Tabel_Definities_1"],
        "Verantwoording": ["Tabel_Verantwoording_1", "Tabel_Verantwoording_2"],
    }
    telefonie = wb["Telefonie"]
    assert [c.name for c in telefonie.tables["Tabel_Telefonie_1"].tableColumns] == [
        "Maand", "Aangeboden", "Beantwoord", "Servicelevel %", "Verloren %", "Gem. wachttijd (s)",
        "Gem. gespreksduur (s)", "Eerste lijn %", "Buiten openingstijd"]
    assert not any(ws.merged_cells.ranges for ws in wb)
    # several tables on a sheet: no frozen or repeated header that would stand above the wrong table
    assert telefonie.freeze_panes is None and telefonie.print_title_rows is None


def test_telephony_sheet_one_row_per_month_and_teams(written, monthly):
    ws = openpyxl.load_workbook(written)["Telefonie"]
    months = table_rows(ws, "Tabel_Telefonie_1")
    assert [m["Maand"] for m in months] == ["2026-07", "2026-08"]
    july = months[0]
    assert (july["Aangeboden"], july["Beantwoord"], july["Buiten openingstijd"]) == (100, 90, 7)
    assert july["Servicelevel %"] == pytest.approx(72 * 100 / 96)
    assert july["Gem. wachttijd (s)"] == pytest.approx(2400 / 90)
    teams = table_rows(ws, "Tabel_Telefonie_2")
    assert [(t["Team"], t["Maand"], t["Aangeboden"], t["Beantwoord"], t["Bereikbaarheid %"]) for t in teams] == [
        ("PVH", "2026-07", 2, 1, 50), ("PVH", "2026-08", 2, 1, 50),
        ("Zorg", "2026-07", 0, 0, None), ("Zorg", "2026-08", 0, 0, None)]


def test_chart_exists_with_alt_text_and_norm_line(written):
    with zipfile.ZipFile(written) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert charts == ["xl/charts/chart1.xml"]
        drawing = ElementTree.fromstring(z.read("xl/drawings/drawing1.xml"))
        chart_xml = z.read("xl/charts/chart1.xml").decode()
    ns = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}
    descr = drawing.find(".//xdr:cNvPr", ns).get("descr")
    assert descr.startswith("Kolomgrafiek voor Losser, 2026-07 tot en met 2026-08")
    assert "norm van 80 procent" in descr and "in 1 van de 2 maanden gehaald" in descr
    # columns offered/answered, service level and the norm as lines on the secondary axis
    assert chart_xml.count("<c:barChart>") == 1 and chart_xml.count("<c:lineChart>") == 1
    assert "Telefonie!$B$" in chart_xml and "Telefonie!$C$" in chart_xml and "Telefonie!$D$" in chart_xml
    assert "Norm servicelevel (80 %)" in chart_xml and 'prstDash val="dash"' in chart_xml
    wb = openpyxl.load_workbook(written)
    ws = wb["Telefonie"]
    header_row = next(c.row for c in ws["A"] if c.value == "Maand")
    norm_col = next(c for c in ws[header_row] if c.value and str(c.value).startswith("Norm servicelevel"))
    assert [ws.cell(r, norm_col.column).value for r in (header_row + 1, header_row + 2)] == [80, 80]


def test_formula_looking_text_stays_text(written):
    wb = openpyxl.load_workbook(written)
    texts = {c.value: c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for value in (HYPERLINK, f"Bereikbaarheid tweede lijn – {HYPERLINK}", "-5 is negatief", "=1+1 in kopregel",
                  "@SUM(A1:A2) is geen formule", "+31 53 123 4567, -1", "=cmd|' /C calc'!A0"):
        assert value in texts, value
        assert texts[value].data_type == "s", value
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    with zipfile.ZipFile(written) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s for s in sheets)


def test_page_setup_a4_landscape_one_page_wide(written):
    wb = openpyxl.load_workbook(written)
    for ws in wb:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.paperSize == 9, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.oddFooter.right.text == "&P van &N"
        assert ws.oddFooter.left.text == "Dienstverleningsmonitor Losser, 2026-07"


def test_same_created_gives_byte_identical_files(book, tmp_path):
    a = write_workbook(book, tmp_path / "a.xlsx", CREATED).read_bytes()
    b = write_workbook(book, tmp_path / "b.xlsx", CREATED).read_bytes()
    assert a == b
    aware = write_workbook(book, tmp_path / "c.xlsx", CREATED.replace(tzinfo=UTC) + timedelta(0)).read_bytes()
    assert aware == a  # a naive `created` is UTC
    amsterdam = CREATED.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=2)))
    assert write_workbook(book, tmp_path / "d.xlsx", amsterdam).read_bytes() == a
    assert write_workbook(book, tmp_path / "e.xlsx", CREATED + timedelta(seconds=1)).read_bytes() != a


def test_an_error_while_rendering_leaves_no_file(book, tmp_path, monkeypatch):
    target = tmp_path / "bijlage.xlsx"
    original = excel._Renderer.sheet

    def failing(self, sheet):
        if sheet.name == "Definities":
            raise RuntimeError("schijf vol")
        return original(self, sheet)

    monkeypatch.setattr(excel._Renderer, "sheet", failing)
    with pytest.raises(RuntimeError, match="schijf vol"):
        write_workbook(book, target, CREATED)
    assert list(tmp_path.iterdir()) == []


def test_an_error_while_replacing_keeps_the_old_file_and_no_temporary(book, tmp_path, monkeypatch):
    target = tmp_path / "bijlage.xlsx"
    target.write_bytes(b"vorige versie")

    def failing_replace(src, dst):
        raise OSError("doelmap niet schrijfbaar")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="niet schrijfbaar"):
        write_workbook(book, target, CREATED)
    assert target.read_bytes() == b"vorige versie"
    assert [p.name for p in tmp_path.iterdir()] == ["bijlage.xlsx"]


def test_invalid_content_is_refused_before_anything_is_written(tmp_path):
    frame = pl.DataFrame({"a": [1], "b": [2]})
    bad = [
        Workbook([Sheet("Blad", "t", [Table("x", frame, column_labels={"a": "Zelfde", "b": "zelfde"})])]),
        Workbook([Sheet("Blad", "t", [Table("x", frame), Chart("g", "column", 0, "a", ["b"], alt_text=" ")])]),
        Workbook([Sheet("Blad", "t", [Chart("g", "column", 0, "a", ["b"], alt_text="x"), Table("x", frame)])]),
        Workbook([Sheet("Blad", "t", [Table("x", frame), Chart("g", "column", 0, "a", ["c"], alt_text="x")])]),
        Workbook([Sheet("Blad", "t", [Table("x", frame, number_formats={"a": "procent"})])]),
        Workbook([Sheet("Blad/1", "t", [Table("x", frame)])]),
        Workbook([Sheet("Blad", "t", []), Sheet("blad", "t", [])]),
    ]
    for i, content in enumerate(bad):
        with pytest.raises(ValueError):
            write_workbook(content, tmp_path / f"{i}.xlsx", CREATED)
    assert list(tmp_path.iterdir()) == []


def test_renderer_writes_nulls_lists_dates_and_empty_tables(tmp_path):
    frame = pl.DataFrame({
        "tekst": ["a", None], "getal": [float("nan"), 2.5], "lijst": [["x", "y"], None],
        "dag": [date(2026, 7, 1), None], "ok": [True, None],
    })
    empty = pl.DataFrame(schema={"maand": pl.String, "aantal": pl.Int64})
    book = Workbook([Sheet("Blad", "Titel", [
        "Een regel tekst.",
        Table("Gemengd", frame, source="eigen", units="stuks", notes=["noot"]),
        Table("Leeg", empty),
        Chart("Grafiek zonder gegevens", "column", "Leeg", "maand", ["aantal"], alt_text="Geen gegevens."),
    ])], footer_text="A & B")
    ws = openpyxl.load_workbook(write_workbook(book, tmp_path / "x.xlsx", CREATED))["Blad"]
    rows = table_rows(ws, "Tabel_Blad_1")
    assert rows[0] == {"tekst": "a", "getal": None, "lijst": "x, y", "dag": datetime(2026, 7, 1), "ok": "ja"}
    assert rows[1] == {"tekst": None, "getal": 2.5, "lijst": None, "dag": None, "ok": None}
    assert table_rows(ws, "Tabel_Blad_2") == [{"maand": None, "aantal": None}]
    column_a = [c.value for c in ws["A"]]
    assert {"Bron: eigen", "Eenheid: stuks", "noot", "Geen gegevens.",
            "Geen gegevens voor de grafiek 'Grafiek zonder gegevens'."} <= set(column_a)
    assert ws.oddFooter.left.text == "A && B"  # & escaped, not a footer code
    with zipfile.ZipFile(tmp_path / "x.xlsx") as z:
        assert not [n for n in z.namelist() if n.startswith("xl/charts/")]


def test_definitions_in_catalogue_order_with_parameters(written):
    ws = openpyxl.load_workbook(written)["Definities"]
    rows = table_rows(ws, "Tabel_Definities_1")
    assert [r["KPI-code"] for r in rows] == ["tel_aangeboden", "tel_servicelevel_pct", "tel_verloren_pct",
                                             "tel_wachttijd_gem_s", "tel_eerstelijn_pct",
                                             "tel_tweedelijn_bereikbaar_pct"]
    assert rows[1]["Definitie"] == BY_CODE["tel_servicelevel_pct"].definition
    assert rows[1]["Eenheid"] == "%"
    assert "Parameters bij deze rapportage: T = 30 s, S = 5 s" in [c.value for c in ws["A"]]


def test_quality_and_provenance_tables(written):
    wb = openpyxl.load_workbook(written)
    checks = table_rows(wb["Datakwaliteit"], "Tabel_Datakwaliteit_1")
    assert [(c["Kritiek"], c["Geslaagd"], c["Afwijkende rijen"]) for c in checks] == [("ja", "ja", 0),
                                                                                       ("nee", "nee", 2)]
    quarantine = table_rows(wb["Datakwaliteit"], "Tabel_Datakwaliteit_2")
    assert [q["Regel"] for q in quarantine] == ["negatieve_wachttijd", "bestand_afgewezen"]
    facts = table_rows(wb["Verantwoording"], "Tabel_Verantwoording_1")
    assert [(f["Gegeven"], f["Waarde"]) for f in facts] == list(PROVENANCE.items())
    sources = table_rows(wb["Verantwoording"], "Tabel_Verantwoording_2")
    assert list(sources[0]) == ["Bron", "Bestand", "Controlegetal (SHA-256)", "Exportmoment", "Status",
                                "Rijen gelezen", "Rijen geladen", "Rijen in quarantaine"]
    assert sources[1]["Status"] == "afgewezen" and sources[0]["Controlegetal (SHA-256)"] == "a" * 64


def test_telephony_sheet_without_data_has_no_chart(monthly):
    sheet = telephony_sheet(monthly.head(0))
    assert not [b for b in sheet.blocks if isinstance(b, Chart)]
    with pytest.raises(ValueError, match="één gemeente"):
        telephony_sheet(pl.concat([monthly, monthly.with_columns(gemeente=pl.lit("Enschede"))]))


def test_build_appendix_for_a_quarter(monthly, period_kpis, checks, quarantine, files, tmp_path):
    quarter = parse_period("2026-Q3")
    kpis = pl.concat([monthly, period_kpis.filter(pl.col("periode") == "2026-07")
                      .with_columns(periode=pl.lit("2026-Q3"))])
    inputs = ReportInputs(gemeente="Losser", period=quarter, kpis=kpis, cases_without_deadline=pl.DataFrame(),
                          checks=checks, quarantine=quarantine,
                          files=files, norm_directions=DIRECTIONS, parameters="T = 30 s, S = 5 s",
                          provenance=PROVENANCE, run_time=datetime(2026, 10, 1, 5, 30, tzinfo=UTC))
    path = write_workbook(build_appendix(inputs), tmp_path / "q.xlsx", inputs.run_time)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Samenvatting", "Trends", *SHEETS[1:]]
    summary = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
    assert len(summary) == 7  # only the quarter's rows, not the months'
    assert [h for h in summary[0] if "2026" in h or "2025" in h] == [
        "Realisatie 2026-Q3", "Vorig kwartaal 2026-Q2", "Zelfde kwartaal vorig jaar 2025-Q3",
        "Jaar tot en met 2026-Q3"]
    # Trends: the three KPIs with a norm per month (July, August, September), a year earlier empty
    trends = table_rows(wb["Trends"], "Tabel_Trends_1")
    assert [t["Maand"] for t in trends] == ["2026-07", "2026-08", "2026-09"]
    assert trends[0]["Servicelevel (binnen T seconden opgenomen) %"] == pytest.approx(72 * 100 / 96)
    assert trends[2]["Servicelevel (binnen T seconden opgenomen) %"] is None  # September: no row
    assert all(t["Servicelevel (binnen T seconden opgenomen) % een jaar eerder"] is None for t in trends)
    with zipfile.ZipFile(path) as z:
        drawing = next(n for n in z.namelist() if n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
        descr = [e.get("descr") for e in ElementTree.fromstring(z.read(drawing)).iter()
                 if e.tag.endswith("cNvPr")]
    assert len(descr) == 3 and all(d.startswith("Lijngrafiek voor Losser, 2026-07 tot en met 2026-09") for d in descr)
    months = table_rows(wb["Telefonie"], "Tabel_Telefonie_1")
    assert [m["Maand"] for m in months] == ["2026-07", "2026-08"]  # the quarter's row is not a month
