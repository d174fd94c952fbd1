"""The dashboard's content from small hand-made KPI frames: periods, numbers and verdicts in Dutch,
the overview's tiles and headlines, the trend, the public build's withheld small numbers, the CSV
downloads in the kpis.csv format, the prognosis page."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from reports.cases_report import cases_sheet
from reports.dashboard.content import (
    DashboardInputs,
    dashboard_periods,
    domain_page,
    gemeente_site,
    headline,
    month_name,
    overview_page,
    prognosis_page,
    value_text,
    verdict_words,
)
from reports.dashboard.svg import render
from reports.kpis_csv import COLUMNS, kpis_csv_text
from reports.tables import Table as SheetTable
from tests.reports.conftest import inputs_for, kpi_rows
from transforms.prognosis import NOTE_DISAGREE, PROGNOSIS_SCHEMA

MADE = datetime(2026, 9, 1, 6, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.mark.parametrize(
    ("last", "month", "quarter", "year", "first_month"),
    [
        # data up to 5 December: November is the last full month, Q3 the last full quarter (Q4 ends 31-12)
        (date(2026, 12, 5), "2026-11", "2026-Q3", "2026", "2025-11"),
        # data up to the last day of a quarter: that month and that quarter are full
        (date(2026, 9, 30), "2026-09", "2026-Q3", "2026", "2025-09"),
        (date(2026, 12, 31), "2026-12", "2026-Q4", "2026", "2025-12"),
        # 1 January: the previous month (December) and quarter (Q4) of last year; the year is this one
        (date(2027, 1, 1), "2026-12", "2026-Q4", "2027", "2025-12"),
    ],
)
def test_the_periods_follow_the_last_day_with_data(last, month, quarter, year, first_month):
    p = dashboard_periods(last)
    assert (p.month.label, p.quarter.label, p.year.label) == (month, quarter, year)
    assert len(p.months) == 13 and p.months[0].label == first_month and p.months[-1].label == month
    assert [y.label for y in p.earlier_years] == [str(int(year) - 2), str(int(year) - 1)]
    labels = [b[0] for b in p.buckets()]
    assert len(labels) == len(set(labels)) and {month, quarter, year} <= set(labels)


def test_numbers_read_in_dutch():
    assert value_text(23040.0, "tel_aangeboden") == "23.040"
    assert value_text(78.94, "tel_servicelevel_pct") == "78,9\u00a0%"
    assert value_text(41.46, "tel_wachttijd_gem_s") == "41,5\u00a0s"
    assert value_text(6.0, "zaak_doorlooptijd_mediaan_d") == "6,0\u00a0dagen"
    assert value_text(7.35, "tevr_cijfer_gem") == "7,3"  # 7.35 is 7.3499999... in binary
    assert value_text(None, "tel_aangeboden") == "–"
    assert month_name("2026-07") == "juli 2026"


def row(value, norm=80.0, verdict="ja", small=False):
    return {"waarde": value, "norm": norm, "oordeel": verdict, "klein_aantal": small}


def test_a_verdict_is_said_in_words():
    assert verdict_words(row(84.7)) == ("gehaald", "ja")
    # 78.9 against 80: 1.1 points short, within NEAR_POINTS (2): "net niet"
    assert verdict_words(row(78.9, verdict="nee")) == ("net niet gehaald", "nee")
    assert verdict_words(row(75.0, verdict="nee")) == ("niet gehaald", "nee")
    assert verdict_words(row(81.0, verdict="voorlopig ja")) == ("voorlopig gehaald", "voorlopig-ja")
    assert verdict_words(row(55.0, verdict="geen oordeel", small=True)) == (
        "geen oordeel: te weinig waarnemingen",
        "geen",
    )
    assert verdict_words(None) == ("geen gegevens", "")
    assert verdict_words(row(100.0, norm=None, verdict=None)) == ("", "")


def telephony(month: str, within: int, answered: int, lost: int) -> list[tuple]:
    """Service level = within / (answered + lost), lost share = lost / (answered + lost)."""
    n = answered + lost
    return [
        ("Losser", month, "tel_aangeboden", None, float(n + 4), None, None, None, None),
        ("Losser", month, "tel_servicelevel_pct", None, within * 100 / n, within, n, 80.0, within * 100 / n >= 80),
        ("Losser", month, "tel_verloren_pct", None, lost * 100 / n, lost, n, 5.0, lost * 100 / n <= 5),
    ]


@pytest.fixture
def august(files, quarantine, checks) -> DashboardInputs:
    """Data up to 31-08-2026: August is the last full month, Q2 the last full quarter, 2026 runs to 31-08.
    2026-07: 72 of 96 within 30 s = 75.0 % (norm 80: niet gehaald); 6 of 96 lost = 6.25 %.
    2026-08: 100 of 118 = 84.745...% (gehaald); 2 of 118 lost = 1.69...%.
    2026-Q2: 100 of 125 = 80.0 % (gehaald, exactly the norm); 10 of 125 = 8.0 % lost (niet gehaald).
    2026 (to 31-08, partial): 300 of 400 = 75.0 % (voorlopig nee); 18 of 400 = 4.5 % (voorlopig ja).
    A team's reachability over 12 calls (fewer than 30): a small number, no verdict."""
    rows = [
        *telephony("2026-07", 72, 90, 6),
        *telephony("2026-08", 100, 116, 2),
        *telephony("2026-Q2", 100, 115, 10),
        *telephony("2026", 300, 382, 18),
        ("Losser", "2026", "tel_tweedelijn_bereikbaar_pct", "team=PVH", 50.0, 6, 12, None, None),
        ("Losser", "2026-08", "tel_eerstelijn_pct", None, 55.0, 11, 20, 80.0, False),
    ]
    kpis = kpi_rows(rows)
    report = inputs_for(
        kpis, "2026", until={"2026": date(2026, 8, 31)}, files=files, quarantine=quarantine, checks=checks
    )
    return DashboardInputs(report, dashboard_periods(date(2026, 8, 31)), False, None, MADE, date(2026, 8, 31))


