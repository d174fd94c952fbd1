"""KCC telephony export (`kcc_gesprekken_<stamp>.csv`) -> canonical calls.

Every column is read as text (never inferred), then cast here with explicit
rules. Rows that break a rule go to quarantine with their reason; the caller
number, dialled number and agent id are never read past the header.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from dvm.errors import FileRejected
from sources.files import ExportFile
from sources.layout import (Rule, SourceBatch, check_columns, duplicate_key, mapped, missing_key, read_text_csv,
                            split_by_rules, unknown_label, whole_number)
from sources.profiles import KccProfile

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

__all__ = ["CALLS_KEY", "CALLS_SCHEMA", "SourceBatch", "load_calls"]


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


def load_calls(file: ExportFile, profile: KccProfile, queues: Sequence) -> SourceBatch:
    """Read one KCC export. Raises FileRejected when the file cannot be read as its layout."""
    col = profile.column_for
    check_columns(file, _read_header(file, profile.separator), list(profile.columns), profile.separator)
    raw = read_text_csv(file, None, profile.separator, profile.columns, "UTF-8")
    queue_map = pl.LazyFrame(
        {"wachtrij": [q.name for q in queues], "gemeente": [q.gemeente for q in queues],
         "lijn": [q.line for q in queues], "team": [q.team for q in queues]},
        schema={"wachtrij": pl.String, "gemeente": pl.String, "lijn": pl.Int8, "team": pl.String},
    )
    typed = (
        raw.lazy()
        .with_columns(pl.col(c).str.strip_chars() for c in raw.columns if c != "rij")
        .with_columns(
            pl.col("doorverbonden_naar").replace("", None),
            pl.col("gestart_op").str.strptime(pl.Datetime("us", "UTC"), profile.time_format, strict=False)
            .alias("gestart_op_t"),
            mapped("uitkomst", profile.outcomes, "uitkomst_canon"),
            *[pl.col(c).cast(pl.Int32, strict=False).alias(f"{c}_int") for c in SECONDS],
        )
        .join(queue_map, on="wachtrij", how="left", maintain_order="left")
    )
    rules = [
        missing_key("call_id", col("call_id")),
        Rule("ongeldige_tijd", pl.col("gestart_op_t").is_null(),
             pl.format(f"{col('gestart_op')} is geen geldige UTC-tijd (verwacht 2026-03-29T00:59:58Z): '{{}}'",
                       pl.col("gestart_op").fill_null(""))),
        unknown_label("onbekende_uitkomst", "uitkomst", "uitkomst_canon", col("uitkomst"), list(profile.outcomes)),
        *[rule for c in SECONDS for rule in whole_number(c, f"{c}_int", col(c))],
        Rule("onbekende_wachtrij", pl.col("gemeente").is_null(),
             pl.format("wachtrij '{}' staat niet in de configuratie ([[queues]])", pl.col("wachtrij").fill_null(""))),
        duplicate_key("call_id", col("call_id")),
    ]
    records = [
        "call_id", pl.col("gestart_op_t").alias("gestart_op"), "wachtrij", "gemeente", "lijn", "team",
        *[pl.col(f"{c}_int").alias(c) for c in SECONDS],
        pl.col("uitkomst_canon").alias("uitkomst"), "doorverbonden_naar",
    ]
    good, quarantine = split_by_rules(typed, rules, file, "kcc", "call_id", records, CALLS_SCHEMA)
    return SourceBatch(file, good, quarantine, raw.height)
