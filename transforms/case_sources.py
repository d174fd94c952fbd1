"""Each case counted from one source: a gemeente that moved its cases from Corsa exports to the ZGW
Zaken API (`[[zgw]] vanaf`) has Corsa's cases registered before the switch and the API's registered on
or after it. A Corsa row of a later date (a late export, a case registered in both systems) and an API
zaak of an earlier date are set aside: not counted, and counted per reason for the Datakwaliteit
sheet. Gemeenten without a switch keep every case as it is.

A case's source is told by the file it came from (`bron_bestand`, the store's provenance column):
the pull's files are named `zgw_zaken_...` (sources/zgw.py)."""

from __future__ import annotations

from datetime import date

import polars as pl

from core.registry import SET_ASIDE_SCHEMA, FigureContext

ZGW_PREFIX = "zgw_zaken_"
CORSA_AFTER = "corsa_na_overstap"
ZGW_BEFORE = "zaken_api_voor_overstap"


def _switch(ctx: FigureContext) -> pl.Expr:
    """The gemeente's switch date (null for a gemeente without one)."""
    switches: dict[str, date] = dict(ctx.case_switch)
    return pl.col("gemeente").replace_strict(switches, default=None, return_dtype=pl.Date)


def _reason(ctx: FigureContext) -> pl.Expr:
    """Why a case is set aside (null: it counts)."""
    switch, from_api = _switch(ctx), pl.col("bron_bestand").str.starts_with(ZGW_PREFIX)
    return (
        pl.when(switch.is_null())
        .then(pl.lit(None, pl.String))
        .when(~from_api & (pl.col("registratiedatum") >= switch))
        .then(pl.lit(CORSA_AFTER))
        .when(from_api & (pl.col("registratiedatum") < switch))
        .then(pl.lit(ZGW_BEFORE))
        .otherwise(pl.lit(None, pl.String))
    )


def counted_cases(cases: pl.LazyFrame, ctx: FigureContext) -> pl.LazyFrame:
    """The cases the figures count: without a configured switch, all of them (the same frame)."""
    if not ctx.case_switch:
        return cases
    return cases.filter(_reason(ctx).is_null())


def set_aside_cases(cases: pl.LazyFrame, ctx: FigureContext) -> pl.DataFrame:
    """The cases `counted_cases` leaves out, per gemeente and reason: SET_ASIDE_SCHEMA."""
    if not ctx.case_switch:
        return pl.DataFrame(schema=SET_ASIDE_SCHEMA)
    switches = dict(ctx.case_switch)
    counted = (
        cases.select("gemeente", regel=_reason(ctx))
        .filter(pl.col("regel").is_not_null())
        .group_by("gemeente", "regel")
        .agg(aantal=pl.len())
        .sort("gemeente", "regel")
        .collect()
    )
    reasons = {
        CORSA_AFTER: "zaak uit Corsa, geregistreerd op of na de overstap naar de Zaken-API ({}): telt uit de Zaken-API",
        ZGW_BEFORE: "zaak uit de Zaken-API, geregistreerd voor de overstap ({}): telt uit Corsa",
    }
    rows = [
        {**r, "reden": reasons[r["regel"]].format(f"{switches[r['gemeente']]:%d-%m-%Y}")}
        for r in counted.iter_rows(named=True)
    ]
    return pl.DataFrame(rows, schema=SET_ASIDE_SCHEMA)


PROVENANCE = ("export_stempel", "bron_bestand", "bron_hash")


def new_or_changed_cases(pulled: pl.DataFrame, stored: pl.LazyFrame) -> pl.DataFrame:
    """The pulled cases the store does not hold as they are (new, or a value changed), provenance aside."""
    columns = [c for c in pulled.columns if c not in PROVENANCE]
    keys = pulled.select("zaak_id").lazy()
    same = stored.join(keys, on="zaak_id", how="semi").select(columns).collect()
    return pulled.join(same, on=columns, how="anti", nulls_equal=True)
