"""The hostile corpus (tests/sources/hostile.py) through `python -m dvm ingest`, as a user runs it.

Three runs share one installation and one Prefect server (tests/sources/conftest.py): a good export
of each source, then a folder of every export that must be rejected whole (exit 1; the data tables
exactly as they were), then a folder of every export whose bad rows go to quarantine (exit 0). Each
export is then checked on its own: its reason (naming the file, no personal data), its quarantine
rows, its records.

The three runs take a minute or more, so they are made once per test session (`corpus`, session-scoped:
no module teardown repeats them) and the module is one xdist group (one worker); the tests only read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from core.settings import load_settings
from flows.stores import open_store
from tests.conftest import ROOT
from tests.sources import hostile as h
from tests.sources.conftest import PrefectServer

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile")]
DATA_TABLES = ("calls", "cases", "appointments")
REJECTED = [c for c in h.CASES if c.rejected]
ROWS = [c for c in h.CASES if not c.rejected]
UNREADABLE = "kcc_gesprekken_20260601.csv"


def unprivileged() -> list[str] | None:
    """A command prefix under which a chmod 000 file cannot be read. As root, permissions do not stop
    reading (CAP_DAC_OVERRIDE): drop that capability with util-linux setpriv. None: no way here."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
    return None


def dvm_ingest(folder: Path, home: Path, server: PrefectServer, prefix: list[str] | None = None):
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "dvm", "ingest", str(folder), "--home", str(home)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=server.env,
        timeout=600,
        check=False,  # the tests look at the exit code and the output
    )


@dataclass
class Corpus:
    home: Path
    base: subprocess.CompletedProcess
    rejected: subprocess.CompletedProcess
    rows: subprocess.CompletedProcess
    before: dict[str, pl.DataFrame]  # data tables after the good exports
    versions_before: dict[str, int]
    after_rejected: dict[str, pl.DataFrame]
    versions_after_rejected: dict[str, int]
    unreadable: bool  # the unreadable export was in the rejected run
    names: dict[str, str]  # case id -> file name

    def store(self):
        return open_store(load_settings(home=str(self.home)))

    def output(self, run: subprocess.CompletedProcess) -> str:
        return run.stdout + run.stderr


def _tables(store) -> dict[str, pl.DataFrame]:
    return {t: store.read(t).collect().sort(store.tables[t].key) for t in DATA_TABLES}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, prefect_server) -> Corpus:
    tmp = tmp_path_factory.mktemp("hostile")
    home = tmp / "home"
    names = {}

    base = tmp / "base"
    base.mkdir()
    h.kcc_file(base, "20251201", [h.kcc_row("B1"), h.kcc_row("B2", Outcome="Abandoned", TalkSeconds="0")])
    h.corsa_file(base, "20251201", [h.corsa_row("Z-LOS-2025-000001")])
    h.jcc_xlsx(base, "20251201", [h.cells(h.jcc_row("B0001"))])
    first = dvm_ingest(base, home, prefect_server)
    store = open_store(load_settings(home=str(home)))
    before, versions_before = _tables(store), store.table_versions()

    bad = tmp / "rejected"
    bad.mkdir()
    for case in REJECTED:
        names[case.id] = case.make(bad).name
    prefix = unprivileged()
    if prefix is not None:
        h.kcc_file(bad, UNREADABLE.removeprefix("kcc_gesprekken_").removesuffix(".csv"), [h.kcc_row("U1")]).chmod(0)
    rejected = dvm_ingest(bad, home, prefect_server, prefix)
    after_rejected, versions_after_rejected = _tables(store), store.table_versions()

    rows = tmp / "rows"
    rows.mkdir()
    for case in ROWS:
        names[case.id] = case.make(rows).name
    assert len(set(names.values())) == len(h.CASES)  # every export its own file
    second = dvm_ingest(rows, home, prefect_server)
    return Corpus(
        home,
        first,
        rejected,
        second,
        before,
        versions_before,
        after_rejected,
        versions_after_rejected,
        prefix is not None,
        names,
    )


def test_the_corpus_is_big_enough():
    assert len(h.CASES) >= 40
    assert {c.id.split("-")[0] for c in REJECTED} == {"kcc", "corsa", "jcc"}
    assert {c.id.split("-")[0] for c in ROWS} == {"kcc", "corsa", "jcc"}


def test_rejected_exports_exit_1_and_leave_the_data_tables_exactly_as_they_were(corpus):
    assert corpus.base.returncode == 0, corpus.output(corpus.base)
    assert all(corpus.before[t].height for t in DATA_TABLES)  # the check below compares real tables
    assert corpus.rejected.returncode == 1, corpus.output(corpus.rejected)
    for t in DATA_TABLES:
        assert corpus.after_rejected[t].equals(corpus.before[t]), t
        assert corpus.versions_after_rejected[t] == corpus.versions_before[t], t


def test_exports_with_only_bad_rows_exit_0(corpus):
    assert corpus.rows.returncode == 0, corpus.output(corpus.rows)


@pytest.mark.parametrize("run", ["base", "rejected", "rows"])
def test_no_traceback_and_no_personal_data_in_what_the_command_says(corpus, run):
    said = corpus.output(getattr(corpus, run))
    assert "Traceback" not in said and "Failed(" not in said and "Crashed(" not in said
    assert [v for v in h.PII if v in said] == []


def _reason(corpus: Corpus, name: str) -> pl.DataFrame:
    return corpus.store().read("quarantine").filter(pl.col("bron_bestand") == name).collect()


@pytest.mark.parametrize("case", REJECTED, ids=[c.id for c in REJECTED])
def test_a_rejected_export_gets_one_line_naming_the_file_and_the_problem(corpus, case):
    name = corpus.names[case.id]
    lines = [
        line for line in corpus.output(corpus.rejected).splitlines() if f"{name}: " in line and case.fragment in line
    ]
    assert lines, f"no line naming {name} with {case.fragment!r}"
    q = _reason(corpus, name)
    assert q.select("rij", "sleutel", "regel").rows() == [(None, None, "bestand_afgewezen")]
    reason = q["reden"].item()
    assert reason.startswith(f"{name}: ") and case.fragment in reason
    assert [v for v in h.PII if v in reason] == []
    assert (corpus.home / "quarantine" / name).exists()
    store = corpus.store()
    for t in DATA_TABLES:
        assert store.read(t).filter(pl.col("bron_bestand") == name).collect().height == 0


@pytest.mark.parametrize("case", ROWS, ids=[c.id for c in ROWS])
def test_an_export_with_bad_rows_loads_the_rest_and_quarantines_those_rows(corpus, case):
    name = corpus.names[case.id]
    q = _reason(corpus, name)
    assert dict(zip(q["rij"], q["regel"], strict=True)) == case.quarantined
    assert [v for v in h.PII if v in q.write_csv()] == []
    table = {"kcc": "calls", "corsa": "cases", "jcc": "appointments"}[case.id.split("-")[0]]
    assert corpus.store().read(table).filter(pl.col("bron_bestand") == name).collect().height == case.loaded


def test_an_export_without_read_permission_is_rejected_not_a_crash(corpus):
    if not corpus.unreadable:
        pytest.skip("running as root without setpriv: a chmod 000 file stays readable")
    reason = _reason(corpus, UNREADABLE)
    assert reason["reden"].to_list() == [
        f"{UNREADABLE}: geen leesrechten op het bestand; verwacht een bestand dat de monitor mag lezen"
    ]
    assert reason["bron_hash"].item().startswith("onleesbaar-")
    assert f"{UNREADABLE}: geen leesrechten" in corpus.output(corpus.rejected)
