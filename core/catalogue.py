"""The KPI catalogue of DOMAIN.md: one definition per KPI.

Each KPI is declared once here: its code, what it counts (kind, unit), where it
comes from (domain, sources: the store tables it is computed from), its default
norm and direction, and the Dutch texts a reader sees - label, short column
header, definition and the service promise. Texts that name a configured value
(the answer norm T, the desk wait norm, ...) are templates, filled in once per
run by `texts(parameters)`: a norm changed in the configuration changes every
text that mentions it. The numbers are computed in `transforms/`; the norm
values a run uses are configuration (`core.settings`, defaulting to these).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Literal

Kind = Literal["aantal", "percentage", "gemiddelde", "mediaan"]
Direction = Literal[">=", "<="]
SMALL_NUMBER = 30  # DOMAIN.md: a ratio over fewer records is marked and gets no verdict


@dataclass(frozen=True)
class DefaultNorm:
    target: float
    direction: Direction  # the realisation must be >= or <= the target


@dataclass(frozen=True)
class Kpi:
    code: str
    kind: Kind
    unit: str  # Dutch unit shown beside the figure ("%", "gesprekken", "seconden", ...)
    domain: str  # "Telefonie", "Zaken", "Afspraken", "Kanalen", "Tevredenheid": the detail sheet it belongs to
    sources: tuple[str, ...]  # store tables it is computed from
    label: str  # template: the indicator in plain Dutch
    short: str  # template: its column header on a detail sheet
    definition: str  # template: how it is computed (sheet Definities)
    promise: str | None = None  # template: the service promise in words (column Norm)
    norm: DefaultNorm | None = None
    summary: bool = True  # its total is a row of the Samenvatting


@dataclass(frozen=True)
class Parameters:
    """The configured values the texts name."""

    answer_norm_s: int = 30  # T
    short_abandon_s: int = 5  # S
    callback_werkdagen: int = 2
    wait_norm_minutes: int = 10
    evening_from: time = time(17, 0)

    def fields(self) -> dict[str, str]:
        return {
            "T": str(self.answer_norm_s),
            "S": str(self.short_abandon_s),
            "callback_werkdagen": str(self.callback_werkdagen),
            "wait_minutes": str(self.wait_norm_minutes),
            "evening_from": f"{self.evening_from:%H:%M}",
        }


@dataclass(frozen=True)
class KpiText:
    """The texts of one KPI with the configured values filled in."""

    label: str
    short: str
    definition: str
    promise: str | None


TEL, ZAAK, AFS, TEVR = ("calls",), ("cases",), ("appointments",), ("feedback",)
ALL_CONTACTS = ("calls", "cases", "appointments")
FIRST_LINE = "Gesprekken op eerstelijns wachtrijen"
KIF_VALID = (
    "Klant in Focus-reacties met een score, op de datum van de reactie; 'Weet niet' en een lege score tellen nergens "
    "mee."
)

KPIS: tuple[Kpi, ...] = (
    Kpi(
        "tel_aangeboden",
        "aantal",
        "gesprekken",
        "Telefonie",
        TEL,
        "Aangeboden telefoongesprekken",
        "Aangeboden",
        f"{FIRST_LINE} met uitkomst Beantwoord, Terugbelverzoek of Voicemail, plus Opgehangen met wachttijd "
        "van {S} seconden of langer. Gesprekken buiten openingstijd (Closed) en in het keuzemenu (IVR) tellen "
        "nooit als aangeboden.",
    ),
    Kpi(
        "tel_beantwoord",
        "aantal",
        "gesprekken",
        "Telefonie",
        TEL,
        "Beantwoorde telefoongesprekken",
        "Beantwoord",
        f"{FIRST_LINE} met uitkomst Beantwoord.",
    ),
    Kpi(
        "tel_servicelevel_pct",
        "percentage",
        "%",
        "Telefonie",
        TEL,
        "Telefoon binnen {T} seconden opgenomen",
        "Binnen {T} s %",
        "Beantwoord met wachttijd van hoogstens {T} seconden / (Beantwoord + Opgehangen met wachttijd van {S} "
        "seconden of langer).",
        promise="Binnen {T} seconden iemand aan de lijn",
        norm=DefaultNorm(80, ">="),
    ),
    Kpi(
        "tel_verloren_pct",
        "percentage",
        "%",
        "Telefonie",
        TEL,
        "Verloren telefoongesprekken",
        "Verloren %",
        "Opgehangen met wachttijd van {S} seconden of langer / (Beantwoord + Opgehangen met wachttijd van {S} "
        "seconden of langer).",
        promise="Bellers hangen niet op in de wachtrij",
        norm=DefaultNorm(5, "<="),
    ),
    Kpi(
        "tel_wachttijd_gem_s",
        "gemiddelde",
        "seconden",
        "Telefonie",
        TEL,
        "Gemiddelde wachttijd tot opnemen",
        "Gem. wachttijd (s)",
        "Gemiddelde wachttijd van beantwoorde gesprekken (teller: som van de wachttijden, noemer: aantal).",
    ),
    Kpi(
        "tel_gesprekstijd_gem_s",
        "gemiddelde",
        "seconden",
        "Telefonie",
        TEL,
        "Gemiddelde gespreksduur",
        "Gem. gespreksduur (s)",
        "Gemiddelde gespreksduur van beantwoorde gesprekken (teller: som van de gespreksduur, noemer: aantal).",
    ),
    Kpi(
        "tel_eerstelijn_pct",
        "percentage",
        "%",
        "Telefonie",
        TEL,
        "Vraag beantwoord in de eerste lijn",
        "Eerste lijn %",
        "Beantwoorde gesprekken zonder doorverbinding / beantwoorde gesprekken.",
        promise="Vraag meteen beantwoord, zonder doorverbinden",
        norm=DefaultNorm(80, ">="),
    ),
    Kpi(
        "tel_tweedelijn_bereikbaar_pct",
        "percentage",
        "%",
        "Telefonie",
        TEL,
        "Bereikbaarheid tweede lijn",
        "Bereikbaar %",
        "Per team van de tweede lijn (in kpis.csv: groep team=PVH enzovoort): beantwoord / aangeboden op de "
        "tweedelijns wachtrijen van dat team.",
        summary=False,
    ),
    Kpi(
        "tel_buiten_openingstijd",
        "aantal",
        "gesprekken",
        "Telefonie",
        TEL,
        "Gesprekken buiten openingstijd",
        "Buiten openingstijd",
        f"{FIRST_LINE} met uitkomst Closed (buiten openingstijd).",
    ),
    Kpi(
        "zaak_ontvangen",
        "aantal",
        "zaken",
        "Zaken",
        ZAAK,
        "Ontvangen zaken",
        "Ontvangen",
        "Zaken met registratiedatum in de periode.",
    ),
    Kpi(
        "zaak_afgehandeld",
        "aantal",
        "zaken",
        "Zaken",
        ZAAK,
        "Afgehandelde zaken",
        "Afgehandeld",
        "Zaken met einddatum in de periode.",
    ),
    Kpi(
        "zaak_binnen_termijn_pct",
        "percentage",
        "%",
        "Zaken",
        ZAAK,
        "Zaken binnen de termijn afgehandeld",
        "Binnen termijn %",
        "Van de in de periode afgehandelde zaken met een bekende termijn: einddatum op of voor de uiterste "
        "datum. Uiterste datum = fatale datum, anders streefdatum, anders startdatum + termijn van het zaaktype; "
        "steeds verschoven met de opgeschorte kalenderdagen.",
        promise="Afgehandeld binnen de termijn van het zaaktype",
        norm=DefaultNorm(80, ">="),
    ),
    Kpi(
        "zaak_doorlooptijd_mediaan_d",
        "mediaan",
        "kalenderdagen",
        "Zaken",
        ZAAK,
        "Mediane doorlooptijd van afgehandelde zaken",
        "Mediane doorlooptijd (dagen)",
        "Mediaan van einddatum - startdatum in kalenderdagen, zaken afgehandeld in de periode (noemer: aantal zaken).",
    ),
    Kpi(
        "zaak_open_over_termijn",
        "aantal",
        "zaken",
        "Zaken",
        ZAAK,
        "Openstaande zaken over de termijn",
        "Open over termijn",
        "Zaken die open zijn op de laatste dag D van de periode (registratiedatum op of voor D, geen einddatum "
        "op of voor D) en waarvan de uiterste datum voor D ligt. Bij een onvolledige periode is D de laatste dag "
        "met gegevens.",
    ),
    Kpi(
        "zaak_contactverzoek_binnen_norm_pct",
        "percentage",
        "%",
        "Zaken",
        ZAAK,
        "Terugbelverzoeken binnen {callback_werkdagen} werkdagen afgehandeld",
        "Contactverzoek binnen norm %",
        "Zaken van de zaaktypen die als contactverzoek zijn ingesteld, afgehandeld in de periode: afgehandeld "
        "binnen {callback_werkdagen} werkdagen na de registratiedatum.",
        promise="Teruggebeld binnen {callback_werkdagen} werkdagen",
        norm=DefaultNorm(80, ">="),
    ),
    Kpi(
        "afs_gepland",
        "aantal",
        "afspraken",
        "Afspraken",
        AFS,
        "Afspraken aan de balie",
        "Geboekt",
        "Afspraken in de periode die niet geannuleerd zijn.",
    ),
    Kpi(
        "afs_noshow_pct",
        "percentage",
        "%",
        "Afspraken",
        AFS,
        "Niet verschenen op de afspraak",
        "Niet verschenen %",
        "Niet verschenen / (Verschenen + Niet verschenen).",
    ),
    Kpi(
        "afs_wachttijd_binnen_norm_pct",
        "percentage",
        "%",
        "Afspraken",
        AFS,
        "Balie: binnen {wait_minutes} minuten geholpen",
        "Binnen {wait_minutes} min. %",
        "Van de verschenen klanten met aanmeld- en oproeptijd: opgeroepen binnen {wait_minutes} minuten na het "
        "aanmelden of het begin van de afspraak (wat later is).",
        promise="Met afspraak binnen {wait_minutes} minuten geholpen",
        norm=DefaultNorm(90, ">="),
    ),
    Kpi(
        "afs_boekingstermijn_mediaan_d",
        "mediaan",
        "kalenderdagen",
        "Afspraken",
        AFS,
        "Mediane boekingstermijn",
        "Mediane boekingstermijn (dagen)",
        "Van de geboekte afspraken: mediaan van het aantal kalenderdagen van boekingsdatum tot afspraakdatum.",
    ),
    Kpi(
        "afs_online_geboekt_pct",
        "percentage",
        "%",
        "Afspraken",
        AFS,
        "Afspraken online geboekt",
        "Online geboekt %",
        "Van de geboekte afspraken: geboekt via Internet.",
    ),
    Kpi(
        "afs_avond_pct",
        "percentage",
        "%",
        "Afspraken",
        AFS,
        "Afspraken in de avond",
        "Avond %",
        "Van de geboekte afspraken: begintijd om of na {evening_from}.",
    ),
    Kpi(
        "kanaal_contacten",
        "aantal",
        "contacten",
        "Kanalen",
        ALL_CONTACTS,
        "Contacten, alle kanalen",
        "Contacten",
        "Telefoon = aangeboden gesprekken; balie = verschenen afspraken; e-mail, webformulier, post en sociale "
        "media = zaken geregistreerd in de periode met dat ontvangstkanaal. Elk contact telt één keer; groep "
        "leeg = totaal van de zes kanalen.",
    ),
    Kpi(
        "kanaal_digitaal_pct",
        "percentage",
        "%",
        "Kanalen",
        ALL_CONTACTS,
        "Digitaal aandeel van de contacten",
        "Digitaal aandeel %",
        "(e-mail + webformulier + sociale media) / totaal aantal contacten.",
    ),
    Kpi(
        "tevr_reacties",
        "aantal",
        "reacties",
        "Tevredenheid",
        TEVR,
        "Reacties van inwoners met een oordeel",
        "Reacties",
        f"{KIF_VALID} Per kanaal (telefoon, balie, e-mail, webformulier, website) en voor alle kanalen samen "
        "(in kpis.csv: groep kanaal=telefoon enzovoort, leeg voor alle kanalen).",
    ),
    Kpi(
        "tevr_kcc_positief_pct",
        "percentage",
        "%",
        "Tevredenheid",
        TEVR,
        "Contacten met het KCC positief ervaren",
        "KCC positief %",
        f"Smiley-reacties over team KCC: 4 of 5 smileys / alle Smiley-reacties over team KCC. {KIF_VALID}",
        promise="Inwoners ervaren hun contact met het KCC als positief",
        norm=DefaultNorm(90, ">="),
    ),
    Kpi(
        "tevr_website_positief_pct",
        "percentage",
        "%",
        "Tevredenheid",
        TEVR,
        "Feedback op de website positief",
        "Website positief %",
        f"Smiley-reacties op de website: 4 of 5 smileys / alle Smiley-reacties op de website. {KIF_VALID}",
        promise="De feedback op de website is positief",
        norm=DefaultNorm(80, ">="),
    ),
    Kpi(
        "tevr_digitaal_voldoende_pct",
        "percentage",
        "%",
        "Tevredenheid",
        TEVR,
        "Digitale dienstverlening met een voldoende beoordeeld",
        "Digitaal voldoende %",
        "Rapportcijfers op een digitaal kanaal (website, e-mail, webformulier): 6 of hoger / alle rapportcijfers "
        f"op die kanalen. {KIF_VALID}",
        promise="Inwoners en ondernemers geven de (digitale) dienstverlening een voldoende",
        norm=DefaultNorm(90, ">="),
    ),
    Kpi(
        "tevr_cijfer_gem",
        "gemiddelde",
        "rapportcijfer",
        "Tevredenheid",
        TEVR,
        "Gemiddeld rapportcijfer",
        "Gem. rapportcijfer",
        "Gemiddelde van de rapportcijfers (1-10; teller: som van de cijfers, noemer: aantal), per kanaal en voor "
        f"alle kanalen samen (in kpis.csv: groep kanaal=telefoon enzovoort, leeg voor alle kanalen). {KIF_VALID}",
    ),
)

BY_CODE: dict[str, Kpi] = {k.code: k for k in KPIS}
ORDER: dict[str, int] = {k.code: i for i, k in enumerate(KPIS)}
DOMAINS: tuple[str, ...] = tuple(dict.fromkeys(k.domain for k in KPIS))
TELEPHONY_CODES: tuple[str, ...] = tuple(k.code for k in KPIS if k.domain == "Telefonie")
DIRECTION_WORDS = {">=": "minimaal", "<=": "maximaal"}


def codes_of(domain: str) -> list[str]:
    return [k.code for k in KPIS if k.domain == domain]


def default_norms() -> dict[str, DefaultNorm]:
    return {k.code: k.norm for k in KPIS if k.norm is not None}


def texts(parameters: Parameters) -> dict[str, KpiText]:
    """Every KPI's texts with the configured values filled in (the templates are ours, never export text)."""
    values = parameters.fields()

    def fill(template: str) -> str:
        return template.format_map(values)

    return {
        k.code: KpiText(
            fill(k.label), fill(k.short), fill(k.definition), None if k.promise is None else fill(k.promise)
        )
        for k in KPIS
    }


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
