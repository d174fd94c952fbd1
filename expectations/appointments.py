"""Expectations on canonical appointments (after the JCC reader)."""

from __future__ import annotations

from great_expectations import expectations as E
from great_expectations.expectations.row_conditions import Column

from expectations.canonical import canonical_checks
from expectations.gx_runner import expect, suite
from sources.appointments_schema import APPOINTMENTS_SCHEMA

STATUSES = ["gepland", "verschenen", "niet_verschenen", "geannuleerd"]
BOOKING_CHANNELS = ["internet", "telefoon", "balie"]


def appointments_suite():
    """Schema, key, labels and the order of check-in, call and finish; plausibility as warnings."""
    return suite(
        "afspraken",
        [
            *canonical_checks(
                APPOINTMENTS_SCHEMA,
                "afspraak_id",
                "Afspraaknummer is uniek",
                ("afspraak_id", "datum", "begin", "status", "gemeente"),
            ),
            expect(E.ExpectColumnValuesToBeInSet, "status is een bekende waarde", column="status", value_set=STATUSES),
            expect(
                E.ExpectColumnValuesToBeInSet,
                "boekingskanaal is een bekende waarde",
                column="boekingskanaal",
                value_set=BOOKING_CHANNELS,
            ),
            expect(
                E.ExpectColumnPairValuesAToBeGreaterThanB,
                "opgeroepen niet voor aangemeld",
                column_A="opgeroepen",
                column_B="aangemeld",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            expect(
                E.ExpectColumnPairValuesAToBeGreaterThanB,
                "afgerond niet voor opgeroepen",
                column_A="afgerond",
                column_B="opgeroepen",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            expect(
                E.ExpectColumnPairValuesAToBeGreaterThanB,
                "geboekt voor de afspraak",
                column_A="begin",
                column_B="geboekt_op",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
            expect(
                E.ExpectColumnValuesToBeNull,
                "alleen verschenen klanten worden opgeroepen (aannemelijk)",
                column="opgeroepen",
                row_condition=Column("status") != "verschenen",
                critical=False,
            ),
        ],
    )
