"""GX sees only the rows that can fail (`rows_to_check`): the first row and every row some
expectation could fault. The reports - results, counts, examples, the message that stops a file -
are the same as when GX sees every row (`every_row=True`), and nothing carries over from one
file or one dataset to the next."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from great_expectations import expectations as E
from great_expectations.expectations.row_conditions import Column

from core.errors import DataQualityError
from expectations.calls import stored_calls_suite
from expectations.feedback import feedback_suite
from expectations.gx_runner import expect, require, rows_to_check, suite, validate
from sources.kcc import STORED_CALLS_SCHEMA
from tests.expectations.test_feedback_suite import responses

T0 = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def stored_calls(n: int = 40) -> pl.DataFrame:
    """`n` clean calls as the store keeps them: even rows answered (100 s talk), odd rows
    abandoned (no talk); waits 0..n-1 s."""
    answered = [i % 2 == 0 for i in range(n)]
    return pl.DataFrame(
        {
            "call_id": [f"T{i + 1:04d}" for i in range(n)],
            "gestart_op": [T0 + timedelta(minutes=i) for i in range(n)],
            "wachtrij": "LOS-KCC",
            "wacht_s": list(range(n)),
            "gesprek_s": [100 if a else 0 for a in answered],
            "wacht_in_gesprek_s": 0,
            "nawerk_s": [10 if a else 0 for a in answered],
            "uitkomst": ["beantwoord" if a else "opgehangen" for a in answered],
            "doorverbonden_naar": None,
            "export_stempel": "20260702T0000",
            "bron_bestand": "kcc_gesprekken_20260702.csv",
            "bron_hash": "0" * 64,
        },
        schema=STORED_CALLS_SCHEMA,
    )


def changed(frame: pl.DataFrame, column: str, values: dict[int, object]) -> pl.DataFrame:
    series = frame[column].to_list()
    for i, v in values.items():
        series[i] = v
    return frame.with_columns(pl.Series(column, series, dtype=frame.schema[column]))


def bad_calls() -> pl.DataFrame:
    """40 calls with, each in its own row: a negative wait (row 5), an unknown outcome on an
    answered call with talk time (row 12: also talk time on a call not answered), row 33 taking
    row 20's call_id, talk time on an abandoned call (row 25), no start time (row 30)."""
    calls = changed(stored_calls(), "wacht_s", {5: -1})
    calls = changed(calls, "uitkomst", {12: "Abandoned"})
    calls = changed(calls, "call_id", {33: "T0021"})
    calls = changed(calls, "gesprek_s", {25: 60})
    return changed(calls, "gestart_op", {30: None})


def test_only_the_rows_that_can_fail_go_to_gx():
    calls = bad_calls()
    # the first row, and rows 5, 12, 20 + 33 (the same call_id), 25 and 30: 7 of 40
    assert rows_to_check(calls, stored_calls_suite()).equals(calls[[0, 5, 12, 20, 25, 30, 33]])
    assert rows_to_check(stored_calls(), stored_calls_suite()).equals(stored_calls().head(1))


def test_a_bad_file_fails_with_the_same_results_and_message():
    calls, checks = bad_calls(), stored_calls_suite()
    fast, full = validate("gesprekken", calls, checks), validate("gesprekken", calls, checks, every_row=True)
    assert fast == full
    assert fast.rows == 40
    failed = [
        (r.expectation, r.column, r.critical, r.unexpected_count, r.samples) for r in fast.results if not r.success
    ]
    assert failed == [
        ("expect_column_values_to_not_be_null", "gestart_op", True, 1, ["rij 31"]),
        ("expect_column_values_to_be_unique", "call_id", True, 2, ["T0021"]),
        ("expect_column_values_to_be_in_set", "uitkomst", True, 1, ["Abandoned"]),
        ("expect_column_values_to_be_between", "wacht_s", True, 1, [-1]),
        ("expect_column_values_to_be_between", "gesprek_s", False, 2, [100, 60]),  # rows 12 and 25
    ]
    messages = []
    for report in (fast, full):
        with pytest.raises(DataQualityError) as exc:
            require(report)
        messages.append(str(exc.value))
    assert (
        messages[0]
        == messages[1]
        == (
            "controle 'gesprekken' mislukt: "
            "expect_column_values_to_not_be_null op 'gestart_op': 1 afwijkende rij, bijv. 'rij 31'; "
            "expect_column_values_to_be_unique op 'call_id': 2 afwijkende rijen, bijv. 'T0021'; "
            "expect_column_values_to_be_in_set op 'uitkomst': 1 afwijkende rij, bijv. 'Abandoned'; "
            "expect_column_values_to_be_between op 'wacht_s': 1 afwijkende rij, bijv. -1"
        )
    )


