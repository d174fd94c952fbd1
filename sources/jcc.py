"""JCC appointment export (`jcc_afspraken_<stamp>.xlsx` or `.csv`) -> canonical appointments.

`.csv`: `;` separated, UTF-8 (a byte-order mark may lead). `.xlsx`: sheet
`Afspraken` (profile.sheet), header in row 1; date and time cells may be real
date/time cells or text in the CSV's format. Both paths first produce the same
text columns (real cells are rendered in the CSV's format), so there is one set
of parsing rules. A workbook is checked before it is parsed: an encrypted
workbook, a file that is no workbook at all and a decompression bomb are
rejected whole. Naam klant, E-mail and Telefoon are never read past the header.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Sequence

import polars as pl
from polars.datatypes import TemporalType

from core.errors import FileRejected
from core.profiles import JccProfile
from sources.appointments_schema import APPOINTMENTS_KEY, APPOINTMENTS_SCHEMA
from sources.files import ExportFile
from sources.layout import (
    RawRows,
    Rule,
    SourceBatch,
    boundary,
    duplicate_key,
    gemeente_rules,
    leading_rules,
    mapped,
    missing,
    read_text_csv,
    sheet_cells,
    skipped_hour,
    split_by_rules,
    unknown_label,
    unparsed,
)

__all__ = ["APPOINTMENTS_KEY", "APPOINTMENTS_SCHEMA", "load_appointments"]

DATE_COLS = ("datum",)
DATETIME_COLS = ("geboekt_op",)
TIME_COLS = ("begin", "eind", "aangemeld", "opgeroepen", "afgerond")
REQUIRED_TIMES = ("begin", "eind")
VISIT_TIMES = ("aangemeld", "opgeroepen", "afgerond")
# The layout's columns that are not read (personal data): recognised in a header, never read.
NOT_READ = ("Naam klant", "E-mail", "Telefoon")
# Text that goes to the store unmapped.
FREE_TEXT = ("afspraak_id", "product_code", "product", "locatie", "gemeente")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 container: encrypted .xlsx or old .xls
MAX_RATIO = 200  # a member that unpacks more than this many times its packed size ...
RATIO_MIN_BYTES = 10 * 1024 * 1024  # ... and to more than this is refused
# how calamine renders a real date/time cell as text: "2025-01-24 00:00:00", "1899-12-31 16:30:00.600"
_CELL_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$"


def _read_csv(file: ExportFile, profile: JccProfile) -> RawRows:
    return read_text_csv(file, profile.separator, profile.columns, NOT_READ, "UTF-8")


def _check_workbook_container(file: ExportFile, profile: JccProfile) -> None:
    """Refuse what is no plain .xlsx before any parser sees it: no zip, encrypted, or a decompression bomb."""
    with file.path.open("rb") as fh:
        start = fh.read(1024)
    if not start.strip() and len(start) < 1024:  # nothing, or only spaces and line breaks
        raise FileRejected(file.name, "bestand is leeg; verwacht een Excel-werkmap (.xlsx)")
    head = start[:8]
    if head == CFB_MAGIC:
        raise FileRejected(
            file.name,
            "werkmap is beveiligd met een wachtwoord (versleuteld) of een oud .xls-bestand; "
            "sla de export op als onbeveiligde .xlsx",
        )
    limit = profile.max_uncompressed_mb * 1024 * 1024
    try:
        with zipfile.ZipFile(file.path) as zf:
            members = zf.infolist()
            if "xl/workbook.xml" not in {m.filename for m in members}:
                raise FileRejected(file.name, "geen Excel-werkmap (.xlsx): xl/workbook.xml ontbreekt")
            declared = sum(m.file_size for m in members)
            if declared > limit:
                raise FileRejected(
                    file.name,
                    f"werkmap pakt uit tot {declared // (1024 * 1024)} MB, meer dan de "
                    f"grens van {profile.max_uncompressed_mb} MB; niet gelezen",
                )
            for m in members:
                if m.file_size > RATIO_MIN_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                    raise FileRejected(
                        file.name,
                        f"onderdeel {m.filename!r} is verdacht sterk gecomprimeerd "
                        f"({m.file_size // max(m.compress_size, 1)}:1); niet gelezen",
                    )
            # the sizes above are what the zip claims; count what it really unpacks to, stopping at the limit
            unpacked = 0
            for nr, m in enumerate(members, start=1):
                try:
                    with zf.open(m) as fh:
                        while chunk := fh.read(1 << 20):
                            unpacked += len(chunk)
                            if unpacked > limit:
                                raise FileRejected(
                                    file.name,
                                    f"werkmap pakt uit tot meer dan de grens van "
                                    f"{profile.max_uncompressed_mb} MB; niet gelezen",
                                )
                except (zipfile.BadZipFile, EOFError, zlib.error) as exc:  # flipped bytes: zlib or the CRC fails
                    part = repr(m.filename) if re.fullmatch(r"[\w./-]{1,80}", m.filename) else f"nr. {nr}"
                    raise FileRejected(
                        file.name,
                        f"werkmap is beschadigd: onderdeel {part} is niet uit te pakken "
                        f"({_damage(exc)}); verwacht een onbeschadigde .xlsx, exporteer "
                        "opnieuw",
                    ) from None
    except zipfile.BadZipFile:
        raise FileRejected(
            file.name,
            "geen leesbare Excel-werkmap (.xlsx): het bestand is geen (heel) zip-archief; "
            "beschadigd of een ander soort bestand",
        ) from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError, zlib.error) as exc:
        raise FileRejected(file.name, f"geen leesbare Excel-werkmap (.xlsx): {_damage(exc)}") from None


def _damage(exc: BaseException) -> str:
    """What kind of damage, without the library's message."""
    if isinstance(exc, zlib.error):
        return "gegevens niet te decomprimeren"
    if isinstance(exc, zipfile.BadZipFile):
        return "controlegetal (CRC) klopt niet" if "CRC" in str(exc) else "zip-structuur klopt niet"
    if isinstance(exc, EOFError):
        return "bestand houdt te vroeg op"
    if isinstance(exc, NotImplementedError):
        return "onbekende compressiemethode"
    return type(exc).__name__


