"""Ingest: export files -> checked canonical records -> one store version."""

from __future__ import annotations

import contextlib
import gc
import shutil
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeVar

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from core.errors import DataQualityError, FileRejected, UserError
from core.settings import RunSettings, Settings
from core.wording import count
from expectations.gx_runner import require, validate
from flows.alerts import alert_operators
from flows.stores import SOURCES, open_store
from flows.tasks import io_task, progress, run_log
from sources.files import content_hash, discover, identify, source_of
from sources.quarantine import QUARANTINE_SCHEMA, rejected_file
from store.delta_store import CommitResult, Load, Store


@io_task(2, 10, 30)  # the flow sets the delays from settings.inbox_retries_s
def find_exports(paths: list[Path]) -> list[Path]:
    """The export files in `paths`. A folder that is not there may be a share that is briefly
    away, so this is an I/O error (retried), not a user error."""
    try:
        return discover(paths)
    except (UserError, OSError) as exc:  # not there, or not readable (permissions, a share gone stale)
        raise OSError(f"inbox niet te lezen: {exc}") from None


def _rejected(path: Path, source: str, sha256: str, stamp: str, reason: str) -> Load:
    run_log().warning("afgewezen: %s", reason)
    return Load(source, path.name, sha256, stamp, None, None, rejected_file(source, path.name, sha256, reason), 0)


def source_tags(path: Path) -> list[str]:
    """The tag of the export's source system (`bron:kcc`, by its name). A Prefect tag concurrency
    limit on it (`prefect concurrency-limit create bron:kcc 2`) caps how many exports of that
    system are read at once on all workers together; without one, nothing waits."""
    source = source_of(path.name)
    return [f"bron:{source}"] if source else []


@task(cache_policy=NO_CACHE)
def read_export(path: Path, settings: Settings, sha256: str | None = None) -> Load:
    """Read and check one file; a file that fails is a rejected Load, not an error. `sha256`: its
    content hash when the caller has it already (else it is taken here)."""
    sha256 = sha256 or content_hash(path)
    try:
        file = identify(path, sha256)
    except FileRejected as exc:
        return _rejected(path, "onbekend", sha256, "", str(exc))
    try:
        if (spec := SOURCES.get(file.source)) is None:
            raise FileRejected(file.name, f"bron '{file.source}' wordt nog niet ingelezen")
        batch = spec.read(file, settings)
        require(validate(spec.dataset, batch.records, spec.suite()))
    except (FileRejected, DataQualityError) as exc:
        return _rejected(path, file.source, file.sha256, file.stamp, str(exc))
    run_log().info(
        "%s: %s gelezen, %d naar quarantaine",
        file.name,
        count(batch.rows_read, "rij", "rijen"),
        batch.quarantine.height,
    )
    return Load(
        file.source,
        file.name,
        file.sha256,
        file.stamp,
        spec.table.name,
        batch.records,
        batch.quarantine,
        batch.rows_read,
    )


T = TypeVar("T", covariant=True)


class Reading(Protocol[T]):
    """A read under way (a Prefect or concurrent.futures future)."""

    def result(self) -> T: ...


@dataclass(frozen=True)
class Seen:
    """A file the store's ledger has seen (same content), not read again: the store skips it. Its load
    says only whether it was loaded (then it goes to the archive) or rejected (to quarantine)."""

    path: Path
    sha256: str
    loaded: bool

    def result(self) -> Load:
        source = source_of(self.path.name) or "onbekend"
        records = pl.DataFrame() if self.loaded else None
        return Load(source, self.path.name, self.sha256, "", None, records, pl.DataFrame(schema=QUARANTINE_SCHEMA), 0)


def read_ahead(files: list[Path], read: Callable[[Path], Reading[T]]) -> Iterator[T]:
    """Each file's load in order, the next file read while this one is written (`read` starts the
    read of a file and returns its future): the reading (CSV parser, row rules, checks) and the
    writing (Parquet, Delta) then share the cores. Memory holds two files' records at most. A
    reader that stops early (the store starting over after a conflict) waits for the read under way."""
    ahead = read(files[0]) if files else None
    try:
        for number in range(1, len(files) + 1):
            assert ahead is not None
            load = ahead.result()
            ahead = read(files[number]) if number < len(files) else None
            yield load
    finally:
        if ahead is not None:  # its outcome is not wanted any more; only that it is over
            with contextlib.suppress(Exception):
                ahead.result()


def file_loads(
    files: list[Path], store: Store, read: Callable[[Path, str], Reading[Load]], retry_rejected: bool = False
) -> Iterator[Load]:
    """Each file's load in order, read ahead (`read_ahead`). A file whose content the store's ledger has
    seen is not read again: its content hash is taken here, on the writer's thread, and `read` (which
    starts the read of a file, given its hash, and returns its future) is called only for a new one.
    The next file's hash is taken as soon as a read has started, so the reads follow each other without
    waiting for one. Called by the store as it commits, so the ledger is the one it skips by."""
    seen, loaded = store.known_hashes(loaded_only=retry_rejected), store.known_hashes(loaded_only=True)
    upcoming, hashed = iter(files[1:]), deque[str]()  # `read_ahead` starts the files in their order

    def start(path: Path) -> Reading[Load]:
        sha256 = hashed.popleft() if hashed else content_hash(path)
        reading = Seen(path, sha256, loaded=sha256 in loaded) if sha256 in seen else read(path, sha256)
        if (following := next(upcoming, None)) is not None:
            hashed.append(content_hash(following))
        return reading

    return read_ahead(files, start)