def test_the_overview_has_a_tile_per_norm_with_its_message(august):
    page = overview_page(august)
    labels = [t.label for t in page.tiles]
    assert labels == [
        "Telefoon binnen 30 seconden opgenomen",
        "Verloren telefoongesprekken",
        "Vraag beantwoord in de eerste lijn",
    ]
    phone = page.tiles[0]
    assert phone.headline == "Augustus 2026: 84,7\u00a0%, norm minimaal 80\u00a0%: gehaald."
    assert phone.verdict_class == "ja"
    shown = [(heading, cell.text, cell.verdict) for heading, cell in phone.periods]
    assert shown == [
        ("augustus 2026", "84,7\u00a0%", "gehaald"),
        ("2026-Q2", "80,0\u00a0%", "gehaald"),
        ("2026 t/m 31-08", "75,0\u00a0%", "voorlopig niet gehaald"),
    ]
    # 20 first-line calls in August: too few for a verdict; the headline falls back to no earlier period
    first_line = page.tiles[2]
    assert first_line.periods[0][1].text == "55,0\u00a0%*"
    assert first_line.periods[0][1].verdict == "geen oordeel: te weinig waarnemingen"
    # the overview's sentence counts the judged norms of the last full month: 2 of 2 (the small one is not judged)
    assert page.intro[0] == "In augustus 2026 zijn 2 van de 2 beoordeelde normen gehaald."
    # the sentence for the site index and the screen reader names the indicator
    assert headline(august, "tel_servicelevel_pct", august.report.kpis.row(1, named=True), august.periods.month) == (
        "Telefoon binnen 30 seconden opgenomen: 75,0\u00a0% over augustus 2026, norm minimaal 80\u00a0%: niet gehaald."
    )


def test_the_trend_shows_13_months_against_the_norm_with_its_table(august):
    chart = overview_page(august).tiles[0].trend
    assert chart is not None
    assert chart.categories[0] == "aug 25" and chart.categories[-1] == "aug 26" and len(chart.categories) == 13
    # months without data are None (a gap in the line), never 0
    assert chart.series[0].values[:11] == [None] * 11
    assert [None if v is None else round(v, 3) for v in chart.series[0].values[11:]] == [75.0, 84.746]
    assert chart.norm == 80.0
    assert "in 1 van de 2 beoordeelde maanden gehaald" in chart.description
    rows = [[c.text for c in r] for r in chart.table.rows]
    assert rows[-2:] == [["juli 2026", "75,0\u00a0%", "niet gehaald"], ["augustus 2026", "84,7\u00a0%", "gehaald"]]
    assert rows[0] == ["augustus 2025", "–", "geen gegevens"]


