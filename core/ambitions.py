"""Losser's Uitvoeringsprogramma Dienstverlening 2023-2026: its ambitions and its own register.

The plateau targets the programme sets (appendix I, "Ambitieplateaus"), each with the KPI of the
catalogue (core/catalogue.py, by code) that measures it or why the data cannot (`AMBITIONS`), and
the targets followed in the programme's own register (`REGISTER_TARGETS`). These are the defaults;
a tenant configures its own as `[[ambitions]]` (core/settings.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# --- the programme's ambitions ------------------------------------------------------------------------------
# The plateau targets of the Uitvoeringsprogramma Dienstverlening 2023-2026 of gemeente Losser (appendix I,
# "Ambitieplateaus"), in its own words: those with a number, and for each the KPI that measures it or why the
# data cannot. Shown on the sheet Ambities of the gemeenten configured for it ([report] ambitions_for).

PROGRAMME = "Uitvoeringsprogramma Dienstverlening 2023-2026"
TRACKS = {
    1: "Plaats-, tijd- en kanaalonafhankelijk",
    2: "Digitale dienstverlening",
    3: "Inclusieve dienstverlening",
    4: "Samen met de samenleving ontwikkelen",
    5: "Professionele en lerende cultuur",
}


@dataclass(frozen=True)
class Ambition:
    plateau: int  # 1 Opzet, 2 Projectmatige uitvoering, 3 Structurele borging
    track: int  # the programme's spoor (TRACKS)
    text: str  # the target as the programme words it
    kpi: str | None = None  # the KPI whose realisation measures it
    why_not: str | None = None  # Dutch: why the data cannot measure it (when kpi is None)
    note: str | None = None  # Dutch: how the KPI relates to the target, where that is not plain


AMBITIONS: tuple[Ambition, ...] = (
    Ambition(
        1,
        1,
        "Er zijn gemeentebreed servicenormen opgesteld t.a.v. interne en externe bereikbaarheid.",
        kpi="tel_servicelevel_pct",
        note="gemeten als de realisatie van de servicenorm voor de telefoon",
    ),
    Ambition(
        1,
        2,
        "De website heeft een nieuwe look en feel en 80% van de gegeven feedback is positief",
        kpi=("tevr_website_positief_pct"),
    ),
    Ambition(
        2,
        1,
        "90% van de contacten die binnenkomen bij KCC wordt door inwoners als positief ervaren",
        kpi="tevr_kcc_positief_pct",
    ),
    Ambition(
        2,
        1,
        "Uit steekproeven blijkt dat in 80% van de gevallen aan de gestelde servicenormen wordt voldaan.",
        kpi="zaak_binnen_termijn_pct",
        note="gemeten over alle afgehandelde zaken met een bekende termijn, niet over een steekproef",
    ),
    Ambition(
        2,
        2,
        "90% van de inwoners/ondernemers beoordeelt onze (digitale) dienstverlening met een voldoende",
        kpi="tevr_digitaal_voldoende_pct",
    ),
    Ambition(
        1,
        3,
        "20% van de brieven is herschreven in lijn met Direct Duidelijk",
        why_not="Welke brieven herschreven zijn, staat in geen van de exports.",
    ),
    Ambition(
        1,
        4,
        "5 medewerkers zijn opgeleid om processen te verbeteren aan de hand van een inwonersreis (SBP)",
        why_not="Opleidingen van medewerkers staan in geen van de exports.",
    ),
    Ambition(
        1,
        5,
        "Tenminste 2 medewerkers van ieder team heeft de opleiding duidelijk communiceren gevolgd",
        why_not="Opleidingen van medewerkers staan in geen van de exports.",
    ),
    Ambition(
        2,
        1,
        "Inwoners ervaren een warme overdracht van hun vraag bij 'schuiven' van eigenaarschap in de organisatie.",
        why_not="Klant in Focus vraagt niet naar de overdracht; hoe vaak er wordt doorverbonden, staat op het "
        "blad Telefonie.",
    ),
    Ambition(
        2,
        2,
        "50% van de pfd formulieren online is omgezet naar een e-formulier",
        why_not="Het aantal formulieren op de website staat in geen van de exports.",
    ),
    Ambition(
        2,
        2,
        "De Open Online website voldoet voor 100% aan de verplichte internetbeveiligingsstandaarden",
        why_not="Te meten met een test van de website (zoals internet.nl).",
    ),
    Ambition(
        2,
        3,
        "In de publieke gebouwen ervaart de inwoner een warm welkom",
        why_not="Klant in Focus vraagt niet naar het welkom; de smileys na een balieafspraak staan op het blad "
        "Tevredenheid.",
    ),
    Ambition(
        2,
        3,
        "50% van de brieven is herschreven in lijn met Direct Duidelijk.",
        why_not="Welke brieven herschreven zijn, staat in geen van de exports.",
    ),
    Ambition(
        2,
        4,
        "Ten minste drie processen zijn aan de hand van een inwonersreis (SBP) geanalyseerd en verbeterd",
        why_not="Procesanalyses staan in geen van de exports.",
    ),
    Ambition(
        3,
        2,
        "100% van de pdf formulieren online is omgezet naar een e-formulier",
        why_not="Het aantal formulieren op de website staat in geen van de exports.",
    ),
)


# --- the programme's own register ---------------------------------------------------------------------------
# The targets no export measures, followed in the programme's own register (`programma_register_<stamp>.xlsx`,
# sources/register.py): the programme manager enters each measurement (teller and noemer, or a waarde) with
# its peildatum. Configured as `[[ambitions]]` (core/settings.py); these are the defaults, Losser's.

Measure = Literal["percentage", "aantal", "cijfer"]


@dataclass(frozen=True)
class ProgrammeTarget:
    """An indicator of the programme's register, with the plateau target it follows (or none: the
    Burgerpeiling's outcomes are followed beside Klant in Focus, without a target of their own)."""

    indicator: str  # the register's indicator code
    label: str  # Dutch: what the indicator measures
    measure: Measure  # percentage: teller/noemer (or a waarde in %); aantal; cijfer (1-10)
    plateau: int | None = None  # 1 Opzet, 2 Projectmatige uitvoering, 3 Structurele borging
    track: int | None = None  # the programme's spoor (TRACKS)
    text: str | None = None  # the target as the programme words it
    target: float | None = None
    direction: Literal[">=", "<="] = ">="
    project: str | None = None  # Dutch: the programme's project (or activity) that works on it
    teller: str | None = None  # Dutch: what the teller counts (a percentage)
    noemer: str | None = None  # Dutch: what the noemer counts (a percentage)


