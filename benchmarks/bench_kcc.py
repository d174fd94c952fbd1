"""Benchmark: ingest + report on the real call log and on generated call logs.

Run on purpose (`make bench`), never in CI. Each measurement runs in a fresh subprocess so that its
peak memory (max RSS) is its own. Prints, per data set: rows, polars' plain CSV read time, ingest
time (read, check, write into an empty store), the year report's time (store -> KPIs -> checks ->
workbooks) and a quarter report for one gemeente, with rows/s and peak memory. The fixed start-up
(imports: polars, Prefect, Great Expectations) is measured apart and left out of the step times;
Prefect's own start-up too: the same functions the flows call are timed directly, with polars' and
Arrow's allocators and the garbage collector set as a command sets them (dvm/cli.py `tune_process`);
polars' plain read with Python's and polars' defaults.

    python benchmarks/bench_kcc.py [--rows 10000000] [--files 10] [--skip-real] [--skip-large]
    python benchmarks/bench_kcc.py --rows 100000000 --files 100 --skip-real   # 8.9 GB of CSV: see --keep
    python benchmarks/bench_kcc.py --history [--per-day 10000] --skip-real --skip-large
    python benchmarks/bench_kcc.py --rows 10000000 --files 10 --skip-real --floor

`--floor`: also time what an ingest cannot do without, whatever its code: the calls appended to a
Delta table file by file (no key look-up, no day totals, no ledger) and GX's fixed cost per file
(the suite on one row, what a clean file gives GX); with polars' read and the report, the floor
under the ingest + report ratio.

`--history`: one year of calls in the store against two years (the same calls per day), the current
quarter's report on each (median of 3 runs): the nightly report must not grow with history.
Generated files are deleted afterwards unless `--keep` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "realdata" / "anonymous_bank"
OUT = ROOT / "benchmarks" / "out"
BANK_QUEUES = [{"name": "AB-KCC", "gemeente": "Anonymous Bank", "line": 1, "team": "KCC"}]
LARGE_QUEUES = [
    {"name": q, "gemeente": g, "line": line, "team": t}
    for q, g, line, t in [
        ("LOS-KCC", "Losser", 1, "KCC"),
        ("ENS-KCC", "Enschede", 1, "KCC"),
        ("LOS-PVH", "Losser", 2, "PVH"),
        ("ENS-ZORG", "Enschede", 2, "Zorg"),
    ]
]


def generate(folder: Path, rows: int, files: int, first: date, days: int, scattered: bool = False) -> list[Path]:
    """A layout-true call log: `rows` calls over `days` days from `first`, in `files` exports, each
    covering the next stretch of days and stamped the day after it (a file's calls are new: no
    call is exported twice). Call ids grow with time, as a telephony system issues them (the real
    log's carry their month: `ABJAN-...`, `ABFEB-...`): `B007-00000042`. `scattered`: every file's
    ids spread over the whole range (`00000042-B007`), the worst case for the store's key look-up."""
    import numpy as np
    import polars as pl

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    per_file, paths = rows // files, []
    queues = np.array(["LOS-KCC", "ENS-KCC", "LOS-PVH", "ENS-ZORG"])
    outcomes = np.array(["Answered", "Abandoned", "Callback", "Voicemail", "Closed", "IVR"])
    for i in range(files):
        lo, hi = int(i * days / files), max(int((i + 1) * days / files), int(i * days / files) + 1)
        end = first + timedelta(days=hi)
        path = folder / f"kcc_gesprekken_{end:%Y%m%d}T{i // 60 % 24:02d}{i % 60:02d}.csv"
        paths.append(path)
        if path.exists():
            continue
        n = per_file if i < files - 1 else rows - per_file * (files - 1)
        start = (
            np.datetime64(first + timedelta(days=lo))
            + rng.integers(0, (hi - lo) * 86400, n).astype("timedelta64[s]")
            - np.timedelta64(1, "h")  # local (winter) midnight in UTC
        ).astype("datetime64[us]")
        out = outcomes[rng.choice(6, n, p=[0.8, 0.08, 0.02, 0.01, 0.05, 0.04])]
        answered = out == "Answered"
        pl.DataFrame(
            {
                "CallId": (
                    pl.int_range(n, eager=True).cast(pl.String).str.zfill(8) + f"-B{i:03d}"
                    if scattered
                    else f"B{i:03d}-" + pl.int_range(n, eager=True).cast(pl.String).str.zfill(8)
                ),
                "StartTimeUTC": pl.Series(start).dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "Queue": queues[rng.choice(4, n, p=[0.12, 0.78, 0.05, 0.05])],
                "DialledNumber": "14 0000",
                "CallerNumber": "+31600000000",
                "WaitSeconds": rng.exponential(30, n).astype(int),
                "TalkSeconds": np.where(answered, rng.gamma(4, 75, n).astype(int), 0),
                "HoldSeconds": 0,
                "WrapUpSeconds": np.where(answered, 30, 0),
                "Outcome": out,
                "TransferredTo": np.where(answered & (rng.random(n) < 0.2), "PVH", ""),
                "AgentId": "",
            }
        ).write_csv(path)
    return paths


def measure(step: str, files: list[str], queues: list[dict], period: str, workdir: str) -> dict:
    """Run in a subprocess: one step, timed after its imports, with its peak memory."""
    t_start = time.perf_counter()
    from datetime import UTC, datetime

    import polars as pl

    from core.periods import parse_period
    from core.settings import Settings
    from expectations.gx_runner import validate
    from flows.ingest import file_loads, read_export, start_up_left_alone
    from flows.report import checked_figures, read_snapshot, report_buckets, report_inputs, write_report
    from flows.stores import SOURCES, open_store
    from store.file_format import WRITE_OPTIONS

    settings = Settings(home=Path(workdir), queues=queues)
    if not step.startswith("polars"):  # GX's import and context are start-up too, as are the suites' modules
        from expectations.gx_runner import _datasource
        from flows.wiring import report_check_imports

        _datasource()
        for import_suite in report_check_imports():
            import_suite()
    imports = time.perf_counter() - t_start
    t0 = time.perf_counter()
    if step == "polars":  # the whole log at once, as polars reads it plainly
        rows = pl.scan_csv(files, infer_schema=False).collect().height
    elif step == "polars-per-file":  # file by file (what fits in memory at any size)
        rows = sum(pl.read_csv(f, infer_schema=False).height for f in files)
    elif (
        step == "ingest"
    ):  # the ingest flow's work (flows/ingest.py `file_loads`): each file read, checked and written as it comes,
        # the next read meanwhile; the reads in a thread of their own, as the flow's task runner has them
        store = open_store(settings)
        with ThreadPoolExecutor(1) as pool, start_up_left_alone():
            paths = [Path(f) for f in files]
            result = store.commit(
                lambda: file_loads(
                    paths, store, lambda path, sha256: pool.submit(read_export.fn, path, settings, sha256)
                ),
                run_id="bench",
            )
        rows = result.rows_read
    elif step.startswith("floor-"):  # what no ingest can do without, summed over the files (not their reads)
        rows, seconds = 0, 0.0
        for f in files:
            load = read_export.fn(Path(f), settings)
            assert load.records is not None, f"{f}: rejected"
            spec = SOURCES[load.source]
            t = time.perf_counter()
            if step == "floor-writes":  # the calls appended to a Delta table, as the store writes its files
                # (store/file_format.py): no look-up, no day totals, no ledger
                load.records.write_delta(
                    str(Path(workdir) / "floor_calls"), mode="append", delta_write_options=WRITE_OPTIONS
                )
            else:  # "floor-checks": GX's fixed cost per file, the suite on one row (a clean file's rows_to_check)
                validate(spec.dataset, load.records.head(1), spec.suite())
            seconds += time.perf_counter() - t
            rows += load.records.height
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {"step": step, "rows": rows, "seconds": seconds, "peak_mb": peak_mb, "imports_s": imports}
    else:  # "report": every gemeente's report; "report:<gemeente>": one gemeente's
        chosen = parse_period(period)
        buckets = report_buckets(chosen)
        snap = read_snapshot.fn(settings, buckets, None)
        gemeenten = [step.split(":", 1)[1]] if ":" in step else snap.gemeenten["calls"]
        kpis, extra, checks = checked_figures(snap, buckets, gemeenten, settings)
        for g in gemeenten:
            inputs = report_inputs(g, chosen, kpis, extra, checks, snap, buckets, settings, "bench", datetime.now(UTC))
            write_report.fn(
                inputs, Path(workdir) / "reports" / g / chosen.folder_name, pdf=False
            )  # the workbook, as measured
        rows = int(snap.records["calls"]["aantal"].sum())  # the calls the report's day totals hold
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"step": step, "rows": rows, "seconds": seconds, "peak_mb": peak_mb, "imports_s": imports}


