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
        (["report", "2026-Q3"], 3, "is leeg; laad eerst exports"),
    ],
)
def test_bad_input_gives_one_line_and_its_exit_code(tmp_path, args, code, fragment):
    start = time.monotonic()
    out = dvm(*args, "--home", str(tmp_path))
    assert out.returncode == code, out.stderr
    assert out.stderr.startswith("fout: ") and out.stderr.count("\n") == 1 and fragment in out.stderr
    assert "Traceback" not in out.stderr + out.stdout and out.stdout == ""
    assert time.monotonic() - start < 10  # a process start and imports; no Prefect


def test_help_is_dutch_and_exits_0():
    out = dvm("--help")
    assert out.returncode == 0 and out.stdout.startswith("gebruik: dvm") and out.stderr == ""
    assert "Afsluitcodes: 0 klaar, 1 klaar maar een bestand afgewezen, 2 foute invoer, 3 niets gemaakt" in " ".join(
        out.stdout.split()
    )
