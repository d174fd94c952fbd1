"""One typed settings object, built once at flow start and passed down.

Precedence (highest first): command-line flags (`--home`), environment
variables (`DVM_...`, nested with `__`, e.g. `DVM_TELEPHONY__ANSWER_NORM_S=20`),
the TOML file (`--config FILE` or `DVM_CONFIG`), the defaults below.
Nothing here reads the environment at import time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import date, time
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

import polars as pl
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.ambitions import REGISTER_TARGETS, ProgrammeTarget
from core.catalogue import BY_CODE, DEFAULTS, SMALL_NUMBER, KpiText, Parameters, default_norms, texts
from core.cron import cron_values
from core.errors import UserError
from core.opening_hours import OpeningHours, desk_hours
from core.paths import safe_component, slug
from core.profiles import check_time_zone
from core.registry import READ_SOURCES, FigureContext, QueueRule
from core.settings_errors import TOO_DEEP, problem, read_toml
from core.storage_url import checked_location
from core.wording import did_you_mean, dutch_list, sentences, shown


class Strict(BaseModel):
    """A table of the configuration: a key it does not know is an error, never ignored."""

    model_config = ConfigDict(extra="forbid")


class QueueMapping(Strict):
    """Maps a telephony queue to a gemeente, a line (1 or 2) and a team; from and until a local date
    (both inclusive, both optional): a queue that moves to another team has one entry per period."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str
    gemeente: str
    line: Literal[1, 2]
    team: str
    valid_from: date | None = Field(None, alias="from")
    valid_until: date | None = Field(None, alias="until")

    @model_validator(mode="after")
    def _from_before_until(self) -> QueueMapping:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(
                f"wachtrij '{shown(self.name)}': until {self.valid_until} ligt voor from {self.valid_from}"
            )
        return self

    def span(self) -> str:
        return f"{self.valid_from or 'begin'} t/m {self.valid_until or 'einde'}"


class Norm(Strict):
    target: float
    direction: Literal[">=", "<="]  # realisation must be >= or <= target


class TelephonySettings(Strict):
    answer_norm_s: int = Field(DEFAULTS.answer_norm_s, ge=0, description="T: answered within T seconds")
    short_abandon_s: int = Field(
        DEFAULTS.short_abandon_s, ge=0, description="S: abandons shorter than S are not offered"
    )


def _default_queues() -> list[QueueMapping]:
    teams = {
        "KCC": ("KCC", 1),
        "PVH": ("PVH", 2),
        "BFR": ("BFR", 2),
        "ZORG": ("Zorg", 2),
        "WI": ("Werk & Inkomen", 2),
        "BB": ("Bedrijfsbureau", 2),
    }
    out = []
    for prefix, gemeente in (("LOS", "Losser"), ("ENS", "Enschede")):
        for suffix, (team, line) in teams.items():
            out.append(QueueMapping(name=f"{prefix}-{suffix}", gemeente=gemeente, line=line, team=team))
    return out


def _default_norms() -> dict[str, Norm]:
    """The catalogue's default norms (DOMAIN.md); a configured `[norms]` entry replaces its own KPI's."""
    return {code: Norm(target=n.target, direction=n.direction) for code, n in default_norms().items()}


# One table per source of the registry: [profiles.kcc], [profiles.corsa], [profiles.jcc], ... (each as
# strict as every other table, its formats, zone and encoding checked: core/profiles.py).
if TYPE_CHECKING:

    class Profiles(Strict):
        """What the type checker sees: a model made from the registry at run time, one field per source."""

        def __getattr__(self, name: str) -> Any: ...

else:
    Profiles = create_model(
        "Profiles", __base__=Strict, **{source.name: (source.profile, source.profile()) for source in READ_SOURCES}
    )


class CaseType(Strict):
    """A zaaktype's term: used when a case has neither Fatale datum nor Streefdatum."""

    code: str
    term: int = Field(ge=0)
    unit: Literal["weken", "werkdagen", "kalenderdagen"]
    contactverzoek: bool = False


