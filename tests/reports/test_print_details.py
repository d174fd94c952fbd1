"""Small things a controller sees on paper (issue 25, item 6): headers that keep their dates whole,
chart ticks on round numbers, no configuration jargon, no empty columns, plain Dutch."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime

import openpyxl
import polars as pl

from reports import theme
from reports.excel import write_workbook
from reports.tables import Chart, Sheet, Table, Workbook

CREATED = datetime(2026, 12, 6, 6, 0)


def test_a_header_with_dates_is_broken_between_words_never_inside_a_date(tmp_path):
    # a phase's clipped year: "Realisatie 2025 (01-07 t/m 31-12)" over a narrow column of numbers, which
    # LibreOffice would break after a hyphen ("(01-" / "07 t/m 31-" / "12)"); the renderer writes its
    # own line breaks, at spaces, so every date stays on one line
    frame = pl.DataFrame({"indicator": ["Aangeboden"], "p0": [23040.0], "p1": [75.9]})
    table = Table(
        "Per jaar",
        frame,
        column_labels={"indicator": "Indicator", "p0": "Realisatie 2025 (01-07 t/m 31-12)", "p1": "Realisatie 2026"},
        number_formats={"p0": "aantal", "p1": "percentage"},
    )
    path = write_workbook(Workbook([Sheet("Kwartalen", "Fase", [table])]), tmp_path / "h.xlsx", CREATED)
    ws = openpyxl.load_workbook(path)["Kwartalen"]
    header = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "(01-07" in c.value)
    lines = header.value.split("\n")
    assert len(lines) > 1 and " ".join(lines) == "Realisatie 2025 (01-07 t/m 31-12)"
    assert not [line for line in lines if line.endswith("-")], lines  # no line ends inside a date
    assert all(re.search(r"\b\d{2}-\d{2}\b", line) or "-" not in line for line in lines), lines


def test_chart_ticks_are_round_numbers(tmp_path):
    # case handling within term per month, 75.2 .. 91.8 % against a norm of 80: the axis runs from a
    # multiple of its step to a multiple of it, and the step is set, so the ticks are 70, 75, 80, ...
    # worked out: spread 91.8 - 75.2 = 16.6, 3.32 a part -> step 5 (not 2.5, whose 77.5 prints as 78);
    # bottom floor((75.2 - 4.15) / 5) * 5 = 70; top ceil((91.8 + 2.49) / 5) * 5 = 95
    assert theme.axis_scale([75.2, 91.8], 80.0, "percentage", from_zero=False) == (70.0, 95.0, 5.0)
    chart = Chart(
        "Binnen termijn per maand",
        kind="line",
        data=pl.DataFrame({"maand": ["jan", "feb", "mrt"], "pct": [75.2, 83.0, 91.8]}),
        category="maand",
        series=["pct"],
        norm=80.0,
        y_kind="percentage",
        alt_text="Lijngrafiek.",
    )
    path = write_workbook(Workbook([Sheet("Trends", "Trends", [chart])]), tmp_path / "c.xlsx", CREATED)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    low, high = (
        float(re.search(r'<c:min val="([\d.]+)"/>', xml)[1]),
        float(re.search(r'<c:max val="([\d.]+)"/>', xml)[1]),
    )
    unit = float(re.search(r'<c:majorUnit val="([\d.]+)"/>', xml)[1])
    assert unit == 5.0 and low % unit == 0 and high % unit == 0, (low, high, unit)
