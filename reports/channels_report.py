"""The sheet Kanalen: contacts per channel per month (stacked), the digital share beside the same
month a year earlier, and the period per channel beside a year earlier. Numbers come finished
(`kanaal_*`)."""

from __future__ import annotations

import polars as pl

from core.catalogue import CHANNELS_DOMAIN
from reports.inputs import ReportInputs
from reports.period_labels import month_headings, month_tick_labels, span
from reports.phrases import CHANNEL_NAMES, PERCENT_UNITS
from reports.pivot import per_group, per_period, row_formats
from reports.tables import Chart, Sheet, Table
from transforms.channels import CHANNELS as CONTACT_CHANNELS

SOURCE_CHANNELS = (
    "exports van het KCC-telefonieplatform (telefoon), JCC-Afspraken (balie: verschenen klanten) "
    "en Corsa (e-mail, webformulier, post, sociale media: geregistreerde zaken), bewerkt door de "
    "Dienstverleningsmonitor"
)
CHANNELS = {k: CHANNEL_NAMES[k] for k in CONTACT_CHANNELS}  # the channel picture's six, named
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


def _known(total: pl.Expr | pl.Series) -> pl.Expr:
    """A period without a single contact in the store is shown empty, not as 0: no data."""
    return pl.when(total > 0).then(total)


