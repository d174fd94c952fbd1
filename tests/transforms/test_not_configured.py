"""What the configuration does not know yet, listed for Datakwaliteit and the operators' mail: zaaktypes
without a term and products the exports never name. Small frames, counted by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from core.registry import UNKNOWN_SCHEMA
from tests.transforms.test_queues import context
from transforms.appointments import products_without_name
from transforms.cases import case_types_without_term

D = date(2026, 3, 2)


def cases(*rows: tuple[str | None, date | None, date | None]) -> pl.LazyFrame:
    return pl.LazyFrame(
        rows,
        schema={"zaaktype_code": pl.String, "fatale_datum": pl.Date, "streefdatum": pl.Date},
        orient="row",
    )


def test_zaaktypes_without_a_term_with_their_cases_and_those_without_any_deadline():
    ctx = replace(context(), terms=(("OMV-REG", 8, "weken"),))
    got = case_types_without_term(
        cases(
            ("OMV-REG", None, None),  # configured: not listed, even without a deadline
            ("WOZ", D, None),  # WOZ: 3 cases; 1 without fatale and streefdatum
            ("WOZ", None, D),
            ("WOZ", None, None),
            ("APV", D, D),  # APV: 1 case, with a deadline
            (None, None, None),  # no zaaktype at all: listed as (leeg), 2 cases, both without
            (None, None, None),
        ),
        ctx,
    ).collect()
    assert got.schema == pl.Schema(UNKNOWN_SCHEMA)
    # most cases first, then by code
    assert got.select("waarde", "aantal").rows() == [("WOZ", 3), ("(leeg)", 2), ("APV", 1)]
    assert got["toelichting"].to_list() == [
        "geen termijn ingesteld ([[case_types]]); 1 zaak zonder fatale of streefdatum, die tellen niet mee "
        "voor 'binnen termijn'",
        "geen termijn ingesteld ([[case_types]]); 2 zaken zonder fatale of streefdatum, die tellen niet mee "
        "voor 'binnen termijn'",
        "geen termijn ingesteld ([[case_types]]); elke zaak heeft een fatale of streefdatum, die telt",
    ]
    assert set(got["soort"]) == {"zaaktype"}


def test_products_never_named_are_listed_by_code_once_named_they_are_not():
    appointments = pl.LazyFrame(
        [("PAS", "Paspoort"), ("PAS", None), ("RIJ", None), ("RIJ", ""), ("RIJ", None), ("UIT", None)],
        schema={"product_code": pl.String, "product": pl.String},
        orient="row",
    )
    got = products_without_name(appointments).collect()
    # PAS is named once: its code finds its name; RIJ (3 appointments) and UIT (1) never are
    assert got.select("soort", "waarde", "aantal").rows() == [("product", "RIJ", 3), ("product", "UIT", 1)]
