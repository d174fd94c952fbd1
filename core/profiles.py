"""Profiles: how one municipality's export layout maps onto canonical fields.

The defaults are the layouts of `contracts/SOURCES.md`; a municipality with
another layout overrides them in its TOML configuration, not in code. A profile is
read as strictly as every table of the configuration: an unknown key is an error,
and its formats, time zone and encoding are checked when it is loaded, not on the
first export.
"""

from __future__ import annotations

import codecs
import encodings.aliases
import zoneinfo
from datetime import datetime
from typing import Annotated, ClassVar, Literal

import polars as pl
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from core.ambitions import REGISTER_TARGETS
from core.wording import closest, did_you_mean, shown

# Canonical outcome values of a call.
OUTCOMES = ("beantwoord", "opgehangen", "terugbelverzoek", "voicemail", "gesloten", "ivr")
# Canonical receiving channels of a case.
CHANNELS = ("telefoon", "balie", "email", "webformulier", "post", "sociale_media", "intern")


def _labels_known(profile: str, mapping: dict[str, str], allowed: tuple[str, ...], what: str) -> None:
    if bad := set(mapping.values()) - set(allowed):
        raise ValueError(f"profiel {profile}: onbekende {what} {sorted(bad)}; toegestaan {list(allowed)}")


_SAMPLE = datetime(2026, 7, 9, 13, 45, 56)  # every field distinct: a format that drops one is caught


def check_time_format(fmt: str, kind: Literal["datum", "tijd", "datum en tijd"]) -> str:
    """A strptime format as polars reads it: it must read back what it writes (the date, the
    hour and minute, or both), so a directive that does not exist or a missing part is caught
    here, not on the first export."""
    dtype = {"datum": pl.Date(), "tijd": pl.Time(), "datum en tijd": pl.Datetime("us")}[kind]
    try:
        parsed = pl.Series([_SAMPLE.strftime(fmt)]).str.strptime(dtype, fmt, strict=True).item()
    except (pl.exceptions.PolarsError, ValueError):
        parsed = None
    wanted = {
        "datum": lambda v: v == _SAMPLE.date(),
        "tijd": lambda v: (v.hour, v.minute) == (13, 45),
        "datum en tijd": lambda v: (v.date(), v.hour, v.minute) == (_SAMPLE.date(), 13, 45),
    }[kind]
    if parsed is None or not wanted(parsed):
        example = {"datum": "%d-%m-%Y", "tijd": "%H:%M", "datum en tijd": "%d-%m-%Y %H:%M"}[kind]
        name = {"datum": "datumformaat", "tijd": "tijdformaat", "datum en tijd": "datum- en tijdformaat"}[kind]
        raise ValueError(f"'{shown(fmt)}' is geen bruikbaar {name} (strptime); verwacht bijv. '{example}'")
    return fmt


def check_time_zone(name: str) -> str:
    """An IANA time zone that both Python and polars know (Europe/Amsterdam)."""
    try:
        zoneinfo.ZoneInfo(name)
        pl.Series([_SAMPLE]).dt.replace_time_zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, pl.exceptions.PolarsError):
        known = zoneinfo.available_timezones() if name.isprintable() else set()
        raise ValueError(
            f"tijdzone '{shown(name)}' bestaat niet{did_you_mean(name, known)}"
            + ("" if closest(name, known) else "; verwacht bijv. 'Europe/Amsterdam'")
        ) from None
    return name


