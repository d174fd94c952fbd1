"""The demo Corsa exports: real layout and encoding, readable by the project's own reader, progressing snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from core.profiles import CorsaProfile
from demo.corsa import HEADER, write_corsa_exports
from sources.corsa import load_cases
from sources.files import identify

TODAY = date(2026, 3, 15)  # previous year 2025 complete, current quarter up to 14 March
EXPECTED_NAMES = [f"corsa_zaken_{s}.csv" for s in ("20250401", "20250701", "20251001", "20260101", "20260315")]
DEFECT_CODES = {"ongeldige_datum", "einde_voor_start", "negatieve_duur", "onbekend_kanaal", "dubbele_sleutel"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> list[Path]:
    return write_corsa_exports(tmp_path_factory.mktemp("demo"), TODAY)


@pytest.fixture(scope="module")
def batches(exports):
    return [load_cases(identify(p), CorsaProfile()) for p in exports]


def test_one_snapshot_per_quarter_plus_today(exports):
    assert [p.name for p in exports] == EXPECTED_NAMES


def test_header_line_ends_and_encoding(exports):
    for path in exports:
        raw = path.read_bytes()
        assert raw.startswith(";".join(HEADER).encode("ascii") + b"\r\n")
        assert raw.count(b"\n") == raw.count(b"\r\n")
        assert not raw.isascii()  # accented names (é, ë) make the encoding matter
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        text = raw.decode("cp1252")
        assert "é" in text and "ë" in text


def test_every_file_reads_and_only_the_last_has_bad_rows(exports, batches):
    for batch in batches[:-1]:
        assert batch.quarantine.height == 0
        assert batch.records.height > 0
    last = batches[-1]
    codes = last.quarantine["regel"].to_list()
    assert set(codes) == DEFECT_CODES
    assert 5 <= len(codes) <= 10
    assert codes.count("dubbele_sleutel") == 2  # both copies of the duplicated key


def test_snapshots_grow_and_hold_only_registrations_before_their_stamp(exports, batches):
    heights = [b.records.height for b in batches]
    assert heights == sorted(heights)
    for path, batch in zip(exports, batches, strict=True):
        stamp = date(int(path.stem[-8:-4]), int(path.stem[-4:-2]), int(path.stem[-2:]))
        recs = batch.records
        assert date(2025, 1, 1) <= recs["registratiedatum"].min() <= date(2025, 1, 3)
        assert recs["registratiedatum"].max() < stamp
        assert recs.filter(pl.col("einddatum") >= stamp).height == 0
        assert recs.filter(pl.col("startdatum") < pl.col("registratiedatum")).height == 0
        closed = pl.col("einddatum").is_not_null()
        assert recs.filter(closed != (pl.col("status") == "afgehandeld")).height == 0
        assert recs.filter(closed & pl.col("resultaat").is_null()).height == 0


def test_open_cases_close_in_later_snapshots(batches):
    first, last = batches[0].records, batches[-1].records
    open_early = first.filter(pl.col("einddatum").is_null()).select("zaak_id")
    assert open_early.height > 0
    later = last.join(open_early, on="zaak_id")
    assert later.filter(pl.col("einddatum").is_not_null()).height > 0.5 * open_early.height
    # Registration data of a case does not change between snapshots.
    same = first.join(last, on="zaak_id", suffix="_later")
    assert same.filter(pl.col("registratiedatum") != pl.col("registratiedatum_later")).height == 0


def test_realistic_volumes_mix_and_on_time_share(batches):
    recs = batches[-1].records
    year = recs.filter(pl.col("registratiedatum").dt.year() == 2025)
    losser = year.filter(pl.col("gemeente") == "Losser").height
    enschede = year.filter(pl.col("gemeente") == "Enschede").height
    assert 7_000 <= losser <= 13_000
    assert 2 * losser < enschede < 4 * losser
    assert recs["zaak_id"].str.contains(r"^Z-(LOS|ENS)-\d{4}-\d{6}$").all()
    assert set(recs["team"]) == {"KCC", "Publiekszaken", "BFR", "PVH", "Zorg", "Werk & Inkomen", "Bedrijfsbureau"}
    assert set(recs["kanaal"]) == {"telefoon", "balie", "email", "webformulier", "post", "sociale_media", "intern"}
    assert set(recs["zaaktype_code"]) >= {
        "OMV-REG",
        "OMV-UIT",
        "KLACHT",
        "WOO",
        "BIJST",
        "EVT",
        "WMO",
        "MOR",
        "INFO",
        "BRIEF",
        "CV",
    }
    deadline = pl.coalesce("fatale_datum", "streefdatum") + pl.duration(days=pl.col("opgeschort_dagen"))
    known = recs.filter(pl.col("einddatum").is_not_null() & deadline.is_not_null())
    on_time = known.filter(pl.col("einddatum") <= deadline).height / known.height
    assert 0.75 <= on_time <= 0.95
    omv = recs.filter(pl.col("zaaktype_code").str.starts_with("OMV"))
    suspended = omv.filter(pl.col("opgeschort_dagen") > 0).height / omv.height
    assert 0.05 <= suspended <= 0.40
    assert omv.filter(pl.col("fatale_datum").is_null()).height == 0
    assert (
        recs.filter(
            pl.col("zaaktype_code").is_in(["CV", "WMO", "BRIEF"])
            & pl.col("fatale_datum").is_not_null()
            & pl.col("streefdatum").is_not_null()
        ).height
        == 0
    )


def test_deterministic(exports, tmp_path):
    again = write_corsa_exports(tmp_path, TODAY)
    assert [p.name for p in again] == [p.name for p in exports]
    for a, b in zip(again, exports, strict=True):
        assert a.read_bytes() == b.read_bytes()
