"""Delta Lake store with a ledger as its commit log.

Tables: one per canonical dataset (`calls`, ...), `quarantine`, and `ledger`.
A load writes the data tables and the quarantine first, then appends its
ledger rows, which record the table versions the load produced. Readers
resolve a *store version* (a ledger version) to those table versions, so a
load that dies halfway is invisible: the store never shows half a load, and
rerunning it merges the same rows again (idempotent: the newest export wins).
`read(..., as_of=V)` reproduces what a report saw at store version V.

A table may keep a summary beside it (the calls' day totals): written in the same load and named
in the same ledger rows, so it is always in step with its records. Each file's records are written
as they come (memory holds one file, not the batch): appended when none of their keys is in the
table yet, the usual case, else merged; the summary rows of a file that only appends are appended
too (they are keyed by file), and the days a merge touched - the days of its records and of the
rows it replaced - are summed again from the table, once, at the end of the load. A store whose
summary may be out of step (one from before summaries, a load that died halfway, another time
zone) gets its summary rebuilt whole from the records, in bounded memory.

The store lives in a local folder (the default) or on S3-compatible object storage
(`s3://bucket/prefix`; endpoint and credentials from the environment, as deltalake and polars read
them: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL). One writer at a
time: a file lock in a folder, a lease in the store itself on object storage (store/lease.py).
Whichever it is, a load first puts back every table (summaries included) that a load which died
(or stalled past its lease) changed after the ledger's last entry, and its ledger entry is
committed on the ledger version it started from: when another writer committed first, the load is
done again from the start - its files read again - and what the other loaded is then skipped, so
each load is in the store exactly once.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
from deltalake import CommitProperties, DeltaTable
from deltalake.exceptions import CommitFailedError, DeltaError, TableNotFoundError

from core.errors import UserError
from sources.layout import all_different
from sources.quarantine import QUARANTINE_SCHEMA
from store.file_format import WRITE_OPTIONS, WRITER_PROPERTIES
from store.lease import Lease, LeaseLost, LeaseTaken
from store.maintenance import COMPACT_AT, compact, files_of, upkeep_only
from store.remote import probe

REMOTE_SCHEMES = ("s3://",)
LEASE_TABLE = "writer"
COMMIT_ATTEMPTS = 5  # a load that keeps losing the race to other writers stops after this many tries
# A load's summary rows (the calls' day totals: ~55k for a file of 1M calls) are written when this many
# have come, and at its end: a backfill of many files holds a bounded number of them
SUMMARY_BATCH_ROWS = 1_000_000


def is_remote(location: str | Path) -> bool:
    """An object-storage URI (s3://bucket/prefix) rather than a local folder."""
    return isinstance(location, str) and location.startswith(REMOTE_SCHEMES)


LEDGER_SCHEMA = pl.Schema(
    {
        "bron": pl.String(),
        "bron_bestand": pl.String(),
        "bron_hash": pl.String(),
        "export_stempel": pl.String(),
        "status": pl.String(),  # "geladen" or "afgewezen"
        "rijen_gelezen": pl.Int64(),
        "rijen_geladen": pl.Int64(),
        "rijen_quarantaine": pl.Int64(),
        "run_id": pl.String(),
        "geladen_op": pl.Datetime("us", "UTC"),
        "tabelversies": pl.String(),  # JSON {"calls": 3, "quarantine": 5}
    }
)


@dataclass(frozen=True)
class SummarySpec:
    """Totals kept beside a table: `build(records, tz)` sums records per local date of `time_column`
    into `schema` (with a `datum` and a `tijdzone` column); deterministic per day."""

    table: str
    schema: pl.Schema
    time_column: str
    build: Callable[[pl.LazyFrame, str], pl.LazyFrame]


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: str
    schema: pl.Schema
    summary: SummarySpec | None = None


@dataclass(frozen=True)
class Load:
    """What one file contributes: records for a table (absent when rejected)."""

    source: str
    file_name: str
    sha256: str
    stamp: str
    table: str | None
    records: pl.DataFrame | None
    quarantine: pl.DataFrame
    rows_read: int

    @property
    def rejected(self) -> bool:
        return self.records is None


@dataclass(frozen=True)
class CommitResult:
    store_version: int | None  # None when nothing was committed
    loaded: list[str]
    rejected: list[str]
    skipped: list[str]  # already in the ledger (same content hash)
    rows_merged: int
    rows_quarantined: int  # quarantine records written: bad rows, and one per rejected file
    rows_read: int = 0
    reasons: dict[str, str] = field(default_factory=dict)  # rejected file -> why
    quarantined: dict[str, int] = field(default_factory=dict)  # loaded file -> rows it had quarantined
    rules: dict[str, int] = field(default_factory=dict)  # rule code -> rows of the loaded files it quarantined

    @property
    def bad_rows(self) -> int:
        """Rows quarantined from the loaded files (a rejected file's rows are not counted)."""
        return sum(self.quarantined.values())

    @property
    def problems(self) -> bool:
        """Something was not loaded: a file rejected or rows quarantined."""
        return bool(self.rejected) or self.bad_rows > 0


class StoreBusy(UserError):
    pass


class StoreConflict(Exception):
    """Another writer committed while this load was under way: the load is done again."""


Loads = Iterable[Load] | Callable[[], Iterable[Load]]


def _repeats(frame: pl.DataFrame, key: str) -> bool:
    """Whether a key value occurs more than once (looked up only when not known all different)."""
    return not all_different(frame[key]) and frame[key].n_unique() < frame.height


class Store:
    def __init__(
        self,
        location: Path | str,
        tables: list[TableSpec],
        tz: str = "Europe/Amsterdam",
        lease_s: float = 120,
        compact_at: int = COMPACT_AT,
    ):
        """`location`: a folder, or s3://bucket/prefix. `tz`: the summaries' local dates. `lease_s`:
        on object storage, how long a writer that stopped answering keeps the store before another
        takes it over. `compact_at`: a load compacts a table it wrote that holds more small files
        than this (store/maintenance.py)."""
        self.remote = is_remote(location)
        self.location = str(location).rstrip("/") if self.remote else str(location)
        self.tables = {t.name: t for t in tables}
        self.tz = tz
        self.schemas = {t.name: t.schema for t in tables} | {
            t.summary.table: t.summary.schema for t in tables if t.summary
        }
        self.lease_s = lease_s
        self.compact_at = compact_at
        self._lease: Lease | None = None  # held while a remote load is under way
        self._probed = not self.remote  # an object store is probed once, before its first use
        self._ledgers: dict[int, pl.DataFrame] = {}  # per store version: a Delta version never changes
        # While a commit is under way (the writer holds the store): each table opened once, and written
        # through that object, which a write brings up to date (`_open`); None outside a commit.
        self._live: dict[str, DeltaTable] | None = None

    def _reachable(self) -> None:
        """Before the first use of a store on object storage: its endpoint checked and the store probed
        with short timeouts, so a wrong bucket, missing credentials or an endpoint that does not answer
        is one Dutch line within seconds, not the library's retries and English (store/remote.py)."""
        if not self._probed:
            probe(self.location, self._uri("ledger"))
            self._probed = True

    def __str__(self) -> str:
        return self.location

    @property
    def path(self) -> Path:
        """The folder of a store in a folder (a store on object storage has none)."""
        if self.remote:
            raise ValueError(f"opslag {self.location} staat niet in een map")
        return Path(self.location)

    def _uri(self, table: str) -> str:
        return f"{self.location}/{table}" if self.remote else str(self.path / table)

    def table_uri(self, table: str) -> str:
        """Where a table of the store lives (a folder, or an s3:// URI), for what keeps its own
        table beside the ledger (store/checks.py)."""
        return self._uri(table)

    def _table(self, table: str) -> DeltaTable | None:
        self._reachable()
        try:
            return DeltaTable(self._uri(table))
        except TableNotFoundError:
            return None

    def _version_of(self, table: str) -> int | None:
        found = self._open(table)
        return None if found is None else found.version()

    def _open(self, table: str) -> DeltaTable | None:
        """The table (None if not there yet). Within a commit, one object per table for the whole commit:
        opening a table replays its log (~10 ms on a table of some hundred commits), which a file's load
        did about ten times; an append through the object brings it up to date."""
        if self._live is None:
            return self._table(table)
        if table not in self._live:
            found = self._table(table)
            if found is None:
                return None
            self._live[table] = found
        return self._live[table]

    def _reopened(self, table: str) -> int:
        """The table's version after a write not made through its object (a merge, a delete, a new
        table): its object opened anew."""
        if self._live is not None:
            self._live.pop(table, None)
        found = self._open(table)
        assert found is not None
        return found.version()

    # ---- reading -------------------------------------------------------------------
    def version(self) -> int | None:
        """The store version: the ledger's Delta version (None for an empty store)."""
        return self._version_of("ledger")

    def ledger(self, as_of: int | None = None) -> pl.DataFrame:
        if as_of is not None and (kept := self._ledgers.get(as_of)) is not None:
            return kept  # read before: that version exists, and a Delta version never changes
        version = self.version()
        if version is None:
            return pl.DataFrame(schema=LEDGER_SCHEMA)
        if as_of is not None and not 0 <= as_of <= version:
            raise UserError(f"opslagversie {as_of} bestaat niet; beschikbaar 0 t/m {version}")
        # read once per version and store object: a report reads every table at one version, each
        # `read` through `table_versions` (15 reads of the ledger a report before)
        at = version if as_of is None else as_of
        if (kept := self._ledgers.get(at)) is None:
            kept = self._ledgers[at] = pl.read_delta(self._uri("ledger"), version=at)
        return kept

    def table_versions(self, as_of: int | None = None) -> dict[str, int]:
        """Table versions visible at a store version: the newest each ledger entry names."""
        versions: dict[str, int] = {}
        for entry in self.ledger(as_of)["tabelversies"].unique().to_list():
            for table, v in json.loads(entry).items():
                versions[table] = max(v, versions.get(table, -1))
        return versions

    def missing_files(self, as_of: int) -> int:
        """How many data files the tables of store version `as_of` name that are gone: removed by upkeep
        (`dvm onderhoud` vacuums what no version of its last days needs), so that version can no longer
        be read whole. Looked at on a local store only (on object storage: 0, not known)."""
        if is_remote(self.location):
            return 0
        gone = 0
        for table, version in self.table_versions(as_of).items():
            try:
                uris = DeltaTable(self._uri(table), version=version).file_uris()
            except DeltaError:  # its log entries are gone as well
                return max(gone, 1)
            gone += sum(1 for uri in uris if not Path(uri.removeprefix("file://")).exists())
        return gone

    def read(self, table: str, as_of: int | None = None) -> pl.LazyFrame:
        schema = QUARANTINE_SCHEMA if table == "quarantine" else self.schemas[table]
        version = self.table_versions(as_of).get(table)
        if version is None:
            return pl.LazyFrame(schema=schema)
        # Delta keeps timestamps as UTC instants: cast back to the declared zone (same instant).
        return pl.scan_delta(self._uri(table), version=version).select(list(schema)).cast(schema)

    def known_hashes(self, loaded_only: bool = False) -> set[str]:
        """Content hashes of every file the ledger has seen, loaded or rejected (or loaded only)."""
        ledger = self.ledger()
        if loaded_only:
            ledger = ledger.filter(pl.col("status") == "geladen")
        return set(ledger["bron_hash"].to_list())

    # ---- writing -------------------------------------------------------------------
    @contextmanager
    def writer(self, wait_s: float = 0.0) -> Iterator[None]:
        """One writer at a time, across processes (and on object storage across machines): wait up
        to `wait_s`, then stop clearly."""
        if self.remote:
            with self._remote_writer(wait_s):
                yield
            return
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / ".writer.lock", "a+") as fh:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        fh.seek(0)
                        holder = fh.read().strip() or "onbekend"
                        raise StoreBusy(
                            f"opslag {self.path} is bezet door een andere lading ({holder}); probeer het later opnieuw"
                        ) from None
                    time.sleep(0.2)
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()} sinds {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
            fh.flush()
            try:
                yield
            finally:
                fh.seek(0)
                fh.truncate()
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextmanager
    def _remote_writer(self, wait_s: float) -> Iterator[None]:
        self._reachable()
        lease = Lease(self._uri(LEASE_TABLE), self.lease_s)
        try:
            lease.take(wait_s)
        except LeaseTaken as taken:
            raise StoreBusy(
                f"opslag {self.location} is bezet door een andere lading ({taken.holder}, "
                f"tot {taken.until:%H:%M:%S} UTC als die niet verlengd wordt); probeer het later opnieuw"
            ) from None
        self._lease = lease
        try:
            yield
        finally:
            self._lease = None
            lease.give_back()

    def _next_step(self) -> None:
        """Before each write of a load: still the writer? (On object storage the lease is renewed;
        when another writer took the store over, the load is done again.)"""
        if self._lease is not None:
            try:
                self._lease.renew()
            except LeaseLost:
                raise StoreConflict("de schrijfrechten op de opslag zijn overgenomen") from None

    def _revert_orphans(self) -> None:
        """Put back what a load that died (or stalled) before its ledger entry wrote: each table and
        summary to the version the ledger names (emptied when the ledger names none). Without this
        the next load's version would show that half load."""
        named = self.table_versions()
        for table in [*self.schemas, "quarantine"]:
            current = self._version_of(table)
            if current is None or self.in_step(table, named.get(table)):
                continue
            self._next_step()
            if table in named:
                DeltaTable(self._uri(table)).restore(named[table])
            else:
                DeltaTable(self._uri(table)).delete()

    def in_step(self, table: str, named: int | None) -> bool:
        """Whether a table is as the ledger names it: at version `named`, or after it only upkeep
        that changes no row (`dvm onderhoud`'s compaction or vacuum, store/maintenance.py)."""
        found = self._open(table)
        if found is None or named is None:
            return found is None and named is None
        return found.version() == named or upkeep_only(found, named)

    def _compacted(self, versions: dict[str, int]) -> None:
        """Within a load: each table it wrote that holds more than `compact_at` small files compacted,
        its new version in `versions` (so the load's ledger rows name it, store/maintenance.py)."""
        for name in sorted(versions):
            table = self._open(name)
            if table is not None and files_of(table)[1] > self.compact_at:
                self._next_step()
                if compact(table):
                    versions[name] = self._reopened(name)

    def _merge(self, spec: TableSpec, records: pl.DataFrame) -> int:
        """Upsert on the key, the newest export winning. Returns the new table version."""
        key = spec.key
        return self._merge_rows(
            spec.name, records, f"s.{key} = t.{key}", update_when="s.export_stempel >= t.export_stempel"
        )

    def _merge_rows(self, table: str, rows: pl.DataFrame, predicate: str, update_when: str | None = None) -> int:
        """Merge `rows` into `table` on `predicate` (source `s`, target `t`): rows not met are inserted;
        with `update_when`, rows met are replaced where it holds. A table not there yet is created.
        Returns the table's new version."""
        uri = self._uri(table)
        if self._version_of(table) is None:
            rows.write_delta(uri, mode="error", delta_write_options=WRITE_OPTIONS)
        else:
            merger = rows.write_delta(
                uri,
                mode="merge",
                delta_merge_options={"predicate": predicate, "source_alias": "s", "target_alias": "t", **WRITE_OPTIONS},
            )
            if update_when is not None:
                merger = merger.when_matched_update_all(predicate=update_when)
            merger.when_not_matched_insert_all().execute()
        return self._reopened(table)

    def _existing(self, spec: TableSpec, records: pl.DataFrame) -> pl.DataFrame:
        """The table's rows (newest table version) with a key of `records`: key, file and, for a
        summarised table, its time. Usually there are none (a new export brings new calls): when no
        data file's key range (Delta's file statistics) meets the file's, nothing is read at all - keys
        that grow with time, as a telephony system issues them, make that the usual case. Else only
        the key column is looked at first - one streaming pass over the data files whose range meets
        the file's - and the other columns are read only for the keys met."""
        key = pl.col(spec.key)
        columns = [spec.key, "bron_hash", *([spec.summary.time_column] if spec.summary else [])]
        none = pl.DataFrame(schema={c: spec.schema[c] for c in columns})
        lo, hi = records.select(key.min().alias("lo"), key.max().alias("hi")).row(0)
        if lo is None or not self._key_range_met(spec, lo, hi):
            return none
        keys = records.select(key.unique())
        table = pl.scan_delta(self._uri(spec.name))
        in_range = key.is_between(pl.lit(lo), pl.lit(hi))
        met = table.select(key).filter(in_range).join(keys.lazy(), on=spec.key, how="semi").collect(engine="streaming")
        if met.height == 0:
            return none
        return (
            table.select(columns).filter(in_range).join(met.lazy(), on=spec.key, how="semi").collect(engine="streaming")
        )

    def _key_range_met(self, spec: TableSpec, lo: object, hi: object) -> bool:
        """Whether a data file of the table (newest version) may hold a key between `lo` and `hi`, by
        Delta's statistics of each file (a file without them may)."""
        table = self._open(spec.name)
        assert table is not None
        files = pl.DataFrame(table.get_add_actions(flatten=True))
        low, high = f"min.{spec.key}", f"max.{spec.key}"
        if files.height == 0:
            return False
        if low not in files.columns or high not in files.columns:
            return True
        meets = (pl.col(low) <= pl.lit(hi)) & (pl.col(high) >= pl.lit(lo))
        try:
            return bool(files.select((meets | pl.col(low).is_null() | pl.col(high).is_null()).any()).item())
        except pl.exceptions.PolarsError:  # statistics polars cannot compare with the keys: read to know
            return True

    def _local_days(self, frame: pl.DataFrame, column: str) -> set[date]:
        return set(frame.select(pl.col(column).dt.convert_time_zone(self.tz).dt.date().unique()).to_series())

    def _summary_out_of_step(self, spec: TableSpec) -> bool:
        """Whether the summary may not be the sum of the table as the ledger has it: missing (a store
        from before summaries), written or left behind by a load that died before its ledger rows,
        or summed in another time zone."""
        summary, committed = spec.summary, self.table_versions()
        if summary is None or self._version_of(spec.name) is None:
            return False
        if self._version_of(summary.table) is None:
            return True
        if not self.in_step(spec.name, committed.get(spec.name)):
            return True
        if not self.in_step(summary.table, committed.get(summary.table)):
            return True
        zones = pl.scan_delta(self._uri(summary.table)).select(pl.col("tijdzone").unique()).collect()
        return zones.height > 0 and zones["tijdzone"].to_list() != [self.tz]

    def _write_summary(self, spec: TableSpec, rows: pl.DataFrame, days: set[date] | None = None) -> int:
        """Append summary rows; with `days`, they replace the summary of those days (one commit)."""
        summary = spec.summary
        assert summary is not None
        uri = self._uri(summary.table)
        rows = rows.select(list(summary.schema)).cast(summary.schema)
        table = self._open(summary.table)
        if table is None:
            rows.write_delta(uri, mode="error", delta_write_options=WRITE_OPTIONS)
        elif days is None:
            rows.write_delta(table, mode="append", delta_write_options=WRITE_OPTIONS)
            return table.version()
        else:
            listed = ", ".join(f"'{d.isoformat()}'" for d in sorted(days))
            rows.write_delta(
                uri, mode="overwrite", delta_write_options={"predicate": f"datum IN ({listed})", **WRITE_OPTIONS}
            )
        return self._reopened(summary.table)

    def _summed_again(self, spec: TableSpec, days: set[date] | None) -> int:
        """The summary of `days` (None: of every day) summed again from the table's newest version,
        in bounded memory, replacing what the summary had for them."""
        summary = spec.summary
        assert summary is not None
        time_column = pl.col(summary.time_column)
        rows = pl.scan_delta(self._uri(spec.name)).select(list(spec.schema)).cast(spec.schema)
        if days is not None:
            lo = datetime.combine(min(days) - timedelta(days=1), datetime.min.time(), UTC)
            hi = datetime.combine(max(days) + timedelta(days=2), datetime.min.time(), UTC)
            rows = rows.filter(time_column.is_between(lo, hi, closed="left"))
        built = summary.build(rows, self.tz)
        if days is not None:
            built = built.filter(pl.col("datum").is_in(sorted(days)))
        fresh = built.collect(engine="streaming")
        if days is None:  # the whole summary anew
            uri = self._uri(summary.table)
            fresh.select(list(summary.schema)).cast(summary.schema).write_delta(
                uri,
                mode="overwrite" if self._version_of(summary.table) is not None else "error",
                delta_write_options=WRITE_OPTIONS,
            )
            return self._reopened(summary.table)
        return self._write_summary(spec, fresh, days)

    def _write_records(self, spec: TableSpec, records: pl.DataFrame) -> tuple[int, pl.DataFrame | None]:
        """Write one file's records: appended when none of their keys is in the table (the usual
        case), else merged (`_merge`). Returns the table version and the rows they met (None when
        appended)."""
        table = self._open(spec.name)
        if table is None:
            records.write_delta(self._uri(spec.name), mode="error", delta_write_options=WRITE_OPTIONS)
            return self._reopened(spec.name), None
        met = self._existing(spec, records)
        if met.height == 0:
            records.write_delta(table, mode="append", delta_write_options=WRITE_OPTIONS)
            return table.version(), None
        return self._merge(spec, records), met

    def commit(self, loads: Loads, run_id: str, wait_s: float = 0.0, retry_rejected: bool = False) -> CommitResult:
        """Write a batch of loads as one store version (or nothing, if all were seen). With
        `retry_rejected`, a file rejected before is taken again (after a fix of the profile or the
        configuration); a loaded file is never loaded twice. `loads` may be a generator, or a
        function returning one: each load is written when it comes and its records let go, so
        memory holds one file at a time. When another writer commits first (a Delta commit
        conflict, a lease taken over), the load is done again on what that writer left: a
        function is called again (its files read again), a list is gone over again; a one-time
        generator cannot be, and the load stops as busy."""
        again = loads if callable(loads) else (lambda: loads)
        one_time = not callable(loads) and iter(loads) is loads  # a generator: used up by the first attempt
        for attempt in range(COMMIT_ATTEMPTS):
            if attempt and one_time:
                break
            batch = again()
            with self.writer(wait_s):
                try:
                    return self._commit_once(batch, run_id, retry_rejected)
                except (StoreConflict, CommitFailedError):
                    continue
        raise StoreBusy(
            f"opslag {self.location}: de lading is opnieuw begonnen omdat andere ladingen eerder klaar "
            "waren, en kon niet worden afgemaakt; probeer het later opnieuw"
        )

    def _commit_once(self, loads: Iterable[Load], run_id: str, retry_rejected: bool) -> CommitResult:
        base = self._table("ledger")  # the ledger entry is committed on this version, or not at all
        self._revert_orphans()
        self._live = {}
        try:
            return self._committed(base, loads, run_id, retry_rejected)
        finally:
            self._live = None

    def _committed(
        self, base: DeltaTable | None, loads: Iterable[Load], run_id: str, retry_rejected: bool
    ) -> CommitResult:
        seen = self.known_hashes(loaded_only=retry_rejected)
        rejected_before = self.known_hashes() - self.known_hashes(loaded_only=True) if retry_rejected else set()
        rebuild = {name for name, spec in self.tables.items() if self._summary_out_of_step(spec)}
        todo: list[Load] = []  # the loads written, their records let go
        loaded_rows: dict[str, int] = {}
        skipped: list[str] = []
        versions: dict[str, int] = {}
        touched: dict[str, set[date]] = {}
        written: set[str] = set()  # content hashes of the files written in this batch
        rows_merged = 0
        # the summary rows of appended files, written together (one commit, one data file, not one per file)
        pending: dict[str, list[pl.DataFrame]] = {}

        def write_pending(name: str) -> None:
            if frames := pending.pop(name, []):
                spec = self.tables[name]
                assert spec.summary is not None
                versions[spec.summary.table] = self._write_summary(spec, pl.concat(frames))

        for load in loads:
            if load.sha256 in seen or load.sha256 in {ld.sha256 for ld in todo}:
                skipped.append(load.file_name)
                continue
            if load.records is not None:
                spec = self.tables[str(load.table)]
                records = load.records.select(list(spec.schema))
                if _repeats(records, spec.key):  # the readers quarantine doubles; be sure
                    records = records.unique(spec.key, keep="last", maintain_order=True)
                self._next_step()
                versions[spec.name], met = self._write_records(spec, records)
                loaded_rows[load.sha256] = records.height
                # a key met again within the batch counts once (the newest export wins)
                rows_merged += records.height - (0 if met is None else int(met["bron_hash"].is_in(list(written)).sum()))
                written.add(load.sha256)
                if spec.summary is not None and spec.name not in rebuild:
                    if met is None:
                        pending.setdefault(spec.name, []).append(spec.summary.build(records.lazy(), self.tz).collect())
                        if sum(frame.height for frame in pending[spec.name]) >= SUMMARY_BATCH_ROWS:
                            write_pending(spec.name)
                    else:
                        days = self._local_days(records, spec.summary.time_column)
                        days |= self._local_days(met, spec.summary.time_column)
                        touched.setdefault(spec.name, set()).update(days)
            todo.append(load if load.records is None else replace(load, records=load.records.clear()))
        for name in sorted(pending):  # before days are summed again: those replace what was appended
            write_pending(name)
        if not todo:
            return CommitResult(None, [], [], skipped, 0, 0)
        for name, days_of in [*((name, None) for name in rebuild), *touched.items()]:
            summary = self.tables[name].summary
            assert summary is not None
            self._next_step()
            versions[summary.table] = self._summed_again(self.tables[name], days_of)
        quarantine = pl.concat([ld.quarantine for ld in todo]).cast(QUARANTINE_SCHEMA)
        if now_loaded := sorted(ld.sha256 for ld in todo if not ld.rejected and ld.sha256 in rejected_before):
            # the file is loaded now: its rejection stays in the ledger's history, not in the quarantine
            hashes = ", ".join(f"'{h}'" for h in now_loaded)
            self._next_step()
            DeltaTable(self._uri("quarantine")).delete(
                f"bron_hash IN ({hashes}) AND regel = 'bestand_afgewezen'", writer_properties=WRITER_PROPERTIES
            )
            versions["quarantine"] = self._reopened("quarantine")
        if quarantine.height:
            # Merge on (file, row): a rerun after a crash adds nothing twice.
            self._next_step()
            versions["quarantine"] = self._merge_rows(
                "quarantine", quarantine, "s.bron_hash = t.bron_hash AND s.rij IS NOT DISTINCT FROM t.rij"
            )
        self._compacted(versions)
        now = datetime.now(UTC)
        ledger = pl.DataFrame(
            [
                {
                    "bron": ld.source,
                    "bron_bestand": ld.file_name,
                    "bron_hash": ld.sha256,
                    "export_stempel": ld.stamp,
                    "status": "afgewezen" if ld.rejected else "geladen",
                    "rijen_gelezen": ld.rows_read,
                    "rijen_geladen": 0 if ld.rejected else loaded_rows[ld.sha256],
                    "rijen_quarantaine": ld.quarantine.height,
                    "run_id": run_id,
                    "geladen_op": now,
                    "tabelversies": json.dumps({**self.table_versions(), **versions}, sort_keys=True),
                }
                for ld in todo
            ],
            schema=LEDGER_SCHEMA,
        )
        self._next_step()
        try:
            if base is None:
                ledger.write_delta(self._uri("ledger"), mode="error", delta_write_options=WRITE_OPTIONS)
            else:
                ledger.write_delta(
                    DeltaTable(self._uri("ledger"), version=base.version()),
                    mode="append",
                    delta_write_options={"commit_properties": CommitProperties(max_commit_retries=0), **WRITE_OPTIONS},
                )
        except (CommitFailedError, DeltaError) as exc:
            raise StoreConflict("een andere lading schreef eerder in het grootboek") from exc
        return CommitResult(
            store_version=0 if base is None else base.version() + 1,
            loaded=[ld.file_name for ld in todo if not ld.rejected],
            rejected=[ld.file_name for ld in todo if ld.rejected],
            skipped=skipped,
            rows_merged=rows_merged,
            rows_quarantined=quarantine.height,
            rows_read=sum(ld.rows_read for ld in todo),
            reasons={ld.file_name: ld.quarantine["reden"][0] for ld in todo if ld.rejected},
            quarantined={ld.file_name: ld.quarantine.height for ld in todo if not ld.rejected},
            rules=dict(
                sorted(
                    Counter(
                        code for ld in todo if not ld.rejected for code in ld.quarantine["regel"].to_list()
                    ).items(),
                    key=lambda kv: (-kv[1], kv[0]),
                )
            ),
        )
