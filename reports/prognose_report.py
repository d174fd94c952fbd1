"""The forecast of pressure as a team lead reads it: `prognose.csv` (the contract of the issue:
gemeente,kanaal,interval_start,interval_min,voorspelling,ondergrens,bovengrens,aht_s,agents_nodig,
agents_rooster,servicelevel_verwacht,opmerking) and `prognose.xlsx`: the forecast per week beside the same weeks
a year earlier, the agents to roster per weekday and hour, the desk per day, and the measured
accuracy. Layout only: every number comes finished from `transforms.prognosis`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import cast

import polars as pl

from reports._atomic import atomic_write_bytes
from reports.phrases import dutch_number
from reports.tables import Chart, Sheet, Table, Workbook
from transforms.prognosis import CHANNELS, PROGNOSIS_SCHEMA, Prognosis, actuals_a_year_earlier, roster_week, weekly

NAMES = {
    "telefoon": "Telefoon (aangeboden gesprekken per uur)",
    "balie": "Balie (afspraken per werkdag)",
    "digitaal": "Digitaal (e-mail en webformulier per week)",
}
SHORT = {"telefoon": "Telefoon", "balie": "Balie", "digitaal": "Digitaal"}
WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
SOURCE = "Dienstverleningsmonitor: prognose uit de historie in de opslag (KCC, JCC, Corsa)"


def write_prognosis_csv(rows: pl.DataFrame, path: Path) -> Path:
    """prognose.csv: UTF-8, comma, decimal point, the columns of the contract in their order."""
    frame = (
        rows.select(list(PROGNOSIS_SCHEMA))
        .cast(PROGNOSIS_SCHEMA)
        .with_columns(pl.col("voorspelling", "ondergrens", "bovengrens", "aht_s", "servicelevel_verwacht").round(2))
    )
    return atomic_write_bytes(Path(path), frame.write_csv(null_value="", line_terminator="\n").encode("utf-8"))


def _day(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]} {d:%d-%m-%Y}"


def _overview(p: Prognosis) -> Sheet:
    rows: list[tuple[str, int | None, date | None, date | None, float | None, str | None]] = []
    for kanaal, channel in p.channels.items():
        result = channel.forecast
        if result.frame is None:
            rows.append((NAMES[kanaal], result.weeks_of_history or None, None, None, None, result.reason))
            continue
        first = cast(date, result.frame["moment"].cast(pl.Date).min())
        last = cast(date, result.frame["moment"].cast(pl.Date).max()) + (
            timedelta(days=6) if kanaal == "digitaal" else timedelta(0)
        )
        rows.append(
            (NAMES[kanaal], result.weeks_of_history, first, last, float(result.frame["prognose"].sum()), "voorspeld")
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "kanaal": pl.String,
            "historie": pl.Int64,
            "vanaf": pl.Date,
            "tot": pl.Date,
            "totaal": pl.Float64,
            "status": pl.String,
        },
        orient="row",
    )
    aht = (
        f"Gemiddelde afhandeltijd (gesprek + nawerk) van de {dutch_number(p.aht_calls, 0)} beantwoorde gesprekken "
        f"van de laatste weken: {dutch_number(p.aht_s)} seconden."
        if p.aht_s is not None
        else "Geen beantwoorde gesprekken in de laatste weken: geen bezettingsadvies."
    )
    # Where the configuration and the data disagree, and why there is no staffing advice (AHT 0 s).
    notes = [f"Let op, {line}." for line in p.notes()]
    return Sheet(
        "Prognose",
        f"Prognose van de drukte, gemeente {p.gemeente}",
        [
            f"Verwacht aantal contacten de komende {p.weeks} weken per kanaal, met een 80 %-interval, "
            "vanaf de dag na de laatste dag met gegevens. "
            "Feestdagen en sluitingsdagen: geen telefoon en geen balie. Dagen en uren buiten de ingestelde "
            "openingstijden krijgen alleen een prognose waar de historie er contacten toont.",
            Table(
                "Per kanaal",
                frame,
                source=SOURCE,
                notes=[
                    "Historie: weken met gegevens (een maand zonder export telt niet mee en wordt niet als nul "
                    "gelezen). Een kanaal met te weinig historie krijgt geen prognose.",
                    "Totaal: de som van de voorspellingen over de hele periode.",
                ],
                column_labels={
                    "kanaal": "Kanaal",
                    "historie": "Historie (weken)",
                    "vanaf": "Vanaf",
                    "tot": "Tot en met",
                    "totaal": "Verwacht totaal",
                    "status": "Status",
                },
                number_formats={"historie": "aantal", "totaal": "aantal"},
            ),
            aht,
            *notes,
        ],
        description="De prognose per kanaal.",
    )


def _per_week(p: Prognosis) -> Sheet | None:
    weeks = weekly(p.rows)
    if weeks.is_empty():
        return None
    mondays = sorted(weeks["week"].unique().to_list())
    table = pl.DataFrame({"week": mondays}, schema={"week": pl.Date})
    labels = {"week": "Week (maandag)"}
    present = []
    for kanaal in CHANNELS:
        mine = weeks.filter(pl.col("kanaal") == kanaal)
        if mine.is_empty():
            continue
        present.append(kanaal)
        earlier = actuals_a_year_earlier(p.channels[kanaal].history, mondays)
        table = table.join(mine.select("week", pl.col("voorspelling").alias(kanaal)), on="week", how="left").join(
            earlier.rename({"een_jaar_eerder": f"{kanaal}_eerder"}), on="week", how="left"
        )
        labels |= {kanaal: f"{SHORT[kanaal]}, prognose", f"{kanaal}_eerder": f"{SHORT[kanaal]}, een jaar eerder"}
    shown = table.with_columns(pl.col("week").map_elements(_day, return_dtype=pl.String))
    blocks: list = [
        Table(
            "Per week",
            shown,
            source=SOURCE,
            notes=[
                "Een jaar eerder: dezelfde week 52 weken eerder, zoals geteld; leeg waar de opslag "
                "voor die week geen gegevens heeft.",
                "Prognose per week: de som van de prognoses per uur, dag of week; leeg voor een week "
                "die de prognose maar voor een deel dekt.",
            ],
            column_labels=labels,
            number_formats={c: "aantal" for c in table.columns if c != "week"},
        )
    ]
    ticks = [f"{d:%d-%m}" for d in mondays]
    for kanaal in present:
        data = pl.DataFrame({"week": ticks, "prognose": table[kanaal], "eerder": table[f"{kanaal}_eerder"]})
        blocks.append(
            Chart(
                f"{SHORT[kanaal]} per week",
                "line",
                data,
                "week",
                ["prognose", "eerder"],
                labels={"prognose": "prognose", "eerder": "een jaar eerder"},
                width="half",
                alt_text=f"Lijngrafiek: {NAMES[kanaal].lower()}, per week de prognose en dezelfde week "
                "een jaar eerder. De cijfers staan in de tabel 'Per week'.",
            )
        )
    return Sheet(
        "Per week",
        f"Prognose per week, gemeente {p.gemeente}",
        blocks,
        description="De prognose per week naast dezelfde weken een jaar eerder.",
    )


def _staffing_note(p: Prognosis) -> str:
    s = p.staffing
    if s is None or p.aht_s is None:
        return ""
    return (
        f"Berekend met Erlang C voor {dutch_number(s.target_level * 100, 0)} % binnen "
        f"{dutch_number(s.answer_norm_s, 0)} seconden, een afhandeltijd van {dutch_number(p.aht_s)} s, "
        f"een bezetting van hoogstens {dutch_number(s.max_occupancy * 100, 0)} % en "
        f"{dutch_number(s.shrinkage * 100, 0)} % uitval."
    )


def _roster(p: Prognosis) -> Sheet | None:
    phone = p.rows.filter((pl.col("kanaal") == "telefoon") & pl.col("agents_rooster").is_not_null())
    table = roster_week(phone)
    if phone.is_empty() or table.width <= 1:
        return None
    first = cast(datetime, phone["interval_start"].str.to_datetime("%Y-%m-%dT%H:%M").min()).date()
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    days = [c for c in table.columns if c != "uur"]
    hours = phone.with_columns(dag=pl.col("interval_start").str.slice(0, 10).str.to_date("%Y-%m-%d"))
    peak = hours.sort("voorspelling", descending=True).row(0, named=True)
    return Sheet(
        "Rooster telefoon",
        f"Te roosteren medewerkers telefoon, week van {_day(monday)}",
        [
            f"Per uur en dag het aantal medewerkers om te roosteren in de week van {_day(monday)}. {_staffing_note(p)}",
            Table(
                "Te roosteren per uur",
                table,
                source=SOURCE,
                notes=[
                    "Te roosteren = nodig aan de telefoon / (1 - uitval). Een uur zonder verwachte gesprekken "
                    "staat niet in de tabel; 0 = gesloten.",
                    f"Drukste uur van de prognose: {_day(date.fromisoformat(peak['interval_start'][:10]))} "
                    f"{peak['interval_start'][11:]}, {dutch_number(peak['voorspelling'])} gesprekken verwacht, "
                    f"{peak['agents_nodig']} nodig, {peak['agents_rooster']} te roosteren. Alle uren van alle weken "
                    "staan in prognose.csv.",
                ],
                column_labels={"uur": "Uur", **{d: d for d in days}},
                number_formats=dict.fromkeys(days, "aantal"),
                color_scale=days,
            ),
        ],
        description="Te roosteren medewerkers telefoon per uur en dag (Erlang C).",
    )


def _desk(p: Prognosis) -> Sheet | None:
    desk = p.rows.filter(pl.col("kanaal") == "balie").with_columns(
        dag=pl.col("interval_start").str.slice(0, 10).str.to_date("%Y-%m-%d")
    )
    desk = desk.filter(pl.col("voorspelling") > 0)
    if desk.is_empty():
        return None
    frame = desk.select(
        pl.col("dag").map_elements(_day, return_dtype=pl.String), "voorspelling", "ondergrens", "bovengrens"
    )
    return Sheet(
        "Balie per dag",
        f"Afspraken aan de balie per werkdag, gemeente {p.gemeente}",
        [
            Table(
                "Per werkdag",
                frame,
                source=SOURCE,
                notes=[
                    "Afspraken: geboekt en niet geannuleerd. Dagen zonder balie (weekend, feestdag, sluitingsdag) "
                    "staan er niet in."
                ],
                column_labels={
                    "dag": "Dag",
                    "voorspelling": "Prognose",
                    "ondergrens": "Ondergrens (80 %)",
                    "bovengrens": "Bovengrens (80 %)",
                },
                number_formats=dict.fromkeys(("voorspelling", "ondergrens", "bovengrens"), "decimaal"),
            ),
        ],
        description="De prognose van de balie per werkdag.",
    )


def _accuracy(p: Prognosis) -> Sheet:
    parts = []
    for kanaal, channel in p.channels.items():
        if channel.backtest is None or channel.backtest.is_empty():
            continue
        parts.append(
            channel.backtest.with_columns(
                kanaal=pl.lit(SHORT[kanaal]), oorsprong=pl.col("oorsprong").dt.strftime("%d-%m-%Y").fill_null("alle")
            )
        )
    blocks: list = [
        "Hoe goed de prognose is, gemeten op de laatste weken die de opslag heeft: voor elke week een prognose "
        "gemaakt met alleen de gegevens ervoor, vergeleken met wat er gebeurde, en met de eenvoudigste prognose "
        "(hetzelfde uur of dezelfde dag een week eerder, 'naïef'). MASE onder 1: beter dan naïef op de historie; "
        "de prognose hoort het naïeve getal te verslaan."
    ]
    if parts:
        frame = pl.concat(parts).select(
            "kanaal",
            "oorsprong",
            "intervallen",
            "mae_model",
            "mae_naief",
            "mase_model",
            "mase_naief",
            pl.col("dekking_80") * 100,
        )
        blocks.append(
            Table(
                "Terugtoets per week",
                frame,
                source=SOURCE,
                notes=[
                    "Oorsprong: de laatste dag met gegevens waarop de prognose voor de week erna gemaakt is; 'alle': "
                    "alle weken samen.",
                    "MAE: gemiddelde absolute afwijking per interval (uur, dag of week), over elk interval van de "
                    "week, ook de gesloten. MASE: de MAE gedeeld door die van de naïeve prognose op de historie.",
                    "Dekking: het deel van de werkelijke aantallen binnen het 80 %-interval.",
                ],
                column_labels={
                    "kanaal": "Kanaal",
                    "oorsprong": "Oorsprong",
                    "intervallen": "Intervallen",
                    "mae_model": "MAE prognose",
                    "mae_naief": "MAE naïef",
                    "mase_model": "MASE prognose",
                    "mase_naief": "MASE naïef",
                    "dekking_80": "Dekking 80 % (%)",
                },
                number_formats={
                    "intervallen": "aantal",
                    "mae_model": "decimaal",
                    "mae_naief": "decimaal",
                    "mase_model": "decimaal",
                    "mase_naief": "decimaal",
                    "dekking_80": "percentage",
                },
            )
        )
    else:
        blocks.append("Geen terugtoets: te weinig historie.")
    return Sheet(
        "Nauwkeurigheid",
        f"Nauwkeurigheid van de prognose, gemeente {p.gemeente}",
        blocks,
        description="De gemeten nauwkeurigheid tegen de naïeve prognose.",
    )


def prognosis_workbook(p: Prognosis) -> Workbook:
    sheets = [s for s in (_overview(p), _per_week(p), _roster(p), _desk(p), _accuracy(p)) if s]
    return Workbook(
        sheets,
        properties={
            "title": f"Prognose dienstverlening {p.gemeente}",
            "company": p.gemeente,
            "subject": f"Prognose van de drukte, {p.weeks} weken",
        },
        footer_text=f"Prognose {p.gemeente}",
    )