def _default_case_types() -> list[CaseType]:
    # Awb and common municipal servicenormen (DOMAIN.md).
    return [
        CaseType(code="OMV-REG", term=8, unit="weken"),  # omgevingsvergunning, regular procedure
        CaseType(code="OMV-UIT", term=26, unit="weken"),  # omgevingsvergunning, extended procedure
        CaseType(code="KLACHT", term=6, unit="weken"),  # Awb 9:11
        CaseType(code="WOO", term=4, unit="weken"),  # Woo request
        CaseType(code="AANVRAAG", term=8, unit="weken"),  # decision on an application, Awb 4:13
        CaseType(code="BIJST", term=8, unit="weken"),  # bijzondere bijstand: decision on an application
        CaseType(code="EVT", term=8, unit="weken"),  # evenementenvergunning: decision on an application
        CaseType(code="WMO", term=6, unit="weken"),  # Wmo melding: research within 6 weeks
        CaseType(code="MOR", term=5, unit="werkdagen"),  # melding openbare ruimte
        CaseType(code="INFO", term=5, unit="werkdagen"),  # e-mail / webformulier answered within 5 werkdagen
        CaseType(code="BRIEF", term=6, unit="weken"),  # letter answered within 6 weeks
        CaseType(code="CV", term=2, unit="werkdagen", contactverzoek=True),  # callback by the 2nd line
    ]


class AppointmentSettings(Strict):
    wait_norm_minutes: int = Field(
        DEFAULTS.wait_norm_minutes, ge=0, description="called within N minutes of max(check-in, slot start)"
    )
    evening_from: time = Field(DEFAULTS.evening_from, description="a slot starting at or after this is an evening slot")


class ScheduleSettings(Strict):
    # Local time (Europe/Amsterdam). Not between 02:00 and 03:00: on the last Sunday of March that
    # hour does not exist, and in October it comes twice.
    nightly_cron: str = Field("30 5 * * *", description="the nightly run, local time")
    annual_cron: str = Field("0 6 1 3 *", description="the annual appendix (previous year), local time")
    prognosis_cron: str = Field("0 6 * * 1", description="the forecast of pressure (Monday 06:00), local time")

    @field_validator("nightly_cron", "annual_cron", "prognosis_cron")
    @classmethod
    def _outside_the_dst_change(cls, cron: str) -> str:
        hours = cron_values(cron)[1]
        if 2 in hours:
            raise ValueError(
                f"schema '{cron}' valt tussen 02:00 en 03:00; dat uur bestaat niet op de dag van de "
                "zomertijd en komt twee keer voor bij de wintertijd; kies een ander uur"
            )
        return cron


class DeliverySettings(Strict):
    smtp_host: str = "localhost"
    smtp_port: int = 587
    starttls: bool = True
    ca_file: Path | None = Field(None, description="extra CA to trust (an internal CA); default: the system's")
    smtp_user: str | None = Field(None, description="from the environment: DVM_DELIVERY__SMTP_USER")
    smtp_password: SecretStr | None = Field(
        None, description="only from the environment: DVM_DELIVERY__SMTP_PASSWORD, never in the TOML"
    )
    sender: str = "dienstverleningsmonitor@localhost"
    recipients: list[str] = Field(default_factory=list, description="who gets the reports (controller, ...)")
    recipients_per_gemeente: dict[str, list[str]] = Field(
        default_factory=dict,
        description="per gemeente who gets its reports, instead of `recipients` (a shared export covers "
        "several gemeenten: each gets its own report, and only its own)",
    )
    operators: list[str] = Field(default_factory=list, description="who gets alerts when a run fails")
    nightly_mail: Literal["always", "on_problems", "never"] = Field(
        "on_problems",
        description="when the operators get the nightly run's account: every night, only when a "
        "file was rejected or rows were quarantined, or never",
    )
    copy_to: Path | None = Field(None, description="folder (network share) that also gets a copy")
    link_base: str | None = Field(
        None,
        description="where users open the reports folder: a URL (https://intranet/dvm/rapporten) or a share "
        "path (\\\\server\\dvm\\rapporten); the workbook link in the Prefect UI is this plus "
        "<gemeente>/<periode>/<file>, instead of a file:// link on the server's own disk",
    )
    timeout_s: float = Field(30, gt=0)

    def recipients_of(self, gemeente: str) -> list[str]:
        """Who gets this gemeente's reports."""
        return self.recipients_per_gemeente.get(gemeente, self.recipients)

    @field_validator("sender", "recipients", "operators", "recipients_per_gemeente")
    @classmethod
    def _addresses(cls, value):
        if isinstance(value, dict):
            return {name: cls._addresses(addresses) for name, addresses in value.items()}
        for address in [value] if isinstance(value, str) else value:
            if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
                raise ValueError(f"'{address}' is geen e-mailadres")
        return value


