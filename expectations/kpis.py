"""Expectations on the long KPI frame (KPI_SCHEMA, the contract of kpis.csv), and the
reconciliations between telephony KPIs.

Rules that hold for some KPI kinds only (percentages, counts) use GX 1.x row
conditions (`row_condition=Column("kpi").is_in([...])`) on the one frame, so a
single suite covers the whole frame. The cross-row reconciliations (answered <=
offered, shared denominators) compare different rows of the frame, which GX's
row-wise expectations cannot express; `reconcile_telephony` does them in polars
and returns the same `ValidationReport`, so `require` and the Datakwaliteit
sheet treat them like any other check. Everything here is critical: a failure
means a published figure would be wrong.

The report checks its KPI frame with `check_kpis`: the rules of `kpi_suite` in polars, with the
same results (type, column, counts, examples, descriptions) as GX gives on the same frame
(tests/expectations/test_check_kpis.py compares both), without importing Great Expectations
(3-4 s): the KPI frame is the report's own, new every report, so it cannot be checked once per
store version as the store's tables are. `kpi_suite` stays the definition they are compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from core.catalogue import BY_CODE, KPIS
from expectations.gx_runner import MAX_SAMPLES, ExpectationResult, ValidationReport, expect, suite
from transforms.kpi_frame import KEYS, KPI_SCHEMA

DATASET = "kpis"
PERCENTAGES = [k.code for k in KPIS if k.kind == "percentage"]
COUNTS = [k.code for k in KPIS if k.kind == "aantal"]


@dataclass(frozen=True)
class Rule:
    """One check of the KPI frame, for both `kpi_suite` (GX) and `check_kpis` (polars)."""

    kind: str  # GX's expectation type
    description: str
    column: str | None = None
    columns: tuple[str, ...] = ()  # compound keys, the ordered column list, or the pair (A, B)
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] = ()
    within: str | None = None  # "percentages", "aantallen" or "noemer_0": the rows it holds for


RULES = (
    Rule("expect_table_columns_to_match_ordered_list", "kolommen van kpis.csv, in volgorde", columns=tuple(KPI_SCHEMA)),
    *[
        Rule("expect_column_values_to_not_be_null", f"{c} is altijd gevuld", column=c)
        for c in ("gemeente", "periode", "kpi")
    ],
    Rule("expect_column_values_to_be_in_set", "kpi staat in de catalogus", column="kpi", values=tuple(BY_CODE)),
    Rule("expect_compound_columns_to_be_unique", "één rij per gemeente, periode, kpi en groep", columns=tuple(KEYS)),
    Rule(
        "expect_column_values_to_be_between",
        "percentages liggen tussen 0 en 100",
        column="waarde",
        low=0,
        high=100,
        within="percentages",
    ),
    *[
        Rule("expect_column_values_to_not_be_null", f"percentages hebben een {c}", column=c, within="percentages")
        for c in ("teller", "noemer")
    ],
    Rule(
        "expect_column_pair_values_a_to_be_greater_than_b",  # or equal; rows missing either value ignored
        "teller hoogstens noemer bij percentages",
        columns=("noemer", "teller"),
        within="percentages",
    ),
    Rule(
        "expect_column_values_to_be_between", "aantallen zijn niet negatief", column="waarde", low=0, within="aantallen"
    ),
    *[
        Rule("expect_column_values_to_be_between", f"{c} is niet negatief", column=c, low=0)
        for c in ("teller", "noemer")
    ],
    Rule("expect_column_values_to_be_null", "waarde is leeg als de noemer 0 is", column="waarde", within="noemer_0"),
)


def kpi_suite():
    """A fresh GX suite for the KPI frame, of `RULES` (`check_kpis` checks the same in polars)."""
    from great_expectations import expectations as E
    from great_expectations.expectations.row_conditions import Column

    conditions = {
        "percentages": Column("kpi").is_in(PERCENTAGES),
        "aantallen": Column("kpi").is_in(COUNTS),
        "noemer_0": Column("noemer") == 0,
    }

    def expectation(rule: Rule):
        where: dict[str, Any] = {"row_condition": conditions[rule.within]} if rule.within else {}
        kind, text = rule.kind, rule.description
        if kind == "expect_table_columns_to_match_ordered_list":
            return expect(E.ExpectTableColumnsToMatchOrderedList, text, column_list=list(rule.columns))
        if kind == "expect_compound_columns_to_be_unique":
            return expect(E.ExpectCompoundColumnsToBeUnique, text, column_list=list(rule.columns))
        if kind == "expect_column_pair_values_a_to_be_greater_than_b":
            a, b = rule.columns
            return expect(
                E.ExpectColumnPairValuesAToBeGreaterThanB,
                text,
                column_A=a,
                column_B=b,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                **where,
            )
        if kind == "expect_column_values_to_be_in_set":
            return expect(E.ExpectColumnValuesToBeInSet, text, column=rule.column, value_set=list(rule.values), **where)
        if kind == "expect_column_values_to_be_between":
            bounds: dict[str, Any] = {
                k: v for k, v in (("min_value", rule.low), ("max_value", rule.high)) if v is not None
            }
            return expect(E.ExpectColumnValuesToBeBetween, text, column=rule.column, **bounds, **where)
        kinds = {
            "expect_column_values_to_not_be_null": E.ExpectColumnValuesToNotBeNull,
            "expect_column_values_to_be_null": E.ExpectColumnValuesToBeNull,
        }
        return expect(kinds[kind], text, column=rule.column, **where)

    return suite(DATASET, [expectation(rule) for rule in RULES])


def _within(rule: Rule) -> pl.Expr:
    return {
        None: pl.lit(True),
        "percentages": pl.col("kpi").is_in(PERCENTAGES),
        "aantallen": pl.col("kpi").is_in(COUNTS),
        "noemer_0": pl.col("noemer") == 0,
    }[rule.within]


def _filled(column: str, schema: pl.Schema) -> pl.Expr:
    """Not empty as GX sees it after the frame went to pandas: not null, and not NaN in a float column."""
    value = pl.col(column)
    return value.is_not_null() & ~value.is_nan() if schema[column].is_float() else value.is_not_null()


def _first_values(frame: pl.DataFrame, bad: pl.Expr, value: pl.Expr) -> list:
    """GX's examples (BASIC): the first 20 faulty values in row order, then (gx_runner) the first
    different ones that are not empty, at most MAX_SAMPLES."""
    out: list = []
    for raw in frame.filter(bad).select(value).head(20).to_series().to_list():
        v = raw
        if isinstance(raw, dict):
            v = {k: (None if isinstance(x, float) and x != x else x) for k, x in raw.items()}
        elif isinstance(raw, float) and raw != raw:
            v = None
        if v is not None and v not in out:
            out.append(v)
    return out[:MAX_SAMPLES]


def _checked(rule: Rule, frame: pl.DataFrame) -> ExpectationResult:
    """One rule on the frame, as GX's result reduced by gx_runner.validate."""
    schema, within = frame.schema, _within(rule)
    name = rule.column or ""  # the rule's one column (the rules of several name them in `columns`)
    column = rule.column or ", ".join(rule.columns)
    samples: list = []
    if rule.kind == "expect_table_columns_to_match_ordered_list":
        found = list(frame.columns)
        wanted = list(rule.columns)
        mismatched = [
            f"{k} ≠ {v}"
            for k, v in (
                (wanted[i] if i < len(wanted) else None, found[i] if i < len(found) else None)
                for i in range(max(len(wanted), len(found)))
            )
            if k != v
        ]
        return ExpectationResult(
            DATASET, rule.kind, column, True, not mismatched, None, mismatched[:MAX_SAMPLES], rule.description
        )
    if rule.kind == "expect_column_values_to_not_be_null":
        bad = within & ~_filled(name, schema)
        count = frame.select(bad.sum()).item()
        if count and rule.within is None:  # the values are all empty: gx_runner points at the rows
            rows = frame.select(pl.arg_where(bad).head(MAX_SAMPLES)).to_series().to_list()
            samples = [f"rij {i + 1}" for i in rows]
    elif rule.kind == "expect_column_values_to_be_null":
        bad = within & _filled(name, schema)
        count = frame.select(bad.sum()).item()
        samples = _first_values(frame, bad, pl.col(name))
    elif rule.kind == "expect_column_values_to_be_in_set":
        bad = within & _filled(name, schema) & ~pl.col(name).is_in(list(rule.values))
        count = frame.select(bad.sum()).item()
        samples = _first_values(frame, bad, pl.col(name))
    elif rule.kind == "expect_column_values_to_be_between":
        value = pl.col(name).cast(pl.Float64)
        out = pl.lit(False)
        if rule.low is not None:
            out = out | (value < rule.low)
        if rule.high is not None:
            out = out | (value > rule.high)
        bad = within & _filled(name, schema) & out
        count = frame.select(bad.sum()).item()
        samples = _first_values(frame, bad, pl.col(name))
    elif rule.kind == "expect_compound_columns_to_be_unique":
        keys = list(rule.columns)
        considered = ~pl.all_horizontal(~_filled(c, schema) for c in keys)  # a row with every key empty: ignored
        numbered = frame.with_row_index("_rij").filter(considered)
        repeated = numbered.filter(pl.struct(keys).is_duplicated())["_rij"]
        bad = pl.int_range(pl.len()).is_in(repeated.implode())
        count = repeated.len()
        samples = _first_values(frame, bad, pl.struct(keys))
    elif rule.kind == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = rule.columns
        bad = within & _filled(a, schema) & _filled(b, schema) & (pl.col(a) < pl.col(b))
        count = frame.select(bad.sum()).item()
        samples = [tuple(v.values()) for v in _first_values(frame, bad, pl.struct(a, b))]
    else:
        raise AssertionError(f"onbekende regel {rule.kind}")
    return ExpectationResult(DATASET, rule.kind, column, True, count == 0, count, samples, rule.description)


