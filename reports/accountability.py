"""The sheets that account for the figures: Datakwaliteit (the checks in brief, what did not pass,
the rows held back), Controles (every check), Definities (how each indicator is computed, with the
configured norms) and Verantwoording (this report and its source files). Layout only."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

import polars as pl

from core.catalogue import BY_CODE, ORDER
from reports.inputs import ReportInputs
from reports.phrases import EMPTY_MEANS, SOURCE_NAMES, VERDICT_PRECISION, small_number_note, target_text
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
# the store's and the checks' column names in the words of the workbook: what the sheets Datakwaliteit and
# Controles show of a check (its column, its text) speaks Dutch, not the store's identifiers
PLAIN_NAMES = {
    "wacht_in_gesprek_min": "kortste wachttijd in gesprek",
    "wacht_in_gesprek_s": "wachttijd in gesprek",
    "gesprek_min": "kortste gespreksduur",
    "gesprek_max": "langste gespreksduur",
    "gestart_min": "eerste begintijd",
    "gestart_max": "laatste begintijd",
    "gestart_op": "begintijd",
    "nawerk_min": "kortste nawerktijd",
    "nawerk_s": "nawerktijd",
    "gesprek_s": "gespreksduur",
    "wacht_s": "wachttijd",
    "bron_hash": "controlegetal van het bestand",
    "zaak_id": "zaaknummer",
    "afspraak_id": "afspraaknummer",
    "reactie_id": "reactienummer",
    "opgeschort_dagen": "opgeschorte dagen",
    "ontvangen_op": "ontvangstmoment",
    "geboekt_op": "boekingsmoment",
    "norm_gehaald": "norm gehaald",
    "kpi": "indicator",
}
_PLAIN = re.compile(r"\b(" + "|".join(map(re.escape, PLAIN_NAMES)) + r")\b")
# what a configuration gap's explanation says to the operator (the command line), as the controller reads it
FOR_THE_CONTROLLER = {"voeg de wachtrij toe aan [[queues]]": "de beheerder neemt de wachtrij op in de configuratie"}


def plain_words(text: pl.Expr) -> pl.Expr:
    """A check's text or column with the store's identifiers in words ("wacht_s" -> "wachttijd")."""
    return text.map_elements(lambda t: _PLAIN.sub(lambda m: PLAIN_NAMES[m[1]], t), return_dtype=pl.String)


def _checks_shown(checks: pl.DataFrame) -> pl.DataFrame:
    """The checks as the sheets show them: in words, and without the examples column when no check has one."""
    shown = _known_first(checks, list(CHECK_LABELS))
    shown = shown.with_columns([plain_words(pl.col(c)) for c in ("verwachting", "kolom") if c in shown.columns])
    if "voorbeelden" in shown.columns and (
        shown["voorbeelden"].cast(pl.String).fill_null("").str.strip_chars().eq("").all()
    ):
        shown = shown.drop("voorbeelden")
    return shown


def deviation_note(shown: pl.DataFrame) -> str:
    return "Afwijkende rijen: het aantal rijen dat niet aan de controle voldoet" + (
        "; voorbeelden: enkele van die waarden." if "voorbeelden" in shown.columns else "."
    )


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
    failed = _checks_shown(checks.filter(~pl.col("geslaagd")))
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
                notes=[deviation_note(failed)],
                column_labels=CHECK_LABELS,
                number_formats={"kritiek": "ja_nee", "geslaagd": "oordeel", "afwijkend": "aantal"},
            )
        )
    if inputs.unknown.height:
        blocks.append(
            Table(
                "Nog niet ingesteld",
                inputs.unknown.with_columns(pl.col("toelichting").str.replace_many(FOR_THE_CONTROLLER)),
                source="de opslag en de configuratie van de Dienstverleningsmonitor",
                notes=[
                    "Wat de exports noemen maar de configuratie nog niet kent. Gesprekken op een wachtrij zonder "
                    "instelling tellen bij geen gemeente mee; zodra de beheerder de wachtrij in de configuratie "
                    "opneemt, tellen ze mee in elk volgend rapport, ook over eerdere periodes, zonder de bestanden "
                    "opnieuw te laden."
                ],
                column_labels={"soort": "Soort", "waarde": "Waarde", "aantal": "Aantal", "toelichting": "Toelichting"},
                number_formats={"aantal": "aantal"},
            )
        )
    if inputs.set_aside is not None and inputs.set_aside.height:
        blocks.append(
            Table(
                "Niet meegeteld: zaken van de andere bron",
                inputs.set_aside.select("regel", "reden", "aantal"),
                source="de opslag en de configuratie van de Dienstverleningsmonitor ([[zgw]] vanaf)",
                notes=[
                    "Bij de overstap van Corsa naar de Zaken-API telt elke zaak uit één bron: voor de "
                    "overstapdatum uit Corsa, vanaf die datum uit de Zaken-API. Zaken uit de andere bron tellen "
                    "niet mee; zo telt geen zaak dubbel."
                ],
                column_labels={"regel": "Regel", "reden": "Reden", "aantal": "Aantal"},
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
    shown = _checks_shown(inputs.checks)
    return Sheet(
        "Controles",
        "Alle controles bij deze rapportage",
        [
            Table(
                "Controles",
                shown,
                source=SOURCE_CHECKS,
                notes=[
                    deviation_note(shown),
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
                    VERDICT_PRECISION,
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


def stamp_text(stamp: str | None) -> str | None:
    """An export moment as the rest of the workbook writes dates: "20250201T0000" -> "01-02-2025 00:00"."""
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2}))?", stamp or "")
    if m is None:
        return stamp
    year, month, day, hour, minute = m.groups()
    return f"{day}-{month}-{year}" + (f" {hour}:{minute}" if hour else "")


GROUPED_NOTE = (
    "Een bron die vaker dan eens per maand exporteert (wekelijks) staat met één regel per maand: de "
    "eerste en de laatste export, het aantal bestanden en hun rijen samen; het controlegetal is dan de "
    "SHA-256 van de controlegetallen van die bestanden, op volgorde van naam."
)


def _tail(first: str, last: str) -> str:
    """`last` from where it differs from `first`, at a word boundary: kif_feedback_20250127.csv -> 20250127.csv."""
    shared = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    cut = max(last.rfind("_", 0, shared + 1), last.rfind("-", 0, shared + 1)) + 1
    return last[cut:]


def files_per_month(files: pl.DataFrame) -> tuple[pl.DataFrame, bool]:
    """The source files as the audit trail shows them: one row per file, or per source, month and
    status for a source that exported more than once that month; and whether any row groups files."""
    if not {"bron", "bron_bestand", "export_stempel", "status", "bron_hash"} <= set(files.columns):
        return files, False  # a list without the ledger's columns: shown as it is
    rows, grouped = [], False
    keyed = files.with_columns(_maand=pl.col("export_stempel").str.slice(0, 6))
    for _, group in keyed.group_by("bron", "_maand", "status", maintain_order=True):
        part = group.sort("bron_bestand")
        first, last = part.row(0, named=True), part.row(part.height - 1, named=True)
        if part.height == 1:
            rows.append({**first, "export_stempel": stamp_text(first["export_stempel"])})
            continue
        grouped = True
        rows.append(
            {
                **first,
                "bron_bestand": f"{first['bron_bestand']} t/m …{_tail(first['bron_bestand'], last['bron_bestand'])} "
                f"({part.height} bestanden)",
                # the days only: a month's weekly exports all carry the same hour; and the first day without
                # its month and year, which the last day names ("06 t/m 27-01-2025"): short enough for one
                # printed line beside a whole file name, where "06-01-2025 t/m 27-01-2025" broke inside a date
                "export_stempel": f"{first['export_stempel'][6:8]} t/m {stamp_text(last['export_stempel'][:8])}",
                **{
                    c: part[c].sum()
                    for c in ("rijen_gelezen", "rijen_geladen", "rijen_quarantaine")
                    if c in part.columns
                },
                "bron_hash": hashlib.sha256("".join(part["bron_hash"].to_list()).encode()).hexdigest(),
            }
        )
    shown = pl.DataFrame(rows, schema=files.schema | {"export_stempel": pl.String}, orient="row") if rows else files
    return shown.drop("_maand", strict=False), grouped


def provenance_sheet(info: Mapping[str, str], files: pl.DataFrame, coverage: pl.DataFrame | None = None) -> Sheet:
    """`info`: Dutch key -> value (run id, tijdstip, gemeente, periode, opslagversie, softwareversie),
    shown in the given order; `files`: the source files; `coverage`: the days each source has data for."""
    info = dict(info)
    if coverage is not None:
        info |= {
            f"Gegevens {SOURCE_NAMES.get(r['bron'], r['bron'])}": f"{r['van']:%d-%m-%Y} tot en met {r['tot']:%d-%m-%Y}"
            for r in coverage.sort("bron").iter_rows(named=True)
        }
    shown, grouped = files_per_month(files)
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
                frame=_known_first(shown, list(FILE_LABELS)),
                notes=[
                    "Het controlegetal (SHA-256) identificeert een bestand precies: met dezelfde bestanden en "
                    "dezelfde opslagversie zijn de cijfers opnieuw te maken.",
                    *([GROUPED_NOTE] if grouped else []),
                ],
                column_labels=FILE_LABELS,
                number_formats={"rijen_gelezen": "aantal", "rijen_geladen": "aantal", "rijen_quarantaine": "aantal"},
                min_widths={"bron_hash": 34},  # its 64 hex digits on two lines: other columns wrap first
                whole_words=("bron_bestand",),  # a file name on one line: it is read and searched for as it is
            ),
        ],
        description="Waar de cijfers vandaan komen: opslagversie en bronbestanden.",
    )
