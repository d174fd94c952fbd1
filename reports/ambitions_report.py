"""The sheet Ambities: the plateau targets of the Uitvoeringsprogramma Dienstverlening 2023-2026 that name
a number, in the programme's words, each with the realisation of the indicator that measures it (the
reported period and the two it is compared with, as on the Samenvatting); the targets the programme's own
register follows and the Burgerpeiling beside Klant in Focus (reports/register_report.py); and the targets
nothing measures, with the reason. Layout only: the targets come from the catalogue (`AMBITIONS`) and the
configuration ([[ambitions]]), every figure and verdict finished from the KPI frame and the register's
realisations."""

from __future__ import annotations

import polars as pl

from core.ambitions import AMBITIONS, PROGRAMME, TRACKS
from core.catalogue import BY_CODE
from core.periods import summary_columns
from reports import theme
from reports.inputs import ReportInputs
from reports.period_labels import span
from reports.phrases import EMPTY_MEANS, SOURCE_MONITOR, small_number_note, target_text, verdict_format_key
from reports.register_report import (
    burgerpeiling_table,
    realisations,
    register_targets_table,
    target_labels,
    targets_frame,
)
from reports.tables import Sheet, Table

SOURCE_PROGRAMME = f"{PROGRAMME}, bijlage I (ambitieplateaus); realisatie: {SOURCE_MONITOR}"
TRACK_NOTE = "Sporen: " + "; ".join(f"{n} {name.lower()}" for n, name in TRACKS.items()) + "."


AMBITION_COLUMNS = 3  # realisation columns on the Ambities sheet: the period and the two before it


def ambitions_sheet(inputs: ReportInputs) -> Sheet | None:
    """None for a gemeente not configured for it ([report] ambitions_for), and where the data of the period
    covers no more than half of the measurable targets (a gemeente with only a call log): an overview of
    the programme that is mostly empty says little."""
    period = inputs.period
    measurable = {a.kpi for a in AMBITIONS if a.kpi}
    covered = set(inputs.kpis.filter((pl.col("periode") == period.label) & pl.col("groep").is_null())["kpi"])
    if not inputs.ambitions or 2 * len(measurable & covered) <= len(measurable):
        return None
    # the period and at most the two parts before it: with its text columns the sheet holds three
    # realisation columns on a landscape page (a phase of four years or more, or a range over four
    # quarters, has five on the Samenvatting, and made this sheet's layout fail)
    spans = [span(c.period, inputs.periods) for c in summary_columns(period)[-AMBITION_COLUMNS:]]
    main = spans[-1]
    totals = {(r["periode"], r["kpi"]): r for r in inputs.kpis.filter(pl.col("groep").is_null()).iter_rows(named=True)}
    measured = sorted((a for a in AMBITIONS if a.kpi), key=lambda a: (a.plateau, a.track))
    rows: list[dict] = []
    notes: list[str] = []
    small = False
    for ambition in measured:
        code = ambition.kpi
        assert code is not None
        kpi, now = BY_CODE[code], totals.get((period.label, code))
        row = {
            "ambitie": ambition.text,
            "indicator": inputs.texts[code].label + (f" ({len(notes) + 1})" if ambition.note else ""),
            "plateau": str(ambition.plateau),
            "spoor": str(ambition.track),
            "streefwaarde": target_text(now["norm"], inputs.norm_directions.get(code), kpi.unit)
            if now and now["norm"] is not None
            else None,
            "gehaald": now["oordeel"] if now else None,
            "waarnemingen": now["noemer"] if now else None,
        }
        if ambition.note:
            notes.append(f"({len(notes) + 1}) {inputs.texts[code].label}: {ambition.note}.")
        for i, s in enumerate(spans):
            cell = totals.get((s.period.label, code))
            mark = bool(cell and cell["klein_aantal"] and cell["waarde"] is not None)
            small = small or mark
            row[f"p{i}"] = None if cell is None else cell["waarde"]
            key = theme.summary_format_key(kpi.kind, kpi.unit) + (theme.SMALL_MARK if mark else "")
            if i == len(spans) - 1:  # the reported period: its figure agrees with the verdict beside it
                key = verdict_format_key(key, cell, inputs.norm_directions.get(code))
            row[f"_f{i}"] = key
        rows.append(row)
    n = len(spans)
    table = targets_frame(rows, n, {"waarnemingen": pl.Int64})
    # the targets the programme's register follows (reports/register_report.py) are measured there
    followed = set() if (done := realisations(inputs)) is None else set(done["doel"].drop_nulls())
    unmeasured = sorted(
        (a for a in AMBITIONS if not a.kpi and a.text not in followed), key=lambda a: (a.plateau, a.track)
    )
    from_register = [t for t in (register_targets_table(inputs, spans), burgerpeiling_table(inputs, main)) if t]
    rest = pl.DataFrame(
        [(a.text, a.why_not, str(a.plateau), str(a.track)) for a in unmeasured],
        schema={"ambitie": pl.String, "waarom": pl.String, "plateau": pl.String, "spoor": pl.String},
        orient="row",
    )
    return Sheet(
        "Ambities",
        f"Ambities van het programma: {main.heading}",
        [
            f"De doelen uit het {PROGRAMME} die met cijfers te volgen zijn, met hun realisatie voor gemeente "
            f"{inputs.gemeente}. Plateau 1 (opzet) is het minimale resultaat, plateau 2 (projectmatige uitvoering) "
            "de uitvoering in de praktijk, plateau 3 (structurele borging) de borging in de lijn.",
            Table(
                f"Meetbare doelen, {main.heading}",
                table,
                source=SOURCE_PROGRAMME,
                notes=[
                    TRACK_NOTE,
                    *notes,
                    "Streefwaarde: de ingestelde norm van de indicator (standaard het getal uit het programma). "
                    f"Gehaald en waarnemingen: over {main.heading}; 'voorlopig' zolang de periode niet compleet is.",
                    *([small_number_note(inputs.min_records)] if small else []),
                    EMPTY_MEANS,
                ],
                column_labels=target_labels(spans, {"waarnemingen": "Waarnemingen"}),
                number_formats={"gehaald": "oordeel", "waarnemingen": "aantal"},
                row_formats={f"p{i}": f"_f{i}" for i in range(n)},
            ),
            *from_register,
            Table(
                "Doelen die deze gegevens niet meten",
                rest,
                source=f"{PROGRAMME}, bijlage I (ambitieplateaus)",
                notes=[
                    TRACK_NOTE,
                    "Alleen de doelen met een getal of over wat inwoners ervaren; de andere doelen beschrijven een "
                    "aanpak of een voorziening.",
                ],
                column_labels={
                    "ambitie": "Doel in het programma",
                    "waarom": "Waarom niet uit deze gegevens",
                    "plateau": "Plateau",
                    "spoor": "Spoor",
                },
                min_widths={"waarom": 20, "ambitie": 24},
            ),
        ],
        description="De doelen van het programma met hun realisatie, en wat niet te meten is.",
    )