def _to_csv_text(name: str, kind: str) -> pl.Expr:
    """A real date/time cell (rendered by calamine as ISO text) as text in the CSV's format; other text as is."""
    c = pl.col(name)
    stamp = c.str.strptime(pl.Datetime("ms"), "%Y-%m-%d %H:%M:%S%.f", strict=False).dt.round("1s")
    fmt = {"date": "%d-%m-%Y", "datetime": "%d-%m-%Y %H:%M:%S", "time": "%H:%M:%S"}[kind]
    is_cell = c.str.contains(_CELL_TIMESTAMP) & stamp.is_not_null()
    return pl.when(is_cell).then(stamp.dt.strftime(fmt)).otherwise(c).alias(name)


def _read_xlsx(file: ExportFile, profile: JccProfile) -> RawRows:
    _check_workbook_container(file, profile)
    cells, header, at = sheet_cells(file, profile.sheet, list(profile.columns), NOT_READ)
    names = cells.columns
    last_named = max(i for i, h in enumerate(header) if h)
    beyond = names[last_named + 1 :]  # cells right of the header: a row that does not fit the header
    rows = cells.with_row_index("rij", offset=1).slice(1)
    rows = rows.filter(~pl.all_horizontal(pl.col(names).is_null()))  # empty rows are no records
    if rows.height == 0:
        raise FileRejected(file.name, "tabblad bevat alleen een kopregel, geen gegevens")
    outside = pl.any_horizontal(pl.col(c).is_not_null() for c in beyond) if beyond else pl.lit(False)
    misfit = rows.filter(outside)
    fields = misfit.select(
        pl.max_horizontal(pl.when(pl.col(c).is_not_null()).then(pl.lit(i + 1)) for i, c in enumerate(names))
    ).to_series()
    text = rows.filter(~outside).select(
        pl.col("rij").cast(pl.Int64), *[pl.col(names[at[src]]).alias(dst) for src, dst in profile.columns.items()]
    )
    kinds = {
        **dict.fromkeys(DATE_COLS, "date"),
        **dict.fromkeys(DATETIME_COLS, "datetime"),
        **dict.fromkeys(TIME_COLS, "time"),
    }
    text = text.with_columns(
        *[_to_csv_text(c, k) for c, k in kinds.items()],
        # a whole number typed into a cell arrives as "4711.0"
        *[pl.col(c).str.replace(r"^(-?\d+)\.0$", "$1") for c in profile.columns.values() if c not in kinds],
    )
    return RawRows(text, list(zip(misfit["rij"].to_list(), fields.to_list(), strict=True)), len(header))