def run_step(step: str, files: list[Path], queues: list[dict], period: str, workdir: Path) -> dict:
    args = json.dumps([step, [str(f) for f in files], queues, period, str(workdir)])
    out = subprocess.run(
        [sys.executable, __file__, "--child", args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if out.returncode:
        sys.exit(f"{step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def row(r: dict, label: str | None = None) -> str:
    return (
        f"{label or r['step']:<22} {r['rows']:>12,} {r['seconds']:>9.2f} {r['rows'] / r['seconds']:>12,.0f} "
        f"{r['peak_mb']:>9,.0f} {r['imports_s']:>9.1f}"
    )


def bench(
    name: str, files: list[Path], queues: list[dict], year: str, steps: list[str], rounds: int = 1
) -> dict[str, dict]:
    """The steps in order, `rounds` times (each round in a fresh store); with more than one round, each
    step's median time and highest peak, and the ratios of those medians, after the rounds."""
    size = sum(f.stat().st_size for f in files)
    print(f"\n== {name}: {len(files)} files, {size / 1e6:,.0f} MB", flush=True)
    header = f"{'step':<22} {'rows':>12} {'seconds':>9} {'rows/s':>12} {'peak MB':>9} {'import s':>9}"
    runs: dict[str, list[dict]] = {step: [] for step in steps}
    for number in range(1, rounds + 1):
        if rounds > 1:
            print(f"-- round {number} of {rounds}, load average {os.getloadavg()[0]:.2f}", flush=True)
        print(header, flush=True)
        with tempfile.TemporaryDirectory(dir=OUT) as work:
            for step in steps:
                r = run_step(step, files, queues, year, Path(work))
                runs[step].append(r)
                print(row(r), flush=True)
        ratios({step: rs[-1] for step, rs in runs.items()}, size)
    if rounds == 1:
        return {step: rs[0] for step, rs in runs.items()}
    results = {
        step: {
            **rs[0],
            "seconds": statistics.median(r["seconds"] for r in rs),
            "peak_mb": max(r["peak_mb"] for r in rs),
            "imports_s": statistics.median(r["imports_s"] for r in rs),
        }
        for step, rs in runs.items()
    }
    print(f"\n-- median of {rounds} rounds (seconds, import s: median; peak MB: highest)", flush=True)
    print(header, flush=True)
    for r in results.values():
        print(row(r), flush=True)
    ratios(results, size)
    return results


def ratios(results: dict[str, dict], size: int) -> None:
    """The ratios issue 26 asks for, of one round's or of the medians' times."""
    read = results.get("polars") or results.get("polars-per-file")
    if not read:
        return
    for step in ("ingest", "report"):
        if step in results:
            print(
                f"{step} / polars read: {results[step]['seconds'] / read['seconds']:.1f}x; "
                f"peak / CSV bytes: {results[step]['peak_mb'] * 2**20 / size:.2f}",
                flush=True,
            )
    if "ingest" in results and "report" in results:
        both = results["ingest"]["seconds"] + results["report"]["seconds"]
        print(f"ingest + report / polars read: {both / read['seconds']:.2f}x (goal 5x, issue 26)", flush=True)
    if "floor-writes" in results and "floor-checks" in results and "report" in results:
        floor = read["seconds"] + sum(results[s]["seconds"] for s in ("floor-writes", "floor-checks", "report"))
        print(
            f"floor (polars read + Delta appends + GX's fixed cost + report) / polars read: "
            f"{floor / read['seconds']:.1f}x",
            flush=True,
        )
        if "ingest" in results:
            both = results["ingest"]["seconds"] + results["report"]["seconds"]
            print(
                f"ingest + report / floor: {both / floor:.2f} (issue 26 took the floor as 4.0x the read and "
                "asked for 1.25x it: the 5x above is the goal)",
                flush=True,
            )


def history(per_day: int, keep: bool) -> None:
    """The current quarter's report (2025-Q4) with one year of calls in the store and with two."""
    print(f"\n== history: {per_day:,} calls a day; report 2025-Q4 for Losser, median of 3 runs", flush=True)
    print(f"{'store':<22} {'calls':>12} {'ingest s':>9} {'report s':>9} {'runs':>24} {'peak MB':>9}", flush=True)
    medians = {}
    for years in (1, 2):
        first = date(2026 - years, 1, 1)
        days = (date(2026, 1, 1) - first).days
        folder = OUT / f"history_{years}y_{per_day}"
        files = generate(folder, per_day * days, 12 * years, first, days)
        with tempfile.TemporaryDirectory(dir=OUT) as work:
            ingest = run_step("ingest", files, LARGE_QUEUES, "2025-Q4", Path(work))
            runs = [run_step("report:Losser", files, LARGE_QUEUES, "2025-Q4", Path(work)) for _ in range(3)]
        medians[years] = statistics.median(r["seconds"] for r in runs)
        each = ", ".join(format(r["seconds"], ".2f") for r in runs)
        print(
            f"{years} year{'s' if years > 1 else '':<17} {ingest['rows']:>12,} {ingest['seconds']:>9.2f} "
            f"{medians[years]:>9.2f} {each:>24} "
            f"{max(r['peak_mb'] for r in runs):>9,.0f}",
            flush=True,
        )
        if not keep:
            shutil.rmtree(folder)
    print(f"two years / one year: {medians[2] / medians[1]:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--history", action="store_true")
    parser.add_argument("--per-day", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--scattered-keys", action="store_true", help="call ids spread over the whole range in every file (worst case)"
    )
    parser.add_argument("--read", action="store_true", help="above 20M calls: time polars' plain read too")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time what an ingest cannot do without: the Delta appends of the calls and GX's fixed cost per file",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="the generated log's steps this many times; medians after them"
    )
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        step = json.loads(args.child)[0]
        if not step.startswith("polars"):  # as a command sets its process (dvm/cli.py); polars' plain read not
            from dvm.cli import tune_process

            tune_process()
        print(json.dumps(measure(*json.loads(args.child))))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    print(
        f"Dienstverleningsmonitor benchmark, {date.today()}; python {sys.version.split()[0]}; "
        f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    if not args.skip_real:
        bench(
            "anonymous bank (real)",
            sorted(REAL.glob("kcc_gesprekken_*.csv")),
            BANK_QUEUES,
            "1999",
            ["polars", "ingest", "report"],
        )
    if not args.skip_large:
        t0 = time.perf_counter()
        folder = OUT / f"large_{args.rows}_{args.files}{'_scattered' if args.scattered_keys else ''}"
        files = generate(folder, args.rows, args.files, date(2025, 1, 1), 280, args.scattered_keys)
        print(f"\n(generated/reused {args.rows:,} calls in {time.perf_counter() - t0:.1f} s)", flush=True)
        # 100M calls do not fit in memory at once; their plain read file by file is only timed with --read
        reads = ["polars", "polars-per-file"] if args.rows <= 20_000_000 else ["polars-per-file"] if args.read else []
        bench(
            f"generated ({args.rows:,} calls)",
            files,
            LARGE_QUEUES,
            "2025",
            [*reads, "ingest", "report", "report:Losser", *(["floor-writes", "floor-checks"] if args.floor else [])],
            args.rounds,
        )
        if not args.keep:
            shutil.rmtree(folder)
    if args.history:
        history(args.per_day, args.keep)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
