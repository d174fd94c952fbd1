"""Expectations on canonical Klant in Focus responses (after the reader), and the reconciliation of the
`tevr_*` figures: the responses per channel add up to the total."""

from __future__ import annotations

import polars as pl

from core.profiles import FEEDBACK_CHANNELS, QUESTIONS, SCORE_RANGES
from expectations.canonical import canonical_checks
from expectations.gx_runner import ValidationReport, expect, suite
from expectations.kpis import DATASET, _result
from sources.kif import FEEDBACK_SCHEMA


def feedback_suite():
    """Schema, key, labels, each question's score range, and a page kept as its path only."""
    # imported here: the report runs `reconcile_feedback` (polars) without Great Expectations
    from great_expectations import expectations as E
    from great_expectations.expectations.row_conditions import Column

    return suite(
        "reacties",
        [
            *canonical_checks(
                FEEDBACK_SCHEMA,
                "reactie_id",
                "Reactie-ID is uniek",
                ("reactie_id", "ontvangen_op", "datum", "kanaal", "vraag", "gemeente"),
            ),
            expect(
                E.ExpectColumnValuesToBeInSet,
                "kanaal is een bekende waarde",
                column="kanaal",
                value_set=list(FEEDBACK_CHANNELS),
            ),
            expect(
                E.ExpectColumnValuesToBeInSet, "vraag is een bekende waarde", column="vraag", value_set=list(QUESTIONS)
            ),
            *[
                expect(
                    E.ExpectColumnValuesToBeBetween,
                    f"score van een {question} ligt tussen {low} en {high}",
                    column="score",
                    min_value=low,
                    max_value=high,
                    row_condition=Column("vraag") == question,
                )
                for question, (low, high) in SCORE_RANGES.items()
            ],
            expect(
                E.ExpectColumnValuesToMatchRegex,
                "pagina is alleen een pad (zonder zoekvraag of anker: die kunnen persoonsgegevens bevatten)",
                column="pagina",
                regex=r"^/[^?#]*$",
            ),
        ],
    )


def reconcile_feedback(kpis: pl.DataFrame) -> ValidationReport:
    """Per (gemeente, periode): `tevr_reacties` of all channels is the sum of the channels', and so are the
    rapportcijfers behind `tevr_cijfer_gem` (its noemer). Critical: the sheet Tevredenheid shows both."""
    keys = ["gemeente", "periode"]
    where = pl.format("{} {}", pl.col("gemeente").fill_null("?"), pl.col("periode").fill_null("?"))

    def unequal(code: str, value: str) -> pl.DataFrame:
        rows = kpis.filter(pl.col("kpi") == code)
        parts = rows.filter(pl.col("groep").is_not_null()).group_by(keys).agg(som=pl.col(value).sum())
        total = rows.filter(pl.col("groep").is_null()).select(*keys, totaal=pl.col(value))
        return total.join(parts, on=keys, how="full", coalesce=True).filter(
            pl.col("totaal").cast(pl.Float64).ne_missing(pl.col("som").cast(pl.Float64).fill_null(0.0))
        )

    def sample() -> pl.Expr:
        shown = {c: pl.col(c).cast(pl.Int64, strict=False).cast(pl.String).fill_null("leeg") for c in ("totaal", "som")}
        return pl.format("{}: {} ≠ {}", where, shown["totaal"], shown["som"])

    return ValidationReport(
        DATASET,
        kpis.height,
        [
            _result(
                "reacties van alle kanalen zijn de som van de reacties per kanaal",
                "expect_tevr_reacties_total_is_sum",
                "waarde",
                unequal("tevr_reacties", "waarde"),
                sample(),
            ),
            _result(
                "rapportcijfers van alle kanalen zijn de som van de rapportcijfers per kanaal",
                "expect_tevr_cijfer_gem_noemer_total_is_sum",
                "noemer",
                unequal("tevr_cijfer_gem", "noemer"),
                sample(),
            ),
        ],
    )
