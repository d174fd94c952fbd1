"""A reader that closes the pipe early (`dvm report ... | head -1`, `| true`) is not a problem of the
command: it does its work, its exit code is the one it would have had (README, Commands), and it says
nothing about the pipe: no "fout:" line, no traceback, no "Exception ignored ... BrokenPipeError" from
the interpreter at its exit. Real child processes, real pipes (tests/child.py)."""

from __future__ import annotations

import pytest

from tests.child import child_env, dvm_to_a_reader_that_leaves


@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize("main", [True, False], ids=["main", "run"])
def test_help_to_a_reader_that_left(unbuffered, main):
    # argparse prints the help and ends with SystemExit(0): still 0
    code, _, err = dvm_to_a_reader_that_leaves(
        "report", "--help", env=child_env(PYTHONUNBUFFERED=unbuffered), main=main
    )
    assert (code, err) == (0, "")


def test_wrong_input_to_a_reader_that_left_is_still_wrong_input():
    # the one line on stderr, the exit code 2: a closed stdout changes neither
    code, _, err = dvm_to_a_reader_that_leaves("report", "2026-13", env=child_env(PYTHONUNBUFFERED="1"))
    assert code == 2
    assert err.startswith("fout: periode '2026-13': maand 13 bestaat niet") and err.count("\n") == 1, err


@pytest.mark.slow
@pytest.mark.parametrize(
    ("unbuffered", "main", "lines"),
    [("1", True, 0), ("1", True, 1), ("", False, 0)],
    ids=["main-unbuffered-closed-at-once", "main-unbuffered-head-1", "run-buffered-closed-at-once"],
)
def test_a_report_to_a_reader_that_left_is_written_and_done(loaded_home, unbuffered, main, lines):
    # two gemeenten: four paths to print (workbook and kpis.csv each). Closed at once, every print
    # finds the pipe closed; after one line (`| head -1`) the later ones may (the child may have written
    # them before the close). Either way: written, exit 0, nothing said.
    for kpis in loaded_home.glob("reports/*/2026-07/kpis.csv"):
        kpis.unlink()
    environment = child_env(DVM_REPORT__PDF="false", PYTHONUNBUFFERED=unbuffered)  # its own Prefect server
    code, read, err = dvm_to_a_reader_that_leaves(
        "report", "2026-07", "--home", str(loaded_home), env=environment, main=main, lines=lines
    )
    assert (code, err) == (0, ""), err
    assert all(line.endswith(".xlsx") for line in read), read
    assert sorted(p.parent.parent.name for p in loaded_home.glob("reports/*/2026-07/kpis.csv")) == [
        "Enschede",
        "Losser",
    ]
