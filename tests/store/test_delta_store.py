"""The store: one version per load, newest export wins, nothing half-loaded."""

from __future__ import annotations

import polars as pl
import pytest

from core.settings import Settings
from flows.stores import TABLES
from sources.files import identify
from sources.kcc import load_calls
from sources.quarantine import QUARANTINE_SCHEMA, rejected_file
from store.delta_store import Load, Store, StoreBusy
from tests.conftest import FIXTURES

SETTINGS = Settings()


def kcc_load(name: str) -> Load:
    file = identify(FIXTURES / "kcc" / name)
    batch = load_calls(file, SETTINGS.profiles.kcc, SETTINGS.queues)
    return Load("kcc", file.name, file.sha256, file.stamp, "calls", batch.records, batch.quarantine, batch.rows_read)


OLD, NEW = "kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv"


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store", TABLES)


def wait_of(store: Store, call_id: str, as_of=None) -> int:
    calls = store.read("calls", as_of).filter(pl.col("call_id") == call_id).collect()
    assert calls.height == 1
    return calls["wacht_s"][0]


def test_empty_store_has_no_version_and_reads_empty(store):
    assert store.version() is None
    assert store.read("calls").collect().height == 0


def test_a_load_is_one_store_version_with_its_quarantine_and_ledger(store):
    # 14 rows: 7 stored (T0011 on the unknown queue LOS-OUD too: the mapping is applied later), 7 quarantined
    result = store.commit([kcc_load(OLD)], run_id="r1")
    assert result.store_version == 0
    assert result.loaded == [OLD] and result.rows_merged == 7 and result.rows_quarantined == 7
    assert store.read("calls").collect().height == 7
    assert store.read("quarantine").collect().height == 7
    ledger = store.ledger()
    assert ledger.select("bron_bestand", "status", "rijen_gelezen", "rijen_geladen", "rijen_quarantaine").row(0) == (
        OLD,
        "geladen",
        14,
        7,
        7,
    )


@pytest.mark.parametrize("order", [[OLD, NEW], [NEW, OLD]])
def test_newest_export_wins_whatever_the_load_order(store, order):
    # T0001 has wait 12 in the 0702 export and 40 in the newer 0703T0600 export.
    for name in order:
        store.commit([kcc_load(name)], run_id="r")
    assert wait_of(store, "T0001") == 40


def test_newest_export_wins_within_one_batch(store):
    store.commit([kcc_load(NEW), kcc_load(OLD)], run_id="r")
    assert wait_of(store, "T0001") == 40


def test_loading_the_same_file_again_changes_nothing(store):
    store.commit([kcc_load(OLD)], run_id="r1")
    before = (store.version(), store.read("calls").collect().sort("call_id"))
    again = store.commit([kcc_load(OLD)], run_id="r2")
    assert again.store_version is None and again.skipped == [OLD]
    assert store.version() == before[0]
    assert store.read("calls").collect().sort("call_id").equals(before[1])


def test_a_rejected_file_is_recorded_and_not_retried(store):
    load = Load(
        "kcc",
        "kcc_gesprekken_20260706.csv",
        "abc",
        "20260706T0000",
        None,
        None,
        rejected_file("kcc", "kcc_gesprekken_20260706.csv", "abc", "bestand is leeg"),
        0,
    )
    result = store.commit([load], run_id="r1")
    assert result.rejected == ["kcc_gesprekken_20260706.csv"]
    assert store.read("calls").collect().height == 0
    q = store.read("quarantine").collect()
    assert q.select("rij", "regel").row(0) == (None, "bestand_afgewezen")
    assert store.commit([load], run_id="r2").skipped == ["kcc_gesprekken_20260706.csv"]


def test_a_load_that_dies_before_its_ledger_entry_is_invisible(store):
    store.commit([kcc_load(OLD)], run_id="r1")
    # A second load merged its calls, then died before writing the ledger.
    store._merge(store.tables["calls"], kcc_load(NEW).records)
    assert wait_of(store, "T0001") == 12  # readers still see store version 0
    # Rerunning that load completes it.
    store.commit([kcc_load(NEW)], run_id="r2")
    assert wait_of(store, "T0001") == 40


