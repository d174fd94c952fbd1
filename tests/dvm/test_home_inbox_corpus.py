"""A corpus of bad working folders and inboxes: one Dutch line, the documented exit code, at
once (a nightly run without an inbox used to retry for 110 s and end in four tracebacks)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.dvm.conftest import one_dutch_line


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write in: a read-only tmpfs when we are root (root ignores file
    modes), else a folder without write permission."""
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], capture_output=True, check=False
        )
        if done.returncode != 0:
            pytest.skip(f"kan geen tmpfs aankoppelen: {done.stderr.decode(errors='replace').strip()}")
        yield folder
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_nightly_without_an_inbox_is_said_at_once(dvm, tmp_path):
    home = tmp_path / "home"
    home.mkdir()  # installed, but the inbox (a network share) is not there
    one_dutch_line(
        dvm("nightly", "--home", str(home)),
        2,
        f"inbox '{home / 'inbox'}' bestaat niet; maak de map aan of koppel de share",
    )


def test_nightly_with_an_inbox_that_is_a_file(dvm, tmp_path):
    (tmp_path / "inbox").write_text("")
    one_dutch_line(dvm("nightly", "--home", str(tmp_path)), 2, "inbox", max_seconds=3)
    assert "is geen map" in dvm("nightly", "--home", str(tmp_path)).err


@pytest.mark.parametrize("command", [["nightly"], ["ingest", "{exports}"], ["report", "2026-Q3"], ["demo"]])
def test_a_home_that_is_a_file(dvm, tmp_path, exports, command):
    home = tmp_path / "home.txt"
    home.write_text("geen map")
    args = [a.format(exports=exports) for a in command]
    one_dutch_line(dvm(*args, "--home", str(home)), 2, f"werkmap '{home}' is een bestand, geen map")


def test_a_read_only_home(dvm, exports, read_only_folder):
    one_dutch_line(
        dvm("ingest", str(exports), "--home", str(read_only_folder)),
        2,
        f"werkmap '{read_only_folder}' is niet schrijfbaar",
    )


def test_a_home_inside_a_read_only_folder(dvm, exports, read_only_folder):
    one_dutch_line(dvm("ingest", str(exports), "--home", str(read_only_folder / "dvm")), 2, "is niet schrijfbaar")


def test_a_home_with_a_nul_byte(dvm, exports):
    one_dutch_line(
        dvm("ingest", str(exports), "--home", "/tmp/dvm\x00home"), 2, "werkmap '/tmp/dvm\\x00home' bevat een NUL-teken"
    )


@pytest.mark.parametrize(
    ("path", "code", "fragment"),
    [
        ("/nonexistent/folder", 2, "'/nonexistent/folder' bestaat niet of is geen bestand of map"),
        ("/tmp/a\x00b", 2, "pad '/tmp/a\\x00b' bevat een NUL-teken"),
    ],
)
def test_an_export_path_that_cannot_be_read(dvm, tmp_path, path, code, fragment):
    one_dutch_line(dvm("ingest", path, "--home", str(tmp_path)), code, fragment)


def test_an_empty_export_folder_produces_nothing(dvm, tmp_path):
    empty = tmp_path / "leeg"
    empty.mkdir()
    said = dvm("ingest", str(empty), "--home", str(tmp_path / "home"))
    one_dutch_line(said, 3, f"geen bestanden gevonden in '{empty}'")


def test_an_export_folder_that_cannot_be_listed(dvm, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root kan elke map lezen")
    closed = tmp_path / "dicht"
    closed.mkdir(mode=0)
    try:
        one_dutch_line(dvm("ingest", str(closed), "--home", str(tmp_path / "home")), 2, "niet leesbaar")
    finally:
        closed.chmod(0o755)


def test_a_config_in_the_environment_that_is_gone(dvm, tmp_path, monkeypatch):
    monkeypatch.setenv("DVM_CONFIG", str(tmp_path / "weg.toml"))
    one_dutch_line(dvm("nightly", "--home", str(tmp_path)), 2, "bestaat niet")


def test_a_home_from_the_environment(dvm, tmp_path, monkeypatch):
    monkeypatch.setenv("DVM_HOME", str(tmp_path / "file"))
    Path(tmp_path / "file").write_text("")
    one_dutch_line(dvm("nightly"), 2, "is een bestand, geen map")
