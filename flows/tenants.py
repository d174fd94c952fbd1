"""Many gemeenten at once: one nightly run per tenant, on a work pool's workers, in parallel.

A tenant is a gemeente, or the gemeenten of one shared export source (Enschede's KCC export covers
Losser too): one configuration file each, in one folder (`DVM_TENANTS`), with its own `home` (inbox,
archive, quarantine, reports), `store` (a folder or s3://bucket/prefix), `gemeenten`, queues and
recipients. `nightly-tenants` starts the `nightly` deployment once per file and waits for all of
them; the workers run them side by side. A file that is not a valid configuration is named and
skipped: the other tenants still get their night.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from uuid import UUID

from prefect import flow, get_client
from prefect.client.schemas.objects import FlowRun, State
from prefect.deployments import run_deployment
from prefect.states import Completed, Failed

from core.errors import UserError
from core.settings import load_settings
from core.storage_url import location_key
from core.wording import count, dutch_list, shown
from flows.tasks import run_log

TENANT_DEPLOYMENT = "nightly/nachtrun-gemeente"  # flow/deployment that runs one tenant's night


def tenant_configs(folder: Path) -> list[Path]:
    """The tenants' configuration files (*.toml) in `folder`, by name."""
    if not folder.is_dir():
        raise UserError(f"map met gemeenteconfiguraties '{shown(str(folder), 200)}' bestaat niet")
    configs = sorted(folder.glob("*.toml"))
    if not configs:
        raise UserError(f"map met gemeenteconfiguraties '{shown(str(folder), 200)}' bevat geen .toml-bestanden")
    return configs


def checked(configs: list[Path]) -> tuple[list[Path], dict[str, str]]:
    """The configurations that load, and per file that does not the reason. Two tenants may not
    share a home or a store: each tenant's inbox, reports and store are its own."""
    good: list[Path] = []
    problems: dict[str, str] = {}
    homes: dict[str, str] = {}  # home folder -> the configuration that has it
    stores: dict[str, str] = {}  # store location -> the configuration that has it
    for config in configs:
        try:
            settings = load_settings(config)
        except UserError as exc:
            problems[config.name] = str(exc)
            continue
        # compared as locations, not as text: a trailing or double slash, or '..', is the same place
        home, store = location_key(settings.home), location_key(settings.store_path)
        if other := homes.get(home) or stores.get(store):
            problems[config.name] = f"deelt zijn werkmap of opslag met {other}; elke gemeente heeft een eigen"
            continue
        homes[home], stores[store] = config.name, config.name
        good.append(config)
    return good, problems


@flow(name="nightly-tenants")
def nightly_tenants(
    tenants: str | None = None,
    today: date | None = None,
    deployment: str = TENANT_DEPLOYMENT,
    poll_s: float = 2.0,
):
    """Start one nightly run per tenant configuration in `tenants` (default: DVM_TENANTS) and wait
    for all; completes when every tenant's night completed (also 'Deels afgekeurd')."""
    folder = Path(tenants or os.environ.get("DVM_TENANTS") or "tenants")
    good, problems = checked(tenant_configs(folder))
    log = run_log()
    for name, reason in problems.items():
        log.error("%s overgeslagen: %s", name, reason)
    runs: dict[str, UUID] = {}
    for config in good:
        run = run_deployment(
            deployment,
            parameters={"config": str(config.resolve()), "today": today},
            timeout=0,  # started, not awaited: the workers run them side by side
            tags=["dienstverleningsmonitor", f"gemeente:{config.stem}"],
        )
        assert isinstance(run, FlowRun)  # a sync flow gets the run itself
        runs[config.stem] = run.id
    states: dict[str, State] = {}
    with get_client(sync_client=True) as client:
        while len(states) < len(runs):
            for name, run_id in runs.items():
                state = client.read_flow_run(run_id).state
                if name not in states and state is not None and state.is_final():
                    states[name] = state
            if len(states) < len(runs):
                time.sleep(poll_s)
    outcome = {name: f"{state.type.value.lower()}: {state.name}" for name, state in sorted(states.items())}
    failed = sorted(name for name, state in states.items() if not state.is_completed())
    line = f"{count(len(runs) - len(failed), 'gemeente', 'gemeenten')} klaar" + (
        f"; mislukt: {dutch_list(failed)}" if failed else ""
    )
    if problems:
        line += f"; overgeslagen: {dutch_list(sorted(problems))}"
    log.info("nachtrun van alle gemeenten: %s", line)
    data = {"runs": outcome, "overgeslagen": problems}
    return Failed(message=line, data=data) if failed or problems else Completed(message=line, data=data)
