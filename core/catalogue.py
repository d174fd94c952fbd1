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

from core.profiles import SCORE_RANGES

Kind = Literal["aantal", "percentage", "gemiddelde", "mediaan"]
# The KPI domains, the one declared set: each a detail sheet of the appendix (by this name) and a section of
# the Samenvatting. A KPI belongs to one; a source (core/registry.py) names those it feeds.
Domain = Literal["Telefonie", "Zaken", "Afspraken", "Kanalen", "Tevredenheid"]
PHONE_DOMAIN: Domain = "Telefonie"
CASES_DOMAIN: Domain = "Zaken"
DESK_DOMAIN: Domain = "Afspraken"
CHANNELS_DOMAIN: Domain = "Kanalen"
SATISFACTION_DOMAIN: Domain = "Tevredenheid"
Direction = Literal[">=", "<="]
SMALL_NUMBER = 30  # DOMAIN.md: a ratio over fewer records is marked and gets no verdict

# DOMAIN.md: a Klant in Focus response counts as good from these scores up. transforms/satisfaction.py counts
# with them; the KPI texts below and the sheet Tevredenheid say them in GOOD_SCORES' words.
POSITIVE_FROM = 4  # a smiley (1-5) of 4 or 5 is positief
SUFFICIENT_FROM = 6  # a rapportcijfer (1-10) of 6 or more is voldoende
GOOD_FROM = {"smiley": POSITIVE_FROM, "rapportcijfer": SUFFICIENT_FROM}


def _good_scores(question: str) -> str:
    """The good scores in words: "4 of 5" (the top two), "6 of hoger"."""
    good, high = GOOD_FROM[question], SCORE_RANGES[question][1]
    return f"{good} of {high}" if good == high - 1 else f"{good} of hoger"


GOOD_SCORES = {question: _good_scores(question) for question in GOOD_FROM}  # question -> "4 of 5", "6 of hoger"


@dataclass(frozen=True)
class DefaultNorm:
    target: float
    direction: Direction  # the realisation must be >= or <= the target


@dataclass(frozen=True)
class Kpi:
    code: str
    kind: Kind
    unit: str  # Dutch unit shown beside the figure ("%", "gesprekken", "seconden", ...)
    domain: Domain  # the detail sheet it belongs to
    sources: tuple[str, ...]  # store tables it is computed from
    label: str  # template: the indicator in plain Dutch
    short: str  # template: its column header on a detail sheet
    definition: str  # template: how it is computed (sheet Definities)
    promise: str | None = None  # template: the service promise in words (column Norm)
    norm: DefaultNorm | None = None
    summary: bool = True  # its total is a row of the Samenvatting


@dataclass(frozen=True)
class Parameters:
    """The configured values the texts name. Their defaults are declared here only: core/settings.py's
    fields default to `DEFAULTS`."""

    answer_norm_s: int = 30  # T
    short_abandon_s: int = 5  # S
    callback_norm_werkdagen: int = 2
    wait_norm_minutes: int = 10
    evening_from: time = time(17, 0)

    def fields(self) -> dict[str, str]:
        return {
            "T": str(self.answer_norm_s),
            "S": str(self.short_abandon_s),
            "callback_norm_werkdagen": str(self.callback_norm_werkdagen),
            "wait_minutes": str(self.wait_norm_minutes),
            "evening_from": f"{self.evening_from:%H:%M}",
        }