# indicator code -> (label, measure, project, teller, noemer): what each register indicator counts
REGISTER_INDICATORS: dict[str, tuple[str, Measure, str, str | None, str | None]] = {
    "brieven_direct_duidelijk": (
        "Brieven herschreven in lijn met Direct Duidelijk",
        "percentage",
        "Direct Duidelijk",
        "herschreven standaardbrieven",
        "standaardbrieven in gebruik",
    ),
    "pdf_naar_eformulier": (
        "Pdf-formulieren online omgezet naar een e-formulier",
        "percentage",
        "E-formulieren (Open Online)",
        "omgezette formulieren",
        "pdf-formulieren op de website bij de start",
    ),
    "website_beveiligingsstandaarden": (
        "Verplichte internetbeveiligingsstandaarden waaraan de website voldoet",
        "percentage",
        "Website op Open Online",
        "standaarden waaraan de website voldoet (bijv. volgens internet.nl)",
        "verplichte standaarden",
    ),
    "sbp_medewerkers_opgeleid": (
        "Medewerkers opgeleid om processen te verbeteren met een inwonersreis (SBP)",
        "aantal",
        "Inwonersreizen (Service Blueprint)",
        None,
        None,
    ),
    "sbp_processen_verbeterd": (
        "Processen geanalyseerd en verbeterd met een inwonersreis (SBP)",
        "aantal",
        "Inwonersreizen (Service Blueprint)",
        None,
        None,
    ),
    "duidelijk_communiceren_teams": (
        "Teams met ten minste 2 medewerkers die de opleiding duidelijk communiceren volgden",
        "percentage",
        "Opleiding duidelijk communiceren",
        "teams met ten minste 2 opgeleide medewerkers",
        "teams",
    ),
    "burgerpeiling_gehouden": (
        "Burgerpeilingen 'Waar staat je gemeente' gehouden",
        "aantal",
        "Leren van feedback en data",
        None,
        None,
    ),
    "burgerpeiling_cijfer_dienstverlening": (
        "Burgerpeiling: rapportcijfer voor de dienstverlening van de gemeente",
        "cijfer",
        "Leren van feedback en data",
        None,
        None,
    ),
    "burgerpeiling_tevreden_dienstverlening": (
        "Burgerpeiling: inwoners (zeer) tevreden over de dienstverlening van de gemeente",
        "percentage",
        "Leren van feedback en data",
        "respondenten (zeer) tevreden",
        "respondenten met een oordeel",
    ),
}