@boundary
def load_appointments(file: ExportFile, profile: JccProfile, gemeenten: Sequence[str] | None = None) -> SourceBatch:
    """Read one JCC export (.csv or .xlsx). Raises FileRejected when the file cannot be read as its layout."""
    col = profile.column_for
    raw = _read_xlsx(file, profile) if file.path.suffix.lower() == ".xlsx" else _read_csv(file, profile)
    tz = profile.time_zone

    def first_of(c: str, dtype: TemporalType | type[TemporalType], formats: list[str]) -> pl.Expr:
        return pl.coalesce([pl.col(c).str.strptime(dtype, f, strict=False) for f in formats])

    def local(naive: pl.Expr) -> pl.Expr:
        return naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")

    date_shape = pl.col("datum").str.contains(r"^\d{1,2}-\d{1,2}-\d{4}$")
    booked_shape = pl.col("geboekt_op").str.contains(r"^\d{1,2}-\d{1,2}-\d{4} ")
    typed = (
        raw.frame.lazy()
        .with_columns(pl.col(c).str.strip_chars().replace("", None) for c in profile.columns.values())
        .with_columns(
            pl.when(date_shape)
            .then(pl.col("datum").str.strptime(pl.Date, profile.date_format, strict=False))
            .alias("datum_d"),
            pl.when(booked_shape)
            .then(first_of("geboekt_op", pl.Datetime("us"), profile.booked_formats))
            .alias("geboekt_op_naive"),
            *[first_of(c, pl.Time, profile.time_formats).alias(f"{c}_t") for c in TIME_COLS],
            mapped("boekingskanaal", profile.channels, "kanaal_canon"),
            mapped("status", profile.statuses, "status_canon"),
        )
        .with_columns(
            *[pl.col("datum_d").dt.combine(pl.col(f"{c}_t")).alias(f"{c}_naive") for c in TIME_COLS],
        )
        .with_columns(
            *[local(pl.col(f"{c}_naive")).alias(f"{c}_dt") for c in (*TIME_COLS, "geboekt_op")],
        )
    )

    def before(later: str, earlier: str, code: str) -> Rule:
        return Rule(
            code,
            pl.col(f"{later}_dt") < pl.col(f"{earlier}_dt"),
            pl.lit(f"{col(later)} ligt voor {col(earlier)}"),
        )

    rules = [
        *leading_rules(profile, "afspraak_id", FREE_TEXT, raw.printable),
        missing("datum_ontbreekt", "datum", col("datum")),
        unparsed("ongeldige_datum", "datum", "datum_d", col("datum"), "datum (dd-mm-jjjj)"),
        *[missing("tijd_ontbreekt", c, col(c)) for c in REQUIRED_TIMES],
        *[unparsed("ongeldige_tijd", c, f"{c}_t", col(c), "tijd (UU:MM of UU:MM:SS)") for c in TIME_COLS],
        unparsed(
            "ongeldige_datum", "geboekt_op", "geboekt_op_naive", col("geboekt_op"), "datum en tijd (dd-mm-jjjj UU:MM)"
        ),
        *[
            skipped_hour(f"{c}_naive", f"{c}_dt", f"{col(c)} bestaat niet op {col('datum')}")
            for c in (*TIME_COLS, "geboekt_op")
        ],
        before("eind", "begin", "einde_voor_start"),
        unknown_label("onbekende_status", "status", "status_canon", col("status"), list(profile.statuses)),
        unknown_label(
            "onbekend_kanaal", "boekingskanaal", "kanaal_canon", col("boekingskanaal"), list(profile.channels)
        ),
        before("opgeroepen", "aangemeld", "oproep_voor_aanmelding"),
        before("afgerond", "opgeroepen", "afgerond_voor_oproep"),
        Rule(
            "geboekt_na_afspraak",
            pl.col("geboekt_op_dt") > pl.col("begin_dt"),
            pl.lit(f"{col('geboekt_op')} ligt na {col('datum')} {col('begin')}"),
        ),
        *gemeente_rules("gemeente", col("gemeente"), gemeenten),
        duplicate_key("afspraak_id", col("afspraak_id")),
    ]
    records: list[pl.Expr | str] = [
        "afspraak_id",
        "product_code",
        "product",
        "locatie",
        pl.col("datum_d").alias("datum"),
        pl.col("begin_dt").alias("begin"),
        pl.col("eind_dt").alias("eind"),
        pl.col("geboekt_op_dt").alias("geboekt_op"),
        pl.col("kanaal_canon").alias("boekingskanaal"),
        pl.col("status_canon").alias("status"),
        *[pl.col(f"{c}_dt").alias(c) for c in VISIT_TIMES],
        "gemeente",
    ]
    good, quarantine = split_by_rules(
        typed, rules, file, "jcc", "afspraak_id", records, APPOINTMENTS_SCHEMA, raw, gemeenten or ()
    )
    return SourceBatch(file, good, quarantine, raw.count)
