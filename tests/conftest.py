"""Shared test setup: quiet, offline Prefect; paths to fixtures and real data; a real SMTP server."""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Printing a workbook to PDF takes LibreOffice ~5 s; only the tests of the print and of the mail ask for it
# (`printing_pdfs`), the others check the workbook and kpis.csv.
os.environ.setdefault("DVM_REPORT__PDF", "false")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under xdist, the slow tests first. `--dist loadgroup` hands out the xdist groups first, those
    with the most tests first (tests/test_xdist_groups.py checks that a group stays on one worker), then the other
    tests in collection order: with the slow ones first, the run ends on quick tests that both workers
    share out, not on a test of a minute that one worker runs while the other idles. A run without
    xdist keeps the collection order."""
    if hasattr(config, "workerinput"):  # an xdist worker: the order it collects is the order handed out
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable


def mapped(records, settings):
    """Calls as the store keeps them (the queue as exported) with the configuration's queue mapping
    applied, as the figures see them (transforms/queues.py)."""
    from transforms.queues import mapped_calls

    return mapped_calls(records.lazy(), settings.figure_context()).collect()


@pytest.fixture
def printing_pdfs(monkeypatch):
    """Reports in this test are printed to PDF beside the workbook, as they are outside the tests."""
    monkeypatch.setenv("DVM_REPORT__PDF", "true")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@dataclass
class Said:
    code: int
    out: str
    err: str
    seconds: float


@pytest.fixture
def dvm(capsys, monkeypatch):
    """Run `dvm ARGS` in this process (`dvm.cli.run`); what it printed and its exit code.
    Here, not in tests/dvm/conftest.py: the tests of tests/flows run the command line too."""
    from dvm.cli import run

    monkeypatch.delenv("DVM_CONFIG", raising=False)
    monkeypatch.delenv("DVM_HOME", raising=False)

    def call(*args: str) -> Said:
        capsys.readouterr()
        start = time.monotonic()
        code = run(list(args))
        seconds = time.monotonic() - start
        out, err = capsys.readouterr()
        return Said(code, out, err, seconds)

    return call


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Inbox:
    """What a real SMTP server (aiosmtpd) on loopback received."""

    port: int
    received: list = field(default_factory=list)  # (envelope recipients, parsed message)

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    @property
    def delivery_toml(self) -> str:
        """The `[delivery]` table of a configuration that mails through this server."""
        return f'[delivery]\nsmtp_host = "127.0.0.1"\nsmtp_port = {self.port}\nstarttls = false\n'


@pytest.fixture
def smtp_server():
    """A plain SMTP server on 127.0.0.1 (aiosmtpd), started for the test."""
    inbox = Inbox(free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """An S3 endpoint on 127.0.0.1 (moto in server mode) for the session: the AWS_* environment for it."""
    from tests.services import moto_s3

    with moto_s3(tmp_path_factory.mktemp("moto")) as aws:
        yield aws


@pytest.fixture
def s3_bucket(s3_endpoint, monkeypatch) -> str:
    """A new bucket on the S3 endpoint, with the environment pointing at it: its s3:// URI."""
    from uuid import uuid4

    from tests.services import create_bucket

    for key, value in s3_endpoint.items():
        monkeypatch.setenv(key, value)
    bucket = f"dvm-{uuid4().hex[:12]}"
    create_bucket(s3_endpoint, bucket)
    return f"s3://{bucket}"