def test_nothing_carries_over_between_files_or_datasets():
    checks = stored_calls_suite()
    assert validate("gesprekken", bad_calls(), checks).failed_critical  # a bad file, then a good one
    good = validate("gesprekken", stored_calls(), checks)
    assert good == validate("gesprekken", stored_calls(), checks, every_row=True)
    assert all(r.success for r in good.results)
    assert {r.unexpected_count for r in good.results if r.column} == {0}
    assert all(r.samples == [] for r in good.results)
    # another dataset with another suite in the same process, then the calls again
    feedback = validate("reacties", responses(), feedback_suite())
    assert feedback.dataset == "reacties" and all(r.success for r in feedback.results)
    assert {r.dataset for r in feedback.results} == {"reacties"}
    again = validate("gesprekken", bad_calls(), stored_calls_suite())
    assert again == validate("gesprekken", bad_calls(), checks, every_row=True)
    assert {r.dataset for r in again.results} == {"gesprekken"}


AMS = ZoneInfo("Europe/Amsterdam")
BOUND = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # 12:00 in Amsterdam


def odd_frame() -> pl.DataFrame:
    """Eight rows of the kinds of values where polars and pandas could differ."""
    return pl.DataFrame(
        {
            "f": [0.0, 1.0, float("nan"), 1.0, None, 1.0, 1.0, 1.0],
            "f32": pl.Series([0.05] * 6 + [0.1, 0.05], dtype=pl.Float32),  # float32 0.1 is 0.1000000015
            "t": pl.Series(
                [BOUND - timedelta(hours=1)] * 3 + [BOUND] + [BOUND - timedelta(hours=1)] * 4,
                dtype=pl.Datetime("ns", "UTC"),
            ).dt.convert_time_zone("Europe/Amsterdam")
            + pl.Series([0, 0, 0, 1, 0, 0, 0, 0], dtype=pl.Duration("ns")),  # row 3: one nanosecond past BOUND
            "c": ["a", None, "b", "a", "b", "a", "a", "a"],
            "s": [5, 5, 0, 5, 3, 5, 5, 5],
            "k1": ["x", "x", "y", "y", "x", "z", "z", "w"],
            "k2": [1, 2, 1, 2, 1, 1, 2, 1],
            "a": [2, 2, 2, 1, None, 2, 2, 2],
            "b": [1, 2, 1, 2, 1, 1, 1, 1],
            "n32": pl.Series([1, 2, 1, None, 3, 1, 1, 1], dtype=pl.Int32),
            "big": [
                2**53,
                2**53 + 1,
                None,
                1,
                2,
                3,
                4,
                5,
            ],  # with the empty one pandas holds floats: the first two are one
            "d": pl.Series(["0.10", "0.20", "0.10", "0.10", "0.10", "0.10", "0.10", "0.10"], dtype=pl.String).cast(
                pl.Decimal(10, 2)
            ),
        }
    )


