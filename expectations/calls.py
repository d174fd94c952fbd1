"""Expectations on canonical calls (after the KCC reader)."""

from __future__ import annotations

from great_expectations import expectations as E

from expectations.gx_runner import suite
from sources.kcc import CALLS_SCHEMA
from sources.profiles import OUTCOMES

WARNING = "warning"  # plausibility: reported, does not stop the run


def calls_suite():
    """Schema, keys, labels and durations of canonical calls; plausibility as warnings."""
    return suite("gesprekken", [
        E.ExpectTableColumnsToMatchSet(column_set=list(CALLS_SCHEMA), exact_match=True,
                                       meta={"beschrijving": "kolommen volgens het canonieke schema"}),
        E.ExpectColumnValuesToBeUnique(column="call_id", meta={"beschrijving": "CallId is uniek"}),
        *[E.ExpectColumnValuesToNotBeNull(column=c, meta={"beschrijving": f"{c} is altijd gevuld"})
          for c in ("call_id", "gestart_op", "wachtrij", "gemeente", "lijn", "team", "uitkomst",
                    "wacht_s", "gesprek_s", "wacht_in_gesprek_s", "nawerk_s")],
        E.ExpectColumnValuesToBeInSet(column="uitkomst", value_set=list(OUTCOMES),
                                      meta={"beschrijving": "uitkomst is een bekende waarde"}),
        E.ExpectColumnValuesToBeInSet(column="lijn", value_set=[1, 2], meta={"beschrijving": "lijn is 1 of 2"}),
        *[E.ExpectColumnValuesToBeBetween(column=c, min_value=0, meta={"beschrijving": f"{c} is niet negatief"})
          for c in ("wacht_s", "gesprek_s", "wacht_in_gesprek_s", "nawerk_s")],
        E.ExpectColumnValuesToBeBetween(column="wacht_s", max_value=3600, severity=WARNING,
                                        meta={"beschrijving": "wachttijd hoogstens een uur (plausibel)"}),
        E.ExpectColumnValuesToBeBetween(column="gesprek_s", max_value=4 * 3600, severity=WARNING,
                                        meta={"beschrijving": "gesprek hoogstens vier uur (plausibel)"}),
    ])
