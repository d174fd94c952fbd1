"""A fake ZGW Zaken + Catalogi API on 127.0.0.1 (a real HTTP server in a thread), for the tests of
sources/zgw.py and `dvm ingest --zgw`.

Every request it answers and every response it sends is validated with openapi-core against the
two specifications in ../shared/zgw/ (Zaken API 1.5.1, Catalogi API 1.3.1); what fails is kept in
`FakeZgw.invalid` and the tests require it empty. Where the specifications say nothing:
- `GET /zaaktypen/{uuid}`'s 200 body is "Unspecified response body" in Catalogi API 1.3.1, so the
  fake validates it against the specification's own `ZaakType` schema as well;
- a communicatiekanaal lives in the VNG Referentielijsten API, which is not one of the two: its body
  is checked against a small schema of the three fields that API gives (url, naam, omschrijving).
No validation is relaxed. The quirks met (../shared/STACK-NOTES.md): `Content-Crs` is required on
`GET /zaken`, so the client sends it beside `Accept-Crs`; the fake omits `zaakgeometrie` (optional)
instead of the `null` Open Zaak sends (not allowed by the schema); `ordering` (its nested enum) is never
sent; Catalogi API 1.3.1 types ZaakType's `informatieobjecttypen` as a string (Open Zaak sends a list),
so the fake sends ""; `application/problem+json` (the errors) is read as JSON (openapi-core reads only
`application/json` by itself).

The cases are synthetic (`Case`); personal data is planted in each zaak's omschrijving and
toelichting and in a natuurlijk_persoon initiator rol per zaak, which the fake only serves to a
`/rollen` request that does not ask for organisational units - the pull must never make one.
"""

from __future__ import annotations

import functools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS30Validator

SPECS = Path(__file__).resolve().parents[3] / "shared" / "zgw"
SECRET = "fake-zgw-geheim-niet-echt-alleen-voor-tests"  # the tests' secret (DVM_ZGW_SECRET); synthetic
CLIENT_ID = "dvm-losser"
RSIN = "002220647"
PAGE = 100  # the reference implementation's page size
PII = ("Jöran Fictief", "999999990", "Dorpsstraat 1 Losser", "06-12345678")  # planted, synthetic
CHANNELS = ("Telefoon", "E-mail", "Webformulier", "Balie", "Post")
TYPES = {  # code -> (omschrijving, doorlooptijd)
    "OMV-REG": ("Omgevingsvergunning regulier", "P56D"),
    "KLACHT": ("Klacht", "P42D"),
    "WOO": ("Woo-verzoek", "P28D"),
    "CV": ("Contactverzoek", "P2D"),
    "MELDING": ("Melding openbare ruimte", "P14D"),
}
ELSEWHERE = "ELDERS"  # a zaaktype of a catalogue the client may not read (403)
TEAMS = ("KCC", "PVH", "Burgerzaken", "Juridische zaken")
_KANAAL_SCHEMA = {
    "type": "object",
    "required": ["url", "naam"],
    "properties": {
        "url": {"type": "string", "format": "uri"},
        "naam": {"type": "string"},
        "omschrijving": {"type": "string"},
    },
}


@dataclass(frozen=True)
class Case:
    """One synthetic case, as both the fake API and a Corsa export can give it."""

    zaak_id: str
    zaaktype_code: str
    team: str | None
    kanaal: str | None
    registratiedatum: date
    startdatum: date
    streefdatum: date | None
    fatale_datum: date | None
    einddatum: date | None
    opgeschort: bool = False
    verlengd: bool = False

    @property
    def status(self) -> str:
        return "Afgehandeld" if self.einddatum else "Opgeschort" if self.opgeschort else "In behandeling"


