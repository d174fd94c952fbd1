"""Expectations on the programme register's measurements (after the reader)."""

from __future__ import annotations

from great_expectations import expectations as E

from expectations.canonical import canonical_checks
from expectations.gx_runner import expect, suite
from sources.register import REGISTER_SCHEMA


def register_suite():
    """Schema, key, the plateau, a percentage's teller within its noemer, no negative values."""
    return suite(
        "metingen",
        [
            *canonical_checks(
                REGISTER_SCHEMA,
                "meting_id",
                "één meting per gemeente, indicator en peildatum",
                ("meting_id", "gemeente", "indicator", "plateau", "peildatum"),
            ),
            expect(E.ExpectColumnValuesToBeInSet, "plateau is 1, 2 of 3", column="plateau", value_set=[1, 2, 3]),
            *[
                expect(E.ExpectColumnValuesToBeBetween, f"{c} is niet negatief", column=c, min_value=0)
                for c in ("teller", "noemer", "waarde")
            ],
            expect(
                E.ExpectColumnPairValuesAToBeGreaterThanB,
                "de noemer is niet kleiner dan de teller",
                column_A="noemer",
                column_B="teller",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
        ],
    )
