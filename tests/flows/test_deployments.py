"""The deployments as code and as prefect.yaml agree; a schedule in the DST hour is refused."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml
from prefect.client.schemas.schedules import CronSchedule
from pydantic import ValidationError

from core.settings import Settings, load_settings
from flows.deployments import deployments

ROOT = Path(__file__).resolve().parents[2]


def test_prefect_yaml_describes_the_same_deployments_as_dvm_serve(tmp_path):
    settings = load_settings(None, str(tmp_path))
    served = {d.name: d for d in deployments(settings)}
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    described = {d["name"]: d for d in spec["deployments"]}
    assert set(described) == set(served) == {"nightly", "rapport", "jaarbijlage", "prognose"}
    for name, d in described.items():
        module, _, attr = d["entrypoint"].partition(":")
        flow = getattr(importlib.import_module(module.removesuffix(".py").replace("/", ".")), attr)
        assert flow.name == served[name].flow_name, name
        crons = [(s["cron"], s["timezone"]) for s in d.get("schedules", [])]
        served_crons = []
        for s in served[name].schedules or []:
            assert isinstance(s.schedule, CronSchedule), name
            served_crons.append((s.schedule.cron, s.schedule.timezone))
        assert crons == served_crons, name


@pytest.mark.parametrize("cron", ["30 2 * * *", "0 1-3 * * *", "15 */2 * * *"])
def test_a_nightly_run_inside_the_dst_hour_is_refused(cron):
    with pytest.raises(ValidationError, match="tussen 02:00 en 03:00"):
        Settings(schedule={"nightly_cron": cron})


def test_a_schedule_outside_the_dst_hour_is_accepted():
    assert Settings(schedule={"nightly_cron": "45 3 * * 1-5"}).schedule.nightly_cron == "45 3 * * 1-5"


@pytest.mark.parametrize("prefect_file", ["prefect.yaml", "deploy/gemeenten.prefect.yaml"])
def test_a_workers_flow_runs_get_the_allocators_a_command_sets_itself(prefect_file):
    # a worker starts each flow run in a process of its own, with the job's environment: the allocators
    # are set there as dvm/cli.py sets them for a command (the workers are Linux machines: /opt/...)
    from dvm.cli import allocator_environment

    spec = yaml.safe_load((ROOT / prefect_file).read_text(encoding="utf-8"))
    for d in spec["deployments"]:
        assert d["work_pool"]["job_variables"]["env"] == allocator_environment("linux"), d["name"]
