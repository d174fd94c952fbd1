"""Klant in Focus feedback export (`kif_feedback_<stamp>.csv`) -> canonical responses.

`;` separated, UTF-8 (a byte-order mark may lead), Datum `dd-mm-jjjj HH:MM` in local time. One row
per response; a response corrected in a later export is the same Reactie-ID again, and the store
keeps the newest export's version. Toelichting and E-mailadres (free text and an address: personal
data) are never read past the header; of Pagina only the path of page slugs is kept, judged after
decoding (sources/pages.py). A row whose values do not fit their columns (a Pagina that is no address,
a Team that holds an address: what an unquoted `;` in Toelichting gives when Pagina is left out) is
quarantined as shifted, never stored.

A Score of "Weet niet" (the profile's `no_answer`) or an empty Score is a response without an
opinion: it is kept, with an empty score, and not counted in any figure. A Score that is no whole
number, or outside its question's range (Smiley 1-5, Rapportcijfer 1-10), goes to quarantine.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from core.profiles import SCORE_RANGES, KifProfile
from sources.files import ExportFile
from sources.layout import (
    MISALIGNED,
    Rule,
    SourceBatch,
    boundary,
    duplicate_key,
    gemeente_rules,
    leading_rules,
    mapped,
    misaligned,
    misaligned_because,
    missing,
    read_text_csv,
    shown_value,
    skipped_hour,
    split_by_rules,
    unknown_label,
    unparsed,
)
from sources.pages import NOT_A_PATH, PATH_MAX, page_path

FEEDBACK_SCHEMA = pl.Schema(
    {
        "reactie_id": pl.String(),
        "ontvangen_op": pl.Datetime("us", "Europe/Amsterdam"),  # when the response was given, local time
        "datum": pl.Date(),  # its local date: what places it in a period
        "kanaal": pl.String(),  # "telefoon", "balie", "email", "webformulier", "website"
        "contactmoment": pl.String(),
        "vraag": pl.String(),  # "smiley" (1-5) or "rapportcijfer" (1-10)
        "score": pl.Int8(),  # null: no opinion ("Weet niet" or empty)
        "team": pl.String(),
        "product": pl.String(),
        "pagina": pl.String(),  # the website page's path only
        "gemeente": pl.String(),
        "export_stempel": pl.String(),
        "bron_bestand": pl.String(),
        "bron_hash": pl.String(),
    }
)
FEEDBACK_KEY = "reactie_id"
# The layout's columns that are not read (personal data): recognised in a header, never read.
NOT_READ = ("Toelichting", "E-mailadres")
# Text that goes to the store unmapped.
FREE_TEXT = ("reactie_id", "contactmoment", "team", "product", "pagina", "gemeente")
# Free labels kept as they are: a value shaped like an address or a long number is a shifted row.
LABELS = ("contactmoment", "team", "product")

__all__ = ["FEEDBACK_KEY", "FEEDBACK_SCHEMA", "PATH_MAX", "load_feedback", "page_path"]


@boundary
def load_feedback(file: ExportFile, profile: KifProfile, gemeenten: Sequence[str] | None = None) -> SourceBatch:
    """Read one Klant in Focus export. Raises FileRejected when the file cannot be read as its layout."""
    col = profile.column_for
    raw = read_text_csv(file, profile.separator, profile.columns, NOT_READ, "UTF-8")
    tz = profile.time_zone
    no_answer = [label.strip().lower() for label in profile.no_answer]
    score = pl.col("score")
    answered = score.is_not_null() & ~score.str.to_lowercase().is_in(no_answer)
    low = pl.col("vraag_canon").replace_strict(
        {q: r[0] for q, r in SCORE_RANGES.items()}, default=None, return_dtype=pl.Int64
    )
    high = pl.col("vraag_canon").replace_strict(
        {q: r[1] for q, r in SCORE_RANGES.items()}, default=None, return_dtype=pl.Int64
    )
    typed = (
        raw.frame.lazy()
        .with_columns(pl.col(c).str.strip_chars().replace("", None) for c in profile.columns.values())
        .with_columns(
            pl.coalesce(
                [pl.col("ontvangen_op").str.strptime(pl.Datetime("us"), f, strict=False) for f in profile.time_formats]
            ).alias("ontvangen_op_naive"),
            mapped("kanaal", profile.channels, "kanaal_canon"),
            mapped("vraag", profile.questions, "vraag_canon"),
            pl.when(answered).then(score.str.strip_chars()).alias("score_tekst"),
            page_path(pl.col("pagina")).alias("pagina_pad"),
        )
        .with_columns(
            pl.col("ontvangen_op_naive")
            .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
            .alias("ontvangen_op_dt"),
            pl.col("score_tekst").cast(pl.Int64, strict=False).alias("score_int"),
        )
    )
    rules = [
        *leading_rules(profile, "reactie_id", FREE_TEXT, raw.printable),
        Rule(
            MISALIGNED,
            pl.col("pagina_pad") == NOT_A_PATH,
            pl.lit(
                misaligned_because(col("pagina"), "pad of webadres (verwacht bijv. '/afval' of 'https://.../afval')")
            ),
        ),
        misaligned({c: col(c) for c in LABELS}),
        missing("datum_ontbreekt", "ontvangen_op", col("ontvangen_op")),
        unparsed(
            "ongeldige_tijd",
            "ontvangen_op",
            "ontvangen_op_naive",
            col("ontvangen_op"),
            "datum en tijd (dd-mm-jjjj UU:MM)",
        ),
        skipped_hour("ontvangen_op_naive", "ontvangen_op_dt", f"{col('ontvangen_op')} bestaat niet"),
        unknown_label("onbekend_kanaal", "kanaal", "kanaal_canon", col("kanaal"), list(profile.channels)),
        unknown_label("onbekende_vraag", "vraag", "vraag_canon", col("vraag"), list(profile.questions)),
        Rule(
            "geen_getal",
            pl.col("score_tekst").is_not_null() & pl.col("score_int").is_null(),
            pl.format(
                f"{col('score')} is geen geheel getal en geen {' of '.join(repr(a) for a in profile.no_answer)}: {{}}",
                shown_value(pl.col("score_tekst")),
            ),
        ),
        Rule(
            "score_buiten_bereik",
            (pl.col("score_int") < low) | (pl.col("score_int") > high),
            pl.lit(f"{col('score')} ligt buiten het bereik van de vraag ").add(
                pl.format("'{}' ({}-{})", pl.col("vraag"), low, high)
            ),
        ),
        *gemeente_rules("gemeente", col("gemeente"), gemeenten),
        duplicate_key("reactie_id", col("reactie_id")),
    ]
    records: list[pl.Expr | str] = [
        "reactie_id",
        pl.col("ontvangen_op_dt").alias("ontvangen_op"),
        pl.col("ontvangen_op_naive").dt.date().alias("datum"),
        pl.col("kanaal_canon").alias("kanaal"),
        "contactmoment",
        pl.col("vraag_canon").alias("vraag"),
        pl.col("score_int").alias("score"),
        "team",
        "product",
        pl.col("pagina_pad").alias("pagina"),
        "gemeente",
    ]
    good, quarantine = split_by_rules(
        typed, rules, file, "kif", "reactie_id", records, FEEDBACK_SCHEMA, raw, gemeenten or ()
    )
    return SourceBatch(file, good, quarantine, raw.count)
