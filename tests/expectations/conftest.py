"""GX is imported and its ephemeral context built once per test session (expectations.gx_runner
caches it per process); this fixture only makes that cost show up once, at the start."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def gx_context():
    from expectations.gx_runner import _datasource

    return _datasource()
