"""The telephony appendix: which tables and charts, in Dutch. Layout only:
every number arrives finished in `ReportInputs`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from dvm.catalogue import BY_CODE
from dvm.periods import Period
from reports.tables import Chart, Sheet, Table, Workbook

SOURCE_KCC = "KCC-telefonieplatform (export kcc_gesprekken), bewerking Dienstverleningsmonitor"
DIRECTION = {">=": "minimaal", "<=": "maximaal"}


@dataclass(frozen=True)
class ReportInputs:
    gemeente: str
    period: Period
    kpis: pl.DataFrame  # KPI_SCHEMA rows of this gemeente: the period and its months (= kpis.csv)
    checks: pl.DataFrame  # expectation results (ValidationReport.to_frame, concatenated)
    quarantine: pl.DataFrame  # bron_bestand, regel, aantal, voorbeeld_reden
    files: pl.DataFrame  # contributing and rejected files from the ledger
    norm_directions: dict[str, str]
    parameters: str  # e.g. "T = 30 s, S = 5 s"
    provenance: dict[str, str]  # run id, time, store version, software version, configuration
    run_time: datetime


def _summary(inputs: ReportInputs) -> Sheet:
    rows = inputs.kpis.filter(pl.col("periode") == inputs.period.label)
    frame = rows.select(
        pl.col("kpi").replace_strict({k: v.label for k, v in BY_CODE.items()}, default=pl.col("kpi")).alias("indicator"),
        pl.col("groep").fill_null(""),
        pl.col("kpi").replace_strict({k: v.unit for k, v in BY_CODE.items()}, default="").alias("eenheid"),
        pl.col("kpi").replace_strict(inputs.norm_directions, default=None).replace_strict(DIRECTION, default=None)
        .alias("normrichting"),
        "norm", "waarde", "teller", "noemer", "norm_gehaald", "kpi",
    )
    return Sheet("Samenvatting", f"Dienstverlening {inputs.gemeente}: {inputs.period.label}", (
        f"Realisatie per indicator over {inputs.period.start:%d-%m-%Y} t/m {inputs.period.end:%d-%m-%Y}. "
        "'Norm gehaald' staat er als tekst (ja/nee) én in kleur; leeg waar geen norm geldt of geen waarde is.",
        Table("Indicatoren", frame, source=SOURCE_KCC, units="zie kolom Eenheid; percentages 0-100",
              notes=("Definities: blad Definities. Alle cijfers staan ook in kpis.csv.",
                     "Een lege realisatie betekent: noemer 0 (geen gegevens), nooit 0."),
              labels={"indicator": "Indicator", "groep": "Groep", "eenheid": "Eenheid", "normrichting": "Normrichting",
                      "norm": "Norm", "waarde": "Realisatie", "teller": "Teller", "noemer": "Noemer",
                      "norm_gehaald": "Norm gehaald", "kpi": "KPI-code"},
              formats={"norm": "decimaal", "waarde": "decimaal", "teller": "aantal", "noemer": "aantal"}),
    ))


def _telephony(inputs: ReportInputs) -> Sheet:
    months = inputs.kpis.filter(pl.col("periode") != inputs.period.label) if inputs.period.kind != "maand" \
        else inputs.kpis
    first = months.filter(pl.col("groep").is_null()).pivot(on="kpi", index="periode", values="waarde").sort("periode")
    wanted = ["tel_aangeboden", "tel_beantwoord", "tel_servicelevel_pct", "tel_verloren_pct", "tel_wachttijd_gem_s",
              "tel_gesprekstijd_gem_s", "tel_eerstelijn_pct", "tel_buiten_openingstijd"]
    norm = inputs.kpis.filter(pl.col("kpi") == "tel_servicelevel_pct")["norm"].drop_nulls()
    table = first.select("periode", *[pl.col(c) if c in first.columns else pl.lit(None, pl.Float64).alias(c)
                                      for c in wanted]).with_columns(
        norm_servicelevel=pl.lit(norm[0] if len(norm) else None, pl.Float64))
    labels = {"periode": "Maand", "tel_aangeboden": "Aangeboden", "tel_beantwoord": "Beantwoord",
              "tel_servicelevel_pct": "Servicelevel %", "tel_verloren_pct": "Verloren %",
              "tel_wachttijd_gem_s": "Gem. wachttijd (s)", "tel_gesprekstijd_gem_s": "Gem. gespreksduur (s)",
              "tel_eerstelijn_pct": "Eerste lijn %", "tel_buiten_openingstijd": "Buiten openingstijd",
              "norm_servicelevel": "Norm servicelevel %"}
    blocks: list = [
        Table("Eerste lijn per maand", table, source=SOURCE_KCC, units="aantallen, procenten (0-100), seconden",
              labels=labels, formats={"tel_aangeboden": "aantal", "tel_beantwoord": "aantal",
                                      "tel_buiten_openingstijd": "aantal"} | {c: "decimaal" for c in wanted[2:7]}
              | {"norm_servicelevel": "decimaal"}),
        Chart("Aangeboden en beantwoord per maand, servicelevel tegen de norm", table=0, category="periode",
              columns=("tel_aangeboden", "tel_beantwoord"), lines=("tel_servicelevel_pct", "norm_servicelevel"),
              y_title="Servicelevel %",
              alt_text=f"Kolomgrafiek van aangeboden en beantwoorde gesprekken per maand voor {inputs.gemeente}, "
                       "met een lijn voor het servicelevel en een stippellijn voor de norm."),
    ]
    teams = months.filter(pl.col("kpi") == "tel_tweedelijn_bereikbaar_pct")
    if teams.height:
        wide = teams.with_columns(pl.col("groep").str.strip_prefix("team=")).pivot(
            on="groep", index="periode", values="waarde", sort_columns=True).sort("periode")
        blocks.append(Table("Bereikbaarheid tweede lijn per team (%)", wide, source=SOURCE_KCC,
                            units="procent beantwoord van aangeboden (0-100)", labels={"periode": "Maand"},
                            formats={c: "decimaal" for c in wide.columns if c != "periode"}))
    return Sheet("Telefonie", f"Telefonie {inputs.gemeente}: {inputs.period.label}", tuple(blocks))


def _quality(inputs: ReportInputs) -> Sheet:
    return Sheet("Datakwaliteit", "Datakwaliteit: controles en quarantaine", (
        "Kritieke controles moeten slagen, anders wordt geen rapport gemaakt. Niet-kritieke controles "
        "(plausibiliteit) staan hier ter informatie.",
        Table("Controles (Great Expectations)", inputs.checks,
              labels={"dataset": "Gegevens", "verwachting": "Controle", "kolom": "Kolom", "kritiek": "Kritiek",
                      "geslaagd": "Geslaagd", "afwijkend": "Afwijkende rijen", "voorbeelden": "Voorbeelden"},
              formats={"afwijkend": "aantal"}),
        Table("Rijen en bestanden in quarantaine", inputs.quarantine,
              notes=("Een rij in quarantaine telt niet mee in de cijfers; het oorspronkelijke bestand is bewaard.",),
              labels={"bron_bestand": "Bestand", "regel": "Regel", "aantal": "Aantal", "voorbeeld_reden": "Voorbeeld"},
              formats={"aantal": "aantal"}),
    ))


def _definitions(inputs: ReportInputs) -> Sheet:
    codes = inputs.kpis["kpi"].unique(maintain_order=True).to_list()
    frame = pl.DataFrame(
        [(c, BY_CODE[c].label, BY_CODE[c].unit, BY_CODE[c].definition) for c in sorted(codes)],
        schema=["kpi", "indicator", "eenheid", "definitie"], orient="row")
    return Sheet("Definities", "Definities", (
        f"Parameters: {inputs.parameters}. Tijden tellen op hun datum in Europe/Amsterdam.",
        Table("Indicatoren", frame, labels={"kpi": "KPI-code", "indicator": "Indicator", "eenheid": "Eenheid",
                                            "definitie": "Definitie"}),
    ))


def _provenance(inputs: ReportInputs) -> Sheet:
    info = pl.DataFrame({"gegeven": list(inputs.provenance), "waarde": list(inputs.provenance.values())})
    return Sheet("Verantwoording", "Verantwoording", (
        Table("Deze rapportage", info, labels={"gegeven": "Gegeven", "waarde": "Waarde"}),
        Table("Bronbestanden", inputs.files,
              labels={"bron": "Bron", "bron_bestand": "Bestand", "bron_hash": "SHA-256", "export_stempel": "Export",
                      "status": "Status", "rijen_gelezen": "Rijen gelezen", "rijen_geladen": "Rijen geladen",
                      "rijen_quarantaine": "Rijen in quarantaine"},
              formats={"rijen_gelezen": "aantal", "rijen_geladen": "aantal", "rijen_quarantaine": "aantal"}),
    ))


def build_appendix(inputs: ReportInputs) -> Workbook:
    return Workbook(
        sheets=(_summary(inputs), _telephony(inputs), _quality(inputs), _definitions(inputs), _provenance(inputs)),
        title=f"Dienstverleningsmonitor {inputs.gemeente} {inputs.period.label}",
        gemeente=inputs.gemeente, period=inputs.period.label,
    )
