"""A/B: the KCC reader of two source trees on one generated 1M-call export, interleaved.

`make bench` (10M calls) is too long to run for a reader change; this times what the reader change
touches, on one layout-true file of `--rows` calls (bench_kcc.generate_large), in fresh
subprocesses that alternate between the trees so that a busy machine hurts both alike:
`load_calls` (header, body, rules) and the ingest flow's `read_export` task function (hash, read,
rules, GX checks). `--short-row` appends one row with a field missing (the careful re-read).

    python benchmarks/ab_kcc_read.py OLD_TREE NEW_TREE [--rows 1000000] [--rounds 5] [--short-row]

A tree is a checkout (e.g. `git archive <commit> | tar -x -C /tmp/old`); both run with this venv.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import json, logging, sys, time
tree, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path[:0] = [tree, tree + "/benchmarks"]
logging.disable(logging.CRITICAL)
from pathlib import Path
from bench_kcc import LARGE_QUEUES
from core.settings import Settings
from flows.ingest import read_export
from sources.files import identify
from sources.kcc import load_calls
settings, p = Settings(home=Path(path).parent / "home", queues=LARGE_QUEUES), Path(path)
read_export.fn(p, settings)  # warm up: imports, the GX context
out = {"load_calls": [], "read_export": []}
for _ in range(repeat):
    t = time.perf_counter(); load_calls(identify(p), settings.profiles.kcc, settings.queues)
    out["load_calls"].append(time.perf_counter() - t)
    t = time.perf_counter(); read_export.fn(p, settings); out["read_export"].append(time.perf_counter() - t)
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--short-row", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_kcc import OUT, generate

    folder = OUT / f"ab_{args.rows}{'_short' if args.short_row else ''}"
    (path,) = generate(folder, args.rows, 1, date(2025, 1, 1), 28)
    if args.short_row and not (folder / ".short").exists():
        with path.open("a", encoding="utf-8") as fh:
            fh.write('99999999-B00,2025-01-14T05:58:58Z,ENS-KCC,14 0000,+31600000000,6,377,0,30,Answered,""\n')
        (folder / ".short").touch()
    times: dict[str, dict[str, list[float]]] = {"old": {}, "new": {}}
    for _ in range(args.rounds):
        for name, tree in (("old", args.old), ("new", args.new)):
            run = subprocess.run(
                [sys.executable, "-c", CHILD, str(Path(tree).resolve()), str(path), "3"],
                capture_output=True,
                text=True,
                cwd=tree,
                check=True,
            )
            for step, values in json.loads(run.stdout.strip().splitlines()[-1]).items():
                times[name].setdefault(step, []).extend(values)
    for name, steps in times.items():
        print(
            name,
            "  ".join(
                f"{step}: min {min(v):.2f} s, median {statistics.median(v):.2f} s (n={len(v)})"
                for step, v in steps.items()
            ),
        )


if __name__ == "__main__":
    main()
