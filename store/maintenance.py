"""Upkeep of the store's Delta tables: compaction, checkpoints and removing files no version needs.

Every load appends a small parquet file and a log entry to each table it writes (and every new
store version's checks one to `checks`), so after a year of nightlies a table holds hundreds of
small files. Three remedies, none of which changes a row:

- Compaction (`compact`, Delta's OPTIMIZE): the small files merged into files of about
  `SMALL_BYTES`, in their order, each with its statistics (the per-file min/max of the key, which a
  load's key-range skip reads, store/delta_store.py). A data table is compacted inside a load, when
  the load wrote it and it holds more than `COMPACT_AT` small files: the load's ledger rows name the
  compacted version, so it is part of that store version (no store version of its own: a report is
  never made stale by upkeep), and a load that dies before its ledger entry takes it back with the
  rest. The `checks` table (not in the ledger) is compacted when a version's checks are kept.
- A checkpoint after a compaction: opening a table reads the checkpoint, not the whole log.
- Vacuum (`dvm onderhoud`): removes the files that no version newer than `keep_days` days needs,
  and never a file of the version the ledger names. A report `--as-of` an older store version than
  that cannot be made again once its files are gone: `keep_days` is how far back that is promised.

The ledger itself is never compacted nor vacuumed: the store version is its Delta version, and
upkeep must not make a new one. It gets checkpoints only (which are not versions).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # deltalake is imported where it is used: the command line reads KEEP_DAYS for its help
    from deltalake import DeltaTable

    from store.delta_store import Store

SMALL_BYTES = 16 * 1024 * 1024  # a file below this is small; compaction merges them into files of about this size
COMPACT_AT = 50  # a table is compacted when it holds more small files than this
KEEP_DAYS = 30  # vacuum keeps the files of every version of the last 30 days
UPKEEP = {"OPTIMIZE", "VACUUM START", "VACUUM END"}  # Delta operations that change no row


def files_of(table: DeltaTable) -> tuple[int, int]:
    """(data files, of which small) of the table's newest version."""
    sizes = table.get_add_actions(flatten=True).column("size_bytes").to_pylist()
    return len(sizes), sum(1 for s in sizes if s < SMALL_BYTES)


def compact(table: DeltaTable) -> int:
    """Merge the table's small files (one Delta commit that changes no row: the same rows in the
    same order, each new file with its statistics), then write a checkpoint. Returns the number of
    files it merged (0: nothing to do, no commit)."""
    from store.file_format import WRITER_PROPERTIES

    metrics = table.optimize.compact(target_size=SMALL_BYTES, writer_properties=WRITER_PROPERTIES)
    merged = int(metrics.get("numFilesRemoved", 0))
    if merged:
        table.create_checkpoint()
    return merged


def upkeep_only(table: DeltaTable, since: int) -> bool:
    """Whether every commit of the table after version `since` is upkeep (compaction, vacuum): the
    newest version then holds the same rows as `since`."""
    newer = table.version() - since
    if newer <= 0:
        return newer == 0
    return all(c.get("operation") in UPKEEP for c in table.history(newer))


@dataclass(frozen=True)
class Upkeep:
    """What `dvm onderhoud` did to one table."""

    table: str
    files_before: int
    files_after: int
    merged: int  # small files merged by compaction
    removed: int  # files vacuum removed from disk


def vacuum(table: DeltaTable, keep_days: int, keep_version: int | None) -> int:
    """Remove the files no version of the last `keep_days` days needs (nor `keep_version`); returns
    how many. `keep_days` at least 1: a reader that opened an older version a moment ago must not
    find its files gone."""
    if keep_days < 1:
        raise ValueError(f"bewaartermijn {keep_days} dagen: verwacht minstens 1 dag")
    removed = table.vacuum(
        retention_hours=keep_days * 24,
        dry_run=False,
        enforce_retention_duration=False,  # our own term, which may be shorter than Delta's 7 days
        keep_versions=None if keep_version is None else [keep_version],
    )
    return len(removed)


def maintain(store: Store, keep_days: int = KEEP_DAYS, also: tuple[str, ...] = (), wait_s: float = 0.0) -> list[Upkeep]:
    """`dvm onderhoud`: under the writer's lock (a load and upkeep never run at once), every table of
    the store (and the tables `also` names, such as `checks`) compacted when it holds more than one
    small file, checkpointed, and vacuumed after `keep_days` days; the ledger checkpointed only. A
    table a load left half written (its next load puts it back) is left as it is."""
    from deltalake import DeltaTable
    from deltalake.exceptions import TableNotFoundError

    done: list[Upkeep] = []
    with store.writer(wait_s):
        named = store.table_versions()
        for name in [*store.schemas, "quarantine", *also]:
            try:
                table = DeltaTable(store.table_uri(name))
            except TableNotFoundError:
                continue
            in_ledger = name not in also
            if in_ledger and not store.in_step(name, named.get(name)):
                continue
            before = files_of(table)
            merged = compact(table) if before[1] > 1 else 0
            removed = vacuum(table, keep_days, named.get(name) if in_ledger else None)
            table.create_checkpoint()
            done.append(Upkeep(name, before[0], files_of(table)[0], merged, removed))
        with suppress(TableNotFoundError):
            DeltaTable(store.table_uri("ledger")).create_checkpoint()
    return done
