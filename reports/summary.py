"""The Samenvatting - the table a municipality publishes (Indicator | Norm | Streefwaarde |
Realisatie t-2, t-1, t | Gehaald | Toelichting) - and the sheet Kwartalen (the same indicators per
quarter), plus the headline rows for the Prefect UI. Layout only: every figure and verdict comes
finished from the KPI frame; every text from the catalogue with the configured values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl
from polars.datatypes import DataTypeClass

from core.catalogue import BY_CODE, DOMAINS, KPIS
from core.periods import Period, detail_quarters, summary_columns
from reports import theme
from reports.inputs import ReportInputs
from reports.period_labels import Span, span
from reports.phrases import (
    DOMAIN_HEADINGS,
    EMPTY_MEANS,
    SOURCE_MONITOR,
    agreeing_decimals,
    dutch_number,
    small_number_note,
    target_text,
    verdict_format_key,
)
from reports.tables import Sheet, Table

HEADLINE_COUNTS = ("tel_aangeboden", "zaak_ontvangen", "zaak_afgehandeld", "afs_gepland", "kanaal_contacten")


def _totals(inputs: ReportInputs) -> dict[tuple[str, str], dict]:
    """(periode, kpi) -> the total row (groep empty) of this gemeente."""
    rows = inputs.kpis.filter(pl.col("groep").is_null())
    return {(r["periode"], r["kpi"]): r for r in rows.iter_rows(named=True)}


def _cell_format(code: str, row: dict | None) -> str:
    kpi = BY_CODE[code]
    key = theme.summary_format_key(kpi.kind, kpi.unit)
    return key + theme.SMALL_MARK if row is not None and row["klein_aantal"] else key


def _indicator_rows(inputs: ReportInputs, spans: Sequence[Span], main: Period | None) -> tuple[list[dict], bool]:
    """One row per summary KPI whose total the gemeente has in `main` (or in any shown period when
    `main` is None), grouped by domain under a heading row; the realisation in each of `spans`."""
    totals = _totals(inputs)
    wanted = set([main.label] if main else [s.period.label for s in spans])
    rows: list[dict] = []
    small = False
    for domain in DOMAINS:
        codes = [
            k.code
            for k in KPIS
            if k.domain == domain and k.summary and any((label, k.code) in totals for label in wanted)
        ]
        if not codes:
            continue
        rows.append({"_stijl": "sectie", "indicator": DOMAIN_HEADINGS.get(domain, domain)})
        for code in codes:
            row = {"_stijl": None, "indicator": inputs.texts[code].label, "kpi": code}
            for i, s in enumerate(spans):
                cell = totals.get((s.period.label, code))
                row[f"p{i}"] = None if cell is None else cell["waarde"]
                row[f"_f{i}"] = _cell_format(code, cell)
                small = small or bool(cell and cell["klein_aantal"] and cell["waarde"] is not None)
            rows.append(row)
    return rows, small


def _frame(rows: list[dict], columns: Mapping[str, pl.DataType | DataTypeClass]) -> pl.DataFrame:
    return pl.DataFrame([{c: r.get(c) for c in columns} for r in rows], schema=columns, orient="row")


def summary_sheet(inputs: ReportInputs) -> Sheet:
    """The published table: the reported period last, the two it is compared with before it."""
    period, gemeente = inputs.period, inputs.gemeente
    spans = [span(c.period, inputs.periods) for c in summary_columns(period)]
    main = spans[-1]
    rows, small = _indicator_rows(inputs, spans, period)
    totals = _totals(inputs)
    for row in rows:
        if row["_stijl"] == "sectie":
            continue
        code, cell = row["kpi"], totals.get((period.label, row["kpi"]))
        kpi = BY_CODE[code]
        norm = cell["norm"] if cell is not None else None
        row["norm"] = inputs.texts[code].promise if norm is not None else None
        row["streefwaarde"] = (
            target_text(norm, inputs.norm_directions.get(code), kpi.unit) if norm is not None else None
        )
        row["gehaald"] = cell["oordeel"] if cell else None
        last = f"_f{len(spans) - 1}"  # the reported period: its figure agrees with its verdict
        row[last] = verdict_format_key(row[last], cell, inputs.norm_directions.get(code))
        row["toelichting"] = (
            f"klein aantal: {cell['noemer']} waarnemingen"
            if cell and cell["klein_aantal"] and cell["waarde"] is not None
            else None
        )
    n = len(spans)
    schema = {
        "_stijl": pl.String,
        "indicator": pl.String,
        "norm": pl.String,
        "streefwaarde": pl.String,
        **{f"p{i}": pl.Float64 for i in range(n)},
        "gehaald": pl.String,
        "toelichting": pl.String,
        **{f"_f{i}": pl.String for i in range(n)},
    }
    notes = [
        f"Gehaald: haalt de realisatie over {main.heading} de streefwaarde. 'voorlopig': de periode is nog niet "
        "compleet, het oordeel kan nog veranderen. Geen oordeel bij een klein aantal.",
        *([small_number_note(inputs.min_records)] if small else []),
        *[
            f"{s.heading}: onvolledige periode, de gegevens lopen tot en met {s.last:%d-%m-%Y}"
            + ("" if s.first is None or s.first <= s.period.start else f" en beginnen op {s.first:%d-%m-%Y}")
            + "; vergelijk haar niet zonder meer met de volledige periodes ernaast."
            for s in spans
            if s.partial
        ],
        EMPTY_MEANS + " Een lege kolom: voor die periode zijn geen gegevens.",
        "Toelichting: ruimte voor de verklaring van afwijkingen.",
        "Uitsplitsingen naar team, zaaktype, product, locatie en kanaal staan op de detailbladen en in kpis.csv "
        "(kolom periode: " + "; ".join(f"{s.heading} = {s.period.label}" for s in spans) + ").",
    ]
    table = Table(
        title=f"Indicatoren {gemeente}, {main.heading}",
        frame=_frame(rows, schema),
        source=SOURCE_MONITOR,
        notes=notes,
        column_labels={
            "indicator": "Indicator",
            "norm": "Norm",
            "streefwaarde": "Streefwaarde",
            **{f"p{i}": f"Realisatie {s.heading}" for i, s in enumerate(spans)},
            "gehaald": "Gehaald",
            "toelichting": "Toelichting",
        },
        number_formats={"gehaald": "oordeel"},
        row_formats={f"p{i}": f"_f{i}" for i in range(n)},
        row_styles="_stijl",
        min_widths={"toelichting": 18},
    )
    earlier = " en ".join(s.heading for s in spans[:-1])
    return Sheet(
        "Samenvatting",
        f"Dienstverlening {gemeente}: {main.heading}",
        [
            f"Realisatie van de servicenormen van gemeente {gemeente} over {main.heading}"
            + (f", naast {earlier}." if earlier else "."),
            table,
        ],
        description="De indicatoren met hun norm, streefwaarde en realisatie, naast de periodes ervoor.",
    )


def quarters_sheet(inputs: ReportInputs) -> Sheet | None:
    """The summary's indicators per quarter of a year or a phase (at most eight quarters a table)."""
    quarters = detail_quarters(inputs.period)
    if not quarters:
        return None
    blocks: list = []
    for part in range(0, len(quarters), 8):
        spans = [span(q, inputs.periods) for q in quarters[part : part + 8]]
        rows, small = _indicator_rows(inputs, spans, None)
        n = len(spans)
        schema = {
            "_stijl": pl.String,
            "indicator": pl.String,
            **{f"p{i}": pl.Float64 for i in range(n)},
            **{f"_f{i}": pl.String for i in range(n)},
        }
        blocks.append(
            Table(
                title="Per kwartaal"
                + (f", {spans[0].heading} tot en met {spans[-1].heading}" if len(quarters) > 8 else ""),
                frame=_frame(rows, schema),
                source=SOURCE_MONITOR,
                notes=[
                    *([small_number_note(inputs.min_records)] if small else []),
                    *[
                        f"{s.heading}: onvolledig kwartaal (gegevens tot en met {s.last:%d-%m-%Y})."
                        for s in spans
                        if s.partial and s.last is not None
                    ],
                    EMPTY_MEANS,
                ],
                column_labels={"indicator": "Indicator", **{f"p{i}": s.heading for i, s in enumerate(spans)}},
                row_formats={f"p{i}": f"_f{i}" for i in range(n)},
                row_styles="_stijl",
            )
        )
    return Sheet(
        "Kwartalen",
        f"Kwartalen {inputs.gemeente}: {span(inputs.period, inputs.periods).heading}",
        blocks,
        description="Dezelfde indicatoren per kwartaal.",
    )


def headline_rows(inputs: ReportInputs) -> list[dict[str, str]]:
    """The headline figures of one gemeente and period as rows of Dutch text (for the Prefect
    UI): the volumes and every KPI with a norm, in catalogue order, with a decimal comma."""
    out = []
    totals = _totals(inputs)
    for kpi in KPIS:
        r = totals.get((inputs.period.label, kpi.code))
        if r is None or (r["norm"] is None and kpi.code not in HEADLINE_COUNTS):
            continue
        value = (
            ""
            if r["waarde"] is None
            else dutch_number(
                r["waarde"],
                0
                if kpi.kind == "aantal"
                else agreeing_decimals(r["waarde"], r["norm"], inputs.norm_directions.get(kpi.code))
                if r["oordeel"] in theme.VERDICT_COLOURS
                else 1,
            )
            + ("" if kpi.kind == "aantal" else f" {kpi.unit}")
            + (" *" if r["klein_aantal"] else "")
        )
        out.append(
            {
                "Indicator": inputs.texts[kpi.code].label,
                "Realisatie": value,
                "Norm": target_text(r["norm"], inputs.norm_directions.get(kpi.code), kpi.unit) or "",
                "Gehaald": r["oordeel"] or "",
            }
        )
    return out
