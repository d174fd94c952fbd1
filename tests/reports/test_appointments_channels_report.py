"""The Afspraken and Kanalen sheets, rendered and read back with openpyxl."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from xml.etree import ElementTree

import openpyxl
import polars as pl
import pytest

from reports.appointments_report import appointments_sheet
from reports.channels_report import channels_sheet
from reports.excel import write_workbook
from reports.tables import Workbook
from tests.reports.conftest import HYPERLINK, inputs_for, kpi_rows
from tests.reports.test_excel import table_rows

CREATED = datetime(2026, 8, 1, 6, 30, 0)


def afs(
    periode: str,
    groep: str | None,
    booked: int,
    noshow: tuple[int, int],
    wait: tuple[int, int],
    lead: float | None,
    online: tuple[int, int],
    evening: tuple[int, int],
) -> list[tuple]:
    def pct(t: tuple[int, int]) -> float | None:
        return t[0] * 100 / t[1] if t[1] else None

    return [
        ("Losser", periode, "afs_gepland", groep, float(booked), None, None, None, None),
        ("Losser", periode, "afs_noshow_pct", groep, pct(noshow), *noshow, None, None),
        (
            "Losser",
            periode,
            "afs_wachttijd_binnen_norm_pct",
            groep,
            pct(wait),
            *wait,
            90.0,
            None if (share := pct(wait)) is None else share >= 90,
        ),
        ("Losser", periode, "afs_boekingstermijn_mediaan_d", groep, lead, None, booked, None, None),
        ("Losser", periode, "afs_online_geboekt_pct", groep, pct(online), *online, None, None),
        ("Losser", periode, "afs_avond_pct", groep, pct(evening), *evening, None, None),
    ]


@pytest.fixture
def appointment_kpis():
    # The quarter 2026-Q3 with two months shown. Totals: 50 booked in Q3, of which 5 in the evening.
    return kpi_rows(
        [
            *afs("2026-Q3", None, 50, (3, 45), (36, 40), 9.0, (35, 50), (5, 50)),
            *afs("2026-Q3", "product=PASAAN", 30, (2, 27), (20, 24), 12.0, (24, 30), (4, 30)),
            *afs("2026-Q3", f"product={HYPERLINK}", 20, (1, 18), (16, 16), 5.0, (11, 20), (1, 20)),
            *afs("2026-Q3", "locatie=Gemeentehuis Losser", 50, (3, 45), (36, 40), 9.0, (35, 50), (5, 50)),
            *afs("2026-Q3", "dagdeel=avond", 5, (1, 4), (3, 4), 6.0, (5, 5), (5, 5)),
            *afs("2026-Q3", "dagdeel=overdag", 45, (2, 41), (33, 36), 9.0, (30, 45), (0, 45)),
            *afs("2026-07", None, 30, (2, 28), (20, 25), 8.0, (20, 30), (3, 30)),
            *afs("2026-07", "dagdeel=avond", 3, (1, 3), (2, 3), 5.0, (3, 3), (3, 3)),
            *afs("2026-07", "dagdeel=overdag", 27, (1, 25), (18, 22), 8.0, (17, 27), (0, 27)),
            *afs("2026-08", None, 20, (1, 17), (16, 15 + 1), 10.0, (15, 20), (2, 20)),
            *afs("2026-08", "dagdeel=avond", 2, (0, 1), (1, 1), 7.0, (2, 2), (2, 2)),
            *afs("2026-08", "dagdeel=overdag", 18, (1, 16), (15, 15), 10.0, (13, 18), (0, 18)),
        ]
    )


def render(sheet, tmp_path):
    path = write_workbook(Workbook([sheet], footer_text="Losser"), tmp_path / "b.xlsx", CREATED)
    return path, openpyxl.load_workbook(path)


def test_appointments_sheet_per_product_location_month_and_evening(appointment_kpis, tmp_path):
    sheet = appointments_sheet(inputs_for(appointment_kpis, "2026-Q3", product_names={"PASAAN": "Paspoort aanvragen"}))
    path, wb = render(sheet, tmp_path)
    ws = wb["Afspraken"]
    products = table_rows(ws, "Tabel_Afspraken_1")
    # sorted by code: "=HYPERLINK..." before "PASAAN"; the formula-looking code stays text
    assert [(p["Productcode"], p["Product"], p["Geboekt"]) for p in products] == [
        (HYPERLINK, None, 20),
        ("PASAAN", "Paspoort aanvragen", 30),
    ]
    pas = products[1]
    assert pas["Niet verschenen %"] == pytest.approx(200 / 27)  # 2 of 27 due
    assert pas["Binnen 10 min. %"] == pytest.approx(2000 / 24)
    assert (pas["Mediane boekingstermijn (dagen)"], pas["Online geboekt %"]) == (12, 80)
    assert [(r["Locatie"], r["Geboekt"]) for r in table_rows(ws, "Tabel_Afspraken_2")] == [("Gemeentehuis Losser", 50)]
    months = table_rows(ws, "Tabel_Afspraken_3")
    # September has no rows: an empty row, never 0
    assert [(m["Maand"], m["Geboekt"], m["Avond %"]) for m in months] == [
        ("jul 2026", 30, 10),
        ("aug 2026", 20, 10),
        ("sep 2026", None, None),
    ]
    evening = table_rows(ws, "Tabel_Afspraken_4")
    # the period first, then the months: evening booked 5 of 50 = 10 %; no-show evening 1/4 = 25 %,
    # daytime 2/41; the months' evening rows 3 and 2 add up to the period's 5.
    assert [
        (e["Periode"], e["Geboekt, totaal"], e["Geboekt in de avond"], e["Avond % van geboekt"]) for e in evening
    ] == [("Hele periode", 50, 5, 10), ("jul 2026", 30, 3, 10), ("aug 2026", 20, 2, 10), ("sep 2026", None, None, None)]
    assert evening[0]["Niet verschenen % avond"] == 25
    assert evening[0]["Niet verschenen % overdag"] == pytest.approx(200 / 41)
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
        drawn = ElementTree.fromstring(z.read("xl/drawings/drawing1.xml")).find(
            ".//{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}cNvPr"
        )
        assert drawn is not None
        descr = drawn.get("descr", "")
    assert "norm 90 %" in chart and "norm van 90 procent" in descr
    # small numbers: the evening's no-show 1 of 4 is marked (fewer than 30 records)
    cell = next(c for row in ws.iter_rows() for c in row if c.value == 25)
    assert cell.number_format.endswith('"*"')
    assert not [c for w in wb for row in w.iter_rows() for c in row if c.data_type == "f"]


def kanaal(periode: str, counts: dict[str, int]) -> list[tuple]:
    total = sum(counts.values())
    digital = counts.get("email", 0) + counts.get("webformulier", 0) + counts.get("sociale_media", 0)
    return [
        ("Losser", periode, "kanaal_contacten", None, float(total), None, None, None, None),
        (
            "Losser",
            periode,
            "kanaal_digitaal_pct",
            None,
            digital * 100 / total if total else None,
            digital,
            total,
            None,
            None,
        ),
        *[
            ("Losser", periode, "kanaal_contacten", f"kanaal={k}", float(counts.get(k, 0)), None, None, None, None)
            for k in ("telefoon", "balie", "email", "webformulier", "post", "sociale_media")
        ],
    ]


JULY = {"telefoon": 100, "balie": 40, "email": 30, "webformulier": 20, "post": 5, "sociale_media": 5}  # 200
AUGUST = {"telefoon": 90, "balie": 30, "email": 40, "webformulier": 30, "post": 5, "sociale_media": 5}  # 200
JULY_2025 = {"telefoon": 120, "balie": 50, "email": 20, "webformulier": 10}  # 200, digital 30 = 15 %


@pytest.fixture
def channel_kpis():
    q3 = {k: JULY[k] + AUGUST[k] for k in JULY}
    return kpi_rows(
        [
            *kanaal("2026-Q3", q3),
            *kanaal("2026-07", JULY),
            *kanaal("2026-08", AUGUST),
            # a year earlier: July has data, August none (the store starts later): shown empty, not 0
            *kanaal("2025-Q3", JULY_2025),
            *kanaal("2025-07", JULY_2025),
            *kanaal("2025-08", {}),
        ]
    )


def test_channels_sheet_stacks_months_and_compares_with_a_year_earlier(channel_kpis, tmp_path):
    sheet = channels_sheet(inputs_for(channel_kpis, "2026-Q3"))
    path, wb = render(sheet, tmp_path)
    ws = wb["Kanalen"]
    months = table_rows(ws, "Tabel_Kanalen_1")
    assert [m["Maand"] for m in months] == ["jul 2026", "aug 2026", "sep 2026"]
    july, august, september = months
    assert september["Totaal"] is None  # no rows for September: empty
    assert [july[h] for h in ("Telefoon", "Balie", "E-mail", "Webformulier", "Post", "Sociale media", "Totaal")] == [
        100,
        40,
        30,
        20,
        5,
        5,
        200,
    ]
    assert july["Digitaal aandeel %"] == 27.5  # (30 + 20 + 5) / 200
    assert august["Digitaal aandeel %"] == 37.5  # (40 + 30 + 5) / 200
    assert (july["Totaal een jaar eerder"], july["Digitaal % een jaar eerder"]) == (200, 15)
    assert (august["Totaal een jaar eerder"], august["Digitaal % een jaar eerder"]) == (None, None)
    compare = table_rows(ws, "Tabel_Kanalen_2")
    assert [(c["Kanaal"], c["2026-Q3"], c["2025-Q3"]) for c in compare] == [
        ("Telefoon", 190, 120),
        ("Balie", 70, 50),
        ("E-mail", 70, 20),
        ("Webformulier", 50, 10),
        ("Post", 10, 0),
        ("Sociale media", 10, 0),
    ]
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = [z.read(n).decode() for n in charts]
    assert len(xml) == 2
    assert '<c:grouping val="stacked"/>' in xml[0] and xml[0].count("<c:ser>") == 6
    assert "<c:lineChart>" in xml[1] and xml[1].count("<c:ser>") == 2


def test_a_range_has_no_year_earlier_columns(channel_kpis, tmp_path):
    ranged = channel_kpis.filter(pl.col("periode").is_in(["2026-07", "2026-08"])).vstack(
        channel_kpis.filter(pl.col("periode") == "2026-Q3").with_columns(periode=pl.lit("2026-07-01..2026-08-31"))
    )
    _, wb = render(channels_sheet(inputs_for(ranged, "2026-07-01..2026-08-31")), tmp_path)
    months = table_rows(wb["Kanalen"], "Tabel_Kanalen_1")
    assert [m["Maand"] for m in months] == ["jul 2026", "aug 2026"]
    assert "Totaal een jaar eerder" not in months[0]


def test_a_partial_period_says_its_last_day_in_the_title_the_months_the_charts_and_the_comparison(
    channel_kpis, tmp_path
):
    # the data runs to 20 August 2026: the quarter and August are partial, July is whole; 2025-Q3 is whole
    until = {"2026-Q3": date(2026, 8, 20), "2026-08": date(2026, 8, 20)}
    _, wb = render(channels_sheet(inputs_for(channel_kpis, "2026-Q3", until=until)), tmp_path)
    ws = wb["Kanalen"]
    assert ws["A1"].value == "Kanalen Losser: 2026-Q3 t/m 20-08"
    months = table_rows(ws, "Tabel_Kanalen_1")
    assert [m["Maand"] for m in months] == ["jul 2026", "aug 2026 t/m 20-08", "sep 2026"]
    # the quarter up to 20-08 beside the whole quarter a year earlier: said plainly, in the heading and a note
    compare = table_rows(ws, "Tabel_Kanalen_2")
    assert list(compare[0]) == ["Kanaal", "2026-Q3 t/m 20-08", "2025-Q3, hele periode"]
    notes = " ".join(str(c.value) for c in ws["A"] if c.value)
    assert "2026-Q3 t/m 20-08 is onvolledig (gegevens tot en met 20-08-2026), 2025-Q3 is de hele periode" in notes
    # the charts' month axis marks the partial month as the table does
    ticks = {c.value for s in wb for row in s.iter_rows() for c in row if isinstance(c.value, str)}
    assert {"jul", "aug t/m 20", "sep"} <= ticks


def test_a_partial_month_on_the_telephony_sheet(monthly, tmp_path):
    from reports.telephony_report import telephony_sheet

    _, wb = render(telephony_sheet(inputs_for(monthly, "2026-08", until={"2026-08": date(2026, 8, 20)})), tmp_path)
    ws = wb["Telefonie"]
    assert ws["A1"].value == "Telefonie Losser: 2026-08 t/m 20-08, per maand"
    assert [r["Maand"] for r in table_rows(ws, "Tabel_Telefonie_1")] == ["aug 2026 t/m 20-08"]
