"""What every bad input on the command line (run in-process with the `dvm` fixture of
tests/conftest.py) must get: exactly one Dutch line on stderr, no traceback, the documented exit
code, and quickly (before Prefect)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from core.settings import load_settings
from flows.stores import SOURCES, open_store
from sources.files import identify
from sources.quarantine import rejected_file
from store.delta_store import Load
from tests.conftest import FIXTURES, Said

# English that argparse, pydantic, tomllib or Python would have written
ENGLISH = re.compile(
    r"\b(error|usage|invalid|expected|required|input should|not found|no such|"
    r"traceback|exception|unrecognized|choose from|field)\b",
    re.IGNORECASE,
)


def one_dutch_line(said: Said, code: int, fragment: str = "", max_seconds: float | None = 3.0) -> str:
    """The one line on stderr; asserts the rules every bad input must meet."""
    assert "Traceback" not in said.out + said.err, said.err
    lines = said.err.splitlines()
    assert len(lines) == 1, f"verwacht precies één regel op stderr, gevonden {len(lines)}: {said.err!r}"
    line = lines[0]
    assert line.startswith("fout: "), line
    assert said.code == code, (said.code, line)
    assert not ENGLISH.search(line), f"Engels in de melding: {line}"
    assert not re.search(r"\[['\"]", line), f"Python-lijst in de melding: {line}"
    assert fragment in line, f"{fragment!r} niet in {line!r}"
    if max_seconds is not None:
        assert said.seconds < max_seconds, f"{said.seconds:.1f} s voor een foute invoer: {line}"
    return line


def load_fixture_files(home: Path, *names: str) -> int:
    """Load KCC fixture files into the store of `home` through the real reader and store,
    without Prefect (the flows are tested in tests/flows). Returns the store version."""
    settings = load_settings(home=home)
    loads = []
    for name in names:
        file = identify(FIXTURES / "kcc" / name)
        batch = SOURCES["kcc"].read(file, settings)
        loads.append(
            Load("kcc", file.name, file.sha256, file.stamp, "calls", batch.records, batch.quarantine, batch.rows_read)
        )
    version = open_store(settings).commit(loads, "test").store_version
    assert version is not None  # a commit with loads makes a version
    return version


def reject_a_file(home: Path) -> int:
    """A store whose only file was rejected: a version, but no records."""
    file = identify(FIXTURES / "kcc" / "kcc_gesprekken_20260706.csv")
    load = Load(
        "kcc",
        file.name,
        file.sha256,
        file.stamp,
        None,
        None,
        rejected_file("kcc", file.name, file.sha256, "bestand is leeg"),
        0,
    )
    version = open_store(load_settings(home=home)).commit([load], "test").store_version
    assert version is not None  # a rejected file is in the ledger: a version
    return version


@pytest.fixture(scope="session")
def loaded_home(tmp_path_factory) -> Path:
    """A working folder whose store holds two KCC exports (versions 0 and 1; Losser and Enschede)."""
    home = tmp_path_factory.mktemp("geladen") / "home"
    load_fixture_files(home, "kcc_gesprekken_20260702.csv")
    load_fixture_files(home, "kcc_gesprekken_20260703T0600.csv")
    return home


@pytest.fixture
def exports(tmp_path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", folder)
    return folder
