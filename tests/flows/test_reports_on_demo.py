"""On the demo store, as a user runs it: `dvm demo`, then `dvm report` for a year, a quarter and
a phase; every workbook is read back against kpis.csv, converted to PDF by LibreOffice, and
reproduced from its store version after a later load changed the store.

The demo takes minutes, so it is built once per test session (`demo` in tests/flows/conftest.py,
session-scoped: no module teardown rebuilds it) and the module is one xdist group (tests/conftest.py
runs it first, on one worker). Its home is read only; a test that changes a home works on a copy
(`copy_of`). The demo runs with `--vandaag`, the day the session began: the periods below are that
day's, and a second run on another day (after midnight) is still the same demo."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from core.catalogue import BY_CODE, KPIS, Parameters, texts
from core.periods import parse_period, quarter_of, summary_columns
from dvm.cli import run
from tests.flows.conftest import books, copy_of
from tests.reports.pdf_measure import measure
from tests.reports.test_excel import table_rows

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]
DOMAIN_SHEETS = ["Telefonie", "Zaken", "Afspraken", "Tevredenheid", "Kanalen"]
AMBITIONS = {"Losser": ["Ambities"], "Enschede": []}  # [report] ambitions_for: Losser's programme
REGISTER = {"Losser": ["Register"], "Enschede": []}  # the programme's register: Losser's (demo/register.py)


def domain_sheets(gemeente: str = "Losser") -> list[str]:
    """The detail sheets in the registry's order: the register's after Tevredenheid."""
    return [*DOMAIN_SHEETS[:4], *REGISTER[gemeente], DOMAIN_SHEETS[4]]


TAIL = ["Datakwaliteit", "Definities", "Verantwoording", "Controles", "Grafiekgegevens"]
LABELS = {t.label: code for code, t in texts(Parameters()).items()}  # the summary names KPIs by their label
KINDS = ["jaar", "kwartaal", "fase"]


def dvm(*args: str, capsys) -> list[str]:
    assert run(list(args)) == 0
    return capsys.readouterr().out.splitlines()


def check_against_kpis_csv(book: Path, period: str) -> None:
    """Every realisation of the Samenvatting equals kpis.csv for its periode (4 decimals), and every
    total of a summary KPI in the reported period is a row of it."""
    wb = openpyxl.load_workbook(book)
    summary = [r for r in table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1") if r["Indicator"] in LABELS]
    with open(book.parent / "kpis.csv", encoding="utf-8") as fh:
        csv_rows = {(r["periode"], r["kpi"], r["groep"]): r for r in csv.DictReader(fh)}
    label = parse_period(period).label
    expected = {k for (p, k, g) in csv_rows if p == label and g == "" and BY_CODE[k].summary}
    assert {LABELS[r["Indicator"]] for r in summary} == expected
    headings = [h for h in summary[0] if h.startswith("Realisatie ")]
    columns = summary_columns(parse_period(period))
    assert len(headings) == len(columns)
    for heading, column in zip(headings, columns, strict=True):
        assert heading.startswith(f"Realisatie {column.heading}"), (heading, column.heading)
        for row in summary:
            want = csv_rows.get((column.period.label, LABELS[row["Indicator"]], ""))
            if want is None or want["waarde"] == "":
                assert row[heading] is None, (heading, row)
            else:  # kpis.csv carries 4 decimals; the workbook the full value (shown with 1)
                assert round(row[heading], 4) == float(want["waarde"]), (heading, row)
    # no cell holds a formula, let alone one built from export text
    assert not [c for ws in wb for r in ws.iter_rows() for c in r if c.data_type == "f"]


def test_the_demo_reports_every_kpi_for_both_gemeenten(demo):
    quarter = quarter_of(demo.today).label
    for gemeente in ("Enschede", "Losser"):
        book = books(demo.home, quarter, gemeente)
        wb = openpyxl.load_workbook(book)
        assert wb.sheetnames == [
            "Voorblad",
            "Samenvatting",
            *AMBITIONS[gemeente],
            "Trends",
            *domain_sheets(gemeente),
            *TAIL,
        ]
        check_against_kpis_csv(book, quarter)
        with open(book.parent / "kpis.csv", encoding="utf-8") as fh:  # kpis.csv stays complete
            assert {k.code for k in KPIS} <= {r["kpi"] for r in csv.DictReader(fh)}


def test_the_demo_says_in_one_line_what_it_put_in_quarantine_and_where_to_see_it(demo):
    lines = [line for line in demo.said.splitlines() if line.startswith("Demo: ")]
    assert len(lines) == 1, demo.said
    assert re.fullmatch(
        r"Demo: [\d.]+ rijen uit \d+ bestanden met opzet fout en in quarantaine \(\d+ [^)]+\); "
        r"zie het blad Datakwaliteit van de werkmap",
        lines[0],
    ), lines[0]


def test_a_second_demo_run_changes_nothing(demo, capsys, tmp_path):
    # the same day as the first run (`--vandaag`): the demo stamps its newest exports with that day, so a
    # run after midnight on the real clock writes the very same files, which are all loaded already
    home = copy_of(demo.home, tmp_path)
    said = dvm("demo", "--home", str(home), "--vandaag", demo.today.isoformat(), capsys=capsys)
    assert "ongewijzigd" in " ".join(said)
    assert not [line for line in said if line.startswith("Demo: ")]  # nothing new in quarantine


@pytest.mark.parametrize("kind", KINDS)
def test_year_quarter_and_phase_reports_read_back(demo, reports, kind):
    book, period, this_year = reports.books[kind], reports.periods[kind], demo.today.year
    check_against_kpis_csv(book, period)
    wb = openpyxl.load_workbook(book)
    quarters = ["Kwartalen"] if parse_period(period).kind != "kwartaal" else []
    assert wb.sheetnames == ["Voorblad", "Samenvatting", "Ambities", *quarters, "Trends", *domain_sheets(), *TAIL]
    # the demo's register measures 8 of the 10 targets no export measures: only the warm handover and the
    # warm welcome are left (issue 29)
    not_measured = [r["Doel in het programma"] for r in table_rows(wb["Ambities"], "Tabel_Ambities_4")]
    assert len(not_measured) == 2 and all("warm" in goal for goal in not_measured)
    targets = table_rows(wb["Ambities"], "Tabel_Ambities_2")
    filled = [r for r in targets if r["Peildatum"] != "nog niet ingevuld"]
    assert len(filled) >= 8 and all(r["Gehaald"].removeprefix("voorlopig ") in ("ja", "nee") for r in filled)
    if kind == "jaar":  # this year is not over: a target's verdict is provisional, as the KPIs' are
        assert all(r["Gehaald"].startswith("voorlopig ") for r in filled)
    summary = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
    # the demo store starts on 1 January of last year: two years back is empty, not 0
    if kind == "jaar":
        assert all(r[f"Realisatie {this_year - 2}"] is None for r in summary)
        assert any(r[f"Realisatie {this_year - 1}"] for r in summary)
        # this year is not complete: its heading says up to which day, its verdicts are provisional
        assert any(h.startswith(f"Realisatie {this_year} t/m ") for h in summary[0])
        assert {r["Gehaald"] for r in summary if r["Gehaald"]} <= {"voorlopig ja", "voorlopig nee", "geen oordeel"}
    # Verantwoording writes its dates as the rest of the workbook does (issue 25): 06-12-2026, not 2026-12-06
    facts = {r["Gegeven"]: r["Waarde"] for r in table_rows(wb["Verantwoording"], "Tabel_Verantwoording_1")}
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}", facts["Tijdstip (UTC)"]), facts
    files = table_rows(wb["Verantwoording"], "Tabel_Verantwoording_2")
    # a month's weekly exports: "06 t/m 27-01-2025" (the first day's month and year are the last day's)
    assert all(re.match(r"(\d{2} t/m )?\d{2}-\d{2}-\d{4}", f["Exportmoment"]) for f in files), files[:3]
    for ws in wb:
        if ws.sheet_state == "hidden":
            continue
        assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape"), ws.title
        footer = ws.oddFooter
        assert footer is not None and footer.right.text is not None and footer.left.text is not None, ws.title
        assert "&P van &N" in footer.right.text and "Losser" in footer.left.text, ws.title
        assert not ws.merged_cells.ranges, ws.title


def test_libreoffice_prints_every_report_readably(reports):
    """The done-when of the printed appendix, measured on the PDFs `dvm report` wrote beside the
    workbooks (LibreOffice headless): A4 landscape; the Samenvatting on at most two pages with no text
    under 8 pt; no text under 7 pt anywhere; no two words overlapping; no ### for a number; no chart
    cut by a page break (every drawn object inside the margins, each chart's title printed); and the
    sheets printed in their order, none spilling onto an extra page sideways; every page in Carlito with
    Dutch numbers (issue 25: "75,9 %" and "23.040", not "75.9 %" and "23,040")."""
    for period, book in reports.books.items():  # period: its kind (jaar, kwartaal, fase)
        pdf = book.with_suffix(".pdf")
        assert pdf.exists(), f"geen PDF naast {book.name}: is LibreOffice geïnstalleerd? (make test doet dat)"
        pages = measure(pdf)
        assert all(abs(p.width - 841.89) < 1 and abs(p.height - 595.28) < 1 for p in pages), period
        summary = [p for p in pages if p.sheet == "Samenvatting"]
        assert 1 <= len(summary) <= 2, (period, len(summary))
        assert all(p.smallest is not None and p.smallest >= 8 for p in summary), period
        for p in pages:
            # set in Carlito (the layout's metrics), numbers the Dutch way whatever the machine's locale:
            # no "75.9 %" (a decimal point) and no "23,040" (a comma between thousands; "5,049 %" is a decimal)
            assert p.fonts <= {"Carlito", "Carlito-Bold", "Carlito-Italic"}, (period, p.number, p.fonts)
            assert not re.search(r"\b\d+\.\d %", p.text), (period, p.number, p.sheet)
            assert not re.search(r"(?<![\d.,-])\d{1,3},\d{3}(?![\d,]|[ \xa0]%)", p.text), (period, p.number, p.sheet)
            assert p.smallest is None or p.smallest >= 7, (period, p.number, p.sheet, p.smallest)
            assert not p.overlaps, (period, p.number, p.sheet, p.overlaps[:5])
            assert not p.hashes, (period, p.number, p.sheet)
            assert not p.outside, (period, p.number, p.sheet, p.outside)
        with zipfile.ZipFile(book) as z:
            titles = [
                t
                for n in z.namelist()
                if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
                for t in re.findall(r"<c:title>.*?<a:t>([^<]+)</a:t>", z.read(n).decode())
            ]
        assert titles, period
        for title in titles:
            assert any(title in p.text for p in pages), (period, title)
        # every sheet printed in its order, on the pages the renderer laid out (its manual page breaks
        # + 1): no sheet spilled sideways onto extra pages, none was broken where the layout did not
        printed: dict[str, int] = {}
        for p in pages:
            printed[p.sheet] = printed.get(p.sheet, 0) + 1
        laid_out = {
            ws.title: len(ws.row_breaks.brk) + 1 for ws in openpyxl.load_workbook(book) if ws.sheet_state != "hidden"
        }
        assert list(printed.items()) == list(laid_out.items()), period


def test_as_of_reproduces_a_delivered_report_after_a_later_load(demo, reports, tmp_path):
    home = copy_of(reports.home, tmp_path)  # this test loads more into the store
    quarter = reports.periods["kwartaal"]
    delivered = books(home, quarter)
    before = cell_values(delivered)
    version = next(
        r["Waarde"]
        for r in table_rows(openpyxl.load_workbook(delivered)["Verantwoording"], "Tabel_Verantwoording_1")
        if r["Gegeven"] == "Opslagversie"
    )
    # a later export adds calls to Losser in that quarter
    start = parse_period(quarter).start
    extra = tmp_path / "in"
    extra.mkdir()
    lines = [
        "CallId,StartTimeUTC,Queue,CallerNumber,WaitSeconds,TalkSeconds,HoldSeconds,WrapUpSeconds,"
        "Outcome,TransferredTo,AgentId,DialledNumber"
    ]
    lines += [
        f"LATE{i:04d},{start:%Y-%m-%d}T{8 + i % 8:02d}:{i % 60:02d}:00Z,LOS-KCC,0600000000,12,200,0,30,"
        f"Answered,,A0,0534000000"
        for i in range(40)
    ]
    stamp = demo.today.strftime("%Y%m%d") + "T2359"
    (extra / f"kcc_gesprekken_{stamp}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(["ingest", str(extra), "--home", str(home)]) == 0
    assert run(["report", quarter, "--gemeente", "Losser", "--home", str(home)]) == 0
    assert cell_values(delivered) != before  # the store changed: today's report differs
    assert run(["report", quarter, "--gemeente", "Losser", "--as-of", version, "--home", str(home)]) == 0
    assert cell_values(delivered) == before  # every cell as delivered, apart from run id and time


def cell_values(book: Path) -> dict:
    """Every cell value of the workbook, without the run id and run time (Verantwoording, Voorblad)."""
    wb = openpyxl.load_workbook(book)
    values = {}
    for ws in wb:
        for row in ws.iter_rows():
            if row[0].value in ("Run-id", "Tijdstip (UTC)", "Gemaakt op"):
                continue
            values.update({(ws.title, c.coordinate): c.value for c in row if c.value is not None})
    return values
