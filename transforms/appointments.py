"""Appointment KPIs (`afs_*` of the catalogue) from canonical appointments.

Input: canonical appointments (see `sources.appointments_schema`) with a `periode`
column naming the bucket of each appointment's date (`figures.bucketed(..., "datum")`).
"""

from __future__ import annotations

from datetime import time

import polars as pl

from core.registry import UNKNOWN_SCHEMA, FigureContext
from transforms.cases import median_kpi
from transforms.kpi_frame import count_kpi, long_kpis, ratio_kpi

CANCELLED, APPEARED, NO_SHOW = "geannuleerd", "verschenen", "niet_verschenen"


def _aggregates(wait_norm_minutes: int, evening_from: time) -> dict[str, pl.Expr]:
    booked = pl.col("status") != CANCELLED  # "booked": every appointment that is not cancelled
    appeared, no_show = pl.col("status") == APPEARED, pl.col("status") == NO_SHOW
    timed = appeared & pl.col("aangemeld").is_not_null() & pl.col("opgeroepen").is_not_null()
    reference = pl.max_horizontal("aangemeld", "begin")  # called within N minutes of max(check-in, slot start)
    lead = (pl.col("datum") - pl.col("geboekt_op").dt.date()).dt.total_days()
    with_lead = booked & pl.col("geboekt_op").is_not_null()
    return {
        "geboekt": booked.sum(),
        "niet_verschenen": no_show.sum(),
        "verschenen_of_niet": (appeared | no_show).sum(),
        "op_tijd_geholpen": (
            timed & (pl.col("opgeroepen") <= reference + pl.duration(minutes=wait_norm_minutes))
        ).sum(),
        "met_tijden": timed.sum(),
        "termijn_mediaan": lead.filter(with_lead).median(),
        "met_boekdatum": with_lead.sum(),
        "online": (booked & (pl.col("boekingskanaal") == "internet")).sum(),
        "avond": (booked & (pl.col("begin").dt.time() >= evening_from)).sum(),
    }


def _kpis(wide: pl.LazyFrame, by: list[str]) -> pl.LazyFrame:
    c = pl.col
    return long_kpis(
        wide,
        by,
        [
            count_kpi("afs_gepland", c("geboekt")),
            ratio_kpi("afs_noshow_pct", c("niet_verschenen"), c("verschenen_of_niet")),
            ratio_kpi("afs_wachttijd_binnen_norm_pct", c("op_tijd_geholpen"), c("met_tijden")),
            median_kpi("afs_boekingstermijn_mediaan_d", c("termijn_mediaan"), c("met_boekdatum")),
            ratio_kpi("afs_online_geboekt_pct", c("online"), c("geboekt")),
            ratio_kpi("afs_avond_pct", c("avond"), c("geboekt")),
        ],
    )


def appointment_kpis(appointments: pl.LazyFrame, wait_norm_minutes: int, evening_from: time) -> pl.LazyFrame:
    """Every `afs_*` KPI per gemeente and periode: total (groep null), per product
    (`product=<code>`), per location (`locatie=<name>`) and per part of the day
    (`dagdeel=avond` for slots from `evening_from`, else `dagdeel=overdag`), so the
    evening opening can be judged on its own; long format, without norms."""
    aggs = _aggregates(wait_norm_minutes, evening_from)
    by = ["gemeente", "periode"]
    appointments = appointments.with_columns(
        dagdeel=pl.when(pl.col("begin").dt.time() >= evening_from).then(pl.lit("avond")).otherwise(pl.lit("overdag"))
    )
    total = _kpis(appointments.group_by(by).agg(**aggs), by).with_columns(groep=pl.lit(None, pl.String))
    parts = [total]
    for column, prefix in (("product_code", "product"), ("locatie", "locatie"), ("dagdeel", "dagdeel")):
        wide = appointments.group_by([*by, column]).agg(**aggs)
        parts.append(
            _kpis(wide, [*by, column])
            .with_columns(groep=pl.format(f"{prefix}={{}}", pl.col(column).fill_null("(onbekend)")))
            .drop(column)
        )
    return pl.concat(parts, how="diagonal_relaxed")


def products_without_name(appointments: pl.LazyFrame, ctx: FigureContext | None = None) -> pl.LazyFrame:
    """Product codes the exports never name (an empty Product column): shown by their code only."""
    named = pl.col("product").is_not_null() & (pl.col("product") != "")
    return (
        appointments.group_by("product_code")
        .agg(aantal=pl.len(), genoemd=named.any())
        .filter(~pl.col("genoemd"))
        .sort(["aantal", "product_code"], descending=[True, False])
        .select(
            soort=pl.lit("product"),
            waarde=pl.col("product_code").fill_null("(leeg)"),
            aantal="aantal",
            toelichting=pl.lit("de export noemt geen productnaam: getoond met de code"),
        )
        .cast(pl.Schema(UNKNOWN_SCHEMA))
    )
