"""A synthetic programme register (`programma_register_<stamp>.xlsx`) for the demo: the template of `dvm
register-sjabloon` (reports/register_template.py) as Losser's programme manager fills it in.

Losser only (the programme is Losser's; Enschede keeps no register). A measurement at the end of every
quarter since the programme began (2023), up to the last quarter end before `today`, for each of Losser's
default indicators (core/catalogue.py, REGISTER_TARGETS), on a course that follows the programme:
letters rewritten in Direct Duidelijk from 5 % to past 45 %, pdf forms converted from none to about 45 %
(plateau 2 not yet reached), the website's security standards 9 of 12, then 11, then all 12; 3
employees trained in customer journeys, then 5, then 6; processes improved 1, 2, then 3; the teams with
two trained in clear writing from none of 9 up to 9 of 9; the Burgerpeiling held once (2022), twice from
the end of 2025, with its outcomes on service delivery (a grade and a share) at both peildata. The
values are a function of the quarter alone, so a measurement reads the same whatever `today` is.

Two registers: the one saved on 5 January (the year's first review, when that is before `today`), and
the newest, saved `today`, holding every row again (a register grows; the newest wins per measurement)
with one correction (the letters' count of the last quarter of the previous year, recounted) and a few
deliberately bad rows, each quarantined with its reason: an unknown indicator, a teller above its noemer,
a peildatum after the register's date, a percentage over 100, a teller without its noemer. One good row
names a person in "Ingevoerd door" (synthetic): the reader drops it, keeping no author.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from core.ambitions import REGISTER_TARGETS
from core.profiles import RegisterProfile
from reports.register_template import Measurement, write_register_template

__all__ = ["write_register"]

GEMEENTE = "Losser"
FIRST_PEILING = date(2022, 11, 30)  # the first Burgerpeiling (WSJG), published in 2023
SECOND_PEILING = date(2025, 11, 30)
PROGRAMME_START = date(2023, 1, 1)  # the register is kept since the programme began


def _quarter_ends(first: date, before: date) -> list[date]:
    ends = []
    for year in range(first.year, before.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            end = date(year, month, day)
            if first <= end < before:
                ends.append(end)
    return ends


def _quarter(day: date) -> int:
    """Quarters since the programme began (2023-Q1 = 0)."""
    return (day.year - 2023) * 4 + (day.month - 1) // 3


def _measurements(day: date, letters_recount: int = 0) -> list[Measurement]:
    k = _quarter(day)
    m = Measurement

    def row(indicator: str, plateau: int, **values) -> Measurement:
        return m(GEMEENTE, indicator, plateau, day, **values)

    teams = min(9, max(0, k - 4))
    return [
        row(
            "brieven_direct_duidelijk",
            1 if k < 10 else 2,
            teller=round(180 * min(0.6, 0.05 + 0.03 * k)) + letters_recount,
            noemer=180,
            toelichting="Telling van de schrijfcoaches in de brievenlijst van het zaaksysteem",
        ),
        row(
            "pdf_naar_eformulier",
            2,
            teller=max(0, min(64, round(64 * (0.04 * k - 0.1)))),
            noemer=64,
            toelichting="Formulierenoverzicht van de website (Open Online)",
            ingevoerd_door="projectleider",
        ),
        row(
            "website_beveiligingsstandaarden",
            2,
            teller=9 if k < 10 else 11 if k < 14 else 12,
            noemer=12,
            toelichting="Websitetest van internet.nl",
            ingevoerd_door="projectleider",
        ),
        row(
            "sbp_medewerkers_opgeleid",
            1,
            waarde=3 if k < 9 else 5 if k < 13 else 6,
            toelichting="Opleidingsoverzicht P&O",
        ),
        row(
            "sbp_processen_verbeterd",
            2,
            waarde=1 if k < 10 else 2 if k < 13 else 3,
            toelichting="Verslagen inwonersreizen",
        ),
        row("burgerpeiling_gehouden", 1, waarde=1 if day < SECOND_PEILING else 2, toelichting="Waar staat je gemeente"),
        row(
            "duidelijk_communiceren_teams",
            1,
            teller=teams,
            noemer=9,
            toelichting="Deelnemerslijsten opleiding, per team geteld",
            ingevoerd_door="medewerker dienstverlening",
        ),
    ]


def _peilingen(before: date) -> list[Measurement]:
    rows = []
    for day, grade, content, asked in ((FIRST_PEILING, 6.8, 493, 851), (SECOND_PEILING, 7.1, 612, 874)):
        if day < before:
            source = f"Burgerpeiling Waar staat je gemeente {day.year}, vraag over de dienstverlening"
            rows += [
                Measurement(GEMEENTE, "burgerpeiling_cijfer_dienstverlening", 1, day, waarde=grade, toelichting=source),
                Measurement(
                    GEMEENTE,
                    "burgerpeiling_tevreden_dienstverlening",
                    1,
                    day,
                    teller=content,
                    noemer=asked,
                    toelichting=source,
                ),
            ]
    return rows


def _defects(today: date, last: date) -> list[Measurement]:
    m = Measurement
    return [
        m(GEMEENTE, "klanttevredenheid_balie", 2, last, waarde=80),  # no such indicator
        m(GEMEENTE, "pdf_naar_eformulier", 2, last - timedelta(days=1), teller=70, noemer=64),  # teller > noemer
        m(GEMEENTE, "sbp_processen_verbeterd", 2, today + timedelta(days=30), waarde=4),  # in the future
        m(GEMEENTE, "website_beveiligingsstandaarden", 2, last - timedelta(days=1), waarde=120),  # over 100 %
        m(GEMEENTE, "brieven_direct_duidelijk", 2, last - timedelta(days=2), teller=95),  # no noemer
    ]


def write_register(folder: Path, today: date) -> list[Path]:
    """Write the demo registers of Losser into `folder`; return their paths, oldest first."""
    folder = Path(folder)
    profile, paths = RegisterProfile(), []
    review = date(today.year, 1, 5)
    if review < today:
        rows = [r for d in _quarter_ends(PROGRAMME_START, review) for r in _measurements(d)] + _peilingen(review)
        path = folder / f"programma_register_{review:%Y%m%d}.xlsx"
        created = datetime(review.year, review.month, review.day, 9)
        paths.append(write_register_template(path, [GEMEENTE], REGISTER_TARGETS, profile, created, rows))
    ends = _quarter_ends(PROGRAMME_START, today)
    recount = date(today.year - 1, 12, 31)
    rows = [r for d in ends for r in _measurements(d, letters_recount=3 if d == recount else 0)] + _peilingen(today)
    if rows:  # a good row whose author is named, not a role: the reader keeps no author
        first = rows[0]
        rows[0] = Measurement(**{**first.__dict__, "ingevoerd_door": "Jan de Vries"})
    last = ends[-1] if ends else today - timedelta(days=1)
    rows += _defects(today, last)
    path = folder / f"programma_register_{today:%Y%m%d}.xlsx"
    created = datetime(today.year, today.month, today.day, 9)
    paths.append(write_register_template(path, [GEMEENTE], REGISTER_TARGETS, profile, created, rows))
    return paths
