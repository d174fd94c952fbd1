"""`dvm demo` as a user runs it: both gemeenten get a workbook whose Samenvatting holds every
KPI of the catalogue, with the same figures as kpis.csv; a second run changes nothing."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from dvm.catalogue import KPIS
from dvm.cli import run
from dvm.periods import parse_period, summary_columns
from tests.reports.test_excel import table_rows

pytestmark = pytest.mark.slow


def test_the_demo_reports_every_kpi_for_both_gemeenten(tmp_path, capsys):
    home = tmp_path / "dvm"
    assert run(["demo", "--home", str(home)]) == 0
    printed = capsys.readouterr().out.splitlines()
    books = [line for line in printed if line.endswith(".xlsx")]
    assert [b.rsplit("/", 1)[1].split("_")[1] for b in books] == ["Enschede", "Losser"]
    quarter = printed[0].split("kwartaal ")[1].split(",")[0]
    for book in books:
        wb = openpyxl.load_workbook(book)
        assert wb.sheetnames == ["Samenvatting", "Trends", "Telefonie", "Zaken", "Afspraken", "Kanalen", "Datakwaliteit",
                                 "Definities", "Verantwoording"]
        summary = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
        assert {k.code for k in KPIS} <= {r["KPI-code"] for r in summary}
        with open(book.rsplit("/", 1)[0] + "/kpis.csv", encoding="utf-8") as fh:
            csv_rows = {(r["periode"], r["kpi"], r["groep"]): r for r in csv.DictReader(fh)}
        assert len(summary) == len([k for k in csv_rows if k[0] == quarter])
        # every realisation column (this quarter, the previous one, a year earlier, the year to
        # date) equals kpis.csv for its periode; empty where kpis.csv has no row for it
        for column in summary_columns(parse_period(quarter)):
            for row in summary:
                expected = csv_rows.get((column.period.label, row["KPI-code"], row["Groep"] or ""))
                value = row[column.heading]
                if expected is None or expected["waarde"] == "":
                    assert value is None, (column.heading, row)
                else:  # kpis.csv carries 4 decimals; the workbook the full value (shown with 1)
                    assert round(value, 4) == float(expected["waarde"]), (column.heading, row)
        for row in summary:
            expected = csv_rows[(quarter, row["KPI-code"], row["Groep"] or "")]
            assert row["Noemer"] == (int(expected["noemer"]) if expected["noemer"] else None), row
        assert not [c for ws in wb for r in ws.iter_rows() for c in r if c.data_type == "f"]

    assert run(["demo", "--home", str(home)]) == 0
    assert "ongewijzigd" in capsys.readouterr().out
