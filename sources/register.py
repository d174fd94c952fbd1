"""The programme's own register (`programma_register_<stamp>.xlsx`) -> canonical measurements.

The programme manager keeps the targets no export measures in a workbook made by `dvm
register-sjabloon`: sheet `Register` (profile.sheet), header in row 1, matched by name; one row per
measurement: Gemeente, Project, Plateau, Indicator, Teller and Noemer (a percentage) or Waarde, Peildatum,
Bron en toelichting, Ingevoerd door (rol). Other columns (the template's Omschrijving, anything added) are
never read. A row the template prefilled but nobody filled in (an indicator, no Teller, Noemer, Waarde or
Peildatum) is no measurement and is skipped; every other row is a measurement or goes to quarantine with
its reason. "Ingevoerd door" keeps a role of the profile's list only: any other text (a name) is dropped;
a "Bron en toelichting" holding an e-mail address or a long number (a phone number, a BSN) is quarantined.
The workbook is checked as a JCC workbook is (sources/jcc.py): a damaged, encrypted or oversized file is
rejected whole, with one Dutch line.

A measurement's key is gemeente|indicator|peildatum: a later register wins per measurement, and every
peildatum is its own record (the history of a target).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from core.errors import FileRejected
from core.profiles import RegisterProfile
from sources.files import ExportFile
from sources.jcc import _check_workbook_container
from sources.layout import (
    RawRows,
    Rule,
    SourceBatch,
    blank_row,
    boundary,
    control_characters,
    duplicate_key,
    missing,
    not_a_place,
    sheet_cells,
    shown_label,
    shown_value,
    split_by_rules,
    unknown_gemeente,
    unparsed,
)

REGISTER_SCHEMA = pl.Schema(
    {
        "meting_id": pl.String,  # gemeente|indicator|peildatum (ISO)
        "gemeente": pl.String,
        "project": pl.String,
        "plateau": pl.Int8,
        "indicator": pl.String,
        "teller": pl.Int64,  # a percentage's teller and noemer; or null and ...
        "noemer": pl.Int64,
        "waarde": pl.Float64,  # ... the value as entered (a percentage, a number, a grade)
        "peildatum": pl.Date,
        "toelichting": pl.String,  # the source of the figure, in words
        "ingevoerd_door": pl.String,  # a role, never a name
        "export_stempel": pl.String,
        "bron_bestand": pl.String,
        "bron_hash": pl.String,
    }
)
# The template's column that is not read: the indicator's description, for the person filling it in.
NOT_READ = ("Omschrijving",)
FREE_TEXT = ("gemeente", "project", "indicator", "toelichting")
TEXT_MAX = 300  # Bron en toelichting: a sentence or two
MEASURED = ("teller", "noemer", "waarde", "peildatum")
# how calamine renders a real date cell as text: "2026-03-31 00:00:00"
_CELL_DATE = r"^\d{4}-\d{2}-\d{2}[ T]00:00:00(\.0+)?$"
_NUMBER = r"^-?\d+([.,]\d+)?$"
# what personal data in Bron en toelichting looks like: an e-mail address, a phone number or a BSN (a run of
# 8 or more digits, spaces and dashes allowed between them). A name cannot be told from a word: the template
# asks for none.
_PERSONAL = r"[\w.+-]+@[\w-]+\.\w|\d(?:[ .-]?\d){7,}"
_DATE = r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"  # a date is no phone number


def _read_workbook(file: ExportFile, profile: RegisterProfile) -> RawRows:
    """The sheet's needed columns as text, with their line number (header = 1)."""
    if file.path.suffix.lower() != ".xlsx":
        raise FileRejected(file.name, f"bestandstype {file.path.suffix!r} wordt niet gelezen; verwacht een .xlsx")
    _check_workbook_container(file, profile)  # type: ignore[arg-type]  # it reads max_uncompressed_mb only
    cells, header, at = sheet_cells(file, profile.sheet, list(profile.columns), NOT_READ)
    names = cells.columns
    rows = cells.with_row_index("rij", offset=1).slice(1).filter(~pl.all_horizontal(pl.col(names).is_null()))
    text = rows.select(
        pl.col("rij").cast(pl.Int64), *[pl.col(names[at[src]]).alias(dst) for src, dst in profile.columns.items()]
    )
    return RawRows(text, [], len(header))


