"""The dashboard's Ambities page from hand-made KPI rows and register rows through the real register
transform: the same tables as the appendix's sheet Ambities (`reports.ambitions_report.ambitions_sheet`),
the programme register's targets with their latest realisation, peildatum and verdict in words, "nog niet
ingevuld" where the register has nothing, the Burgerpeiling beside Klant in Focus; the register's free
text (bron/toelichting, ingevoerd door) never on the page, internal or public."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from core.ambitions import REGISTER_TARGETS
from reports.dashboard.content import DashboardInputs, ambitions_page, dashboard_periods
from reports.dashboard.model import Page
from tests.reports.conftest import inputs_for, kpi_rows
from tests.transforms.test_register import register
from transforms.register import ambition_realisations, register_history

MADE = datetime(2026, 12, 6, 6, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
LAST_DAY = date(2026, 12, 5)
PCT = "\u00a0%"
BUCKETS = [(str(y), date(y, 1, 1), date(y, 12, 31)) for y in (2024, 2025, 2026)]
SECRET_NOTE, SECRET_ROLE = "telling door afdeling X volgens lijst Y", "beleidsmedewerker Z"
RECORDS = register(
    ("Losser", "brieven_direct_duidelijk", date(2025, 6, 30), 27, 180, None),  # 27 / 180 = 15 %
    ("Losser", "brieven_direct_duidelijk", date(2026, 10, 1), 63, 180, None),  # 63 / 180 = 35 %
    ("Losser", "sbp_processen_verbeterd", date(2026, 9, 30), None, None, 3.0),
    ("Losser", "burgerpeiling_cijfer_dienstverlening", date(2025, 11, 30), None, None, 7.1),
    ("Losser", "burgerpeiling_tevreden_dienstverlening", date(2025, 11, 30), 612, 874, None),  # 70.02 %
).with_columns(toelichting=pl.lit(SECRET_NOTE), ingevoerd_door=pl.lit(SECRET_ROLE))


def inputs(public: bool) -> DashboardInputs:
    """Losser, data up to 05-12-2026 (2026 partial: its verdicts 'voorlopig'), three of the five measurable
    KPI targets covered in 2026 (more than half: the sheet is made):
    service level 7997 / 10000 = 79.97 % against minimaal 80: voorlopig nee, shown 79,97 (one decimal would
    read 80,0, as if met); zaken binnen termijn 850 / 1000 = 85.0 % (minimaal 80: voorlopig ja); digitaal
    voldoende 91 / 100 = 91.0 % (minimaal 90: voorlopig ja); the Klant in Focus grade 7.46 over 200."""
    rows = [
        ("Losser", "2026", "tel_servicelevel_pct", None, 79.97, 7997, 10000, 80.0, False),
        ("Losser", "2026", "zaak_binnen_termijn_pct", None, 85.0, 850, 1000, 80.0, True),
        ("Losser", "2026", "tevr_digitaal_voldoende_pct", None, 91.0, 91, 100, 90.0, True),
        ("Losser", "2026", "tevr_cijfer_gem", None, 7.46, None, 200, None, None),
    ]
    report = inputs_for(kpi_rows(rows), "2026", until={"2026": LAST_DAY})
    extra = {
        "ambitie_realisaties": ambition_realisations(RECORDS, REGISTER_TARGETS, BUCKETS, ["Losser"]),
        "register_metingen": register_history(RECORDS, ["Losser"], LAST_DAY),
    }
    report = dataclasses.replace(
        report,
        extra=extra,
        ambitions=True,
        norm_directions={**report.norm_directions, "tevr_digitaal_voldoende_pct": ">="},
    )
    return DashboardInputs(report, dashboard_periods(LAST_DAY), public, None, MADE, LAST_DAY)


def tables(page: Page) -> dict[str, list[dict[str, str]]]:
    """Caption -> rows as {header: text}."""
    out = {}
    for section in page.sections:
        for t in section.tables:
            out[t.caption.split(",")[0]] = [dict(zip(t.columns, (c.text for c in r), strict=True)) for r in t.rows]
    return out


@pytest.fixture(scope="module")
def page() -> Page:
    return ambitions_page(inputs(public=False))


def test_the_register_targets_with_their_realisation_peildatum_and_verdict(page):
    rows = {r["Doel in het programma"]: r for r in tables(page)["Doelen uit het programmaregister"]}
    assert len(rows) == sum(1 for t in REGISTER_TARGETS if t.target is not None)  # every target, measured or not
    now = "Realisatie 2026 t/m 05-12"
    letters20 = rows["20% van de brieven is herschreven in lijn met Direct Duidelijk"]
    # 2024: no measurement yet; 2025: 15 % of 30-06-2025; 2026: 35 % of 01-10-2026, >= 20: met, while 2026 runs
    assert (letters20["Realisatie 2024"], letters20["Realisatie 2025"], letters20[now]) == (
        "",
        f"15,0{PCT}",
        f"35,0{PCT}",
    )
    assert (letters20["Streefwaarde"], letters20["Gehaald"], letters20["Peildatum"]) == (
        f"minimaal 20{PCT}",  # the number and its unit on one line
        "voorlopig gehaald",
        "01-10-2026",
    )
    letters50 = rows["50% van de brieven is herschreven in lijn met Direct Duidelijk."]
    assert (letters50[now], letters50["Gehaald"]) == (f"35,0{PCT}", "voorlopig niet gehaald")  # 35 < 50
    three = rows["Ten minste drie processen zijn aan de hand van een inwonersreis (SBP) geanalyseerd en verbeterd"]
    assert (three[now], three["Gehaald"], three["Peildatum"]) == ("3", "voorlopig gehaald", "30-09-2026")
    forms = rows["50% van de pfd formulieren online is omgezet naar een e-formulier"]
    assert (forms[now], forms["Gehaald"], forms["Peildatum"]) == ("", "", "nog niet ingevuld")
    # what a reader looks for first comes first (on a phone the last columns scroll out of sight)
    table = next(t for s in page.sections for t in s.tables if t.caption.startswith("Doelen uit"))
    assert table.columns[:5] == ["Doel in het programma", now, "Gehaald", "Streefwaarde", "Peildatum"]
    assert table.columns[-2:] == ["Plateau", "Spoor"]


def test_the_burgerpeiling_beside_klant_in_focus_in_dutch_numbers(page):
    grade, share = tables(page)["Burgerpeiling (Waar staat je gemeente) naast Klant in Focus"]
    # the sheet holds the outcome as text "7.1" (its column's width): the page reads it with a decimal comma
    assert (grade["Waarde"], grade["Klant in Focus"], grade["Peildatum Burgerpeiling"]) == ("7,1", "7,5", "30-11-2025")
    assert (share["Waarde"], share["Klant in Focus"]) == ("70,0", "91,0")  # 100 * 612 / 874 = 70.02
    table = next(t for s in page.sections for t in s.tables if t.caption.startswith("Burgerpeiling"))
    assert table.columns[0] == "Burgerpeiling: vraag"  # its row header: the question, as on the sheet


def test_the_kpi_targets_agree_with_their_verdict(page):
    rows = {r["Gemeten met"]: r for r in tables(page)["Meetbare doelen"]}
    phone = next(r for k, r in rows.items() if k.startswith("Telefoon binnen 30\u00a0seconden"))
    assert (phone["Realisatie 2026 t/m 05-12"], phone["Gehaald"]) == (f"79,97{PCT}", "voorlopig niet gehaald")
    zaken = next(r for k, r in rows.items() if k.startswith("Zaken binnen de termijn"))
    assert (zaken["Realisatie 2026 t/m 05-12"], zaken["Gehaald"]) == (f"85,0{PCT}", "voorlopig gehaald")


@pytest.mark.parametrize("public", [False, True])
def test_the_registers_free_text_is_never_shown(public):
    page = ambitions_page(inputs(public))
    text = repr(page)  # every text of the page model: intro, headings, captions, cells, notes
    assert "Doelen uit het programmaregister" in text
    assert SECRET_NOTE not in text and SECRET_ROLE not in text
