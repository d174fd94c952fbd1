"""Real servers for the tests of the production topology, each on a free loopback port and each
stopped at the end with everything it started: an S3 endpoint (moto in server mode), PostgreSQL
(Debian's binaries, as a user that is not root), a Prefect server on it, and process workers."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, timeout: float = 120, process: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            said = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise AssertionError(f"{what}: proces stopte (code {process.returncode}): {said}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what}: niet binnen {timeout} s")


def clean_env() -> dict[str, str]:
    """The environment without our own and Prefect's settings (each server and worker gets its own)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DVM_", "AWS_"))}


STARTED: list[int] = []  # the process groups this module started (each process its own session)


def gone(groups: list[int]) -> bool:
    """Each of these process groups (started here) is empty: no process left (a zombie is dead)."""
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) in groups and fields[0] not in ("Z", "X"):
                left.append(int(entry.name))
    return not left


def spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A process in its own session (so its whole group can be stopped), its output to `log`."""
    process = subprocess.Popen(
        args,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=open(log, "wb"),  # noqa: SIM115 (closed with the process)
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    STARTED.append(process.pid)
    return process


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM to the process group (started as its own session), SIGKILL when it lingers."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    with suppress(ProcessLookupError, PermissionError):  # what its children left in the group
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def moto_s3(log_dir: Path):
    """An S3 endpoint on 127.0.0.1 (moto in server mode); yields the AWS_* environment for it."""
    port = free_port()
    log = log_dir / "moto.log"
    process = spawn([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], clean_env(), log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: urllib.request.urlopen(f"{url}/moto-api/", timeout=2).status == 200, "moto", 60, process, log)
        yield {
            "AWS_ENDPOINT_URL": url,
            "AWS_ALLOW_HTTP": "true",  # a plain-http endpoint on loopback; real S3 is https
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_REGION": "us-east-1",
        }
    finally:
        stop(process)


def create_bucket(aws: dict[str, str], name: str) -> None:
    import boto3

    boto3.client(
        "s3",
        endpoint_url=aws["AWS_ENDPOINT_URL"],
        aws_access_key_id=aws["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=aws["AWS_SECRET_ACCESS_KEY"],
        region_name=aws["AWS_REGION"],
    ).create_bucket(Bucket=name)


def _pg_bin_dirs() -> list[Path]:
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)


def install_postgresql() -> None:
    """Debian's `postgresql`, the way `make server-tools` installs it (apt-get, through sudo when not
    root), saying so first: a test of the topology never skips for want of PostgreSQL."""
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    print(
        f"PostgreSQL ontbreekt; nu installeren met apt-get{' via sudo' if sudo else ''} (postgresql): "
        "nodig voor de test van de Prefect-server op PostgreSQL; eenmalig, een minuut",
        file=sys.__stderr__,
        flush=True,
    )
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    for args in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
    ):
        done = subprocess.run([*sudo, *args], env=env, capture_output=True, text=True, check=False, timeout=900)
        if done.returncode != 0:
            raise AssertionError(f"PostgreSQL installeren mislukt ({' '.join(args)}): {done.stderr[-2000:]}")


def pg_binary(name: str) -> str:
    """A PostgreSQL program of Debian's package (the newest major version), installed when missing."""
    if not any((folder / "initdb").exists() for folder in _pg_bin_dirs()):
        install_postgresql()
    for folder in _pg_bin_dirs():
        if (folder / name).exists():
            return str(folder / name)
    raise AssertionError(f"PostgreSQL ({name}) niet gevonden in /usr/lib/postgresql/*/bin na installatie")


