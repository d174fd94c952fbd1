"""The sheet Trends: each indicator with a norm per month against its norm, beside the same month
a year earlier - a table with the months across (twelve to a table) and a chart per indicator,
two charts to a row. Layout only: every figure comes from the KPI frame."""

from __future__ import annotations

import polars as pl

from core.catalogue import BY_CODE, ORDER
from reports import theme
from reports.inputs import ReportInputs
from reports.period_labels import month_headings, month_tick_labels, span
from reports.phrases import PERCENT_UNITS, SOURCE_MONITOR, month_heading, small_number_note
from reports.tables import Chart, Sheet, Table


def _year_earlier(label: str) -> str:
    year, month = label.split("-")
    return f"{int(year) - 1}-{month}"


def trends_sheet(inputs: ReportInputs) -> Sheet | None:
    """None when no indicator with a norm has a figure in the period's months."""
    months = inputs.months
    heads = month_headings(months, inputs.periods)
    earlier = inputs.period.year_earlier() is not None and len(months) > 0
    totals = inputs.kpis.filter(pl.col("groep").is_null())
    normed = totals.filter(
        pl.col("periode").is_in(months) & pl.col("norm").is_not_null() & pl.col("waarde").is_not_null()
    )
    codes = sorted(normed["kpi"].unique().to_list(), key=lambda c: ORDER.get(c, len(ORDER)))
    if not codes:
        return None
    cells = {(r["periode"], r["kpi"]): r for r in totals.iter_rows(named=True)}
    gemeente = inputs.gemeente
    blocks: list = [
        f"De indicatoren met een norm per maand, gemeente {gemeente}"
        + (", met dezelfde maand een jaar eerder." if earlier else ".")
    ]
    small = False
    for part in range(0, len(months), 12):
        shown = months[part : part + 12]
        rows = []
        for code in codes:
            kind_key = "percentage" if BY_CODE[code].kind == "percentage" else "decimaal"
            for label, of in [
                (inputs.texts[code].label, shown),
                *([("  een jaar eerder", [_year_earlier(m) for m in shown])] if earlier else []),
            ]:
                row: dict = {"indicator": label}
                for i, month in enumerate(of):
                    cell = cells.get((month, code))
                    row[f"m{i}"] = None if cell is None else cell["waarde"]
                    mark = cell is not None and cell["klein_aantal"] and cell["waarde"] is not None
                    row[f"_f{i}"] = kind_key + (theme.SMALL_MARK if mark else "")
                    small = small or mark
                rows.append(row)
        schema = {
            "indicator": pl.String,
            **{f"m{i}": pl.Float64 for i in range(len(shown))},
            **{f"_f{i}": pl.String for i in range(len(shown))},
        }
        frame = pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row")
        blocks.append(
            Table(
                "Per maand"
                + (f", {month_heading(shown[0])} tot en met {month_heading(shown[-1])}" if len(months) > 12 else ""),
                frame,
                source=SOURCE_MONITOR,
                units=PERCENT_UNITS,
                notes=[small_number_note(inputs.min_records)] if small else [],
                column_labels={
                    "indicator": "Indicator",
                    **{f"m{i}": heads.get(m, month_heading(m)) for i, m in enumerate(shown)},
                },
                row_formats={f"m{i}": f"_f{i}" for i in range(len(shown))},
            )
        )
    for code in codes:
        blocks.append(_chart(inputs, code, months, earlier, cells))
    return Sheet(
        "Trends",
        f"Trends {gemeente}: {span(inputs.period, inputs.periods).heading}, indicatoren met een norm per maand",
        blocks,
        description="De indicatoren met een norm per maand, tegen hun norm, met grafieken.",
    )


def _chart(inputs: ReportInputs, code: str, months: list[str], earlier: bool, cells: dict) -> Chart:
    label = inputs.texts[code].label
    values = [cells.get((m, code), {}).get("waarde") for m in months]
    data = {"maand": month_tick_labels(months, inputs.periods), "nu": values}
    if earlier:
        data["eerder"] = [cells.get((_year_earlier(m), code), {}).get("waarde") for m in months]
    norms = {cells[(m, code)]["norm"] for m in months if (m, code) in cells and cells[(m, code)]["norm"] is not None}
    norm = norms.pop() if len(norms) == 1 else None
    met = [cells[(m, code)]["oordeel"] for m in months if (m, code) in cells and cells[(m, code)]["oordeel"]]
    stretch = months[0] if len(months) == 1 else f"{month_heading(months[0])} tot en met {month_heading(months[-1])}"
    alt = (
        f"Lijngrafiek voor {inputs.gemeente}, {stretch}: {label.lower()} per maand"
        + (", met een tweede lijn voor dezelfde maand een jaar eerder" if earlier else "")
        + (f" en als stippellijn de norm van {norm:g}" if norm is not None else "")
        + (
            f"; de norm is in {sum(v.endswith('ja') for v in met)} van de {len(met)} beoordeelde maanden gehaald"
            if met
            else ""
        )
        + ". De cijfers staan in de tabel 'Per maand'."
    )
    unit = BY_CODE[code].unit
    return Chart(
        label,
        kind="line",
        data=pl.DataFrame(
            data, schema={"maand": pl.String, "nu": pl.Float64, **({"eerder": pl.Float64} if earlier else {})}
        ),
        category="maand",
        series=["nu", *(["eerder"] if earlier else [])],
        labels={
            "nu": inputs.period.label if inputs.period.kind != "reeks" else "realisatie",
            "eerder": "een jaar eerder",
        },
        norm=norm,
        norm_label=f"norm {norm:g} {unit}" if norm is not None else "norm",
        y_title=unit,
        y_kind="percentage" if unit == "%" else "aantal",
        alt_text=alt,
        width="half",
    )