def check_kpis(kpis: pl.DataFrame) -> ValidationReport:
    """The rules of `kpi_suite` on the KPI frame, in polars: the results GX gives on it."""
    if list(kpis.columns) != list(KPI_SCHEMA):  # out of contract: said by the first rule; GX would stop on it too
        return ValidationReport(DATASET, kpis.height, [_checked(RULES[0], kpis)])
    return ValidationReport(DATASET, kpis.height, [_checked(rule, kpis) for rule in RULES])


def _pairs(kpis: pl.DataFrame, a: str, b: str, value: str) -> pl.DataFrame:
    """One row per (gemeente, periode, groep) with KPI a's and b's `value`, where either exists."""
    keys = ["gemeente", "periode", "groep"]
    pick = lambda code: kpis.filter(pl.col("kpi") == code).select(*keys, pl.col(value).alias(code))  # noqa: E731
    return pick(a).join(pick(b), on=keys, how="full", coalesce=True, nulls_equal=True).sort(keys, nulls_last=False)


def _result(description: str, expectation: str, column: str, bad: pl.DataFrame, sample: pl.Expr) -> ExpectationResult:
    return ExpectationResult(
        dataset=DATASET,
        expectation=expectation,
        column=column,
        critical=True,
        success=bad.height == 0,
        unexpected_count=bad.height,
        samples=bad.select(sample).to_series().head(5).to_list(),
        description=description,
    )