DEFAULTS = Parameters()


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
        PHONE_DOMAIN,
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
        PHONE_DOMAIN,
        TEL,
        "Beantwoorde telefoongesprekken",
        "Beantwoord",
        f"{FIRST_LINE} met uitkomst Beantwoord.",
    ),
    Kpi(
        "tel_servicelevel_pct",
        "percentage",
        "%",
        PHONE_DOMAIN,
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
        PHONE_DOMAIN,
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
        PHONE_DOMAIN,
        TEL,
        "Gemiddelde wachttijd tot opnemen",
        "Gem. wachttijd (s)",
        "Gemiddelde wachttijd van beantwoorde gesprekken (teller: som van de wachttijden, noemer: aantal).",
    ),
    Kpi(
        "tel_gesprekstijd_gem_s",
        "gemiddelde",
        "seconden",
        PHONE_DOMAIN,
        TEL,
        "Gemiddelde gespreksduur",
        "Gem. gespreksduur (s)",
        "Gemiddelde gespreksduur van beantwoorde gesprekken (teller: som van de gespreksduur, noemer: aantal).",
    ),
    Kpi(
        "tel_eerstelijn_pct",
        "percentage",
        "%",
        PHONE_DOMAIN,
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
        PHONE_DOMAIN,
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
        PHONE_DOMAIN,
        TEL,
        "Gesprekken buiten openingstijd",
        "Buiten openingstijd",
        f"{FIRST_LINE} met uitkomst Closed (buiten openingstijd).",
    ),
    Kpi(
        "zaak_ontvangen",
        "aantal",
        "zaken",
        CASES_DOMAIN,
        ZAAK,
        "Ontvangen zaken",
        "Ontvangen",
        "Zaken met registratiedatum in de periode.",
    ),
    Kpi(
        "zaak_afgehandeld",
        "aantal",
        "zaken",
        CASES_DOMAIN,
        ZAAK,
        "Afgehandelde zaken",
        "Afgehandeld",
        "Zaken met einddatum in de periode.",
    ),
    Kpi(
        "zaak_binnen_termijn_pct",
        "percentage",
        "%",
        CASES_DOMAIN,
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
        CASES_DOMAIN,
        ZAAK,
        "Mediane doorlooptijd van afgehandelde zaken",
        "Mediane doorlooptijd (dagen)",
        "Mediaan van einddatum - startdatum in kalenderdagen, zaken afgehandeld in de periode (noemer: aantal zaken).",
    ),
    Kpi(
        "zaak_open_over_termijn",
        "aantal",
        "zaken",
        CASES_DOMAIN,
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
        CASES_DOMAIN,
        ZAAK,
        "Terugbelverzoeken binnen {callback_norm_werkdagen} werkdagen afgehandeld",
        "Contactverzoek binnen norm %",
        "Zaken van de zaaktypen die als contactverzoek zijn ingesteld, afgehandeld in de periode: afgehandeld "
        "binnen {callback_norm_werkdagen} werkdagen na de registratiedatum.",
        promise="Teruggebeld binnen {callback_norm_werkdagen} werkdagen",
        norm=DefaultNorm(80, ">="),
    ),
    Kpi(
        "afs_gepland",
        "aantal",
        "afspraken",
        DESK_DOMAIN,
        AFS,
        "Afspraken aan de balie",
        "Geboekt",
        "Afspraken in de periode die niet geannuleerd zijn.",
    ),
    Kpi(
        "afs_noshow_pct",
        "percentage",
        "%",
        DESK_DOMAIN,
        AFS,
        "Niet verschenen op de afspraak",
        "Niet verschenen %",
        "Niet verschenen / (Verschenen + Niet verschenen).",
    ),
    Kpi(
        "afs_wachttijd_binnen_norm_pct",
        "percentage",
        "%",
        DESK_DOMAIN,
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
        DESK_DOMAIN,
        AFS,
        "Mediane boekingstermijn",
        "Mediane boekingstermijn (dagen)",
        "Van de geboekte afspraken: mediaan van het aantal kalenderdagen van boekingsdatum tot afspraakdatum.",
    ),
    Kpi(
        "afs_online_geboekt_pct",
        "percentage",
        "%",
        DESK_DOMAIN,
        AFS,
        "Afspraken online geboekt",
        "Online geboekt %",
        "Van de geboekte afspraken: geboekt via Internet.",
    ),
    Kpi(
        "afs_avond_pct",
        "percentage",
        "%",
        DESK_DOMAIN,
        AFS,
        "Afspraken in de avond",
        "Avond %",
        "Van de geboekte afspraken: begintijd om of na {evening_from}.",
    ),
    Kpi(
        "kanaal_contacten",
        "aantal",
        "contacten",
        CHANNELS_DOMAIN,
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
        CHANNELS_DOMAIN,
        ALL_CONTACTS,
        "Digitaal aandeel van de contacten",
        "Digitaal aandeel %",
        "(e-mail + webformulier + sociale media) / totaal aantal contacten.",
    ),
    Kpi(
        "tevr_reacties",
        "aantal",
        "reacties",
        SATISFACTION_DOMAIN,
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
        SATISFACTION_DOMAIN,
        TEVR,
        "Contacten met het KCC positief ervaren",
        "KCC positief %",
        f"Smiley-reacties over team KCC: {GOOD_SCORES['smiley']} smileys / alle Smiley-reacties over team KCC. "
        f"{KIF_VALID}",
        promise="Inwoners ervaren hun contact met het KCC als positief",
        norm=DefaultNorm(90, ">="),
    ),
    Kpi(
        "tevr_website_positief_pct",
        "percentage",
        "%",
        SATISFACTION_DOMAIN,
        TEVR,
        "Feedback op de website positief",
        "Website positief %",
        f"Smiley-reacties op de website: {GOOD_SCORES['smiley']} smileys / alle Smiley-reacties op de website. "
        f"{KIF_VALID}",
        promise="De feedback op de website is positief",
        norm=DefaultNorm(80, ">="),
    ),
    Kpi(
        "tevr_digitaal_voldoende_pct",
        "percentage",
        "%",
        SATISFACTION_DOMAIN,
        TEVR,
        "Digitale dienstverlening met een voldoende beoordeeld",
        "Digitaal voldoende %",
        "Rapportcijfers op een digitaal kanaal (website, e-mail, webformulier): "
        f"{GOOD_SCORES['rapportcijfer']} / alle rapportcijfers "
        f"op die kanalen. {KIF_VALID}",
        promise="Inwoners en ondernemers geven de (digitale) dienstverlening een voldoende",
        norm=DefaultNorm(90, ">="),
    ),
    Kpi(
        "tevr_cijfer_gem",
        "gemiddelde",
        "rapportcijfer",
        SATISFACTION_DOMAIN,
        TEVR,
        "Gemiddeld rapportcijfer",
        "Gem. rapportcijfer",
        "Gemiddelde van de rapportcijfers (1-10; teller: som van de cijfers, noemer: aantal), per kanaal en voor "
        f"alle kanalen samen (in kpis.csv: groep kanaal=telefoon enzovoort, leeg voor alle kanalen). {KIF_VALID}",
    ),
)

BY_CODE: dict[str, Kpi] = {k.code: k for k in KPIS}
ORDER: dict[str, int] = {k.code: i for i, k in enumerate(KPIS)}
DOMAINS: tuple[Domain, ...] = tuple(dict.fromkeys(k.domain for k in KPIS))  # in the catalogue's order
TELEPHONY_CODES: tuple[str, ...] = tuple(k.code for k in KPIS if k.domain == PHONE_DOMAIN)
DIRECTION_WORDS = {">=": "minimaal", "<=": "maximaal"}


def codes_of(domain: str) -> list[str]:  # str: the dashboard passes domains it iterates over
    return [k.code for k in KPIS if k.domain == domain]


def default_norms() -> dict[str, DefaultNorm]:
    return {k.code: k.norm for k in KPIS if k.norm is not None}


def default_target(code: str) -> float:
    """The catalogue's default norm target of `code` (a KeyError for a KPI without a norm)."""
    return default_norms()[code].target


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


# The programme's ambitions and register targets (Losser's) live in core/ambitions.py; the dashboard
# (reports/dashboard/content.py) still imports these two from here.
from core.ambitions import AMBITIONS, PROGRAMME  # noqa: E402, F401
