"""The store on S3-compatible object storage (moto in server mode on loopback): the same store as in
a folder (ledger, as_of, quarantine, retry_rejected), one writer at a time across machines (a lease
in the store itself), and a writer that loses the race loads again, so each load is there once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest

from core.settings import load_settings
from flows.stores import TABLES, open_store
from sources.quarantine import rejected_file
from store.delta_store import CommitResult, Load, Store, StoreBusy
from store.lease import Lease
from tests.conftest import FIXTURES
from tests.store.test_delta_store import NEW, OLD, kcc_load

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("s3")]  # one moto server, on one xdist worker


def rejected(name: str = "kcc_gesprekken_20260710.csv", sha: str = "f" * 64) -> Load:
    reason = "kolom 'WaitSeconds' ontbreekt"
    return Load("kcc", name, sha, "20260710", None, None, rejected_file("kcc", name, sha, reason), 0)


def contents(store: Store, as_of: int | None = None) -> dict[str, pl.DataFrame]:
    """What a reader sees at a store version, without the moments and run ids of the loads."""
    ledger = store.ledger(as_of).drop("geladen_op", "run_id").sort("bron_hash")
    return {
        "calls": store.read("calls", as_of).collect().sort("call_id"),
        "quarantine": store.read("quarantine", as_of).collect().sort(pl.all()),
        "ledger": ledger.drop("tabelversies"),
    }


def history(store: Store) -> list[dict[str, pl.DataFrame]]:
    # OLD, then a rejected file, then NEW, then the rejected file again after a "fix" (retry_rejected:
    # here it is rejected again, so nothing changes), then OLD again (skipped: same content)
    store.commit([kcc_load(OLD)], run_id="r1")
    store.commit([rejected()], run_id="r2")
    store.commit([kcc_load(NEW)], run_id="r3")
    assert store.commit([rejected()], run_id="r4", retry_rejected=True).store_version == 3
    assert store.commit([kcc_load(OLD)], run_id="r5").store_version is None
    version = store.version()
    assert version is not None
    return [contents(store, v) for v in range(version + 1)]


def test_the_store_on_s3_holds_what_the_store_in_a_folder_holds(tmp_path, s3_bucket):
    remote, local = Store(f"{s3_bucket}/losser", TABLES), Store(tmp_path / "store", TABLES)
    assert remote.version() is None and remote.read("calls").collect().height == 0
    seen_remote, seen_local = history(remote), history(local)
    assert remote.version() == local.version() == 3
    for version, (r, lo) in enumerate(zip(seen_remote, seen_local, strict=True)):
        for name in r:
            assert r[name].equals(lo[name]), (version, name)
    # as_of on S3: T0001 waited 12 s in the old export and 40 s in the new one
    wait = {v: remote.read("calls", v).filter(pl.col("call_id") == "T0001").collect()["wacht_s"][0] for v in (0, 2)}
    assert wait == {0: 12, 2: 40}


def test_a_second_writer_on_s3_waits_then_stops_with_a_clear_message(s3_bucket):
    uri = f"{s3_bucket}/store"
    first, second = Store(uri, TABLES), Store(uri, TABLES)
    with first.writer(), pytest.raises(StoreBusy, match=r"is bezet door een andere lading \(.* pid \d+ sinds"):
        second.commit([kcc_load(OLD)], run_id="r2", wait_s=1)
    assert second.version() is None
    # given back: the next writer goes straight on
    assert second.commit([kcc_load(OLD)], run_id="r3").store_version == 0


def test_a_writer_that_died_holding_the_store_frees_it_when_its_lease_runs_out(s3_bucket):
    uri = f"{s3_bucket}/store"
    Lease(f"{uri}/writer", lease_s=2).take(wait_s=0)  # taken, never renewed nor given back: the writer died
    started = time.monotonic()
    assert Store(uri, TABLES).commit([kcc_load(OLD)], run_id="r1", wait_s=30).store_version == 0
    assert 1 < time.monotonic() - started < 20


@pytest.mark.parametrize("where", ["folder", "s3"])
def test_what_a_load_that_died_wrote_is_put_back_before_the_next_load(tmp_path, request, where):
    uri = f"{request.getfixturevalue('s3_bucket')}/store" if where == "s3" else tmp_path / "store"
    store = Store(uri, TABLES)
    store.commit([kcc_load(OLD)], run_id="r1")
    # a load merged NEW's calls and died before its ledger entry (T0001: 12 s in OLD, 40 s in NEW)
    records = kcc_load(NEW).records
    assert records is not None
    store._merge(store.tables["calls"], records)
    # the next load brings only a rejected file: its store version must not show the half load
    assert store.commit([rejected()], run_id="r2").store_version == 1
    fresh = Store(uri, TABLES)
    assert fresh.read("calls").filter(pl.col("call_id") == "T0001").collect()["wacht_s"][0] == 12
    assert fresh.read("calls").collect().equals(fresh.read("calls", 0).collect())
    # the died load, run again, completes
    store.commit([kcc_load(NEW)], run_id="r3")
    assert fresh.read("calls").filter(pl.col("call_id") == "T0001").collect()["wacht_s"][0] == 40


def test_a_writer_that_stalls_past_its_lease_loads_again_and_each_load_is_there_once(s3_bucket, monkeypatch):
    """Writer A takes the store and stalls in the middle of its load (a pause, a lost network) until
    its lease has run out; writer B takes the store over and commits. A's ledger commit then fails
    on B's (a Delta commit conflict: the next ledger version exists), A starts again on what B
    left, skips the file B loaded too and commits once."""
    uri = f"{s3_bucket}/store"
    a, b = Store(uri, TABLES, lease_s=1), Store(uri, TABLES, lease_s=1)
    shared, own = kcc_load(OLD), kcc_load(NEW)
    write, b_results = a._write_records, list[CommitResult]()

    def write_then_stall(spec, records):
        written = write(spec, records)
        if not b_results:  # the first time only: B loads the shared file meanwhile
            worker = threading.Thread(target=lambda: b_results.append(b.commit([shared], run_id="b", wait_s=30)))
            worker.start()
            worker.join(timeout=120)
        return written

    monkeypatch.setattr(a, "_write_records", write_then_stall)
    result = a.commit([shared, own], run_id="a", wait_s=30)
    b_result = b_results[0]
    assert b_result.loaded == [OLD] and b_result.store_version == 0
    # A started again on B's version: OLD skipped, NEW loaded, as store version 1
    assert (result.loaded, result.skipped, result.store_version) == ([NEW], [OLD], 1)
    ledger = a.ledger()
    assert sorted(ledger["bron_bestand"].to_list()) == [OLD, NEW]  # each load once
    assert ledger.filter(pl.col("bron_bestand") == OLD)["run_id"].to_list() == ["b"]
    # B's version shows B's load only: not the calls A had merged before it stalled
    assert a.read("calls", 0).collect().equals(Store(uri, TABLES).read("calls", 0).collect())
    alone = Store(f"{s3_bucket}/alone", TABLES)
    alone.commit([shared], run_id="x")
    assert a.read("calls", 0).collect().sort("call_id").equals(alone.read("calls").collect().sort("call_id"))
    alone.commit([own], run_id="y")
    assert a.read("calls").collect().sort("call_id").equals(alone.read("calls").collect().sort("call_id"))


def dvm_ingest(folder: Path, store: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "dvm"), "ingest", str(folder), "--home", str(folder.parent / "home")],
        env={k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DVM_"))}
        | env
        | {"DVM_STORE": store},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_processes_committing_to_one_s3_store_at_once_end_with_each_load_once(tmp_path, s3_bucket, s3_endpoint):
    uri = f"{s3_bucket}/store"
    both, one = tmp_path / "a" / "exports", tmp_path / "b" / "exports"
    for folder, names in ((both, (OLD, NEW)), (one, (OLD,))):
        folder.mkdir(parents=True)
        for name in names:
            shutil.copy(FIXTURES / "kcc" / name, folder / name)
    runs = [dvm_ingest(folder, uri, s3_endpoint) for folder in (both, one)]
    outs = [p.communicate(timeout=300) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], outs
    store = open_store(load_settings(home=tmp_path / "x").model_copy(update={"store": uri}))
    ledger = store.ledger()
    assert sorted(ledger["bron_bestand"].to_list()) == sorted([OLD, NEW])  # each file once, whoever loaded it
    assert ledger["bron_hash"].n_unique() == 2
    alone = Store(tmp_path / "alone", TABLES)
    alone.commit([kcc_load(OLD), kcc_load(NEW)], run_id="alone")
    assert store.read("calls").collect().sort("call_id").equals(alone.read("calls").collect().sort("call_id"))
    assert store.read("quarantine").collect().sort(pl.all()).equals(alone.read("quarantine").collect().sort(pl.all()))
    # every ledger entry names table versions that exist
    for entry in ledger["tabelversies"].to_list():
        assert all(v <= store._version_of(t) for t, v in json.loads(entry).items())
