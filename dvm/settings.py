"""One typed settings object, built once at flow start and passed down.

Precedence (highest first): command-line flags (`--home`), environment
variables (`DVM_...`, nested with `__`, e.g. `DVM_TELEPHONY__ANSWER_NORM_S=20`),
the TOML file (`--config FILE` or `DVM_CONFIG`), the defaults below.
Nothing here reads the environment at import time.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dvm.catalogue import BY_CODE, SMALL_NUMBER, Parameters, default_norms
from dvm.errors import UserError
from sources.profiles import CorsaProfile, JccProfile, KccProfile


class QueueMapping(BaseModel):
    """Maps a telephony queue to a gemeente, a line (1 or 2) and a team."""

    name: str
    gemeente: str
    line: Literal[1, 2]
    team: str


class Norm(BaseModel):
    target: float
    direction: Literal[">=", "<="]  # realisation must be >= or <= target


class TelephonySettings(BaseModel):
    answer_norm_s: int = Field(30, ge=0, description="T: answered within T seconds")
    short_abandon_s: int = Field(5, ge=0, description="S: abandons shorter than S are not offered")


def _default_queues() -> list[QueueMapping]:
    teams = {"KCC": ("KCC", 1), "PVH": ("PVH", 2), "BFR": ("BFR", 2), "ZORG": ("Zorg", 2),
             "WI": ("Werk & Inkomen", 2), "BB": ("Bedrijfsbureau", 2)}
    out = []
    for prefix, gemeente in (("LOS", "Losser"), ("ENS", "Enschede")):
        for suffix, (team, line) in teams.items():
            out.append(QueueMapping(name=f"{prefix}-{suffix}", gemeente=gemeente, line=line, team=team))
    return out


def _default_norms() -> dict[str, Norm]:
    """The catalogue's default norms (DOMAIN.md); a configured `[norms]` table replaces them."""
    return {code: Norm(target=n.target, direction=n.direction) for code, n in default_norms().items()}


class Profiles(BaseModel):
    kcc: KccProfile = KccProfile()
    corsa: CorsaProfile = CorsaProfile()
    jcc: JccProfile = JccProfile()


class CaseType(BaseModel):
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


class AppointmentSettings(BaseModel):
    wait_norm_minutes: int = Field(10, ge=0, description="called within N minutes of max(check-in, slot start)")
    evening_from: time = Field(time(17, 0), description="a slot starting at or after this is an evening slot")


def _cron_hours(cron: str) -> set[int]:
    """The hours a five-field cron expression can fire at (plain numbers, lists, ranges, steps, *)."""
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"'{cron}' is geen cron-uitdrukking met vijf velden (minuut uur dag maand weekdag)")
    hours: set[int] = set()
    for part in fields[1].split(","):
        spec, _, step = part.partition("/")
        if spec == "*":
            lo, hi = 0, 23
        elif "-" in spec:
            lo, hi = (int(x) for x in spec.split("-", 1))
        else:
            lo = int(spec)
            hi = 23 if step else lo  # "5/6" = from 5, every 6 hours
        hours.update(range(lo, hi + 1, int(step) if step else 1))
    return hours


class ScheduleSettings(BaseModel):
    # Local time (Europe/Amsterdam). Not between 02:00 and 03:00: on the last Sunday of March that
    # hour does not exist, and in October it comes twice.
    nightly_cron: str = Field("30 5 * * *", description="the nightly run, local time")
    annual_cron: str = Field("0 6 1 3 *", description="the annual appendix (previous year), local time")

    @field_validator("nightly_cron", "annual_cron")
    @classmethod
    def _outside_the_dst_change(cls, cron: str) -> str:
        try:
            hours = _cron_hours(cron)
        except ValueError as exc:
            raise ValueError(f"schema '{cron}': {exc}") from None
        if 2 in hours:
            raise ValueError(f"schema '{cron}' valt tussen 02:00 en 03:00; dat uur bestaat niet op de dag van de "
                             "zomertijd en komt twee keer voor bij de wintertijd; kies een ander uur")
        return cron


