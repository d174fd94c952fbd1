"""How the store writes its Parquet files: every table, every write, compaction too.

- **zstd-compressed** (level 1), not snappy (deltalake's default): 10.0 MB for a file of 1M calls
  instead of 16.0, and the kernel copies a third fewer bytes into the page cache, which on these
  machines is slow for new pages: the ingest of 10M calls took 5.43 s instead of 5.69 (median of 5
  runs each, interleaved), its kernel time 1.0-1.6 s instead of 1.5-2.8 (benchmarks/README.md, stop
  33). A store takes less disk, and a report or a scan reads fewer bytes.
- **Statistics per column chunk**, which Delta's file statistics are made from (the key ranges a load
  skips by, the time ranges polars skips files and row groups by), and not per page as well (Parquet's
  column index): an eighth of the CPU of writing a file of 1M calls, the same file statistics. Only
  delta-rs' own scans (a merge, a delete, an overwrite of some days) could skip pages by it: without
  it they may read more, never find other rows.

Files written before keep their format until compaction merges them (small files only).
"""

from __future__ import annotations

from deltalake import ColumnProperties, WriterProperties

WRITER_PROPERTIES = WriterProperties(
    compression="ZSTD", compression_level=1, default_column_properties=ColumnProperties(statistics_enabled="CHUNK")
)
# as polars' write_delta takes them (`delta_write_options`, `delta_merge_options`)
WRITE_OPTIONS = {"writer_properties": WRITER_PROPERTIES}
