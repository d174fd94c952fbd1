"""The command line running real flows (on the session's Prefect test server): what it says when
the work was done, when nothing was produced, when the disk is full; settings built once."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import core.settings as dvm_settings
import flows.nightly
import flows.report
import flows.start
import flows.stores
from core.errors import UserError
from core.settings import Settings, load_settings
from flows.ingest import ingest
from tests.conftest import FIXTURES
from tests.dvm.conftest import one_dutch_line


@pytest.fixture
def exports(tmp_path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", folder)
    return folder


@pytest.fixture
def loaded(tmp_path, exports) -> Path:
    """A working folder with the July export loaded (calls of 2026-07-01, Losser and Enschede)."""
    home = tmp_path / "home"
    ingest([str(exports)], load_settings(home=str(home)))
    return home


def test_ingest_says_what_went_to_quarantine_by_rule_never_by_content(dvm, tmp_path, exports):
    said = dvm("ingest", str(exports), "--home", str(tmp_path / "home"))
    assert (said.code, said.err) == (0, "")
    # kcc_gesprekken_20260702.csv: 14 rows; quarantined: T0012 twice (dubbele_sleutel), T0009 'n/a'
    # (geen_getal), T0008 -4 (negatieve_duur), T0007 'Phantom' (onbekende_uitkomst), T0010 '01-07-2026
    # 10:07' (ongeldige_tijd), the row without a key (sleutel_ontbreekt): 7 rows; 7 loaded (T0011 on the
    # queue LOS-OUD, which the configuration does not know, too: said as a queue without a mapping)
    assert said.out.splitlines() == [
        "opslagversie 0: 1 bestand geladen, 0 afgewezen, 0 al eerder gezien; 7 rijen samengevoegd, 7 in quarantaine",
        "quarantaine: 2 rijen dubbele_sleutel (sleutel komt twee keer voor)",
        "quarantaine: 1 rij geen_getal (geen geheel getal)",
        "quarantaine: 1 rij negatieve_duur (negatieve duur)",
        "quarantaine: 1 rij onbekende_uitkomst (onbekende uitkomst)",
        "quarantaine: 1 rij ongeldige_tijd (ongeldige tijd)",
        "quarantaine: 1 rij om 1 andere reden",
        "nog niet ingesteld: wachtrij LOS-OUD (1 gesprek): gesprekken van 01-07-2026 t/m 01-07-2026: in geen "
        "gemeente geteld; voeg de wachtrij toe aan [[queues]]",
    ]
    for cell in ("Phantom", "n/a", "+316", "=1+2", "01-07-2026 10:07", "Agent"):
        assert cell not in said.out
    # a queue's name is a setting's key, said only where the setting is missing
    assert [line for line in said.out.splitlines() if "LOS-OUD" in line] == said.out.splitlines()[-1:]


def test_a_file_of_calls_on_an_unknown_queue_names_the_queue(dvm, tmp_path):
    folder = tmp_path / "alles-fout"
    folder.mkdir()
    header = "CallId,StartTimeUTC,Queue,WaitSeconds,TalkSeconds,HoldSeconds,WrapUpSeconds,Outcome,TransferredTo"
    rows = [f"X{i},2026-07-01T08:0{i}:00Z,ONBEKEND,5,60,0,10,Answered," for i in range(3)]
    (folder / "kcc_gesprekken_20260801.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    said = dvm("ingest", str(folder), "--home", str(tmp_path / "home"))
    assert said.code == 0 and said.err == ""
    # a queue the configuration does not know is not bad data: the calls are stored, the queue is named
    assert said.out.splitlines()[1:] == [
        "nog niet ingesteld: wachtrij ONBEKEND (3 gesprekken): gesprekken van 01-07-2026 t/m 01-07-2026: in "
        "geen gemeente geteld; voeg de wachtrij toe aan [[queues]]"
    ]
    assert "3 rijen samengevoegd, 0 in quarantaine" in said.out


def test_a_one_day_range_is_reported(dvm, loaded):
    said = dvm("report", "2026-07-01..2026-07-01", "--home", str(loaded))
    assert said.code == 0 and said.err == "", said.err
    books = [Path(line) for line in said.out.splitlines() if line.endswith(".xlsx")]
    assert {b.name for b in books} == {
        "dienstverleningsmonitor_Losser_2026-07-01_tot_2026-07-01.xlsx",
        "dienstverleningsmonitor_Enschede_2026-07-01_tot_2026-07-01.xlsx",
    }
    assert all(b.exists() for b in books)


def test_a_gemeente_in_another_case_is_that_gemeente(dvm, loaded):
    said = dvm("report", "2026-07", "--gemeente", "losser", "--home", str(loaded))
    assert said.code == 0 and said.err == ""
    assert [Path(p).parent.parent.name for p in said.out.splitlines()] == ["Losser", "Losser"]


def test_a_period_without_data_produces_nothing_and_says_so(dvm, loaded):
    said = dvm("report", "2020", "--home", str(loaded))
    one_dutch_line(said, 3, "niets gemaakt: de opslag heeft geen gegevens voor 2020", max_seconds=None)
    assert said.out == "" and not (loaded / "reports").exists()


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB tmpfs (root only): the working folder on a disk that can be filled."""
    if os.geteuid() != 0:
        pytest.skip("een tmpfs aankoppelen kan alleen als root")
    disk = tmp_path / "schijf"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"kan geen tmpfs aankoppelen: {done.stderr.decode(errors='replace').strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def fill(disk: Path) -> None:
    """Fill the disk to the last byte."""
    with open(disk / "vulsel", "wb", buffering=0) as fh:
        for size in (65536, 1):
            try:
                while True:
                    fh.write(b"\0" * size)
            except OSError:
                pass
    assert os.statvfs(disk).f_bavail == 0


