"""Issue 24 items 4-9: stores on object storage and tenants. A store location with a typo, a bucket that is
not there, missing credentials, an endpoint that is not a URL or does not answer: one Dutch line naming the
store and the endpoint (never a secret, no ANSI codes, no Rust panic), exit 2 for configuration and 4 for an
outage, within seconds, and no folder made. The S3 cases run against moto on loopback (tests/services.py)
and against a closed loopback port; stderr is read at the file descriptor, where a Rust panic would land."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from prefect.states import Failed

from core.errors import UserError
from core.settings import load_settings
from core.storage_url import checked_location, location_key
from flows.tasks import unless_user_error
from flows.tenants import checked
from store.remote import StoreUnavailable
from tests.conftest import Said, free_port
from tests.dvm.conftest import one_dutch_line

SECRET = "geheim-S3-sleutel-0042"  # a secret key: never in any message


@pytest.fixture
def dvm_fd(capfd, monkeypatch):
    """`dvm ARGS` in this process, its output read at the file descriptors (a Rust panic writes there)."""
    from dvm.cli import run

    monkeypatch.delenv("DVM_CONFIG", raising=False)
    monkeypatch.delenv("DVM_HOME", raising=False)

    def call(*args: str) -> Said:
        capfd.readouterr()
        start = time.monotonic()
        code = run(list(args))
        seconds = time.monotonic() - start
        out, err = capfd.readouterr()
        return Said(code, out, err, seconds)

    return call


def config(folder: Path, store: str, name: str = "dvm.toml") -> Path:
    path = folder / name
    path.write_text(f"store = {store!r}\n", encoding="utf-8")
    return path


def clean(said: Said) -> None:
    assert "\x1b" not in said.err + said.out, said.err  # no ANSI colour codes
    assert "panicked" not in said.err and "backtrace" not in said.err
    assert SECRET not in said.err + said.out


# --- item 4 and 6: a location that is no folder and no valid s3://bucket/prefix is refused at load ---------

TYPOS = [
    ("s3:/bucket/x", "mist '//' na 's3:'"),
    ("s3:bucket/x", "mist '//' na 's3:'"),
    ("S3://bucket/x", "schrijf het schema in kleine letters"),
    ("https://bucket/x", "schema 'https' wordt niet ondersteund"),
    ("s3://r t/x", "bucketnaam 'r t' is ongeldig"),  # item 6: waited 314 s, then "busy (, tot 00:00:00 ...)"
    ("s3://Bucket/x", "bucketnaam 'Bucket' is ongeldig"),
    ("s3://ab/x", "bucketnaam 'ab' is ongeldig"),
    ("s3://-bucket/x", "is ongeldig"),
    ("s3://my..bucket/x", "twee punten op een rij"),
    ("s3://10.0.0.1/x", "een IP-adres is geen bucketnaam"),
    ("s3://bucket/x?versionId=1", "geen vraagdeel of fragment"),  # item 5: a query string
    ("s3://bucket/x#y", "geen vraagdeel of fragment"),
    ("s3://bucket/a b", "bevat een spatie"),
    ("s3://bucket/../x", "bevat '.' of '..'"),
    ("s3:///x", "noemt geen bucket"),
    (f"s3://AKIA:{SECRET}@bucket/x", "geen naam of wachtwoord"),
]


@pytest.mark.parametrize(
    "command", [["ingest", "{exports}"], ["report", "2026-Q3"], ["nightly"], ["prognose"]], ids=lambda c: c[0]
)
@pytest.mark.parametrize(("store", "fragment"), TYPOS, ids=[t[0] for t in TYPOS])
def test_a_store_location_with_a_typo_is_refused_at_load_and_makes_no_folder(
    dvm_fd, tmp_path, exports, monkeypatch, command, store, fragment
):
    work = tmp_path / "werk"
    work.mkdir()
    monkeypatch.chdir(work)  # where a relative folder named 's3:' would have been made
    args = [a.format(exports=exports) for a in command]
    said = dvm_fd(*args, "--config", str(config(tmp_path, store)), "--home", str(tmp_path / "home"))
    line = one_dutch_line(said, 2, fragment)
    assert "store: opslag '" in line
    clean(said)
    assert list(work.iterdir()) == [] and not (tmp_path / "home").exists()


def test_a_valid_location_is_kept_normalised():
    assert checked_location("s3://dvm-gemeenten/kcc//losser/") == "s3://dvm-gemeenten/kcc/losser"
    assert checked_location("s3://dvm.gemeenten") == "s3://dvm.gemeenten"
    assert checked_location("opslag/losser") == "opslag/losser"  # a folder stays a folder
    assert checked_location("./s3:x") == "./s3:x"  # a folder whose name holds a colon, written as a folder


# --- items 5 and 7: the object store's failures, said at once, in Dutch --------------------------------------


@pytest.fixture
def aws(s3_endpoint, monkeypatch) -> dict[str, str]:
    """The moto endpoint's environment, with a secret key that must never be shown."""
    env = {**s3_endpoint, "AWS_SECRET_ACCESS_KEY": SECRET}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


