"""Many gemeenten through the nightly on the production topology (README, "Running for many
gemeenten"): PostgreSQL, a Prefect server on it, an S3 endpoint (moto) and a process work pool with
two workers, all on loopback, started here as tests/topology starts them. N generated gemeenten,
each its own tenant (configuration, inbox, store on S3, reports), each a Losser-sized quarter of
exports (one KCC, Corsa and JCC export for July-September 2026: about 8,700 calls, 2,500 cases and
2,250 appointments), through `nachtrun-alle`; a KCC tag limit of 2.

Prints the wall time of `nachtrun-alle` (from its start to its end, all tenants' nights done), the
slowest and the median tenant's night (from its start on a worker to its end), and how long the
last tenant waited for a free worker slot. Run on purpose, never in CI:
    .venv/bin/python benchmarks/bench_gemeenten.py [--gemeenten 40] [--limit 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prefect.client.orchestration import get_client  # noqa: E402
from prefect.client.schemas.actions import WorkPoolCreate  # noqa: E402
from prefect.settings import PREFECT_API_URL, temporary_settings  # noqa: E402

from tests.services import create_bucket, deploy, moto_s3, postgresql, prefect_server, wait_for, workers  # noqa: E402
from tests.topology.exports import tenant_toml, write_exports  # noqa: E402

POOL, BUCKET, TODAY = "dvm-gemeenten", "dvm-gemeenten", date(2026, 9, 30)  # refreshes 2026-Q3
# a Losser-sized quarter (demo/: ~138 calls, ~40 cases, ~36 appointments per werkdag; 63 werkdagen)
CALLS, CASES, APPOINTMENTS = (8_500, 8_900), (2_400, 2_600), (2_150, 2_350)


def tenants(root: Path, count: int) -> tuple[Path, int]:
    """`count` tenants of one gemeente each; the folder of their configurations and the rows written."""
    folder = root / "tenants"
    folder.mkdir()
    rows = 0
    for number in range(1, count + 1):
        gemeente, prefix = f"Gemeente{number:02d}", f"G{number:02d}"
        home = root / "homes" / prefix.lower()
        files = write_exports(
            home / "inbox",
            {gemeente: prefix},
            seed=number,
            months=(7, 8, 9),
            calls=CALLS,
            cases=CASES,
            appointments=APPOINTMENTS,
        )
        rows += sum(len(f.read_bytes().splitlines()) - 1 for f in files)
        (folder / f"{prefix.lower()}.toml").write_text(
            tenant_toml(home, f"s3://{BUCKET}/{prefix.lower()}", {gemeente: prefix})
        )
    return folder, rows


def seconds(start: datetime | None, end: datetime | None) -> float:
    assert start is not None and end is not None, "een flow run zonder start- of eindtijd"
    return (end - start).total_seconds()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gemeenten", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=2, help="flow runs per worker at once")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="dvm-bench-gemeenten-"))
    started = time.monotonic()
    folder, rows = tenants(root, args.gemeenten)
    print(f"{args.gemeenten} gemeenten, {rows:,} rijen in exports geschreven in {time.monotonic() - started:.0f} s")
    with (
        moto_s3(root) as aws,
        postgresql(root / "pg") as database,
        prefect_server(root, database) as server_env,
    ):
        env = server_env | aws
        create_bucket(aws, BUCKET)
        with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}), get_client(sync_client=True) as client:
            client.create_work_pool(WorkPoolCreate(name=POOL, type="process"))
            client.create_concurrency_limit(tag="bron:kcc", concurrency_limit=2)
            with workers(env, POOL, args.workers, root, limit=args.limit):
                deploy(env, ROOT / "deploy" / "gemeenten.prefect.yaml", ROOT, root)
                fan_out = client.create_flow_run_from_deployment(
                    client.read_deployment_by_name("nightly-tenants/nachtrun-alle").id,
                    parameters={"tenants": str(folder), "today": str(TODAY)},
                )

                def done() -> bool:
                    state = client.read_flow_run(fan_out.id).state
                    return state is not None and state.is_final()

                wait_for(done, "nachtrun-alle", 3 * 3600)
                run = client.read_flow_run(fan_out.id)
                per_tenant = client.read_deployment_by_name("nightly/nachtrun-gemeente")
                nights = [r for r in client.read_flow_runs(limit=200) if r.deployment_id == per_tenant.id]
    if run.state is None or not run.state.is_completed() or len(nights) != args.gemeenten:
        print(f"nachtrun-alle: {run.state}; logs in {root}", file=sys.stderr)
        return 1
    wall = seconds(run.start_time, run.end_time)
    took = {r.parameters["config"].rsplit("/", 1)[-1]: seconds(r.start_time, r.end_time) for r in nights}
    slowest = max(took, key=took.__getitem__)
    waited = max(seconds(run.start_time, r.start_time) for r in nights)
    print(
        f"nachtrun-alle: {args.gemeenten} gemeenten op {args.workers} workers (limit {args.limit}): "
        f"{wall:.0f} s wandtijd; per gemeente mediaan {statistics.median(took.values()):.0f} s, "
        f"traagste {slowest.removesuffix('.toml')} {took[slowest]:.0f} s; de laatste begon {waited:.0f} s na de start"
    )
    shutil.rmtree(root, ignore_errors=True)  # kept when something failed: the logs are there
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
