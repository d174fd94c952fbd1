"""The sheets that account for the figures: Datakwaliteit (the checks in brief, what did not pass,
the rows held back), Controles (every check), Definities (how each indicator is computed, with the
configured norms) and Verantwoording (this report and its source files). Layout only."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.catalogue import BY_CODE, ORDER
from reports.inputs import ReportInputs
from reports.phrases import EMPTY_MEANS, SOURCE_NAMES, small_number_note, target_text
from reports.tables import Sheet, Table

CHECK_LABELS = {
    "dataset": "Gegevens",
    "verwachting": "Controle",
    "kolom": "Kolom",
    "kritiek": "Kritiek",
    "geslaagd": "Geslaagd",
    "afwijkend": "Afwijkende rijen",
    "voorbeelden": "Voorbeelden",
}
QUARANTINE_LABELS = {
    "bron_bestand": "Bestand",
    "regel": "Regel",
    "aantal": "Aantal rijen",
    "voorbeeld_reden": "Voorbeeld van de reden",
}
SOURCE_CHECKS = "controles (Great Expectations) van de Dienstverleningsmonitor bij deze rapportage"


def _known_first(frame: pl.DataFrame, order: list[str]) -> pl.DataFrame:
    """The known columns in their order (others are left out of a printed table)."""
    return frame.select([c for c in order if c in frame.columns])


def _outcome(critical: pl.Expr, informative: pl.Expr) -> pl.Expr:
    """'alle geslaagd', or what did not pass: 'niet geslaagd: 1 kritiek, 2 ter informatie'."""
    parts = pl.concat_str(
        pl.when(critical > 0).then(pl.format("{} kritiek", critical)),
        pl.when(informative > 0).then(pl.format("{} ter informatie", informative)),
        separator=", ",
        ignore_nulls=True,
    )
    return pl.when((critical + informative) == 0).then(pl.lit("alle geslaagd")).otherwise("niet geslaagd: " + parts)


def quality_sheet(inputs: ReportInputs) -> Sheet:
    """The checks per dataset in brief, the checks that did not pass, and the rows held back."""
    checks = inputs.checks
    critical, informative = (
        (~pl.col("geslaagd") & pl.col("kritiek")).sum(),
        (~pl.col("geslaagd") & ~pl.col("kritiek")).sum(),
    )
    brief = checks.group_by("dataset", maintain_order=True).agg(
        controles=pl.len(), geslaagd=pl.col("geslaagd").sum(), uitkomst=_outcome(critical, informative)
    )
    failed = _known_first(checks.filter(~pl.col("geslaagd")), list(CHECK_LABELS))
    blocks: list = [
        "Elke levering en elke berekening wordt gecontroleerd. Slaagt een kritieke controle niet, dan wordt er "
        "geen rapport gemaakt; niet-kritieke controles (aannemelijkheid) staan hier ter informatie. Alle "
        "controles staan op het blad Controles.",
        Table(
            "Controles per gegevensset",
            brief,
            source=SOURCE_CHECKS,
            column_labels={
                "dataset": "Gegevens",
                "controles": "Controles",
                "geslaagd": "Geslaagd",
                "uitkomst": "Uitkomst",
            },
            number_formats={"controles": "aantal", "geslaagd": "aantal"},
        ),
    ]
    if failed.height:
        blocks.append(
            Table(
                "Controles die niet slaagden",
                failed,
                source=SOURCE_CHECKS,
                notes=[
                    "Afwijkende rijen: het aantal rijen dat niet aan de controle voldoet; voorbeelden: "
                    "enkele van die waarden."
                ],
                column_labels=CHECK_LABELS,
                number_formats={"kritiek": "ja_nee", "geslaagd": "oordeel", "afwijkend": "aantal"},
            )
        )
    if inputs.unknown.height:
        blocks.append(
            Table(
                "Nog niet ingesteld",
                inputs.unknown,
                source="de opslag en de configuratie van de Dienstverleningsmonitor",
                notes=[
                    "Wat de exports noemen maar de configuratie nog niet kent. Gesprekken op een wachtrij zonder "
                    "instelling tellen bij geen gemeente mee; met de wachtrij in [[queues]] tellen ze mee in elk "
                    "volgend rapport, ook over eerdere periodes, zonder de bestanden opnieuw te laden."
                ],
                column_labels={"soort": "Soort", "waarde": "Waarde", "aantal": "Aantal", "toelichting": "Toelichting"},
                number_formats={"aantal": "aantal"},
            )
        )
    blocks.append(
        Table(
            "Rijen in quarantaine per bestand en regel",
            _known_first(inputs.quarantine, list(QUARANTINE_LABELS)),
            source="quarantaine van de Dienstverleningsmonitor (bestanden die aan deze rapportage bijdragen of in de "
            "periode zijn afgewezen)",
            notes=[
                "Een rij in quarantaine telt niet mee in de cijfers; het oorspronkelijke bestand is bewaard.",
                "Regel bestand_afgewezen: het hele bestand is afgewezen; de reden staat erbij.",
            ],
            column_labels=QUARANTINE_LABELS,
            number_formats={"aantal": "aantal"},
        )
    )
    return Sheet(
        "Datakwaliteit",
        "Datakwaliteit: controles en quarantaine",
        blocks,
        description="De controles op de gegevens in het kort en de rijen in quarantaine.",
    )


def checks_sheet(inputs: ReportInputs) -> Sheet:
    """Every check that ran, one table (its header repeats on every printed page)."""
    return Sheet(
        "Controles",
        "Alle controles bij deze rapportage",
        [
            Table(
                "Controles",
                _known_first(inputs.checks, list(CHECK_LABELS)),
                source=SOURCE_CHECKS,
                notes=[
                    "Afwijkende rijen: het aantal rijen dat niet aan de controle voldoet; voorbeelden: enkele van "
                    "die waarden.",
                    f"De controles op de gegevens in de opslag gelden voor de hele opslag in versie "
                    f"{inputs.store_version}: ze zijn eenmaal uitgevoerd, bij het eerste rapport uit die versie "
                    "met deze configuratie; de controles op kpis gelden voor de cijfers van deze rapportage.",
                ],
                column_labels=CHECK_LABELS,
                number_formats={"kritiek": "ja_nee", "geslaagd": "oordeel", "afwijkend": "aantal"},
            ),
        ],
        description="Elke controle die bij deze rapportage is uitgevoerd, met haar uitkomst.",
    )


def definitions_sheet(inputs: ReportInputs) -> Sheet:
    """Label, definition, unit and norm of each KPI the report shows, in catalogue order."""
    codes = sorted(set(inputs.kpis["kpi"].to_list()) & set(BY_CODE), key=lambda c: ORDER[c])
    norms = {
        r["kpi"]: r["norm"]
        for r in inputs.kpis.filter(pl.col("norm").is_not_null()).unique("kpi").iter_rows(named=True)
    }
    rows = [
        (
            inputs.texts[c].label,
            inputs.texts[c].definition,
            BY_CODE[c].unit,
            target_text(norms.get(c), inputs.norm_directions.get(c), BY_CODE[c].unit),
            c,
        )
        for c in codes
    ]
    frame = pl.DataFrame(
        rows,
        schema={
            "indicator": pl.String,
            "definitie": pl.String,
            "eenheid": pl.String,
            "norm": pl.String,
            "kpi": pl.String,
        },
        orient="row",
    )
    return Sheet(
        "Definities",
        "Definities van de indicatoren",
        [
            f"Parameters bij deze rapportage: {inputs.parameters}." if inputs.parameters else "Parameters: standaard.",
            "Tijden tellen op hun datum in Nederlandse tijd (Europe/Amsterdam). "
            "Percentages zijn getallen van 0 tot 100.",
            Table(
                "Indicatoren",
                frame,
                source="KPI-catalogus van de Dienstverleningsmonitor",
                notes=[
                    EMPTY_MEANS,
                    small_number_note(inputs.min_records),
                    "Een periode die de gegevens niet helemaal dekken heet voorlopig: de kop zegt tot welke dag de "
                    "gegevens lopen, en een oordeel over de norm heet 'voorlopig ja' of 'voorlopig nee'.",
                ],
                column_labels={
                    "indicator": "Indicator",
                    "definitie": "Definitie",
                    "eenheid": "Eenheid",
                    "norm": "Streefwaarde",
                    "kpi": "KPI-code (kpis.csv)",
                },
            ),
        ],
        description="Hoe elke indicator berekend wordt, met de ingestelde normen.",
    )


FILE_LABELS = {
    "bron": "Bron",
    "bron_bestand": "Bestand",
    "export_stempel": "Exportmoment",
    "status": "Status",
    "rijen_gelezen": "Rijen gelezen",
    "rijen_geladen": "Rijen geladen",
    "rijen_quarantaine": "Rijen in quarantaine",
    "bron_hash": "Controlegetal (SHA-256)",
}


def provenance_sheet(info: Mapping[str, str], files: pl.DataFrame, coverage: pl.DataFrame | None = None) -> Sheet:
    """`info`: Dutch key -> value (run id, tijdstip, gemeente, periode, opslagversie, softwareversie),
    shown in the given order; `files`: the source files; `coverage`: the days each source has data for."""
    info = dict(info)
    if coverage is not None:
        info |= {
            f"Gegevens {SOURCE_NAMES.get(r['bron'], r['bron'])}": f"{r['van']:%d-%m-%Y} tot en met {r['tot']:%d-%m-%Y}"
            for r in coverage.sort("bron").iter_rows(named=True)
        }
    facts = pl.DataFrame(
        {"gegeven": [str(k) for k in info], "waarde": ["" if v is None else str(v) for v in info.values()]},
        schema={"gegeven": pl.String, "waarde": pl.String},
    )
    return Sheet(
        "Verantwoording",
        "Verantwoording",
        [
            "Waar de cijfers vandaan komen: deze rapportage en de bestanden waaruit zij is berekend.",
            Table(title="Deze rapportage", frame=facts, column_labels={"gegeven": "Gegeven", "waarde": "Waarde"}),
            Table(
                title="Bronbestanden",
                frame=_known_first(files, list(FILE_LABELS)),
                notes=[
                    "Het controlegetal (SHA-256) identificeert een bestand precies: met dezelfde bestanden en "
                    "dezelfde opslagversie zijn de cijfers opnieuw te maken."
                ],
                column_labels=FILE_LABELS,
                number_formats={"rijen_gelezen": "aantal", "rijen_geladen": "aantal", "rijen_quarantaine": "aantal"},
                min_widths={"bron_hash": 34},  # its 64 hex digits on two lines: other columns wrap first
            ),
        ],
        description="Waar de cijfers vandaan komen: opslagversie en bronbestanden.",
    )
