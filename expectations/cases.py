"""Expectations on canonical cases (after the Corsa reader)."""

from __future__ import annotations

from great_expectations import expectations as E
from great_expectations.expectations.metadata_types import FailureSeverity

from core.profiles import CHANNELS
from expectations.gx_runner import suite
from sources.cases_schema import CASES_SCHEMA

STATUSES = ["ontvangen", "in_behandeling", "opgeschort", "afgehandeld"]


def cases_suite():
    """Schema, keys, labels, date order and suspension of canonical cases; plausibility as warnings."""
    return suite(
        "zaken",
        [
            E.ExpectTableColumnsToMatchSet(
                column_set=list(CASES_SCHEMA),
                exact_match=True,
                meta={"beschrijving": "kolommen volgens het canonieke schema"},
            ),
            E.ExpectColumnValuesToBeUnique(column="zaak_id", meta={"beschrijving": "Zaaknummer is uniek"}),
            *[
                E.ExpectColumnValuesToNotBeNull(column=c, meta={"beschrijving": f"{c} is altijd gevuld"})
                for c in (
                    "zaak_id",
                    "registratiedatum",
                    "startdatum",
                    "kanaal",
                    "status",
                    "gemeente",
                    "opgeschort_dagen",
                )
            ],
            E.ExpectColumnValuesToBeInSet(
                column="kanaal",
                value_set=list(CHANNELS),
                meta={"beschrijving": "ontvangstkanaal is een bekende waarde"},
            ),
            E.ExpectColumnValuesToBeInSet(
                column="status", value_set=STATUSES, meta={"beschrijving": "status is een bekende waarde"}
            ),
            E.ExpectColumnValuesToBeBetween(
                column="opgeschort_dagen", min_value=0, meta={"beschrijving": "opgeschorte dagen niet negatief"}
            ),
            E.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="einddatum",
                column_B="startdatum",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                meta={"beschrijving": "einddatum niet voor startdatum"},
            ),
            E.ExpectColumnValuesToBeBetween(
                column="opgeschort_dagen",
                max_value=365,
                severity=FailureSeverity.WARNING,
                meta={"beschrijving": "hoogstens een jaar opgeschort (plausibel)"},
            ),
            E.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="startdatum",
                column_B="registratiedatum",
                or_equal=True,
                severity=FailureSeverity.WARNING,
                meta={"beschrijving": "start niet voor registratie (plausibel)"},
            ),
        ],
    )
