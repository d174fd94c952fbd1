"""One Prefect test harness (a real temporary API server) per test session."""

from __future__ import annotations

import pytest
from prefect.testing.utilities import prefect_test_harness


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    with prefect_test_harness(server_startup_timeout=120):
        yield


def pytest_collection_modifyitems(items):
    # Keep every flow test on one xdist worker, so the harness starts once.
    for item in items:
        if "tests/flows" in str(item.fspath):
            item.add_marker(pytest.mark.xdist_group("prefect"))