@pytest.fixture
def on_the_edge(files, quarantine, checks) -> DashboardInputs:
    """Figures that round onto their norm (issue 25 item 3), data up to 31-08-2026:
    2026-08 service level 7997 / 10000 = 79.97 % against minimaal 80: nee (0.03 short: "net niet");
    one decimal would show 80,0, which meets the norm, two show 79,97, which does not -> 2 decimals.
    2026-08 lost 5049 / 100000 = 5.049 % against maximaal 5: nee; 5,0 would meet it, 5,05 does not -> 2.
    2026-07 service level 8000 / 10000 = 80.0 %: ja, and 80,0 agrees -> the usual 1 decimal.
    2026 (partial, voorlopig): lost 5049 / 100000 again -> 5,05 beside "voorlopig net niet gehaald"; its
    breakdown per dagdeel: 'ochtend' 7997 / 10000 = 79.97 against 80 -> 79,97."""
    rows = [
        ("Losser", "2026-07", "tel_servicelevel_pct", None, 80.0, 8000, 10000, 80.0, True),
        ("Losser", "2026-08", "tel_servicelevel_pct", None, 79.97, 7997, 10000, 80.0, False),
        ("Losser", "2026-08", "tel_verloren_pct", None, 5.049, 5049, 100000, 5.0, False),
        ("Losser", "2026", "tel_verloren_pct", None, 5.049, 5049, 100000, 5.0, False),
        ("Losser", "2026", "tel_servicelevel_pct", "dagdeel=ochtend", 79.97, 7997, 10000, 80.0, False),
    ]
    report = inputs_for(
        kpi_rows(rows), "2026", until={"2026": date(2026, 8, 31)}, files=files, quarantine=quarantine, checks=checks
    )
    return DashboardInputs(report, dashboard_periods(date(2026, 8, 31)), False, None, MADE, date(2026, 8, 31))


def test_a_figure_beside_its_verdict_agrees_with_it(on_the_edge):
    """The appendix's rule (reports.phrases.agreeing_decimals) on tiles, headlines, trend, key and
    breakdown tables: never '5,0 %' beside 'niet gehaald' against 'maximaal 5 %'."""
    page = overview_page(on_the_edge)
    service, lost = page.tiles
    assert service.headline == "Augustus 2026: 79,97\u00a0%, norm minimaal 80\u00a0%: net niet gehaald."
    assert lost.headline == "Augustus 2026: 5,05\u00a0%, norm maximaal 5\u00a0%: net niet gehaald."
    assert [(c.text, c.verdict) for _, c in lost.periods] == [
        ("5,05\u00a0%", "net niet gehaald"),
        ("–", "geen gegevens"),  # no Q2 row
        ("5,05\u00a0%", "voorlopig net niet gehaald"),
    ]
    assert service.trend is not None
    trend = [[c.text for c in r] for r in service.trend.table.rows[-2:]]
    # July's 80.0 meets the norm and reads so with one decimal: it keeps one
    assert trend == [["juli 2026", "80,0\u00a0%", "gehaald"], ["augustus 2026", "79,97\u00a0%", "net niet gehaald"]]
    assert headline(on_the_edge, "tel_verloren_pct", lost_row(on_the_edge), on_the_edge.periods.month) == (
        "Verloren telefoongesprekken: 5,05\u00a0% over augustus 2026, norm maximaal 5\u00a0%: net niet gehaald."
    )
    phone = domain_page(on_the_edge, "telefonie")
    key = phone.sections[0].tables[0]
    pct = "\u00a0%"
    assert [[c.text for c in r[1:]] for r in key.rows] == [[f"79,97{pct}", "–", "–"], [f"5,05{pct}", "–", f"5,05{pct}"]]
    breakdown = next(s for s in phone.sections if s.heading.startswith("Uitsplitsingen")).tables[0]
    assert [(c.text, c.verdict) for c in breakdown.rows[0][1:]] == [("79,97\u00a0%", "voorlopig net niet gehaald")]


