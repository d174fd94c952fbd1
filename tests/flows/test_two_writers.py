"""Two ingests at once on the same store (the nightly run and a manual `dvm ingest`, or two
servers by mistake): one waits for the other, and the store ends as after one ingest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from core.settings import load_settings
from flows.stores import open_store
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow
FILES = ("kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv")


def dvm(*args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DVM_"))}
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "dvm"), *args],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def snapshot(home) -> dict[str, pl.DataFrame]:
    store = open_store(load_settings(home=home))
    return {
        "calls": store.read("calls").collect().sort("call_id"),
        "quarantine": store.read("quarantine").collect().sort(pl.all()),
    }


def test_two_ingests_at_once_end_as_one(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in FILES:
        shutil.copy(FIXTURES / "kcc" / name, exports / name)
    home, alone = tmp_path / "shared", tmp_path / "alone"
    first, second = dvm("ingest", str(exports), "--home", str(home)), dvm("ingest", str(exports), "--home", str(home))
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    # one of them loaded both files; the other waited for the lock and then found them loaded
    said = sorted(out for out, _ in outs)
    assert "2 bestanden geladen" in said[0] + said[1] and "2 al eerder gezien" in said[0] + said[1], said
    single = dvm("ingest", str(exports), "--home", str(alone))
    assert single.wait(timeout=300) == 0
    store = open_store(load_settings(home=home))
    assert store.version() == 0  # one store version, not two
    ours, theirs = snapshot(home), snapshot(alone)
    assert ours["calls"].height > 0 and ours["calls"].equals(theirs["calls"])
    assert ours["quarantine"].height > 0 and ours["quarantine"].equals(theirs["quarantine"])
