"""The `dvm` command as a user runs it: exit codes and one-line Dutch errors."""

from __future__ import annotations

import subprocess
import sys

import pytest


def dvm(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dvm", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.mark.parametrize(("args", "fragment"), [
    (["report", "2026-13"], "periode '2026-13' niet herkend"),
    (["report", "2026", "--config", "/nonexistent/dvm.toml"], "bestaat niet"),
    (["ingest", "/nonexistent/folder"], "bestaat niet"),
])
def test_bad_input_gives_one_line_and_exit_code_2(tmp_path, args, fragment):
    out = dvm(*args, "--home", str(tmp_path))
    assert out.returncode == 2
    assert out.stderr.strip().startswith("fout: ") and fragment in out.stderr
    assert "Traceback" not in out.stderr + out.stdout


@pytest.mark.slow
def test_report_on_an_empty_store_says_so_without_traceback(tmp_path):
    out = dvm("report", "2026-Q3", "--home", str(tmp_path))
    assert out.returncode == 2
    assert "is leeg; laad eerst exports" in out.stderr
    assert "Traceback" not in out.stderr + out.stdout