def test_a_partial_month_in_the_trend_is_marked(files, quarantine, checks):
    """The phone's export stops on 20-08-2026 while the other sources run to 31-08: August is the last
    full month by the calendar, but not for its figures. 2026-07: 72 of 96 = 75.0 %; 2026-08 (1-20 Aug):
    100 of 118 = 84.7 % (voorlopig ja). The trend names it as the appendix does ("augustus 2026 t/m
    20-08"), its tick says so in short ("aug 26 t/m 20"), the chart draws it as an open circle."""
    rows = [*telephony("2026-07", 72, 90, 6), *telephony("2026-08", 100, 116, 2)]
    report = inputs_for(
        kpi_rows(rows), "2026", until={"2026-08": date(2026, 8, 20)}, files=files, quarantine=quarantine, checks=checks
    )
    inputs = DashboardInputs(report, dashboard_periods(date(2026, 8, 31)), False, None, MADE, date(2026, 8, 20))
    chart = domain_page(inputs, "telefonie").sections[1].charts[0]
    assert chart.categories[-2:] == ["jul 26", "aug 26 t/m 20"] and chart.categories[0] == "aug 25"
    assert chart.partial == [False] * 12 + [True]
    assert [c.text for c in chart.table.rows[-1]] == ["augustus 2026 t/m 20-08", "84,7\u00a0%", "voorlopig gehaald"]
    assert chart.table.rows[-2][0].text == "juli 2026"
    assert "niet volledig (open punt): augustus 2026 t/m 20-08." in chart.description
    svg = str(render(chart))
    assert svg.count('fill="#fff"') == 1  # one open circle: August


def lost_row(inputs: DashboardInputs) -> dict:
    return inputs.report.kpis.filter((pl.col("kpi") == "tel_verloren_pct") & (pl.col("periode") == "2026-08")).row(
        0, named=True
    )


def test_the_public_build_withholds_small_numbers(august):
    public = DashboardInputs(august.report, august.periods, True, None, MADE, august.last_day)
    tile = overview_page(public).tiles[2]
    assert tile.periods[0][1].text == "niet getoond"
    assert tile.headline == "Augustus 2026: niet getoond, minder dan 30 waarnemingen."
    page = domain_page(public, "telefonie")
    assert page.csv is not None
    csv = pl.read_csv(kpis_csv_text(page.csv).encode(), infer_schema_length=0)
    small = csv.filter(pl.col("kpi") == "tel_eerstelijn_pct")
    assert small.select("waarde", "teller", "noemer", "norm_gehaald").row(0) == (None, None, None, None)
    team = csv.filter(pl.col("groep") == "team=PVH")
    assert team["waarde"].to_list() == [None]
    # the rest is published as it is
    assert csv.filter((pl.col("kpi") == "tel_servicelevel_pct") & (pl.col("periode") == "2026-08"))[
        "waarde"
    ].to_list() == ["84.7458"]
    assert "datakwaliteit" not in [p.slug for p in gemeente_site(public, 7).pages]
    assert "datakwaliteit" in [p.slug for p in gemeente_site(august, 7).pages]


def test_a_page_csv_has_the_kpis_csv_columns_and_rows(august):
    page = domain_page(august, "telefonie")
    assert page.csv is not None and page.csv.columns == COLUMNS
    text = kpis_csv_text(page.csv)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    # the page's rows are the kpis.csv rows of its KPIs: the same text as the report would write for them
    own = august.report.kpis.filter(pl.col("kpi").str.starts_with("tel_"))
    assert text == kpis_csv_text(own)
    # the breakdown per team over the year, with its small number marked
    breakdown = next(s for s in page.sections if s.heading.startswith("Uitsplitsingen"))
    table = breakdown.tables[0]
    assert table.caption == "Per team, 2026 t/m 31-08"
    assert [c.text for c in table.rows[0]] == ["PVH", "50,0\u00a0%*"]


