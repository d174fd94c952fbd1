"""Corsa case export (`corsa_zaken_<stamp>.csv`) -> canonical cases.

Semicolon separated, Windows-1252 (read strictly: bytes that are not valid
Windows-1252, or that are plainly UTF-8, reject the file rather than being
guessed at), dates `dd-mm-jjjj`, empty = unknown. Behandelaar, Omschrijving,
Initiator BSN and Initiator naam are never read past the header.
"""

from __future__ import annotations

import polars as pl

from dvm.errors import FileRejected
from sources.cases_schema import CASES_KEY, CASES_SCHEMA
from sources.files import ExportFile
from sources.layout import (Rule, SourceBatch, check_columns, duplicate_key, mapped, missing_key, read_text_csv,
                            split_by_rules, unknown_label, whole_number)
from sources.profiles import CorsaProfile

__all__ = ["CASES_KEY", "CASES_SCHEMA", "load_cases"]
DATES = ("registratiedatum", "startdatum", "streefdatum", "fatale_datum", "einddatum")
REQUIRED_DATES = ("registratiedatum", "startdatum")


def _decoded(file: ExportFile, encoding: str) -> str:
    data = file.path.read_bytes()
    if not data.strip():
        raise FileRejected(file.name, "bestand is leeg; verwacht een kopregel met kolomnamen")
    if encoding.lower().replace("-", "") in {"cp1252", "windows1252"} and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:  # non-ASCII text that is valid UTF-8 is, in practice, never Windows-1252
            raise FileRejected(file.name, "tekens zijn UTF-8 gecodeerd; verwacht Windows-1252 (cp1252)")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            file.name, f"byte 0x{data[exc.start]:02x} op regel {line} is geen {encoding}; verwacht Windows-1252"
        ) from None


def load_cases(file: ExportFile, profile: CorsaProfile) -> SourceBatch:
    """Read one Corsa export. Raises FileRejected when the file cannot be read as its layout."""
    col = profile.column_for
    text = _decoded(file, profile.encoding).removeprefix("\ufeff")
    header = [c.strip().strip('"') for c in text.split("\n", 1)[0].rstrip("\r").split(profile.separator)]
    check_columns(file, header, list(profile.columns), profile.separator)
    raw = read_text_csv(file, text.encode("utf-8"), profile.separator, profile.columns, profile.encoding)

    def date_of(c: str) -> pl.Expr:
        return pl.col(c).str.strptime(pl.Date, profile.date_format, strict=False)

    typed = (
        raw.lazy()
        .with_columns(pl.col(c).str.strip_chars().replace("", None) for c in raw.columns if c != "rij")
        .with_columns(
            *[date_of(c).alias(f"{c}_d") for c in DATES],
            mapped("kanaal", profile.channels, "kanaal_canon"),
            mapped("status", profile.statuses, "status_canon"),
            pl.col("verlengd").str.to_lowercase()
            .replace_strict(profile.yes_no, default=None, return_dtype=pl.Boolean).alias("verlengd_b"),
            pl.col("opgeschort_dagen").cast(pl.Int32, strict=False).alias("opgeschort_int"),
        )
    )
    rules = [
        missing_key("zaak_id", col("zaak_id")),
        *[Rule("datum_ontbreekt", pl.col(c).is_null(), pl.lit(f"{col(c)} ontbreekt")) for c in REQUIRED_DATES],
        *[Rule("ongeldige_datum", pl.col(c).is_not_null() & pl.col(f"{c}_d").is_null(),
               pl.format(f"{col(c)} is geen geldige datum (dd-mm-jjjj): '{{}}'", pl.col(c))) for c in DATES],
        Rule("einde_voor_start", pl.col("einddatum_d") < pl.col("startdatum_d"),
             pl.format(f"{col('einddatum')} {{}} ligt voor {col('startdatum')} {{}}",
                       pl.col("einddatum"), pl.col("startdatum"))),
        *whole_number("opgeschort_dagen", "opgeschort_int", col("opgeschort_dagen"), required=False),
        unknown_label("onbekend_kanaal", "kanaal", "kanaal_canon", col("kanaal"), list(profile.channels)),
        unknown_label("onbekende_status", "status", "status_canon", col("status"), list(profile.statuses)),
        Rule("onbekende_waarde", pl.col("verlengd").is_not_null() & pl.col("verlengd_b").is_null(),
             pl.format(f"{col('verlengd')} '{{}}' is geen ja/nee", pl.col("verlengd"))),
        Rule("gemeente_ontbreekt", pl.col("gemeente").is_null(), pl.lit(f"{col('gemeente')} is leeg")),
        duplicate_key("zaak_id", col("zaak_id")),
    ]
    records = [
        "zaak_id", "zaaktype_code", "zaaktype", "team", pl.col("kanaal_canon").alias("kanaal"),
        *[pl.col(f"{c}_d").alias(c) for c in DATES],
        pl.col("status_canon").alias("status"), "resultaat",
        pl.col("opgeschort_int").fill_null(0).alias("opgeschort_dagen"),
        pl.col("verlengd_b").alias("verlengd"), "gemeente",
    ]
    good, quarantine = split_by_rules(typed, rules, file, "corsa", "zaak_id", records, CASES_SCHEMA)
    return SourceBatch(file, good, quarantine, raw.height)