def reconcile_telephony(kpis: pl.DataFrame) -> ValidationReport:
    """Per (gemeente, periode, groep): tel_beantwoord <= tel_aangeboden, and tel_servicelevel_pct and
    tel_verloren_pct share their noemer. A KPI without its partner fails too. Critical."""
    where = pl.format(
        "{} {}{}",
        "gemeente",
        "periode",
        pl.when(pl.col("groep").is_null()).then(pl.lit("")).otherwise(pl.format(" {}", "groep")),
    )
    answered = _pairs(kpis, "tel_beantwoord", "tel_aangeboden", "waarde")
    over = answered.filter(
        pl.col("tel_beantwoord").is_null()
        | pl.col("tel_aangeboden").is_null()
        | (pl.col("tel_beantwoord") > pl.col("tel_aangeboden"))
    )
    shared = _pairs(kpis, "tel_servicelevel_pct", "tel_verloren_pct", "noemer")
    differs = shared.filter(pl.col("tel_servicelevel_pct").ne_missing(pl.col("tel_verloren_pct")))
    show = lambda x: pl.col(x).cast(pl.Int64, strict=False).cast(pl.String).fill_null("leeg")  # noqa: E731
    return ValidationReport(
        DATASET,
        kpis.height,
        [
            _result(
                "beantwoorde gesprekken hoogstens het aantal aangeboden",
                "expect_tel_beantwoord_at_most_tel_aangeboden",
                "waarde",
                over,
                pl.format("{}: {} > {}", where, show("tel_beantwoord"), show("tel_aangeboden")),
            ),
            _result(
                "servicelevel en verloren gesprekken hebben dezelfde noemer",
                "expect_tel_servicelevel_pct_and_tel_verloren_pct_same_noemer",
                "noemer",
                differs,
                pl.format("{}: {} ≠ {}", where, show("tel_servicelevel_pct"), show("tel_verloren_pct")),
            ),
        ],
    )


