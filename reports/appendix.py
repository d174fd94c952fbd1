"""The appendix the report flow writes: a cover page with contents, the Samenvatting, the detail
sheets and the sheets that account for the figures, composed into one Workbook.

Layout only: every number arrives finished in `ReportInputs` (built by `flows.report.report_inputs`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

import polars as pl

from reports.accountability import checks_sheet, definitions_sheet, provenance_sheet, quality_sheet
from reports.ambitions_report import ambitions_sheet
from reports.channels_report import channels_sheet
from reports.inputs import ReportInputs
from reports.period_labels import span
from reports.summary import quarters_sheet, summary_sheet
from reports.tables import Sheet, Table, Text, Workbook
from reports.trends import trends_sheet

AUTHOR = "Dienstverleningsmonitor"
KIND_WORDS = {
    "jaar": "Jaarbijlage",
    "kwartaal": "Kwartaalrapportage",
    "maand": "Maandrapportage",
    "reeks": "Rapportage over de fase",
}


def cover_sheet(inputs: ReportInputs, sheets: list[Sheet]) -> Sheet:
    """The first printed page: what this is, for whom, over which days, and what is in it."""
    period = inputs.period
    whole = span(period, inputs.periods)
    facts = [
        ("Gemeente", inputs.gemeente),
        ("Periode", f"{period.start:%d-%m-%Y} tot en met {period.end:%d-%m-%Y}"),
        (
            "Gegevens tot en met",
            "geen gegevens"
            if whole.last is None
            else f"{whole.last:%d-%m-%Y}"
            + (" (de periode is nog niet compleet: cijfers en oordelen zijn voorlopig)" if whole.partial else ""),
        ),
    ]
    made = inputs.run_time.astimezone(ZoneInfo(inputs.timezone))
    zone = "Nederlandse tijd" if inputs.timezone == "Europe/Amsterdam" else inputs.timezone
    facts += [("Opslagversie", str(inputs.store_version)), ("Gemaakt op", f"{made:%d-%m-%Y %H:%M} ({zone})")]
    contents = pl.DataFrame(
        [(s.name, s.description) for s in sheets], schema={"blad": pl.String, "inhoud": pl.String}, orient="row"
    )
    return Sheet(
        "Voorblad",
        "",
        [
            Text(f"{KIND_WORDS[period.kind]} {whole.heading}", "groot"),
            Text(f"Dienstverleningsmonitor, gemeente {inputs.gemeente}", "kop"),
            "Bijlage bij de P&C-documenten. De realisatie van de servicenormen voor telefonie, zaken en de balie, "
            "de kanalen waarlangs inwoners en ondernemers contact zoeken en hoe zij dat contact ervaren, uit de "
            "exports van de bronsystemen.",
            Table(
                "Over deze rapportage",
                pl.DataFrame(facts, schema={"gegeven": pl.String, "waarde": pl.String}, orient="row"),
                column_labels={"gegeven": "Gegeven", "waarde": "Waarde"},
            ),
            Table(
                "Inhoud",
                contents,
                column_labels={"blad": "Blad", "inhoud": "Wat er staat"},
                notes=[
                    "Dezelfde cijfers staan, per gemeente, periode, indicator en groep, in kpis.csv naast deze werkmap."
                ],
            ),
        ],
        description="Dit voorblad en de inhoud.",
    )


def build_appendix(inputs: ReportInputs, source_sheets: Sequence[Callable[[ReportInputs], Sheet | None]]) -> Workbook:
    """The workbook of one gemeente and period. `source_sheets`: each source's detail sheet, in the
    registry's order (flows/wiring.py `SHEETS`; the flow hands them in, reports/ imports no flow)."""
    gemeente, period = inputs.gemeente, inputs.period
    per_source = [sheet(inputs) for sheet in source_sheets]
    body = [
        sheet
        for sheet in (
            summary_sheet(inputs),
            ambitions_sheet(inputs),
            quarters_sheet(inputs),
            trends_sheet(inputs),
            *per_source,
            channels_sheet(inputs),
            quality_sheet(inputs),
            definitions_sheet(inputs),
            provenance_sheet(inputs.provenance, inputs.files, inputs.coverage),
            checks_sheet(inputs),
        )
        if sheet is not None
    ]
    heading = span(period, inputs.periods).heading
    return Workbook(
        sheets=[cover_sheet(inputs, body), *body],
        properties={
            "title": f"Dienstverleningsmonitor {gemeente} {period.label}",
            "subject": f"Dienstverlening gemeente {gemeente}, {heading} "
            f"({period.start:%d-%m-%Y} t/m {period.end:%d-%m-%Y})",
            "author": AUTHOR,
            "company": gemeente,
            "keywords": "dienstverlening, servicenormen, telefonie, P&C",
            "comments": "Bijlage bij de P&C-documenten; cijfers ook in kpis.csv.",
        },
        footer_text=f"Dienstverleningsmonitor {gemeente}, {heading}",
    )