def synthetic_cases(n: int = 420, start: date = date(2026, 1, 2), seed: int = 7) -> list[Case]:
    """`n` cases over the first half of 2026, deterministic; some open, some suspended, some extended,
    some of a zaaktype of another catalogue, and one that breaks a row rule (ends before it starts)."""
    import random

    rnd = random.Random(seed)
    codes = list(TYPES)
    out = []
    for i in range(n):
        reg = start + timedelta(days=rnd.randrange(0, 170))
        code = ELSEWHERE if i % 97 == 5 else codes[i % len(codes)]
        term = int(TYPES.get(code, ("", "P30D"))[1][1:-1])
        closed = rnd.random() < 0.7
        end = reg + timedelta(days=rnd.randrange(0, term * 2)) if closed else None
        out.append(
            Case(
                zaak_id=f"ZAAK-2026-{i + 1:06d}",
                zaaktype_code=code,
                team=None if i % 50 == 7 else TEAMS[i % len(TEAMS)],
                kanaal=CHANNELS[rnd.randrange(len(CHANNELS))],
                registratiedatum=reg,
                startdatum=reg,
                streefdatum=reg + timedelta(days=term) if i % 3 else None,
                fatale_datum=reg + timedelta(days=term + 14) if i % 4 else None,
                einddatum=end,
                opgeschort=not closed and i % 5 == 0,
                verlengd=i % 11 == 0,
            )
        )
    bad = out[10]  # ends before it starts: the row rule einde_voor_start, as in a Corsa export
    out[10] = Case(**{**bad.__dict__, "einddatum": bad.startdatum - timedelta(days=3)})
    return out