S3_COMMANDS = [["ingest", "{exports}"], ["report", "2026-Q3"], ["prognose"], ["nightly"]]


def run_against(dvm_fd, tmp_path, exports, command, store) -> Said:
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    args = [a.format(exports=exports) for a in command]
    return dvm_fd(*args, "--config", str(config(tmp_path, store)), "--home", str(home))


@pytest.mark.slow
@pytest.mark.xdist_group("s3")
@pytest.mark.parametrize("command", S3_COMMANDS, ids=lambda c: c[0])
def test_a_bucket_that_does_not_exist(dvm_fd, tmp_path, exports, aws, command):
    said = run_against(dvm_fd, tmp_path, exports, command, "s3://bestaat-niet-42/losser")
    line = one_dutch_line(said, 2, "opslag s3://bestaat-niet-42/losser (endpoint http://127.0.0.1:")
    assert line.endswith("de bucket bestaat niet; maak hem aan of controleer de bucketnaam in 'store'")
    clean(said)


@pytest.mark.slow
@pytest.mark.xdist_group("s3")
@pytest.mark.parametrize("command", S3_COMMANDS, ids=lambda c: c[0])
def test_missing_credentials(dvm_fd, tmp_path, exports, aws, monkeypatch, command):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    said = run_against(dvm_fd, tmp_path, exports, command, "s3://dvm-zonder-sleutels/losser")
    one_dutch_line(said, 2, "geen inloggegevens gevonden; zet AWS_ACCESS_KEY_ID en AWS_SECRET_ACCESS_KEY")
    clean(said)


@pytest.mark.slow
@pytest.mark.xdist_group("s3")
def test_plain_http_without_allow_http(dvm_fd, tmp_path, exports, aws, monkeypatch):
    monkeypatch.delenv("AWS_ALLOW_HTTP")
    said = run_against(dvm_fd, tmp_path, exports, ["ingest", "{exports}"], "s3://dvm-http/losser")
    one_dutch_line(said, 2, "is http zonder versleuteling, en AWS_ALLOW_HTTP staat niet op true")
    clean(said)


MALFORMED = ["geen url", "http//127.0.0.1:9000", "http://127.0.0.1:99999", "ftp://127.0.0.1", "http://exa mple.nl"]


@pytest.mark.parametrize("endpoint", MALFORMED)
def test_a_malformed_endpoint_never_reaches_the_library(dvm_fd, tmp_path, exports, monkeypatch, endpoint):
    # was: 31 lines of a Rust panic's backtrace
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_ALLOW_HTTP", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    said = run_against(dvm_fd, tmp_path, exports, ["ingest", "{exports}"], "s3://dvm-gemeenten/losser")
    one_dutch_line(said, 2, "AWS_ENDPOINT_URL '")
    assert "is geen geldig adres" in said.err
    clean(said)


