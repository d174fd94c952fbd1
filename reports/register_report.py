"""What the programme's own register adds to the appendix: the targets it follows (a table on the sheet
Ambities), the Burgerpeiling beside Klant in Focus (the same sheet), and the sheet Register with every
measurement up to the period's end (the history). Layout only: the figures arrive finished in
`inputs.extra` (transforms/register.py: `ambitie_realisaties`, `register_metingen`)."""

from __future__ import annotations

import polars as pl

from core.ambitions import PROGRAMME
from reports.inputs import ReportInputs
from reports.period_labels import Span
from reports.phrases import ATTRIBUTIONS, dutch_number, target_text
from reports.tables import Sheet, Table

REALISATIONS = "ambitie_realisaties"
MEASUREMENTS = "register_metingen"
SOURCE_REGISTER = ATTRIBUTIONS["programma"]
FORMAT_OF = {"percentage": "pct", "aantal": "aantal", "cijfer": "decimaal"}
UNIT_OF = {"percentage": "%", "aantal": "", "cijfer": ""}
# the Klant in Focus figures the Burgerpeiling's outcomes stand beside: its indicator -> the KPI
BESIDE_KIF = {
    "burgerpeiling_cijfer_dienstverlening": "tevr_cijfer_gem",
    "burgerpeiling_tevreden_dienstverlening": "tevr_digitaal_voldoende_pct",
}


def realisations(inputs: ReportInputs) -> pl.DataFrame | None:
    """The gemeente's target realisations, or None when the run computed none (no register source)."""
    frame = inputs.extra.get(REALISATIONS)
    return None if frame is None or frame.is_empty() else frame


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(value) -> str | None:
    return None if value is None else f"{value:%d-%m-%Y}"


def register_targets_table(inputs: ReportInputs, spans: list[Span]) -> Table | None:
    """The targets with a streefwaarde, each with its realisation at the end of the reported period and of
    the two it is compared with, its peildatum and its verdict; "nog niet ingevuld" where the register has
    no measurement yet."""
    frame = realisations(inputs)
    if frame is None:
        return None
    main = spans[-1]
    targets = frame.filter(pl.col("streefwaarde").is_not_null())
    by = {(r["periode"], r["volgorde"]): r for r in targets.iter_rows(named=True)}
    rows = []
    for t in (
        targets.filter(pl.col("periode") == main.period.label)
        .sort("plateau", "spoor", "volgorde")
        .iter_rows(named=True)
    ):
        row = {
            "ambitie": t["doel"],
            "indicator": t["label"],
            "plateau": str(t["plateau"]),
            "spoor": "" if t["spoor"] is None else str(t["spoor"]),
            "streefwaarde": target_text(t["streefwaarde"], t["richting"], UNIT_OF[t["maat"]]),
            "peildatum": _day(t["peildatum"]) or "nog niet ingevuld",
            # while the period runs, a target not (yet) met may still be: 'voorlopig', as the KPIs' verdicts
            "gehaald": None
            if t["gehaald"] is None
            else ("voorlopig " if main.partial else "") + ("ja" if t["gehaald"] else "nee"),
        }
        for i, s in enumerate(spans):
            cell = by.get((s.period.label, t["volgorde"]))
            row[f"p{i}"] = None if cell is None else cell["waarde"]
            row[f"_f{i}"] = FORMAT_OF[t["maat"]]
        rows.append(row)
    n = len(spans)
    table = targets_frame(rows, n, {"peildatum": pl.String})
    return Table(
        f"Doelen uit het programmaregister, {main.heading}",
        table,
        source=f"{PROGRAMME}, bijlage I (ambitieplateaus); realisatie: {SOURCE_REGISTER}",
        notes=[
            "Realisatie: de laatste meting in het programmaregister op of voor de laatste dag van de periode "
            "(een stand, geen telling over de periode); een percentage is teller / noemer. Peildatum: de dag "
            f"waarop de realisatie van {main.heading} geldt; 'nog niet ingevuld' waar het register nog geen "
            "meting heeft. Gehaald: die realisatie tegen de streefwaarde; 'voorlopig' zolang de periode niet "
            "compleet is.",
            "De indicatoren en streefwaarden zijn instelbaar ([[ambitions]] in de configuratie); standaard de "
            "plateaudoelen van het programma.",
        ],
        column_labels=target_labels(spans, {"peildatum": "Peildatum"}),
        number_formats={"gehaald": "oordeel"},
        row_formats={f"p{i}": f"_f{i}" for i in range(n)},
        min_widths={"ambitie": 24},
    )


def targets_frame(rows: list[dict], n: int, last: dict[str, pl.DataType | type[pl.DataType]]) -> pl.DataFrame:
    """The targets' table (sheet Ambities): the target, its indicator, plateau, spoor and streefwaarde,
    its realisation in each of `n` periods (`p0`...), whether it was reached, the `last` columns, and
    the number format of each realisation (`_f0`...)."""
    schema = {
        "ambitie": pl.String,
        "indicator": pl.String,
        "plateau": pl.String,
        "spoor": pl.String,
        "streefwaarde": pl.String,
        **{f"p{i}": pl.Float64 for i in range(n)},
        "gehaald": pl.String,
        **last,
        **{f"_f{i}": pl.String for i in range(n)},
    }
    return pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row")


