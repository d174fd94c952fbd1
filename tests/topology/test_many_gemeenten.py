"""The production topology, for real: PostgreSQL (Debian's binaries), a Prefect server on it, an S3
endpoint (moto in server mode) and a process work pool with two workers, all on loopback.

- The deployments of deploy/gemeenten.prefect.yaml run one nightly per tenant (5 gemeenten in 4
  tenants, Losser and Enschede sharing Enschede's KCC export) side by side into stores on S3, with a
  concurrency limit on the KCC source; every gemeente's kpis.csv equals that of a run on one machine
  with a local store.
- Two workers run a nightly each into one S3 store at the same time (the same KCC export in both
  inboxes): each load is in the store exactly once."""

from __future__ import annotations

import filecmp
import itertools
import shutil
import time
from datetime import date
from pathlib import Path
from uuid import UUID

import openpyxl
import polars as pl
import pytest
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterTags
from prefect.settings import PREFECT_API_URL, temporary_settings

from core.settings import load_settings
from dvm.cli import allocator_environment
from flows.stores import SOURCES, open_store
from tests.services import (
    STARTED,
    create_bucket,
    deploy,
    gone,
    moto_s3,
    postgresql,
    prefect_server,
    report_to_this_api,
    wait_for,
    workers,
)
from tests.topology.exports import TENANTS, tenant_toml, write_exports

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("topology")]  # one topology, on one xdist worker
ROOT = Path(__file__).resolve().parents[2]
POOL, BUCKET, TODAY = "dvm-gemeenten", "dvm-gemeenten", date(2026, 8, 15)  # 15 August refreshes 2026-Q3


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    root = tmp_path_factory.mktemp("topology")
    before = len(STARTED)
    with (
        pytest.MonkeyPatch.context() as patch,
        moto_s3(root) as aws,
        postgresql(root / "pg") as database,
        prefect_server(root, database) as server_env,
    ):
        env = server_env | aws
        for key, value in aws.items():  # this process reads the stores on S3 too
            patch.setenv(key, value)
        create_bucket(aws, BUCKET)
        with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}), get_client(sync_client=True) as client:
            client.create_work_pool(WorkPoolCreate(name=POOL, type="process"))
            for queue in ("worker-1", "worker-2"):  # a queue per worker besides default: see test 2
                client.create_work_queue(queue, work_pool_name=POOL)
            # at most one KCC export read at a time, on both workers together (a tag limit)
            client.create_concurrency_limit(tag="bron:kcc", concurrency_limit=1)
        with workers(env, POOL, 2, root, limit=2, queues=["default"]) as started:  # starting while we deploy
            # the deployments as the file describes them, from this checkout instead of /opt/...
            deploy(env, ROOT / "deploy" / "gemeenten.prefect.yaml", ROOT, root)
            with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}):
                assert all(p.poll() is None for p in started)
                report_to_this_api()  # this process's reference runs are recorded here too
                yield root
                report_to_this_api()  # and later tests' runs no longer here
    # nothing left behind: no worker, no flow run of theirs, no server, no PostgreSQL, no moto
    assert gone(STARTED[before:]), gone.__doc__


def finished(client: SyncPrefectClient, run_id: UUID) -> bool:
    state = client.read_flow_run(run_id).state
    return state is not None and state.is_final()


def spans(runs) -> list[tuple]:
    return sorted((r.start_time, r.end_time) for r in runs)


def workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None)


