"""Benchmark: `dvm dashboard --gemeente Losser` on the demo store (the goal: under 5 s once the store is
loaded; issue 22).

Run on purpose, never in CI. Prints two measurements, each in a fresh subprocess so that its peak memory
(max RSS) is its own:
- the command as a user runs it (`dvm dashboard --gemeente Losser`), wall time and peak memory: with the
  fixed start-up (imports, the temporary Prefect server the command starts without PREFECT_API_URL);
- the dashboard's own work after the imports, step by step, the same functions the flow calls timed
  directly (median of 3 runs): the store's coverage, the snapshot read, the checks and figures, the page
  models, the HTML and CSV written.

    python benchmarks/bench_dashboard.py [--home DVM_HOME]

Without --home the demo is built first in a temporary folder (`dvm demo`, about 2 minutes).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DVM = ROOT / ".venv" / "bin" / "dvm"

STEPS = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from datetime import UTC, datetime
from zoneinfo import ZoneInfo
from core.settings import load_settings
from flows.dashboard import dashboard_folder, read_coverage, read_prognosis
from flows.report import checked_figures, read_snapshot, report_inputs
from expectations.gx_runner import validate  # noqa: F401  (Great Expectations: part of the fixed cost)
from reports.dashboard.content import DashboardInputs, dashboard_periods, gemeente_site
from reports.dashboard.site import write_site
import polars as pl
imports = time.perf_counter() - t0
settings = load_settings(None, sys.argv[1])
runs = []
for _ in range(3):
    t = {}
    s = time.perf_counter()
    version, coverage = read_coverage.fn(settings)
    last = coverage.filter(pl.col("gemeente") == "Losser")["tot"].max()
    periods = dashboard_periods(last)
    t["dekking lezen"] = time.perf_counter() - s
    s = time.perf_counter()
    snap = read_snapshot.fn(settings, periods.buckets(), version)
    t["opslag lezen"] = time.perf_counter() - s
    s = time.perf_counter()
    kpis, extra, checks = checked_figures(snap, periods.buckets(), ["Losser"], settings)
    t["controleren en berekenen"] = time.perf_counter() - s
    s = time.perf_counter()
    now = datetime.now(UTC)
    report = report_inputs("Losser", periods.year, kpis, extra, checks, snap, periods.buckets(), settings, "bench", now)
    inputs = DashboardInputs(report, periods, False, read_prognosis.fn(settings, "Losser"),
                             now.astimezone(ZoneInfo(settings.timezone)), last)
    site = gemeente_site(inputs, snap.version)
    t["pagina's samenstellen"] = time.perf_counter() - s
    s = time.perf_counter()
    write_site(dashboard_folder(settings, False), [site], False, "bench")
    t["HTML en CSV schrijven"] = time.perf_counter() - s
    runs.append(t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"imports": imports, "runs": runs, "peak_mb": peak}))
"""


def command(home: Path) -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run(
        [str(DVM), "dashboard", "--gemeente", "Losser", "--home", str(home)], check=True, capture_output=True
    )
    wall = time.perf_counter() - start
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def steps(home: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", STEPS, str(home)], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, help="a home with the demo loaded (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home
        if home is None:
            home = Path(tmp) / "dvm"
            print("demo bouwen (dvm demo) ...", flush=True)
            subprocess.run([str(DVM), "demo", "--home", str(home)], check=True, capture_output=True)
        wall, peak = command(home)
        print(f"dvm dashboard --gemeente Losser: {wall:.1f} s wall, peak {peak:.0f} MB (met opstart en Prefect)")
        measured = steps(home)
        print(f"imports (vaste kosten): {measured['imports']:.1f} s")
        total = []
        for name in measured["runs"][0]:
            median = statistics.median(r[name] for r in measured["runs"])
            total.append(median)
            print(f"  {name:<26} {median:6.2f} s")
        print(
            f"  {'dashboard na het laden':<26} {sum(total):6.2f} s (mediaan van 3), peak {measured['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
