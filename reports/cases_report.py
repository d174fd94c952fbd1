"""The sheet Zaken: per team and per zaaktype, and within term per month against the norm."""

from __future__ import annotations

from datetime import date
from functools import partial

import polars as pl

from core.catalogue import CASES_DOMAIN, codes_of
from core.registry import READ_SOURCES
from reports.inputs import ReportInputs
from reports.period_labels import month_headings, month_tick_labels, span
from reports.phrases import DOMAIN_HEADINGS, PERCENT_UNITS, SOURCE_CORSA
from reports.pivot import kpi_table, per_group, per_month
from reports.tables import Chart, Sheet

WITHOUT_DEADLINE = "zaak_zonder_termijn"  # not a catalogue KPI: shown beside zaak_binnen_termijn_pct
_NONE = pl.DataFrame(
    schema={"gemeente": pl.String, "periode": pl.String, "kpi": pl.String, "groep": pl.String, "waarde": pl.Float64}
)
CODES = [c for c in codes_of(CASES_DOMAIN) if c != "zaak_contactverzoek_binnen_norm_pct"]
MONTH_CODES = ["zaak_ontvangen", "zaak_afgehandeld", "zaak_binnen_termijn_pct"]
UNITS = "aantallen zaken; " + PERCENT_UNITS + "; doorlooptijd in kalenderdagen"
NOTES = [
    "Binnen termijn: afgehandeld op of voor de uiterste datum (fatale datum, anders streefdatum, anders "
    "startdatum + termijn van het zaaktype, steeds plus opgeschorte dagen). Zaken zonder bekende termijn tellen "
    "daar niet mee en staan apart.",
    "Open over termijn: open op de laatste dag van de periode, met een uiterste datum daarvoor.",
]


def cases_sheet(inputs: ReportInputs) -> Sheet | None:
    """None when the gemeente has no case figures in the period."""
    cases, now = inputs.figures_of("zaak_")
    if now.is_empty():
        return None
    period, months = inputs.period, inputs.months
    without = (
        inputs.extra.get(WITHOUT_DEADLINE, _NONE)
        .filter(pl.col("periode") == period.label)
        .select("gemeente", "periode", "kpi", "groep", "waarde", klein_aantal=pl.lit(False))
    )
    both = pl.concat([now.select(without.columns), without], how="vertical_relaxed")
    codes = [*CODES, WITHOUT_DEADLINE]
    labels = {**{c: inputs.texts[c].short for c in CODES}, WITHOUT_DEADLINE: "Afgehandeld zonder bekende termijn"}
    teams, types = per_group(both, "team=", "team", codes), per_group(both, "zaaktype=", "zaaktype", codes)
    by_month = per_month(cases, months, MONTH_CODES, month_headings(months, inputs.periods))
    month_labels = {c: inputs.texts[c].short for c in MONTH_CODES}
    source = case_source_line(inputs, period.end)[1]  # Corsa, the Zaken API or both: the files of the period
    table = partial(kpi_table, source=source, units=UNITS, min_records=inputs.min_records)
    gemeente, heading = inputs.gemeente, span(period, inputs.periods).heading
    return Sheet(
        CASES_DOMAIN,
        f"Zaken {gemeente}: {heading}",
        [
            f"Afhandeling van zaken binnen de termijn, gemeente {gemeente}, periode {heading}.",
            table("Per team", teams, codes, {"team": "Team", **labels}, notes=NOTES),
            table("Per zaaktype", types, codes, {"zaaktype": "Zaaktype", **labels}),
            table("Per maand", by_month, MONTH_CODES, {"maand": "Maand", **month_labels}),
            _chart(inputs, by_month, months),
        ],
        description="Zaken per team en per zaaktype; binnen de termijn per maand.",
    )


def _chart(inputs: ReportInputs, by_month: pl.DataFrame, months: list[str]) -> Chart:
    within = inputs.kpis.filter(
        (pl.col("kpi") == "zaak_binnen_termijn_pct") & pl.col("groep").is_null() & pl.col("periode").is_in(months)
    )
    norms = within["norm"].drop_nulls().unique().to_list()
    norm = norms[0] if len(norms) == 1 else None
    judged = within.filter(pl.col("oordeel").is_not_null())
    label = inputs.texts["zaak_binnen_termijn_pct"].label
    alt = (
        f"Kolomgrafiek voor {inputs.gemeente}: per maand het aantal afgehandelde zaken (linkeras), met als lijn "
        f"'{label.lower()}' in procent (rechteras)"
        + (f" en als stippellijn de norm van {norm:g} procent" if norm is not None else "")
        + (
            f"; de norm is in {judged['oordeel'].str.ends_with('ja').sum()} van de {judged.height} beoordeelde "
            "maanden gehaald"
            if judged.height
            else ""
        )
        + ". De cijfers staan in de tabel 'Per maand'."
    )
    return Chart(
        label + " per maand",
        kind="column+line",
        data=by_month.select("zaak_afgehandeld", "zaak_binnen_termijn_pct").with_columns(
            maand=pl.Series(month_tick_labels(months, inputs.periods))
        ),
        category="maand",
        series=["zaak_afgehandeld"],
        secondary=["zaak_binnen_termijn_pct"],
        labels={c: inputs.texts[c].short for c in ("zaak_afgehandeld", "zaak_binnen_termijn_pct")},
        norm=norm,
        norm_label=f"norm {norm:g} %" if norm is not None else "norm",
        y2_title="%",
        alt_text=alt,
    )


def case_sources(inputs: ReportInputs) -> list[str]:
    """The sources that delivered this gemeente's cases ('corsa', 'zgw'; `core.registry.READ_SOURCES` of the
    table `cases`), told by the loaded files its figures use: Corsa's exports, the Zaken API's pulls, or
    both around the switch date."""
    prefixes = {s.name: s.prefix for s in READ_SOURCES if s.table == "cases"}
    loaded = inputs.files.filter(pl.col("status") == "geladen")["bron_bestand"].to_list()
    return [name for name, prefix in prefixes.items() if any(f.startswith(prefix) for f in loaded)]


def case_source_line(inputs: ReportInputs, until: date | None) -> tuple[str, str]:
    """The heading of the cases' figures and their source in words, for the appendix's Zaken sheet and the
    dashboard's page: Corsa, the Zaken API (ZGW), or both since the switch date (`[[zgw]] vanaf`): each
    case counts from one of them (transforms/case_sources.py). `until`: the last day shown."""
    delivered, switch = case_sources(inputs), inputs.case_switch
    on = "" if switch is None else f"{switch:%d-%m-%Y}"
    if "zgw" in delivered and "corsa" in delivered and switch is not None:
        return "Zaken (Corsa en Zaken-API)", (
            f"zaken geregistreerd vóór {on} uit de exports van het zaaksysteem Corsa, vanaf {on} uit de Zaken-API "
            "(ZGW); elke zaak telt uit één van beide. Bewerkt door de Dienstverleningsmonitor"
        )
    if "zgw" in delivered:
        return "Zaken (Zaken-API)", (
            "zaken uit de Zaken-API (ZGW)" + (f", geregistreerd vanaf {on}" if on else "") + ", bewerkt door de "
            "Dienstverleningsmonitor"
        )
    if switch is not None and until is not None and switch <= until:
        return DOMAIN_HEADINGS["Zaken"], (
            f"{SOURCE_CORSA}. De Zaken-API (ZGW), de bron van de zaken vanaf {on}, heeft nog geen zaken geleverd"
        )
    return DOMAIN_HEADINGS["Zaken"], SOURCE_CORSA
