"""The Samenvatting (the published table), the cover page and the texts built from the configured
norms: hand-made KPI rows, rendered, read back."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, time

import openpyxl

from core.catalogue import Parameters
from flows.wiring import SHEETS
from reports.appendix import build_appendix
from reports.excel import render
from reports.summary import headline_rows, summary_sheet
from reports.tables import Workbook
from tests.reports.conftest import inputs_for, kpi_rows
from tests.reports.test_excel import table_rows

CREATED = datetime(2026, 12, 1, 6, 30)


def year_rows(year: str, offered: float, within: int, judged: int, first: int, answered: int) -> list[tuple]:
    """Losser's telephony totals for one year (no groups): service level within / judged, norm 80."""
    return [
        ("Losser", year, "tel_aangeboden", None, offered, None, None, None, None),
        (
            "Losser",
            year,
            "tel_servicelevel_pct",
            None,
            within * 100 / judged,
            within,
            judged,
            80.0,
            within * 100 / judged >= 80,
        ),
        (
            "Losser",
            year,
            "tel_eerstelijn_pct",
            None,
            first * 100 / answered,
            first,
            answered,
            80.0,
            first * 100 / answered >= 80,
        ),
        ("Losser", year, "tel_wachttijd_gem_s", None, None, 0, 0, None, None),
        ("Losser", year, "tel_tweedelijn_bereikbaar_pct", "team=PVH", 50.0, 1, 2, None, None),
    ]


def book_of(inputs) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(Workbook([summary_sheet(inputs)]), CREATED).data))


def test_the_published_table_t2_t1_t_with_norm_target_and_verdict():
    # 2025: 870 of 1,000 within 30 s = 87.0 % (met); first line 700 of 1,000 = 70.0 % (missed).
    # 2026 (whole year in this fixture): 790 of 1,000 = 79.0 % (missed); 810 of 1,000 = 81.0 % (met).
    # 2024: no rows at all: an empty column, never 0.
    kpis = kpi_rows(
        [*year_rows("2025", 21000.0, 870, 1000, 700, 1000), *year_rows("2026", 20000.0, 790, 1000, 810, 1000)]
    )
    wb = book_of(inputs_for(kpis, "2026"))
    rows = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
    assert list(rows[0]) == [
        "Indicator",
        "Norm",
        "Streefwaarde",
        "Realisatie 2024",
        "Realisatie 2025",
        "Realisatie 2026",
        "Gehaald",
        "Toelichting",
    ]
    by_label = {r["Indicator"]: r for r in rows}
    assert rows[0]["Indicator"] == "Telefonie (KCC)"  # a section row heads the domain
    service = by_label["Telefoon binnen 30 seconden opgenomen"]
    assert (service["Realisatie 2024"], service["Realisatie 2025"], service["Realisatie 2026"]) == (None, 87.0, 79.0)
    assert (service["Norm"], service["Streefwaarde"], service["Gehaald"]) == (
        "Binnen 30 seconden iemand aan de lijn",
        "minimaal 80 %",
        "nee",
    )
    assert by_label["Vraag beantwoord in de eerste lijn"]["Gehaald"] == "ja"
    offered = by_label["Aangeboden telefoongesprekken"]
    assert (offered["Realisatie 2026"], offered["Norm"], offered["Gehaald"]) == (20000.0, None, None)
    assert by_label["Gemiddelde wachttijd tot opnemen"]["Realisatie 2026"] is None  # noemer 0: empty
    # breakdowns (teams) are not in the published table; they stay on the detail sheets and in kpis.csv
    assert not [r for r in rows if "team" in (r["Indicator"] or "").lower()]
    ws = wb["Samenvatting"]
    header = next(c.row for c in ws["A"] if c.value == "Indicator")
    cell = next(ws.cell(r, 6) for r in range(header + 1, header + 8) if ws.cell(r, 1).value == service["Indicator"])
    assert cell.number_format == '0.0" %"'  # the unit in the cell: the column mixes units
    assert cell.row is not None
    verdict = ws.cell(cell.row, 7)
    assert verdict.fill.fgColor.rgb.endswith("FFC7CE")  # nee: red, and the word, never colour alone


