"""The ZGW Zaken API (Open Zaak, Dimpact) -> canonical cases, in two steps.

`pull` asks a gemeente's Zaken API what the contract says (shared/contracts/SOURCES.md, "ZGW Zaken
API"): the zaken registered since the last pull (a few days' margin), the zaken closed since then and
every zaak still open, each listing followed through `next` to its end and joined on `url`; each
zaaktype (Catalogi API) and communicatiekanaal once; the behandelaar's organisatorische eenheid
through the paged `/rollen` listing (rollen of persons are never asked for). What it reads is checked
against the specification (the envelope and every field it reads): a response that does not match
rejects the pull whole. It writes one gzipped JSON-lines file, atomically, with only the fields the
monitor reads (never `omschrijving`, `toelichting`, a person, a geometry): `zgw_zaken_<gemeente>_
<YYYYMMDDTHHMMSS>.jsonl.gz` (`_2`, `_3`, ... added for a second pull in the same second; older versions
wrote `<YYYYMMDDTHHMM>`), which is then loaded like any export (the ledger's content hash: once;
archive, --as-of, quarantine as for every file).

`load_zgw_cases` reads such a file into the cases schema with the row rules of Corsa's cases
(sources/corsa.py `cases_of`).

The secret comes from the environment variable the connection names; it is never logged, stored
or shown. Every request carries `Accept-Crs: EPSG:4326` (the specification requires it).
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import gzip
import json
import os
import re
import shutil
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from core.errors import FileRejected, UserError
from core.paths import slug
from core.profiles import ZgwProfile
from sources.cases_schema import CASE_FIELDS
from sources.corsa import cases_of
from sources.files import ExportFile
from sources.layout import SourceBatch, boundary

if TYPE_CHECKING:
    import httpx

    from core.settings import ZgwConnection

PREFIX = "zgw_zaken"
FORMAT = 1  # the file's layout version, in its first line
USER = "Dienstverleningsmonitor"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


# --- faults ------------------------------------------------------------------------------------------


class PullFailed(UserError):
    """A pull that could not be done: nothing of it is stored. Not the user's input but the other
    system: the run failed for this source, and the operators hear of it."""

    exit_code = 4
    alerts_operators = True


class AccessDenied(PullFailed):
    """401/403: the client id or its secret is not accepted - configuration, said as such."""

    exit_code = 2


class NotAsSpecified(PullFailed):
    """A response whose envelope or a field the monitor reads does not match the specification."""


@dataclass
class _Api:
    """Where a request goes and how it is named in a message."""

    connection: ZgwConnection

    def name_of(self, url: str) -> str:
        c = self.connection
        if url.startswith(c.catalogi_url + "/"):
            return f"Catalogi-API van {c.gemeente}"
        return f"Zaken-API van {c.gemeente}"

    def base_of(self, url: str) -> str:
        c = self.connection
        return c.catalogi_url if url.startswith(c.catalogi_url + "/") else c.zaken_url

    def path_of(self, url: str) -> str:
        """The resource path, without host and query (never a value of ours or theirs)."""
        c = self.connection
        for base in (c.zaken_url, c.catalogi_url):
            if url.startswith(base + "/"):
                url = url[len(base) :]
                break
        else:
            url = "/" + url.split("://", 1)[-1].split("/", 1)[-1]
        path = url.split("?", 1)[0]
        return re.sub(r"/[0-9a-fA-F-]{32,36}(?=/|$)", "/{uuid}", path)


def _mismatch(api: _Api, url: str, what: str) -> NotAsSpecified:
    return NotAsSpecified(
        f"{api.name_of(url)}: antwoord van {api.path_of(url)} wijkt af van de specificatie ({what}); "
        "de ophaalactie is afgewezen, er is niets van opgeslagen"
    )


# --- checks of what is read (the specification's types, for the fields the monitor reads) ------------


def _kind(value: Any) -> str:
    return {dict: "een object", list: "een lijst", str: "tekst", bool: "true/false", type(None): "null"}.get(
        type(value), "een getal"
    )


class _Check:
    """Checks one response's fields against the specification; the first mismatch is raised."""

    def __init__(self, api: _Api, url: str):
        self.api, self.url = api, url

    def fail(self, where: str, expected: str, found: Any) -> None:
        raise _mismatch(self.api, self.url, f"{where}: verwacht {expected}, gevonden {_kind(found)}")

    def obj(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            self.fail(where, "een object", value)
        return value

    def text(self, data: dict, key: str, where: str, nullable: bool = False, required: bool = True) -> str | None:
        if key not in data:
            if required:
                raise _mismatch(self.api, self.url, f"{where}: veld '{key}' ontbreekt")
            return None
        value = data[key]
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", "tekst" + (" of null" if nullable else ""), value)
        return value

    def day(self, data: dict, key: str, where: str, nullable: bool = False) -> str | None:
        value = self.text(data, key, where, nullable)
        if value is not None and not _valid_date(value):
            raise _mismatch(self.api, self.url, f"{where}.{key}: verwacht een datum (JJJJ-MM-DD)")
        return value

    def url_of(self, data: dict, key: str, where: str, nullable: bool = False, required: bool = True) -> str | None:
        value = self.text(data, key, where, nullable, required)
        if value and not value.startswith(("http://", "https://")):
            raise _mismatch(self.api, self.url, f"{where}.{key}: verwacht een URL")
        return value

    def duration(self, data: dict, key: str, where: str, nullable: bool = False) -> str | None:
        value = self.text(data, key, where, nullable, required=not nullable)
        if value is not None and not _DURATION.fullmatch(value):
            raise _mismatch(self.api, self.url, f"{where}.{key}: verwacht een ISO 8601-duur (bijv. P8W)")
        return value

    def page(self, body: Any) -> tuple[str | None, list]:
        """The envelope of a paged listing: {count, next, previous, results}."""
        data = self.obj(body, "antwoord")
        if not isinstance(data.get("count"), int) or isinstance(data.get("count"), bool):
            self.fail("count", "een geheel getal", data.get("count"))
        following = self.url_of(data, "next", "antwoord", nullable=True)
        if not isinstance(data.get("results"), list):
            self.fail("results", "een lijst", data.get("results"))
        return following, data["results"]


def _valid_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --- the HTTP side -------------------------------------------------------------------------------------


@dataclass
class _Client:
    """httpx with the ZGW headers, bounded concurrency (the pool's size), retries with back-off."""

    connection: ZgwConnection
    secret: str
    http: httpx.Client
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api(self) -> _Api:
        return _Api(self.connection)

    def token(self) -> str:
        """A fresh HS256 JWT per request (a long pull never sends an expired one)."""
        import jwt

        c = self.connection
        claims = {
            "iss": c.client_id,
            "client_id": c.client_id,
            "iat": int(time.time()),
            "user_id": c.client_id,
            "user_representation": USER,
        }
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def _ours(self, url: str) -> bool:
        c = self.connection
        return url.startswith((c.zaken_url + "/", c.catalogi_url + "/"))

    def get(self, url: str, params: dict[str, str] | None = None, missing_ok: bool = False) -> Any:
        """The JSON body of a GET; None for a 404 (or 403 outside the listings) when `missing_ok`."""
        import httpx

        c, api = self.connection, self.api
        # Content-Crs too: the specification marks it required on every GET of /zaken (no body is sent)
        headers = {"Accept": "application/json", "Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
        for attempt in range(c.retries + 1):
            if self._ours(url):  # our token only to our APIs, never to a referentielijst elsewhere
                headers["Authorization"] = f"Bearer {self.token()}"
            with self._lock:
                self.requests += 1
            wait: float | None = None
            try:
                response = self.http.get(url, params=params, headers=headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                problem = (
                    "geen antwoord binnen de tijd" if isinstance(exc, httpx.TimeoutException) else "niet bereikbaar"
                )
            else:
                status = response.status_code
                if status == 200:
                    try:
                        return response.json()
                    except ValueError:
                        raise _mismatch(api, url, "geen JSON") from None
                if missing_ok and (status == 404 or (status == 403 and not self._listing(url))):
                    return None
                if status in (401, 403):
                    raise AccessDenied(
                        f"{api.name_of(url)} ({api.base_of(url)}) "
                        f"weigert client '{c.client_id}' ({status} op {api.path_of(url)}); controleer client_id en "
                        f"het geheim in {c.secret_env}"
                    )
                if status != 429 and status < 500:
                    raise PullFailed(
                        f"{api.name_of(url)}: {api.path_of(url)} gaf {status}; verwacht 200; de ophaalactie is "
                        "mislukt, er is niets van opgeslagen"
                    )
                problem = f"{status}"
                wait = _retry_after(response.headers.get("Retry-After"))
            if attempt == c.retries:
                raise PullFailed(
                    f"{api.name_of(url)}: {api.path_of(url)} gaf na {c.retries + 1} pogingen nog {problem}; de "
                    "ophaalactie is mislukt, er is niets van opgeslagen"
                )
            backoff = c.backoff_s * 2**attempt
            self.sleep(min(c.max_wait_s, wait if wait is not None else backoff))
        raise AssertionError("unreachable")

    def _listing(self, url: str) -> bool:
        return self.api.path_of(url) in ("/zaken", "/rollen")

    def pages(self, url: str, params: dict[str, str] | None = None) -> Iterator[dict]:
        """Every result of a paged listing, `next` followed to the end."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            body = self.get(next_url, params)
            following, results = _Check(self.api, next_url).page(body)
            params = None  # `next` carries the query
            for item in results:
                yield _Check(self.api, next_url).obj(item, "results[]")
            if following in seen:
                raise _mismatch(self.api, next_url, "'next' verwijst naar een pagina die al gelezen is")
            seen.add(next_url)
            next_url = following


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds (a number, or an HTTP date)."""
    if not value:
        return None
    with contextlib.suppress(ValueError):
        return max(0.0, float(value))
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return None


# --- the pull ------------------------------------------------------------------------------------------


def file_name(gemeente: str, moment: datetime, seq: int = 1) -> str:
    """The pull's file name; `moment` in the configured time zone, as an export's stamp is local, to the
    second; `seq` 2, 3, ... for a pull whose name is taken (a second pull in the same second) - so two
    pulls never share a name. The export moment read back from it (sources/files.py) stays the minute,
    as in the names before seconds (`..._YYYYMMDDTHHMM.jsonl.gz`), which are still read."""
    return f"{PREFIX}_{slug(gemeente)}_{moment:%Y%m%dT%H%M%S}{'' if seq == 1 else f'_{seq}'}.jsonl.gz"


def last_pull(ledger: pl.DataFrame, gemeente: str) -> date | None:
    """The day of the newest loaded pull of this gemeente (from the store's ledger), None before the first."""
    if ledger.is_empty():
        return None
    pattern = f"^{PREFIX}_{re.escape(slug(gemeente))}_\\d{{8}}T\\d{{4}}(\\d{{2}}(_\\d+)?)?\\.jsonl\\.gz$"
    stamps = ledger.filter(
        (pl.col("bron") == "zgw") & (pl.col("status") == "geladen") & pl.col("bron_bestand").str.contains(pattern)
    )["export_stempel"]
    newest = stamps.max()
    return datetime.strptime(str(newest), "%Y%m%dT%H%M").date() if newest else None


@dataclass(frozen=True)
class Pulled:
    path: Path
    zaken: int  # zaken written
    requests: int
    before_switch: int  # open zaken registered before `vanaf`: not written (they count from Corsa)
    without_zaaktype: int  # zaken whose zaaktype could not be fetched (another catalogue): written without one


def _zaak(check: _Check, item: dict) -> dict:
    """The fields of a zaak the monitor reads, checked; nothing else of it is kept."""
    w = "zaak"
    opschorting = item.get("opschorting")
    if opschorting is not None:
        check.obj(opschorting, f"{w}.opschorting")
        if not isinstance(opschorting.get("indicatie", False), bool):
            check.fail(f"{w}.opschorting.indicatie", "true/false", opschorting.get("indicatie"))
    verlenging = item.get("verlenging")
    if verlenging is not None:
        check.obj(verlenging, f"{w}.verlenging")
        check.duration(verlenging, "duur", f"{w}.verlenging", nullable=True)
    return {
        "url": check.url_of(item, "url", w),
        "identificatie": check.text(item, "identificatie", w),
        "bronorganisatie": check.text(item, "bronorganisatie", w),
        "zaaktype": check.url_of(item, "zaaktype", w),
        "registratiedatum": check.day(item, "registratiedatum", w),
        "startdatum": check.day(item, "startdatum", w),
        "einddatum": check.day(item, "einddatum", w, nullable=True),
        "einddatumGepland": check.day(item, "einddatumGepland", w, nullable=True),
        "uiterlijkeEinddatumAfdoening": check.day(item, "uiterlijkeEinddatumAfdoening", w, nullable=True),
        "communicatiekanaal": check.url_of(item, "communicatiekanaal", w, required=False) or None,
        "opgeschort": bool(opschorting and opschorting.get("indicatie")),
        "verlengingsduur": (verlenging or {}).get("duur"),
    }


def _zaaktype(client: _Client, url: str) -> dict | None:
    body = client.get(url, missing_ok=True)
    if body is None:
        return None
    check, w = _Check(client.api, url), "zaaktype"
    data = check.obj(body, w)
    return {
        "identificatie": check.text(data, "identificatie", w),
        "omschrijving": check.text(data, "omschrijving", w),
        "doorlooptijd": check.duration(data, "doorlooptijd", w),
        "servicenorm": check.duration(data, "servicenorm", w, nullable=True),
    }


def _channel(client: _Client, url: str) -> str | None:
    """A communicatiekanaal's `naam` (VNG Referentielijsten API: {url, naam, omschrijving})."""
    body = client.get(url, missing_ok=True)
    if body is None:
        return None
    check = _Check(client.api, url)
    return check.text(check.obj(body, "communicatiekanaal"), "naam", "communicatiekanaal")


def _teams(client: _Client) -> dict[str, str]:
    """Zaak URL -> the naam of its behandelaar's organisatorische eenheid (the newest rol's)."""
    url = client.connection.zaken_url + "/rollen"
    params = {"omschrijvingGeneriek": "behandelaar", "betrokkeneType": "organisatorische_eenheid"}
    found: dict[str, tuple[str, str]] = {}
    for rol in client.pages(url, params):
        check = _Check(client.api, url)
        zaak = check.url_of(rol, "zaak", "rol")
        kind, generic = check.text(rol, "betrokkeneType", "rol"), check.text(rol, "omschrijvingGeneriek", "rol")
        registered = check.text(rol, "registratiedatum", "rol") or ""
        if kind != "organisatorische_eenheid" or generic != "behandelaar":
            continue  # not asked for: never read (a person's rol is not even looked into)
        ident = rol.get("betrokkeneIdentificatie")
        naam = (
            check.text(
                check.obj(ident, "rol.betrokkeneIdentificatie"), "naam", "rol.betrokkeneIdentificatie", True, False
            )
            if ident is not None
            else None
        )
        if naam and zaak and (zaak not in found or found[zaak][0] <= registered):
            found[zaak] = (registered, naam)
    return {zaak: naam for zaak, (_, naam) in found.items()}


def pull(
    connection: ZgwConnection,
    since: date | None,
    target: Path,
    now: datetime | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    elsewhere: Sequence[Path] = (),
) -> Pulled:
    """Pull the gemeente's zaken into one file in `target` (see the module's doc). `since`: the day of
    the last pull (`last_pull`), None for the first (then everything registered since `vanaf`). Its name
    is one no file in `target` or `elsewhere` (the inbox, archive and quarantine it goes on to) has.
    Raises PullFailed (AccessDenied, NotAsSpecified): then nothing is written."""
    import httpx

    c = connection
    secret = c.secret()
    now = now or datetime.now(UTC)
    start = since - timedelta(days=c.margin_days) if since else c.vanaf
    after = (max(start, c.vanaf) - timedelta(days=1)).isoformat()  # the API has __gt only: the day before
    limits = httpx.Limits(max_connections=c.concurrency, max_keepalive_connections=c.concurrency)
    with httpx.Client(timeout=c.timeout_s, limits=limits, transport=transport, follow_redirects=False) as http:
        client = _Client(c, secret, http, sleep)
        listings = [
            {"bronorganisatie": rsin, **query}
            for rsin in c.bronorganisatie
            for query in ({"registratiedatum__gt": after}, {"einddatum__gt": after}, {"einddatum__isnull": "true"})
        ]
        with ThreadPoolExecutor(max_workers=c.concurrency) as pool:
            teams_future = pool.submit(_teams, client)
            pages = list(pool.map(lambda q: list(client.pages(c.zaken_url + "/zaken", q)), listings))
            zaken: dict[str, dict] = {}
            for items in pages:
                for item in items:
                    zaak = _zaak(_Check(client.api, c.zaken_url + "/zaken"), item)
                    zaken[str(zaak["url"])] = zaak  # joined on url
            before = [u for u, z in zaken.items() if str(z["registratiedatum"]) < c.vanaf.isoformat()]
            for u in before:  # an open zaak from before the switch counts from Corsa: not written
                del zaken[u]
            type_urls = sorted({str(z["zaaktype"]) for z in zaken.values()})
            channel_urls = sorted({str(z["communicatiekanaal"]) for z in zaken.values() if z["communicatiekanaal"]})
            types = dict(zip(type_urls, pool.map(lambda u: _zaaktype(client, u), type_urls), strict=True))
            channels = dict(zip(channel_urls, pool.map(lambda u: _channel(client, u), channel_urls), strict=True))
            teams = teams_future.result()
    header = {
        "bron": "zgw",
        "formaat": FORMAT,
        "gemeente": c.gemeente,
        "zaken_url": c.zaken_url,
    }  # no moment in the content (the name has it): a pull that finds the same is the same file
    lines = [
        {
            **{k: v for k, v in z.items() if k not in ("zaaktype", "communicatiekanaal")},
            "zaaktype": {"url": z["zaaktype"], **kind} if (kind := types[str(z["zaaktype"])]) else None,
            "communicatiekanaal": channels.get(str(z["communicatiekanaal"])),
            "behandelaar": teams.get(url),
            "gemeente": c.gemeente,
        }
        for url, z in sorted(zaken.items(), key=lambda kv: (str(kv[1]["identificatie"]), kv[0]))
    ]
    path = _write(target, lambda seq: file_name(c.gemeente, now, seq), [header, *lines], elsewhere)
    return Pulled(path, len(lines), client.requests, len(before), sum(1 for z in lines if z["zaaktype"] is None))


def _write(folder: Path, name: Callable[[int], str], lines: Sequence[dict], elsewhere: Sequence[Path] = ()) -> Path:
    """Gzipped JSON lines, written to a hidden temporary file beside the target, then given the first
    name (`name(1)`, `name(2)`, ...) no file in `folder` or `elsewhere` has: the inbox never holds half a
    pull (discover skips names starting with '.'), and a pull never replaces another."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".zgw-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
            for line in lines:
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True).encode() + b"\n")
        seq = 1
        while any((place / name(seq)).exists() for place in elsewhere) or not _rename_new(tmp, folder / name(seq)):
            seq += 1
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return folder / name(seq)


def _rename_new(tmp: str, path: Path) -> bool:
    """Rename `tmp` to `path` unless a file has that name (then False): a hard link then the temporary
    name's removal, which fails on an existing name instead of replacing it. Where the file system has
    no hard links, a check before the rename."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links here (some shares)
        if path.exists():
            return False
        os.replace(tmp, path)
        return True
    os.unlink(tmp)
    return True


def moved_whole(path: Path, folder: Path) -> Path:
    """`path` moved into `folder` under its own name, so that `folder` never shows half of it: renamed
    where both are on one file system; on another (an inbox on a share), copied to a hidden temporary
    file in `folder` first (discover skips names starting with '.'), then renamed, and only then is
    `path` removed. A file already there under that name is never replaced: PullFailed, and `path`
    stays where it is (a pull takes a name no file in the inbox has, so only a race gets here)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    try:
        moved = _rename_new(str(path), target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        fd, tmp = tempfile.mkstemp(prefix=".zgw-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out, path.open("rb") as source:
                shutil.copyfileobj(source, out)
                out.flush()
                os.fsync(out.fileno())  # whole on disk before it has its name
            moved = _rename_new(tmp, target)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # gone already when it was renamed
        if moved:
            path.unlink()
    if not moved:
        raise PullFailed(
            f"{target.name}: {folder} heeft al een bestand met die naam; de ophaling blijft in {path.parent}"
        )
    return target


# --- the reader ----------------------------------------------------------------------------------------

_COLUMNS = CASE_FIELDS  # the fields of a case as Corsa's reader gives them, before casting
MAX_LINE_BYTES = 64 * 1024


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _row(line: dict) -> dict[str, str | None]:
    """A zaak of the file as text under the canonical names (the status derived: einddatum: Afgehandeld,
    opschorting: Opgeschort, else In behandeling); opgeschort_dagen 0 (the API's uiterlijke
    einddatum is already moved by suspension and extension); verlengd when verlenging has a duur."""
    zaaktype: dict = line["zaaktype"] if isinstance(line.get("zaaktype"), dict) else {}
    duur = _text(line.get("verlengingsduur"))
    status = (
        "Afgehandeld" if line.get("einddatum") else "Opgeschort" if line.get("opgeschort") is True else "In behandeling"
    )
    return {
        "zaak_id": _text(line.get("identificatie")),
        "zaaktype_code": _text(zaaktype.get("identificatie")),
        "zaaktype": _text(zaaktype.get("omschrijving")),
        "team": _text(line.get("behandelaar")),
        "kanaal": _text(line.get("communicatiekanaal")),
        "registratiedatum": _text(line.get("registratiedatum")),
        "startdatum": _text(line.get("startdatum")),
        "streefdatum": _text(line.get("einddatumGepland")),
        "fatale_datum": _text(line.get("uiterlijkeEinddatumAfdoening")),
        "einddatum": _text(line.get("einddatum")),
        "status": status,
        "resultaat": None,
        "opgeschort_dagen": "0",
        "verlengd": "ja" if duur and re.search(r"[1-9]", duur) else "nee",
        "gemeente": _text(line.get("gemeente")),
    }


@boundary
def load_zgw_cases(file: ExportFile, profile: ZgwProfile, gemeenten: Sequence[str] | None = None) -> SourceBatch:
    """Read one pull's file. Raises FileRejected when it is not one (not gzip, not JSON lines, no header)."""
    try:
        with gzip.open(file.path, "rb") as fh:
            data = fh.read()
    except (gzip.BadGzipFile, EOFError, zlib.error):
        raise FileRejected(file.name, "geen geldig gzip-bestand; verwacht JSON-regels van een ophaalactie") from None
    rows: list[dict[str, str | None]] = []
    numbers: list[int] = []
    for number, raw in enumerate(data.splitlines(), start=1):
        if len(raw) > MAX_LINE_BYTES:
            raise FileRejected(file.name, f"regel {number} is langer dan {MAX_LINE_BYTES} bytes")
        try:
            line = json.loads(raw)
        except ValueError:
            raise FileRejected(file.name, f"regel {number} is geen JSON; verwacht één object per regel") from None
        if not isinstance(line, dict):
            raise FileRejected(file.name, f"regel {number} is geen JSON-object")
        if number == 1:
            if line.get("bron") != "zgw" or line.get("formaat") != FORMAT:
                raise FileRejected(
                    file.name, f"eerste regel is geen kop van een ophaalactie (bron zgw, formaat {FORMAT})"
                )
            continue
        rows.append(_row(line))
        numbers.append(number)
    if not numbers and not data.strip():
        raise FileRejected(file.name, "bestand is leeg; verwacht een kopregel en zaken")
    frame = pl.DataFrame(rows, schema=dict.fromkeys(_COLUMNS, pl.String)).with_columns(
        rij=pl.Series(numbers, dtype=pl.Int64)
    )
    good, quarantine = cases_of(frame.lazy(), file, profile, gemeenten, "zgw", date_hint="JJJJ-MM-DD")
    return SourceBatch(file, good, quarantine, len(rows))