def check_encoding(name: str) -> str:
    """A text encoding Python can decode with (cp1252, utf-8)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        known = {*encodings.aliases.aliases.values(), "cp1252", "utf-8", "utf-8-sig", "latin-1"}
        raise ValueError(f"tekenset '{shown(name)}' bestaat niet{did_you_mean(name, known)}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"'{shown(name)}' is geen tekenset voor tekst; verwacht bijv. 'cp1252' of 'utf-8'")
    return name


# The checked types of the profiles' settings: a format strptime can use for its kind, a time zone, a codec.
DateFormat = Annotated[str, AfterValidator(lambda fmt: check_time_format(fmt, "datum"))]
DateTimeFormat = Annotated[str, AfterValidator(lambda fmt: check_time_format(fmt, "datum en tijd"))]
# a list of formats tried in order, checked as one value (a problem names the list, not an index in it)
TimeFormats = Annotated[list[str], AfterValidator(lambda fmts: [check_time_format(f, "tijd") for f in fmts])]
DateTimeFormats = Annotated[
    list[str], AfterValidator(lambda fmts: [check_time_format(f, "datum en tijd") for f in fmts])
]
TimeZone = Annotated[str, AfterValidator(check_time_zone)]
Encoding = Annotated[str, AfterValidator(check_encoding)]


class Profile(BaseModel):
    """What every layout profile has: export header -> canonical field, each required field mapped."""

    model_config = ConfigDict(extra="forbid")
    NAME: ClassVar[str]
    # the fields a configured layout must map: every field the standard layout (`columns`' default) maps
    REQUIRED: ClassVar[frozenset[str]]
    columns: dict[str, str]

    @model_validator(mode="after")
    def _every_field_mapped(self) -> Profile:
        if missing := self.REQUIRED - set(self.columns.values()):
            raise ValueError(f"profiel {self.NAME}: geen kolom voor {sorted(missing)}")
        return self

    def column_for(self, canonical: str) -> str:
        return next(src for src, dst in self.columns.items() if dst == canonical)


class KccProfile(Profile):
    NAME = "kcc"
    separator: str = ","
    # export header -> canonical field
    columns: dict[str, str] = {
        "CallId": "call_id",
        "StartTimeUTC": "gestart_op",
        "Queue": "wachtrij",
        "WaitSeconds": "wacht_s",
        "TalkSeconds": "gesprek_s",
        "HoldSeconds": "wacht_in_gesprek_s",
        "WrapUpSeconds": "nawerk_s",
        "Outcome": "uitkomst",
        "TransferredTo": "doorverbonden_naar",
    }
    REQUIRED = frozenset(columns.values())
    # export label -> canonical outcome
    outcomes: dict[str, str] = {
        "Answered": "beantwoord",
        "Abandoned": "opgehangen",
        "Callback": "terugbelverzoek",
        "Voicemail": "voicemail",
        "Closed": "gesloten",
        "IVR": "ivr",
    }
    # strptime format of the start time; must yield UTC
    time_format: DateTimeFormat = "%Y-%m-%dT%H:%M:%SZ"

    @model_validator(mode="after")
    def _outcomes_known(self) -> KccProfile:
        _labels_known(self.NAME, self.outcomes, OUTCOMES, "uitkomst")
        return self


OTHER_RESULT = "overig"  # a Corsa Resultaat the profile does not list
DEFAULT_RESULTS = (  # the usual Dutch result labels of municipal case types (ZGW resultaattypes, Corsa lists)
    "Afgehandeld",
    "Afgewezen",
    "Algemene voorziening",
    "Beantwoord",
    "Besluit genomen",
    "Beschikking verzonden",
    "Buiten behandeling",
    "Deels openbaar",
    "Deels toegekend",
    "Doorgestuurd",
    "Doorverwezen",
    "Gegrond",
    "Gedeeltelijk gegrond",
    "Geweigerd",
    "Ingetrokken",
    "Maatwerkvoorziening toegekend",
    "Niet bereikt",
    "Niet in beheer gemeente",
    "Niet ontvankelijk",
    "Niet openbaar",
    "Ongegrond",
    "Openbaar gemaakt",
    "Opgelost",
    "Procedure afgebroken",
    "Teruggebeld",
    "Toegekend",
    "Verleend",
    "Vergunning verleend",
    "Vergunning geweigerd",
    "Zaak afgehandeld",
)


class CorsaProfile(Profile):
    NAME = "corsa"
    separator: str = ";"
    encoding: Encoding = "cp1252"  # Python codec name; read strictly, never guessed
    date_format: DateFormat = "%d-%m-%Y"

    # export header -> canonical field; PII columns (Behandelaar, Omschrijving, Initiator ...) are simply absent
    columns: dict[str, str] = {
        "Zaaknummer": "zaak_id",
        "Zaaktype code": "zaaktype_code",
        "Zaaktype": "zaaktype",
        "Team": "team",
        "Ontvangstkanaal": "kanaal",
        "Registratiedatum": "registratiedatum",
        "Startdatum": "startdatum",
        "Streefdatum": "streefdatum",
        "Fatale datum": "fatale_datum",
        "Einddatum": "einddatum",
        "Status": "status",
        "Resultaat": "resultaat",
        "Opgeschort (dagen)": "opgeschort_dagen",
        "Verlengd": "verlengd",
        "Gemeente": "gemeente",
    }
    REQUIRED = frozenset(columns.values())
    channels: dict[str, str] = {
        "Telefoon": "telefoon",
        "Balie": "balie",
        "E-mail": "email",
        "Webformulier": "webformulier",
        "Post": "post",
        "Sociale media": "sociale_media",
        "Intern": "intern",
    }
    statuses: dict[str, str] = {
        "Ontvangen": "ontvangen",
        "In behandeling": "in_behandeling",
        "Opgeschort": "opgeschort",
        "Afgehandeld": "afgehandeld",
    }
    yes_no: dict[str, bool] = {"ja": True, "nee": False}
    # Resultaat is a free label in Corsa and can carry a name ("Besproken met ..."): only these labels are
    # kept (case and surrounding spaces aside, stored as spelled here); any other is stored as OTHER_RESULT
    # and counted in Datakwaliteit ("Nog niet ingesteld").
    results: list[str] = list(DEFAULT_RESULTS)

    @model_validator(mode="after")
    def _channels_known(self) -> CorsaProfile:
        _labels_known(self.NAME, self.channels, CHANNELS, "kanaal")
        return self


class ZgwProfile(Profile):
    """The ZGW Zaken API's cases as a pull writes them (sources/zgw.py): the API's field -> canonical
    field (the names its row rules' reasons use), the communicatiekanaal's `naam` -> channel, and the
    status the pull derives (einddatum: Afgehandeld; opschorting.indicatie: Opgeschort)."""

    NAME = "zgw"
    date_format: DateFormat = "%Y-%m-%d"  # ISO 8601, as the API sends dates
    columns: dict[str, str] = {
        "identificatie": "zaak_id",
        "zaaktype.identificatie": "zaaktype_code",
        "zaaktype.omschrijving": "zaaktype",
        "behandelaar": "team",
        "communicatiekanaal": "kanaal",
        "registratiedatum": "registratiedatum",
        "startdatum": "startdatum",
        "einddatumGepland": "streefdatum",
        "uiterlijkeEinddatumAfdoening": "fatale_datum",
        "einddatum": "einddatum",
        "status": "status",
        "resultaat": "resultaat",
        "opschorting": "opgeschort_dagen",
        "verlenging": "verlengd",
        "gemeente": "gemeente",
    }
    REQUIRED = frozenset(columns.values())
    channels: dict[str, str] = dict(CorsaProfile.model_fields["channels"].default)
    statuses: dict[str, str] = dict(CorsaProfile.model_fields["statuses"].default)
    yes_no: dict[str, bool] = {"ja": True, "nee": False}

    @model_validator(mode="after")
    def _channels_known(self) -> ZgwProfile:
        _labels_known(self.NAME, self.channels, CHANNELS, "kanaal")
        return self


# Canonical booking channels and statuses of an appointment.
BOOKING_CHANNELS = ("internet", "telefoon", "balie")
APPOINTMENT_STATUSES = ("gepland", "verschenen", "niet_verschenen", "geannuleerd")


class JccProfile(Profile):
    NAME = "jcc"
    separator: str = ";"  # .csv exports; UTF-8, a byte-order mark may lead
    sheet: str = "Afspraken"  # .xlsx exports; header in row 1
    date_format: DateFormat = "%d-%m-%Y"
    # time of day (Begintijd, Eindtijd, Aangemeld, ...): tried in order
    time_formats: TimeFormats = ["%H:%M:%S", "%H:%M"]
    # Geboekt op: tried in order
    booked_formats: DateTimeFormats = ["%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S"]
    time_zone: TimeZone = "Europe/Amsterdam"  # local time of every date/time column

    # a .xlsx is refused before parsing when it would unpack to more than this
    max_uncompressed_mb: int = 200
    # export header -> canonical field; PII columns (Naam klant, E-mail, Telefoon) are simply absent
    columns: dict[str, str] = {
        "Afspraaknummer": "afspraak_id",
        "Productcode": "product_code",
        "Product": "product",
        "Locatie": "locatie",
        "Datum": "datum",
        "Begintijd": "begin",
        "Eindtijd": "eind",
        "Geboekt op": "geboekt_op",
        "Geboekt via": "boekingskanaal",
        "Status": "status",
        "Aangemeld": "aangemeld",
        "Opgeroepen": "opgeroepen",
        "Afgerond": "afgerond",
        "Gemeente": "gemeente",
    }
    REQUIRED = frozenset(columns.values())
    channels: dict[str, str] = {"Internet": "internet", "Telefoon": "telefoon", "Balie": "balie"}
    statuses: dict[str, str] = {
        "Gepland": "gepland",
        "Verschenen": "verschenen",
        "Niet verschenen": "niet_verschenen",
        "Geannuleerd": "geannuleerd",
    }

    @model_validator(mode="after")
    def _jcc_labels_known(self) -> JccProfile:
        _labels_known(self.NAME, self.channels, BOOKING_CHANNELS, "boekingskanaal")
        _labels_known(self.NAME, self.statuses, APPOINTMENT_STATUSES, "status")
        return self


# Canonical channels and questions of a Klant in Focus response, and each question's score range (DOMAIN.md).
FEEDBACK_CHANNELS = ("telefoon", "balie", "email", "webformulier", "website")
QUESTIONS = ("smiley", "rapportcijfer")
SCORE_RANGES: dict[str, tuple[int, int]] = {"smiley": (1, 5), "rapportcijfer": (1, 10)}


class KifProfile(Profile):
    NAME = "kif"
    separator: str = ";"  # UTF-8, a byte-order mark may lead
    # Datum (when the response was given): tried in order
    time_formats: DateTimeFormats = ["%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S"]
    time_zone: TimeZone = "Europe/Amsterdam"  # local time of Datum

    # export header -> canonical field; PII columns (Toelichting, E-mailadres) are simply absent
    columns: dict[str, str] = {
        "Reactie-ID": "reactie_id",
        "Datum": "ontvangen_op",
        "Kanaal": "kanaal",
        "Contactmoment": "contactmoment",
        "Vraag": "vraag",
        "Score": "score",
        "Team": "team",
        "Product": "product",
        "Pagina": "pagina",
        "Gemeente": "gemeente",
    }
    REQUIRED = frozenset(columns.values())
    channels: dict[str, str] = {
        "Telefoon": "telefoon",
        "Balie": "balie",
        "E-mail": "email",
        "Webformulier": "webformulier",
        "Website": "website",
    }
    questions: dict[str, str] = {"Smiley": "smiley", "Rapportcijfer": "rapportcijfer"}
    # a Score that means "no answer": not counted anywhere (compared without case and surrounding spaces)
    no_answer: list[str] = ["Weet niet"]

    @model_validator(mode="after")
    def _kif_labels_known(self) -> KifProfile:
        _labels_known(self.NAME, self.channels, FEEDBACK_CHANNELS, "kanaal")
        _labels_known(self.NAME, self.questions, QUESTIONS, "vraag")
        return self


class RegisterProfile(Profile):
    """The programme's own register (`programma_register_<stamp>.xlsx`, written by `dvm register-sjabloon`):
    one row per measurement. `indicators` (code -> measure) are those of the configured `[[ambitions]]`
    (core/settings.py fills them in); a row naming another is quarantined."""

    NAME = "programma"
    sheet: str = "Register"  # header in row 1
    date_format: DateFormat = "%d-%m-%Y"  # a Peildatum typed as text; a real date cell is read as a date
    max_uncompressed_mb: int = 50  # a .xlsx is refused before parsing when it would unpack to more than this
    columns: dict[str, str] = {
        "Gemeente": "gemeente",
        "Project": "project",
        "Plateau": "plateau",
        "Indicator": "indicator",
        "Teller": "teller",
        "Noemer": "noemer",
        "Waarde": "waarde",
        "Peildatum": "peildatum",
        "Bron en toelichting": "toelichting",
        "Ingevoerd door (rol)": "ingevoerd_door",
    }
    REQUIRED = frozenset(columns.values())
    # Who entered a row, as a role; any other text (a name) is not read: the row keeps no author.
    roles: list[str] = [
        "programmamanager",
        "projectleider",
        "medewerker dienstverlening",
        "teamleider",
        "adviseur",
        "communicatieadviseur",
        "beleidsmedewerker",
    ]
    indicators: dict[str, Literal["percentage", "aantal", "cijfer"]] = Field(
        default_factory=lambda: {t.indicator: t.measure for t in REGISTER_TARGETS}
    )