def corsa_csv(cases: list[Case], path: Path, gemeente: str = "Losser") -> Path:
    """The same cases as a Corsa export (its real layout: ';', Windows-1252, dd-mm-jjjj, CRLF)."""
    header = (
        "Zaaknummer;Zaaktype code;Zaaktype;Team;Behandelaar;Ontvangstkanaal;Registratiedatum;Startdatum;"
        "Streefdatum;Fatale datum;Einddatum;Status;Resultaat;Opgeschort (dagen);Verlengd;Omschrijving;"
        "Initiator BSN;Initiator naam;Gemeente"
    )

    def d(day: date | None) -> str:
        return f"{day:%d-%m-%Y}" if day else ""

    lines = [header]
    for c in cases:
        known = c.zaaktype_code != ELSEWHERE  # the API cannot give its zaaktype: the export leaves it empty
        lines.append(
            ";".join(
                [
                    c.zaak_id,
                    c.zaaktype_code if known else "",
                    TYPES[c.zaaktype_code][0] if known else "",
                    c.team or "",
                    "Medewerker Testpersoon",
                    c.kanaal or "",
                    d(c.registratiedatum),
                    d(c.startdatum),
                    d(c.streefdatum),
                    d(c.fatale_datum),
                    d(c.einddatum),
                    c.status,
                    "",
                    "0",
                    "ja" if c.verlengd else "nee",
                    "Aanvraag van Jöran Fictief",
                    PII[1],
                    PII[0],
                    gemeente,
                ]
            )
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


@dataclass
class FakeZgw:
    """The server's state: its cases, what it was asked, what failed validation, the faults to play."""

    cases: list[Case]
    base: str = ""
    requests: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    too_many_at: set[int] = field(default_factory=set)  # answer the n-th /zaken request with 429
    retry_after: str = "0"
    expiry_s: float = 3600  # a token older than this is expired (401); negative: every token is
    fail_status: int | None = None  # answer every request with this status (500, 503, 401, 403)
    broken_field: str | None = None  # send this zaak field with a value the specification does not allow
    delay_s: float = 0  # wait this long before answering (a time-out)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- URLs ---
    @property
    def zaken_url(self) -> str:
        return f"{self.base}/zaken/api/v1"

    @property
    def catalogi_url(self) -> str:
        return f"{self.base}/catalogi/api/v1"

    def zaak_url(self, c: Case) -> str:
        return f"{self.zaken_url}/zaken/{uuid.uuid5(uuid.NAMESPACE_URL, c.zaak_id)}"

    def type_url(self, code: str) -> str:
        return f"{self.catalogi_url}/zaaktypen/{uuid.uuid5(uuid.NAMESPACE_URL, 'zt' + code)}"

    def channel_url(self, naam: str) -> str:
        return f"{self.base}/referentielijsten/api/v1/communicatiekanalen/{uuid.uuid5(uuid.NAMESPACE_URL, naam)}"

    def count(self, path_part: str) -> int:
        return sum(1 for p, _ in self.requests if path_part in p)

    # --- resources ---
    def zaak(self, c: Case) -> dict[str, Any]:
        url = self.zaak_url(c)
        z: dict[str, Any] = {
            "url": url,
            "uuid": url.rsplit("/", 1)[1],
            "identificatie": c.zaak_id,
            "bronorganisatie": RSIN,
            "omschrijving": f"Aanvraag van {PII[0]}, BSN {PII[1]}",
            "toelichting": f"Woont op {PII[2]}, bel {PII[3]}",
            "zaaktype": self.type_url(c.zaaktype_code),
            "registratiedatum": c.registratiedatum.isoformat(),
            "verantwoordelijkeOrganisatie": RSIN,
            "startdatum": c.startdatum.isoformat(),
            "einddatum": c.einddatum.isoformat() if c.einddatum else None,
            "einddatumGepland": c.streefdatum.isoformat() if c.streefdatum else None,
            "uiterlijkeEinddatumAfdoening": c.fatale_datum.isoformat() if c.fatale_datum else None,
            "publicatiedatum": None,
            "communicatiekanaal": self.channel_url(c.kanaal) if c.kanaal else "",
            "productenOfDiensten": [],
            "vertrouwelijkheidaanduiding": "openbaar",
            "betalingsindicatie": "",
            "betalingsindicatieWeergave": "",
            "laatsteBetaaldatum": None,
            "verlenging": {"reden": "Meer tijd nodig", "duur": "P10D"} if c.verlengd else None,
            "opschorting": {"indicatie": True, "reden": "Wacht op aanvulling"}
            if c.opgeschort
            else {"indicatie": False, "reden": ""},
            "selectielijstklasse": "",
            "hoofdzaak": None,
            "deelzaken": [],
            "relevanteAndereZaken": [],
            "eigenschappen": [],
            "rollen": [],
            "status": None,
            "zaakinformatieobjecten": [],
            "zaakobjecten": [],
            "kenmerken": [],
            "archiefnominatie": None,
            "archiefstatus": "nog_te_archiveren",
            "archiefactiedatum": None,
            "resultaat": None,
            "opdrachtgevendeOrganisatie": "",
            "processobjectaard": "",
            "startdatumBewaartermijn": None,
            "processobject": None,
        }
        if self.broken_field:
            z[self.broken_field] = "31-02-2026"
        return z

    def rollen(self, persons: bool) -> list[dict[str, Any]]:
        out = []
        for c in self.cases:
            zaak = self.zaak_url(c)
            if c.team:
                out.append(
                    self._rol(
                        zaak,
                        c.zaak_id + "b",
                        "organisatorische_eenheid",
                        "behandelaar",
                        {"identificatie": c.team[:24], "naam": c.team, "isGehuisvestIn": ""},
                    )
                )
            if persons:
                out.append(
                    self._rol(
                        zaak,
                        c.zaak_id + "i",
                        "natuurlijk_persoon",
                        "initiator",
                        {"inpBsn": PII[1], "geslachtsnaam": PII[0].split()[1], "voornamen": PII[0].split()[0]},
                    )
                )
        return out

    def _rol(self, zaak: str, key: str, kind: str, generic: str, ident: dict) -> dict[str, Any]:
        u = str(uuid.uuid5(uuid.NAMESPACE_URL, key))
        return {
            "url": f"{self.zaken_url}/rollen/{u}",
            "uuid": u,
            "zaak": zaak,
            "betrokkene": "",
            "betrokkeneType": kind,
            "afwijkendeNaamBetrokkene": "",
            "roltype": f"{self.catalogi_url}/roltypen/{uuid.uuid5(uuid.NAMESPACE_URL, generic)}",
            "omschrijving": generic.capitalize(),
            "omschrijvingGeneriek": generic,
            "roltoelichting": f"{PII[0]} belde" if kind == "natuurlijk_persoon" else "",
            "registratiedatum": "2026-01-02T09:00:00Z",
            "indicatieMachtiging": "",
            "contactpersoonRol": None,
            "statussen": [],
            "betrokkeneIdentificatie": ident,
        }

    def zaaktype(self, code: str) -> dict[str, Any]:
        omschrijving, doorlooptijd = TYPES[code]
        url = self.type_url(code)
        return {
            "url": url,
            "identificatie": code,
            "omschrijving": omschrijving,
            "omschrijvingGeneriek": "",
            "vertrouwelijkheidaanduiding": "openbaar",
            "doel": "Synthetisch zaaktype voor tests",
            "aanleiding": "Test",
            "toelichting": "",
            "indicatieInternOfExtern": "extern",
            "handelingInitiator": "aanvragen",
            "onderwerp": omschrijving,
            "handelingBehandelaar": "behandelen",
            "doorlooptijd": doorlooptijd,
            "servicenorm": None,
            "opschortingEnAanhoudingMogelijk": True,
            "verlengingMogelijk": True,
            "verlengingstermijn": "P14D",
            "trefwoorden": [],
            "publicatieIndicatie": False,
            "publicatietekst": "",
            "verantwoordingsrelatie": [],
            "productenOfDiensten": [],
            "selectielijstProcestype": "",
            "referentieproces": {"naam": "Test", "link": ""},
            "concept": False,
            "verantwoordelijke": RSIN,
            "beginGeldigheid": "2025-01-01",
            "eindeGeldigheid": None,
            "versiedatum": "2025-01-01",
            "beginObject": None,
            "eindeObject": None,
            "catalogus": f"{self.catalogi_url}/catalogussen/{uuid.uuid5(uuid.NAMESPACE_URL, 'cat')}",
            "statustypen": [],
            "resultaattypen": [],
            "eigenschappen": [],
            "informatieobjecttypen": "",  # a string in Catalogi API 1.3.1's schema (a quirk of the specification)
            "roltypen": [],
            "besluittypen": [],
            "deelzaaktypen": [],
            "gerelateerdeZaaktypen": [],
            "zaakobjecttypen": [],
        }

    # --- the listings ---
    def listed(self, query: dict[str, list[str]]) -> list[Case]:
        q = {k: v[0] for k, v in query.items()}
        out = [c for c in self.cases if q.get("bronorganisatie", RSIN) == RSIN]
        if "registratiedatum__gt" in q:
            out = [c for c in out if c.registratiedatum > date.fromisoformat(q["registratiedatum__gt"])]
        if "einddatum__gt" in q:
            out = [c for c in out if c.einddatum and c.einddatum > date.fromisoformat(q["einddatum__gt"])]
        if q.get("einddatum__isnull") == "true":
            out = [c for c in out if c.einddatum is None]
        return out

    def page_of(self, items: list, query: dict[str, list[str]], path: str) -> dict[str, Any]:
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * PAGE : page * PAGE]
        more = page * PAGE < len(items)

        def link(n: int) -> str | None:
            q = {k: v[0] for k, v in query.items() if k != "page"}
            return f"{self.base}{path}?{urlencode({**q, 'page': n})}"

        return {
            "count": len(items),
            "next": link(page + 1) if more else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": chunk,
        }