def test_a_partial_period_is_labelled_with_its_last_day_and_its_verdicts_are_provisional():
    kpis = kpi_rows(
        [*year_rows("2025", 21000.0, 870, 1000, 700, 1000), *year_rows("2026", 15000.0, 850, 1000, 700, 1000)]
    )
    inputs = inputs_for(kpis, "2026", until={"2026": date(2026, 9, 30)})
    wb = book_of(inputs)
    rows = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
    assert "Realisatie 2026 t/m 30-09" in rows[0]
    by_label = {r["Indicator"]: r for r in rows}
    assert by_label["Telefoon binnen 30 seconden opgenomen"]["Gehaald"] == "voorlopig ja"  # 85.0 >= 80
    assert by_label["Vraag beantwoord in de eerste lijn"]["Gehaald"] == "voorlopig nee"  # 70.0 < 80
    notes = [c.value for c in wb["Samenvatting"]["A"] if c.value]
    assert any("2026 t/m 30-09: onvolledige periode, de gegevens lopen tot en met 30-09-2026" in n for n in notes)
    assert wb["Samenvatting"]["A1"].value == "Dienstverlening Losser: 2026 t/m 30-09"
    # the Prefect UI's headline rows say the same
    assert {r["Indicator"]: r["Gehaald"] for r in headline_rows(inputs)}[
        "Telefoon binnen 30 seconden opgenomen"
    ] == "voorlopig ja"


def test_a_ratio_over_fewer_than_30_records_is_marked_and_gets_no_verdict():
    # 2026-07: 2 calls judged, both late: 0.0 %, but 2 < 30 records -> shown with *, no verdict
    kpis = kpi_rows([("Losser", "2026-07", "tel_servicelevel_pct", None, 0.0, 0, 2, 80.0, False)])
    wb = book_of(inputs_for(kpis, "2026-07"))
    rows = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
    service = next(r for r in rows if r["Indicator"] == "Telefoon binnen 30 seconden opgenomen")
    assert (service["Realisatie 2026-07"], service["Gehaald"], service["Toelichting"]) == (
        0.0,
        "geen oordeel",
        "klein aantal: 2 waarnemingen",
    )
    ws = wb["Samenvatting"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == 0.0)
    assert cell.number_format == '0.0" %""*"'
    assert any(str(c.value).startswith("* Klein aantal: minder dan 30 waarnemingen") for c in ws["A"] if c.value)


def test_a_configured_norm_changes_every_text_that_names_it():
    # the desk wait norm configured at 15 minutes (and T at 20 s): no text may still say 10 minutes (or 30 s)
    kpis = kpi_rows(
        [
            ("Losser", "2026-07", "afs_wachttijd_binnen_norm_pct", None, 92.0, 92, 100, 90.0, True),
            ("Losser", "2026-07", "afs_gepland", None, 120.0, None, None, None, None),
            ("Losser", "2026-07", "tel_servicelevel_pct", None, 85.0, 85, 100, 80.0, True),
        ]
    )
    inputs = inputs_for(
        kpis, "2026-07", parameters=Parameters(answer_norm_s=20, wait_norm_minutes=15, evening_from=time(18, 0))
    )
    data = render(build_appendix(inputs, SHEETS), CREATED).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "15 minuten" in text and "10 minuten" not in text and "10 min" not in text
    assert "20 seconden" in text and "30 seconden" not in text
    assert "18:00" in text and "17:00" not in text
    wb = openpyxl.load_workbook(io.BytesIO(data))
    rows = table_rows(wb["Samenvatting"], "Tabel_Samenvatting_1")
    desk = next(r for r in rows if r["Indicator"] == "Balie: binnen 15 minuten geholpen")
    assert desk["Norm"] == "Met afspraak binnen 15 minuten geholpen"
    definitions = table_rows(wb["Definities"], "Tabel_Definities_1")
    assert (
        next(d for d in definitions if d["KPI-code (kpis.csv)"] == "afs_wachttijd_binnen_norm_pct")["Indicator"]
        == "Balie: binnen 15 minuten geholpen"
    )


def test_the_cover_names_the_period_the_data_and_every_sheet():
    kpis = kpi_rows([*year_rows("2026", 15000.0, 850, 1000, 700, 1000)])
    wb = openpyxl.load_workbook(
        io.BytesIO(
            render(build_appendix(inputs_for(kpis, "2026", until={"2026": date(2026, 11, 30)}), SHEETS), CREATED).data
        )
    )
    assert wb.sheetnames[0] == "Voorblad"
    cover = wb["Voorblad"]
    assert cover["A1"].value == "Jaarbijlage 2026 t/m 30-11"
    facts = {r["Gegeven"]: r["Waarde"] for r in table_rows(cover, "Tabel_Voorblad_1")}
    assert facts["Periode"] == "01-01-2026 tot en met 31-12-2026"
    assert facts["Gegevens tot en met"].startswith("30-11-2026 (de periode is nog niet compleet")
    assert facts["Opslagversie"] == "7"
    assert facts["Gemaakt op"] == "01-08-2026 06:30 (UTC)"  # the run's time (conftest), in no configured zone
    contents = [r["Blad"] for r in table_rows(cover, "Tabel_Voorblad_2")]
    assert contents == [s for s in wb.sheetnames if s not in ("Voorblad", "Grafiekgegevens")]
    assert all(r["Wat er staat"] for r in table_rows(cover, "Tabel_Voorblad_2"))


