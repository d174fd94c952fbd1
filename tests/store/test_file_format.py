"""store/file_format.py: every Parquet file the store writes - a load's, a summary's, the ledger's, a
compaction's - is zstd-compressed, with statistics per column chunk (what Delta's file statistics,
the key ranges a load skips by, are made from) and no page index."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from deltalake import DeltaTable

from flows.stores import TABLES
from store.delta_store import Store
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
            assert not column.has_column_index, f"{path.name}: {column.path_in_schema} has a page index"


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
