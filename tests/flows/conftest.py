"""One Prefect test harness (a real temporary API server) per test session; the demo's home (`demo`,
built once per session: `dvm demo` takes minutes) and the demo's reports (`reports`), shared by the
modules that test on the demo (tests/flows/test_reports_on_demo.py, tests/flows/test_dashboard_on_demo.py;
both in the xdist group "demo", so they run on one worker and the demo is built once)."""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from core.periods import parse_period, quarter_of
from dvm.cli import run


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    with prefect_test_harness(server_startup_timeout=120):
        yield


def pytest_collection_modifyitems(items):
    # Keep every flow test on one xdist worker, so the harness starts once.
    for item in items:
        if "tests/flows" in str(item.fspath):
            item.add_marker(pytest.mark.xdist_group("prefect"))


@dataclass(frozen=True)
class Demo:
    home: Path
    today: date  # the demo's `--vandaag`
    said: str = ""  # what `dvm demo` printed

    @property
    def periods(self) -> dict[str, str]:
        """The year, the last complete quarter and a phase (last year and this year's first half)."""
        year = self.today.year
        last_quarter = quarter_of(quarter_of(self.today).start - timedelta(days=1)).label
        return {"jaar": str(year), "kwartaal": last_quarter, "fase": f"{year - 1}-01-01..{year}-06-30"}


def copy_of(home: Path, tmp_path: Path) -> Path:
    """A copy of a home for a test that changes it (a store, its archive and reports: ~200 MB, a second)."""
    return Path(shutil.copytree(home, tmp_path / "dvm", symlinks=True))


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    """`dvm demo`, once per session; read only (see the module's docstring)."""
    today = date.today()
    home = tmp_path_factory.mktemp("demo") / "dvm"
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out):
        mp.setenv("DVM_REPORT__PDF", "true")  # every report printed to PDF, as outside the tests
        assert run(["demo", "--home", str(home), "--vandaag", today.isoformat()]) == 0
    return Demo(home, today, out.getvalue())


def books(home: Path, period: str, gemeente: str = "Losser") -> Path:
    folder = home / "reports" / gemeente / parse_period(period).folder_name
    return folder / f"dienstverleningsmonitor_{gemeente}_{parse_period(period).folder_name}.xlsx"


@dataclass(frozen=True)
class Reports:
    home: Path
    books: dict[str, Path]  # by kind (KINDS)
    periods: dict[str, str]


@pytest.fixture(scope="session")
def reports(demo, tmp_path_factory) -> Reports:
    """A year, a quarter and a phase for Losser, at the demo's store version, printed to PDF, in a copy
    of the demo's home; read only."""
    home = copy_of(demo.home, tmp_path_factory.mktemp("reports"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DVM_REPORT__PDF", "true")
        for period in demo.periods.values():
            assert run(["report", period, "--gemeente", "Losser", "--home", str(home)]) == 0
    return Reports(home, {k: books(home, p) for k, p in demo.periods.items()}, demo.periods)