class ReportSettings(Strict):
    min_records: int = Field(
        SMALL_NUMBER, ge=1, description="a ratio over fewer records is a small number: marked, and without a verdict"
    )
    pdf: bool = Field(True, description="print each workbook to a PDF beside it (needs LibreOffice)")
    previous_quarter_days: int = Field(
        10,
        ge=0,
        le=92,
        description="in the first N days of a quarter the nightly "
        "run also rewrites the previous quarter's reports "
        "(late exports reach the quarter just closed)",
    )
    ambitions_for: list[str] = Field(
        ["Losser"],
        description="gemeenten whose workbook has the sheet Ambities: the plateau targets of Losser's "
        "Uitvoeringsprogramma Dienstverlening 2023-2026 with their realisation",
    )


class AmbitionSetting(Strict):
    """A target of the programme followed in its own register (`programma_register_<stamp>.xlsx`): its
    indicator (the code the register's rows name), what it measures, and the plateau target; without
    `target` an indicator that is only followed (the Burgerpeiling's outcomes). Default: Losser's plateau
    targets that no export measures (core/catalogue.py, REGISTER_TARGETS)."""

    indicator: str = Field(pattern=r"^[a-z][a-z0-9_]{2,49}$", description="code in the register's column Indicator")
    label: str = Field(min_length=3, max_length=120, description="what the indicator measures, in Dutch")
    measure: Literal["percentage", "aantal", "cijfer"]
    plateau: Literal[1, 2, 3] | None = None
    track: Literal[1, 2, 3, 4, 5] | None = Field(None, description="the programme's spoor")
    text: str | None = Field(None, max_length=300, description="the target in the programme's words")
    target: float | None = Field(None, ge=0)
    direction: Literal[">=", "<="] = ">="
    project: str | None = Field(None, max_length=120)
    teller: str | None = Field(None, max_length=120, description="what the teller counts (a percentage)")
    noemer: str | None = Field(None, max_length=120, description="what the noemer counts (a percentage)")

    @model_validator(mode="after")
    def _a_whole_target(self) -> AmbitionSetting:
        if self.target is not None and (self.plateau is None or self.text is None):
            raise ValueError(f"ambitie '{self.indicator}': een streefwaarde hoort bij een plateau en een tekst (text)")
        if self.target is not None and self.measure == "percentage" and self.target > 100:
            raise ValueError(f"ambitie '{self.indicator}': streefwaarde {self.target:g} is meer dan 100%")
        if self.target is not None and self.measure == "cijfer" and not 1 <= self.target <= 10:
            raise ValueError(f"ambitie '{self.indicator}': streefwaarde {self.target:g} is geen cijfer van 1 tot 10")
        return self

    def as_target(self) -> ProgrammeTarget:
        return ProgrammeTarget(
            self.indicator,
            self.label,
            self.measure,
            self.plateau,
            self.track,
            self.text,
            self.target,
            self.direction,
            self.project,
            self.teller,
            self.noemer,
        )


def _default_ambitions() -> list[AmbitionSetting]:
    return [AmbitionSetting(**t.__dict__) for t in REGISTER_TARGETS]


class PrognosisSettings(Strict):
    """The forecast of pressure and the phone's staffing advice (DOMAIN.md, "Predicting pressure")."""

    weeks: int = Field(13, ge=1, le=52, description="weeks ahead")
    min_weeks: int = Field(8, ge=2, description="weeks of history below which a channel gets no forecast")
    backtest_weeks: int = Field(4, ge=1, le=26, description="weeks of the rolling-origin backtest")
    aht_weeks: int = Field(8, ge=1, description="weeks of answered calls behind the handling time (AHT)")
    max_occupancy: float = Field(0.85, gt=0, le=1, description="agents busy at most this share of the time")
    shrinkage: float = Field(0.30, ge=0, lt=1, description="absence allowance: share of rostered time not on the phone")


class CaseSettings(Strict):
    callback_norm_werkdagen: int = Field(
        DEFAULTS.callback_norm_werkdagen, ge=0, description="contactverzoek handled within N werkdagen"
    )
    closing_days: list[date] = Field(default_factory=list, description="local closing days (not werkdagen)")


