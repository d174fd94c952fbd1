"""Content of the telephony appendix: which tables and charts, in Dutch.

Pure functions from finished frames to `reports.tables.Sheet`s. They select,
order, label and pivot; they compute no figure (every number comes from
`transforms/`). Formatting is named by theme keys only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from dvm.catalogue import BY_CODE
from reports.tables import Chart, Sheet, Table

SOURCE_KCC = ("export gesprekken van het KCC-telefonieplatform (beheerd door gemeente Enschede), "
              "bewerkt door de Dienstverleningsmonitor")
SOURCE_MONITOR = "Dienstverleningsmonitor, uit de exports van de bronsystemen (zie blad Verantwoording)"
DIRECTIONS = {">=": "minimaal", "<=": "maximaal"}
EMPTY_MEANS = "Een lege realisatie betekent: noemer 0 (geen gegevens); nooit 0."

_CATALOGUE_ORDER = {code: i for i, code in enumerate(BY_CODE)}


def _catalogue_order(column: str = "kpi") -> pl.Expr:
    return pl.col(column).replace_strict(_CATALOGUE_ORDER, default=len(_CATALOGUE_ORDER), return_dtype=pl.Int64)


def _known_first(frame: pl.DataFrame, order: Sequence[str]) -> pl.DataFrame:
    """The known columns in their order, then any other columns as they come."""
    known = [c for c in order if c in frame.columns]
    return frame.select(*known, *[c for c in frame.columns if c not in known])


# --- Telefonie --------------------------------------------------------------------------------

MONTH_COLUMNS: dict[str, tuple[str, str]] = {  # kpi -> (label, theme key)
    "tel_aangeboden": ("Aangeboden", "aantal"),
    "tel_beantwoord": ("Beantwoord", "aantal"),
    "tel_servicelevel_pct": ("Servicelevel %", "percentage"),
    "tel_verloren_pct": ("Verloren %", "percentage"),
    "tel_wachttijd_gem_s": ("Gem. wachttijd (s)", "seconden"),
    "tel_gesprekstijd_gem_s": ("Gem. gespreksduur (s)", "seconden"),
    "tel_eerstelijn_pct": ("Eerste lijn %", "percentage"),
    "tel_buiten_openingstijd": ("Buiten openingstijd", "aantal"),
}
TEAM_KPI = "tel_tweedelijn_bereikbaar_pct"


def telephony_sheet(monthly: pl.DataFrame) -> Sheet:
    """`monthly`: KPI_SCHEMA rows of the tel_* KPIs of one gemeente, periode = month ("2026-07").
    One row per month; a second table per team and month for the second line, when present."""
    gemeenten = monthly["gemeente"].drop_nulls().unique().sort().to_list()
    if len(gemeenten) > 1:
        raise ValueError(f"blad Telefonie: één gemeente per blad, gekregen {gemeenten}")
    gemeente = gemeenten[0] if gemeenten else ""

    totals = monthly.filter(pl.col("groep").is_null() & pl.col("kpi").is_in(list(MONTH_COLUMNS)))
    months = monthly.select(pl.col("periode").unique().sort()).filter(pl.col("periode").is_not_null())
    if totals.height:
        wide = totals.pivot(on="kpi", index="periode", values="waarde", aggregate_function=None)
        months = months.join(wide, on="periode", how="left")
    table_frame = months.select(
        "periode",
        *[pl.col(c).cast(pl.Float64) if c in months.columns else pl.lit(None, pl.Float64).alias(c)
          for c in MONTH_COLUMNS],
    )
    first_line = Table(
        title="Eerste lijn per maand",
        frame=table_frame,
        source=SOURCE_KCC,
        units="aantallen gesprekken; percentages als getal van 0 tot 100; tijden in seconden",
        notes=[
            "Alleen eerstelijns wachtrijen. Gesprekken buiten openingstijd en in het keuzemenu tellen niet "
            "als aangeboden; buiten openingstijd staat apart.",
            "Servicelevel en verloren gesprekken: zie blad Definities (T en S). " + EMPTY_MEANS,
        ],
        column_labels={"periode": "Maand", **{k: v[0] for k, v in MONTH_COLUMNS.items()}},
        number_formats={k: v[1] for k, v in MONTH_COLUMNS.items()},
    )
    blocks: list = [
        f"Telefonische bereikbaarheid van gemeente {gemeente} per maand." if gemeente
        else "Telefonische bereikbaarheid per maand.",
        first_line,
    ]
    if table_frame.height:
        blocks.append(_telephony_chart(monthly, table_frame, gemeente))

    teams = monthly.filter((pl.col("kpi") == TEAM_KPI) & pl.col("groep").is_not_null())
    if teams.height:
        team_frame = (
            teams.select(pl.col("groep").str.strip_prefix("team=").alias("team"), "periode",
                         pl.col("noemer").alias("aangeboden"), pl.col("teller").alias("beantwoord"), "waarde")
            .sort("team", "periode")
        )
        blocks.append(Table(
            title="Bereikbaarheid tweede lijn per team en maand",
            frame=team_frame,
            source=SOURCE_KCC,
            units="aantallen gesprekken; bereikbaarheid als percentage (0-100)",
            notes=["Bereikbaarheid: beantwoord / aangeboden op de tweedelijns wachtrijen van het team. "
                   + EMPTY_MEANS],
            column_labels={"team": "Team", "periode": "Maand", "aangeboden": "Aangeboden",
                           "beantwoord": "Beantwoord", "waarde": "Bereikbaarheid %"},
            number_formats={"aangeboden": "aantal", "beantwoord": "aantal", "waarde": "percentage"},
        ))
    title = f"Telefonie {gemeente} per maand" if gemeente else "Telefonie per maand"
    return Sheet("Telefonie", title, blocks)


def _telephony_chart(monthly: pl.DataFrame, table_frame: pl.DataFrame, gemeente: str) -> Chart:
    service = monthly.filter((pl.col("kpi") == "tel_servicelevel_pct") & pl.col("groep").is_null())
    norms = service["norm"].drop_nulls().unique().sort().to_list()
    norm = norms[-1] if len(norms) == 1 else None  # a norm that changed within the range is not one line
    first, last = table_frame["periode"][0], table_frame["periode"][-1]
    span = first if first == last else f"{first} tot en met {last}"
    text = (f"Kolomgrafiek {('voor ' + gemeente + ', ') if gemeente else ''}{span}: per maand het aantal "
            "aangeboden en het aantal beantwoorde gesprekken (linkeras), met als lijn het servicelevel in "
            "procent (rechteras)")
    if norm is not None:
        met = service.filter(pl.col("norm_gehaald").is_not_null())
        text += f" en als stippellijn de norm van {norm:g} procent"
        if met.height:
            text += (f". De norm is in {met['norm_gehaald'].sum()} van de {met.height} "
                     f"{'maand' if met.height == 1 else 'maanden'} gehaald")
    text += ". De cijfers staan in de tabel 'Eerste lijn per maand'."
    return Chart(
        title="Aangeboden en beantwoorde gesprekken, servicelevel per maand",
        kind="column+line",
        table=0,
        category="periode",
        series=["tel_aangeboden", "tel_beantwoord"],
        secondary=["tel_servicelevel_pct"],
        norm=norm,
        norm_label=f"Norm servicelevel ({norm:g} %)" if norm is not None else "Norm",
        y_title="Gesprekken",
        y2_title="Servicelevel (%)",
        y2_max=100,
        alt_text=text,
    )


# --- Datakwaliteit ----------------------------------------------------------------------------

CHECK_LABELS = {"dataset": "Gegevens", "verwachting": "Controle", "kolom": "Kolom", "kritiek": "Kritiek",
                "geslaagd": "Geslaagd", "afwijkend": "Afwijkende rijen", "voorbeelden": "Voorbeelden"}
QUARANTINE_LABELS = {"bron_bestand": "Bestand", "regel": "Regel", "aantal": "Aantal rijen",
                     "voorbeeld_reden": "Voorbeeld van de reden"}


def quality_sheet(expectations: pl.DataFrame, quarantine_by_reason: pl.DataFrame) -> Sheet:
    """The checks that ran (expectation results) and the rows held back (quarantine per file and rule)."""
    return Sheet("Datakwaliteit", "Datakwaliteit: controles en quarantaine", [
        "Elke levering en elke berekening wordt gecontroleerd. Slaagt een kritieke controle niet, dan wordt "
        "er geen rapport gemaakt; niet-kritieke controles (aannemelijkheid) staan hier ter informatie.",
        Table(
            title="Controles",
            frame=_known_first(expectations, list(CHECK_LABELS)),
            source="controles (Great Expectations) van de Dienstverleningsmonitor bij deze rapportage",
            notes=["Afwijkende rijen: het aantal rijen dat niet aan de controle voldoet; "
                   "voorbeelden: enkele van die waarden."],
            column_labels=CHECK_LABELS,
            number_formats={"kritiek": "ja_nee", "geslaagd": "oordeel", "afwijkend": "aantal"},
        ),
        Table(
            title="Rijen in quarantaine per bestand en regel",
            frame=_known_first(quarantine_by_reason, list(QUARANTINE_LABELS)),
            source="quarantaine van de Dienstverleningsmonitor (bestanden die aan deze rapportage bijdragen "
                   "of in de periode zijn afgewezen)",
            notes=["Een rij in quarantaine telt niet mee in de cijfers; het oorspronkelijke bestand is bewaard.",
                   "Regel bestand_afgewezen: het hele bestand is afgewezen; de reden staat erbij."],
            column_labels=QUARANTINE_LABELS,
            number_formats={"aantal": "aantal"},
        ),
    ])


# --- Definities -------------------------------------------------------------------------------

def definitions_sheet(codes: Sequence[str], settings_note: str) -> Sheet:
    """Code, label, unit and definition of each KPI in `codes`, in catalogue order;
    `settings_note` states the parameters used, e.g. "T = 30 s, S = 5 s"."""
    unique = list(dict.fromkeys(c for c in codes if c is not None))
    ordered = sorted(unique, key=lambda c: (_CATALOGUE_ORDER.get(c, len(_CATALOGUE_ORDER)), c))
    rows = [
        (c, BY_CODE[c].label, BY_CODE[c].kind, BY_CODE[c].unit, BY_CODE[c].definition) if c in BY_CODE
        else (c, c, None, None, "Geen definitie in de catalogus.")
        for c in ordered
    ]
    frame = pl.DataFrame(rows, schema={"kpi": pl.String, "indicator": pl.String, "soort": pl.String,
                                       "eenheid": pl.String, "definitie": pl.String}, orient="row")
    return Sheet("Definities", "Definities van de indicatoren", [
        f"Parameters bij deze rapportage: {settings_note}" if settings_note else "Parameters: standaard.",
        "Tijden tellen op hun datum in Nederlandse tijd (Europe/Amsterdam). Percentages zijn getallen van "
        "0 tot 100.",
        Table(
            title="Indicatoren",
            frame=frame,
            source="KPI-catalogus van de Dienstverleningsmonitor",
            notes=[EMPTY_MEANS],
            column_labels={"kpi": "KPI-code", "indicator": "Indicator", "soort": "Soort", "eenheid": "Eenheid",
                           "definitie": "Definitie"},
        ),
    ])


# --- Verantwoording ---------------------------------------------------------------------------

FILE_LABELS = {"bron": "Bron", "bron_bestand": "Bestand", "bron_hash": "Controlegetal (SHA-256)",
               "export_stempel": "Exportmoment", "status": "Status", "rijen_gelezen": "Rijen gelezen",
               "rijen_geladen": "Rijen geladen", "rijen_quarantaine": "Rijen in quarantaine"}


def provenance_sheet(info: Mapping[str, str], files: pl.DataFrame) -> Sheet:
    """`info`: Dutch key -> value (run id, tijdstip, gemeente, periode, opslagversie,
    softwareversie, configuratie), shown in the given order; `files`: the source files."""
    facts = pl.DataFrame({"gegeven": [str(k) for k in info], "waarde": ["" if v is None else str(v)
                                                                          for v in info.values()]},
                         schema={"gegeven": pl.String, "waarde": pl.String})
    return Sheet("Verantwoording", "Verantwoording", [
        "Waar de cijfers vandaan komen: deze rapportage en de bestanden waaruit zij is berekend.",
        Table(title="Deze rapportage", frame=facts, column_labels={"gegeven": "Gegeven", "waarde": "Waarde"}),
        Table(
            title="Bronbestanden",
            frame=_known_first(files, list(FILE_LABELS)),
            notes=["Het controlegetal (SHA-256) identificeert een bestand precies: met dezelfde bestanden en "
                   "dezelfde opslagversie zijn de cijfers opnieuw te maken."],
            column_labels=FILE_LABELS,
            number_formats={"rijen_gelezen": "aantal", "rijen_geladen": "aantal", "rijen_quarantaine": "aantal"},
        ),
    ])
