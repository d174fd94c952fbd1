"""The real call log (Anonymous Bank, 1999) through ingest and report, checked
against a reference computed row by row with the csv module: a second,
independent reading of the catalogue."""

from __future__ import annotations

import csv
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.settings import load_settings
from flows.ingest import ingest
from flows.report import report
from tests.conftest import SHARED

BANK = SHARED / "realdata" / "anonymous_bank"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not BANK.exists(), reason="shared/realdata not present")]
CONFIG = """
[[queues]]
name = "AB-KCC"
gemeente = "Anonymous Bank"
line = 1
team = "KCC"
"""


def reference_1999(answer_norm_s=30, short_abandon_s=5) -> dict[str, tuple]:
    """(waarde, teller, noemer) per KPI, straight from the definitions in DOMAIN.md."""
    ams = ZoneInfo("Europe/Amsterdam")
    n = dict.fromkeys(("offered", "answered", "within", "lost", "closed", "wait", "talk", "no_transfer"), 0)
    for path in sorted(BANK.glob("kcc_gesprekken_*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["Outcome"] not in {"Answered", "Abandoned", "Callback", "Voicemail", "Closed", "IVR"}:
                    continue  # quarantined (Phantom)
                start = datetime.fromisoformat(row["StartTimeUTC"].replace("Z", "+00:00"))
                if start.astimezone(ams).year != 1999:
                    continue
                wait, outcome = int(row["WaitSeconds"]), row["Outcome"]
                lost = outcome == "Abandoned" and wait >= short_abandon_s
                n["offered"] += outcome in {"Answered", "Callback", "Voicemail"} or lost
                n["lost"] += lost
                n["closed"] += outcome == "Closed"
                if outcome == "Answered":
                    n["answered"] += 1
                    n["within"] += wait <= answer_norm_s
                    n["wait"] += wait
                    n["talk"] += int(row["TalkSeconds"])
                    n["no_transfer"] += row["TransferredTo"] == ""
    base = n["answered"] + n["lost"]
    return {
        "tel_aangeboden": (n["offered"], None, None),
        "tel_beantwoord": (n["answered"], None, None),
        "tel_servicelevel_pct": (100 * n["within"] / base, n["within"], base),
        "tel_verloren_pct": (100 * n["lost"] / base, n["lost"], base),
        "tel_wachttijd_gem_s": (n["wait"] / n["answered"], n["wait"], n["answered"]),
        "tel_gesprekstijd_gem_s": (n["talk"] / n["answered"], n["talk"], n["answered"]),
        "tel_eerstelijn_pct": (100 * n["no_transfer"] / n["answered"], n["no_transfer"], n["answered"]),
        "tel_buiten_openingstijd": (n["closed"], None, None),
    }


def test_the_bank_call_log_loads_and_reports_exactly(tmp_path):
    config = tmp_path / "bank.toml"
    config.write_text(CONFIG, encoding="utf-8")
    home = str(tmp_path / "home")

    first = ingest([str(BANK)], load_settings(str(config), home))
    assert len(first.loaded) == 9 and first.rejected == []
    assert first.rows_merged == 318_286 - 2_658
    assert first.rows_quarantined == 2_658  # every Phantom row, none other

    again = ingest([str(BANK)], load_settings(str(config), home))
    assert again.store_version is None and len(again.skipped) == 9

    paths = report("1999", gemeente=["Anonymous Bank"], config=str(config), home=home)
    kpis_csv = next(p for p in paths if p.endswith("kpis.csv"))
    with open(kpis_csv, encoding="utf-8") as fh:
        got = {r["kpi"]: r for r in csv.DictReader(fh) if r["periode"] == "1999" and r["groep"] == ""}
    for code, (value, teller, noemer) in reference_1999().items():
        assert float(got[code]["waarde"]) == pytest.approx(value, abs=5e-5), code
        assert got[code]["teller"] == ("" if teller is None else str(teller)), code
        assert got[code]["noemer"] == ("" if noemer is None else str(noemer)), code
