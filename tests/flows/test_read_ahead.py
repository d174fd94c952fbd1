"""flows.ingest.read_ahead: the loads in file order, the next file read while one is written, and no
read left running when the writer stops early."""

from __future__ import annotations

import threading
from collections.abc import Generator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from flows.ingest import read_ahead


def test_the_next_file_is_read_while_one_is_written_and_the_order_is_kept():
    events: list[str] = []
    started = {name: threading.Event() for name in "abc"}

    def read(path: Path) -> str:
        events.append(f"read {path.name}")
        started[path.name].set()
        return path.name

    files = [Path(n) for n in "abc"]
    with ThreadPoolExecutor(1) as pool:
        got = []
        for load in read_ahead(files, lambda p: pool.submit(read, p)):
            # while this load is written, the next file's read is under way (or done)
            following = {"a": "b", "b": "c"}.get(load)
            if following:
                assert started[following].wait(5), f"{following} not read while {load} was written"
            events.append(f"write {load}")
            got.append(load)
    assert got == ["a", "b", "c"]
    # b's read starts before a is written; c's before b is
    assert events.index("read b") < events.index("write a")
    assert events.index("read c") < events.index("write b")


def test_no_files_no_loads():
    assert list(read_ahead([], lambda p: pytest.fail("nothing to read"))) == []


def test_a_writer_that_stops_early_leaves_no_read_running():
    release, reads, finished = threading.Event(), [], []

    def read(path: Path) -> str:
        reads.append(path.name)
        if path.name == "b":
            release.wait(5)
            finished.append(path.name)
        return path.name

    with ThreadPoolExecutor(1) as pool:
        loads = read_ahead([Path("a"), Path("b"), Path("c")], lambda p: pool.submit(read, p))
        assert isinstance(loads, Generator)
        assert next(loads) == "a"  # b is being read now
        threading.Timer(0.2, release.set).start()
        loads.close()  # the store starts over (a conflict): waits for b's read to end, does not start c's
        assert finished == ["b"]
    assert reads == ["a", "b"]


def test_a_failed_read_raises_in_the_writer():
    def read(path: Path) -> str:
        if path.name == "b":
            raise OSError("share gone")
        return path.name

    with ThreadPoolExecutor(1) as pool:
        loads = read_ahead([Path("a"), Path("b")], lambda p: pool.submit(read, p))
        assert next(loads) == "a"
        with pytest.raises(OSError, match="share gone"):
            next(loads)


def test_file_loads_reads_each_new_file_with_its_hash_and_not_a_file_the_ledger_has_seen(tmp_path):
    # three exports; the ledger has seen b's content (rejected once). b is not read again: its load is the
    # ledger's word (`Seen`); a and c are read, each given its own SHA-256, and the loads come in file
    # order. With retry_rejected, b is read as well.
    import hashlib

    from flows.ingest import Seen, file_loads
    from flows.stores import TABLES
    from sources.quarantine import rejected_file
    from store.delta_store import Load, Store

    files = [tmp_path / f"kcc_gesprekken_2026070{i}.csv" for i in (1, 2, 3)]
    for i, path in enumerate(files):
        path.write_text(f"CallId\nT000{i}\n", encoding="utf-8")
    sha = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    store = Store(tmp_path / "store", TABLES)
    b = files[1]
    store.commit([Load("kcc", b.name, sha[b], "", None, None, rejected_file("kcc", b.name, sha[b], "leeg"), 0)], "r1")

    def loads(retry_rejected: bool) -> tuple[list[tuple[str, str]], list[str]]:
        reads: list[tuple[str, str]] = []

        def read(path: Path, sha256: str):
            reads.append((path.name, sha256))
            with ThreadPoolExecutor(1) as pool:
                return pool.submit(lambda: f"read {path.name}")

        got = [
            load if isinstance(load, str) else f"seen {load.file_name}"
            for load in file_loads(files, store, read, retry_rejected)
        ]
        return reads, got

    reads, got = loads(retry_rejected=False)
    assert reads == [(files[0].name, sha[files[0]]), (files[2].name, sha[files[2]])]
    assert got == [f"read {files[0].name}", f"seen {b.name}", f"read {files[2].name}"]
    assert isinstance(Seen(b, sha[b], loaded=False).result(), Load)
    reads, got = loads(retry_rejected=True)
    assert reads == [(p.name, sha[p]) for p in files]
    assert got == [f"read {p.name}" for p in files]
