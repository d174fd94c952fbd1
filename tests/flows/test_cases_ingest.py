"""Corsa exports through the ingest flow: the contract's behaviour for bad input,
and snapshots in which the newest export of a case wins."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from core.settings import load_settings
from flows.ingest import ingest
from flows.stores import open_store
from tests.conftest import FIXTURES

CORSA = FIXTURES / "corsa"


@pytest.fixture
def home(tmp_path):
    return tmp_path / "dvm"


def copy(tmp_path, *names):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(CORSA / name, folder / name)
    return folder


def cases(home, as_of=None) -> pl.DataFrame:
    return open_store(load_settings(home=home)).read("cases", as_of).collect().sort("zaak_id")


def test_bad_rows_are_quarantined_and_the_rest_loaded(tmp_path, home):
    result = ingest([str(copy(tmp_path, "corsa_zaken_20260401.csv"))], load_settings(home=str(home)))
    assert result.loaded == ["corsa_zaken_20260401.csv"]
    assert result.rows_merged == 4 and result.rows_quarantined == 7
    quarantine = open_store(load_settings(home=home)).read("quarantine").collect()
    assert sorted(quarantine["regel"].unique()) == [
        "datum_ontbreekt",
        "dubbele_sleutel",
        "einde_voor_start",
        "negatieve_duur",
        "onbekend_kanaal",
        "ongeldige_datum",
    ]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("corsa_zaken_20260402.csv", "UTF-8 gecodeerd; verwacht Windows-1252"),
        ("corsa_zaken_20260404.csv", "kolom 'Einddatum' ontbreekt"),
    ],
)
def test_a_rejected_file_leaves_the_case_table_exactly_as_it_was(tmp_path, home, name, fragment):
    ingest([str(copy(tmp_path, "corsa_zaken_20260401.csv"))], load_settings(home=str(home)))
    store = open_store(load_settings(home=home))
    before, versions = cases(home), store.table_versions()
    result = ingest([str(copy(tmp_path, name))], load_settings(home=str(home)))
    assert result.rejected == [name] and result.rows_merged == 0
    assert cases(home).equals(before)
    assert store.table_versions()["cases"] == versions["cases"]  # no new version of the data
    assert (home / "quarantine" / name).exists()
    reason = store.read("quarantine").filter(pl.col("bron_bestand") == name).collect()["reden"][0]
    assert fragment in reason


def test_the_newest_snapshot_of_a_case_wins(tmp_path, home):
    # Z-LOS-2026-000002 is open in the export of 1 April and closed in the one of 10 April.
    ingest([str(copy(tmp_path, "corsa_zaken_20260401.csv", "corsa_zaken_20260410.csv"))], load_settings(home=str(home)))
    case = cases(home).filter(pl.col("zaak_id") == "Z-LOS-2026-000002").row(0, named=True)
    assert (case["status"], str(case["einddatum"]), case["export_stempel"]) == (
        "afgehandeld",
        "2026-04-07",
        "20260410T0000",
    )
