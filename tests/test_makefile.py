"""The Makefile as a newcomer meets it: `make demo` installs what the program needs and says, before
it starts, that the first time takes a while; `make test` adds the test extras (make -n: what would run)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make ontbreekt")


def planned(target: str, venv: Path) -> str:
    """The commands `make TARGET` would run for a checkout without a virtual environment."""
    done = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def test_the_demo_installs_the_program_without_the_test_extras_and_says_how_long_it_takes(tmp_path):
    plan = planned("demo", tmp_path / "venv")
    installs = [line for line in plan.splitlines() if "uv pip install" in line or "--constraint" in line]
    assert installs and all("[test]" not in line for line in installs), installs
    assert any(line.rstrip().endswith("-e .") for line in installs), installs
    said = [line for line in plan.splitlines() if line.startswith("echo ")]
    assert said and "de eerste keer duurt dat 1 tot enkele minuten" in said[0], said
    assert plan.index(said[0]) < plan.index("uv pip install")  # said before it starts


def test_the_tests_add_the_test_extras(tmp_path):
    plan = planned("test", tmp_path / "venv")
    assert "-e '.[test]'" in plan and "testgereedschappen" in plan
