"""Benchmark: the Great Expectations check of one call file at ingest, per phase.

Run on purpose, never in CI. Generates (or reuses) layout-true call files with bench_kcc's
`generate`, reads each with the KCC reader as flows/ingest.py does, then times the check of its
records with the stored calls' suite: GX on the rows that can fail (as ingest runs it) and GX on
every row (as before). Wall and CPU seconds (the machine is shared: CPU time is steadier), best of
`--repeat`, with the load average.

`--ingest FILES`: instead, the ingest of `--rows` calls in FILES files into an empty store (as
bench_kcc.py's ingest step: read_export and the store's commit), with the seconds spent in the
reader and in GX's check (wall and CPU) and GX's share of the whole.

    python benchmarks/bench_gx.py [--rows 100000 1000000] [--repeat 3]
    python benchmarks/bench_gx.py --rows 1000000 --ingest 10
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(step: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of `repeat` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ingest", type=int, metavar="FILES")
    args = parser.parse_args()
    if args.ingest:
        for rows in args.rows:
            ingest(rows, args.ingest)
        return

    from bench_kcc import LARGE_QUEUES, OUT, generate

    from core.settings import Settings
    from expectations.gx_runner import _datasource, rows_to_check, to_pandas, validate
    from flows.stores import SOURCES
    from sources.files import identify

    _datasource()  # GX's import and context: start-up, not the check
    print(f"python {sys.version.split()[0]}; {os.cpu_count()} cores", flush=True)
    print(
        f"{'rows':>10} {'step':<28} {'wall s':>8} {'cpu s':>8} {'load':>6}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(dir=OUT if OUT.exists() else None) as work:
        settings = Settings(home=Path(work), queues=LARGE_QUEUES)
        for rows in args.rows:
            [path] = generate(Path(work) / f"gx_{rows}", rows, 1, date(2025, 1, 1), 280)
            file = identify(path)
            spec = SOURCES[file.source]
            records = spec.read(file, settings).records
            checks = spec.suite()
            validate(spec.dataset, records.head(1), checks)  # GX's first-use costs out of the way
            steps: list[tuple[str, Callable[[], object]]] = [
                ("suite", spec.suite),
                ("rows_to_check", partial(rows_to_check, records, checks)),
                ("to_pandas (every row)", partial(to_pandas, records)),
                ("validate (as at ingest)", partial(validate, spec.dataset, records, checks)),
                ("validate (every row)", partial(validate, spec.dataset, records, checks, every_row=True)),
            ]
            for name, step in steps:
                wall, cpu = timed(step, args.repeat)
                print(f"{rows:>10,} {name:<28} {wall:>8.3f} {cpu:>8.3f} {os.getloadavg()[0]:>6.2f}", flush=True)
            taken = rows_to_check(records, checks).height
            print(f"{rows:>10,} rows GX sees: {taken:,}", flush=True)


def ingest(rows: int, files: int) -> None:
    """The ingest of `rows` calls in `files` files, with the reader's and GX's share."""
    from bench_kcc import LARGE_QUEUES, OUT, generate

    import flows.ingest
    from core.settings import Settings
    from expectations.gx_runner import _datasource
    from flows.stores import SourceSpec, open_store

    _datasource()
    spent = {"read": 0.0, "gx": 0.0, "gx cpu": 0.0}
    check, read = flows.ingest.validate, SourceSpec.read

    def timed_check(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return check(*args, **kwargs)
        finally:
            spent["gx"] += time.perf_counter() - wall
            spent["gx cpu"] += time.process_time() - cpu

    def timed_read(self, *args):
        wall = time.perf_counter()
        try:
            return read(self, *args)
        finally:
            spent["read"] += time.perf_counter() - wall

    flows.ingest.validate = timed_check
    SourceSpec.read = timed_read  # type: ignore[method-assign]
    OUT.mkdir(parents=True, exist_ok=True)
    paths = generate(OUT / f"large_{rows}_{files}", rows, files, date(2025, 1, 1), 280)
    with tempfile.TemporaryDirectory(dir=OUT) as work:
        settings = Settings(home=Path(work), queues=LARGE_QUEUES)
        wall, cpu = time.perf_counter(), time.process_time()
        loads = (flows.ingest.read_export.fn(p, settings) for p in paths)
        result = open_store(settings).commit(loads, run_id="bench")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"ingest {result.rows_read:,} calls in {files} files: {wall:.2f} s ({cpu:.2f} s CPU), "
        f"reading {spent['read']:.2f} s, GX {spent['gx']:.2f} s = {spent['gx'] / wall:.0%} "
        f"({spent['gx cpu']:.2f} s CPU = {spent['gx cpu'] / cpu:.0%}); load {os.getloadavg()[0]:.2f}",
        flush=True,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    main()