def test_as_of_reads_an_earlier_store_version(store):
    store.commit([kcc_load(OLD)], run_id="r1")
    store.commit([kcc_load(NEW)], run_id="r2")
    assert store.version() == 1
    assert wait_of(store, "T0001", as_of=0) == 12
    assert wait_of(store, "T0001", as_of=1) == 40
    assert store.ledger(as_of=0).height == 1


def test_a_second_writer_stops_with_a_clear_message(store):
    with store.writer(), pytest.raises(StoreBusy, match="is bezet door een andere lading"):
        store.commit([kcc_load(OLD)], run_id="r2", wait_s=0.3)
    assert store.version() is None


def test_tables_come_back_in_their_declared_schema_with_local_times(tmp_path):
    # Delta keeps timestamps as UTC instants; appointments are declared in Europe/Amsterdam, and
    # an evening slot at 17:00 local must read back as 17:00 local, not 15:00 or 16:00 UTC.
    from core.profiles import JccProfile
    from sources.jcc import load_appointments

    store = Store(tmp_path / "store", TABLES)
    file = identify(FIXTURES / "jcc" / "jcc_afspraken_20250301.csv")
    batch = load_appointments(file, JccProfile())
    store.commit(
        [
            Load(
                "jcc",
                file.name,
                file.sha256,
                file.stamp,
                "appointments",
                batch.records,
                batch.quarantine,
                batch.rows_read,
            )
        ],
        run_id="r",
    )
    back = store.read("appointments").collect().sort("afspraak_id")
    assert back.schema == batch.records.schema
    assert back.equals(batch.records.sort("afspraak_id"))


def calls_load(stamp: str, waits: dict[str, int]) -> Load:
    """A file of synthetic calls (call id -> wait), stamped `stamp`."""
    from datetime import UTC, datetime

    from sources.kcc import STORED_CALLS_SCHEMA

    name, sha = f"kcc_gesprekken_{stamp}.csv", f"hash-{stamp}"
    records = pl.DataFrame(
        {
            "call_id": list(waits),
            "gestart_op": [datetime(2026, 7, 1, 9, tzinfo=UTC)] * len(waits),
            "wachtrij": ["LOS-KCC"] * len(waits),
            "wacht_s": list(waits.values()),
            "gesprek_s": [60] * len(waits),
            "wacht_in_gesprek_s": [0] * len(waits),
            "nawerk_s": [0] * len(waits),
            "uitkomst": ["beantwoord"] * len(waits),
            "doorverbonden_naar": [None] * len(waits),
            "export_stempel": [stamp] * len(waits),
            "bron_bestand": [name] * len(waits),
            "bron_hash": [sha] * len(waits),
        },
        schema=STORED_CALLS_SCHEMA,
    )
    return Load("kcc", name, sha, stamp, "calls", records, pl.DataFrame(schema=QUARANTINE_SCHEMA), len(waits))


def test_a_key_inside_a_stored_files_key_range_is_found_and_replaced(store):
    # Two stored files hold keys A1..A5 and C1..C5. A file with B1..B2 meets neither file's key range
    # (Delta's statistics): nothing is read, it is appended. A file with A3 (inside A1..A5, not at its
    # ends) and C9 meets them: A3 is found and replaced by the newer export (wait 99), C9 is added.
    store.commit([calls_load("20260701T0000", {f"A{i}": i for i in range(1, 6)})], run_id="r1")
    store.commit([calls_load("20260702T0000", {f"C{i}": i for i in range(1, 6)})], run_id="r2")
    calls = store.tables["calls"]
    assert not store._key_range_met(calls, "B1", "B2")
    assert store._key_range_met(calls, "A3", "A3")
    store.commit([calls_load("20260703T0000", {"B1": 7, "B2": 8})], run_id="r3")
    result = store.commit([calls_load("20260704T0000", {"A3": 99, "C9": 9})], run_id="r4")
    assert result.rows_merged == 2
    stored = store.read("calls").collect()
    assert stored.height == 5 + 5 + 2 + 1  # A3 once
    assert wait_of(store, "A3") == 99 and wait_of(store, "B1") == 7 and wait_of(store, "C9") == 9
