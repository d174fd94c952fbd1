"""The results of the report's checks on the store's tables, kept in the store beside the ledger.

The store's tables change only when a load commits a new store version; the checks on them (the
GX suites of the records as the figures see them) then give the same results for every report of
that version, configuration and program. They run once per (store version, key) - the key names
the configuration and the program - and their results are kept here, in a Delta table `checks`
in the store: a report of a version already checked reads them (a few milliseconds, no GX).

Why a Delta table and not a JSON file: the store may live on S3 (`s3://bucket/prefix`), where
there is no rename to make a file appear atomically, and the store's credentials are deltalake's.
A Delta append is atomic on both (a commit), and two reports keeping results at the same time
both commit (appends do not conflict). Nothing of a load depends on this table: it is not in the
ledger, a load never reverts it, and it can be deleted at any time (every version is then checked
once more).

Each new store version's checks add a small file; when the table holds more than the store's
`compact_at` of them, the report that keeps the next ones compacts it (store/maintenance.py), under
the store's writer lock - or leaves it to a later report when a load holds the store. No store version
changes: no report goes stale for it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from deltalake import DeltaTable
from deltalake.exceptions import DeltaError

from store.delta_store import Store, StoreBusy
from store.file_format import WRITE_OPTIONS
from store.maintenance import compact, files_of

CHECKS_TABLE = "checks"
CHECKS_SCHEMA = pl.Schema(
    {
        "opslagversie": pl.Int64(),
        "sleutel": pl.String(),  # configuration and program: another one checks again
        "gecontroleerd_op": pl.Datetime("us", "UTC"),
        "volgorde": pl.Int64(),  # the order of the checks in the report
        "resultaat": pl.String(),  # one check's results as JSON (expectations.gx_runner.ValidationReport)
    }
)


def kept_checks(store: Store, version: int, key: str) -> list[str] | None:
    """The results kept for a store version and key, in their order; None when not checked yet."""
    try:
        kept = (
            pl.scan_delta(store.table_uri(CHECKS_TABLE))
            .filter((pl.col("opslagversie") == version) & (pl.col("sleutel") == key))
            .collect()
        )
    except (DeltaError, OSError):  # no table yet (TableNotFoundError is a DeltaError), or not readable: check
        return None
    if kept.is_empty():
        return None
    first = kept.filter(pl.col("gecontroleerd_op") == pl.col("gecontroleerd_op").min())  # kept twice: the first
    return first.sort("volgorde")["resultaat"].to_list()


def keep_checks(store: Store, version: int, key: str, results: list[str]) -> bool:
    """Keep the results of a version's checks (appended: atomic, and never in another writer's way).
    False when they could not be kept (the next report then checks again)."""
    rows = pl.DataFrame(
        {
            "opslagversie": [version] * len(results),
            "sleutel": [key] * len(results),
            "gecontroleerd_op": [datetime.now(UTC)] * len(results),
            "volgorde": list(range(len(results))),
            "resultaat": results,
        },
        schema=CHECKS_SCHEMA,
    )
    try:
        rows.write_delta(store.table_uri(CHECKS_TABLE), mode="append", delta_write_options=WRITE_OPTIONS)
    except (DeltaError, OSError):
        return False
    compact_checks(store)
    return True


def compact_checks(store: Store) -> int:
    """The table's small files merged when there are more than the store's `compact_at`, under the
    writer lock when it is free at once (else a later report does it); returns how many were merged.
    Its results are kept either way: a failed compaction loses nothing."""
    try:
        table = DeltaTable(store.table_uri(CHECKS_TABLE))
        if files_of(table)[1] <= store.compact_at:
            return 0
        with store.writer():
            return compact(DeltaTable(store.table_uri(CHECKS_TABLE)))
    except (StoreBusy, DeltaError, OSError):
        return 0