CHANNELS = ("telefoon", "balie", "email", "webformulier", "post", "sociale_media")


def reconcile_channels(kpis: pl.DataFrame) -> ValidationReport:
    """Per (gemeente, periode): the channel total is the sum of its six parts; telefoon equals
    tel_aangeboden and balie the appearances (afs_noshow_pct's noemer - teller) where those
    KPIs exist. Critical: the channel picture must add up to the source KPIs it is built from."""
    keys = ["gemeente", "periode"]
    contacts = kpis.filter(pl.col("kpi") == "kanaal_contacten")
    parts = contacts.filter(pl.col("groep").is_not_null()).group_by(keys).agg(som=pl.col("waarde").sum())
    total = contacts.filter(pl.col("groep").is_null()).select(*keys, totaal=pl.col("waarde"))
    sums = total.join(parts, on=keys, how="full", coalesce=True).filter(
        pl.col("totaal").ne_missing(pl.col("som").fill_null(0.0))
    )

    def part(kanaal: str) -> pl.DataFrame:
        return contacts.filter(pl.col("groep") == f"kanaal={kanaal}").select(*keys, kanaal=pl.col("waarde"))

    def differing(kanaal: str, code: str, source: pl.Expr) -> pl.DataFrame:
        """The (gemeente, periode) where channel `kanaal` is not the total of KPI `code` (read as `source`)."""
        totals = kpis.filter((pl.col("kpi") == code) & pl.col("groep").is_null()).select(*keys, bron=source)
        return part(kanaal).join(totals, on=keys).filter(pl.col("kanaal") != pl.col("bron"))

    phone = differing("telefoon", "tel_aangeboden", pl.col("waarde"))
    desk = differing("balie", "afs_noshow_pct", (pl.col("noemer") - pl.col("teller")).cast(pl.Float64))
    where = pl.format("{} {}", pl.col("gemeente").fill_null("?"), pl.col("periode").fill_null("?"))
    return ValidationReport(
        DATASET,
        kpis.height,
        [
            _result(
                "totaal van de kanalen is de som van de zes kanalen",
                "expect_kanaal_total_is_sum",
                "waarde",
                sums,
                pl.format(
                    "{}: {} ≠ {}",
                    where,
                    pl.col("totaal").cast(pl.String).fill_null("leeg"),
                    pl.col("som").cast(pl.String).fill_null("leeg"),
                ),
            ),
            _result(
                "kanaal telefoon is gelijk aan de aangeboden gesprekken",
                "expect_kanaal_telefoon_is_tel_aangeboden",
                "waarde",
                phone,
                pl.format("{}: {} ≠ {}", where, pl.col("kanaal"), pl.col("bron")),
            ),
            _result(
                "kanaal balie is gelijk aan de verschenen afspraken",
                "expect_kanaal_balie_is_verschenen",
                "waarde",
                desk,
                pl.format("{}: {} ≠ {}", where, pl.col("kanaal"), pl.col("bron")),
            ),
        ],
    )
