"""The real BPIC 2015 building-permit cases of five municipalities through ingest and
report; lead-time medians and closed counts checked against a plain csv reading."""

from __future__ import annotations

import csv
import statistics
from datetime import date, datetime

import openpyxl
import pytest

from core.settings import load_settings
from flows.ingest import ingest
from flows.report import report
from tests.conftest import SHARED

BPIC = SHARED / "realdata" / "bpic15"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not BPIC.exists(), reason="shared/realdata not present")]
PERIOD = "2009-01-01..2015-12-31"


def reference() -> dict[str, tuple[int, float]]:
    """Per gemeente: (closed in the period, median Einddatum - Startdatum in days)."""

    def day(text: str) -> date:
        return datetime.strptime(text, "%d-%m-%Y").date()

    lead: dict[str, list[int]] = {}
    with open(BPIC / "corsa_zaken_20150801.csv", encoding="cp1252", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if row["Einddatum"] and date(2009, 1, 1) <= day(row["Einddatum"]) <= date(2015, 12, 31):
                lead.setdefault(row["Gemeente"], []).append((day(row["Einddatum"]) - day(row["Startdatum"])).days)
    return {g: (len(v), statistics.median(v)) for g, v in lead.items()}


def test_five_real_municipalities_get_their_case_figures(tmp_path):
    home = str(tmp_path / "home")
    config = tmp_path / "bpic.toml"  # the gemeenten this monitor reports on (a gemeente not configured is quarantined)
    config.write_text(
        'gemeenten = ["Gemeente 1", "Gemeente 2", "Gemeente 3", "Gemeente 4", "Gemeente 5"]\nqueues = []\n',
        encoding="utf-8",
    )
    loaded = ingest([str(BPIC)], load_settings(str(config), home))
    assert loaded.rows_merged == 5649 and loaded.rows_quarantined == 0
    expected = reference()
    assert sorted(expected) == [f"Gemeente {i}" for i in range(1, 6)]
    paths = report(PERIOD, gemeente=sorted(expected), config=str(config), home=home)
    for g, (closed, median) in expected.items():
        folder = tmp_path / "home" / "reports" / g / PERIOD.replace("..", "_tot_")
        with open(folder / "kpis.csv", encoding="utf-8") as fh:
            rows = {(r["kpi"], r["groep"]): r for r in csv.DictReader(fh) if r["periode"] == PERIOD}
        assert float(rows[("zaak_afgehandeld", "")]["waarde"]) == closed, g
        assert float(rows[("zaak_doorlooptijd_mediaan_d", "")]["waarde"]) == median, g
        assert rows[("zaak_doorlooptijd_mediaan_d", "")]["noemer"] == str(closed), g
        book = openpyxl.load_workbook(next(folder.glob("*.xlsx")))
        assert "Zaken" in book.sheetnames and "Telefonie" not in book.sheetnames
    assert len(paths) == 10
