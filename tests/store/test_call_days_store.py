"""The calls' day totals in the store are always the sum of the calls the ledger shows: after
appends, after late corrections (also one that moves a call to another day), within one batch,
after a load that died halfway, on a rerun, and when the time zone changes."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from flows.stores import TABLES
from sources.kcc import STORED_CALLS_SCHEMA
from sources.quarantine import QUARANTINE_SCHEMA
from store.delta_store import Load, Store
from transforms.call_days import CALL_DAYS_KEY, call_days

TZ = "Europe/Amsterdam"


def export(stamp: str, calls: list[tuple]) -> Load:
    """A loaded KCC file of calls (call_id, UTC start, uitkomst, wacht_s)."""
    name = f"kcc_gesprekken_{stamp}.csv"
    records = pl.DataFrame(
        [
            {
                "call_id": call_id,
                "gestart_op": start,
                "wachtrij": "LOS-KCC",
                "wacht_s": wait,
                "gesprek_s": 60 if outcome == "beantwoord" else 0,
                "wacht_in_gesprek_s": 0,
                "nawerk_s": 0,
                "uitkomst": outcome,
                "doorverbonden_naar": None,
                "export_stempel": stamp,
                "bron_bestand": name,
                "bron_hash": stamp.ljust(64, "0"),
            }
            for call_id, start, outcome, wait in calls
        ],
        schema=STORED_CALLS_SCHEMA,
    )
    return Load(
        "kcc", name, stamp.ljust(64, "0"), stamp, "calls", records, pl.DataFrame(schema=QUARANTINE_SCHEMA), len(calls)
    )


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 7, day, hour, tzinfo=UTC)


def kept(store: Store, as_of=None) -> pl.DataFrame:
    return store.read("call_days", as_of).collect().sort(list(CALL_DAYS_KEY))


def summed(store: Store, as_of=None, tz: str = TZ) -> pl.DataFrame:
    return call_days(store.read("calls", as_of), tz).collect().sort(list(CALL_DAYS_KEY))


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store", TABLES, TZ)


def test_appended_files_keep_their_totals_beside_the_calls(store):
    store.commit([export("20260702", [("A", at(1), "beantwoord", 5), ("B", at(1), "opgehangen", 9)])], "r1")
    store.commit([export("20260703", [("C", at(2), "beantwoord", 5)])], "r2")
    assert kept(store).equals(summed(store))
    # 1 July: A and B (one total each: another outcome); 2 July: C
    assert kept(store).select("datum", "aantal").rows() == [(at(1).date(), 1), (at(1).date(), 1), (at(2).date(), 1)]
    assert kept(store, as_of=0).equals(summed(store, as_of=0))  # an earlier store version has its own


def test_a_late_correction_that_moves_a_call_to_another_day_corrects_both_days(store):
    store.commit([export("20260702", [("A", at(1), "beantwoord", 5), ("B", at(1), "beantwoord", 5)])], "r1")
    # the newer export says A started on 3 July at 00:30 local (22:30 UTC on 2 July) and was abandoned
    store.commit([export("20260704", [("A", datetime(2026, 7, 2, 22, 30, tzinfo=UTC), "opgehangen", 7)])], "r2")
    totals = kept(store)
    assert totals.equals(summed(store))
    # 1 July keeps B only; 3 July (local) has A
    assert totals.select("datum", "uitkomst", "aantal").rows() == [
        (at(1).date(), "beantwoord", 1),
        (at(3).date(), "opgehangen", 1),
    ]


def test_within_one_batch_the_newest_export_wins_in_the_totals_too(store):
    result = store.commit(
        [
            export("20260704", [("A", at(3), "opgehangen", 7)]),
            export("20260702", [("A", at(1), "beantwoord", 5), ("B", at(1), "beantwoord", 5)]),
        ],
        "r1",
    )
    assert result.rows_merged == 2  # A once, B
    assert kept(store).equals(summed(store))
    assert kept(store).select("datum", "uitkomst", "aantal").rows() == [
        (at(1).date(), "beantwoord", 1),
        (at(3).date(), "opgehangen", 1),
    ]


def test_the_totals_of_a_batch_s_appended_files_are_written_together(store):
    # three new files in one load: their totals are one commit and one data file of the totals table
    # (not one per file), and the same as summed from the calls
    from deltalake import DeltaTable

    store.commit(
        [
            export("20260702", [("A", at(1), "beantwoord", 5), ("B", at(1), "opgehangen", 9)]),
            export("20260703", [("C", at(2), "beantwoord", 5)]),
            export("20260704", [("D", at(3), "beantwoord", 5)]),
        ],
        "r1",
    )
    totals = DeltaTable(store.table_uri("call_days"))
    assert (totals.version(), len(totals.file_uris())) == (0, 1)
    assert kept(store).equals(summed(store))
    assert kept(store).height == 4  # A and B (two outcomes), C, D


def test_a_batch_that_appends_and_then_corrects_a_day_counts_each_call_once(store):
    # the first two files are appended (their totals wait to be written together); the third corrects A,
    # moving it from 1 to 3 July: the days it touches are summed again after the waiting totals are
    # written, so 1 July has B only and A counts once (on 3 July), not also in the first file's totals
    store.commit(
        [
            export("20260702", [("A", at(1), "beantwoord", 5), ("B", at(1), "beantwoord", 5)]),
            export("20260703", [("C", at(2), "beantwoord", 5)]),
            export("20260704", [("A", at(3), "opgehangen", 7)]),
        ],
        "r1",
    )
    assert kept(store).equals(summed(store))
    assert kept(store).select("datum", "uitkomst", "aantal").rows() == [
        (at(1).date(), "beantwoord", 1),
        (at(2).date(), "beantwoord", 1),
        (at(3).date(), "opgehangen", 1),
    ]


def test_a_rerun_of_the_same_night_changes_nothing(store):
    night = [export("20260702", [("A", at(1), "beantwoord", 5)]), export("20260703", [("A", at(1), "beantwoord", 9)])]
    store.commit(night, "r1")
    before = (store.version(), store.table_versions(), kept(store))
    again = store.commit(night, "r2")
    assert again.store_version is None
    assert (store.version(), store.table_versions()) == before[:2]
    assert kept(store).equals(before[2])


def test_a_load_that_died_halfway_is_put_back_and_the_totals_stay_the_sum_of_the_calls(store):
    store.commit([export("20260702", [("A", at(1), "beantwoord", 5), ("B", at(1), "beantwoord", 5)])], "r1")
    # a load wrote its calls (A moved to 5 July) and died before its totals and its ledger rows
    dying = export("20260706", [("A", at(5), "beantwoord", 5)])
    store._merge(store.tables["calls"], dying.records)
    assert kept(store).equals(summed(store))  # readers still see store version 0, in step
    # the next load (another file) first puts the half load back (A on 1 July again), then adds C
    store.commit([export("20260707", [("C", at(6), "voicemail", 3)])], "r2")
    assert kept(store).equals(summed(store))
    assert kept(store)["datum"].unique().sort().to_list() == [at(1).date(), at(6).date()]
    # the died load, run again, completes: A moves to 5 July, its totals with it
    store.commit([dying], "r3")
    assert kept(store).equals(summed(store))
    assert kept(store)["datum"].unique().sort().to_list() == [at(1).date(), at(5).date(), at(6).date()]


def test_a_store_from_before_the_totals_gets_them_whole_at_its_next_load(tmp_path):
    path = tmp_path / "store"
    Store(path, TABLES, TZ).commit([export("20260702", [("A", at(1), "beantwoord", 5)])], "r1")
    # what a store from before the totals looks like: the calls without their totals
    import shutil

    shutil.rmtree(path / "call_days")
    store = Store(path, TABLES, TZ)
    store.commit([export("20260703", [("B", at(2), "beantwoord", 5)])], "r2")
    assert kept(store).equals(summed(store)) and kept(store)["aantal"].sum() == 2


def test_another_time_zone_sums_the_totals_again_in_it(tmp_path):
    path = tmp_path / "store"
    # 23:30 UTC on 1 July is 2 July in Amsterdam (UTC+2) and 1 July in UTC
    Store(path, TABLES, TZ).commit(
        [export("20260702", [("A", datetime(2026, 7, 1, 23, 30, tzinfo=UTC), "beantwoord", 5)])], "r1"
    )
    utc = Store(path, TABLES, "UTC")
    utc.commit([export("20260703", [("B", at(2), "beantwoord", 5)])], "r2")
    assert kept(utc).equals(summed(utc, tz="UTC"))
    assert kept(utc).select("datum", "tijdzone").unique().sort("datum").rows() == [
        (at(1).date(), "UTC"),
        (at(2).date(), "UTC"),
    ]