def channels_sheet(inputs: ReportInputs) -> Sheet | None:
    """None when the gemeente has no channel figures in the period (it lacks one of the sources)."""
    period, months = inputs.period, inputs.months
    kpis = inputs.kpis.filter(pl.col("kpi").str.starts_with("kanaal_"))
    if kpis.filter(pl.col("periode") == period.label).is_empty():
        return None
    earlier = period.year_earlier()
    contacts = kpis.filter(pl.col("kpi") == "kanaal_contacten")
    by_month = per_period(kpis, months, ["kanaal_contacten", "kanaal_digitaal_pct"])
    for k in CHANNELS:
        part = per_period(contacts, months, ["kanaal_contacten"], groep=f"kanaal={k}")
        by_month = by_month.join(
            part.select("periode", pl.col("kanaal_contacten").alias(k), pl.col("_f_kanaal_contacten").alias(f"_f_{k}")),
            on="periode",
        )
    columns = dict(CHANNELS) | {
        "kanaal_contacten": "Totaal",
        "kanaal_digitaal_pct": inputs.texts["kanaal_digitaal_pct"].short,
    }
    if earlier is not None:
        before = per_period(kpis, [_year_earlier(m) for m in months], ["kanaal_contacten", "kanaal_digitaal_pct"])
        by_month = by_month.with_columns(
            totaal_eerder=_known(before["kanaal_contacten"]),
            _f_totaal_eerder=pl.lit("aantal"),
            digitaal_eerder=pl.when(before["kanaal_contacten"] > 0).then(before["kanaal_digitaal_pct"]),
            _f_digitaal_eerder=pl.lit("percentage"),
        )
        columns |= {"totaal_eerder": "Totaal een jaar eerder", "digitaal_eerder": "Digitaal % een jaar eerder"}
    by_month = by_month.with_columns(maand=pl.col("periode").replace(month_headings(months, inputs.periods)))
    table = by_month.select("maand", *columns, *row_formats(list(columns)).values())

    compare = per_group(
        contacts.filter(pl.col("periode") == period.label), "kanaal=", "kanaal", ["kanaal_contacten"]
    ).rename({"kanaal_contacten": "nu", "_f_kanaal_contacten": "_f_nu"})
    if earlier is not None:
        before = per_group(
            contacts.filter(pl.col("periode") == earlier.label), "kanaal=", "kanaal", ["kanaal_contacten"]
        ).rename({"kanaal_contacten": "eerder", "_f_kanaal_contacten": "_f_eerder"})
        known = per_period(kpis, [earlier.label], ["kanaal_contacten"])["kanaal_contacten"].fill_null(0)[0] > 0
        compare = compare.join(before, on="kanaal", how="left").with_columns(
            eerder=pl.col("eerder") if known else pl.lit(None, pl.Float64), _f_eerder=pl.lit("aantal")
        )
    order = {k: i for i, k in enumerate(CHANNELS)}
    compare = compare.sort(
        pl.col("kanaal").replace_strict(order, default=len(order), return_dtype=pl.Int64)
    ).with_columns(pl.col("kanaal").replace_strict(CHANNELS, default=pl.col("kanaal"), return_dtype=pl.String))

    ticks = month_tick_labels(months, inputs.periods)
    stretch = table["maand"][0] if table.height == 1 else f"{table['maand'][0]} tot en met {table['maand'][-1]}"
    gemeente = inputs.gemeente
    stacked = Chart(
        "Contacten per kanaal per maand",
        kind="stacked",
        data=by_month.select(*CHANNELS).with_columns(maand=pl.Series(ticks)),
        category="maand",
        series=list(CHANNELS),
        labels=CHANNELS,
        width="half",
        alt_text=f"Gestapelde kolomgrafiek voor {gemeente}, {stretch}: per maand het aantal contacten per "
        "kanaal (telefoon, balie, e-mail, webformulier, post, sociale media) op elkaar gestapeld; "
        "de hoogte is het totaal. De cijfers staan in de tabel 'Contacten per kanaal per maand'.",
    )
    trend = Chart(
        "Digitaal aandeel per maand",
        kind="line",
        data=by_month.select("kanaal_digitaal_pct", *(["digitaal_eerder"] if earlier is not None else [])).with_columns(
            maand=pl.Series(ticks)
        ),
        category="maand",
        series=["kanaal_digitaal_pct", *(["digitaal_eerder"] if earlier else [])],
        labels={"kanaal_digitaal_pct": period.label, "digitaal_eerder": "een jaar eerder"},
        y_title="%",
        y_kind="percentage",
        width="half",
        alt_text=f"Lijngrafiek voor {gemeente}, {stretch}: per maand het digitale aandeel van de contacten in "
        "procent"
        + (", met een tweede lijn voor dezelfde maand een jaar eerder" if earlier else "")
        + ". De cijfers staan in de tabel 'Contacten per kanaal per maand'.",
    )
    now = span(period, inputs.periods)
    # a partial period beside a whole one: said plainly (the same days a year earlier are not computed)
    whole_earlier = f"{earlier.label}, hele periode" if earlier and now.partial else (earlier.label if earlier else "")
    compared = [now.heading, *([whole_earlier] if earlier else [])]
    unequal = (
        [
            f"{now.heading} is onvolledig (gegevens tot en met {now.last:%d-%m-%Y}), {earlier.label} is de hele "
            "periode: vergelijk de aantallen niet zonder meer met elkaar; het digitale aandeel wel."
        ]
        if earlier and now.partial and now.last is not None
        else []
    )
    return Sheet(
        CHANNELS_DOMAIN,
        f"Kanalen {gemeente}: {now.heading}",
        [
            f"Contacten van inwoners en ondernemers met gemeente {gemeente} per kanaal, periode {now.heading}.",
            Table(
                "Contacten per kanaal per maand",
                table,
                source=SOURCE_CHANNELS,
                units="aantallen contacten; digitaal aandeel als " + PERCENT_UNITS.removesuffix("s"),
                notes=[
                    *NOTES,
                    *(
                        ["Een jaar eerder: leeg waar voor die maand geen contacten in de opslag staan."]
                        if earlier
                        else []
                    ),
                ],
                column_labels={"maand": "Maand", **columns},
                row_formats=row_formats(list(columns)),
            ),
            stacked,
            trend,
            Table(
                "Per kanaal, " + " en ".join(compared),
                compare,
                source=SOURCE_CHANNELS,
                units="aantallen contacten",
                notes=[
                    f"Een jaar eerder: {earlier.label}; leeg waar voor die periode geen contacten in de opslag staan."
                    if earlier
                    else "Bij een reeks van datums is er geen vergelijking met een jaar eerder.",
                    *unequal,
                ],
                column_labels={
                    "kanaal": "Kanaal",
                    "nu": now.heading,
                    "eerder": whole_earlier or "eerder",
                },
                row_formats=row_formats(["nu", *(["eerder"] if earlier else [])]),
            ),
        ],
        description="Contacten per kanaal per maand en het digitale aandeel.",
    )