def _register_target(
    indicator: str, plateau: int | None = None, track: int | None = None, text: str | None = None, target=None
) -> ProgrammeTarget:
    label, measure, project, teller, noemer = REGISTER_INDICATORS[indicator]
    return ProgrammeTarget(indicator, label, measure, plateau, track, text, target, ">=", project, teller, noemer)


REGISTER_TARGETS: tuple[ProgrammeTarget, ...] = (
    _register_target(
        "brieven_direct_duidelijk", 1, 3, "20% van de brieven is herschreven in lijn met Direct Duidelijk", 20
    ),
    _register_target(
        "brieven_direct_duidelijk", 2, 3, "50% van de brieven is herschreven in lijn met Direct Duidelijk.", 50
    ),
    _register_target(
        "pdf_naar_eformulier", 2, 2, "50% van de pfd formulieren online is omgezet naar een e-formulier", 50
    ),
    _register_target(
        "pdf_naar_eformulier", 3, 2, "100% van de pdf formulieren online is omgezet naar een e-formulier", 100
    ),
    _register_target(
        "website_beveiligingsstandaarden",
        2,
        2,
        "De Open Online website voldoet voor 100% aan de verplichte internetbeveiligingsstandaarden",
        100,
    ),
    _register_target(
        "sbp_medewerkers_opgeleid",
        1,
        4,
        "5 medewerkers zijn opgeleid om processen te verbeteren aan de hand van een inwonersreis (SBP)",
        5,
    ),
    _register_target(
        "sbp_processen_verbeterd",
        1,
        4,
        "Ten minste één proces is aan de hand van een inwonersreis (SBP) geanalyseerd en verbeterd",
        1,
    ),
    _register_target(
        "sbp_processen_verbeterd",
        2,
        4,
        "Ten minste drie processen zijn aan de hand van een inwonersreis (SBP) geanalyseerd en verbeterd",
        3,
    ),
    _register_target(
        "burgerpeiling_gehouden",
        1,
        4,
        "Er heeft tenminste 1 inwonerspeiling 'waar staat je gemeente' plaatsgevonden",
        1,
    ),
    _register_target(
        "duidelijk_communiceren_teams",
        1,
        5,
        "Tenminste 2 medewerkers van ieder team heeft de opleiding duidelijk communiceren gevolgd",
        100,
    ),
    # the Burgerpeiling's questions on service delivery: no target of their own, shown beside Klant in Focus
    _register_target("burgerpeiling_cijfer_dienstverlening"),
    _register_target("burgerpeiling_tevreden_dienstverlening"),
)
