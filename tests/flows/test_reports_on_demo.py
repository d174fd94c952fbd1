"""On the demo store, as a user runs it: `dvm demo`, then `dvm report` for a year, a quarter and
a phase; every workbook is read back against kpis.csv, converted to PDF by LibreOffice, and
reproduced from its store version after a later load changed the store."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from dvm.catalogue import KPIS
from dvm.cli import run
from dvm.periods import parse_period, quarter_of, summary_columns
from tests.reports.test_excel import table_rows

pytestmark = pytest.mark.slow
THIS_YEAR = date.today().year
LAST_QUARTER = quarter_of(quarter_of(date.today()).start - timedelta(days=1)).label
PHASE = f"{THIS_YEAR - 1}-01-01..{THIS_YEAR}-06-30"
DOMAIN_SHEETS = ["Telefonie", "Zaken", "Afspraken", "Kanalen"]
TAIL = ["Datakwaliteit", "Definities", "Verantwoording"]


def dvm(*args: str, capsys) -> list[str]:
    assert run(list(args)) == 0
    return capsys.readouterr().out.splitlines()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo") / "dvm"
    assert run(["demo", "--home", str(home)]) == 0
    return home


def books(home: Path, period: str, gemeente: str = "Losser") -> Path:
    folder = home / "reports" / gemeente / parse_period(period).folder_name
    return folder / f"dienstverleningsmonitor_{gemeente}_{parse_period(period).folder_name}.xlsx"


def check_against_kpis_csv(book: Path, period: str) -> None:
    wb = openpyxl.load_workbook(book)
    summary = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
    with open(book.parent / "kpis.csv", encoding="utf-8") as fh:
        csv_rows = {(r["periode"], r["kpi"], r["groep"]): r for r in csv.DictReader(fh)}
    assert len(summary) == len([k for k in csv_rows if k[0] == parse_period(period).label])
    # every realisation column equals kpis.csv for its periode; empty where kpis.csv has no row
    for column in summary_columns(parse_period(period)):
        for row in summary:
            expected = csv_rows.get((column.period.label, row["KPI-code"], row["Groep"] or ""))
            value = row[column.heading]
            if expected is None or expected["waarde"] == "":
                assert value is None, (column.heading, row)
            else:  # kpis.csv carries 4 decimals; the workbook the full value (shown with 1)
                assert round(value, 4) == float(expected["waarde"]), (column.heading, row)
    for row in summary:
        expected = csv_rows[(parse_period(period).label, row["KPI-code"], row["Groep"] or "")]
        assert row["Noemer"] == (int(expected["noemer"]) if expected["noemer"] else None), row
    # no cell holds a formula, let alone one built from export text
    assert not [c for ws in wb for r in ws.iter_rows() for c in r if c.data_type == "f"]


def test_the_demo_reports_every_kpi_for_both_gemeenten(demo):
    quarter = quarter_of(date.today()).label
    for gemeente in ("Enschede", "Losser"):
        book = books(demo, quarter, gemeente)
        wb = openpyxl.load_workbook(book)
        assert wb.sheetnames == ["Samenvatting", "Trends", *DOMAIN_SHEETS, *TAIL]
        summary = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
        assert {k.code for k in KPIS} <= {r["KPI-code"] for r in summary}
        check_against_kpis_csv(book, quarter)


def test_a_second_demo_run_changes_nothing(demo, capsys):
    assert "ongewijzigd" in " ".join(dvm("demo", "--home", str(demo), capsys=capsys))


@pytest.fixture(scope="module")
def reports(demo):
    """A year, a quarter and a phase for Losser, at the demo's store version."""
    for period in (str(THIS_YEAR), LAST_QUARTER, PHASE):
        assert run(["report", period, "--gemeente", "Losser", "--home", str(demo)]) == 0
    return {p: books(demo, p) for p in (str(THIS_YEAR), LAST_QUARTER, PHASE)}


def charts_and_tables(book: Path) -> tuple[int, int]:
    wb = openpyxl.load_workbook(book)
    with __import__("zipfile").ZipFile(book) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    return len(charts), sum(len(ws.tables) for ws in wb)


