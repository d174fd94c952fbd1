"""How a command's process runs its flows and ends (dvm/cli.py `_prefect`, `main`): no heartbeat
thread to wait for at the end of each flow run, the exit handlers still run (Prefect's log and event
workers drain in them), and the exit code is the command's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

from dvm.cli import _prefect


def test_a_commands_flow_runs_send_no_heartbeats():
    # Prefect joins a flow run's heartbeat thread at the run's end, and that thread sleeps in steps of a
    # second: each run of a command waited up to a second for it. A served run keeps Prefect's default.
    assert get_current_settings().flows.heartbeat_frequency is not None
    with (
        temporary_settings({PREFECT_API_URL: "http://127.0.0.1:9/api"}),
        _prefect(verbose=False),
    ):  # named: no server started
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency is not None


def test_the_exit_handlers_run_and_the_exit_code_is_the_commands():
    # main ends the process with os._exit after the command (no teardown of the interpreter): what was
    # registered to run at exit runs first, printed output is flushed, and the code is the command's
    # (2: a period that does not exist)
    program = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('afgesloten'))\n"
        "sys.argv = ['dvm', 'report', '2026-13']\n"
        "from dvm.cli import main\n"
        "print('voor')\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stdout.splitlines() == ["voor", "afgesloten"]
    assert "maand 13 bestaat niet" in done.stderr


def test_a_command_sets_polars_allocator_before_polars_is_imported_unless_the_environment_does():
    # jemalloc reads _RJEM_MALLOC_CONF once, when polars is first imported: so the command line's module
    # must not import polars, and main sets it first; an operator's own setting is left as it is
    from dvm.cli import JEMALLOC_CONF

    program = (
        "import atexit, os, sys\n"
        "from dvm.cli import main\n"
        "assert 'polars' not in sys.modules\n"
        "atexit.register(lambda: print(os.environ['_RJEM_MALLOC_CONF']))\n"
        "sys.argv = ['dvm', 'report', '2026-13']\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    for own, expected in ((None, JEMALLOC_CONF), ("dirty_decay_ms:100", "dirty_decay_ms:100")):
        run_env = env if own is None else {**env, "_RJEM_MALLOC_CONF": own}
        done = subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=False, env=run_env
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout.strip().splitlines()[-1] == expected


@pytest.mark.skipif(sys.platform != "linux", reason="pyarrow's jemalloc is asked for on Linux only")
def test_a_command_has_arrow_allocate_with_jemalloc_set_as_polars_unless_the_environment_says_otherwise():
    # Arrow picks its allocator, and its jemalloc reads JE_ARROW_MALLOC_CONF, when pyarrow first
    # allocates: so the command line's module must not import pyarrow, and main sets both first. What
    # Arrow then allocates with is asked of pyarrow itself, after the command (its default: mimalloc)
    from dvm.cli import JEMALLOC_CONF

    program = (
        "import atexit, os, sys\n"
        "from dvm.cli import main\n"
        "assert 'pyarrow' not in sys.modules\n"
        "def said():\n"
        "    import pyarrow as pa\n"
        "    print(pa.default_memory_pool().backend_name, os.environ.get('JE_ARROW_MALLOC_CONF'))\n"
        "atexit.register(said)\n"
        "sys.argv = ['dvm', 'report', '2026-13']\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ARROW_DEFAULT_MEMORY_POOL", "JE_ARROW_MALLOC_CONF")}
    for own, expected in (({}, f"jemalloc {JEMALLOC_CONF}"), ({"ARROW_DEFAULT_MEMORY_POOL": "system"}, "system")):
        done = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**env, **own},
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout.strip().splitlines()[-1].startswith(expected)
        assert "Unsupported backend" not in done.stderr
