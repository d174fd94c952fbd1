"""`dvm serve` against a real Prefect server: the deployments are registered, the report
deployment runs with parameters given through the API, and the nightly schedule fires at the
configured local time around both daylight-saving changes."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from prefect.client.orchestration import get_client
from prefect.server.schemas.schedules import CronSchedule
from prefect.settings import PREFECT_API_URL, temporary_settings

from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow
AMS = ZoneInfo("Europe/Amsterdam")
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"{what}: niet binnen {timeout} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real Prefect server on 127.0.0.1, free port, its own PREFECT_HOME (SQLite)."""
    root = tmp_path_factory.mktemp("prefect")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DVM_"))}
    env |= {
        "PREFECT_HOME": str(root / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        wait_for(lambda: urllib.request.urlopen(f"{url}/health", timeout=2).status == 200, "Prefect-server")
        yield url, env | {"PREFECT_API_URL": url}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


@pytest.fixture(scope="module")
def served(server, tmp_path_factory):
    """A loaded store and `dvm serve` running against the server."""
    url, env = server
    home = tmp_path_factory.mktemp("dvm") / "home"
    exports = home.parent / "exports"
    exports.mkdir()
    for name in ("kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv"):
        shutil.copy(FIXTURES / "kcc" / name, exports / name)
    subprocess.run(
        [str(BIN / "dvm"), "ingest", str(exports), "--home", str(home)],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    log = home.parent / "serve.log"
    proc = subprocess.Popen(
        [str(BIN / "dvm"), "serve", "--home", str(home)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "wb"),  # noqa: SIM115 (closed with the process)
        start_new_session=True,
    )
    try:
        with temporary_settings({PREFECT_API_URL: url}), get_client(sync_client=True) as client:

            def registered():
                if proc.poll() is not None:  # dvm serve died: say why instead of waiting
                    raise AssertionError(f"dvm serve stopte: {log.read_text(errors='replace')[-2000:]}")
                try:  # serve registers them one by one: wait for all three
                    return all(
                        client.read_deployment_by_name(name) is not None
                        for name in ("report/rapport", "nightly/nightly", "annual-appendix/jaarbijlage")
                    )
                except Exception:
                    return False

            wait_for(registered, "deployments van dvm serve")
            yield client, home
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def test_the_report_deployment_runs_with_parameters_from_the_api(served):
    client, home = served
    deployment = client.read_deployment_by_name("report/rapport")
    run = client.create_flow_run_from_deployment(
        deployment.id, parameters={"period": "2026-07", "gemeente": ["Losser"]}
    )
    wait_for(lambda: client.read_flow_run(run.id).state.is_final(), "rapport-run", timeout=300)  # noqa: PLW0108 (reads the run again on every poll)
    state = client.read_flow_run(run.id).state
    assert state.is_completed(), state.message
    assert (home / "reports" / "Losser" / "2026-07" / "dienstverleningsmonitor_Losser_2026-07.xlsx").exists()


def test_a_period_that_is_not_one_is_refused_in_one_dutch_line_without_a_traceback(served):
    # the form shows Dutch titles and no regular expression; the run refuses the period in its first
    # second, in Dutch, in its state (what the UI shows), and the log of dvm serve has no traceback
    client, home = served
    deployment = client.read_deployment_by_name("report/rapport")
    fields = deployment.parameter_openapi_schema["properties"]
    assert fields["period"]["title"] == "Periode" and "pattern" not in fields["period"]
    run = client.create_flow_run_from_deployment(deployment.id, parameters={"period": "volgende week"})
    wait_for(lambda: client.read_flow_run(run.id).state.is_final(), "rapport-run", timeout=300)  # noqa: PLW0108 (reads the run again on every poll)
    state = client.read_flow_run(run.id).state
    assert state.is_failed() and state.message.startswith("periode 'volgende week' niet herkend; verwacht een maand")
    log = (home.parent / "serve.log").read_text(errors="replace")
    assert "Traceback" not in log and "UserError" not in log, log[-3000:]


def test_the_deployments_and_the_nightly_schedule_around_dst(served):
    client, _ = served
    for name in ("nightly/nightly", "report/rapport", "annual-appendix/jaarbijlage"):
        assert client.read_deployment_by_name(name)
    nightly = client.read_deployment_by_name("nightly/nightly")
    (schedule,) = [s.schedule for s in nightly.schedules]
    assert (schedule.cron, schedule.timezone) == ("30 5 * * *", "Europe/Amsterdam")
    cron = CronSchedule(cron=schedule.cron, timezone=schedule.timezone)
    for start in (datetime(2027, 3, 26, tzinfo=AMS), datetime(2027, 10, 29, tzinfo=AMS)):
        runs = asyncio.run(cron.get_dates(n=4, start=start))
        local = [r.astimezone(AMS) for r in runs]
        # every night at 05:30 local time, also on the night the clocks change
        # (the clocks change on Sunday 28 March and Sunday 31 October 2027)
        assert [(d.date(), d.hour, d.minute) for d in local] == [
            (start.date() + timedelta(days=i), 5, 30) for i in range(4)
        ]
        # so in UTC the run moves by an hour across the change (03:30 in summer, 04:30 in winter)
        assert len({r.astimezone(ZoneInfo("UTC")).hour for r in runs}) == 2


def test_a_served_nightly_run_with_a_bad_file_ends_as_partly_rejected(served):
    client, home = served
    (home / "inbox").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260704.csv", home / "inbox")  # two columns missing
    deployment = client.read_deployment_by_name("nightly/nightly")
    run = client.create_flow_run_from_deployment(deployment.id, parameters={"today": "2026-08-15"})
    wait_for(lambda: client.read_flow_run(run.id).state.is_final(), "nachtrun", timeout=300)  # noqa: PLW0108 (reads the run again on every poll)
    state = client.read_flow_run(run.id).state
    # what the UI shows: completed, named "Deels afgekeurd", the count in the message
    assert (state.type.value, state.name) == ("COMPLETED", "Deels afgekeurd"), state.message
    assert state.message == "0 bestanden geladen (0 rijen samengevoegd), 1 bestand afgewezen"
    assert (home / "quarantine" / "kcc_gesprekken_20260704.csv").exists()
