"""expectations/gx_runner: in a validation, each expectation's configuration is built once (GX builds
it anew some 100 times per expectation). GX's results are the same as with GX's own property, on
clean and on bad data, for every kind of expectation the suites use."""

from __future__ import annotations

import pytest
from great_expectations import expectations as E
from great_expectations.expectations.expectation import Expectation

from expectations.calls import stored_calls_suite
from expectations.feedback import feedback_suite
from expectations.gx_runner import RESULT_FORMAT, _batch_definition, _validated, expect, suite, to_pandas
from tests.expectations.test_feedback_suite import responses
from tests.expectations.test_rows_to_check import bad_calls, odd_expectations, odd_frame, stored_calls


def _odd_suite():
    return suite(
        "vreemd",
        [
            *odd_expectations(),
            expect(E.ExpectColumnPairValuesAToBeGreaterThanB, "a >= b", column_A="a", column_B="b", or_equal=True),
            expect(E.ExpectColumnValuesToMatchRegex, "c is a", column="c", regex="^a$", critical=False),
            expect(E.ExpectTableColumnsToMatchSet, "kolommen", column_set=["f", "a"], exact_match=False),
        ],
    )


def _results(outcome) -> list[dict]:
    """Each expectation's result as JSON (the suite's result around them also holds the batch's load time)."""
    return [r.to_json_dict() for r in outcome.results]


@pytest.mark.filterwarnings("ignore:Discarding nonzero nanoseconds")
@pytest.mark.parametrize(
    ("dataset", "frame", "checks"),
    [
        ("gesprekken", bad_calls, stored_calls_suite),
        ("gesprekken", stored_calls, stored_calls_suite),
        ("reacties", responses, feedback_suite),
        ("vreemd", odd_frame, _odd_suite),
    ],
)
def test_the_results_are_gx_s_own(dataset, frame, checks):
    data, expectations = to_pandas(frame()), checks()
    remembered = _validated(dataset, data, expectations)  # in its own thread: configurations built once
    # GX's own property, as outside `_validated`: here, on the test's thread
    own = _batch_definition(dataset).get_batch(batch_parameters={"dataframe": data})
    plain = own.validate(expectations, result_format=RESULT_FORMAT)
    assert _results(remembered) == _results(plain)
    assert remembered.success == plain.success


def test_each_configuration_is_built_once_in_a_validation_and_anew_outside_it(monkeypatch):
    checks = stored_calls_suite()
    first = checks.expectations[0]
    assert first.configuration is not first.configuration  # outside a validation: new each time, as in GX
    assert first.configuration == first.configuration
    replaced = vars(Expectation)["configuration"]
    gx_own, built = replaced.own, []

    def counted(expectation):
        built.append(id(expectation))
        return gx_own.fget(expectation)

    monkeypatch.setattr(replaced, "own", property(counted))
    _validated("gesprekken", to_pandas(stored_calls()), checks)
    # GX asks hundreds of times (each of the 19 expectations, and the copies it makes of them)
    assert built, "the validation did not ask for a configuration"
    assert len(built) == len(set(built)), "a configuration was built more than once in one validation"
