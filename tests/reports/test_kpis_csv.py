"""kpis.csv: the catalogue's contract, read back with the csv module."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import polars as pl
import pytest

from reports.kpis_csv import write_kpis_csv
from tests.reports.conftest import HYPERLINK, kpi_rows

HEADER = "gemeente,periode,kpi,groep,waarde,teller,noemer,norm,norm_gehaald"


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def kpis() -> pl.DataFrame:
    return kpi_rows(
        [
            ("Losser", "2026-07", "tel_verloren_pct", None, 100 / 3, 1, 3, 5.0, False),
            ("Losser", "2026-07", "tel_tweedelijn_bereikbaar_pct", "team=PVH", 50.0, 1, 2, None, None),
            ("Losser", "2026-07", "tel_tweedelijn_bereikbaar_pct", None, None, 0, 0, None, None),
            ("Losser", "2026-07", "tel_aangeboden", None, 2.0, None, None, None, None),
            ("Losser", "2026-07", "tel_servicelevel_pct", None, 80.00004, 80, 100, 80.0, True),
            ("Losser", "2026-07", "tel_wachttijd_gem_s", None, None, 0, 0, None, None),
            ("Enschede", "2026-07", "tel_aangeboden", None, 1e16, None, None, None, None),
            ("Enschede", "2026-07", "tel_gesprekstijd_gem_s", None, 0.00004, 1, 25000, None, None),
            ("Losser", "2026-Q3", "tel_aangeboden", None, 2.0, None, None, None, None),
        ]
    )


def test_exact_header_utf8_without_bom_and_newlines(kpis, tmp_path):
    path = write_kpis_csv(kpis.with_columns(extra=pl.lit(1)), tmp_path / "kpis.csv")
    data = path.read_bytes()
    assert data.startswith(HEADER.encode() + b"\n")
    assert b"\r" not in data
    assert len(data.decode("utf-8").splitlines()) == kpis.height + 1


def test_sorted_by_gemeente_periode_kpi_then_total_first(kpis, tmp_path):
    rows = read(write_kpis_csv(kpis, tmp_path / "kpis.csv"))
    assert [(r["gemeente"], r["periode"], r["kpi"], r["groep"]) for r in rows] == [
        ("Enschede", "2026-07", "tel_aangeboden", ""),
        ("Enschede", "2026-07", "tel_gesprekstijd_gem_s", ""),
        ("Losser", "2026-07", "tel_aangeboden", ""),
        ("Losser", "2026-07", "tel_servicelevel_pct", ""),
        ("Losser", "2026-07", "tel_tweedelijn_bereikbaar_pct", ""),
        ("Losser", "2026-07", "tel_tweedelijn_bereikbaar_pct", "team=PVH"),
        ("Losser", "2026-07", "tel_verloren_pct", ""),
        ("Losser", "2026-07", "tel_wachttijd_gem_s", ""),
        ("Losser", "2026-Q3", "tel_aangeboden", ""),
    ]


def test_nulls_are_empty_and_norm_gehaald_is_true_false_or_empty(kpis, tmp_path):
    rows = {
        (r["gemeente"], r["periode"], r["kpi"], r["groep"]): r
        for r in read(write_kpis_csv(kpis, tmp_path / "kpis.csv"))
    }
    asa = rows[("Losser", "2026-07", "tel_wachttijd_gem_s", "")]
    assert (asa["waarde"], asa["teller"], asa["noemer"], asa["norm"], asa["norm_gehaald"]) == ("", "0", "0", "", "")
    offered = rows[("Losser", "2026-07", "tel_aangeboden", "")]
    assert (offered["teller"], offered["noemer"], offered["norm_gehaald"]) == ("", "", "")
    assert rows[("Losser", "2026-07", "tel_verloren_pct", "")]["norm_gehaald"] == "false"
    assert rows[("Losser", "2026-07", "tel_servicelevel_pct", "")]["norm_gehaald"] == "true"
    assert rows[("Losser", "2026-07", "tel_tweedelijn_bereikbaar_pct", "team=PVH")]["norm_gehaald"] == ""


def test_values_rounded_to_four_decimals_in_plain_notation(kpis, tmp_path):
    rows = {
        (r["gemeente"], r["periode"], r["kpi"], r["groep"]): r
        for r in read(write_kpis_csv(kpis, tmp_path / "kpis.csv"))
    }
    assert rows[("Losser", "2026-07", "tel_verloren_pct", "")]["waarde"] == "33.3333"
    assert rows[("Losser", "2026-07", "tel_verloren_pct", "")]["norm"] == "5.0"
    assert rows[("Losser", "2026-07", "tel_aangeboden", "")]["waarde"] == "2.0"
    assert rows[("Losser", "2026-07", "tel_servicelevel_pct", "")]["waarde"] == "80.0"
    assert rows[("Enschede", "2026-07", "tel_gesprekstijd_gem_s", "")]["waarde"] == "0.0"
    assert rows[("Enschede", "2026-07", "tel_aangeboden", "")]["waarde"] == "10000000000000000.0"
    assert not any("e" in r["waarde"].lower() for r in rows.values())


def test_formula_looking_text_gets_a_quote_and_numbers_do_not(tmp_path):
    kpis = kpi_rows(
        [
            (HYPERLINK, "2026-07", "tel_aangeboden", "+31", -1.5, None, None, None, None),
            ("Losser", "2026-07", "tel_aangeboden", "-5", 1.0, None, None, None, None),
            ("Losser", "2026-07", "tel_aangeboden", "@x", 1.0, None, None, None, None),
            ("Losser", "2026-07", "tel_aangeboden", "team=A,B", 1.0, None, None, None, None),
            ("Súdwest-Fryslân", "2026-07", "tel_aangeboden", None, 1.0, None, None, None, None),
        ]
    )
    path = write_kpis_csv(kpis, tmp_path / "kpis.csv")
    rows = read(path)
    assert [(r["gemeente"], r["groep"]) for r in rows] == [  # sorted on the values themselves
        ("'" + HYPERLINK, "'+31"),
        ("Losser", "'-5"),
        ("Losser", "'@x"),
        ("Losser", "team=A,B"),
        ("Súdwest-Fryslân", ""),
    ]
    assert rows[0]["waarde"] == "-1.5"  # a number is never quoted
    assert "Súdwest-Fryslân".encode() in path.read_bytes()


def test_empty_frame_gives_only_the_header(tmp_path):
    path = write_kpis_csv(kpi_rows([]), tmp_path / "kpis.csv")
    assert path.read_text(encoding="utf-8") == HEADER + "\n"


def test_missing_column_is_refused_and_nothing_is_written(kpis, tmp_path):
    with pytest.raises(ValueError, match="norm_gehaald"):
        write_kpis_csv(kpis.drop("norm_gehaald"), tmp_path / "kpis.csv")
    assert list(tmp_path.iterdir()) == []


def test_failed_replace_keeps_the_old_file_and_leaves_no_temporary(kpis, tmp_path, monkeypatch):
    target = tmp_path / "kpis.csv"
    target.write_text("oud\n", encoding="utf-8")

    def failing_replace(src, dst):
        raise OSError("schijf vol")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="schijf vol"):
        write_kpis_csv(kpis, target)
    assert target.read_text(encoding="utf-8") == "oud\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kpis.csv"]


def test_polars_reads_it_back(kpis, tmp_path):
    back = pl.read_csv(write_kpis_csv(kpis, tmp_path / "kpis.csv"), schema_overrides={"groep": pl.String})
    assert back.columns == HEADER.split(",")
    assert back["norm_gehaald"].dtype == pl.Boolean
    assert back.filter(pl.col("groep").is_null()).height == kpis.filter(pl.col("groep").is_null()).height
