#!/usr/bin/env bash
# usage: benchmarks/compare_figures.sh REPO OUTDIR
# The demo (a fixed day) and the reports 2025, 2026, 2026-Q3, 2025-07 (with the nightly's 2026-Q4) for both
# gemeenten, made by the checkout REPO (its .venv); every kpis.csv copied to OUTDIR as <gemeente>_<period>.csv.
# Run it for two checkouts and `cmp` the files: the figures of a change that should move none stay byte-identical.
set -eu
repo=$1; out=$2; home=$(mktemp -d /tmp/fig-home.XXXX)
cd "$repo"
export DVM_REPORT__PDF=false
.venv/bin/dvm demo --vandaag 2026-12-06 --home "$home" >/dev/null
for p in 2025 2026 2026-Q3 2025-07; do .venv/bin/dvm report $p --home "$home" >/dev/null; done
mkdir -p "$out"
for f in "$home"/reports/*/*/kpis.csv; do g=$(basename $(dirname $(dirname $f))); p=$(basename $(dirname $f)); cp "$f" "$out/${g}_${p}.csv"; done
ls "$out" | wc -l
