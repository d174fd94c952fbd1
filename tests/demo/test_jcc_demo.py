"""The demo JCC exports: both formats, readable by the project's own reader, realistic desk figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from core.profiles import JccProfile
from demo.jcc import HEADER, SHEET, write_jcc_exports
from sources.files import identify
from sources.jcc import load_appointments

TODAY = date(2026, 11, 15)  # previous year 2025 complete, appointments booked up to 13 December 2026
EXPECTED_NAMES = ["jcc_afspraken_20250401.xlsx", "jcc_afspraken_20250701.xlsx"] + [
    f"jcc_afspraken_{s}.csv" for s in ("20251001", "20260101", "20260401", "20260701", "20261001", "20261115")
]
DEFECT_CODES = ["onbekende_status", "oproep_voor_aanmelding", "afgerond_voor_oproep", "geboekt_na_afspraak"]


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> list[Path]:
    return write_jcc_exports(tmp_path_factory.mktemp("demo"), TODAY)


@pytest.fixture(scope="module")
def batches(exports):
    return [load_appointments(identify(p), JccProfile()) for p in exports]


@pytest.fixture(scope="module")
def records(batches) -> pl.DataFrame:
    return pl.concat([b.records for b in batches])


def test_one_export_per_quarter_plus_today_in_both_formats(exports):
    assert [p.name for p in exports] == EXPECTED_NAMES


def test_layout_of_csv_and_workbook(exports):
    for path in exports:
        if path.suffix == ".csv":
            raw = path.read_bytes()
            assert raw.startswith(";".join(HEADER).encode("utf-8") + b"\r\n")
            assert raw.count(b"\n") == raw.count(b"\r\n")
            raw.decode("utf-8")
        else:
            sheet = pl.read_excel(path, engine="calamine", sheet_name=SHEET, infer_schema_length=0)
            assert sheet.columns == HEADER


def test_every_file_loads_and_only_the_planted_rows_are_quarantined(batches):
    for batch in batches[:-1]:
        assert batch.quarantine.height == 0
        assert batch.records.height > 5000
    last = batches[-1].quarantine
    assert last["regel"].to_list() == DEFECT_CODES
    assert all(key.startswith("ALOS26999") for key in last["sleutel"].to_list())


def test_keys_unique_across_files(records):
    assert records["afspraak_id"].is_unique().all()
    assert records["afspraak_id"].str.contains(r"^A(LOS|ENS)\d{7}$").all()


def test_no_show_per_gemeente_within_domain_range(records):
    seen = records.filter(pl.col("status").is_in(["verschenen", "niet_verschenen"]))
    rates = seen.group_by("gemeente").agg((pl.col("status") == "niet_verschenen").mean().alias("pct"))
    assert set(rates["gemeente"]) == {"Losser", "Enschede"}
    for pct in rates["pct"]:
        assert 0.03 <= pct <= 0.10


def test_thursday_evening_only(records):
    evening = records.filter(pl.col("begin").dt.hour() >= 17)
    assert evening.height > 0
    assert set(evening["datum"].dt.weekday()) == {4}  # Thursday
    thursdays = records.filter(pl.col("datum").dt.weekday() == 4)
    assert 0.05 <= evening.height / thursdays.height <= 0.20
    assert records.filter(pl.col("datum").dt.weekday() >= 6).height == 0  # desk closed at weekends
    daytime = records.filter(pl.col("begin").dt.hour() < 17)
    assert daytime.filter(pl.col("begin").dt.hour() < 9).height == 0
    assert daytime.filter(pl.col("eind").dt.strftime("%H:%M") > "16:30").height == 0


def test_volumes(records):
    per_year = records.filter(pl.col("datum").dt.year() == 2025).group_by("gemeente").len()
    volume = dict(zip(per_year["gemeente"], per_year["len"], strict=True))
    assert 6_000 <= volume["Losser"] <= 15_000
    assert 2.5 <= volume["Enschede"] / volume["Losser"] <= 3.5


def test_passport_share_rises(records):
    def share(year: int) -> float:
        half = records.filter(pl.col("datum").dt.year() == year, pl.col("datum").dt.month() <= 6)
        return (half["product_code"] == "PASAAN").mean()

    assert share(2026) > share(2025) + 0.02


def test_status_times_and_booking(records):
    today = pl.lit(TODAY)
    assert records.filter((pl.col("datum") < today) == (pl.col("status") == "gepland")).height == 0
    assert records.filter(pl.col("datum") >= today).height > 0
    visited = pl.col("status") == "verschenen"
    for c in ("aangemeld", "opgeroepen", "afgerond"):
        assert records.filter(visited != pl.col(c).is_not_null()).height == 0
    assert records.filter(pl.col("geboekt_op") >= pl.col("begin")).height == 0
    assert records["geboekt_op"].dt.date().max() < TODAY  # the export knows only what was booked before it
    lead = (pl.col("datum") - pl.col("geboekt_op").dt.date()).dt.total_days()
    leads = records.select(lead.alias("lead"))["lead"]
    assert leads.min() >= 0 and leads.max() <= 62 and 5 <= leads.median() <= 14
    channels = records["boekingskanaal"].value_counts(normalize=True)
    online = channels.filter(pl.col("boekingskanaal") == "internet")["proportion"][0]
    assert 0.65 <= online <= 0.75
    waits = records.filter(visited).select(
        (pl.col("opgeroepen") - pl.max_horizontal("aangemeld", "begin")).dt.total_seconds().alias("wait")
    )["wait"]
    assert 0.80 <= (waits <= 600).mean() <= 0.95


def test_no_pii_reaches_the_records(records, exports):
    for column in records.columns:
        assert not any(word in column.lower() for word in ("naam", "mail", "telefoon"))
    raw = pl.read_csv(exports[-1], separator=";", infer_schema_length=0)
    assert raw["Naam klant"].str.contains(r"^Klant \d{6}$").all()
    assert raw["E-mail"].str.contains(r"^klant\d{6}@example\.invalid$").all()
    assert raw["Telefoon"].str.contains(r"^0600\d{6}$").all()


def test_deterministic(exports, tmp_path):
    again = write_jcc_exports(tmp_path, TODAY)
    assert [p.name for p in again] == [p.name for p in exports]
    for a, b in zip(exports, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