_RSIN = re.compile(r"^\d{9}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ZgwConnection(Strict):
    """A gemeente's cases from the ZGW Zaken API (Open Zaak): one [[zgw]] table per gemeente. `vanaf` is the
    switch: its cases registered before it come from Corsa exports, on or after it from the API. The
    secret is never in the configuration: `secret_env` names the environment variable that holds it."""

    gemeente: str
    zaken_url: str
    catalogi_url: str
    client_id: str = Field(min_length=1)
    secret_env: str
    bronorganisatie: list[str] = Field(min_length=1, description="the RSIN(s) whose zaken are pulled")
    vanaf: date
    concurrency: int = Field(4, ge=1, le=16, description="requests at once")
    timeout_s: float = Field(30, gt=0, description="per request")
    retries: int = Field(4, ge=0, le=10, description="retries of a request after 429, 5xx or a time-out")
    backoff_s: float = Field(2, ge=0, description="first wait before a retry; doubled each time")
    max_wait_s: float = Field(120, ge=0, description="longest wait before a retry (also for Retry-After)")
    margin_days: int = Field(3, ge=0, le=60, description="registered since the last pull minus this many days")

    @field_validator("zaken_url", "catalogi_url")
    @classmethod
    def _url(cls, url: str) -> str:
        scheme, _, rest = url.partition("://")
        host = rest.split("/", 1)[0]
        if scheme not in ("http", "https") or not host or any(c in url for c in " ?#\\") or not url.isprintable():
            raise ValueError(
                f"'{shown(url)}' is geen geldige API-URL; verwacht bijv. https://openzaak.example/zaken/api/v1"
            )
        return url.rstrip("/")

    @field_validator("bronorganisatie")
    @classmethod
    def _rsins(cls, rsins: list[str]) -> list[str]:
        if bad := [r for r in rsins if not _RSIN.fullmatch(r)]:
            raise ValueError(f"'{shown(bad[0])}' is geen RSIN; verwacht 9 cijfers, bijv. \"002220647\"")
        return rsins

    @field_validator("secret_env")
    @classmethod
    def _env_name(cls, name: str) -> str:
        if not _ENV_NAME.fullmatch(name):
            raise ValueError(f"'{shown(name)}' is geen naam van een omgevingsvariabele; verwacht bijv. DVM_ZGW_SECRET")
        return name

    def secret(self) -> str:
        """The secret from the environment, read when a pull is asked for (never stored or shown)."""
        value = os.environ.get(self.secret_env)
        if not value:
            raise UserError(
                f"Zaken-API van {self.gemeente}: omgevingsvariabele {self.secret_env} (het geheim van client "
                f"'{shown(self.client_id)}') is niet gezet"
            )
        return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DVM_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    home: Path = Path("dvm-home")
    store: str | None = Field(
        None,
        description="where the store lives: a folder (default: <home>/store) or s3://bucket/prefix on "
        "S3-compatible object storage (endpoint and credentials from the environment: AWS_ENDPOINT_URL, "
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION)",
    )
    timezone: str = "Europe/Amsterdam"
    store_wait_s: float = Field(300, ge=0, description="how long a load waits for another writer")
    inbox_retries_s: list[float] = Field(
        [10, 30, 60], description="waits before each retry of reading the inbox (a network share may be briefly away)"
    )
    telephony: TelephonySettings = TelephonySettings()
    gemeenten: list[str] = Field(
        default_factory=list,
        description="the gemeenten this monitor reports on (default: those of [[queues]]); "
        "a row of an export naming another is quarantined with its reason",
    )
    queues: list[QueueMapping] = Field(default_factory=_default_queues)
    norms: dict[str, Norm] = Field(default_factory=_default_norms)
    profiles: Profiles = Profiles()
    case_types: list[CaseType] = Field(default_factory=_default_case_types)
    cases: CaseSettings = CaseSettings()
    appointments: AppointmentSettings = AppointmentSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    report: ReportSettings = ReportSettings()
    prognosis: PrognosisSettings = PrognosisSettings()
    opening_hours: OpeningHours = Field(default_factory=OpeningHours, description="core/opening_hours.py")
    delivery: DeliverySettings = DeliverySettings()
    zgw: list[ZgwConnection] = Field(default_factory=list, description="cases from the ZGW Zaken API, per gemeente")
    ambitions: list[AmbitionSetting] = Field(
        default_factory=_default_ambitions,
        description="the programme's targets followed in its own register (programma_register_*.xlsx)",
    )

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        # Environment beats the TOML file, which is passed in as init kwargs.
        return env_settings, init_settings, file_secret_settings

    @field_validator("queues")
    @classmethod
    def _no_overlapping_rules(cls, queues: list[QueueMapping]) -> list[QueueMapping]:
        """A queue may have several entries, for periods that do not overlap: each call has one rule."""
        problems = []
        by_name: dict[str, list[QueueMapping]] = {}
        for q in queues:
            by_name.setdefault(q.name, []).append(q)
        for name, rules in by_name.items():
            ordered = sorted(rules, key=lambda q: q.valid_from or date.min)
            for a, b in pairwise(ordered):
                if (a.valid_until or date.max) >= (b.valid_from or date.min):
                    problems.append(
                        f"wachtrij '{shown(name)}' is dubbel ingesteld: {a.span()} ({a.gemeente}, "
                        f"{a.team}) en {b.span()} ({b.gemeente}, {b.team}) overlappen"
                    )
        if problems:
            raise ValueError(sentences(problems))
        return queues

    @model_validator(mode="after")
    def _queues_of_known_gemeenten(self) -> Settings:
        if not self.gemeenten:  # not configured: the gemeenten the queues name, in their order
            self.gemeenten = list(dict.fromkeys(q.gemeente for q in self.queues))
            if not self.gemeenten:
                raise ValueError('geen gemeenten ingesteld: zet gemeenten = ["..."] of [[queues]]')
        self._configured("wachtrijen voor", (q.gemeente for q in self.queues))
        # the default names Losser, whose programme it is; a list given names configured gemeenten
        if "ambitions_for" in self.report.model_fields_set:
            self._configured("report.ambitions_for noemt", self.report.ambitions_for)
        return self

    def _configured(self, what: str, named: Iterable[str]) -> None:
        """The gemeenten a setting names (`what`: "[[zgw]] voor") are configured ones; else a ValueError
        naming the others and the configured."""
        if unknown := sorted(set(named) - set(self.gemeenten)):
            raise ValueError(
                f"{what} {dutch_list(unknown, quote=True)}, maar die staan niet in gemeenten "
                f"({dutch_list(self.gemeenten, quote=True)})"
            )

    @field_validator("ambitions")
    @classmethod
    def _one_meaning_per_indicator(cls, ambitions: list[AmbitionSetting]) -> list[AmbitionSetting]:
        """Targets on one indicator (20 %, then 50 %) agree on what it measures; a target is given once."""
        first: dict[str, AmbitionSetting] = {}
        problems = []
        for a in ambitions:
            seen = first.setdefault(a.indicator, a)
            if (seen.label, seen.measure) != (a.label, a.measure):
                problems.append(f"ambitie '{a.indicator}' staat er twee keer met een ander label of een andere maat")
        keys = [(a.indicator, a.plateau, a.target) for a in ambitions]
        if dupes := sorted({k[0] for k in keys if keys.count(k) > 1}):
            problems.append(f"ambitie dubbel ingesteld: {dutch_list(dupes, quote=True)}")
        if problems:
            raise ValueError(sentences(problems))
        return ambitions

    @model_validator(mode="after")
    def _register_knows_the_indicators(self) -> Settings:
        """The register's reader knows the configured indicators (unless its profile names its own)."""
        if "indicators" not in self.profiles.programma.model_fields_set:
            self.profiles.programma.indicators = {a.indicator: a.measure for a in self.ambitions}
        return self

    @field_validator("store")
    @classmethod
    def _store_location(cls, location: str | None) -> str | None:
        """A folder, or a valid s3://bucket/prefix (normalised); a scheme-like prefix that is neither is
        refused here, never made a folder (core/storage_url.py)."""
        return None if location is None else checked_location(location)

    @model_validator(mode="after")
    def _desk_evening_from_the_appointments(self) -> Settings:
        """The desk's default opening hours take their Thursday evening from `appointments.evening_from`
        (core/opening_hours.py); configured desk hours are taken as they are."""
        if "desk" not in self.opening_hours.model_fields_set:
            self.opening_hours.desk = desk_hours(self.appointments.evening_from)
        return self

    @model_validator(mode="after")
    def _recipients_of_known_gemeenten(self) -> Settings:
        self._configured("delivery.recipients_per_gemeente noemt", self.delivery.recipients_per_gemeente)
        return self

    @model_validator(mode="after")
    def _zgw_of_known_gemeenten(self) -> Settings:
        names = [c.gemeente for c in self.zgw]
        self._configured("[[zgw]] voor", names)
        if dupes := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(
                f"[[zgw]] dubbel ingesteld voor {dutch_list(dupes, quote=True)}; verwacht één per gemeente"
            )
        slugs: dict[str, str] = {}
        for name in names:  # a pull's file names its gemeente by this; the last pull is found by it
            if (other := slugs.setdefault(slug(name), name)) != name:
                raise ValueError(
                    f"[[zgw]] voor '{shown(other)}' en '{shown(name)}': hun ophaalbestanden krijgen dezelfde naam "
                    f"'zgw_zaken_{slug(name)}_...'; kies namen die meer verschillen"
                )
        return self

    @field_validator("case_types")
    @classmethod
    def _unique_case_types(cls, types: list[CaseType]) -> list[CaseType]:
        codes = [t.code for t in types]
        if dupes := sorted({c for c in codes if codes.count(c) > 1}):
            raise ValueError(f"zaaktype dubbel ingesteld: {dutch_list(dupes, quote=True)}")
        return types

    @field_validator("norms", mode="before")
    @classmethod
    def _over_the_defaults(cls, norms):
        """A configured norm replaces the default of its KPI; the other defaults stay."""
        return {**_default_norms(), **norms} if isinstance(norms, dict) else norms

    @field_validator("norms")
    @classmethod
    def _known_kpis(cls, norms: dict[str, Norm]) -> dict[str, Norm]:
        if unknown := sorted(set(norms) - set(BY_CODE)):
            raise ValueError(
                sentences(f"norm voor onbekende KPI '{shown(k)}'{did_you_mean(k, BY_CODE)}" for k in unknown)
            )
        # The staffing advice (Erlang C) aims at this target: it can reach any level strictly between
        # 0 and 100 %, never 100 % itself (DOMAIN.md, "Predicting pressure").
        level = norms.get("tel_servicelevel_pct")
        if level is not None and not 0 < level.target < 100:
            raise ValueError(
                f"tel_servicelevel_pct.target is {level.target:g}; toegestaan: groter dan 0 en kleiner dan "
                "100 (procent binnen T seconden, het doel van het bezettingsadvies)"
            )
        return norms

    @field_validator("timezone")
    @classmethod
    def _known_time_zone(cls, name: str) -> str:
        return check_time_zone(name)

    def term_table(self) -> pl.DataFrame:
        """The case-type terms as the deadline transform takes them."""
        return pl.DataFrame(
            [(t.code, t.term, t.unit) for t in self.case_types],
            schema={"zaaktype_code": pl.String, "term": pl.Int64, "unit": pl.String},
            orient="row",
        )

    @field_validator("gemeenten")
    @classmethod
    def _plain_names(cls, names: list[str]) -> list[str]:
        if bad := [n for n in names if not n.strip() or not n.isprintable() or len(n) > 80]:
            raise ValueError(f"gemeente '{shown(bad[0])}' is geen naam; verwacht bijv. 'Losser'")
        if dupes := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"gemeente dubbel ingesteld: {dutch_list(dupes, quote=True)}")
        folders: dict[str, str] = {}
        for name in names:  # case-insensitive: a network share may not tell 'Losser' from 'losser'
            if (other := folders.setdefault(safe_component(name).casefold(), name)) != name:
                raise ValueError(
                    f"gemeenten '{shown(other)}' en '{shown(name)}' krijgen dezelfde mapnaam "
                    f"'{safe_component(name)}'; kies namen die meer verschillen"
                )
        return names

    # What a run computes and writes with, derived once per Settings object: a run builds its Settings
    # once where it starts (the command line, flows/start.py) and hands that object down, so the figure
    # context and the texts are built once per run, however many steps ask. A Settings object is not
    # changed after it is built; `model_copy` (a changed setting) builds them again.
    def figure_context(self) -> FigureContext:
        """The configured values the figures are computed with, as plain data for the transforms."""
        return self._figure_context

    def parameters(self) -> Parameters:
        """The configured values the KPI texts name (T, S, the callback and desk norms, the evening)."""
        return Parameters(
            self.telephony.answer_norm_s,
            self.telephony.short_abandon_s,
            self.cases.callback_norm_werkdagen,
            self.appointments.wait_norm_minutes,
            self.appointments.evening_from,
        )

    def texts(self) -> dict[str, KpiText]:
        """Every KPI's texts with the configured values filled in (core/catalogue.py `texts`)."""
        return self._texts

    @cached_property
    def _figure_context(self) -> FigureContext:
        return FigureContext(
            tz=self.timezone,
            answer_norm_s=self.telephony.answer_norm_s,
            short_abandon_s=self.telephony.short_abandon_s,
            callback_norm_werkdagen=self.cases.callback_norm_werkdagen,
            closing_days=tuple(self.cases.closing_days),
            terms=tuple((t.code, t.term, t.unit) for t in self.case_types),
            contactverzoek_types=tuple(self.contactverzoek_types()),
            wait_norm_minutes=self.appointments.wait_norm_minutes,
            evening_from=self.appointments.evening_from,
            norms={k: (n.target, n.direction) for k, n in self.norms.items()},
            queues=tuple(
                QueueRule(q.name, q.gemeente, q.line, q.team, q.valid_from, q.valid_until) for q in self.queues
            ),
            case_switch=tuple((c.gemeente, c.vanaf) for c in self.zgw),
            ambitions=tuple(a.as_target() for a in self.ambitions),
            ambitions_for=tuple(self.report.ambitions_for),
        )

    @cached_property
    def _texts(self) -> dict[str, KpiText]:
        return texts(self.parameters())

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (with `update` applied): its derived values are built again from its own settings."""
        copied = super().model_copy(update=update, deep=deep)
        for derived in ("_figure_context", "_texts"):
            copied.__dict__.pop(derived, None)
        return copied

    def contactverzoek_types(self) -> list[str]:
        return [t.code for t in self.case_types if t.contactverzoek]

    # Folders inside the working folder.
    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def store_path(self) -> Path | str:
        """The store's folder, or its s3:// URI."""
        if self.store is None:
            return self.home / "store"
        return self.store if self.store.startswith("s3://") else Path(self.store)

    @property
    def quarantine_path(self) -> Path:
        return self.home / "quarantine"

    @property
    def archive_path(self) -> Path:
        return self.home / "archive"

    @property
    def reports_path(self) -> Path:
        return self.home / "reports"