@contextlib.contextmanager
def start_up_left_alone() -> Iterator[None]:
    """Python's garbage collector leaves the objects that exist now alone until the block ends
    (`gc.freeze`, then `gc.unfreeze`). They are mostly the process's start-up: the modules of Prefect,
    pydantic, polars and Great Expectations and their settings, some hundreds of thousands of objects
    that live until the process ends, and that the collector would otherwise walk again each time it
    looks at the generation they are in, holding every Python thread meanwhile. On the ingest of 10M
    calls (10 files) that cost 0.5 s of its 6 s (benchmarks/README.md, stop 33). Garbage that exists
    when the block starts is kept until it ends, then freed by the next full collection. The freeze is
    the whole process's: a process that froze its own start-up stays so (this then does nothing), and
    of two blocks at once in one process the first to end thaws both (which costs only speed)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@io_task(5, 30)
def read_and_commit(
    files: list[Path], settings: Settings, run_id: str, retry_rejected: bool = False
) -> tuple[CommitResult, list[Load]]:
    """Read, check and write the files one by one as one store version: memory holds two files'
    records at most (one written, the next read: `read_ahead`), whatever the batch. Returns the
    result and each file's load without its records (`rejected` still tells). When another writer
    committed to the store first, the store asks for the files again and they are read again; a
    retry of this task does the same (a load the store did not finish is put back first). Each read
    is tagged with its source system (`source_tags`), so a tag concurrency limit caps the reads of
    one system on all workers."""
    done: list[Load] = []
    store = open_store(settings)

    def loads() -> Iterator[Load]:
        done.clear()

        def read(path: Path, sha256: str) -> Reading[Load]:
            return read_export.with_options(tags=source_tags(path)).submit(path, settings, sha256)

        for number, load in enumerate(file_loads(files, store, read, retry_rejected), 1):
            progress(f"bestanden lezen en opslaan: {number}/{len(files)}")
            yield load
            done.append(load if load.records is None else replace(load, records=load.records.clear()))

    with start_up_left_alone():
        result = store.commit(loads, run_id, wait_s=settings.store_wait_s, retry_rejected=retry_rejected)
    return result, done


@io_task(2, 10)
def file_away(paths: list[Path], loads: list[Load], settings: Settings, move: bool) -> None:
    """Rejected files to quarantine; loaded inbox files to the archive (inbox only: move=True). A file
    taken again from the quarantine folder goes to the archive when it loads, and stays when it does not."""
    for path, load in zip(paths, loads, strict=True):
        target = (settings.quarantine_path if load.rejected else settings.archive_path) / path.name
        from_quarantine = path.parent.resolve() == settings.quarantine_path.resolve()
        if (not move and not load.rejected and not from_quarantine) or target.resolve() == path.resolve():
            continue
        move = move or from_quarantine
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            (shutil.move if move else shutil.copy2)(path, target)
        except PermissionError:
            if not load.rejected:
                raise
            # a rejected file we may not read cannot be copied; it stays where it is, and says so
            run_log().warning(
                "%s: niet naar de quarantainemap gekopieerd (geen leesrechten); het bestand blijft staan", path.name
            )


@flow(name="ingest", log_prints=False, on_failure=[alert_operators])
def ingest(
    paths: list[str], settings: RunSettings, move_files: bool = False, retry_rejected: bool = False
) -> CommitResult:
    """Load export files (or folders of them) into the store as one store version, with the run's
    settings (built once where the run started: the command line, the nightly). `retry_rejected`: take
    files rejected before once more (after a fix of the profile or the configuration); a loaded file is
    still never loaded twice."""
    log = run_log()
    delays = settings.inbox_retries_s
    files = find_exports.with_options(retries=len(delays), retry_delay_seconds=delays)([Path(p) for p in paths])
    result, loads = read_and_commit(files, settings, str(flow_run.id or "lokaal"), retry_rejected)
    progress("bestanden opbergen")
    file_away(files, loads, settings, move=move_files)
    log.info(
        "%s: %s geladen, %d afgewezen, %d al eerder gezien; %s gelezen, %d samengevoegd, %d in quarantaine",
        "opslag ongewijzigd" if result.store_version is None else f"nieuwe opslagversie {result.store_version}",
        count(len(result.loaded), "bestand", "bestanden"),
        len(result.rejected),
        len(result.skipped),
        count(result.rows_read, "rij", "rijen"),
        result.rows_merged,
        result.bad_rows,
    )
    return result
