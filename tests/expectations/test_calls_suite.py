"""calls_suite on canonical calls: a clean frame passes; each critical rule, broken, fails and
stops the run with a Dutch one-line message; plausibility rules are only reported."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import polars as pl
import pytest

from core.errors import DataQualityError
from core.profiles import OUTCOMES
from core.wording import dutch_list
from expectations.calls import calls_suite
from expectations.gx_runner import ValidationReport, require, to_pandas, validate
from expectations.kpis import kpi_suite
from sources.kcc import CALLS_SCHEMA, SECONDS

T0 = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def clean_calls() -> pl.DataFrame:
    """Eight ordinary calls: every outcome, both lines, both gemeenten."""
    outcomes = [*OUTCOMES, "beantwoord", "beantwoord"]
    n = len(outcomes)
    return pl.DataFrame(
        {
            "call_id": [f"T{i:04d}" for i in range(1, n + 1)],
            "gestart_op": [T0.replace(minute=i) for i in range(n)],
            "wachtrij": ["LOS-KCC", "LOS-KCC", "ENS-KCC", "ENS-KCC", "LOS-KCC", "LOS-KCC", "LOS-PVH", "ENS-BFR"],
            "gemeente": ["Losser", "Losser", "Enschede", "Enschede", "Losser", "Losser", "Losser", "Enschede"],
            "lijn": [1, 1, 1, 1, 1, 1, 2, 2],
            "team": ["KCC", "KCC", "KCC", "KCC", "KCC", "KCC", "PVH", "BFR"],
            "wacht_s": [12, 40, 3, 60, 0, 0, 25, 90],
            "gesprek_s": [240, 0, 0, 0, 0, 0, 300, 180],
            "wacht_in_gesprek_s": [0, 0, 0, 0, 0, 0, 30, 0],
            "nawerk_s": [30, 0, 0, 0, 0, 0, 60, 20],
            "uitkomst": outcomes,
            "doorverbonden_naar": [None, None, None, None, None, None, "PVH-2", None],
            "export_stempel": "20260702T0000",
            "bron_bestand": "kcc_gesprekken_20260702.csv",
            "bron_hash": "0" * 64,
        },
        schema=CALLS_SCHEMA,
    )


def with_values(frame: pl.DataFrame, column: str, values: dict[int, object]) -> pl.DataFrame:
    """`frame` with `column` set to values[i] in row i (others unchanged)."""
    series = frame[column].to_list()
    for i, v in values.items():
        series[i] = v
    return frame.with_columns(pl.Series(column, series, dtype=frame.schema[column]))


def failed(report: ValidationReport) -> list:
    return [r for r in report.results if not r.success]


def check_stops(
    report: ValidationReport, expectation: str, column: str | None, count: int | None, samples: list
) -> str:
    """Exactly one failed result, critical, as given; `require` raises naming all of it."""
    [bad] = failed(report)
    assert (bad.expectation, bad.column, bad.critical, bad.unexpected_count, bad.samples) == (
        expectation,
        column,
        True,
        count,
        samples,
    )
    assert bad.description
    with pytest.raises(DataQualityError) as exc:
        require(report)
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith("controle 'gesprekken' mislukt: ")
    assert expectation in message
    if column:
        assert f"op '{column}'" in message
    if count is not None:
        assert f"{count} afwijkende {'rij' if count == 1 else 'rijen'}" in message
    assert f"bijv. {dutch_samples(samples)}" in message
    return message


def dutch_samples(samples: list) -> str:
    """As the message lists them: numbers plain, text quoted, 'a, b en c'."""
    return dutch_list(v if isinstance(v, int | float) else f"'{v}'" for v in samples)


def test_clean_calls_pass():
    report = validate("gesprekken", clean_calls(), calls_suite())
    assert failed(report) == []
    assert require(report) is report
    assert report.rows == 8
    assert report.failed_critical == []


def test_report_frame_lists_every_expectation_in_suite_order():
    suite = calls_suite()
    frame = validate("gesprekken", clean_calls(), suite).to_frame()
    assert frame.columns == ["dataset", "verwachting", "kolom", "kritiek", "geslaagd", "afwijkend", "voorbeelden"]
    assert frame.height == len(suite.expectations)
    assert frame["verwachting"][0] == "alle kolommen van het canonieke schema zijn aanwezig"
    assert frame["verwachting"][1] == "call_id is altijd gevuld"
    assert frame["geslaagd"].all()
    assert set(frame["dataset"]) == {"gesprekken"}


def test_criticality():
    report = validate("gesprekken", clean_calls(), calls_suite())
    by = {(r.description): r.critical for r in report.results}
    assert by["wacht_s is niet negatief"] is True
    assert by["call_id is uniek"] is True
    assert by["wachttijd hoogstens een uur (aannemelijk)"] is False
    assert by["gespreksduur hoogstens vier uur (aannemelijk)"] is False
    assert by["alleen beantwoorde gesprekken hebben gesprekstijd"] is False


def test_negative_wait_stops_with_the_documented_message():
    calls = with_values(clean_calls(), "wacht_s", {1: -1, 3: -5, 6: -7})
    message = check_stops(
        validate("gesprekken", calls, calls_suite()), "expect_column_values_to_be_between", "wacht_s", 3, [-1, -5, -7]
    )
    assert message == (
        "controle 'gesprekken' mislukt: expect_column_values_to_be_between op 'wacht_s': "
        "3 afwijkende rijen, bijv. -1, -5 en -7"
    )


def test_negative_durations_stop():
    calls = clean_calls()
    for row, column in enumerate(c for c in SECONDS if c != "wacht_s"):
        calls = with_values(calls, column, {row: -30 - row})
    report = validate("gesprekken", calls, calls_suite())
    assert [(r.expectation, r.column, r.critical, r.unexpected_count, r.samples) for r in failed(report)] == [
        ("expect_column_values_to_be_between", "gesprek_s", True, 1, [-30]),
        ("expect_column_values_to_be_between", "wacht_in_gesprek_s", True, 1, [-31]),
        ("expect_column_values_to_be_between", "nawerk_s", True, 1, [-32]),
    ]
    with pytest.raises(DataQualityError) as exc:
        require(report)
    assert str(exc.value).endswith("expect_column_values_to_be_between op 'nawerk_s': 1 afwijkende rij, bijv. -32")


REQUIRED = ["call_id", "gestart_op", "wachtrij", "gemeente", "lijn", "team", "uitkomst", *SECONDS]


def test_required_field_empty_stops():
    check_stops(
        validate("gesprekken", with_values(clean_calls(), "team", {1: None, 4: None}), calls_suite()),
        "expect_column_values_to_not_be_null",
        "team",
        2,
        ["rij 2", "rij 5"],
    )


def test_every_required_field_is_checked():
    # one validation, each required column empty in one row (row i+1 for the i-th column, wrapping at 8)
    calls = clean_calls()
    for i, column in enumerate(REQUIRED):
        calls = with_values(calls, column, {i % calls.height: None})
    report = validate("gesprekken", calls, calls_suite())
    nulls = [r for r in report.failed_critical if r.expectation == "expect_column_values_to_not_be_null"]
    assert [(r.column, r.unexpected_count, r.samples) for r in nulls] == [
        (c, 1, [f"rij {i % calls.height + 1}"]) for i, c in enumerate(REQUIRED)
    ]
    with pytest.raises(DataQualityError) as exc:
        require(report)
    for r in nulls:
        assert (
            f"expect_column_values_to_not_be_null op '{r.column}': 1 afwijkende rij, bijv. {dutch_samples(r.samples)}"
            in str(exc.value).removeprefix("controle 'gesprekken' mislukt: ").split("; ")
        )


def test_duplicate_call_id_stops():
    calls = with_values(clean_calls(), "call_id", {5: "T0002"})
    check_stops(
        validate("gesprekken", calls, calls_suite()), "expect_column_values_to_be_unique", "call_id", 2, ["T0002"]
    )


def test_unknown_outcome_stops():
    calls = with_values(clean_calls(), "uitkomst", {1: "Abandoned", 3: "Voicemail"})
    check_stops(
        validate("gesprekken", calls, calls_suite()),
        "expect_column_values_to_be_in_set",
        "uitkomst",
        2,
        ["Abandoned", "Voicemail"],
    )


def test_line_other_than_1_or_2_stops():
    calls = with_values(clean_calls(), "lijn", {7: 3})
    check_stops(validate("gesprekken", calls, calls_suite()), "expect_column_values_to_be_in_set", "lijn", 1, [3])


def test_missing_column_stops():
    report = validate("gesprekken", clean_calls().drop("team"), calls_suite())
    schema = next(r for r in report.results if r.expectation == "expect_table_columns_to_match_set")
    assert (schema.success, schema.critical, schema.samples) == (False, True, ["ontbreekt: team"])
    # the not-null check on the missing column could not run: a failure carrying GX's message
    not_null = next(r for r in report.results if r.column == "team")
    assert not not_null.success and "team" in not_null.samples[0]
    with pytest.raises(DataQualityError, match=r"expect_table_columns_to_match_set: bijv. 'ontbreekt: team';"):
        require(report)


def test_extra_column_is_fine():
    report = validate("gesprekken", clean_calls().with_columns(extra=pl.lit(1)), calls_suite())
    assert failed(report) == []


def test_expectation_that_raises_is_a_failed_result_not_an_exception():
    calls = clean_calls().with_columns(pl.col("nawerk_s").cast(pl.String))  # text where a number belongs
    report = validate("gesprekken", calls, calls_suite())
    [bad] = [r for r in failed(report) if r.column == "nawerk_s"]
    assert bad.critical and bad.unexpected_count is None and len(bad.samples) == 1
    assert isinstance(bad.samples[0], str) and bad.samples[0]
    with pytest.raises(DataQualityError, match="expect_column_values_to_be_between op 'nawerk_s'"):
        require(report)


def test_all_failed_critical_are_listed():
    calls = with_values(with_values(clean_calls(), "lijn", {0: 7}), "gesprek_s", {0: -2})
    with pytest.raises(DataQualityError) as exc:
        require(validate("gesprekken", calls, calls_suite()))
    parts = str(exc.value).removeprefix("controle 'gesprekken' mislukt: ").split("; ")
    assert parts == [
        "expect_column_values_to_be_in_set op 'lijn': 1 afwijkende rij, bijv. 7",
        "expect_column_values_to_be_between op 'gesprek_s': 1 afwijkende rij, bijv. -2",
    ]


@pytest.mark.parametrize(
    ("column", "values", "description", "samples"),
    [
        ("wacht_s", {0: 4000}, "wachttijd hoogstens een uur (aannemelijk)", [4000]),
        ("gesprek_s", {0: 5 * 3600}, "gespreksduur hoogstens vier uur (aannemelijk)", [18000]),
        ("gesprek_s", {1: 30, 2: 45}, "alleen beantwoorde gesprekken hebben gesprekstijd", [30, 45]),
        (
            "gestart_op",
            {3: datetime(2099, 1, 1, tzinfo=UTC)},
            "gestart_op ligt na 2000 en niet in de toekomst (aannemelijk)",
            ["2099-01-01T00:00:00+00:00"],
        ),
    ],
)
def test_implausible_values_are_reported_not_fatal(column, values, description, samples):
    report = validate("gesprekken", with_values(clean_calls(), column, values), calls_suite())
    [bad] = failed(report)
    assert (bad.description, bad.critical, bad.unexpected_count, bad.samples) == (
        description,
        False,
        len(values),
        samples,
    )
    assert require(report) is report  # does not raise
    row = report.to_frame().filter(~pl.col("geslaagd"))
    assert row.select("kritiek", "afwijkend", "voorbeelden").row(0) == (
        False,
        len(values),
        ", ".join(map(str, samples)),
    )


def test_nullable_integers_keep_integer_samples():
    calls = with_values(clean_calls(), "wacht_s", {0: None, 1: -4})
    report = validate("gesprekken", calls, calls_suite())
    between = next(r for r in failed(report) if r.expectation == "expect_column_values_to_be_between")
    assert between.samples == [-4] and isinstance(between.samples[0], int)


def test_to_pandas_is_numpy_backed():
    data = to_pandas(with_values(clean_calls(), "wacht_s", {0: None}))
    assert data["lijn"].dtype == "int64"  # Int8 -> int64: GX vectorises `between` only for int64/float64
    assert data["gesprek_s"].dtype == "int64"
    assert data["wacht_s"].dtype == "float64"  # nulls -> NaN
    assert isinstance(data["gestart_op"].dtype, pd.DatetimeTZDtype) and str(data["gestart_op"].dt.tz) == "UTC"
    assert not any(isinstance(t, pd.ArrowDtype) for t in data.dtypes)


def test_validations_of_several_frames_do_not_leak():
    bad = with_values(clean_calls(), "wacht_s", {0: -1})
    first = validate("gesprekken", bad, calls_suite())
    kpis = validate("kpis", pl.DataFrame(schema={"gemeente": pl.String}), kpi_suite())
    second = validate("gesprekken", clean_calls(), calls_suite())
    third = validate("gesprekken", bad, calls_suite())
    assert len(failed(first)) == 1 and failed(second) == [] and len(failed(third)) == 1
    assert kpis.dataset == "kpis" and failed(kpis)
    assert {r.dataset for r in kpis.results} == {"kpis"}


def test_empty_frame_passes():
    report = validate("gesprekken", pl.DataFrame(schema=CALLS_SCHEMA), calls_suite())
    assert report.rows == 0 and failed(report) == []
