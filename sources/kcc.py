"""KCC telephony export (`kcc_gesprekken_<stamp>.csv`) -> canonical calls.

Every column is read as text (never inferred), then cast here with explicit
rules. Rows that break a rule go to quarantine with their reason; the caller
number and agent id never leave this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dvm.errors import FileRejected
from sources.files import ExportFile
from sources.profiles import KccProfile
from sources.quarantine import QUARANTINE_SCHEMA

CALLS_SCHEMA = pl.Schema({
    "call_id": pl.String,
    "gestart_op": pl.Datetime("us", "UTC"),
    "wachtrij": pl.String,
    "gemeente": pl.String,
    "lijn": pl.Int8,
    "team": pl.String,
    "wacht_s": pl.Int32,
    "gesprek_s": pl.Int32,
    "wacht_in_gesprek_s": pl.Int32,
    "nawerk_s": pl.Int32,
    "uitkomst": pl.String,
    "doorverbonden_naar": pl.String,
    "export_stempel": pl.String,
    "bron_bestand": pl.String,
    "bron_hash": pl.String,
})
CALLS_KEY = "call_id"
SECONDS = ("wacht_s", "gesprek_s", "wacht_in_gesprek_s", "nawerk_s")


@dataclass(frozen=True)
class SourceBatch:
    """One export file, read: canonical records plus its quarantined rows."""

    file: ExportFile
    records: pl.DataFrame
    quarantine: pl.DataFrame
    rows_read: int


def _read_header(file: ExportFile, separator: str) -> list[str]:
    with file.path.open("rb") as fh:
        first = fh.readline()
    if not first.strip():
        raise FileRejected(file.name, "bestand is leeg; verwacht een kopregel met kolomnamen")
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(file.name, f"kopregel is geen UTF-8 (byte {exc.start}); verwacht UTF-8") from None
    return [c.strip().strip('"') for c in line.rstrip("\r\n").split(separator)]


def _check_columns(file: ExportFile, found: list[str], required: Sequence[str], separator: str) -> None:
    missing = [c for c in required if c not in found]
    if not missing:
        return
    if len(found) == 1 and (other := next((sep for sep in ";\t|," if sep != separator and sep in found[0]), None)):
        raise FileRejected(
            file.name, f"kopregel is gescheiden door {other!r}, verwacht {separator!r}; gevonden {found[0][:120]!r}"
        )
    names = ", ".join(f"'{c}'" for c in missing)
    raise FileRejected(file.name, f"kolom{'men' if len(missing) > 1 else ''} {names} ontbreekt; gevonden {found}")


def load_calls(file: ExportFile, profile: KccProfile, queues: Sequence) -> SourceBatch:
    """Read one KCC export. Raises FileRejected when the file cannot be read as its layout."""
    col = profile.column_for
    header = _read_header(file, profile.separator)
    _check_columns(file, header, list(profile.columns), profile.separator)
    try:
        raw = (
            pl.scan_csv(file.path, separator=profile.separator, infer_schema=False, encoding="utf8")
            .select(list(profile.columns))
            .rename(profile.columns)
            .with_row_index("rij", offset=2)
            .collect()
        )
    except pl.exceptions.PolarsError as exc:
        first_line = str(exc).strip().splitlines()[0][:200]
        raise FileRejected(file.name, f"niet te lezen als CSV (UTF-8, '{profile.separator}'): {first_line}") from None
    if raw.height == 0:
        raise FileRejected(file.name, "bestand bevat alleen een kopregel, geen gesprekken")

    queue_map = pl.DataFrame(
        {"wachtrij": [q.name for q in queues], "gemeente": [q.gemeente for q in queues],
         "lijn": [q.line for q in queues], "team": [q.team for q in queues]},
        schema={"wachtrij": pl.String, "gemeente": pl.String, "lijn": pl.Int8, "team": pl.String},
    )
    outcome_map = pl.DataFrame(
        {"uitkomst_label": list(profile.outcomes), "uitkomst_canon": list(profile.outcomes.values())}
    )
    typed = (
        raw.lazy()
        .with_columns(
            pl.col("call_id").str.strip_chars(),
            pl.col("wachtrij").str.strip_chars(),
            pl.col("uitkomst").str.strip_chars().alias("uitkomst_label"),
            pl.col("doorverbonden_naar").str.strip_chars().replace("", None),
            pl.col("gestart_op").str.strip_chars().alias("gestart_op_raw"),
            pl.col("gestart_op").str.strip_chars()
            .str.strptime(pl.Datetime("us", "UTC"), profile.time_format, strict=False),
            *[pl.col(c).str.strip_chars().cast(pl.Int32, strict=False).alias(f"{c}_int") for c in SECONDS],
        )
        .join(queue_map.lazy(), on="wachtrij", how="left", maintain_order="left")
        .join(outcome_map.lazy(), on="uitkomst_label", how="left", maintain_order="left")
    )
    # Rules in order; a row gets the first rule it breaks.
    rules: list[tuple[str, pl.Expr, pl.Expr]] = [
        ("sleutel_ontbreekt", pl.col("call_id").is_null() | (pl.col("call_id") == ""),
         pl.lit(f"{col('call_id')} is leeg")),
        ("ongeldige_tijd", pl.col("gestart_op").is_null(),
         pl.format(f"{col('gestart_op')} is geen geldige UTC-tijd (verwacht 2026-03-29T00:59:58Z): '{{}}'",
                   pl.col("gestart_op_raw").fill_null(""))),
        ("onbekende_uitkomst", pl.col("uitkomst_canon").is_null(),
         pl.format(f"{col('uitkomst')} '{{}}' onbekend; toegestaan {list(profile.outcomes)}",
                   pl.col("uitkomst_label").fill_null(""))),
        *[
            rule
            for c in SECONDS
            for rule in (
                ("geen_getal", pl.col(f"{c}_int").is_null(),
                 pl.format(f"{col(c)} is geen geheel getal: '{{}}'", pl.col(c).fill_null(""))),
                ("negatieve_duur", pl.col(f"{c}_int") < 0,
                 pl.format(f"{col(c)} is negatief: {{}}", pl.col(f"{c}_int"))),
            )
        ],
        ("onbekende_wachtrij", pl.col("gemeente").is_null(),
         pl.format("wachtrij '{}' staat niet in de configuratie ([[queues]])", pl.col("wachtrij").fill_null(""))),
        ("dubbele_sleutel", pl.col("call_id").is_duplicated(),
         pl.format(f"{col('call_id')} '{{}}' komt meer dan eens voor in dit bestand", pl.col("call_id"))),
    ]
    rule_code = pl.when(rules[0][1]).then(pl.lit(rules[0][0]))
    reason = pl.when(rules[0][1]).then(rules[0][2])
    for code, cond, msg in rules[1:]:
        rule_code = rule_code.when(cond).then(pl.lit(code))
        reason = reason.when(cond).then(msg)
    checked = typed.with_columns(regel=rule_code.otherwise(None), reden=reason.otherwise(None)).collect()

    good = checked.filter(pl.col("regel").is_null())
    records = good.select(
        "call_id", "gestart_op", "wachtrij", "gemeente", "lijn", "team",
        *[pl.col(f"{c}_int").alias(c) for c in SECONDS],
        pl.col("uitkomst_canon").alias("uitkomst"),
        "doorverbonden_naar",
        pl.lit(file.stamp).alias("export_stempel"),
        pl.lit(file.name).alias("bron_bestand"),
        pl.lit(file.sha256).alias("bron_hash"),
    ).cast(dict(CALLS_SCHEMA))
    quarantine = checked.filter(pl.col("regel").is_not_null()).select(
        pl.lit("kcc").alias("bron"),
        pl.lit(file.name).alias("bron_bestand"),
        pl.lit(file.sha256).alias("bron_hash"),
        pl.col("rij").cast(pl.Int64),
        pl.col("call_id").alias("sleutel"),
        "regel",
        "reden",
    ).cast(dict(QUARANTINE_SCHEMA))
    return SourceBatch(file, records, quarantine, raw.height)
