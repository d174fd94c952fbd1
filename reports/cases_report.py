"""Content of the Zaken sheet: per team and per zaaktype, and within term per month."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from reports.pivot import per_group
from reports.tables import Chart, Sheet, Table

SOURCE_CORSA = "export zaken uit het zaaksysteem Corsa, bewerkt door de Dienstverleningsmonitor"
COLUMNS = {  # kpi -> (Dutch header, theme number format)
    "zaak_ontvangen": ("Ontvangen", "aantal"),
    "zaak_afgehandeld": ("Afgehandeld", "aantal"),
    "zaak_binnen_termijn_pct": ("Binnen termijn %", "percentage"),
    "zaak_doorlooptijd_mediaan_d": ("Mediane doorlooptijd (dagen)", "dagen"),
    "zaak_open_over_termijn": ("Open over termijn aan het eind", "aantal"),
    "zaak_zonder_termijn": ("Afgehandeld zonder bekende termijn", "aantal"),
}
NOTES = [
    "Binnen termijn: afgehandeld op of voor de uiterste datum (fatale datum, anders streefdatum, anders "
    "startdatum + termijn van het zaaktype, steeds plus opgeschorte dagen).",
    "Zaken zonder bekende termijn tellen niet mee in 'binnen termijn %' en staan apart.",
    "Open over termijn: open op de laatste dag van de periode met een uiterste datum daarvoor.",
]


def _per_group(kpis: pl.DataFrame, prefix: str, name: str) -> pl.DataFrame:
    return per_group(kpis, prefix, name, list(COLUMNS))


def cases_sheet(kpis: pl.DataFrame, without_deadline: pl.DataFrame, gemeente: str, period_label: str,
                month_labels: Sequence[str]) -> Sheet:
    """`kpis`/`without_deadline`: KPI_SCHEMA-like rows of one gemeente (zaak_* and zaak_zonder_termijn)."""
    both = pl.concat([kpis.select(without_deadline.columns), without_deadline], how="vertical_relaxed")
    period = both.filter(pl.col("periode") == period_label)
    labels = {k: v[0] for k, v in COLUMNS.items()}
    formats = {k: v[1] for k, v in COLUMNS.items()}
    within = kpis.filter((pl.col("kpi") == "zaak_binnen_termijn_pct") & pl.col("groep").is_null()
                         & pl.col("periode").is_in(list(month_labels)))
    norms = within["norm"].drop_nulls().unique().to_list()
    months = pl.DataFrame({"periode": list(month_labels)}).join(
        within.select("periode", pl.col("waarde").alias("binnen_termijn"), pl.col("noemer").alias("afgehandeld_met_termijn")),
        on="periode", how="left")
    met = within.filter(pl.col("norm_gehaald").is_not_null())
    alt = (f"Lijngrafiek voor {gemeente}: per maand het percentage zaken dat binnen de termijn is afgehandeld"
           + (f", met als stippellijn de norm van {norms[0]:g} procent; de norm is in {met['norm_gehaald'].sum()} "
              f"van de {met.height} maanden gehaald" if len(norms) == 1 else "")
           + ". De cijfers staan in de tabel 'Binnen termijn per maand'.")
    return Sheet("Zaken", f"Zaken {gemeente}: {period_label}", [
        f"Afhandeling van zaken binnen de termijn, gemeente {gemeente}, periode {period_label}.",
        Table("Per team", _per_group(period, "team=", "team"), source=SOURCE_CORSA,
              units="aantallen zaken; percentages als getal van 0 tot 100; doorlooptijd in kalenderdagen",
              notes=NOTES, column_labels={"team": "Team", **labels}, number_formats=formats),
        Table("Per zaaktype", _per_group(period, "zaaktype=", "zaaktype"), source=SOURCE_CORSA,
              units="aantallen zaken; percentages als getal van 0 tot 100; doorlooptijd in kalenderdagen",
              column_labels={"zaaktype": "Zaaktype", **labels}, number_formats=formats),
        Table("Binnen termijn per maand", months, source=SOURCE_CORSA,
              units="percentage van de afgehandelde zaken met een bekende termijn",
              column_labels={"periode": "Maand", "binnen_termijn": "Binnen termijn %",
                             "afgehandeld_met_termijn": "Afgehandeld met bekende termijn"},
              number_formats={"binnen_termijn": "percentage", "afgehandeld_met_termijn": "aantal"}),
        Chart("Zaken binnen termijn per maand", kind="line", table="Binnen termijn per maand", category="periode",
              series=["binnen_termijn"], alt_text=alt, norm=norms[0] if len(norms) == 1 else None,
              norm_label=f"Norm ({norms[0]:g} %)" if len(norms) == 1 else "Norm", y_title="Binnen termijn (%)",
              y_max=100),
    ])
