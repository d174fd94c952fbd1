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
    header = next(c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "(01-07" in c.value)
    lines = str(header).split("\n")
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
    low, high, unit = (float(re.findall(rf'<c:{tag} val="([\d.]+)"/>', xml)[0]) for tag in ("min", "max", "majorUnit"))
    assert unit == 5.0 and low % unit == 0 and high % unit == 0, (low, high, unit)


def _checks(examples: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "dataset": ["dagtotalen gesprekken", "dagtotalen gesprekken"],
            "verwachting": ["gestart_op ligt na 2000 (aannemelijk)", "wacht_s is altijd gevuld"],
            "kolom": ["gestart_max", "wacht_s"],
            "kritiek": [False, True],
            "geslaagd": [False, True],
            "afwijkend": [1, 0],
            "voorbeelden": examples,
        }
    )


def test_the_checks_speak_dutch_and_an_empty_examples_column_is_left_out(tmp_path):
    from dataclasses import replace

    from reports.accountability import checks_sheet, quality_sheet
    from tests.reports.conftest import inputs_for, kpi_rows
    from tests.reports.test_excel import table_rows

    kpis = kpi_rows([("Losser", "2026-07", "tel_aangeboden", None, 10.0, None, None, None, None)])
    unknown = pl.DataFrame(
        {
            "soort": ["wachtrij"],
            "waarde": ["LOS-NIEUW"],
            "aantal": [12],
            "toelichting": [
                "gesprekken van 01-07 t/m 02-07: in geen gemeente geteld; voeg de wachtrij toe aan [[queues]]"
            ],
        }
    )
    inputs = replace(inputs_for(kpis, "2026-07"), checks=_checks([None, None]), unknown=unknown)
    book = Workbook([quality_sheet(inputs), checks_sheet(inputs)])
    wb = openpyxl.load_workbook(write_workbook(book, tmp_path / "k.xlsx", CREATED))
    checks = table_rows(wb["Controles"], "Tabel_Controles_1")
    assert "Voorbeelden" not in checks[0]  # no check has an example: no empty column
    assert [(c["Controle"], c["Kolom"]) for c in checks] == [
        ("begintijd ligt na 2000 (aannemelijk)", "laatste begintijd"),
        ("wachttijd is altijd gevuld", "wachttijd"),
    ]
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert "[[queues]]" not in text and "gestart_max" not in text and "wacht_s" not in text
    assert "de beheerder neemt de wachtrij op in de configuratie" in text
    assert "voorbeelden: enkele van die waarden" not in text
    # with an example the column is there, and its note explains it
    inputs = replace(inputs, checks=_checks(["1999-12-31 23:00", None]))
    wb = openpyxl.load_workbook(write_workbook(Workbook([checks_sheet(inputs)]), tmp_path / "v.xlsx", CREATED))
    assert table_rows(wb["Controles"], "Tabel_Controles_1")[0]["Voorbeelden"] == "1999-12-31 23:00"


def test_the_definitions_have_no_placeholders():
    from core.catalogue import Parameters, texts

    for code, text in texts(Parameters()).items():
        assert "=<" not in text.definition, (code, text.definition)
