"""A year of nightlies in the store, with and without compaction (store/maintenance.py).

Builds two stores in a temporary folder with the same `--nights` loads (default 365), each load one
file of `--calls` new calls (keys growing, as a telephony system issues them) and one store
version: one store never compacts (what the store did before), the other as the store does now (a
load that leaves a table with more than 50 small files merges them). Also keeps `--nights` results
of the checks in each store's `checks` table (the second compacts it). Then, per store:

- the data files of the calls, their day totals, the ledger and the checks;
- opening the calls table (DeltaTable at its newest version: log replay), median of `--rounds`;
- reading the calls as a report does (`Store.read("calls").collect()`: ledger, then the table at
  the version the ledger names), median;
- the load's key-range check of a new file (`_key_range_met`: the per-file key statistics), median;
- reading one version's checks (`kept_checks`), median;

and then `dvm onderhoud`'s work (`maintain`) on the store that never compacted, with its time, and
the same measurements after one more load (which names the compacted calls). Checks that both
stores hold the same rows. Prints seconds and the peak memory of the process. Run on purpose:

    .venv/bin/python benchmarks/bench_compaction.py [--nights 365] [--calls 1000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from deltalake import DeltaTable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.stores import TABLES  # noqa: E402
from sources.kcc import STORED_CALLS_SCHEMA  # noqa: E402
from sources.quarantine import QUARANTINE_SCHEMA  # noqa: E402
from store.checks import CHECKS_TABLE, keep_checks, kept_checks  # noqa: E402
from store.delta_store import Load, Store  # noqa: E402
from store.maintenance import files_of, maintain  # noqa: E402


def night(n: int, calls: int) -> Load:
    """Night n's export: `calls` new calls of that day."""
    day = datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(days=n)
    stamp, name = f"{day:%Y%m%d}T0600", f"kcc_gesprekken_{day:%Y%m%d}T0600.csv"
    records = pl.DataFrame(
        {
            "call_id": [f"C{n * calls + i:09d}" for i in range(calls)],
            "gestart_op": [day + timedelta(seconds=20 * i) for i in range(calls)],
            "wachtrij": ["LOS-KCC"] * calls,
            "wacht_s": [i % 90 for i in range(calls)],
            "gesprek_s": [60 + i % 300 for i in range(calls)],
            "wacht_in_gesprek_s": [0] * calls,
            "nawerk_s": [i % 30 for i in range(calls)],
            "uitkomst": ["beantwoord"] * calls,
            "doorverbonden_naar": [None] * calls,
            "export_stempel": [stamp] * calls,
            "bron_bestand": [name] * calls,
            "bron_hash": [f"hash-{n}"] * calls,
        },
        schema=STORED_CALLS_SCHEMA,
    )
    return Load("kcc", name, f"hash-{n}", stamp, "calls", records, pl.DataFrame(schema=QUARANTINE_SCHEMA), calls)


def median_s(work: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(label: str, store: Store, nights: int, calls: int, rounds: int) -> pl.DataFrame:
    counts = {t: files_of(DeltaTable(store.table_uri(t)))[0] for t in ("calls", "call_days", "ledger", CHECKS_TABLE)}
    spec = store.tables["calls"]
    new_lo, new_hi = f"C{nights * calls:09d}", f"C{nights * calls + calls - 1:09d}"
    print(f"{label}:")
    print("  data files: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    print(f"  open calls (DeltaTable):     {median_s(lambda: DeltaTable(store.table_uri('calls')), rounds):.4f} s")
    rows = store.read("calls").collect()
    print(f"  read calls (store.read):     {median_s(lambda: store.read('calls').collect(), rounds):.4f} s")
    print(
        f"  key-range check of new file: {median_s(lambda: store._key_range_met(spec, new_lo, new_hi), rounds):.4f} s"
    )
    print(f"  kept checks of one version:  {median_s(lambda: kept_checks(store, nights // 2, 'k'), rounds):.4f} s")
    assert not store._key_range_met(spec, new_lo, new_hi)  # a new night's keys: nothing read
    return rows.sort("call_id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nights", type=int, default=365)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-compaction-") as folder:
        plain = Store(Path(folder) / "plain", TABLES, compact_at=10**9)
        compacting = Store(Path(folder) / "compacting", TABLES)
        for label, store in (("plain", plain), ("compacting", compacting)):
            start = time.perf_counter()
            for n in range(args.nights):
                store.commit([night(n, args.calls)], run_id=f"r{n}")
                keep_checks(store, n, "k", [f'{{"n": {n}}}'] * 20)
            print(f"{args.nights} loads of {args.calls} calls and checks, {label}: {time.perf_counter() - start:.1f} s")
        before = measure("never compacted (as before)", plain, args.nights, args.calls, args.rounds)
        after = measure("compacted by the loads (now)", compacting, args.nights, args.calls, args.rounds)
        assert before.equals(after) and before.height == args.nights * args.calls
        start = time.perf_counter()
        done = maintain(plain, keep_days=1, also=(CHECKS_TABLE,))
        print(f"dvm onderhoud on the never-compacted store: {time.perf_counter() - start:.2f} s")
        for u in done:
            print(f"  {u.table}: {u.files_before} -> {u.files_after} files ({u.removed} removed from disk)")
        plain.commit([night(args.nights, args.calls)], run_id="one more")  # names the compacted calls
        kept = measure("after onderhoud and one more load", plain, args.nights + 1, args.calls, args.rounds)
        assert kept.height == before.height + args.calls
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
