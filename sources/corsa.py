"""Corsa case export (`corsa_zaken_<stamp>.csv`) -> canonical cases.

Semicolon separated, Windows-1252 (read strictly: bytes that are not valid
Windows-1252, or that are plainly UTF-8, reject the file rather than being
guessed at), dates `dd-mm-jjjj`, empty = unknown. Behandelaar, Omschrijving,
Initiator BSN and Initiator naam are never read past the header.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from core.errors import FileRejected
from core.profiles import OTHER_RESULT, CorsaProfile, ZgwProfile
from sources.cases_schema import CASES_KEY, CASES_SCHEMA
from sources.files import ExportFile
from sources.layout import (
    MAX_HEADER_BYTES,
    RawRows,
    Rule,
    SourceBatch,
    boundary,
    duplicate_key,
    first_line,
    gemeente_rules,
    leading_rules,
    mapped,
    missing,
    read_text_csv,
    shown_label,
    split_by_rules,
    unknown_label,
    unparsed,
    whole_number,
)

__all__ = ["CASES_KEY", "CASES_SCHEMA", "cases_of", "load_cases"]
DATES = ("registratiedatum", "startdatum", "streefdatum", "fatale_datum", "einddatum")
REQUIRED_DATES = ("registratiedatum", "startdatum")
# The layout's columns that are not read (personal data): recognised in a header, never read.
NOT_READ = ("Behandelaar", "Omschrijving", "Initiator BSN", "Initiator naam")
# Text that goes to the store unmapped.
FREE_TEXT = ("zaak_id", "zaaktype_code", "zaaktype", "team", "resultaat", "gemeente")  # resultaat: then known_result


def _decoded(file: ExportFile, encoding: str) -> str:
    data = file.path.read_bytes()
    first_line(file, data[: MAX_HEADER_BYTES + 1], encoding, "Windows-1252")  # empty, UTF-16, binary
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


def known_result(value: pl.Expr, results: Sequence[str]) -> pl.Expr:
    """A Resultaat as the profile spells it when it lists it (case and surrounding spaces aside), else
    OTHER_RESULT: a free label can carry a name, so no text the configuration does not know is kept."""
    spelled = {label.strip().lower(): label for label in results}
    key = value.str.strip_chars().str.to_lowercase()
    return pl.when(value.is_not_null()).then(key.replace_strict(spelled, default=OTHER_RESULT, return_dtype=pl.String))


@boundary
def load_cases(file: ExportFile, profile: CorsaProfile, gemeenten: Sequence[str] | None = None) -> SourceBatch:
    """Read one Corsa export. Raises FileRejected when the file cannot be read as its layout."""
    text = _decoded(file, profile.encoding)
    raw = read_text_csv(file, profile.separator, profile.columns, NOT_READ, profile.encoding, text=text)
    good, quarantine = cases_of(raw.frame.lazy(), file, profile, gemeenten, "corsa", raw)
    return SourceBatch(file, good, quarantine, raw.count)


def cases_of(
    rows: pl.LazyFrame,
    file: ExportFile,
    profile: CorsaProfile | ZgwProfile,
    gemeenten: Sequence[str] | None,
    source: str,
    raw: RawRows | None = None,
    date_hint: str = "dd-mm-jjjj",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cases from rows of text under the canonical names (and `rij`, the line): the row rules every
    case source applies (Corsa's export, the ZGW Zaken API's pull) -> (records, quarantine)."""
    col = profile.column_for

    def date_of(c: str) -> pl.Expr:
        return pl.col(c).str.strptime(pl.Date, profile.date_format, strict=False)

    typed = rows.with_columns(
        pl.col(c).str.strip_chars().replace("", None) for c in profile.columns.values()
    ).with_columns(
        *[date_of(c).alias(f"{c}_d") for c in DATES],
        mapped("kanaal", profile.channels, "kanaal_canon"),
        mapped("status", profile.statuses, "status_canon"),
        pl.col("verlengd")
        .str.to_lowercase()
        .replace_strict(profile.yes_no, default=None, return_dtype=pl.Boolean)
        .alias("verlengd_b"),
        pl.col("opgeschort_dagen").cast(pl.Int32, strict=False).alias("opgeschort_int"),
        # a ZGW pull carries no resultaat (its profile lists none): every kept label is one the profile knows
        known_result(pl.col("resultaat"), getattr(profile, "results", ())).alias("resultaat_label"),
    )
    rules = [
        *leading_rules(profile, "zaak_id", FREE_TEXT, raw.printable if raw else ()),
        *[missing("datum_ontbreekt", c, col(c)) for c in REQUIRED_DATES],
        *[unparsed("ongeldige_datum", c, f"{c}_d", col(c), f"datum ({date_hint})") for c in DATES],
        Rule(
            "einde_voor_start",
            pl.col("einddatum_d") < pl.col("startdatum_d"),
            pl.lit(f"{col('einddatum')} ligt voor {col('startdatum')}"),
        ),
        *whole_number("opgeschort_dagen", "opgeschort_int", col("opgeschort_dagen"), required=False),
        unknown_label("onbekend_kanaal", "kanaal", "kanaal_canon", col("kanaal"), list(profile.channels)),
        unknown_label("onbekende_status", "status", "status_canon", col("status"), list(profile.statuses)),
        Rule(
            "onbekende_waarde",
            pl.col("verlengd").is_not_null() & pl.col("verlengd_b").is_null(),
            pl.format(f"{col('verlengd')} is geen ja/nee {{}}", shown_label(pl.col("verlengd"))),
        ),
        *gemeente_rules("gemeente", col("gemeente"), gemeenten),
        duplicate_key("zaak_id", col("zaak_id")),
    ]
    records: list[pl.Expr | str] = [
        "zaak_id",
        "zaaktype_code",
        "zaaktype",
        "team",
        pl.col("kanaal_canon").alias("kanaal"),
        *[pl.col(f"{c}_d").alias(c) for c in DATES],
        pl.col("status_canon").alias("status"),
        pl.col("resultaat_label").alias("resultaat"),
        pl.col("opgeschort_int").fill_null(0).alias("opgeschort_dagen"),
        pl.col("verlengd_b").alias("verlengd"),
        "gemeente",
    ]
    return split_by_rules(typed, rules, file, source, "zaak_id", records, CASES_SCHEMA, raw, gemeenten or ())
