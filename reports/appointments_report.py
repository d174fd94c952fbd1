"""Content of the Afspraken sheet: per product and location, per month, and the evening
opening on its own. Every number comes finished from the KPI frame (`afs_*`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from reports.pivot import per_group, per_period
from reports.tables import Chart, Sheet, Table

SOURCE_JCC = "export afspraken uit JCC-Afspraken, bewerkt door de Dienstverleningsmonitor"
UNITS = "aantallen afspraken; percentages als getal van 0 tot 100; boekingstermijn in kalenderdagen"
COLUMNS = {  # kpi -> (Dutch header, theme number format)
    "afs_gepland": ("Geboekt", "aantal"),
    "afs_noshow_pct": ("Niet verschenen %", "percentage"),
    "afs_wachttijd_binnen_norm_pct": ("Binnen wachttijdnorm %", "percentage"),
    "afs_boekingstermijn_mediaan_d": ("Mediane boekingstermijn (dagen)", "dagen"),
    "afs_online_geboekt_pct": ("Online geboekt %", "percentage"),
    "afs_avond_pct": ("Avond %", "percentage"),
}
LABELS = {k: v[0] for k, v in COLUMNS.items()}
FORMATS = {k: v[1] for k, v in COLUMNS.items()}
NOTES = [
    "Geboekt: alle afspraken behalve de geannuleerde. Niet verschenen: van de verschenen en niet verschenen "
    "afspraken; geplande (nog niet geweest) tellen daar niet mee.",
    "Binnen wachttijdnorm: opgeroepen binnen de norm na het aanmelden of het begin van de afspraak (wat later "
    "is); alleen verschenen klanten met een aanmeld- en oproeptijd. Een leeg vak betekent: noemer 0.",
]
EVENING = {  # column -> (Dutch header, theme number format)
    "afs_gepland_totaal": ("Geboekt, totaal", "aantal"),
    "afs_gepland": ("Geboekt in de avond", "aantal"),
    "afs_avond_pct_totaal": ("Avond % van geboekt", "percentage"),
    "afs_noshow_pct": ("Niet verschenen % avond", "percentage"),
    "afs_noshow_pct_overdag": ("Niet verschenen % overdag", "percentage"),
    "afs_online_geboekt_pct": ("Online geboekt % avond", "percentage"),
    "afs_wachttijd_binnen_norm_pct": ("Binnen wachttijdnorm % avond", "percentage"),
}


def _evening_by_month(kpis: pl.DataFrame, periodes: Sequence[str]) -> pl.DataFrame:
    evening = per_period(kpis, periodes, ["afs_gepland", "afs_noshow_pct", "afs_online_geboekt_pct",
                                          "afs_wachttijd_binnen_norm_pct"], groep="dagdeel=avond")
    total = per_period(kpis, periodes, ["afs_gepland", "afs_avond_pct"]) \
        .rename({"afs_gepland": "afs_gepland_totaal", "afs_avond_pct": "afs_avond_pct_totaal"})
    day = per_period(kpis, periodes, ["afs_noshow_pct"], groep="dagdeel=overdag") \
        .rename({"afs_noshow_pct": "afs_noshow_pct_overdag"})
    return evening.join(total, on="periode").join(day, on="periode").select("periode", *EVENING)


def appointments_sheet(kpis: pl.DataFrame, gemeente: str, period_label: str, month_labels: Sequence[str],
                       product_names: Mapping[str, str], wait_norm: float | None) -> Sheet:
    """`kpis`: afs_* rows of one gemeente (the period and its months). `product_names`: code ->
    description as JCC exports it; `wait_norm`: the norm of afs_wachttijd_binnen_norm_pct, if any."""
    period = kpis.filter(pl.col("periode") == period_label)
    products = per_group(period, "product=", "product_code", list(COLUMNS)).with_columns(
        product=pl.col("product_code").replace_strict(dict(product_names), default=None, return_dtype=pl.String))
    products = products.select("product_code", "product", *COLUMNS)
    months = per_period(kpis, month_labels, list(COLUMNS))
    evening = _evening_by_month(kpis, [period_label, *month_labels])
    booked_evening = evening.filter(pl.col("periode") == period_label)["afs_gepland"]
    alt = (f"Kolomgrafiek voor {gemeente}: per maand het aantal geboekte afspraken (linkeras) en als lijn het "
           "percentage klanten dat binnen de wachttijdnorm is geholpen (rechteras)"
           + (f", met als stippellijn de norm van {wait_norm:g} procent" if wait_norm is not None else "")
           + ". De cijfers staan in de tabel 'Per maand'.")
    return Sheet("Afspraken", f"Afspraken {gemeente}: {period_label}", [
        f"Afspraken aan de balie (Publiekszaken), gemeente {gemeente}, periode {period_label}.",
        Table("Per product", products, source=SOURCE_JCC, units=UNITS, notes=NOTES,
              column_labels={"product_code": "Productcode", "product": "Product", **LABELS}, number_formats=FORMATS),
        Table("Per locatie", per_group(period, "locatie=", "locatie", list(COLUMNS)), source=SOURCE_JCC, units=UNITS,
              column_labels={"locatie": "Locatie", **LABELS}, number_formats=FORMATS),
        Table("Per maand", months, source=SOURCE_JCC, units=UNITS,
              column_labels={"periode": "Maand", **LABELS}, number_formats=FORMATS),
        Chart("Geboekte afspraken en wachttijd per maand", kind="column+line", table="Per maand",
              category="periode", series=["afs_gepland"], secondary=["afs_wachttijd_binnen_norm_pct"],
              norm=wait_norm, norm_label=f"Norm wachttijd ({wait_norm:g} %)" if wait_norm is not None else "Norm",
              y_title="Afspraken", y2_title="Binnen norm (%)", y2_max=100, alt_text=alt),
        "Avondopenstelling: afspraken met een begintijd in de avond apart, zodat het gebruik ervan te beoordelen is"
        + (f" (in deze periode {int(booked_evening[0])} geboekt)." if booked_evening.len()
           and booked_evening[0] is not None else "."),
        Table("Avondopenstelling", evening, source=SOURCE_JCC, units=UNITS,
              notes=["De eerste rij is de hele periode, daarna per maand."],
              column_labels={"periode": "Periode", **{k: v[0] for k, v in EVENING.items()}},
              number_formats={k: v[1] for k, v in EVENING.items()}),
    ])
