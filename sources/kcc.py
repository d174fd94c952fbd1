"""KCC telephony export (`kcc_gesprekken_<stamp>.csv`) -> canonical calls.

Every needed column is read as text (never inferred), then cast here with
explicit rules. Rows that break a rule, or whose field count differs from the
header's, go to quarantine with their reason; the caller number, dialled number
and agent id are never read past the header.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from core.profiles import KccProfile
from sources.files import ExportFile
from sources.layout import (
    Rule,
    SourceBatch,
    boundary,
    duplicate_key,
    kept_label,
    leading_rules,
    mapped,
    read_text_csv,
    shown_value,
    split_by_rules,
    unknown_label,
    whole_number,
)

# What the store keeps of a call: the queue as the export names it. The configuration maps it to
# gemeente, line and team when figures are computed (transforms/queues.py), so a fix corrects history.
STORED_CALLS_SCHEMA = pl.Schema(
    {
        "call_id": pl.String(),
        "gestart_op": pl.Datetime("us", "UTC"),
        "wachtrij": pl.String(),
        "wacht_s": pl.Int32(),
        "gesprek_s": pl.Int32(),
        "wacht_in_gesprek_s": pl.Int32(),
        "nawerk_s": pl.Int32(),
        "uitkomst": pl.String(),
        "doorverbonden_naar": pl.String(),
        "export_stempel": pl.String(),
        "bron_bestand": pl.String(),
        "bron_hash": pl.String(),
    }
)
# A call as the figures see it: with its queue's mapping.
CALLS_SCHEMA = pl.Schema(
    {
        **dict(list(STORED_CALLS_SCHEMA.items())[:3]),
        "gemeente": pl.String(),
        "lijn": pl.Int8(),
        "team": pl.String(),
        **dict(list(STORED_CALLS_SCHEMA.items())[3:]),
    }
)
CALLS_KEY = "call_id"
SECONDS = ("wacht_s", "gesprek_s", "wacht_in_gesprek_s", "nawerk_s")
# The layout's columns that are not read (personal data or not needed): recognised in a header, never read.
NOT_READ = ("DialledNumber", "CallerNumber", "AgentId")

__all__ = ["CALLS_KEY", "CALLS_SCHEMA", "STORED_CALLS_SCHEMA", "SourceBatch", "load_calls"]


@boundary
def load_calls(file: ExportFile, profile: KccProfile, gemeenten: Sequence | None = None) -> SourceBatch:
    """Read one KCC export. Raises FileRejected when the file cannot be read as its layout. The
    queue is kept as the export names it (a queue the configuration does not know is not bad data);
    `gemeenten` is not needed: a call's gemeente follows from its queue when figures are computed."""
    col = profile.column_for
    raw = read_text_csv(file, profile.separator, profile.columns, NOT_READ, "UTF-8")
    typed = (
        raw.frame.lazy()
        .with_columns(raw.stripped(profile.columns.values()))
        .with_columns(
            pl.col("doorverbonden_naar").replace("", None),
            # cache=False: start times are nearly all different, so a cache of parsed values costs
            # more than it saves (half of the parse, 0.02 s on 1M calls); the same times
            pl.col("gestart_op")
            .str.strptime(pl.Datetime("us", "UTC"), profile.time_format, strict=False, cache=False)
            .alias("gestart_op_t"),
            mapped("uitkomst", profile.outcomes, "uitkomst_canon"),
            *[pl.col(c).cast(pl.Int32, strict=False).alias(f"{c}_int") for c in SECONDS],
        )
    )
    rules = [
        *leading_rules(profile, "call_id", ("call_id", "wachtrij", "doorverbonden_naar"), raw.printable),
        Rule(
            "ongeldige_tijd",
            pl.col("gestart_op_t").is_null(),
            pl.format(
                f"{col('gestart_op')} is geen geldige UTC-tijd (verwacht 2026-03-29T00:59:58Z): {{}}",
                shown_value(pl.col("gestart_op")),
            ),
        ),
        unknown_label("onbekende_uitkomst", "uitkomst", "uitkomst_canon", col("uitkomst"), list(profile.outcomes)),
        *[rule for c in SECONDS for rule in whole_number(c, f"{c}_int", col(c))],
        Rule(
            "wachtrij_ontbreekt",
            pl.col("wachtrij").is_null() | (pl.col("wachtrij") == ""),
            pl.lit(f"{col('wachtrij')} is leeg"),
        ),
        Rule(
            "ongeldige_wachtrij",
            pl.col("wachtrij").str.len_chars() > 64,
            pl.lit(f"{col('wachtrij')} is langer dan 64 tekens; verwacht de naam van een wachtrij"),
        ),
        duplicate_key("call_id", col("call_id")),
    ]
    records: list[pl.Expr | str] = [
        "call_id",
        pl.col("gestart_op_t").alias("gestart_op"),
        "wachtrij",
        *[pl.col(f"{c}_int").alias(c) for c in SECONDS],
        pl.col("uitkomst_canon").alias("uitkomst"),
        kept_label(pl.col("doorverbonden_naar")).alias("doorverbonden_naar"),  # a phone number: 'overig'
    ]
    good, quarantine = split_by_rules(typed, rules, file, "kcc", "call_id", records, STORED_CALLS_SCHEMA, raw)
    return SourceBatch(file, good, quarantine, raw.count)
