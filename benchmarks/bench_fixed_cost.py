"""The fixed cost of the commands a user waits for, against a running Prefect server (issue 26).

On the demo store (two gemeenten; built here with `dvm demo --vandaag 2026-12-06` unless --home
names one), with a Prefect server of its own (`prefect server start` on 127.0.0.1, a PREFECT_HOME
of its own; tests/services.py starts it), each round runs, one after the other:

- R: `python -c "import polars, prefect"` - the floor every command with a flow stands on;
- a nightly with nothing new (`dvm nightly`: empty inbox, reports fresh): goal <= 2R, 0 files rewritten;
- an ingest of a file the store has loaded (`dvm ingest <archive>/kcc_...csv`): goal <= 1.5R;
- a quarter report of a version checked before (`dvm report 2026-Q4 --gemeente Losser`, PDF off):
  goal <= 3R; and the same with the PDF (LibreOffice), for what a user with LibreOffice waits.

Prints per command the median wall time of the rounds, its ratio to R's median, the CPU time
(user + sys of the command and its children) and, for the nightly, the report files it rewrote
(content or modification time changed). The machine's load average is printed at the start and
the end: on a shared machine wall times follow it. Run on purpose, never in CI:

    .venv/bin/python benchmarks/bench_fixed_cost.py [--rounds 5] [--home DIR] [--code DIR]

`--code DIR`: run the commands from another checkout (its modules first on PYTHONPATH, this
virtualenv), e.g. an export of main, for a before/after in one run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.services import prefect_server  # noqa: E402

BIN = Path(sys.executable).parent
DEMO_DAY = "2026-12-06"


def files_of(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under `folder`: its modification time and content hash."""
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + sys, the command and its children) and exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        print(f"  ! {' '.join(command[-4:])}: exit {done.returncode}: {done.stderr.decode()[-400:]}", flush=True)
    return wall, cpu, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--home", type=Path, help="a demo home (default: built here, ~2 minutes)")
    parser.add_argument("--code", type=Path, help="run the commands from this checkout (PYTHONPATH)")
    args = parser.parse_args()
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-fixed-cost-") as tmp:
        root = Path(tmp)
        with prefect_server(root) as server:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("DVM_", "PREFECT_"))} | server
            code = (args.code or ROOT).resolve()  # `python -m` puts the working folder first on sys.path
            if args.code:
                env["PYTHONPATH"] = str(code)
            home = args.home or root / "home"
            dvm = [str(BIN / "python"), "-m", "dvm"]
            if args.home is None:
                print("demo bouwen ...", flush=True)
                subprocess.run(
                    [*dvm, "demo", "--vandaag", DEMO_DAY, "--home", str(home)],
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            loaded = sorted((home / "archive").glob("kcc_gesprekken_*.csv"))[-1]
            commands = {
                "R": [str(BIN / "python"), "-c", "import polars, prefect"],
                "nightly, nothing new": [*dvm, "nightly", "--home", str(home)],
                "ingest, a loaded file": [*dvm, "ingest", str(loaded), "--home", str(home)],
                "report 2026-Q4 Losser, checked version": [
                    *dvm,
                    "report",
                    "2026-Q4",
                    "--gemeente",
                    "Losser",
                    "--home",
                    str(home),
                ],
                "the same with its PDF": [*dvm, "report", "2026-Q4", "--gemeente", "Losser", "--home", str(home)],
            }
            no_pdf = env | {"DVM_REPORT__PDF": "false"}
            envs = dict.fromkeys(commands, env) | {"report 2026-Q4 Losser, checked version": no_pdf}
            # warm up: a report checks the version once (its configuration has no PDF: the nightly's
            # reports with one are then stale), the nightly then leaves fresh reports
            for name in ("report 2026-Q4 Losser, checked version", "nightly, nothing new"):
                timed(commands[name], envs[name], code)
            reports = home / "reports"
            walls: dict[str, list[float]] = {name: [] for name in commands}
            cpus: dict[str, list[float]] = {name: [] for name in commands}
            rewritten: list[int] = []
            for number in range(1, args.rounds + 1):
                for name, command in commands.items():
                    before = files_of(reports) if name.startswith("nightly") else {}
                    wall, cpu, _ = timed(command, envs[name], code)
                    if name.startswith("nightly"):
                        after = files_of(reports)
                        rewritten.append(sum(1 for f, v in after.items() if before.get(f) != v))
                    walls[name].append(wall)
                    cpus[name].append(cpu)
                print(f"round {number}: " + ", ".join(f"{walls[n][-1]:.2f}" for n in commands), flush=True)
    r = statistics.median(walls["R"])
    goals = {"nightly, nothing new": 2, "ingest, a loaded file": 1.5, "report 2026-Q4 Losser, checked version": 3}
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'command':42} {'wall s (median)':>16} {'runs':>28} {'x R':>6} {'goal':>6} {'CPU s':>6}")
    for name in commands:
        runs = ", ".join(f"{w:.2f}" for w in walls[name])
        median = statistics.median(walls[name])
        goal = f"{goals[name]:g}" if name in goals else ""
        print(f"{name:42} {median:16.2f} {runs:>28} {median / r:6.2f} {goal:>6} {statistics.median(cpus[name]):6.2f}")
    print(f"report files rewritten by the nightly with nothing new: {rewritten} (goal 0)")


if __name__ == "__main__":
    main()