@pytest.mark.parametrize("command", S3_COMMANDS, ids=lambda c: c[0])
def test_a_closed_endpoint_fails_within_seconds(dvm_fd, tmp_path, exports, monkeypatch, command):
    # was: `dvm ingest` 50-60 s of the library's retries, in English
    port = free_port()  # nothing listens on it
    for key, value in {
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_ALLOW_HTTP": "true",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    said = run_against(dvm_fd, tmp_path, exports, command, "s3://dvm-gemeenten/losser")
    one_dutch_line(said, 4, f"opslag s3://dvm-gemeenten/losser (endpoint http://127.0.0.1:{port}) is niet bereikbaar")
    clean(said)


def test_a_scheduled_run_retries_a_store_that_is_away_and_says_so(caplog):
    away = StoreUnavailable("opslag s3://dvm/x (endpoint http://127.0.0.1:1) is niet bereikbaar (geen verbinding)")
    with caplog.at_level("WARNING"):
        assert unless_user_error(None, None, Failed(data=away)) is True
    assert "is niet bereikbaar (geen verbinding); de taak probeert het opnieuw" in caplog.text
    assert unless_user_error(None, None, Failed(data=UserError("bucket bestaat niet"))) is False
    assert away.exit_code == 4 and away.alerts_operators


# --- item 8: tenants that share a store, however it is spelled -----------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("s3://dvm/a", "s3://dvm/a/"),
        ("s3://dvm/a/b", "s3://dvm/a//b"),
        ("{tmp}/opslag/a", "{tmp}/opslag/x/../a"),
        ("{tmp}/opslag/a", "{tmp}/opslag/a/"),
        ("{tmp}/opslag/a", "{tmp}//opslag/./a"),
    ],
)
def test_tenants_sharing_a_store_however_spelled_are_caught(tmp_path, first, second):
    folder = tmp_path / "tenants"
    folder.mkdir()
    a = write(folder, "a", f'home = "{tmp_path / "a"}"\nstore = "{first.format(tmp=tmp_path)}"\n')
    write(folder, "b", f'home = "{tmp_path / "b"}"\nstore = "{second.format(tmp=tmp_path)}"\n')
    good, problems = checked(sorted(folder.glob("*.toml")))
    assert good == [a]
    assert problems == {"b.toml": "deelt zijn werkmap of opslag met a.toml; elke gemeente heeft een eigen"}


def test_homes_are_compared_as_folders_too(tmp_path):
    folder = tmp_path / "tenants"
    folder.mkdir()
    write(folder, "a", f'home = "{tmp_path / "a"}"\n')
    write(folder, "b", f'home = "{tmp_path / "x" / ".." / "a"}"\n')
    assert list(checked(sorted(folder.glob("*.toml")))[1]) == ["b.toml"]
    assert location_key(tmp_path / "x" / ".." / "a") == location_key(tmp_path / "a")


# --- item 9: a configuration nested thousands deep ------------------------------------------------------------

DEEP = {
    "lijsten": "x = " + "[" * 2000 + "]" * 2000 + "\n",
    "tabellen": "x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n",
}


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_a_tenant_nested_thousands_deep_is_named_and_skipped(tmp_path, kind):
    folder = tmp_path / "tenants"
    folder.mkdir()
    a = write(folder, "a", f'home = "{tmp_path / "a"}"\n')
    write(folder, "diep", DEEP[kind])
    good, problems = checked(sorted(folder.glob("*.toml")))
    assert good == [a] and list(problems) == ["diep.toml"]
    assert "te diep genest" in problems["diep.toml"]


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_a_configuration_nested_thousands_deep_is_one_line(dvm_fd, tmp_path, exports, kind):
    deep = write(tmp_path, "diep", DEEP[kind])
    said = dvm_fd("ingest", str(exports), "--config", str(deep), "--home", str(tmp_path / "home"))
    one_dutch_line(said, 2, "lijsten of tabellen zijn te diep genest")
    with pytest.raises(UserError, match="te diep genest"):
        load_settings(deep)