def test_the_cover_says_when_it_was_made_in_the_configured_time_zone():
    kpis = kpi_rows([*year_rows("2026", 15000.0, 850, 1000, 700, 1000)])
    # run at 2026-08-01 06:30 UTC (conftest): summer time in the Netherlands, UTC+2 -> 08:30
    amsterdam = replace(inputs_for(kpis, "2026"), timezone="Europe/Amsterdam")
    # 2026-12-01 23:30 UTC: winter time, UTC+1 -> 00:30 the next day
    winter = replace(amsterdam, run_time=datetime(2026, 12, 1, 23, 30, tzinfo=UTC))
    other = replace(inputs_for(kpis, "2026"), timezone="America/Curacao")  # UTC-4 -> 02:30

    def made(inputs) -> str:
        wb = openpyxl.load_workbook(io.BytesIO(render(build_appendix(inputs, SHEETS), CREATED).data))
        return {r["Gegeven"]: r["Waarde"] for r in table_rows(wb["Voorblad"], "Tabel_Voorblad_1")}["Gemaakt op"]

    assert made(amsterdam) == "01-08-2026 08:30 (Nederlandse tijd)"
    assert made(winter) == "02-12-2026 00:30 (Nederlandse tijd)"
    assert made(other) == "01-08-2026 02:30 (America/Curacao)"


def test_a_figure_beside_its_verdict_shows_the_decimals_that_agree_with_it():
    # lost calls 5,049 of 100,000 = 5.049 % against "maximaal 5 %": exact 5.049 > 5, so "nee"; shown with
    # one decimal it would read 5.0 (which meets the norm), so it shows two: 5.05.
    # service level 7,997 of 10,000 = 79.97 % against "minimaal 80 %": "nee"; 80.0 would meet it, 79.97 not.
    # first line 810 of 1,000 = 81.0 %: one decimal agrees with "ja" already.
    kpis = kpi_rows(
        [
            ("Losser", "2026", "tel_verloren_pct", None, 5049 * 100 / 100000, 5049, 100000, 5.0, False),
            ("Losser", "2026", "tel_servicelevel_pct", None, 7997 * 100 / 10000, 7997, 10000, 80.0, False),
            ("Losser", "2026", "tel_eerstelijn_pct", None, 81.0, 810, 1000, 80.0, True),
        ]
    )
    inputs = inputs_for(kpis, "2026")
    ws = book_of(inputs)["Samenvatting"]
    shown = {
        ws.cell(c.row, 1).value: (c.number_format, ws.cell(c.row, c.column + 1).value)
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, (int, float)) and c.number_format.endswith('%"')
    }
    assert shown == {
        "Verloren telefoongesprekken": ('0.00"\u00a0%"', "nee"),  # a no-break space: see theme.number_format
        "Telefoon binnen 30 seconden opgenomen": ('0.00"\u00a0%"', "nee"),
        "Vraag beantwoord in de eerste lijn": ('0.0" %"', "ja"),
    }
    # the Prefect UI's headline figures agree with their verdicts the same way
    assert {r["Indicator"]: (r["Realisatie"], r["Gehaald"]) for r in headline_rows(inputs)} == {
        "Verloren telefoongesprekken": ("5,05 %", "nee"),
        "Telefoon binnen 30 seconden opgenomen": ("79,97 %", "nee"),
        "Vraag beantwoord in de eerste lijn": ("81,0 %", "ja"),
    }


def test_the_definitions_say_the_verdict_judges_the_exact_figure():
    from reports.accountability import definitions_sheet

    kpis = kpi_rows([("Losser", "2026", "tel_verloren_pct", None, 5.049, 5049, 100000, 5.0, False)])
    ws = openpyxl.load_workbook(
        io.BytesIO(render(Workbook([definitions_sheet(inputs_for(kpis, "2026"))]), CREATED).data)
    )["Definities"]
    notes = " ".join(str(c.value) for c in ws["A"] if c.value)
    assert "vergelijkt de exacte realisatie met de streefwaarde, niet het afgeronde getal" in notes
    assert "5,05 % bij 'maximaal 5 %' is niet gehaald" in notes