# A flow parameter that carries the run's one Settings object from the top-level flow (or the
# command line) down to its subflows and its alert hook. Left out of the parameter schema, so a
# deployment's form asks only for `config` and `home`; the secrets in it are masked (SecretStr)
# where Prefect records the parameters.
PassedSettings = SkipJsonSchema[Settings | None]
# The same for a flow that only a run's start calls (never a deployment): it takes the run's Settings,
# and builds none of its own (flows/start.py).
RunSettings = SkipJsonSchema[Settings]


def load_settings(config: str | Path | None = None, home: str | Path | None = None) -> Settings:
    """Build the settings once: TOML file (argument or DVM_CONFIG), env, flags. Every problem is
    a UserError in one Dutch line, naming the file and the key."""
    config = config or os.environ.get("DVM_CONFIG")
    data: dict = {}
    if config:
        data = read_toml(Path(config))
    try:
        settings = Settings(**data)
    except RecursionError:  # a structure nested thousands deep: no configuration is
        raise UserError(f"configuratie ongeldig ({shown(str(config), 200)}): {TOO_DEEP}") from None
    except ValidationError as exc:
        problems = sentences(problem(e, Settings) for e in exc.errors())
        secrets = {t.get("secret_env") for t in data.get("zgw", []) if isinstance(t, dict)}  # not settings
        env = sorted(k for k in os.environ if k.startswith("DVM_") and k not in {"DVM_CONFIG", "DVM_HOME", *secrets})
        where = (
            dutch_list(
                [
                    *([shown(str(config), 200)] if config else []),
                    *([f"omgevingsvariabelen {', '.join(env)}"] if env else []),
                ]
            )
            or "standaardwaarden"
        )
        raise UserError(f"configuratie ongeldig ({where}): {problems}") from None
    if home is not None:
        settings = settings.model_copy(update={"home": Path(home)})
    return settings
