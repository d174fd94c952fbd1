"""`dvm ARGS` in a child process (this interpreter, the repository's code) that says at its end which of
the heavy packages it imported: the tests that a command starts no flow (no Prefect) or checks nothing
again (no Great Expectations) read that, as a user's process would have it."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

WATCHED = ("prefect", "great_expectations")
PROBE = (
    "import atexit, sys\n"
    f"atexit.register(lambda: print('IMPORTED', *(m for m in {WATCHED!r} if m in sys.modules), file=sys.stderr))\n"
    "from dvm.cli import run\n"
    "sys.exit(run(sys.argv[1:]))\n"
)


def child_env(**extra: str) -> dict[str, str]:
    """This environment without the monitor's settings (DVM_*) and without a Prefect server, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DVM_", "PREFECT_API_URL"))}
    return env | extra


def dvm_in_child(*args: str, env: dict[str, str], timeout: float = 120) -> tuple[subprocess.CompletedProcess, set[str]]:
    """The finished child and which of WATCHED it had imported when it ended."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )
    said = next((line for line in done.stderr.splitlines() if line.startswith("IMPORTED")), None)
    assert said is not None, f"the child ended without its exit handlers:\n{done.stdout}{done.stderr}"
    return done, set(said.split()[1:])


def dvm_to_a_reader_that_leaves(
    *args: str, env: dict[str, str], lines: int = 0, main: bool = True, timeout: float = 300
) -> tuple[int, list[str], str]:
    """`dvm ARGS` in a child whose stdout is a pipe this process closes after reading `lines` lines (as
    `dvm ... | head -1` does; 0: at once, before the command wrote anything, as `| true`). `main`:
    through `dvm.cli.main` (`python -m dvm`, ends with os._exit), else `run` and an ordinary exit.
    The child's exit code, the lines read and its stderr (without the probe's IMPORTED line)."""
    command = [sys.executable, "-m", "dvm", *args] if main else [sys.executable, "-c", PROBE, *args]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    assert child.stdout is not None and child.stderr is not None
    read = [child.stdout.readline().rstrip("\n") for _ in range(lines)]
    child.stdout.close()
    child.stdout = None  # closed: communicate reads stderr only
    try:
        _, err = child.communicate(timeout=timeout)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    code = child.returncode
    said = "".join(line for line in err.splitlines(keepends=True) if not line.startswith("IMPORTED"))
    return code, read, said