def target_labels(spans: list[Span], last: dict[str, str]) -> dict[str, str]:
    """The column headings of `targets_frame`, the realisations by their periods' headings."""
    return {
        "ambitie": "Doel in het programma",
        "indicator": "Gemeten met",
        "plateau": "Plateau",
        "spoor": "Spoor",
        "streefwaarde": "Streefwaarde",
        **{f"p{i}": f"Realisatie {s.heading}" for i, s in enumerate(spans)},
        "gehaald": "Gehaald",
        **last,
    }


def burgerpeiling_table(inputs: ReportInputs, main: Span) -> Table | None:
    """The Burgerpeiling's outcomes on service delivery (its latest, with its peildatum) beside the Klant in
    Focus figure on the same question over the reported period."""
    frame = realisations(inputs)
    if frame is None:
        return None
    peiling = frame.filter((pl.col("periode") == main.period.label) & pl.col("indicator").is_in(list(BESIDE_KIF)))
    if peiling.is_empty():
        return None
    kif = {
        r["kpi"]: r["waarde"]
        for r in inputs.kpis.filter(
            (pl.col("periode") == main.period.label)
            & pl.col("groep").is_null()
            & pl.col("kpi").is_in(list(BESIDE_KIF.values()))
        ).iter_rows(named=True)
    }
    rows = []
    for r in peiling.sort("volgorde").iter_rows(named=True):
        code = BESIDE_KIF[r["indicator"]]
        unit = " (%)" if r["maat"] == "percentage" else ""  # the unit in words: the column is narrow
        rows.append(
            {
                "vraag": _capital(r["label"].removeprefix("Burgerpeiling: ")) + unit,
                "kif_indicator": (inputs.texts[code].label if code in inputs.texts else code) + unit,
                # as text: a number column would widen the sheet's third column past the page
                "peiling": None if r["waarde"] is None else dutch_number(r["waarde"], 1),
                "kif": kif.get(code),
                "peildatum": _day(r["peildatum"]) or "nog niet ingevuld",
            }
        )
    table = pl.DataFrame(
        rows,
        schema={
            "vraag": pl.String,
            "kif_indicator": pl.String,
            "peiling": pl.String,
            "kif": pl.Float64,
            "peildatum": pl.String,
        },
        orient="row",
    )
    return Table(
        f"Burgerpeiling (Waar staat je gemeente) naast Klant in Focus, {main.heading}",
        table,
        source=f"Burgerpeiling: {SOURCE_REGISTER}; Klant in Focus: de reacties van {main.heading}",
        notes=[
            "De Burgerpeiling vraagt eens in de paar jaar een steekproef van inwoners naar de dienstverlening "
            "van de gemeente als geheel; Klant in Focus vraagt direct na een contact naar dat contact. Ze meten "
            "niet hetzelfde, maar horen naast elkaar gelezen te worden.",
        ],
        column_labels={
            "vraag": "Burgerpeiling: vraag",
            "kif_indicator": "Naast Klant in Focus: indicator",
            "peiling": "Waarde",
            "kif": "Klant in Focus",
            "peildatum": "Peildatum Burgerpeiling",
        },
        number_formats={"kif": "decimaal"},
    )


def register_sheet(inputs: ReportInputs) -> Sheet | None:
    """The sheet Register: every measurement of the gemeente's register up to the period's end, per
    indicator oldest first (the targets' history). None without measurements."""
    frame = inputs.extra.get(MEASUREMENTS)
    if frame is None or frame.is_empty():
        return None
    frame = frame.filter(pl.col("peildatum") <= inputs.period.end)
    if frame.is_empty():
        return None
    labels = {}
    measures = {}
    if (done := realisations(inputs)) is not None:
        for r in done.iter_rows(named=True):
            labels[r["indicator"]] = r["label"]
            measures[r["indicator"]] = r["maat"]
    table = frame.select(
        pl.col("indicator").replace_strict(labels, default=pl.col("indicator"), return_dtype=pl.String),
        pl.col("plateau").cast(pl.String),
        "peildatum",
        "teller",
        "noemer",
        pl.col("realisatie"),
        pl.col("indicator")
        .replace_strict(measures, default="decimaal", return_dtype=pl.String)
        .replace(FORMAT_OF)
        .alias("_f"),
        "toelichting",
        "ingevoerd_door",
    )
    return Sheet(
        "Register",
        f"Programmaregister: alle metingen tot en met {inputs.period.end:%d-%m-%Y}",
        [
            "Elke meting die de programma-organisatie in het programmaregister bijhoudt, per indicator van oud "
            "naar nieuw: de geschiedenis achter de realisaties op het blad Ambities. Een meting die in een later "
            "register is verbeterd, staat hier zoals het laatste register haar geeft.",
            Table(
                "Metingen",
                table,
                source=SOURCE_REGISTER,
                notes=["Realisatie: teller / noemer als percentage, anders de ingevulde waarde."],
                column_labels={
                    "indicator": "Indicator",
                    "plateau": "Plateau",
                    "peildatum": "Peildatum",
                    "teller": "Teller",
                    "noemer": "Noemer",
                    "realisatie": "Realisatie",
                    "toelichting": "Bron en toelichting",
                    "ingevoerd_door": "Ingevoerd door (rol)",
                },
                number_formats={"peildatum": "datum", "teller": "aantal", "noemer": "aantal"},
                row_formats={"realisatie": "_f"},
                min_widths={"indicator": 30, "toelichting": 24},
            ),
        ],
        description="Alle metingen uit het programmaregister: de geschiedenis van de doelen.",
    )
