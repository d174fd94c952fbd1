"""The temporary Prefect server of one command run.

Without PREFECT_API_URL, Prefect starts a temporary server itself; when the command is killed
with SIGKILL that server (uvicorn) lives on. So the command starts it itself, as its own child
that the kernel kills when the command dies (prctl PR_SET_PDEATHSIG), on a socket the command
bound (no port race), while the command goes on importing polars, Prefect and Great
Expectations (the server needs ~4-5 s to start; the imports as long: done side by side).
Nothing is reused across runs; the server's database is Prefect's own (PREFECT_HOME), as for
Prefect's temporary server.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from typing import IO

PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ServerFailed(RuntimeError):
    """The temporary server did not come up."""


class TemporaryServer:
    """`start()` spawns it, `wait_until_ready()` waits for /api/health, `stop()` ends it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self._log: IO[bytes] | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            # PR_SET_PDEATHSIG fires when the *thread* that forked exits, not the process
            raise RuntimeError("de tijdelijke Prefect-server wordt vanuit de hoofdthread gestart")
        libc = ctypes.CDLL(None, use_errno=True)  # looked up here: the child only calls it
        prctl, parent = libc.prctl, os.getpid()

        def die_with_parent() -> None:  # runs in the child between fork and exec
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)

        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop)
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        env.setdefault("DO_NOT_TRACK", "1")
        env.pop("PREFECT_API_URL", None)
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    "prefect.server.api.server:create_app",
                    "--fd",
                    str(listener.fileno()),
                    "--log-level",
                    "error",
                    "--lifespan",
                    "on",
                ],
                pass_fds=(listener.fileno(),),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent,  # noqa: PLW1509 (no threads yet)
            )
        finally:
            listener.close()  # the child holds its own copy

    def wait_until_ready(self, timeout_s: float = 120) -> None:
        """Poll /api/health every 50 ms until it answers 200; the server's last words if it died."""
        assert self.process is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(
                    f"de tijdelijke Prefect-server stopte bij het starten "
                    f"(code {self.process.returncode}): {self._last_words()}"
                )
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise ServerFailed(
            f"de tijdelijke Prefect-server antwoordde niet binnen {timeout_s:.0f} s: {self._last_words()}"
        )

    def _last_words(self) -> str:
        if self._log is None:
            return "geen uitvoer"
        self._log.seek(0)
        lines = [ln for ln in self._log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        return lines[-1].strip()[:300] if lines else "geen uitvoer"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None