def test_one_nightly_per_tenant_on_two_workers_into_s3_equals_one_machine(topology):
    root = topology
    tenants = root / "tenants"
    tenants.mkdir()
    for seed, (tenant, gemeenten) in enumerate(TENANTS.items()):
        home = root / "homes" / tenant
        write_exports(home / "inbox", gemeenten, seed)
        (tenants / f"{tenant}.toml").write_text(tenant_toml(home, f"s3://{BUCKET}/{tenant}", gemeenten))
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
        wait_for(lambda: finished(client, fan_out.id), "nachtrun-alle", 300)
        took = time.monotonic() - began
        run = client.read_flow_run(fan_out.id)
        assert run.state is not None and run.state.is_completed(), (run.state, _logs(root))
        per_tenant = client.read_deployment_by_name("nightly/nachtrun-gemeente")
        # the workers start each flow run with the allocators a command sets for itself
        assert per_tenant.job_variables["env"] == allocator_environment("linux")
        nightly_runs = [r for r in client.read_flow_runs() if r.deployment_id == per_tenant.id]
        assert len(nightly_runs) == len(TENANTS)
        assert all(r.state is not None and r.state.is_completed() for r in nightly_runs)
        # side by side: some tenants' nights overlapped in time
        assert any(b[0] < a[1] for a, b in itertools.pairwise(spans(nightly_runs))), spans(nightly_runs)
        # the KCC limit held: no two reads of a KCC export at once, on the two workers and in this
        # process together (each tenant's KCC export read twice: there and here)
        # (the server records task runs from their events, a moment after they ran)
        kcc = TaskRunFilter(tags=TaskRunFilterTags(all_=["bron:kcc"]))

        def recorded() -> bool:
            runs = client.read_task_runs(task_run_filter=kcc)
            return len(runs) >= 2 * len(TENANTS) and all(r.end_time is not None for r in runs)

        wait_for(recorded, "KCC-taken vastgelegd", 60)
        reads = client.read_task_runs(task_run_filter=kcc)
        assert len(reads) == 2 * len(TENANTS)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans(reads))), spans(reads)

    for tenant, gemeenten in TENANTS.items():
        settings = load_settings(tenants / f"{tenant}.toml")
        store = open_store(settings)
        assert str(store) == f"s3://{BUCKET}/{tenant}" and store.version() == 0
        for gemeente in gemeenten:
            ours = settings.reports_path / gemeente / "2026-Q3" / "kpis.csv"
            theirs = root / "alone" / tenant / "reports" / gemeente / "2026-Q3" / "kpis.csv"
            assert filecmp.cmp(ours, theirs, shallow=False), (tenant, gemeente)
            rows = pl.read_csv(ours, infer_schema=False)
            assert rows.height > 0 and rows["gemeente"].unique().to_list() == [gemeente]
        # each tenant's folders hold its own gemeenten only, and its inbox went to its archive
        assert sorted(p.name for p in settings.reports_path.iterdir()) == sorted(gemeenten)
        assert list(settings.inbox.iterdir()) == [] and len(list(settings.archive_path.iterdir())) == 3
    # the shared KCC export: Losser's workbook holds nothing of Enschede's (Enschede is named only as
    # the one who runs the KCC platform, in the source line)
    losser = root / "homes" / "kcc-enschede" / "reports" / "Losser" / "2026-Q3"
    text = workbook_text(losser / "dienstverleningsmonitor_Losser_2026-Q3.xlsx")
    assert "Losser" in text and "ENS-" not in text
    assert "Enschede" not in text.replace("beheerd door gemeente Enschede", "")
    print(f"nachtrun van {len(TENANTS)} huurders op 2 workers (naast de runs op één machine): {took:.1f} s")


def test_two_workers_committing_to_one_s3_store_at_once_each_load_once(topology):
    """Two tenants' nights on the two workers at once (each run sent to one worker by its queue),
    into one store on S3; the same KCC export lies in both inboxes. One writer at a time (the lease in
    the store), and a load that finds its file already loaded skips it: every file once."""
    root = topology / "writers"
    shared = f"s3://{BUCKET}/gedeeld"
    configs: list[Path] = []
    expected: dict[str, Path] = {}
    for number, (gemeente, prefix, stamp) in enumerate((("Hengelo", "HEN", "20260801"), ("Borne", "BOR", "20260802"))):
        home = root / prefix.lower()
        files = write_exports(home / "inbox", {gemeente: prefix}, seed=10 + number, stamp=stamp)
        expected |= {f.name: f for f in files}
        config = root / f"{prefix.lower()}.toml"
        config.write_text(tenant_toml(home, shared, {gemeente: prefix}))
        configs.append(config)
    # Hengelo's KCC export also in Borne's inbox (a shared export): loaded by whichever is first
    kcc = next(f for f in expected.values() if f.name == "kcc_gesprekken_20260801.csv")
    shutil.copy(kcc, root / "bor" / "inbox" / kcc.name)

    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name("nightly/nachtrun-gemeente")
        runs = [
            client.create_flow_run_from_deployment(
                deployment.id,
                parameters={"config": str(config), "today": str(TODAY)},
                work_queue_name=f"worker-{number}",
            )
            for number, config in enumerate(configs, 1)
        ]
        for run in runs:
            wait_for(lambda run=run: finished(client, run.id), "nachtrun-gemeente", 240)
        done = [client.read_flow_run(run.id) for run in runs]
    assert all(r.state is not None and r.state.is_completed() for r in done), ([r.state for r in done], _logs(topology))
    # each on its own worker, and at the same time
    for number, run in enumerate(done, 1):
        assert f"submitting flow run '{run.id}'" in (topology / f"worker-{number}.log").read_text(), number
    first, second = spans(done)
    assert second[0] < first[1], spans(done)

    store = open_store(load_settings(configs[0]))
    ledger = store.ledger()
    # two loads, two store versions; every file in the ledger once, the shared one too
    assert store.version() == 1
    assert sorted(ledger["bron_bestand"].to_list()) == sorted(expected)
    assert ledger["bron_hash"].n_unique() == ledger.height == 6
    assert ledger["run_id"].n_unique() == 2
    # every record once: per table as many rows as the ledger says were loaded, each key once
    for source in ("kcc", "corsa", "jcc"):  # the sources write_exports writes
        spec = SOURCES[source]
        table = store.read(spec.table.name).collect()
        loaded = ledger.filter(pl.col("bron") == source)["rijen_geladen"].sum()
        assert table.height == loaded > 0 and table[spec.table.key].n_unique() == loaded, source
        assert all(table[spec.table.key].str.contains(prefix).any() for prefix in ("HEN", "BOR")), source


def _logs(root: Path, tail: int = 3000) -> str:
    """The end of the workers' and the server's logs, for a failing assertion."""
    return "\n".join(
        f"== {log.name}\n{log.read_text(errors='replace')[-tail:]}"
        for log in sorted(root.glob("*.log"))
        if log.name.startswith(("worker-", "prefect-server"))
    )
