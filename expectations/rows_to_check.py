"""Which rows of a frame Great Expectations needs to see to judge it as it would judge every row:
a copy in polars of how each kind of expectation in our suites faults a row (`rows_to_check`).
expectations/gx_runner.py hands GX only these rows; tests/expectations/test_rows_to_check.py
compares the results on them with the results on every row."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from sources.layout import increasing

if TYPE_CHECKING:
    from great_expectations import ExpectationSuite


# --- the rows GX needs to see -------------------------------------------------------------------
#
# Every expectation in our suites judges a row by that row alone (null, in a set, between bounds, a
# pair of columns compared, within a row condition), or by a column's values as a whole (unique)
# or by the column names only (table columns). GX's count of faulty rows and its examples (the
# first 20 in row order) are therefore the same on any subset of the rows that holds every row it
# would fault, in their order. `rows_to_check` selects such a subset in polars: per expectation an
# expression that is true on every row the expectation can fault - and on some more where that is
# simpler: a row with an empty value in a checked column is always taken - and the first row, so GX
# meets every column's type on real data (a wrong type fails as it would on every row). Where an
# expectation is not understood here (another type, `mostly`, bounds or sets of another type than
# the column, a condition in text), every row is taken: GX then sees the whole frame, as before.
#
# Rows taken per expectation (c its column; "within" its row condition, if any):
# - expect_table_columns_to_match_set / _to_match_ordered_list: none (the names only)
# - expect_column_values_to_not_be_null: c empty, within
# - expect_column_values_to_be_null: c not empty, within
# - expect_column_values_to_be_unique: c empty or its value occurring more than once anywhere
#   (integers compared as floats, as pandas holds them beside an empty value); none more when
#   as many distinct hashes as rows
# - expect_compound_columns_to_be_unique: the same for the combination of the columns
# - expect_column_values_to_be_in_set: c empty or not in the set, within
# - expect_column_values_to_be_between: c empty, below min or above max (strict, or a nanosecond
#   column: at the bound too), within; numbers compared as floats, datetimes in UTC
# - expect_column_pair_values_a_to_be_greater_than_b: A or B empty, or not A > B (or_equal: A >= B)
# - a row condition `column op value` (and/or combined): where it holds or its column is empty
# - anything else, and any of the above with mostly, or values of another type than the column,
#   or a condition in text: every row

_NUMERIC = (int, float)


def _number(dtype: pl.DataType) -> bool:
    """Integers and floats (not Decimal: Python decimals in pandas; not UInt64: left to GX on every row)."""
    return (dtype.is_integer() or dtype.is_float()) and dtype != pl.UInt64


def _empty(name: str, dtype: pl.DataType) -> pl.Expr:
    """Empty as GX sees it after `to_pandas`: null, or NaN in a float column."""
    column = pl.col(name)
    return column.is_null() | column.is_nan() if dtype.is_float() else column.is_null()


def _operands(name: str, dtype: pl.DataType, value: Any, *, datetimes: bool) -> tuple[pl.Expr, pl.Expr, bool] | None:
    """The column and `value` as polars expressions that compare as pandas compares them after
    `to_pandas`, and whether the column is finer than the value (nanoseconds: compare with the bound
    included, a rounded value never slips past it); None if not sure (then every row is taken)."""
    if isinstance(value, bool) or value is None:
        return None
    if _number(dtype) and isinstance(value, _NUMERIC):
        return pl.col(name).cast(pl.Float64), pl.lit(float(value), dtype=pl.Float64), False  # as numpy does
    if dtype == pl.String and isinstance(value, str):
        return pl.col(name), pl.lit(value, dtype=pl.String), False
    if datetimes and isinstance(dtype, pl.Datetime) and isinstance(value, dt.datetime):
        if (dtype.time_zone is None) != (value.tzinfo is None):
            return None
        column = pl.col(name) if dtype.time_zone is None else pl.col(name).dt.convert_time_zone("UTC")
        bound = value if value.tzinfo is None else value.astimezone(dt.UTC)
        unit = pl.Datetime("us", None if value.tzinfo is None else "UTC")
        return column.cast(unit), pl.lit(bound, dtype=unit), dtype.time_unit == "ns"
    return None


def _values(dtype: pl.DataType, values: Any) -> pl.Series | None:
    """A value set as a polars series of `dtype`; None if any value does not compare as in pandas."""
    if not isinstance(values, (list, tuple, set, frozenset)):
        return None
    values = list(values)
    if dtype == pl.String and all(isinstance(v, str) for v in values):
        return pl.Series(values, dtype=pl.String)
    if (
        dtype.is_integer()
        and dtype != pl.UInt64
        and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    ):
        return pl.Series(values, dtype=pl.Int64)
    return None


def _column(schema: pl.Schema, name: Any) -> pl.DataType | None:
    return schema.get(name) if isinstance(name, str) else None


def _within(condition: Any, schema: pl.Schema) -> pl.Expr:
    """True on every row where GX's row condition may hold (and where its column is empty)."""
    from great_expectations.expectations.row_conditions import (
        AndCondition,
        ComparisonCondition,
        NullityCondition,
        Operator,
        OrCondition,
    )

    if condition is None:
        return pl.lit(True)
    if isinstance(condition, AndCondition):
        return pl.all_horizontal(_within(c, schema) for c in condition.conditions)
    if isinstance(condition, OrCondition):
        return pl.any_horizontal(_within(c, schema) for c in condition.conditions)
    if isinstance(condition, NullityCondition | ComparisonCondition):
        name = condition.column.name
        dtype = _column(schema, name)
        if dtype is None:
            return pl.lit(True)
        if isinstance(condition, NullityCondition):
            return _empty(name, dtype) if condition.is_null else ~_empty(name, dtype)
        column, op, parameter = pl.col(name), condition.operator, condition.parameter
        if op in (Operator.IN, Operator.NOT_IN):
            values = _values(dtype, parameter)
            if values is None:
                return pl.lit(True)
            holds = column.cast(values.dtype).is_in(values.implode())
            return (holds if op == Operator.IN else ~holds) | _empty(name, dtype)
        operands = _operands(name, dtype, parameter, datetimes=False)
        compare = {
            Operator.EQUAL: pl.Expr.eq,
            Operator.NOT_EQUAL: pl.Expr.ne,
            Operator.LESS_THAN: pl.Expr.lt,
            Operator.LESS_THAN_OR_EQUAL: pl.Expr.le,
            Operator.GREATER_THAN: pl.Expr.gt,
            Operator.GREATER_THAN_OR_EQUAL: pl.Expr.ge,
        }.get(op)
        if operands is None or compare is None:
            return pl.lit(True)
        return compare(operands[0], operands[1]) | _empty(name, dtype)
    return pl.lit(True)  # a condition in text (pandas query) or another kind: every row