@pytest.mark.filterwarnings("ignore:Discarding nonzero nanoseconds")
@pytest.mark.parametrize(
    ("kind", "kwargs", "rows"),
    [
        # always row 0; then, worked out by hand from odd_frame:
        (E.ExpectTableColumnsToMatchSet, {"column_set": ["f", "a"], "exact_match": False}, [0]),
        (E.ExpectColumnValuesToNotBeNull, {"column": "f"}, [0, 2, 4]),  # NaN is empty to GX too
        (E.ExpectColumnValuesToBeBetween, {"column": "f32", "max_value": 0.1}, [0, 6]),
        (E.ExpectColumnValuesToBeBetween, {"column": "t", "max_value": BOUND}, [0, 3]),
        # rows where c is not "a" (or empty): 1, 2, 4; of those s > 0: 1 and 4
        (
            E.ExpectColumnValuesToBeBetween,
            {"column": "s", "max_value": 0, "row_condition": Column("c") != "a"},
            [0, 1, 4],
        ),
        (
            E.ExpectColumnValuesToBeBetween,
            {"column": "s", "max_value": 0, "row_condition": Column("c").is_in(["b"])},
            [0, 1, 4],  # c is "b" (or empty) in rows 1, 2, 4; of those s > 0: 1 and 4
        ),
        (E.ExpectCompoundColumnsToBeUnique, {"column_list": ["k1", "k2"]}, [0, 4]),  # (x, 1) twice
        (E.ExpectColumnPairValuesAToBeGreaterThanB, {"column_A": "a", "column_B": "b", "or_equal": True}, [0, 3, 4]),
        (E.ExpectColumnValuesToBeInSet, {"column": "n32", "value_set": [1, 2]}, [0, 3, 4]),  # empty, and 3
        (E.ExpectColumnValuesToBeUnique, {"column": "k1"}, [0, 1, 2, 3, 4, 5, 6]),  # only w once
        (E.ExpectColumnValuesToBeUnique, {"column": "big"}, [0, 1, 2]),
        # not understood here: every row
        (E.ExpectColumnValuesToBeBetween, {"column": "s", "max_value": 4, "mostly": 0.5}, list(range(8))),
        (E.ExpectColumnValuesToMatchRegex, {"column": "c", "regex": "^a$"}, list(range(8))),
        (E.ExpectColumnValuesToBeBetween, {"column": "c", "min_value": 1}, list(range(8))),  # text against a number
        (E.ExpectColumnValuesToBeBetween, {"column": "d", "max_value": 0.1}, list(range(8))),  # decimals
    ],
)
def test_each_kind_of_expectation_takes_the_rows_it_can_fault(kind, kwargs, rows):
    frame = odd_frame()
    checks = suite("vreemd", [expect(kind, "test", **kwargs)])
    assert rows_to_check(frame, checks)["k1"].to_list() == frame[rows]["k1"].to_list()
    assert validate("vreemd", frame, checks) == validate("vreemd", frame, checks, every_row=True)


def odd_expectations() -> list:
    """Expectations that odd_frame fails where polars and pandas could differ."""
    return [
        expect(E.ExpectColumnValuesToNotBeNull, "f gevuld", column="f"),
        expect(E.ExpectColumnValuesToBeBetween, "f32 hoogstens 0.1", column="f32", max_value=0.1),
        expect(E.ExpectColumnValuesToBeBetween, "t hoogstens BOUND", column="t", max_value=BOUND),
        expect(E.ExpectCompoundColumnsToBeUnique, "k1, k2 uniek", column_list=["k1", "k2"]),
        expect(E.ExpectColumnValuesToBeInSet, "n32 is 1 of 2", column="n32", value_set=[1, 2]),
    ]


@pytest.mark.filterwarnings("ignore:Discarding nonzero nanoseconds")
def test_the_odd_values_fail_as_on_every_row():
    frame = odd_frame()
    checks = suite("vreemd", odd_expectations())
    report = validate("vreemd", frame, checks)
    assert report == validate("vreemd", frame, checks, every_row=True)
    # NaN and null in f; float32 0.1 > 0.1; one nanosecond past BOUND; (x, 1) twice; 3 not in {1, 2}
    assert [r.unexpected_count for r in report.results] == [2, 1, 1, 2, 1]
    assert not any(r.success for r in report.results)