class DeliverySettings(BaseModel):
    smtp_host: str = "localhost"
    smtp_port: int = 587
    starttls: bool = True
    ca_file: Path | None = Field(None, description="extra CA to trust (an internal CA); default: the system's")
    smtp_user: str | None = Field(None, description="from the environment: DVM_DELIVERY__SMTP_USER")
    smtp_password: SecretStr | None = Field(None, description="only from the environment: "
                                                              "DVM_DELIVERY__SMTP_PASSWORD, never in the TOML")
    sender: str = "dienstverleningsmonitor@localhost"
    recipients: list[str] = Field(default_factory=list, description="who gets the reports (controller, ...)")
    operators: list[str] = Field(default_factory=list, description="who gets alerts when a run fails")
    nightly_mail: Literal["always", "on_problems", "never"] = Field(
        "on_problems", description="when the operators get the nightly run's account: every night, only when a "
                                   "file was rejected or rows were quarantined, or never")
    copy_to: Path | None = Field(None, description="folder (network share) that also gets a copy")
    timeout_s: float = Field(30, gt=0)

    @field_validator("sender", "recipients", "operators")
    @classmethod
    def _addresses(cls, value):
        for address in [value] if isinstance(value, str) else value:
            if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
                raise ValueError(f"'{address}' is geen e-mailadres")
        return value


class ReportSettings(BaseModel):
    min_records: int = Field(SMALL_NUMBER, ge=1, description="a ratio over fewer records is a small number: "
                                                              "marked, and without a verdict")
    pdf: bool = Field(True, description="print each workbook to a PDF beside it (needs LibreOffice)")


class CaseSettings(BaseModel):
    callback_norm_werkdagen: int = Field(2, ge=0, description="contactverzoek handled within N werkdagen")
    closing_days: list[date] = Field(default_factory=list, description="local closing days (not werkdagen)")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DVM_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    home: Path = Path("dvm-home")
    timezone: str = "Europe/Amsterdam"
    store_wait_s: float = Field(300, ge=0, description="how long a load waits for another writer")
    inbox_retries_s: list[float] = Field([10, 30, 60], description="waits before each retry of reading the inbox "
                                                                   "(a network share may be briefly away)")
    telephony: TelephonySettings = TelephonySettings()
    queues: list[QueueMapping] = Field(default_factory=_default_queues)
    norms: dict[str, Norm] = Field(default_factory=_default_norms)
    profiles: Profiles = Profiles()
    case_types: list[CaseType] = Field(default_factory=_default_case_types)
    cases: CaseSettings = CaseSettings()
    appointments: AppointmentSettings = AppointmentSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    report: ReportSettings = ReportSettings()
    delivery: DeliverySettings = DeliverySettings()

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        # Environment beats the TOML file, which is passed in as init kwargs.
        return env_settings, init_settings, file_secret_settings

    @field_validator("queues")
    @classmethod
    def _unique_queue_names(cls, queues: list[QueueMapping]) -> list[QueueMapping]:
        names = [q.name for q in queues]
        if dupes := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"wachtrij dubbel ingesteld: {dupes}")
        return queues

    @field_validator("case_types")
    @classmethod
    def _unique_case_types(cls, types: list[CaseType]) -> list[CaseType]:
        codes = [t.code for t in types]
        if dupes := sorted({c for c in codes if codes.count(c) > 1}):
            raise ValueError(f"zaaktype dubbel ingesteld: {dupes}")
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
            raise ValueError(f"norm voor onbekende KPI: {unknown}")
        return norms

    def term_table(self) -> pl.DataFrame:
        """The case-type terms as the deadline transform takes them."""
        return pl.DataFrame([(t.code, t.term, t.unit) for t in self.case_types],
                            schema={"zaaktype_code": pl.String, "term": pl.Int64, "unit": pl.String}, orient="row")

    def parameters(self) -> Parameters:
        """The configured values the KPI texts name (T, S, the callback and desk norms, the evening)."""
        return Parameters(self.telephony.answer_norm_s, self.telephony.short_abandon_s,
                          self.cases.callback_norm_werkdagen, self.appointments.wait_norm_minutes,
                          self.appointments.evening_from)

    def contactverzoek_types(self) -> list[str]:
        return [t.code for t in self.case_types if t.contactverzoek]

    # Folders inside the working folder.
    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def store_path(self) -> Path:
        return self.home / "store"

    @property
    def quarantine_path(self) -> Path:
        return self.home / "quarantine"

    @property
    def archive_path(self) -> Path:
        return self.home / "archive"

    @property
    def reports_path(self) -> Path:
        return self.home / "reports"


def load_settings(config: str | Path | None = None, home: str | Path | None = None) -> Settings:
    """Build the settings once: TOML file (argument or DVM_CONFIG), env, flags."""
    config = config or os.environ.get("DVM_CONFIG")
    data: dict = {}
    if config:
        path = Path(config)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UserError(f"configuratiebestand '{path}' bestaat niet") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UserError(f"configuratiebestand '{path}' is geen geldige TOML: {exc}") from None
    try:
        settings = Settings(**data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise UserError(f"configuratie ongeldig ({config or 'standaardwaarden'}): {problems}") from None
    if home is not None:
        settings = settings.model_copy(update={"home": Path(home)})
    return settings
