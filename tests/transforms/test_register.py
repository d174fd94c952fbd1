"""The programme's targets from its register (transforms/register.py), on hand-made frames; every expected
value is worked out in the comment beside it."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from core.ambitions import ProgrammeTarget
from core.settings import Settings
from sources.register import REGISTER_SCHEMA
from transforms.register import (
    NOT_FILLED,
    REALISATION_SCHEMA,
    ambition_realisations,
    register_coverage,
    register_figures,
)

LETTERS_20 = ProgrammeTarget("brieven", "Brieven herschreven", "percentage", 1, 3, "20% van de brieven", 20)
LETTERS_50 = ProgrammeTarget("brieven", "Brieven herschreven", "percentage", 2, 3, "50% van de brieven", 50)
TRAINED = ProgrammeTarget("opgeleid", "Medewerkers opgeleid", "aantal", 1, 4, "5 medewerkers opgeleid", 5)
SECURITY = ProgrammeTarget("beveiliging", "Standaarden", "percentage", 2, 2, "100% van de standaarden", 100)
AT_MOST = ProgrammeTarget("wachttijd", "Wachtdagen", "aantal", 2, 1, "hoogstens 30 dagen", 30, "<=")
GRADE = ProgrammeTarget("peiling_cijfer", "Burgerpeiling: rapportcijfer", "cijfer")
TARGETS = (LETTERS_20, LETTERS_50, TRAINED, SECURITY, AT_MOST, GRADE)
BUCKETS = [
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
]


def register(*rows: tuple) -> pl.LazyFrame:
    """Rows of (gemeente, indicator, peildatum, teller, noemer, waarde)."""
    records = [
        {
            "meting_id": f"{g}|{i}|{d}",
            "gemeente": g,
            "project": None,
            "plateau": 1,
            "indicator": i,
            "teller": t,
            "noemer": n,
            "waarde": w,
            "peildatum": d,
            "toelichting": "telling",
            "ingevoerd_door": "programmamanager",
            "export_stempel": "20260401T0000",
            "bron_bestand": "programma_register_20260401.xlsx",
            "bron_hash": "h",
        }
        for g, i, d, t, n, w in rows
    ]
    return pl.DataFrame(records, schema=REGISTER_SCHEMA).lazy()


RECORDS = register(
    ("Losser", "brieven", date(2025, 3, 31), 18, 180, None),  # 100 * 18 / 180 = 10 %
    ("Losser", "brieven", date(2025, 12, 31), 45, 180, None),  # 100 * 45 / 180 = 25 %
    ("Losser", "brieven", date(2026, 6, 30), 99, 180, None),  # after every bucket: never shown here
    ("Losser", "beveiliging", date(2025, 9, 30), None, None, 75.0),  # a percentage entered as a Waarde
    ("Losser", "wachttijd", date(2024, 6, 30), None, None, 40.0),
    ("Losser", "wachttijd", date(2025, 6, 30), None, None, 28.0),
    ("Losser", "peiling_cijfer", date(2025, 11, 30), None, None, 7.1),
    ("Hengelo", "brieven", date(2025, 3, 31), 180, 180, None),  # not a gemeente asked for
)


def cell(frame: pl.DataFrame, gemeente: str, periode: str, target: ProgrammeTarget) -> dict:
    (row,) = frame.filter(
        (pl.col("gemeente") == gemeente)
        & (pl.col("periode") == periode)
        & (pl.col("indicator") == target.indicator)
        & (pl.col("doel").eq_missing(target.text))
    ).rows(named=True)
    return row


@pytest.fixture(scope="module")
def realised() -> pl.DataFrame:
    return ambition_realisations(RECORDS, TARGETS, BUCKETS, ["Losser", "Enschede"])


def test_one_row_per_gemeente_period_and_target_in_the_declared_shape(realised):
    assert realised.schema == REALISATION_SCHEMA
    assert realised.height == 2 * 3 * 6  # Losser and Enschede, 3 buckets, 6 targets; Hengelo not asked for
    assert realised.filter(pl.col("gemeente") == "Losser", pl.col("periode") == "2025")["volgorde"].to_list() == [
        0,
        1,
        2,
        3,
        4,
        5,
    ]


def test_a_percentage_is_the_latest_teller_over_noemer_up_to_the_periods_end(realised):
    # 2025: the newest on or before 31-12-2025 is 31-12-2025: 100 * 45 / 180 = 25.0
    row = cell(realised, "Losser", "2025", LETTERS_20)
    assert (row["peildatum"], row["teller"], row["noemer"], row["waarde"]) == (date(2025, 12, 31), 45, 180, 25.0)
    assert row["status"] == "ingevuld" and row["streefwaarde"] == 20
    assert row["gehaald"] is True  # 25 >= 20
    assert cell(realised, "Losser", "2025", LETTERS_50)["gehaald"] is False  # 25 < 50, the same measurement
    # 2026-Q1: nothing new up to 31-03-2026 (the 30-06-2026 count is later): the state of 31-12-2025 stands
    row = cell(realised, "Losser", "2026-Q1", LETTERS_20)
    assert (row["peildatum"], row["waarde"]) == (date(2025, 12, 31), 25.0)


def test_before_the_first_measurement_a_target_is_not_filled_in(realised):
    # 2024: the first letters' count is of 31-03-2025
    row = cell(realised, "Losser", "2024", LETTERS_20)
    assert (row["status"], row["peildatum"], row["waarde"], row["gehaald"]) == (NOT_FILLED, None, None, None)
    # nobody entered a number of trained employees: not filled in, in every period
    assert set(realised.filter(pl.col("indicator") == "opgeleid")["status"]) == {NOT_FILLED}
    # a gemeente without a register: every target not filled in
    assert set(realised.filter(pl.col("gemeente") == "Enschede")["status"]) == {NOT_FILLED}


def test_a_waarde_is_taken_as_it_is_and_judged_in_the_targets_direction(realised):
    row = cell(realised, "Losser", "2025", SECURITY)
    assert (row["waarde"], row["gehaald"]) == (75.0, False)  # 75 < 100
    # at most 30 days: 2024 has 40 (30-06-2024) -> not met; 2025 has 28 (30-06-2025) -> met
    assert cell(realised, "Losser", "2024", AT_MOST)["gehaald"] is False
    assert cell(realised, "Losser", "2025", AT_MOST)["gehaald"] is True


def test_an_indicator_without_a_target_has_a_value_and_no_verdict(realised):
    row = cell(realised, "Losser", "2026-Q1", GRADE)
    assert (row["waarde"], row["peildatum"], row["streefwaarde"], row["gehaald"]) == (
        7.1,
        date(2025, 11, 30),
        None,
        None,
    )
    assert cell(realised, "Losser", "2024", GRADE)["status"] == NOT_FILLED  # the peiling is of 30-11-2025


def test_the_register_covers_no_days_and_feeds_no_kpi():
    assert register_coverage(RECORDS).collect().is_empty()
    ctx = Settings(gemeenten=["Losser", "Enschede"], queues=[]).figure_context()
    figures = register_figures(RECORDS, BUCKETS, [], ctx)
    assert figures.kpis.is_empty()
    # no gemeente with register rows asked for, but Losser is configured for the sheet Ambities: its
    # targets are there, not filled in (RECORDS' indicators are not the configured ones)
    realised = figures.extra["ambitie_realisaties"]
    assert set(realised["gemeente"]) == {"Losser"} and set(realised["status"]) == {NOT_FILLED}
    assert realised.height == 3 * len(ctx.ambitions)
    assert figures.extra["register_metingen"].is_empty()
