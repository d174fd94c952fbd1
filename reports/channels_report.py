"""Content of the Kanalen sheet: contacts per channel per month (stacked), the digital share
trend, and the same period a year earlier beside it. Numbers come finished (`kanaal_*`)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from reports.pivot import per_group, per_period
from reports.tables import Chart, Sheet, Table

SOURCE_CHANNELS = ("exports van het KCC-telefonieplatform (telefoon), JCC-Afspraken (balie: verschenen klanten) "
                   "en Corsa (e-mail, webformulier, post, sociale media: geregistreerde zaken), bewerkt door de "
                   "Dienstverleningsmonitor")
CHANNELS = {"telefoon": "Telefoon", "balie": "Balie", "email": "E-mail", "webformulier": "Webformulier",
            "post": "Post", "sociale_media": "Sociale media"}
NOTES = [
    "Elk contact telt één keer: telefoon = aangeboden gesprekken; balie = verschenen afspraken; e-mail, "
    "webformulier, post en sociale media = zaken die via dat kanaal binnenkwamen. Zaken die telefonisch, aan de "
    "balie of intern zijn geregistreerd tellen niet nog eens.",
    "Digitaal aandeel: (e-mail + webformulier + sociale media) / alle contacten.",
]


def _year_earlier(label: str) -> str:
    """'2026-07' -> '2025-07' (month labels of the KPI frame)."""
    year, rest = label.split("-", 1)
    return f"{int(year) - 1}-{rest}"


def _known(total: pl.Expr) -> pl.Expr:
    """A period without a single contact in the store is shown empty, not as 0: no data."""
    return pl.when(total > 0).then(total)


def channels_sheet(kpis: pl.DataFrame, gemeente: str, period_label: str, month_labels: Sequence[str],
                   earlier_label: str | None) -> Sheet:
    """`kpis`: kanaal_* rows of one gemeente for the period, its months and (when `earlier_label`
    is given) the same period and months a year earlier."""
    contacts = kpis.filter(pl.col("kpi") == "kanaal_contacten")
    parts = [per_period(contacts, month_labels, ["kanaal_contacten"], groep=f"kanaal={k}")
             .rename({"kanaal_contacten": k}) for k in CHANNELS]
    months = parts[0]
    for part in parts[1:]:
        months = months.join(part, on="periode")
    months = months.join(per_period(kpis, month_labels, ["kanaal_contacten", "kanaal_digitaal_pct"]), on="periode")
    columns = {**CHANNELS, "kanaal_contacten": "Totaal", "kanaal_digitaal_pct": "Digitaal aandeel %"}
    formats = {**dict.fromkeys(CHANNELS, "aantal"), "kanaal_contacten": "aantal", "kanaal_digitaal_pct": "percentage"}
    if earlier_label is not None:
        earlier = per_period(kpis, [_year_earlier(m) for m in month_labels],
                             ["kanaal_contacten", "kanaal_digitaal_pct"])
        months = months.with_columns(
            totaal_jaar_eerder=_known(earlier["kanaal_contacten"]),
            digitaal_jaar_eerder=pl.when(earlier["kanaal_contacten"] > 0).then(earlier["kanaal_digitaal_pct"]))
        columns |= {"totaal_jaar_eerder": "Totaal een jaar eerder",
                    "digitaal_jaar_eerder": "Digitaal aandeel % een jaar eerder"}
        formats |= {"totaal_jaar_eerder": "aantal", "digitaal_jaar_eerder": "percentage"}

    periods = [period_label, *([earlier_label] if earlier_label else [])]
    compare = per_group(contacts.filter(pl.col("periode") == period_label), "kanaal=", "kanaal",
                        ["kanaal_contacten"]).rename({"kanaal_contacten": "nu"})
    if earlier_label:
        before = per_group(contacts.filter(pl.col("periode") == earlier_label), "kanaal=", "kanaal",
                           ["kanaal_contacten"]).rename({"kanaal_contacten": "eerder"})
        known = per_period(kpis, [earlier_label], ["kanaal_contacten"])["kanaal_contacten"].fill_null(0)[0] > 0
        compare = compare.join(before, on="kanaal", how="left").with_columns(
            eerder=pl.col("eerder") if known else pl.lit(None, pl.Float64))
    order = {k: i for i, k in enumerate(CHANNELS)}
    compare = compare.sort(pl.col("kanaal").replace_strict(order, default=len(order), return_dtype=pl.Int64)) \
        .with_columns(pl.col("kanaal").replace_strict(CHANNELS, default=pl.col("kanaal"), return_dtype=pl.String))

    first, last = (month_labels[0], month_labels[-1]) if month_labels else (period_label, period_label)
    span = first if first == last else f"{first} tot en met {last}"
    stacked_alt = (f"Gestapelde kolomgrafiek voor {gemeente}, {span}: per maand het aantal contacten per kanaal "
                   "(telefoon, balie, e-mail, webformulier, post, sociale media) op elkaar gestapeld; de hoogte is "
                   "het totaal. De cijfers staan in de tabel 'Contacten per kanaal per maand'.")
    trend_alt = (f"Lijngrafiek voor {gemeente}, {span}: per maand het digitale aandeel van de contacten in procent"
                 + (", met een tweede lijn voor dezelfde maand een jaar eerder" if earlier_label else "")
                 + ". De cijfers staan in de tabel 'Contacten per kanaal per maand'.")
    return Sheet("Kanalen", f"Kanalen {gemeente}: {period_label}", [
        f"Contacten van inwoners en ondernemers met gemeente {gemeente} per kanaal, periode {period_label}.",
        Table("Contacten per kanaal per maand", months, source=SOURCE_CHANNELS,
              units="aantallen contacten; digitaal aandeel als percentage (0-100)",
              notes=[*NOTES, *(["Een jaar eerder: dezelfde maand een jaar eerder; leeg waar de opslag voor die "
                                "maand geen contacten heeft."] if earlier_label else [])],
              column_labels={"periode": "Maand", **columns}, number_formats=formats),
        Chart("Contacten per kanaal per maand", kind="stacked", table="Contacten per kanaal per maand",
              category="periode", series=list(CHANNELS), y_title="Contacten", alt_text=stacked_alt),
        Chart("Digitaal aandeel per maand", kind="line", table="Contacten per kanaal per maand", category="periode",
              series=["kanaal_digitaal_pct", *(["digitaal_jaar_eerder"] if earlier_label else [])],
              y_title="Digitaal aandeel (%)", y_max=100, alt_text=trend_alt),
        Table("Per kanaal, " + " en ".join(periods), compare, source=SOURCE_CHANNELS, units="aantallen contacten",
              notes=[f"Een jaar eerder: {earlier_label}; leeg waar de opslag voor die periode geen contacten heeft."]
              if earlier_label else ["Bij een reeks van datums is er geen vergelijking met een jaar eerder."],
              column_labels={"kanaal": "Kanaal", "nu": period_label, "eerder": earlier_label or "eerder"},
              number_formats={"nu": "aantal", "eerder": "aantal"}),
    ])