def test_ingest_on_a_full_disk_is_one_line_and_exit_code_4(dvm, small_disk, exports):
    home = small_disk / "home"
    home.mkdir()
    fill(small_disk)
    said = dvm("ingest", str(exports), "--home", str(home))
    line = one_dutch_line(said, 4, "de schijf is vol", max_seconds=None)
    assert "probeer het opnieuw" in line


def test_report_on_a_full_disk_is_one_line_and_exit_code_4(dvm, small_disk, exports):
    home = small_disk / "home"
    ingest([str(exports)], load_settings(home=str(home)))
    fill(small_disk)
    said = dvm("report", "2026-07", "--home", str(home))
    one_dutch_line(said, 4, "de schijf is vol", max_seconds=None)


def test_settings_are_built_once_per_run(dvm, tmp_path, monkeypatch):
    """The command line builds them, the nightly flow and its ingest and report subflows get
    the same object (and the alert hook would too)."""
    calls, real = [], dvm_settings.load_settings

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    # the two places a run builds its settings (tests/test_run_start.py): the command line, a deployment run
    for module in (dvm_settings, flows.start):
        monkeypatch.setattr(module, "load_settings", counting)
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", home / "inbox")
    said = dvm("nightly", "--home", str(home))
    # the export's calls are of 1 July 2026; the nightly refreshes the quarter of the real today, which
    # after September holds none of them: no report for it, exit 3 (a period after the data ends). What
    # counts here is how often the settings are built.
    assert said.code in (0, 3), said.err
    assert len(calls) == 1
    calls.clear()
    flows.nightly.nightly(home=str(home))  # a deployment run: built once by the top-level flow
    assert len(calls) == 1


def test_a_nightly_builds_its_figure_context_texts_and_store_once(tmp_path, monkeypatch):
    """A deployment run of the nightly that loads an export and writes the quarter's reports and the
    dashboard: its ingest, report and dashboard subflows and their tasks ask for the figure context
    and open the store many times, and all get the ones made from the run's one Settings object."""
    built, asked = {"context": 0, "texts": 0, "store": 0}, [0]
    real_store = flows.stores.Store

    def counting_store(*args, **kwargs):
        built["store"] += 1
        return real_store(*args, **kwargs)

    real_context, real_texts, real_ask = dvm_settings.FigureContext, dvm_settings.texts, Settings.figure_context

    def counting_context(*args, **kwargs):
        built["context"] += 1
        return real_context(*args, **kwargs)

    def counting_texts(*args, **kwargs):
        built["texts"] += 1
        return real_texts(*args, **kwargs)

    def counting_ask(self):
        asked[0] += 1
        return real_ask(self)

    monkeypatch.setattr(dvm_settings, "FigureContext", counting_context)
    monkeypatch.setattr(dvm_settings, "texts", counting_texts)
    monkeypatch.setattr(Settings, "figure_context", counting_ask)
    monkeypatch.setattr(flows.stores, "Store", counting_store)
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", home / "inbox")
    outcome = flows.nightly.nightly(home=str(home), today=date(2026, 7, 15))  # calls of 1 July: 2026-Q3
    assert isinstance(outcome, dict)
    # it did the work that needs the context: a report per gemeente, and the dashboard
    assert {Path(p).parent.parent.name for p in outcome["rapporten"]} == {"Losser", "Enschede"}
    assert outcome["dashboard"]
    assert asked[0] > 5  # read, checked, computed, laid out per gemeente, the dashboard, the configuration's gaps
    assert built == {"context": 1, "texts": 1, "store": 1}


def test_a_user_error_in_a_report_mails_nobody(tmp_path, smtp_server, loaded):
    config = tmp_path / "dvm.toml"
    config.write_text(f'{smtp_server.delivery_toml}operators = ["beheer@losser.nl"]\n', encoding="utf-8")
    with pytest.raises(UserError, match="gemeente 'Utrecht' onbekend"):
        flows.report.report("2026-07", gemeente=["Utrecht"], config=str(config), home=str(loaded))
    with pytest.raises(UserError, match="opslagversie 9 bestaat niet"):
        flows.report.report("2026-07", as_of=9, config=str(config), home=str(loaded))
    assert smtp_server.received == []


@pytest.mark.parametrize("gemeente", [["--gemeente", "Losser"], []])
def test_a_period_after_the_data_ends_is_no_report_even_when_its_comparisons_have_data(dvm, loaded, gemeente):
    # the store holds calls of 2026-07-01; 2027-Q3 is compared with 2026-Q3 (which has them), but 2027-Q3
    # itself lies after the last day with data: an empty workbook would be no report
    said = dvm("report", "2027-Q3", *gemeente, "--home", str(loaded))
    if gemeente:  # asked by name: the line says up to which day its data runs
        line = one_dutch_line(said, 3, "niets gemaakt: geen gegevens in 2027-Q3", max_seconds=None)
        assert "Losser heeft gegevens van 01-07-2026 tot en met 01-07-2026" in line
    else:
        one_dutch_line(said, 3, "niets gemaakt: de opslag heeft geen gegevens voor 2027-Q3", max_seconds=None)
    assert said.out == "" and not list((loaded / "reports").rglob("*.xlsx"))