def _as_user(user: str | None) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as `user` (the package's `postgres`)."""
    return ["runuser", "-u", user, "--"] if user else []


@contextmanager
def postgresql(root: Path):
    """A PostgreSQL cluster of its own in `root`, listening on 127.0.0.1 only (no socket file
    elsewhere); yields the asyncpg URL of its database `prefect`."""
    user = None
    if os.geteuid() == 0:
        user = next((u for u in ("postgres", "nobody") if _exists(u)), None)
        if user is None:
            raise AssertionError("als root is een gebruiker 'postgres' of 'nobody' nodig om PostgreSQL te starten")
    root.mkdir(parents=True, exist_ok=True)
    log = root / "postgres.log"
    # the cluster's folder where its user can reach it (pytest's tmp_path is root's own, mode 0700)
    cluster = Path(tempfile.mkdtemp(prefix="dvm-postgresql-"))
    data = cluster / "data"
    if user:
        shutil.chown(cluster, user)
    env = clean_env() | {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        [*_as_user(user), pg_binary("initdb"), "-D", str(data), "-U", "prefect", "--auth=trust", "-E", "UTF8"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    process = spawn(
        [
            *_as_user(user),
            pg_binary("postgres"),
            "-D",
            str(data),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-k",
            str(cluster),  # its socket file in its own folder, not in /var/run/postgresql
            "-c",
            "max_connections=200",
            "-c",
            "fsync=off",  # a test cluster: thrown away at the end
        ],
        env,
        log,
    )
    try:
        wait_for(
            lambda: (
                subprocess.run(
                    [pg_binary("pg_isready"), "-h", "127.0.0.1", "-p", str(port)], check=False, capture_output=True
                ).returncode
                == 0
            ),
            "PostgreSQL",
            60,
            process,
            log,
        )
        subprocess.run(
            [pg_binary("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "prefect", "prefect"],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield f"postgresql+asyncpg://prefect@127.0.0.1:{port}/prefect"
    finally:
        stop(process, timeout=60)  # SIGTERM: PostgreSQL's smart shutdown
        shutil.rmtree(cluster, ignore_errors=True)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False


@contextmanager
def prefect_server(root: Path, database_url: str | None = None):
    """A Prefect server on 127.0.0.1 (on PostgreSQL when `database_url` is given); yields the
    environment a client, a worker or a flow needs to talk to it."""
    port = free_port()
    log = root / "prefect-server.log"
    env = clean_env() | {
        "PREFECT_HOME": str(root / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    if database_url:
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = database_url
    process = spawn([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log)
    url = f"http://127.0.0.1:{port}/api"
    try:
        wait_for(lambda: urllib.request.urlopen(f"{url}/health", timeout=2).status == 200, "Prefect", 180, process, log)
        yield {k: v for k, v in env.items() if k != "PREFECT_API_DATABASE_CONNECTION_URL"} | {"PREFECT_API_URL": url}
    finally:
        stop(process, timeout=60)


@contextmanager
def workers(env: dict[str, str], pool: str, count: int, root: Path, limit: int = 4, queues: list[str] | None = None):
    """`count` process workers polling `pool`, each its own process group; yields their processes.
    With `queues`, worker N polls those queues and one of its own, `worker-N` (a test can send a
    flow run to one worker)."""
    started = []

    def own_queues(number: int) -> list[str]:
        return [] if queues is None else [*queues, f"worker-{number}"]

    try:
        for number in range(1, count + 1):
            log = root / f"worker-{number}.log"
            started.append(
                spawn(
                    [
                        str(BIN / "prefect"),
                        "worker",
                        "start",
                        "--pool",
                        pool,
                        "--name",
                        f"worker-{number}",
                        "--limit",
                        str(limit),
                        *[arg for queue in own_queues(number) for arg in ("--work-queue", queue)],
                    ],
                    env | {"PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "5"},
                    log,
                )
            )
        yield started
    finally:
        for process in started:
            stop(process, timeout=60)


def deploy(env: dict[str, str], prefect_file: Path, checkout: Path, root: Path) -> None:
    """`prefect deploy --all` of a prefect.yaml whose pull step names /opt/dienstverleningsmonitor,
    with this checkout in its place (the workers run the flows from here)."""
    spec = prefect_file.read_text(encoding="utf-8").replace("/opt/dienstverleningsmonitor", str(checkout))
    here = root / prefect_file.name
    here.write_text(spec, encoding="utf-8")
    done = subprocess.run(
        [str(BIN / "prefect"), "--no-prompt", "deploy", "--all", "--prefect-file", str(here)],
        env=env,
        cwd=checkout,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise AssertionError(f"prefect deploy ({prefect_file.name}): {done.stdout[-3000:]}{done.stderr[-3000:]}")


def report_to_this_api() -> None:
    """Prefect keeps one events worker and one log worker per process, bound to the API in force at
    their first use (another test's server, maybe gone by now): drained here, so this process's next
    flow and task runs are recorded by the API in force now."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    EventsWorker.drain_all(timeout=30, at_exit=False)
    APILogWorker.drain_all(timeout=30, at_exit=False)
