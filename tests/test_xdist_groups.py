"""`--dist loadgroup` (make test) keeps an xdist group on one worker. The suite relies on it: the demo's
reports, the topology and the hostile corpus each build minutes of fixtures once, on the worker that runs
the group. pytest 9.2 with pytest-xdist 3.8 drops the groups without a word (pytest-xdist issue 1386) and
every worker builds them again; this test says so instead."""

from __future__ import annotations

import os
import re
import subprocess
import sys

GROUPED = """
import pytest

pytestmark = pytest.mark.xdist_group("g")


@pytest.mark.parametrize("i", range(4))
def test_grouped(i):
    pass
"""

UNGROUPED = """
import pytest


@pytest.mark.parametrize("i", range(4))
def test_free(i):
    pass
"""


def test_loadgroup_runs_a_group_on_one_worker(tmp_path):
    (tmp_path / "test_a.py").write_text(GROUPED, encoding="utf-8")
    (tmp_path / "test_b.py").write_text(GROUPED, encoding="utf-8")
    (tmp_path / "test_c.py").write_text(UNGROUPED, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},  # not this run's worker
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    ran = re.findall(r"\[(gw\d)\] \[\s*\d+%\] PASSED (\S+)", run.stdout)
    assert len(ran) == 12, run.stdout
    grouped = [(worker, test) for worker, test in ran if "test_grouped" in test]
    assert all(test.endswith("@g") for _, test in grouped), f"xdist_group ignored: {grouped}"
    assert len({worker for worker, _ in grouped}) == 1, f"one group on two workers: {grouped}"
