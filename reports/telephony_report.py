"""The sheet Telefonie: the first line per month (with a chart of volume and service level against
its norm) and the reachability of the second line per team, the months across. Layout only."""

from __future__ import annotations

import polars as pl

from core.catalogue import PHONE_DOMAIN, codes_of
from reports.inputs import ReportInputs
from reports.period_labels import month_headings, month_tick_labels, span
from reports.phrases import PERCENT_UNITS, SOURCE_KCC, small_number_note
from reports.pivot import kpi_table, per_month
from reports.tables import Chart, Sheet, Table

TEAM_KPI = "tel_tweedelijn_bereikbaar_pct"
MONTH_CODES = [c for c in codes_of(PHONE_DOMAIN) if c != TEAM_KPI]


def telephony_sheet(inputs: ReportInputs) -> Sheet | None:
    """None when the gemeente has no telephony figures in the period's months."""
    months = inputs.months
    tel = inputs.kpis.filter(pl.col("kpi").str.starts_with("tel_") & pl.col("periode").is_in(months))
    if tel.is_empty():
        return None
    frame = per_month(tel, months, MONTH_CODES, month_headings(months, inputs.periods))
    texts = inputs.texts
    gemeente = inputs.gemeente
    blocks: list = [
        kpi_table(
            "Eerste lijn (wachtrijen van het KCC) per maand",
            frame,
            MONTH_CODES,
            {"maand": "Maand", **{c: texts[c].short for c in MONTH_CODES}},
            source=SOURCE_KCC,
            units="aantallen gesprekken; " + PERCENT_UNITS + "; tijden in seconden",
            min_records=inputs.min_records,
            notes=[
                "Gesprekken buiten openingstijd en in het keuzemenu tellen niet als aangeboden; buiten "
                "openingstijd staat apart. De definities staan op het blad Definities."
            ],
        ),
        _chart(inputs, frame, months),
    ]
    teams = inputs.kpis.filter(
        (pl.col("kpi") == TEAM_KPI)
        & pl.col("groep").is_not_null()
        & pl.col("periode").is_in([inputs.period.label, *months])
    )
    if teams.height:
        blocks += _team_tables(inputs, teams, months)
    return Sheet(
        PHONE_DOMAIN,
        f"Telefonie {gemeente}: {span(inputs.period, inputs.periods).heading}, per maand",
        blocks,
        description="Telefonie per maand, met de bereikbaarheid van de tweede lijn per team.",
    )


def _chart(inputs: ReportInputs, frame: pl.DataFrame, months: list[str]) -> Chart:
    service = inputs.kpis.filter(
        (pl.col("kpi") == "tel_servicelevel_pct") & pl.col("groep").is_null() & pl.col("periode").is_in(months)
    )
    norms = service["norm"].drop_nulls().unique().to_list()
    norm = norms[0] if len(norms) == 1 else None  # a norm that changed within the range is not one line
    texts = inputs.texts
    judged = service.filter(pl.col("oordeel").is_not_null())
    stretch = frame["maand"][0] if frame.height == 1 else f"{frame['maand'][0]} tot en met {frame['maand'][-1]}"
    alt = (
        f"Kolomgrafiek voor {inputs.gemeente}, {stretch}: per maand het aantal aangeboden en beantwoorde "
        f"gesprekken (linkeras), met als lijn '{texts['tel_servicelevel_pct'].label.lower()}' in procent "
        "(rechteras)"
        + (f" en als stippellijn de norm van {norm:g} procent" if norm is not None else "")
        + (
            f". De norm is in {judged['oordeel'].str.ends_with('ja').sum()} van de {judged.height} beoordeelde "
            "maanden gehaald"
            if judged.height
            else ""
        )
        + ". De cijfers staan in de tabel 'Eerste lijn (wachtrijen van het KCC) per maand'."
    )
    return Chart(
        "Aangeboden en beantwoorde gesprekken, servicelevel",
        kind="column+line",
        data=frame.select("tel_aangeboden", "tel_beantwoord", "tel_servicelevel_pct").with_columns(
            maand=pl.Series(month_tick_labels(months, inputs.periods))
        ),
        category="maand",
        series=["tel_aangeboden", "tel_beantwoord"],
        secondary=["tel_servicelevel_pct"],
        labels={c: texts[c].short for c in ("tel_aangeboden", "tel_beantwoord", "tel_servicelevel_pct")},
        norm=norm,
        norm_label=f"norm {norm:g} %" if norm is not None else "norm",
        y2_title="%",
        y2_kind="percentage",
        alt_text=alt,
    )


def _team_tables(inputs: ReportInputs, teams: pl.DataFrame, months: list[str]) -> list:
    """Second-line reachability: a column per team; a row with the calls offered and one with the
    reachability over the whole period, then a row per month."""
    named = teams.with_columns(team=pl.col("groep").str.strip_prefix("team="))
    order = sorted(named["team"].unique().to_list())
    cells = {(r["team"], r["periode"]): r for r in named.iter_rows(named=True)}
    period = inputs.period.label
    heads = month_headings(months, inputs.periods)

    def row(label: str, periode: str, field: str, key: str) -> dict:
        out: dict = {"regel": label}
        for i, team in enumerate(order):
            cell = cells.get((team, periode))
            value = None if cell is None else cell[field]
            small = field == "waarde" and cell is not None and cell["klein_aantal"] and value is not None
            out[f"t{i}"], out[f"_f{i}"] = value, key + ("*" if small else "")
        return out

    rows = [
        row("Aangeboden, hele periode", period, "noemer", "aantal"),
        row("Bereikbaar %, hele periode", period, "waarde", "percentage"),
        *[row(heads[m], m, "waarde", "percentage") for m in months if m != period],
    ]
    schema = {
        "regel": pl.String,
        **{f"t{i}": pl.Float64 for i in range(len(order))},
        **{f"_f{i}": pl.String for i in range(len(order))},
    }
    frame = pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row")
    small = any(r[f"_f{i}"].endswith("*") for r in rows for i in range(len(order)))
    return [
        Table(
            "Bereikbaarheid tweede lijn per team",
            frame,
            source=SOURCE_KCC,
            units=PERCENT_UNITS + "; aangeboden in gesprekken",
            notes=[
                "Bereikbaarheid: beantwoord / aangeboden op de tweedelijns wachtrijen van het team.",
                *([small_number_note(inputs.min_records)] if small else []),
            ],
            column_labels={"regel": "Periode", **{f"t{i}": team for i, team in enumerate(order)}},
            row_formats={f"t{i}": f"_f{i}" for i in range(len(order))},
        )
    ]
