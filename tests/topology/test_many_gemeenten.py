"""The production topology, for real: PostgreSQL (Debian's binaries), a Prefect server on it, an S3
endpoint (moto in server mode) and a process work pool with two workers, all on loopback. The
deployments of deploy/gemeenten.prefect.yaml run one nightly per tenant (6 gemeenten in 5
tenants, Losser and Enschede sharing one KCC export) side by side into stores on S3, with a
concurrency limit on the KCC source; every gemeente's kpis.csv equals that of a run on one machine
with a local store. Then two workers commit to one S3 store at once: both loads end up in it once."""

from __future__ import annotations

import filecmp
import itertools
import subprocess
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterTags
from prefect.settings import PREFECT_API_URL, temporary_settings

from core.settings import load_settings
from flows.stores import open_store
from tests.services import BIN, create_bucket, gone, moto_s3, postgresql, prefect_server, wait_for, workers
from tests.topology.exports import TENANTS, tenant_toml, write_exports

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
POOL, TODAY = "dvm-gemeenten", date(2026, 8, 15)  # the nightly of 15 August refreshes 2026-Q3


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    root = tmp_path_factory.mktemp("topology")
    with (
        pytest.MonkeyPatch.context() as patch,
        moto_s3(root) as aws,
        postgresql(root / "pg") as database,
        prefect_server(root, database) as server_env,
    ):
        env = server_env | aws
        for key, value in aws.items():  # this process reads the stores on S3 too
            patch.setenv(key, value)
        create_bucket(aws, "dvm-gemeenten")
        with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}), get_client(sync_client=True) as client:
            client.create_work_pool(WorkPoolCreate(name=POOL, type="process"))
            # at most one KCC export read at a time, on both workers together (a tag limit)
            client.create_concurrency_limit(tag="bron:kcc", concurrency_limit=1)
        # the deployments as the file describes them, from this checkout instead of /opt/...
        spec = (ROOT / "deploy" / "gemeenten.prefect.yaml").read_text(encoding="utf-8")
        (root / "gemeenten.prefect.yaml").write_text(spec.replace("/opt/dienstverleningsmonitor", str(ROOT)))
        done = subprocess.run(
            [
                str(BIN / "prefect"),
                "--no-prompt",
                "deploy",
                "--all",
                "--prefect-file",
                str(root / "gemeenten.prefect.yaml"),
            ],
            env=env,
            cwd=ROOT,
            check=False,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        with (
            workers(env, POOL, 2, root, limit=2) as started,
            temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}),
        ):
            assert all(p.poll() is None for p in started)
            yield root
    # nothing left behind: no worker, no flow run of theirs, no server, no PostgreSQL, no moto
    assert gone(), gone.__doc__


def run_and_wait(client, deployment: str, parameters: dict, timeout: float = 240):
    run = client.create_flow_run_from_deployment(client.read_deployment_by_name(deployment).id, parameters=parameters)
    wait_for(lambda: client.read_flow_run(run.id).state.is_final(), deployment, timeout)  # noqa: PLW0108
    return client.read_flow_run(run.id)


def test_one_nightly_per_tenant_on_two_workers_into_s3_equals_one_machine(topology):
    root = topology
    tenants = root / "tenants"
    tenants.mkdir()
    for seed, (tenant, gemeenten) in enumerate(TENANTS.items()):
        home = root / "homes" / tenant
        write_exports(home / "inbox", gemeenten, seed)
        (tenants / f"{tenant}.toml").write_text(tenant_toml(home, f"s3://dvm-gemeenten/{tenant}", gemeenten))
    with get_client(sync_client=True) as client:
        began = time.monotonic()
        deployment = client.read_deployment_by_name("nightly-tenants/nachtrun-alle")
        fan_out = client.create_flow_run_from_deployment(
            deployment.id, parameters={"tenants": str(tenants), "today": str(TODAY)}
        )
        # meanwhile, in this process: the same exports through the same nightly on one machine,
        # each tenant with a local store
        from flows.nightly import nightly

        for seed, (tenant, gemeenten) in enumerate(TENANTS.items()):
            alone = load_settings(tenants / f"{tenant}.toml").model_copy(
                update={"home": root / "alone" / tenant, "store": None}
            )
            write_exports(alone.inbox, gemeenten, seed)
            nightly(settings=alone, today=TODAY)
        wait_for(lambda: client.read_flow_run(fan_out.id).state.is_final(), "nachtrun-alle", 240)
        took = time.monotonic() - began
        run = client.read_flow_run(fan_out.id)
        assert run.state.is_completed(), (run.state.message, _logs(root))
        per_tenant = client.read_deployment_by_name("nightly/nachtrun-gemeente")
        nightly_runs = [r for r in client.read_flow_runs() if r.deployment_id == per_tenant.id]
        assert len(nightly_runs) == len(TENANTS) and all(r.state.is_completed() for r in nightly_runs)
        # side by side: some tenants' nights overlapped in time
        spans = sorted((r.start_time, r.end_time) for r in nightly_runs)
        assert any(b[0] < a[1] for a, b in itertools.pairwise(spans)), spans
        # the KCC limit held: no two reads of a KCC export at once, on the two workers and in this
        # process together (each tenant's KCC export read twice: there and here)
        reads = client.read_task_runs(task_run_filter=TaskRunFilter(tags=TaskRunFilterTags(all_=["bron:kcc"])))
        assert len(reads) == 2 * len(TENANTS)
        intervals = sorted((r.start_time, r.end_time) for r in reads)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(intervals)), intervals

    for tenant, gemeenten in TENANTS.items():
        settings = load_settings(tenants / f"{tenant}.toml")
        store = open_store(settings)
        assert str(store) == f"s3://dvm-gemeenten/{tenant}" and store.version() == 0
        assert not settings.store_path.startswith(str(root))  # nothing of the store in a folder
        for gemeente in gemeenten:
            ours = settings.reports_path / gemeente / "2026-Q3" / "kpis.csv"
            theirs = root / "alone" / tenant / "reports" / gemeente / "2026-Q3" / "kpis.csv"
            assert filecmp.cmp(ours, theirs, shallow=False), (tenant, gemeente)
            rows = pl.read_csv(ours, infer_schema=False)
            assert rows.height > 0 and rows["gemeente"].unique().to_list() == [gemeente]
        # each tenant's folders hold its own gemeenten only, and its inbox went to its archive
        assert sorted(p.name for p in settings.reports_path.iterdir()) == sorted(gemeenten)
        assert list(settings.inbox.iterdir()) == [] and len(list(settings.archive_path.iterdir())) == 3
    print(f"nachtrun van {len(TENANTS)} huurders op 2 workers (naast de runs op één machine): {took:.1f} s")


def _logs(root: Path, tail: int = 3000) -> str:
    """The end of the workers' and the server's logs, for a failing assertion."""
    return "\n".join(
        f"== {log.name}\n{log.read_text(errors='replace')[-tail:]}"
        for log in sorted(root.glob("*.log"))
        if log.name.startswith(("worker-", "prefect-server"))
    )