def test_the_prognosis_page_sums_weeks_and_keeps_the_roster_internal(august):
    # telefoon: 2 hours on Monday 7 September (10 + 12 calls) and 1 on Monday 14 September (8); the roster 3, 4, 2.
    # The forecast starts on Sunday 6 September: that week (from Monday 31 August) is not whole and not shown.
    rows = [
        ("Losser", "telefoon", "2026-09-06T09:00", 60, 5.0, 3.0, 7.0, 300.0, 1, 2, 0.9, None),
        ("Losser", "telefoon", "2026-09-07T09:00", 60, 10.0, 7.0, 13.0, 300.0, 3, 4, 0.85, None),
        ("Losser", "telefoon", "2026-09-07T10:00", 60, 12.0, 9.0, 15.0, 300.0, 4, 6, 0.82, None),
        ("Losser", "telefoon", "2026-09-14T09:00", 60, 8.0, 5.0, 11.0, 300.0, 2, 3, 0.9, None),
        ("Losser", "digitaal", "2026-09-07T00:00", 10080, 40.0, 30.0, 50.0, None, None, None, None, None),
    ]
    frame = pl.DataFrame(rows, schema=PROGNOSIS_SCHEMA, orient="row")
    inputs = DashboardInputs(august.report, august.periods, False, frame, MADE, august.last_day)
    page = prognosis_page(inputs)
    table = page.sections[0].tables[0]
    assert table.columns == ["Week van", "Telefoon (aangeboden gesprekken)", "Digitaal"]
    assert [[c.text for c in r] for r in table.rows] == [["07-09-2026", "22", "40"], ["14-09-2026", "8", "–"]]
    roster = page.sections[1].tables[0]
    assert [[c.text for c in r] for r in roster.rows] == [["ma 07-09-2026", "22", "6"]]  # the highest hour: 6
    public = DashboardInputs(august.report, august.periods, True, frame, MADE, august.last_day)
    assert [s.heading for s in prognosis_page(public).sections] == ["Verwachte contacten"]
    site = gemeente_site(public, 7)
    assert "agents_rooster" not in site.files["prognose.csv"].decode()
    empty = DashboardInputs(august.report, august.periods, False, None, MADE, august.last_day)
    assert "nog geen prognose" in prognosis_page(empty).intro[0]


def test_the_prognosis_page_says_where_opening_hours_and_data_disagree(august):
    """prognose.csv marks the slots where the forecast expects contacts while the opening hours say
    closed (NOTE_DISAGREE). Phone: Saturday 12-09-2026 09:00 (5) and 10:00 (3), Sunday 13-09 11:00 (2):
    10 calls on 'zaterdag 09:00-11:00 en zondag 11:00-12:00' (the phone's forecast runs to 25-10); desk: 4
    appointments on Saturday 12-09 (its only row).
    A row with another note (the autumn's double hour) is not such a slot."""
    double = "02:00-04:00 zomertijd: het uur 02:00-03:00 komt twee keer voor (einde zomertijd)"
    rows = [
        ("Losser", "telefoon", "2026-09-07T09:00", 60, 10.0, 7.0, 13.0, 300.0, 3, 4, 0.85, None),
        ("Losser", "telefoon", "2026-09-12T09:00", 60, 5.0, 3.0, 7.0, 300.0, 1, 2, 0.9, NOTE_DISAGREE),
        ("Losser", "telefoon", "2026-09-12T10:00", 60, 3.0, 1.0, 5.0, 300.0, 1, 2, 0.9, NOTE_DISAGREE),
        ("Losser", "telefoon", "2026-09-13T11:00", 60, 2.0, 1.0, 3.0, 300.0, 1, 1, 0.9, NOTE_DISAGREE),
        ("Losser", "telefoon", "2026-10-25T02:00", 120, 1.0, 0.0, 2.0, 300.0, 1, 1, 0.9, double),
        ("Losser", "balie", "2026-09-12T00:00", 1440, 4.0, 2.0, 6.0, None, None, None, None, NOTE_DISAGREE),
    ]
    frame = pl.DataFrame(rows, schema=PROGNOSIS_SCHEMA, orient="row")
    internal = prognosis_page(DashboardInputs(august.report, august.periods, False, frame, MADE, august.last_day))
    section = internal.sections[0]  # before the figures: it says how far to trust them
    assert section.heading == "Let op: openingstijden"
    phone, desk = section.paragraphs
    assert phone.startswith(
        "De prognose verwacht telefoongesprekken op zaterdag 09:00-11:00 en zondag 11:00-12:00 (samen 10 in de "
        "prognose tot en met 25-10-2026), terwijl de telefoon dan volgens de ingestelde openingstijden gesloten is."
    )
    assert desk.startswith("De prognose verwacht afspraken op zaterdag (samen 4 in de prognose tot en met 12-09-2026)")
    assert "pas dan de openingstijden aan" in phone
    public = prognosis_page(DashboardInputs(august.report, august.periods, True, frame, MADE, august.last_day))
    said = next(s for s in public.sections if s.heading == "Let op: openingstijden").paragraphs
    assert said[0] == phone.split(" Klopt dat niet")[0]  # the same note, without what staff should check
    # no note where nothing disagrees
    calm = frame.with_columns(opmerking=pl.lit(None, pl.String))
    page = prognosis_page(DashboardInputs(august.report, august.periods, False, calm, MADE, august.last_day))
    assert "Let op: openingstijden" not in [s.heading for s in page.sections]


