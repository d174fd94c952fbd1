"""Expectations on canonical calls (the KCC reader's output and the store's `calls` table), and on
their day totals as the report reads them (`call_days_suite`).

Critical: schema, key, required fields, known labels, non-negative durations:
if one fails, the telephony figures would be wrong. Non-critical (reported in
Datakwaliteit only): plausible durations and start times, talk time only on
answered calls.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from great_expectations import expectations as E
from great_expectations.expectations.row_conditions import Column

from core.profiles import OUTCOMES
from expectations.gx_runner import expect, suite
from sources.kcc import CALLS_SCHEMA, SECONDS, STORED_CALLS_SCHEMA
from transforms.call_days import CALL_DAYS_KEY, MAPPED_CALL_DAYS_SCHEMA

DATASET = "gesprekken"
MAPPED = ("gemeente", "lijn", "team")  # from the configuration's queue mapping, when figures are computed
REQUIRED = ("call_id", "gestart_op", "wachtrij", *MAPPED, "uitkomst", *SECONDS)
MAX_WAIT_S = 3600
MAX_TALK_S = 4 * 3600
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def calls_suite():
    """A fresh suite for canonical calls as the figures see them, with their queue mapped (CALLS_SCHEMA)."""
    return _suite(
        CALLS_SCHEMA,
        REQUIRED,
        [expect(E.ExpectColumnValuesToBeInSet, "lijn is 1 of 2", column="lijn", value_set=[1, 2])],
    )


def stored_calls_suite():
    """A fresh suite for calls as the store keeps them, the queue not yet mapped (STORED_CALLS_SCHEMA):
    every check of `calls_suite` but those on the mapping."""
    return _suite(STORED_CALLS_SCHEMA, tuple(c for c in REQUIRED if c not in MAPPED), [])


def _suite(schema, required, mapped: list):
    return suite(
        DATASET,
        [
            expect(
                E.ExpectTableColumnsToMatchSet,
                "alle kolommen van het canonieke schema zijn aanwezig",
                column_set=list(schema),
                exact_match=False,
            ),
            *[expect(E.ExpectColumnValuesToNotBeNull, f"{c} is altijd gevuld", column=c) for c in required],
            expect(E.ExpectColumnValuesToBeUnique, "call_id is uniek", column="call_id"),
            expect(
                E.ExpectColumnValuesToBeInSet,
                f"uitkomst is een van {', '.join(OUTCOMES)}",
                column="uitkomst",
                value_set=list(OUTCOMES),
            ),
            *mapped,
            *[expect(E.ExpectColumnValuesToBeBetween, f"{c} is niet negatief", column=c, min_value=0) for c in SECONDS],
            # plausibility: reported, never stops the run
            *_plausible_durations("gesprek_s"),
            expect(
                E.ExpectColumnValuesToBeBetween,
                "gestart_op ligt na 2000 en niet in de toekomst (aannemelijk)",
                critical=False,
                column="gestart_op",
                min_value=EARLIEST,
                max_value=datetime.now(UTC).replace(microsecond=0) + timedelta(days=1),
            ),
        ],
    )


def _plausible_durations(talk: str) -> list:
    """Plausibility, reported but never stopping the run: the wait at most an hour, the talk time (column
    `talk`: a call's, or the longest of a day total's) at most four hours and only on answered calls."""
    return [
        expect(
            E.ExpectColumnValuesToBeBetween,
            "wachttijd hoogstens een uur (aannemelijk)",
            critical=False,
            column="wacht_s",
            max_value=MAX_WAIT_S,
        ),
        expect(
            E.ExpectColumnValuesToBeBetween,
            "gespreksduur hoogstens vier uur (aannemelijk)",
            critical=False,
            column=talk,
            max_value=MAX_TALK_S,
        ),
        expect(
            E.ExpectColumnValuesToBeBetween,
            "alleen beantwoorde gesprekken hebben gesprekstijd",
            critical=False,
            column=talk,
            max_value=0,
            row_condition=Column("uitkomst") != "beantwoord",
        ),
    ]


def call_days_suite():
    """A fresh suite for the calls' day totals as the report reads them, their queue mapped
    (transforms/call_days.py, MAPPED_CALL_DAYS_SCHEMA): the checks of `calls_suite` that the totals
    can carry, each now counting groups of calls (a day, queue, outcome, wait and file) instead of
    calls. Where the others went: every call was checked by `stored_calls_suite` when its file was
    loaded (call_id filled and unique in the file; the store keeps one row per call_id); the
    totals are summed from those calls."""
    started = "gestart_op ligt na 2000 en niet in de toekomst (aannemelijk)"
    return suite(
        DATASET,
        [
            expect(
                E.ExpectTableColumnsToMatchSet,
                "alle kolommen van de dagtotalen zijn aanwezig",
                column_set=list(MAPPED_CALL_DAYS_SCHEMA),
                exact_match=False,
            ),
            *[
                expect(E.ExpectColumnValuesToNotBeNull, f"{c} is altijd gevuld", column=c)
                for c in ("datum", "wachtrij", *MAPPED, "uitkomst", "wacht_s", "aantal", "bron_hash")
            ],
            expect(
                E.ExpectCompoundColumnsToBeUnique,
                "één dagtotaal per dag, wachtrij, uitkomst, wachttijd en bestand",
                column_list=list(CALL_DAYS_KEY),
            ),
            expect(
                E.ExpectColumnValuesToBeInSet,
                f"uitkomst is een van {', '.join(OUTCOMES)}",
                column="uitkomst",
                value_set=list(OUTCOMES),
            ),
            expect(E.ExpectColumnValuesToBeInSet, "lijn is 1 of 2", column="lijn", value_set=[1, 2]),
            expect(E.ExpectColumnValuesToBeBetween, "aantal is minstens 1", column="aantal", min_value=1),
            *[
                expect(E.ExpectColumnValuesToBeBetween, f"{label} is niet negatief", column=c, min_value=0)
                for label, c in (
                    ("wacht_s", "wacht_s"),
                    ("gesprek_s", "gesprek_min"),
                    ("wacht_in_gesprek_s", "wacht_in_gesprek_min"),
                    ("nawerk_s", "nawerk_min"),
                )
            ],
            # plausibility: reported, never stops the run
            *_plausible_durations("gesprek_max"),
            expect(E.ExpectColumnValuesToBeBetween, started, critical=False, column="gestart_min", min_value=EARLIEST),
            expect(
                E.ExpectColumnValuesToBeBetween,
                started,
                critical=False,
                column="gestart_max",
                max_value=datetime.now(UTC).replace(microsecond=0) + timedelta(days=1),
            ),
        ],
    )
