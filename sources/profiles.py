"""Profiles: how one municipality's export layout maps onto canonical fields.

The defaults are the layouts of `contracts/SOURCES.md`; a municipality with
another layout overrides them in its TOML configuration, not in code.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, model_validator

# Canonical outcome values of a call.
OUTCOMES = ("beantwoord", "opgehangen", "terugbelverzoek", "voicemail", "gesloten", "ivr")
# Canonical receiving channels of a case.
CHANNELS = ("telefoon", "balie", "email", "webformulier", "post", "sociale_media", "intern")


def _labels_known(profile: str, mapping: dict[str, str], allowed: tuple[str, ...], what: str) -> None:
    if bad := set(mapping.values()) - set(allowed):
        raise ValueError(f"profiel {profile}: onbekende {what} {sorted(bad)}; toegestaan {list(allowed)}")


class Profile(BaseModel):
    """What every layout profile has: export header -> canonical field, each required field mapped."""

    NAME: ClassVar[str]
    REQUIRED: ClassVar[frozenset[str]]
    columns: dict[str, str]

    @model_validator(mode="after")
    def _every_field_mapped(self) -> "Profile":
        if missing := self.REQUIRED - set(self.columns.values()):
            raise ValueError(f"profiel {self.NAME}: geen kolom voor {sorted(missing)}")
        return self

    def column_for(self, canonical: str) -> str:
        return next(src for src, dst in self.columns.items() if dst == canonical)


class KccProfile(Profile):
    NAME = "kcc"
    REQUIRED = frozenset({"call_id", "gestart_op", "wachtrij", "wacht_s", "gesprek_s", "wacht_in_gesprek_s",
                          "nawerk_s", "uitkomst", "doorverbonden_naar"})
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
    time_format: str = "%Y-%m-%dT%H:%M:%SZ"

    @model_validator(mode="after")
    def _outcomes_known(self) -> "KccProfile":
        _labels_known(self.NAME, self.outcomes, OUTCOMES, "uitkomst")
        return self


class CorsaProfile(Profile):
    NAME = "corsa"
    REQUIRED = frozenset({"zaak_id", "zaaktype_code", "zaaktype", "team", "kanaal", "registratiedatum",
                          "startdatum", "streefdatum", "fatale_datum", "einddatum", "status", "resultaat",
                          "opgeschort_dagen", "verlengd", "gemeente"})
    separator: str = ";"
    encoding: str = "cp1252"  # Python codec name; read strictly, never guessed
    date_format: str = "%d-%m-%Y"
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
    channels: dict[str, str] = {
        "Telefoon": "telefoon", "Balie": "balie", "E-mail": "email", "Webformulier": "webformulier",
        "Post": "post", "Sociale media": "sociale_media", "Intern": "intern",
    }
    statuses: dict[str, str] = {
        "Ontvangen": "ontvangen", "In behandeling": "in_behandeling", "Opgeschort": "opgeschort",
        "Afgehandeld": "afgehandeld",
    }
    yes_no: dict[str, bool] = {"ja": True, "nee": False}

    @model_validator(mode="after")
    def _channels_known(self) -> "CorsaProfile":
        _labels_known(self.NAME, self.channels, CHANNELS, "kanaal")
        return self


# Canonical booking channels and statuses of an appointment.
BOOKING_CHANNELS = ("internet", "telefoon", "balie")
APPOINTMENT_STATUSES = ("gepland", "verschenen", "niet_verschenen", "geannuleerd")


class JccProfile(Profile):
    NAME = "jcc"
    REQUIRED = frozenset({"afspraak_id", "product_code", "product", "locatie", "datum", "begin", "eind",
                          "geboekt_op", "boekingskanaal", "status", "aangemeld", "opgeroepen", "afgerond",
                          "gemeente"})
    separator: str = ";"  # .csv exports; UTF-8, a byte-order mark may lead
    sheet: str = "Afspraken"  # .xlsx exports; header in row 1
    date_format: str = "%d-%m-%Y"
    # time of day (Begintijd, Eindtijd, Aangemeld, ...): tried in order
    time_formats: list[str] = ["%H:%M:%S", "%H:%M"]
    # Geboekt op: tried in order
    booked_formats: list[str] = ["%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S"]
    time_zone: str = "Europe/Amsterdam"  # local time of every date/time column
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
    channels: dict[str, str] = {"Internet": "internet", "Telefoon": "telefoon", "Balie": "balie"}
    statuses: dict[str, str] = {
        "Gepland": "gepland", "Verschenen": "verschenen", "Niet verschenen": "niet_verschenen",
        "Geannuleerd": "geannuleerd",
    }

    @model_validator(mode="after")
    def _jcc_labels_known(self) -> "JccProfile":
        _labels_known(self.NAME, self.channels, BOOKING_CHANNELS, "boekingskanaal")
        _labels_known(self.NAME, self.statuses, APPOINTMENT_STATUSES, "status")
        return self
