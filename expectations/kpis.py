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
"""

from __future__ import annotations

import polars as pl
from great_expectations import expectations as E
from great_expectations.expectations.row_conditions import Column

from core.catalogue import BY_CODE, KPIS
from expectations.gx_runner import ExpectationResult, ValidationReport, expect, suite
from transforms.kpi_frame import KEYS, KPI_SCHEMA

DATASET = "kpis"
PERCENTAGES = [k.code for k in KPIS if k.kind == "percentage"]
COUNTS = [k.code for k in KPIS if k.kind == "aantal"]


def kpi_suite():
    """A fresh suite for the KPI frame."""
    pct, counts = Column("kpi").is_in(PERCENTAGES), Column("kpi").is_in(COUNTS)
    return suite(
        DATASET,
        [
            expect(
                E.ExpectTableColumnsToMatchOrderedList,
                "kolommen van kpis.csv, in volgorde",
                column_list=list(KPI_SCHEMA),
            ),
            *[
                expect(E.ExpectColumnValuesToNotBeNull, f"{c} is altijd gevuld", column=c)
                for c in ("gemeente", "periode", "kpi")
            ],
            expect(E.ExpectColumnValuesToBeInSet, "kpi staat in de catalogus", column="kpi", value_set=list(BY_CODE)),
            expect(E.ExpectCompoundColumnsToBeUnique, "één rij per gemeente, periode, kpi en groep", column_list=KEYS),
            expect(
                E.ExpectColumnValuesToBeBetween,
                "percentages liggen tussen 0 en 100",
                column="waarde",
                min_value=0,
                max_value=100,
                row_condition=pct,
            ),
            *[
                expect(E.ExpectColumnValuesToNotBeNull, f"percentages hebben een {c}", column=c, row_condition=pct)
                for c in ("teller", "noemer")
            ],
            expect(
                E.ExpectColumnPairValuesAToBeGreaterThanB,
                "teller hoogstens noemer bij percentages",
                column_A="noemer",
                column_B="teller",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                row_condition=pct,
            ),
            expect(
                E.ExpectColumnValuesToBeBetween,
                "aantallen zijn niet negatief",
                column="waarde",
                min_value=0,
                row_condition=counts,
            ),
            *[
                expect(E.ExpectColumnValuesToBeBetween, f"{c} is niet negatief", column=c, min_value=0)
                for c in ("teller", "noemer")
            ],
            expect(
                E.ExpectColumnValuesToBeNull,
                "waarde is leeg als de noemer 0 is",
                column="waarde",
                row_condition=Column("noemer") == 0,
            ),
        ],
    )


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

    phone = (
        part("telefoon")
        .join(
            kpis.filter((pl.col("kpi") == "tel_aangeboden") & pl.col("groep").is_null()).select(
                *keys, bron=pl.col("waarde")
            ),
            on=keys,
        )
        .filter(pl.col("kanaal") != pl.col("bron"))
    )
    desk = (
        part("balie")
        .join(
            kpis.filter((pl.col("kpi") == "afs_noshow_pct") & pl.col("groep").is_null()).select(
                *keys, bron=(pl.col("noemer") - pl.col("teller")).cast(pl.Float64)
            ),
            on=keys,
        )
        .filter(pl.col("kanaal") != pl.col("bron"))
    )
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