def loaded(*names: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "bron": [n.split("_")[0] for n in names],
            "bron_bestand": list(names),
            "bron_hash": [f"{i:064x}" for i in range(len(names))],
            "export_stempel": ["20260702"] * len(names),
            "status": ["geladen"] * len(names),
            "rijen_gelezen": [10] * len(names),
            "rijen_geladen": [10] * len(names),
            "rijen_quarantaine": [0] * len(names),
        }
    )


@pytest.mark.parametrize(
    ("files", "switch", "title", "source"),
    [
        # no [[zgw]]: Corsa, as always
        (["corsa_zaken_20260701.csv"], None, "Zaken (Corsa)", "Bron: export zaken uit het zaaksysteem Corsa"),
        # switched on 01-07-2026, both delivered: each named with its days
        (
            ["corsa_zaken_20260701.csv", "zgw_zaken_losser_20260801T0200.jsonl.gz"],
            date(2026, 7, 1),
            "Zaken (Corsa en Zaken-API)",
            "Bron: zaken geregistreerd vóór 01-07-2026 uit de exports van het zaaksysteem Corsa, vanaf 01-07-2026 uit "
            "de Zaken-API (ZGW)",
        ),
        # only the API (a gemeente that never had Corsa exports in the store)
        (
            ["zgw_zaken_losser_20260801T0200.jsonl.gz"],
            date(2026, 7, 1),
            "Zaken (Zaken-API)",
            "Bron: zaken uit de Zaken-API (ZGW), geregistreerd vanaf 01-07-2026",
        ),
        # switched, but the API delivered nothing yet: Corsa, and it says so
        (
            ["corsa_zaken_20260701.csv"],
            date(2026, 7, 1),
            "Zaken (Corsa)",
            "Bron: export zaken uit het zaaksysteem Corsa, bewerkt door de Dienstverleningsmonitor. De Zaken-API "
            "(ZGW), de bron van de zaken vanaf 01-07-2026, heeft nog geen zaken geleverd.",
        ),
    ],
)
def test_the_zaken_page_names_the_sources_that_delivered_its_cases(august, files, switch, title, source):
    rows = [("Losser", "2026-08", "zaak_binnen_termijn_pct", None, 85.0, 85, 100, 80.0, True)]
    report = dataclasses.replace(inputs_for(kpi_rows(rows), "2026"), files=loaded(*files), case_switch=switch)
    inputs = DashboardInputs(report, august.periods, False, None, MADE, august.last_day)
    page = domain_page(inputs, "zaken")
    assert page.title == title
    assert page.intro[0].startswith(source), page.intro[0]
    # the page Over deze cijfers lists the same source among the others
    said = source.removeprefix("Bron: ")
    assert gemeente_site(inputs, 7).pages[-1].sections[0].paragraphs[1].startswith(said[0].upper() + said[1:])
    # and the appendix's sheet Zaken names them under each of its tables, as the page does
    month = dataclasses.replace(inputs_for(kpi_rows(rows), "2026-08"), files=loaded(*files), case_switch=switch)
    sheet = cases_sheet(month)
    assert sheet is not None
    sources = {b.source for b in sheet.blocks if isinstance(b, SheetTable)}
    assert len(sources) == 1 and sources.pop().startswith(said.removesuffix(".")), sources


def test_every_domain_of_the_catalogue_has_a_page_whose_source_the_registry_names():
    # one page per catalogue domain, the channel picture last; the source line is the attribution of the one
    # source feeding a domain, and for the channel picture (calls, cases, appointments) the three systems
    from core.catalogue import DOMAINS
    from reports.dashboard.content import DOMAIN_PAGES, domain_source
    from reports.phrases import ATTRIBUTIONS

    assert list(DOMAIN_PAGES.values()) == ["Telefonie", "Zaken", "Afspraken", "Tevredenheid", "Kanalen"]
    assert set(DOMAIN_PAGES.values()) == set(DOMAINS)
    assert domain_source("Tevredenheid") == ATTRIBUTIONS["kif"]
    assert domain_source("Kanalen") == (
        "de exports van het KCC-telefonieplatform, Corsa en JCC-Afspraken, bewerkt door de Dienstverleningsmonitor"
    )
