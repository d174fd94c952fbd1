"""One writer at a time for a store on object storage (s3://...), across machines.

A file lock (fcntl) only works between processes of one machine. On object storage the lock is a
one-row Delta table `writer` beside the store's tables: who holds the store, and until when (a
lease). Taking, renewing and giving it back are Delta commits made on the version just read, with
no retry: the object store's conditional write (put-if-absent of the next log entry) lets only one
of two writers that read the same version commit the next one. So two writers never both hold it.

A holder that dies keeps the store until its lease runs out (`lease_s`, renewed by the holder
before each step of a load), after which another writer takes it over. A holder that stalls past
its lease finds it taken at its next step (`LeaseLost`); the store's ledger commit is conditional
on the ledger version read under the lease too, so a stalled writer can never add its load twice.
The clocks of the machines are assumed to agree within a few seconds (NTP).
"""

from __future__ import annotations

import os
import socket
import time
from datetime import UTC, datetime, timedelta

import polars as pl
from deltalake import CommitProperties, DeltaTable
from deltalake.exceptions import CommitFailedError, DeltaError, TableNotFoundError

from store.file_format import WRITE_OPTIONS

LEASE_SCHEMA = pl.Schema({"houder": pl.String(), "tot": pl.Datetime("us", "UTC")})
FREE = ""  # the holder of a store nobody writes to


class LeaseLost(Exception):
    """Another writer took the store over while this one held it (its lease ran out)."""


class LeaseTaken(Exception):
    """The store is held by `holder` until `until`."""

    def __init__(self, holder: str, until: datetime):
        super().__init__(holder)
        self.holder, self.until = holder, until


def holder_name() -> str:
    """Who writes: the machine and the process, and since when (UTC)."""
    return f"{socket.gethostname()} pid {os.getpid()} sinds {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"


class Lease:
    def __init__(self, uri: str, lease_s: float):
        self.uri, self.lease_s = uri, lease_s
        self.holder = ""
        self.version: int | None = None  # the lease table's version our last claim made

    def _state(self) -> tuple[int | None, str, datetime]:
        """(version, holder, until) of the lease table; a store never written to is free."""
        try:
            table = DeltaTable(self.uri)
        except TableNotFoundError:
            return None, FREE, datetime.min.replace(tzinfo=UTC)
        row = pl.DataFrame(table.to_pyarrow_table()).cast(LEASE_SCHEMA)
        if row.height != 1:  # never written otherwise; a table that is not ours is nobody's lock
            return table.version(), FREE, datetime.min.replace(tzinfo=UTC)
        return table.version(), row["houder"][0], row["tot"][0]

    def _write(self, version: int | None, holder: str, until: datetime) -> int | None:
        """Commit the lease row on `version` (no retry); the new version, or None when another
        writer committed first."""
        row = pl.DataFrame({"houder": [holder], "tot": [until]}, schema=LEASE_SCHEMA)
        try:
            if version is None:
                row.write_delta(self.uri, mode="error", delta_write_options=WRITE_OPTIONS)
            else:
                row.write_delta(
                    DeltaTable(self.uri, version=version),
                    mode="overwrite",
                    delta_write_options={"commit_properties": CommitProperties(max_commit_retries=0), **WRITE_OPTIONS},
                )
        except (CommitFailedError, DeltaError):  # the next version exists: someone else was first
            return None
        return DeltaTable(self.uri).version() if version is None else version + 1

    def try_take(self) -> None:
        """Take the store if it is free or its holder's lease ran out; LeaseTaken otherwise."""
        version, holder, until = self._state()
        now = datetime.now(UTC)
        if holder != FREE and until > now:
            raise LeaseTaken(holder, until)
        mine = holder_name()
        new = self._write(version, mine, now + timedelta(seconds=self.lease_s))
        if new is None:
            _, holder, until = self._state()
            raise LeaseTaken(holder, until)
        self.holder, self.version = mine, new

    def take(self, wait_s: float) -> None:
        """Take the store, waiting up to `wait_s` for its holder; LeaseTaken when it stays held."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                return self.try_take()
            except LeaseTaken:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.5)

    def renew(self) -> None:
        """Extend the lease before the next step; LeaseLost when another writer took the store over."""
        new = self._write(self.version, self.holder, datetime.now(UTC) + timedelta(seconds=self.lease_s))
        if new is None:
            raise LeaseLost(self.holder)
        self.version = new

    def give_back(self) -> None:
        """Free the store (when it is still ours; a lease taken over stays with its new holder)."""
        if self.version is not None:
            self._write(self.version, FREE, datetime.now(UTC))
        self.version = None
