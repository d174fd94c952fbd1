"""Great Expectations runs with its usage events off (GX_ANALYTICS_ENABLED=false), unless the user
said otherwise: set before GX is imported, in the package every GX import goes through."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = (
    "import os, sys\n"
    "from expectations.gx_runner import _datasource\n"
    "assert 'great_expectations' not in sys.modules\n"  # our package first, GX after
    "_datasource()\n"
    "print(os.environ.get('GX_ANALYTICS_ENABLED'), 'great_expectations' in sys.modules)\n"
)


def run(env: dict[str, str]) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "GX_ANALYTICS_ENABLED"} | env
    done = subprocess.run(
        [sys.executable, "-c", PROBE], check=True, capture_output=True, text=True, cwd=ROOT, env=environment
    )
    return done.stdout.strip()


def test_usage_events_are_off_where_gx_runs():
    assert run({}) == "false True"


def test_a_users_own_value_stays():
    assert run({"GX_ANALYTICS_ENABLED": "true"}) == "true True"
