"""The checks a suite on a reader's canonical records opens with: every column of the canonical schema
present, the key unique, the fields the figures need filled. One place, so every suite words them alike
(expectations/appointments.py, feedback.py, register.py)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from expectations.gx_runner import expect


def canonical_checks(schema: pl.Schema, key: str, unique: str, filled: Sequence[str]) -> list:
    """The columns of `schema` present, `key` unique (described as `unique`: "Afspraaknummer is uniek"),
    each of `filled` never empty; in that order."""
    # imported here, as in feedback.py: the report imports feedback.py (reconcile_feedback) without Great Expectations
    from great_expectations import expectations as E

    return [
        expect(
            E.ExpectTableColumnsToMatchSet,
            "alle kolommen van het canonieke schema zijn aanwezig",
            column_set=list(schema),
            exact_match=False,
        ),
        expect(E.ExpectColumnValuesToBeUnique, unique, column=key),
        *[expect(E.ExpectColumnValuesToNotBeNull, f"{c} is altijd gevuld", column=c) for c in filled],
    ]
