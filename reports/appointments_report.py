"""The sheet Afspraken: per product and location, per month (with a chart of bookings and the wait
norm), and the evening opening on its own. Every number comes finished from the KPI frame (`afs_*`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import polars as pl

from core.catalogue import DESK_DOMAIN, codes_of
from reports.inputs import ReportInputs
from reports.period_labels import month_headings, month_tick_labels, span
from reports.phrases import PERCENT_UNITS, SOURCE_JCC
from reports.pivot import format_column, kpi_table, per_group, per_month, per_period
from reports.tables import Chart, Sheet

CODES = codes_of(DESK_DOMAIN)
UNITS = "aantallen afspraken; " + PERCENT_UNITS + "; boekingstermijn in kalenderdagen"
NOTES = [
    "Geboekt: alle afspraken behalve de geannuleerde, tot en met de laatste dag met gegevens; latere afspraken "
    "zijn boekingen, nog geen realisatie. Niet verschenen: van de verschenen en niet verschenen afspraken.",
    "Wachttijd: opgeroepen binnen de norm na het aanmelden of het begin van de afspraak (wat later is); alleen "
    "verschenen klanten met een aanmeld- en oproeptijd.",
]
EVENING = ["afs_gepland", "afs_noshow_pct", "afs_online_geboekt_pct", "afs_wachttijd_binnen_norm_pct"]


def _evening(kpis: pl.DataFrame, periodes: Sequence[str]) -> pl.DataFrame:
    """Per periode: booked in total and in the evening, the evening's share, no-show evening vs daytime,
    online share and wait within norm in the evening."""
    evening = per_period(kpis, periodes, EVENING, groep="dagdeel=avond")
    total = per_period(kpis, periodes, ["afs_gepland", "afs_avond_pct"]).rename(
        {"afs_gepland": "totaal", format_column("afs_gepland"): "_f_totaal"}
    )
    day = per_period(kpis, periodes, ["afs_noshow_pct"], groep="dagdeel=overdag").rename(
        {"afs_noshow_pct": "overdag", format_column("afs_noshow_pct"): "_f_overdag"}
    )
    return total.join(evening, on="periode").join(day, on="periode")


def appointments_sheet(inputs: ReportInputs) -> Sheet | None:
    """None when the gemeente has no appointment figures in the period."""
    kpis, now = inputs.figures_of("afs_")
    if now.is_empty():
        return None
    period, months = inputs.period, inputs.months
    texts = inputs.texts
    labels = {c: texts[c].short for c in CODES}
    products = per_group(now, "product=", "product_code", CODES).with_columns(
        product=pl.col("product_code").replace_strict(inputs.product_names, default=None, return_dtype=pl.String)
    )
    products = products.select(
        "product_code", "product", *[c for c in products.columns if c not in ("product_code", "product")]
    )
    locations = per_group(now, "locatie=", "locatie", CODES)
    by_month = per_month(kpis, months, CODES, month_headings(months, inputs.periods))
    evening = _evening(kpis, [period.label, *months]).with_columns(
        periode=pl.when(pl.col("periode") == period.label)
        .then(pl.lit("Hele periode"))
        .otherwise(pl.col("periode").replace(month_headings(months, inputs.periods)))
    )
    table = partial(kpi_table, source=SOURCE_JCC, units=UNITS, min_records=inputs.min_records)
    wait = texts["afs_wachttijd_binnen_norm_pct"]
    heading = span(period, inputs.periods).heading
    return Sheet(
        DESK_DOMAIN,
        f"Afspraken {inputs.gemeente}: {heading}",
        [
            f"Afspraken aan de balie (Publiekszaken), gemeente {inputs.gemeente}, periode {heading}.",
            table(
                "Per product",
                products,
                CODES,
                {"product_code": "Productcode", "product": "Product"} | labels,
                notes=NOTES,
            ),
            table("Per locatie", locations, CODES, {"locatie": "Locatie", **labels}),
            table("Per maand", by_month, CODES, {"maand": "Maand", **labels}),
            _chart(inputs, by_month, months),
            table(
                "Avondopenstelling",
                evening,
                ["totaal", "afs_avond_pct", *EVENING, "overdag"],
                {
                    "periode": "Periode",
                    "totaal": "Geboekt, totaal",
                    "afs_avond_pct": "Avond % van geboekt",
                    "afs_gepland": "Geboekt in de avond",
                    "afs_noshow_pct": "Niet verschenen % avond",
                    "afs_online_geboekt_pct": "Online geboekt % avond",
                    "afs_wachttijd_binnen_norm_pct": f"{wait.short} avond",
                    "overdag": "Niet verschenen % overdag",
                },
                notes=[
                    f"Avond % van geboekt: {texts['afs_avond_pct'].definition[0].lower()}"
                    f"{texts['afs_avond_pct'].definition[1:]} De eerste rij is de hele periode, daarna per maand."
                ],
            ),
        ],
        description="Afspraken per product, locatie en maand; de avondopenstelling apart.",
    )


def _chart(inputs: ReportInputs, by_month: pl.DataFrame, months: list[str]) -> Chart:
    code = "afs_wachttijd_binnen_norm_pct"
    wait = inputs.kpis.filter((pl.col("kpi") == code) & pl.col("groep").is_null() & pl.col("periode").is_in(months))
    norms = wait["norm"].drop_nulls().unique().to_list()
    norm = norms[0] if len(norms) == 1 else None
    label = inputs.texts[code].label
    alt = (
        f"Kolomgrafiek voor {inputs.gemeente}: per maand het aantal geboekte afspraken (linkeras), met als lijn "
        f"'{label.lower()}' in procent (rechteras)"
        + (f" en als stippellijn de norm van {norm:g} procent" if norm is not None else "")
        + ". De cijfers staan in de tabel 'Per maand'."
    )
    return Chart(
        "Geboekte afspraken en wachttijd per maand",
        kind="column+line",
        data=by_month.select("afs_gepland", code).with_columns(
            maand=pl.Series(month_tick_labels(months, inputs.periods))
        ),
        category="maand",
        series=["afs_gepland"],
        secondary=[code],
        labels={c: inputs.texts[c].short for c in ("afs_gepland", code)},
        norm=norm,
        norm_label=f"norm {norm:g} %" if norm is not None else "norm",
        y2_title="%",
        alt_text=alt,
    )