def _keys(expectation: Any) -> tuple[str, ...] | None:
    """The columns a uniqueness expectation looks at."""
    kind = type(expectation).__name__
    if kind == "ExpectColumnValuesToBeUnique" and isinstance(getattr(expectation, "column", None), str):
        return (expectation.column,)
    if kind == "ExpectCompoundColumnsToBeUnique" and expectation.column_list:
        return tuple(expectation.column_list)
    return None


def _key_values(names: tuple[str, ...], schema: pl.Schema) -> pl.Expr:
    """A key's values as pandas tells them apart: integers as floats (pandas holds an integer column
    with an empty value as float64, where two large integers can become one)."""
    parts = [pl.col(n).cast(pl.Float64) if schema[n].is_integer() else pl.col(n) for n in names]
    return parts[0] if len(parts) == 1 else pl.struct(parts)


def _repeat_free(frame: pl.DataFrame, keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The keys whose values occur once each in `frame`: as many distinct hashes as rows (two
    empty keys, or two values with one hash, count as a repeat: the rows are then looked up)."""
    keys = {k for k in keys if all(c in frame.columns for c in k)}
    # a text key in increasing order has no value twice (a look at neighbours; no hashing)
    ordered: set[tuple[str, ...]] = {
        k for k in keys if len(k) == 1 and frame.schema[k[0]] == pl.String and increasing(frame[k[0]])
    }
    keys -= ordered
    if not keys:
        return ordered
    order = sorted(keys)
    hashes = frame.select(
        _key_values(k, frame.schema).hash().n_unique().alias(str(i)) for i, k in enumerate(order)
    ).row(0)
    return ordered | {k for k, n in zip(order, hashes, strict=True) if n == frame.height}


def _faults(expectation: Any, schema: pl.Schema, repeat_free: set[tuple[str, ...]]) -> pl.Expr:
    """True on every row `expectation` can fault (see the table above); every row if unsure.
    `repeat_free`: the keys known to hold no value twice."""
    kind = type(expectation).__name__
    if kind in ("ExpectTableColumnsToMatchSet", "ExpectTableColumnsToMatchOrderedList"):
        return pl.lit(False)
    if getattr(expectation, "mostly", 1) != 1:
        return pl.lit(True)  # success would depend on how many rows GX sees
    within = _within(getattr(expectation, "row_condition", None), schema)
    if kind == "ExpectCompoundColumnsToBeUnique":
        names = list(expectation.column_list)
        dtypes = [_column(schema, n) for n in names]
        if not names or any(d is None or d.is_float() for d in dtypes):
            return pl.lit(True)
        empty_key = pl.any_horizontal(_empty(n, d) for n, d in zip(names, dtypes, strict=True) if d is not None)
        if tuple(names) in repeat_free:
            return empty_key
        return _key_values(tuple(names), schema).is_duplicated() | empty_key
    if kind == "ExpectColumnPairValuesAToBeGreaterThanB":
        a, b = expectation.column_A, expectation.column_B
        da, db = _column(schema, a), _column(schema, b)
        if da is None or db is None:
            return pl.lit(True)
        if _number(da) and _number(db):  # as numpy compares them once one holds a NaN: as floats
            col_a, col_b = pl.col(a).cast(pl.Float64), pl.col(b).cast(pl.Float64)
        elif da == db and isinstance(da, pl.Date | pl.Datetime):
            col_a, col_b = pl.col(a), pl.col(b)
        else:
            return pl.lit(True)
        greater = col_a >= col_b if expectation.or_equal else col_a > col_b
        return within & (~greater | _empty(a, da) | _empty(b, db))
    name = getattr(expectation, "column", None)
    dtype = _column(schema, name)
    if dtype is None:
        return pl.lit(True)
    assert isinstance(name, str)
    empty = _empty(name, dtype)
    if kind == "ExpectColumnValuesToNotBeNull":
        return within & empty
    if kind == "ExpectColumnValuesToBeNull":
        return within & pl.col(name).is_not_null()
    if kind == "ExpectColumnValuesToBeUnique":
        if dtype.is_float():
            return pl.lit(True)  # -0.0 and 0.0, NaN: leave equality of floats to pandas
        if (name,) in repeat_free:
            return empty
        return _key_values((name,), schema).is_duplicated() | empty  # repeated anywhere, whatever the condition
    if kind == "ExpectColumnValuesToBeInSet":
        values = _values(dtype, expectation.value_set)
        if values is None:
            return pl.lit(True)
        return within & (empty | ~pl.col(name).cast(values.dtype).is_in(values.implode()))
    if kind == "ExpectColumnValuesToBeBetween":
        low, high = expectation.min_value, expectation.max_value
        if low is None and high is None:
            return pl.lit(True)
        out = empty
        for bound, strict, below in ((low, expectation.strict_min, True), (high, expectation.strict_max, False)):
            if bound is None:
                continue
            operands = _operands(name, dtype, bound, datetimes=True)
            if operands is None:
                return pl.lit(True)
            column, value, rounded = operands
            at_bound = strict or rounded
            out = out | (
                (column <= value if at_bound else column < value)
                if below
                else (column >= value if at_bound else column > value)
            )
        return within & out
    return pl.lit(True)


def rows_to_check(frame: pl.DataFrame, suite: ExpectationSuite) -> pl.DataFrame:
    """The first row of `frame` and every row an expectation of `suite` could fault, in their order
    (see the table above): GX finds the same faults, counts and examples in them as in `frame`."""
    if frame.height <= 1:
        return frame
    try:
        repeat_free = _repeat_free(frame, {k for e in suite.expectations if (k := _keys(e)) is not None})
        faults = [_faults(e, frame.schema, repeat_free) for e in suite.expectations]
        taken = frame.filter(pl.any_horizontal(pl.int_range(pl.len()) == 0, *faults))
    except pl.exceptions.PolarsError:
        return frame  # a comparison polars refuses: GX sees every row and says what is wrong
    return taken
