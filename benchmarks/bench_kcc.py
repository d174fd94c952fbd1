"""Benchmark: ingest + report on the real call log and on a generated 10M-call log.

Run on purpose (`make bench`), never in CI. Each measurement runs in a fresh
subprocess so that its peak memory (max RSS) is its own. Prints, per data set:
rows, polars' plain CSV read time, ingest time (read, check, merge into an
empty store), report time (store -> KPIs -> checks -> workbook), rows/s and
peak memory. Prefect's fixed start-up cost is left out: the same functions
the flows call are timed directly.

    python benchmarks/bench_kcc.py [--rows 10000000] [--skip-large]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
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


def generate_large(folder: Path, rows: int, files: int = 10) -> list[Path]:
    """A layout-true call log: `rows` calls in `files` monthly exports of 2025."""
    import numpy as np
    import polars as pl

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    per_file, paths = rows // files, []
    queues = np.array(["LOS-KCC", "ENS-KCC", "LOS-PVH", "ENS-ZORG"])
    outcomes = np.array(["Answered", "Abandoned", "Callback", "Voicemail", "Closed", "IVR"])
    for i in range(files):
        path = folder / f"kcc_gesprekken_2025{i + 2:02d}01.csv"
        paths.append(path)
        if path.exists():
            continue
        n = per_file if i < files - 1 else rows - per_file * (files - 1)
        start = (
            np.datetime64(f"2025-{i + 1:02d}-01T00:00:00") + rng.integers(0, 28 * 86400, n).astype("timedelta64[s]")
        ).astype("datetime64[us]")
        out = outcomes[rng.choice(6, n, p=[0.8, 0.08, 0.02, 0.01, 0.05, 0.04])]
        answered = out == "Answered"
        pl.DataFrame(
            {
                "CallId": pl.int_range(n, eager=True).cast(pl.String).str.zfill(8).str.pad_start(8) + f"-B{i:02d}",
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


def measure(step: str, files: list[str], queues: list[dict], year: str, workdir: str) -> dict:
    """Run in a subprocess: one step, timed after its imports, with its peak memory."""
    import polars as pl

    from core.periods import parse_period
    from core.settings import Settings
    from expectations.gx_runner import suite  # noqa: F401  (GX's import is start-up, not work)
    from flows.ingest import read_export
    from flows.report import checked_figures, read_snapshot, report_buckets, report_inputs, write_report
    from flows.stores import open_store

    settings = Settings(home=Path(workdir), queues=queues)
    t0 = time.perf_counter()
    if step == "polars":
        rows = pl.scan_csv(files, infer_schema=False).collect().height
    elif step == "ingest":  # the ingest flow's tasks, called as functions
        loads = [read_export.fn(Path(f), settings) for f in files]
        open_store(settings).commit(loads, run_id="bench")
        rows = sum(ld.rows_read for ld in loads)
    else:  # the report flow's steps, called as functions
        from datetime import UTC, datetime

        period = parse_period(year)
        buckets = report_buckets(period)
        snap = read_snapshot.fn(settings, buckets, None)
        gemeenten = snap.gemeenten["calls"]
        kpis, without_deadline, checks = checked_figures(snap, buckets, gemeenten, settings)
        for g in gemeenten:
            inputs = report_inputs(
                g, period, kpis, without_deadline, checks, snap, buckets, settings, "bench", datetime.now(UTC)
            )
            write_report.fn(inputs, Path(workdir) / "reports" / g, pdf=False)  # the workbook, as measured
        rows = snap.records["calls"].height
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"step": step, "rows": rows, "seconds": seconds, "peak_mb": peak_mb}


def run_step(step: str, files: list[Path], queues: list[dict], year: str, workdir: Path) -> dict:
    args = json.dumps([step, [str(f) for f in files], queues, year, str(workdir)])
    out = subprocess.run(
        [sys.executable, __file__, "--child", args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if out.returncode:
        sys.exit(f"{step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(name: str, files: list[Path], queues: list[dict], year: str) -> None:
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n== {name}: {len(files)} files, {size_mb:,.0f} MB")
    print(f"{'step':<8} {'rows':>12} {'seconds':>9} {'rows/s':>12} {'peak MB':>9}")
    with tempfile.TemporaryDirectory(dir=OUT) as work:
        for step in ("polars", "ingest", "report"):
            r = run_step(step, files, queues, year, Path(work))
            print(
                f"{step:<8} {r['rows']:>12,} {r['seconds']:>9.2f} {r['rows'] / r['seconds']:>12,.0f} "
                f"{r['peak_mb']:>9,.0f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*json.loads(args.child))))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"Dienstverleningsmonitor benchmark, {date.today()}; python {sys.version.split()[0]}")
    bench("anonymous bank (real)", sorted(REAL.glob("kcc_gesprekken_*.csv")), BANK_QUEUES, "1999")
    if not args.skip_large:
        t0 = time.perf_counter()
        files = generate_large(OUT / f"large_{args.rows}", args.rows)
        print(f"\n(generated/reused {args.rows:,} calls in {time.perf_counter() - t0:.1f} s)")
        bench(f"generated ({args.rows:,} calls)", files, LARGE_QUEUES, "2025")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
