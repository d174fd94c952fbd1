"""A corpus of hostile cases for `dvm prognose` (issue 24, items 1-3): the clock's missing and double
hour, an AHT of 0 s and service-level targets Erlang C cannot reach, and a store with nothing to
forecast. Each is one Dutch line with the README's exit code, or a forecast that says what it left
out; never a traceback.

The stores are filled through the real readers and the real store, without Prefect (as
tests/dvm/conftest.py does); the histories are synthetic: a first-line KCC queue open on weekdays
09:00-16:00 local time, 4 calls an hour."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.settings import load_settings
from flows.stores import SOURCES, open_store
from sources.files import identify
from store.delta_store import Load
from tests.dvm.conftest import one_dutch_line

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KCC_HEADER = (
    "CallId,StartTimeUTC,Queue,DialledNumber,CallerNumber,WaitSeconds,TalkSeconds,HoldSeconds,WrapUpSeconds,"
    "Outcome,TransferredTo,AgentId"
)
KIF_HEADER = "Reactie-ID;Datum;Kanaal;Contactmoment;Vraag;Score;Team;Product;Pagina;Toelichting;E-mailadres;Gemeente"
NO_PDF = "[report]\npdf = false\n"


def kcc_export(folder: Path, first: date, last: date, *, queue: str = "LOS-KCC", talk_s: int = 240) -> Path:
    """A synthetic KCC export: on every weekday from `first` to `last`, 4 answered calls an hour from
    09:00 to 16:00 local time, each `talk_s` s of talk and (when talk_s > 0) 30 s of wrap-up."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"kcc_gesprekken_{last + timedelta(days=1):%Y%m%d}.csv"
    wrap = 30 if talk_s else 0
    rows, n, day = [], 0, first
    while day <= last:
        if day.weekday() < 5:
            for hour in range(9, 16):
                for minute in (5, 20, 35, 50):
                    n += 1
                    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)
                    utc = start.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
                    rows.append([f"S{n:06d}", utc, queue, "14 0541", "0", "10", str(talk_s), "0", str(wrap)])
                    rows[-1] += ["Answered", "", f"Agent-{n % 5}"]
        day += timedelta(days=1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(KCC_HEADER + "\n")
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return path


def kif_export(folder: Path) -> Path:
    """A synthetic Klant in Focus export: two responses, no personal data."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kif_feedback_20260707.csv"
    lines = [KIF_HEADER] + [
        f"R{i};06-07-2026 10:0{i};Telefoon;KCC-gesprek;Smiley;{score};KCC;;;;;Losser" for i, score in ((1, 4), (2, 5))
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def stored(home: Path, config: Path, source: str, table: str, *paths: Path) -> None:
    """Load `paths` into the store of `home` through the real reader and store (no Prefect)."""
    settings = load_settings(str(config), home)
    loads = []
    for path in paths:
        file = identify(path)
        batch = SOURCES[source].read(file, settings)
        loads.append(Load(source, file.name, file.sha256, file.stamp, table, batch.records, batch.quarantine, 0))
    assert open_store(settings).commit(loads, "test").store_version is not None


def configured(tmp_path: Path, text: str = "") -> Path:
    config = tmp_path / "dvm.toml"
    config.write_text(NO_PDF + text, encoding="utf-8")
    return config


def prognose_rows(home: Path) -> list[dict[str, str]]:
    with open(home / "reports" / "Losser" / "prognose" / "prognose.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- 24.1: the clock's missing and double hour


@pytest.mark.slow
def test_no_row_for_the_spring_hour_and_one_120_minute_row_for_the_autumn_hour(dvm, tmp_path):
    # 11 weeks of history up to Friday 16-10-2026; 26 weeks ahead from Saturday 17-10-2026: the
    # horizon holds Sunday 25-10-2026 (02:00-03:00 twice) and Sunday 28-03-2027 (02:00-03:00 skipped).
    home, config = tmp_path / "home", configured(tmp_path)
    stored(home, config, "kcc", "calls", kcc_export(tmp_path / "x", date(2026, 8, 3), date(2026, 10, 16)))
    said = dvm("prognose", "--weken", "26", "--config", str(config), "--home", str(home))
    assert said.code == 0 and "Traceback" not in said.out + said.err, said.err
    rows = prognose_rows(home)
    starts = [r["interval_start"] for r in rows]
    assert "2027-03-28T02:00" not in starts  # Europe/Amsterdam skips it
    assert "2027-03-28T01:00" in starts and "2027-03-28T03:00" in starts
    double = [r for r in rows if r["interval_start"] == "2026-10-25T02:00"]
    assert len(double) == 1 and double[0]["interval_min"] == "120"
    assert "twee keer" in double[0]["opmerking"]
    assert starts.count("2026-10-25T03:00") == 1 and len(starts) == len(set(starts))
    # every other hour is 60 minutes; 26 weeks of hours less the one that does not exist, less the
    # double one's second hour folded into its row (the horizon starts Saturday 17-10)
    assert {r["interval_min"] for r in rows if r["interval_start"] != "2026-10-25T02:00"} == {"60"}
    assert len(rows) == 26 * 7 * 24 - 1
    # a weekday hour is forecast and staffed: 4 calls an hour, AHT 270 s
    busy = next(r for r in rows if r["interval_start"] == "2026-10-19T10:00")
    assert abs(float(busy["voorspelling"]) - 4) < 0.5 and int(busy["agents_nodig"]) >= 1


# ---------------------------------------------------------------- 24.2: AHT 0 s, unreachable service levels


@pytest.mark.slow
def test_an_aht_of_0_gives_no_staffing_and_says_why(dvm, tmp_path):
    home, config = tmp_path / "home", configured(tmp_path)
    stored(home, config, "kcc", "calls", kcc_export(tmp_path / "x", date(2026, 8, 3), date(2026, 10, 16), talk_s=0))
    said = dvm("prognose", "--config", str(config), "--home", str(home))
    assert said.code == 0 and "Traceback" not in said.out + said.err, said.err
    assert "geen bezettingsadvies: de gemiddelde afhandeltijd (AHT) is 0 s" in said.out
    rows = prognose_rows(home)
    busy = [r for r in rows if float(r["voorspelling"]) > 0]
    assert busy and all(r["agents_nodig"] == "" and r["agents_rooster"] == "" for r in busy)
    assert all("AHT" in r["opmerking"] for r in busy)


@pytest.mark.parametrize("target", ["150", "100", "0", "-5", "100.0001"])
def test_a_service_level_target_erlang_c_cannot_reach_is_refused_at_load(dvm, tmp_path, target):
    config = configured(tmp_path, f'[norms.tel_servicelevel_pct]\ntarget = {target}\ndirection = ">="\n')
    line = one_dutch_line(dvm("prognose", "--config", str(config), "--home", str(tmp_path / "home")), 2)
    assert "tel_servicelevel_pct.target" in line and "groter dan 0 en kleiner dan 100" in line
    assert not (tmp_path / "home" / "reports").exists()


def test_a_reachable_service_level_target_is_taken():
    assert load_settings(None, None).norms["tel_servicelevel_pct"].target == 80


# ---------------------------------------------------------------- 24.3: nothing to forecast


def test_a_store_with_only_feedback_has_nothing_to_forecast(dvm, tmp_path):
    home, config = tmp_path / "home", configured(tmp_path)
    stored(home, config, "kif", "feedback", kif_export(tmp_path / "x"))
    line = one_dutch_line(
        dvm("prognose", "--config", str(config), "--home", str(home)), 3, "niets te voorspellen", max_seconds=None
    )
    assert "geen gesprekken, afspraken of zaken van een ingestelde gemeente" in line
    assert not (home / "reports").exists()


def test_calls_only_on_queues_no_gemeente_has_leave_nothing_to_forecast(dvm, tmp_path):
    home, config = tmp_path / "home", configured(tmp_path)
    export = kcc_export(tmp_path / "x", date(2026, 8, 3), date(2026, 10, 16), queue="XYZ-KCC")
    stored(home, config, "kcc", "calls", export)
    line = one_dutch_line(
        dvm("prognose", "--config", str(config), "--home", str(home)), 3, "niets te voorspellen", max_seconds=None
    )
    assert "Losser en Enschede" in line
    assert not (home / "reports").exists()
