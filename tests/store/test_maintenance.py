"""Upkeep of the store (store/maintenance.py): a load compacts a table of many small files, as part of
its own store version; the rows, the store versions and the key-range skip stay as they were; `dvm
onderhoud`'s compaction and vacuum are not taken back by the next load; the checks table is compacted
when its results are kept. Real Delta tables in a temporary folder."""

from __future__ import annotations

import polars as pl
import pytest
from deltalake import DeltaTable

from flows.stores import TABLES
from store.checks import CHECKS_TABLE, keep_checks, kept_checks
from store.delta_store import Store
from store.maintenance import files_of, maintain
from tests.store.test_delta_store import calls_load, wait_of

LOADS = 8  # one file of calls per load, each a store version


def stamp(n: int) -> str:
    return f"202607{n + 1:02d}T0000"


def load_all(store: Store, loads: int = LOADS) -> None:
    """`loads` loads of 3 new calls each (keys growing, as a telephony system issues them)."""
    for n in range(loads):
        store.commit([calls_load(stamp(n), {f"K{3 * n + i:04d}": n for i in range(3)})], run_id=f"r{n}")


def files(store: Store, table: str) -> int:
    return files_of(DeltaTable(store.table_uri(table)))[0]


def operations(store: Store, table: str) -> list[str]:
    return [c["operation"] for c in DeltaTable(store.table_uri(table)).history()]


@pytest.fixture
def stores(tmp_path) -> tuple[Store, Store]:
    """The same 8 loads in a store that compacts a table of more than 5 small files, and in one that never does."""
    compacting, plain = Store(tmp_path / "c", TABLES, compact_at=5), Store(tmp_path / "p", TABLES, compact_at=10**6)
    load_all(compacting)
    load_all(plain)
    return compacting, plain


def test_a_load_compacts_a_table_of_many_small_files_as_part_of_its_own_store_version(stores):
    compacting, plain = stores
    # loads 1-5 leave 5 files; load 6 writes the 6th (more than 5) and merges them into 1; loads 7, 8 add one each
    assert files(plain, "calls") == LOADS and files(compacting, "calls") == 1 + 2
    assert files(compacting, "call_days") == 1 + 2  # the calls' day totals, written by the same loads
    assert operations(compacting, "calls").count("OPTIMIZE") == 1
    # no store version of its own: 8 loads are store versions 0-7 in both stores
    assert compacting.version() == plain.version() == LOADS - 1
    # load 6 (store version 5) names the compacted version of the calls: its write (version 5) and the compaction (6)
    assert compacting.table_versions(as_of=5)["calls"] == 6 and plain.table_versions(as_of=5)["calls"] == 5
    # the same rows, now and at every earlier store version
    for as_of in [None, *range(LOADS)]:
        for table in ("calls", "call_days"):
            key = "call_id" if table == "calls" else list(compacting.schemas[table])
            assert (
                compacting.read(table, as_of).collect().sort(key).equals(plain.read(table, as_of).collect().sort(key))
            )


def test_after_a_compaction_a_load_still_skips_known_key_ranges_and_finds_known_keys(stores):
    compacting, _ = stores
    calls = compacting.tables["calls"]
    # the merged file keeps its key statistics (K0000..K0017), the two later files theirs
    assert not compacting._key_range_met(calls, "K0100", "K0102")  # new keys: nothing is read
    assert compacting._key_range_met(calls, "K0004", "K0004")  # inside the merged file's range
    compacting.commit([calls_load("20260720T0000", {"K0004": 99, "K0100": 7})], run_id="r9")
    assert wait_of(compacting, "K0004") == 99 and wait_of(compacting, "K0100") == 7  # the newer export won
    assert compacting.read("calls").collect().height == 3 * LOADS + 1


def test_a_load_that_dies_after_its_compaction_is_invisible_and_taken_back(tmp_path):
    store = Store(tmp_path / "s", TABLES, compact_at=5)
    load_all(store, 5)
    before = store.read("calls").collect().sort("call_id")
    # the 6th load wrote its calls and compacted them, then died before its ledger entry
    records = calls_load(stamp(5), {"K0015": 5}).records
    assert records is not None
    store._live = {}
    versions = {"calls": store._write_records(store.tables["calls"], records)[0]}
    store._compacted(versions)
    store._live = None
    assert files(store, "calls") == 1 and operations(store, "calls")[0] == "OPTIMIZE"
    assert store.read("calls").collect().sort("call_id").equals(before)  # readers see store version 4
    load_all(store, 6)  # the night again: loads 1-5 skipped (known), the 6th done again
    # taken back (by each of the night's loads that did not write the calls, as without compaction), then
    # written and compacted again: newest first
    ops = operations(store, "calls")
    assert ops[:3] == ["OPTIMIZE", "WRITE", "RESTORE"] and ops.count("OPTIMIZE") == 2
    assert store.read("calls").collect().height == 3 * 6


