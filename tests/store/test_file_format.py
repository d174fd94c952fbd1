"""store/file_format.py: the Parquet files the store writes - a load's appends and merges, its day
totals (appended and summed again), the quarantine (merged, and a rejection taken back), the ledger,
the kept checks, a compaction's - are zstd-compressed, with statistics per column chunk (what Delta's
file statistics, the key ranges a load skips by, are made from) and no column index. (The lease on
object storage is written with the same options; tests/store/test_s3_store.py covers it.)"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from deltalake import DeltaTable

from flows.stores import TABLES
from sources.quarantine import rejected_file
from store.checks import CHECKS_TABLE, keep_checks
from store.delta_store import Load, Store
from tests.store.test_delta_store import calls_load
from tests.store.test_maintenance import files, load_all


def parquet_files(store: Store, table: str) -> list[Path]:
    return [Path(uri) for uri in DeltaTable(store.table_uri(table)).file_uris()]


def assert_store_format(path: Path) -> None:
    meta = pq.ParquetFile(path).metadata
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            column = meta.row_group(g).column(c)
            assert column.compression == "ZSTD", f"{path.name}: {column.path_in_schema} is {column.compression}"
            stats = column.statistics  # a column of empty values only has no minimum or maximum, only its count
            assert stats is not None and (stats.has_min_max or stats.null_count == column.num_values)
            assert not column.has_column_index, (
                f"{path.name}: {column.path_in_schema} has a column index (page statistics)"
            )


def test_every_file_a_load_writes_is_compressed_with_chunk_statistics(tmp_path):
    store = Store(tmp_path / "s", TABLES, compact_at=5)
    load_all(store, loads=7)  # load 6 compacts the calls and their day totals: files written by OPTIMIZE
    assert files(store, "calls") == 1 + 1
    for table in ("calls", "call_days", "ledger"):
        for path in parquet_files(store, table):
            assert_store_format(path)
    # Delta's file statistics, which the load's key-range skip reads, are there for the key
    actions = pl.DataFrame(DeltaTable(store.table_uri("calls")).get_add_actions(flatten=True)).sort("min.call_id")
    assert actions["min.call_id"].to_list() == ["K0000", "K0018"]  # the compacted 6 loads' calls, then the 7th's
    assert actions["max.call_id"].to_list() == ["K0017", "K0020"]


def test_merges_summaries_summed_again_quarantine_and_checks_are_written_so_too(tmp_path):
    store = Store(tmp_path / "s", TABLES)
    store.commit([calls_load("20260701T0000", {"K0001": 5, "K0002": 6})], run_id="r1")
    # a newer export of a call already there: merged, and its day's totals summed again
    store.commit([calls_load("20260702T0000", {"K0002": 9, "K0003": 7})], run_id="r2")
    # two files rejected in one load (their rejections in one quarantine file), then one of them loaded
    # after a fix: its rejection deleted, the quarantine file written again with the other's
    rejected = [
        Load("kcc", name, f"hash-{stamp}", stamp, None, None, rejected_file("kcc", name, f"hash-{stamp}", "leeg"), 0)
        for stamp, name in [(s, f"kcc_gesprekken_{s}.csv") for s in ("20260703T0000", "20260704T0000")]
    ]
    store.commit(rejected, run_id="r3")
    store.commit([calls_load("20260703T0000", {"K0004": 1})], run_id="r4", retry_rejected=True)
    assert store.read("quarantine").collect()["bron_hash"].to_list() == ["hash-20260704T0000"]
    version = store.version()
    assert version is not None
    assert keep_checks(store, version, "sleutel", ["{}"])
    tables = ("calls", "call_days", "quarantine", "ledger", CHECKS_TABLE)
    history = {table: [c["operation"] for c in DeltaTable(store.table_uri(table)).history()] for table in tables}
    assert "MERGE" in history["calls"] and "DELETE" in history["quarantine"]
    for table in tables:
        for path in parquet_files(store, table):
            assert_store_format(path)