def _problem(status: int, title: str) -> dict[str, Any]:
    return {"type": "", "code": str(status), "title": title, "status": status, "detail": title, "instance": ""}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        with fake._lock:
            fake.requests.append((parts.path, query))
            number = fake.count("/zaken/api/v1/zaken")
        status, body, api = self.answer(fake, parts.path, query, number)
        payload = json.dumps(body).encode()
        content_type = "application/json" if status == 200 else "application/problem+json"
        headers = {"Content-Type": content_type, "API-version": "1.5.1"}
        if status == 200 and parts.path.startswith("/zaken/api/v1/zaken"):
            headers["Content-Crs"] = "EPSG:4326"
        if status == 429:
            headers["Retry-After"] = fake.retry_after
        self.validate(fake, api, parts.path, query, status, payload, headers, body)
        if fake.delay_s:
            time.sleep(fake.delay_s)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def answer(self, fake: FakeZgw, path: str, query: dict, number: int) -> tuple[int, Any, str | None]:
        api = (
            "zaken" if path.startswith("/zaken/api/v1") else "catalogi" if path.startswith("/catalogi/api/v1") else None
        )
        if api is not None:
            auth = self.headers.get("Authorization", "")
            try:
                claims = jwt.decode(auth.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
                fresh = time.time() - claims["iat"] <= fake.expiry_s
                ok = fresh and claims["client_id"] == CLIENT_ID and claims["iss"] == CLIENT_ID
                ok = ok and {"user_id", "user_representation"} <= set(claims)
            except (jwt.PyJWTError, KeyError):
                ok = False
            if not ok:
                return 401, _problem(401, "Niet geautoriseerd (token ongeldig of verlopen)"), api
        if fake.fail_status:
            return fake.fail_status, _problem(fake.fail_status, "Storing"), api
        if path == "/zaken/api/v1/zaken":
            if number in fake.too_many_at:
                return 429, _problem(429, "Te veel verzoeken"), api
            items = [fake.zaak(c) for c in fake.listed(query)]
            return 200, fake.page_of(items, query, path), api
        if path == "/zaken/api/v1/rollen":
            q = {k: v[0] for k, v in query.items()}
            org_units_only = q.get("betrokkeneType") == "organisatorische_eenheid"
            rollen = fake.rollen(persons=not org_units_only)
            if "omschrijvingGeneriek" in q:
                rollen = [r for r in rollen if r["omschrijvingGeneriek"] == q["omschrijvingGeneriek"]]
            return 200, fake.page_of(rollen, query, path), api
        if path.startswith("/catalogi/api/v1/zaaktypen/"):
            for code in TYPES:
                if fake.type_url(code).endswith(path):
                    return 200, fake.zaaktype(code), api
            if fake.type_url(ELSEWHERE).endswith(path):
                return 403, _problem(403, "Geen toegang tot deze catalogus"), api
            return 404, _problem(404, "Niet gevonden"), api
        if path.startswith("/referentielijsten/api/v1/communicatiekanalen/"):
            for naam in CHANNELS:
                if fake.channel_url(naam).endswith(path):
                    return 200, {"url": fake.channel_url(naam), "naam": naam, "omschrijving": naam}, None
        return 404, _problem(404, "Niet gevonden"), api

    def validate(self, fake, api, path, query, status, payload, headers, body) -> None:
        try:
            if api is None:
                if status == 200:
                    OAS30Validator(_KANAAL_SCHEMA).validate(body)
                return
            spec = self.server.specs[api]
            request_headers = dict(self.headers.items())
            request = MockRequest(
                SPEC_HOST, "get", path, args={k: v[0] for k, v in query.items()}, headers=request_headers
            )
            response = MockResponse(payload, status_code=status, headers=headers, content_type=headers["Content-Type"])
            spec.validate_request(request)
            spec.validate_response(request, response)
            if api == "catalogi" and status == 200:
                self.server.zaaktype_schema.validate(body)
        except Exception as exc:
            with fake._lock:
                fake.invalid.append(
                    f"{status} {path}: {type(exc).__name__}: {str(exc)[:300]} {getattr(exc, '__cause__', '')!s:.300}"
                )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeZgw
    specs: dict[str, OpenAPI]
    zaaktype_schema: OAS30Validator


SPEC_HOST = "http://fake.invalid"  # the specifications' server in the validators; requests are matched on their path


@functools.cache
def _validators() -> tuple[dict[str, OpenAPI], OAS30Validator]:
    """The two specifications as openapi-core validators (built once: it takes seconds), and the
    Catalogi API's ZaakType schema."""
    zaken = yaml.safe_load((SPECS / "zaken-api-1.5.1.yaml").read_text(encoding="utf-8"))
    catalogi = yaml.safe_load((SPECS / "catalogi-api-1.3.1.yaml").read_text(encoding="utf-8"))
    zaken["servers"] = [{"url": f"{SPEC_HOST}/zaken/api/v1"}]
    catalogi["servers"] = [{"url": f"{SPEC_HOST}/catalogi/api/v1"}]
    # the errors' media type is JSON too (openapi-core reads only application/json as JSON by itself)
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    specs = {"zaken": OpenAPI.from_dict(zaken, config=config), "catalogi": OpenAPI.from_dict(catalogi, config=config)}
    schema = {**catalogi["components"]["schemas"]["ZaakType"], "components": catalogi["components"]}
    return specs, OAS30Validator(schema)


class running:
    """`with running(FakeZgw(cases)) as fake:` - the server on a free port of 127.0.0.1."""

    def __init__(self, fake: FakeZgw):
        self.fake = fake

    def __enter__(self) -> FakeZgw:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self.fake
        self.fake.base = f"http://127.0.0.1:{server.server_address[1]}"
        server.specs, server.zaaktype_schema = _validators()
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