def test_upkeep_is_not_taken_back_by_the_next_load_and_changes_no_store_version(tmp_path):
    store = Store(tmp_path / "s", TABLES, compact_at=10**6)
    load_all(store)
    rows = store.read("calls").collect().sort("call_id")
    done = {u.table: u for u in maintain(store, keep_days=1)}
    assert (done["calls"].files_before, done["calls"].files_after, done["calls"].merged) == (LOADS, 1, LOADS)
    assert done["calls"].removed == 0  # the merged files were removed from the table a moment ago: kept 1 day
    assert "ledger" not in done and store.version() == LOADS - 1  # the ledger gets a checkpoint only
    assert store.read("calls").collect().sort("call_id").equals(rows)
    assert store.read("calls", as_of=0).collect().height == 3  # an older version reads as before
    assert store.in_step("calls", store.table_versions()["calls"])  # compacted after the version the ledger names
    store.commit([calls_load("20260720T0000", {"K0100": 1})], run_id="r9")
    assert "RESTORE" not in operations(store, "calls")  # the next load keeps the compaction
    assert operations(store, "calls")[:2] == ["WRITE", "OPTIMIZE"]
    assert store.read("calls").collect().height == 3 * LOADS + 1
    again = {u.table: u for u in maintain(store, keep_days=1)}
    assert again["calls"].merged == 2  # the compacted file and the new one


def test_upkeep_waits_for_no_load_and_keeps_at_least_a_day(tmp_path):
    store = Store(tmp_path / "s", TABLES)
    load_all(store, 2)
    with pytest.raises(ValueError, match="minstens 1 dag"):
        maintain(store, keep_days=0)
    with store.writer(), pytest.raises(Exception, match="bezet"):
        maintain(store, keep_days=1)


def test_the_checks_table_is_compacted_when_its_results_are_kept(tmp_path):
    store = Store(tmp_path / "s", TABLES, compact_at=5)
    load_all(store, 1)
    for version in range(5):
        assert keep_checks(store, version, "k", [f'{{"n": {version}}}', '{"tweede": 1}'])
    assert files(store, CHECKS_TABLE) == 5
    with store.writer():  # a load holds the store: the results are kept, the compaction waits
        assert keep_checks(store, 5, "k", ['{"n": 5}', '{"tweede": 1}'])
    assert files(store, CHECKS_TABLE) == 6
    assert keep_checks(store, 6, "k", ['{"n": 6}', '{"tweede": 1}'])  # 7 small files: merged into 1
    assert files(store, CHECKS_TABLE) == 1
    assert [kept_checks(store, v, "k") for v in range(7)] == [[f'{{"n": {v}}}', '{"tweede": 1}'] for v in range(7)]
    assert store.version() == 0  # no store version changed: no report goes stale for it
    assert pl.read_delta(store.table_uri(CHECKS_TABLE)).height == 14


@pytest.mark.slow
@pytest.mark.xdist_group("s3")
def test_upkeep_on_object_storage_under_its_lease(s3_bucket):
    # the same on S3 (moto): a load compacts, `dvm onderhoud` compacts, vacuums and checkpoints under the lease
    store = Store(f"{s3_bucket}/upkeep", TABLES, compact_at=5)
    load_all(store)
    assert files(store, "calls") == 1 + 2 and store.version() == LOADS - 1
    rows = store.read("calls").collect().sort("call_id")
    done = {u.table: u for u in maintain(store, keep_days=1)}
    assert (done["calls"].files_before, done["calls"].files_after) == (3, 1)
    assert store.read("calls").collect().sort("call_id").equals(rows) and store.version() == LOADS - 1
    store.commit([calls_load("20260720T0000", {"K0100": 1})], run_id="r9")
    assert "RESTORE" not in operations(store, "calls")
