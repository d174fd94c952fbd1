"""A store on object storage (s3://...) speaks Dutch, and says at once when it cannot be reached.

The storage library (delta-rs over Rust's object_store) retries a failed request ten times over up to
three minutes, answers in English with ANSI colour codes, and panics (a Rust backtrace on stderr) on an
endpoint that is not a URL. So before a store on object storage is first used:

1. the endpoint in the environment (`AWS_ENDPOINT_URL` or `AWS_ENDPOINT`) is checked here, in Python:
   an http(s) URL with a host (and a port 1-65535); plain http only with `AWS_ALLOW_HTTP=true` -
   otherwise `StoreMisconfigured` (exit 2), and Rust never sees it;
2. the store is probed once with short timeouts and few retries (`PROBE_OPTIONS`): its ledger is
   opened. An answer that the store is empty is fine; any other failure is translated
   (`translated`): a bucket that does not exist, missing or refused credentials -> `StoreMisconfigured`
   (exit 2); an endpoint that does not answer -> `StoreUnavailable` (exit 4, and a scheduled run's
   I/O task retries it: flows/tasks.unless_user_error).

Every message is one Dutch line naming the store and the endpoint (never a user name, password or
key), without the library's text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from deltalake import DeltaTable
from deltalake.exceptions import TableNotFoundError

from core.errors import UserError
from core.storage_url import shown_location

# The probe: a refused connection fails in well under a second, a silent endpoint in a few seconds.
PROBE_OPTIONS = {"connect_timeout": "3s", "timeout": "5s", "max_retries": "1", "retry_timeout": "5s"}
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT")
_ENDPOINT = re.compile(
    r"^(https?)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:(\d{1,5}))?(/[^\s?#]*)?$"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

__all__ = ["StoreMisconfigured", "StoreUnavailable", "check_endpoint", "endpoint_shown", "probe", "translated"]


class StoreMisconfigured(UserError):
    """The store on object storage cannot be used as configured (bucket, credentials, endpoint): exit 2."""


class StoreUnavailable(UserError):
    """The object store does not answer: the run failed (exit 4), the operators hear of it, and a
    scheduled run's I/O task tries again (`retried`): the store may be briefly away."""

    exit_code = 4
    alerts_operators = True
    retried = True


def _endpoint(env: Mapping[str, str]) -> tuple[str, str] | None:
    """(variable, value) of the configured endpoint, or None (AWS itself)."""
    return next(((k, env[k]) for k in ENDPOINT_VARIABLES if env.get(k)), None)


def endpoint_shown(env: Mapping[str, str] | None = None) -> str:
    """The endpoint as a message names it: its URL without a user name or password, or AWS's own."""
    found = _endpoint(os.environ if env is None else env)
    return f"endpoint {shown_location(found[1], 120)}" if found else "endpoint van AWS (geen AWS_ENDPOINT_URL)"


def check_endpoint(location: str, env: Mapping[str, str] | None = None) -> None:
    """StoreMisconfigured when the endpoint in the environment is no http(s) URL, or plain http without
    AWS_ALLOW_HTTP=true. Checked before any request: a malformed endpoint makes the library panic."""
    env = os.environ if env is None else env
    found = _endpoint(env)
    if found is None:
        return
    name, value = found
    where = f"opslag {shown_location(location)}"
    match = _ENDPOINT.match(value.strip())
    if match is None or (match[5] is not None and not 0 < int(match[5]) < 65536):
        raise StoreMisconfigured(
            f"{where}: {name} '{shown_location(value, 120)}' is geen geldig adres; verwacht bijv. "
            "https://s3.example.nl of http://127.0.0.1:9000"
        )
    if match[1] == "http" and env.get("AWS_ALLOW_HTTP", "").strip().lower() != "true":
        raise StoreMisconfigured(
            f"{where}: {name} '{shown_location(value, 120)}' is http zonder versleuteling, en AWS_ALLOW_HTTP "
            "staat niet op true; gebruik https, of zet AWS_ALLOW_HTTP=true (alleen in een vertrouwd netwerk)"
        )


def probe(location: str, ledger_uri: str) -> None:
    """Check the endpoint, then open the store's ledger once with short timeouts; a translated error
    (StoreMisconfigured, StoreUnavailable) when that fails. A store that is still empty passes."""
    check_endpoint(location)
    try:
        DeltaTable(ledger_uri, storage_options=PROBE_OPTIONS)
    except TableNotFoundError:
        return
    except Exception as exc:
        if (problem := translated(exc, location)) is not None:
            raise problem from None
        raise


def translated(exc: BaseException, location: str) -> UserError | None:
    """The object store's failure behind `exc` (also wrapped), as one Dutch line naming the store and
    the endpoint; None when `exc` is no object-store failure."""
    text = ""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text += " " + _ANSI.sub("", str(current))
        current = current.__cause__ or current.__context__
    low = text.lower()
    if not any(m in low for m in ("generic s3 error", "object store", "objectstore", "error performing", "panicked")):
        return None
    where = f"opslag {shown_location(location)} ({endpoint_shown()})"
    if "nosuchbucket" in low or ("list request" in low and "404 not found" in low):
        return StoreMisconfigured(
            f"{where}: de bucket bestaat niet; maak hem aan of controleer de bucketnaam in 'store'"
        )
    if "169.254.169.254" in low or "credential" in low or "missing access key" in low:
        return StoreMisconfigured(
            f"{where}: geen inloggegevens gevonden; zet AWS_ACCESS_KEY_ID en AWS_SECRET_ACCESS_KEY"
        )
    if any(m in low for m in ("invalidaccesskeyid", "signaturedoesnotmatch", "accessdenied", "403 forbidden")):
        return StoreMisconfigured(
            f"{where}: toegang geweigerd; controleer AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY "
            "en de rechten op de bucket"
        )
    if "url scheme is not allowed" in low:
        return StoreMisconfigured(
            f"{where}: het endpoint is http zonder versleuteling en AWS_ALLOW_HTTP staat niet op true; "
            "gebruik https, of zet AWS_ALLOW_HTTP=true (alleen in een vertrouwd netwerk)"
        )
    if "panicked" in low or "invaliduri" in low or "builder error" in low:
        return StoreMisconfigured(f"{where}: het endpoint is geen geldig adres; controleer AWS_ENDPOINT_URL")
    if any(m in low for m in ("connect", "timed out", "timeout", "dns error", "error sending request")):
        return StoreUnavailable(
            f"{where} is niet bereikbaar (geen verbinding); controleer of het endpoint draait en bereikbaar is, "
            "en probeer het later opnieuw"
        )
    status = re.search(r"\b([45]\d\d) [A-Za-z ]+", text)
    return StoreUnavailable(
        f"{where}: de opslag gaf een fout{f' (HTTP {status[1]})' if status else ''}; probeer het later opnieuw "
        "of vraag de beheerder van de opslag"
    )
