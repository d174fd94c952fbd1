"""`dvm ingest` killed with SIGKILL leaves nothing running: the temporary Prefect server it
started dies with it (PR_SET_PDEATHSIG), no process of its group or its port remains."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, process group) of a live process; None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return int(fields[1]), fields[0], int(fields[2])


def descendants(pid: int) -> set[int]:
    parents = {int(p): s[0] for p in os.listdir("/proc") if p.isdigit() and (s := _stat(int(p)))}
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a killed child waiting to be reaped by init is dead)."""
    return (s := _stat(pid)) is not None and s[1] not in ("Z", "X")


def listening_ports(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        if parts[3] == "0A" and parts[9] in inodes:  # LISTEN
            ports.add(int(parts[1].split(":")[1], 16))
    return ports


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def test_sigkill_leaves_no_prefect_server_behind(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in ("kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv"):
        shutil.copy(FIXTURES / "kcc" / name, exports / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "DVM_"))}
    dvm = subprocess.Popen(
        [sys.executable, "-m", "dvm", "ingest", str(exports), "--home", str(tmp_path / "home")],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, ports, seen = time.monotonic() + 120, set(), set()
        while time.monotonic() < deadline and dvm.poll() is None:
            seen |= descendants(dvm.pid)
            ports = {port for child in seen if running(child) for port in listening_ports(child)}
            if any(answers(port) for port in ports):
                break
            time.sleep(0.1)
        assert dvm.poll() is None, "dvm ingest stopte voordat zijn server antwoordde"
        assert ports and seen, "geen tijdelijke Prefect-server gevonden"
        time.sleep(1)  # the flow is under way now
        seen |= descendants(dvm.pid)
        dvm.send_signal(signal.SIGKILL)
        dvm.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(running(p) for p in seen):
            time.sleep(0.05)
        assert not [p for p in seen if running(p)], "een proces van dvm leeft nog"
        # nothing in its process group (started as its own session), nothing on its port
        group = [
            int(p)
            for p in os.listdir("/proc")
            if p.isdigit() and (s := _stat(int(p))) and s[2] == dvm.pid and s[1] not in ("Z", "X")
        ]
        assert group == []
        for port in ports:
            with socket.socket() as probe, pytest.raises(OSError):
                probe.settimeout(1)
                probe.connect(("127.0.0.1", port))
    finally:
        if dvm.poll() is None:
            os.killpg(dvm.pid, signal.SIGKILL)