@boundary
def load_register(file: ExportFile, profile: RegisterProfile, gemeenten: Sequence[str] | None = None) -> SourceBatch:
    """Read one register. Raises FileRejected when the file cannot be read as the register's layout."""
    col = profile.column_for
    raw = _read_workbook(file, profile)
    measures = profile.indicators
    exported = pl.lit(file.stamp[:8]).str.strptime(pl.Date, "%Y%m%d")
    number = {c: pl.col(c).str.replace(",", ".").cast(pl.Float64, strict=False) for c in ("teller", "noemer", "waarde")}
    measure = pl.col("indicator").replace_strict(measures, default=None, return_dtype=pl.String)
    typed = (
        raw.frame.lazy()
        .with_columns(pl.col(c).str.strip_chars().replace("", None) for c in profile.columns.values())
        # a prefilled row of the template that nobody filled in is no measurement
        .filter(~(pl.col("indicator").is_not_null() & pl.all_horizontal(pl.col(c).is_null() for c in MEASURED)))
        .with_columns(
            # a real date cell arrives as "2026-03-31 00:00:00"; typed text in the profile's format
            pl.when(pl.col("peildatum").str.contains(_CELL_DATE))
            .then(pl.col("peildatum").str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False))
            .otherwise(pl.col("peildatum").str.strptime(pl.Date, profile.date_format, strict=False))
            .alias("peildatum_d"),
            *[pl.when(pl.col(c).str.contains(_NUMBER)).then(e).alias(f"{c}_n") for c, e in number.items()],
            pl.col("plateau").str.replace(r"^(\d)\.0$", "$1").alias("plateau_t"),
            measure.alias("maat"),
        )
        .with_columns(
            pl.format(
                "{}|{}|{}", pl.col("gemeente"), pl.col("indicator"), pl.col("peildatum_d").dt.strftime("%Y-%m-%d")
            ).alias("meting_id"),
        )
    )
    given = {c: pl.col(c).is_not_null() for c in ("teller", "noemer", "waarde")}
    ratio = given["teller"] | given["noemer"]

    def not_a_number(c: str, whole: bool) -> Rule:
        parsed = pl.col(f"{c}_n")
        bad = given[c] & (parsed.is_null() | (parsed < 0) | ((parsed != parsed.floor()) if whole else pl.lit(False)))
        what = "geen geheel getal van 0 of meer" if whole else "geen getal van 0 of meer"
        return Rule("geen_getal", bad, pl.format(f"{col(c)} is {what}: {{}}", shown_value(pl.col(c))))

    rules = [
        blank_row(list(profile.columns.values())),
        control_characters({c: col(c) for c in FREE_TEXT}),
        Rule("gemeente_ontbreekt", pl.col("gemeente").is_null(), pl.lit(f"{col('gemeente')} is leeg")),
        not_a_place("gemeente", col("gemeente"), gemeenten or ()),
        *([unknown_gemeente("gemeente", col("gemeente"), gemeenten)] if gemeenten is not None else []),
        Rule("indicator_ontbreekt", pl.col("indicator").is_null(), pl.lit(f"{col('indicator')} is leeg")),
        Rule(
            "onbekende_indicator",
            pl.col("maat").is_null(),
            pl.format(
                f"{col('indicator')} {{}} onbekend; verwacht een van de ingestelde ambities ([[ambitions]]: "
                f"{', '.join(sorted(measures))})",
                shown_label(pl.col("indicator")),
            ),
        ),
        Rule(
            "ongeldig_plateau",
            pl.col("plateau_t").is_null() | ~pl.col("plateau_t").is_in(["1", "2", "3"]),
            pl.format(f"{col('plateau')} is geen 1, 2 of 3: {{}}", shown_value(pl.col("plateau"))),
        ),
        missing("datum_ontbreekt", "peildatum", col("peildatum")),
        unparsed("ongeldige_datum", "peildatum", "peildatum_d", col("peildatum"), "datum (dd-mm-jjjj)"),
        Rule(
            "peildatum_in_toekomst",
            pl.col("peildatum_d") > exported,
            pl.format(
                f"{col('peildatum')} {{}} ligt na de datum van het register ({file.stamp[6:8]}-{file.stamp[4:6]}-"
                f"{file.stamp[:4]}); een meting kan niet uit de toekomst komen",
                pl.col("peildatum_d").dt.strftime("%d-%m-%Y"),
            ),
        ),
        not_a_number("teller", True),
        not_a_number("noemer", True),
        not_a_number("waarde", False),
        Rule(
            "waarde_ontbreekt",
            ~ratio & ~given["waarde"],
            pl.when(pl.col("maat") == "percentage")
            .then(pl.lit(f"{col('teller')} en {col('noemer')} (of {col('waarde')}) ontbreken"))
            .otherwise(pl.lit(f"{col('waarde')} ontbreekt")),
        ),
        Rule(
            "waarde_ontbreekt",
            ratio & ~(given["teller"] & given["noemer"]),
            pl.when(given["teller"])
            .then(pl.lit(f"{col('noemer')} ontbreekt bij de teller"))
            .otherwise(pl.lit(f"{col('teller')} ontbreekt bij de noemer")),
        ),
        Rule(
            "teller_en_waarde",
            ratio & given["waarde"],
            pl.lit(f"zowel {col('teller')}/{col('noemer')} als {col('waarde')} ingevuld; verwacht één van beide"),
        ),
        Rule(
            "teller_bij_geen_percentage",
            ratio & (pl.col("maat") != "percentage"),
            pl.format(
                f"{col('indicator')} {{}} is een {{}}: verwacht alleen {col('waarde')}, geen {col('teller')}/"
                f"{col('noemer')}",
                pl.format("'{}'", pl.col("indicator")),
                pl.col("maat"),
            ),
        ),
        Rule(
            "noemer_nul",
            pl.col("noemer_n") == 0,
            pl.lit(f"{col('noemer')} is 0; een percentage heeft een noemer van 1 of meer"),
        ),
        Rule(
            "teller_boven_noemer",
            pl.col("teller_n") > pl.col("noemer_n"),
            pl.format(
                f"{col('teller')} {{}} is groter dan {col('noemer')} {{}}",
                pl.col("teller_n").cast(pl.Int64),
                pl.col("noemer_n").cast(pl.Int64),
            ),
        ),
        Rule(
            "percentage_boven_100",
            (pl.col("maat") == "percentage") & (pl.col("waarde_n") > 100),
            pl.format(f"{col('waarde')} {{}} is een percentage boven 100", shown_value(pl.col("waarde"))),
        ),
        Rule(
            "cijfer_buiten_bereik",
            (pl.col("maat") == "cijfer") & ~pl.col("waarde_n").is_between(1, 10),
            pl.format(f"{col('waarde')} {{}} is geen rapportcijfer van 1 tot en met 10", shown_value(pl.col("waarde"))),
        ),
        Rule(
            "persoonsgegevens_in_toelichting",
            pl.col("toelichting").str.replace_all(_DATE, " ").str.contains(_PERSONAL).fill_null(False),
            pl.lit(
                f"{col('toelichting')} lijkt persoonsgegevens te bevatten (een e-mailadres of een lang nummer); "
                "beschrijf de bron zonder persoonsgegevens"
            ),
        ),
        Rule(
            "tekst_te_lang",
            pl.col("toelichting").str.len_chars() > TEXT_MAX,
            pl.format(
                f"{col('toelichting')} is {{}} tekens lang; verwacht hoogstens {TEXT_MAX}",
                pl.col("toelichting").str.len_chars(),
            ),
        ),
        duplicate_key("meting_id", f"{col('indicator')} op deze {col('peildatum')}"),
    ]
    roles = {r.casefold(): r for r in profile.roles}
    records: list[pl.Expr | str] = [
        "meting_id",
        "gemeente",
        "project",
        pl.col("plateau_t").cast(pl.Int8).alias("plateau"),
        "indicator",
        pl.col("teller_n").cast(pl.Int64).alias("teller"),
        pl.col("noemer_n").cast(pl.Int64).alias("noemer"),
        pl.col("waarde_n").alias("waarde"),
        pl.col("peildatum_d").alias("peildatum"),
        "toelichting",
        pl.col("ingevoerd_door")
        .str.to_lowercase()
        .replace_strict(roles, default=None, return_dtype=pl.String)
        .alias("ingevoerd_door"),
    ]
    good, quarantine = split_by_rules(
        typed, rules, file, "programma", "meting_id", records, REGISTER_SCHEMA, raw, gemeenten or ()
    )
    return SourceBatch(file, good, quarantine, raw.count)