@pytest.mark.parametrize("period", [str(THIS_YEAR), LAST_QUARTER, PHASE], ids=["jaar", "kwartaal", "fase"])
def test_year_quarter_and_phase_reports_read_back(reports, period):
    book = reports[period]
    check_against_kpis_csv(book, period)
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Samenvatting", "Trends", *DOMAIN_SHEETS, *TAIL]
    summary = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
    headings = [c.heading for c in summary_columns(parse_period(period))]
    assert [h for h in summary[0] if h in headings] == headings
    # the demo store starts on 1 January of last year: two years back is empty, not 0
    if period == str(THIS_YEAR):
        assert all(r[f"Realisatie {THIS_YEAR - 2}"] is None for r in summary)
        assert any(r[f"Realisatie {THIS_YEAR - 1}"] for r in summary)
    charts, tables = charts_and_tables(book)
    # Trends: one chart per normed KPI (6); Telefonie 1, Zaken 1, Afspraken 1, Kanalen 2
    assert charts == 6 + 1 + 1 + 1 + 2
    # Samenvatting 1, Trends 1, Telefonie 2, Zaken 3, Afspraken 4, Kanalen 2, Datakwaliteit 2,
    # Definities 1, Verantwoording 2
    assert tables == 1 + 1 + 2 + 3 + 4 + 2 + 2 + 1 + 2
    for ws in wb:  # print setup of every sheet: A4 landscape, one page wide, footer with pages
        assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape"), ws.title
        # fit to 1 page wide (1 is the OOXML default xlsxwriter leaves out), as many pages down as needed
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ((ws.page_setup.fitToWidth or 1), ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert "&P van &N" in ws.oddFooter.right.text and "Losser" in ws.oddFooter.left.text, ws.title
        assert not ws.merged_cells.ranges, ws.title


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


def test_libreoffice_prints_every_report_on_landscape_a4(reports, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice ontbreekt: make test installeert libreoffice-calc en poppler-utils"
    out = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    for period, book in reports.items():
        done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(out), str(book)],
                              capture_output=True, text=True, timeout=300)
        pdf = out / (book.stem + ".pdf")
        assert done.returncode == 0 and pdf.exists(), (period, done.stdout, done.stderr)
        pages = pdf_pages(pdf)
        assert pages, period
        # A4 landscape: 841.89 x 595.28 pt on every page
        assert all(abs(w - 841.89) < 1 and abs(h - 595.28) < 1 for w, h in pages), (period, pages)
        # every sheet fits the page width: no sheet spills into extra pages sideways, so the
        # page count stays close to the number of sheets (long tables may run down)
        assert len(pages) <= 4 * len(openpyxl.load_workbook(book).sheetnames), (period, len(pages))


def test_as_of_reproduces_a_delivered_report_after_a_later_load(demo, reports, tmp_path):
    delivered = reports[LAST_QUARTER]
    before = cell_values(delivered)
    version = next(r["Waarde"] for r in table_rows(openpyxl.load_workbook(delivered)["Verantwoording"],
                                                   "Tabel_Verantwoording_1") if r["Gegeven"] == "Opslagversie")
    # a later export adds calls to Losser in that quarter
    start = parse_period(LAST_QUARTER).start
    extra = tmp_path / "in"
    extra.mkdir()
    lines = ["CallId,StartTimeUTC,Queue,CallerNumber,WaitSeconds,TalkSeconds,HoldSeconds,WrapUpSeconds,"
             "Outcome,TransferredTo,AgentId,DialledNumber"]
    lines += [f"LATE{i:04d},{start:%Y-%m-%d}T{8 + i % 8:02d}:{i % 60:02d}:00Z,LOS-KCC,0600000000,12,200,0,30,"
              f"Answered,,A0,0534000000" for i in range(40)]
    stamp = date.today().strftime("%Y%m%d") + "T2359"
    (extra / f"kcc_gesprekken_{stamp}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(["ingest", str(extra), "--home", str(demo)]) == 0
    assert run(["report", LAST_QUARTER, "--gemeente", "Losser", "--home", str(demo)]) == 0
    assert cell_values(delivered) != before  # the store changed: today's report differs
    assert run(["report", LAST_QUARTER, "--gemeente", "Losser", "--as-of", version, "--home", str(demo)]) == 0
    assert cell_values(delivered) == before  # every cell as delivered, apart from run id and time


def cell_values(book: Path) -> dict:
    """Every cell value of the workbook, without the run id and run time."""
    wb = openpyxl.load_workbook(book)
    values = {}
    for ws in wb:
        for row in ws.iter_rows():
            if row[0].value in ("Run-id", "Tijdstip (UTC)"):
                continue
            values.update({(ws.title, c.coordinate): c.value for c in row if c.value is not None})
    return values
