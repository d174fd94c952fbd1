"""The `dvm` command as a user runs it (a real process): exit codes and one-line Dutch errors."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest


def dvm(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dvm", *args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["report", "2026-13"], 2, "periode '2026-13': maand 13 bestaat niet"),
        (["report", "2026", "--config", "/nonexistent/dvm.toml"], 2, "bestaat niet"),
        (["ingest", "/nonexistent/folder"], 2, "bestaat niet"),
        (["report", "0001"], 2, "periode '0001': jaar buiten het bereik"),
        (["report"], 2, "ontbrekend argument: PERIODE"),
        (["nightly"], 2, "inbox"),
        (["report", "2026-Q3"], 3, "er is geen opslag in "),
        (["prognose"], 3, "er is geen opslag in "),
    ],
)
def test_bad_input_gives_one_line_and_its_exit_code(tmp_path, args, code, fragment):
    start = time.monotonic()
    out = dvm(*args, "--home", str(tmp_path))
    assert out.returncode == code, out.stderr
    assert out.stderr.startswith("fout: ") and out.stderr.count("\n") == 1 and fragment in out.stderr
    assert "Traceback" not in out.stderr + out.stdout and out.stdout == ""
    assert time.monotonic() - start < 10  # a process start and imports; no Prefect


def test_run_from_a_folder_without_a_store_says_there_is_none_and_how_to_point_at_one(tmp_path):
    # run from the wrong folder: not "the store is empty", but that there is no store here and --home
    out = dvm("report", "2026-Q3", cwd=tmp_path)
    assert out.returncode == 3 and out.stdout == ""
    assert out.stderr == (
        "fout: er is geen opslag in dvm-home/store: geef de map van de monitor met --home MAP (of DVM_HOME), "
        "of laad eerst exports met 'dvm ingest'\n"
    )
    (tmp_path / "dvm-home" / "store").mkdir(parents=True)  # a store folder without a version: empty
    out = dvm("report", "2026-Q3", cwd=tmp_path)
    assert out.returncode == 3 and "fout: de opslag in dvm-home/store is leeg; laad eerst exports" in out.stderr


@pytest.mark.parametrize("command", ["ingest", "nightly", "prognose"])
def test_the_help_of_a_command_without_a_period_lists_no_periods(command):
    out = dvm(command, "--help")
    assert out.returncode == 0 and out.stdout.startswith(f"gebruik: dvm {command}")
    assert "Periodes:" not in out.stdout and "Afsluitcodes: 0 klaar" in " ".join(out.stdout.split())
    assert "Periodes: 2026-07 (maand)" in " ".join(dvm("report", "--help").stdout.split())


def test_help_is_dutch_and_exits_0():
    out = dvm("--help")
    assert out.returncode == 0 and out.stdout.startswith("gebruik: dvm") and out.stderr == ""
    assert "Afsluitcodes: 0 klaar, 1 klaar maar een bestand afgewezen, 2 foute invoer, 3 niets gemaakt" in " ".join(
        out.stdout.split()
    )


def test_the_demo_line_about_its_planted_errors():
    from dvm.cli import demo_quarantine_line

    # 3 files, one without bad rows; 4 rules of which the 3 most frequent are named
    line = demo_quarantine_line(
        {"a.csv": 1200, "b.csv": 40, "c.csv": 0},
        {"geen_getal": 1000, "sleutel_ontbreekt": 200, "dubbele_sleutel": 30, "negatieve_duur": 10},
    )
    assert line == (
        "Demo: 1.240 rijen uit 2 bestanden met opzet fout en in quarantaine (1.000 geen geheel getal, 200 sleutel "
        "leeg, 30 sleutel komt twee keer voor, 10 om 1 andere reden); zie het blad Datakwaliteit van de werkmap"
    )
    assert demo_quarantine_line({"a.csv": 0}, {}) is None  # a second run quarantines nothing: no line
