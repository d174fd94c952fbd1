"""The KPI catalogue of DOMAIN.md: codes, Dutch labels and definitions.

This is content (what the controller reads in `Definities`); the numbers are
computed in `transforms/`, the norms are configuration (`dvm.settings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["aantal", "percentage", "gemiddelde", "mediaan"]


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str  # Dutch, for the workbook
    kind: Kind
    unit: str  # Dutch unit shown beside the figure
    definition: str  # Dutch, from the catalogue
    domain: str  # "Telefonie", "Zaken", "Afspraken", "Kanalen"


T_NOTE = "T = antwoordnorm in seconden (standaard 30), S = drempel korte verlating (standaard 5 s)."

KPIS: tuple[Kpi, ...] = (
    Kpi("tel_aangeboden", "Aangeboden gesprekken", "aantal", "gesprekken",
        "Gesprekken op eerstelijns wachtrijen met uitkomst Beantwoord, Terugbelverzoek of Voicemail, "
        "plus Opgehangen met wachttijd >= S. Gesprekken buiten openingstijd (Closed) en in het "
        "keuzemenu (IVR) tellen nooit als aangeboden.", "Telefonie"),
    Kpi("tel_beantwoord", "Beantwoorde gesprekken", "aantal", "gesprekken",
        "Gesprekken op eerstelijns wachtrijen met uitkomst Beantwoord.", "Telefonie"),
    Kpi("tel_servicelevel_pct", "Servicelevel (binnen T seconden opgenomen)", "percentage", "%",
        "Beantwoord met wachttijd <= T / (Beantwoord + Opgehangen met wachttijd >= S). " + T_NOTE,
        "Telefonie"),
    Kpi("tel_verloren_pct", "Verloren gesprekken", "percentage", "%",
        "Opgehangen met wachttijd >= S / (Beantwoord + Opgehangen met wachttijd >= S). " + T_NOTE,
        "Telefonie"),
    Kpi("tel_wachttijd_gem_s", "Gemiddelde wachttijd (ASA)", "gemiddelde", "seconden",
        "Gemiddelde wachttijd van beantwoorde gesprekken (teller: som wachttijd, noemer: aantal).",
        "Telefonie"),
    Kpi("tel_gesprekstijd_gem_s", "Gemiddelde gespreksduur", "gemiddelde", "seconden",
        "Gemiddelde gespreksduur van beantwoorde gesprekken (teller: som gespreksduur, noemer: aantal).",
        "Telefonie"),
    Kpi("tel_eerstelijn_pct", "Afgehandeld in de eerste lijn", "percentage", "%",
        "Beantwoorde gesprekken zonder doorverbinding / beantwoorde gesprekken.", "Telefonie"),
    Kpi("tel_tweedelijn_bereikbaar_pct", "Bereikbaarheid tweede lijn", "percentage", "%",
        "Per team van de tweede lijn (groep team=<team>): beantwoord / aangeboden op de "
        "tweedelijns wachtrijen van dat team.", "Telefonie"),
    Kpi("tel_buiten_openingstijd", "Gesprekken buiten openingstijd", "aantal", "gesprekken",
        "Gesprekken op eerstelijns wachtrijen met uitkomst Closed (buiten openingstijd).", "Telefonie"),
    Kpi("zaak_ontvangen", "Ontvangen zaken", "aantal", "zaken",
        "Zaken met registratiedatum in de periode.", "Zaken"),
    Kpi("zaak_afgehandeld", "Afgehandelde zaken", "aantal", "zaken",
        "Zaken met einddatum in de periode.", "Zaken"),
    Kpi("zaak_binnen_termijn_pct", "Zaken binnen termijn afgehandeld", "percentage", "%",
        "Van de in de periode afgehandelde zaken met een bekende termijn: einddatum <= uiterste datum. "
        "Uiterste datum = fatale datum, anders streefdatum, anders startdatum + termijn van het "
        "zaaktype; steeds verschoven met de opgeschorte kalenderdagen. Afgehandeld op de uiterste "
        "datum is op tijd.", "Zaken"),
    Kpi("zaak_doorlooptijd_mediaan_d", "Mediane doorlooptijd", "mediaan", "kalenderdagen",
        "Mediaan van einddatum - startdatum in kalenderdagen, zaken afgehandeld in de periode "
        "(noemer: aantal zaken).", "Zaken"),
    Kpi("zaak_open_over_termijn", "Openstaande zaken over de termijn", "aantal", "zaken",
        "Zaken die open zijn op de laatste dag D van de periode (registratiedatum <= D, geen "
        "einddatum <= D) en waarvan de uiterste datum voor D ligt.", "Zaken"),
    Kpi("zaak_contactverzoek_binnen_norm_pct", "Contactverzoeken binnen norm", "percentage", "%",
        "Zaken van de zaaktypen die als contactverzoek zijn ingesteld, afgehandeld in de periode "
        "binnen de terugbelnorm (werkdagen na registratiedatum).", "Zaken"),
    Kpi("afs_gepland", "Geboekte afspraken", "aantal", "afspraken",
        "Afspraken in de periode die niet geannuleerd zijn.", "Afspraken"),
    Kpi("afs_noshow_pct", "Niet verschenen (no-show)", "percentage", "%",
        "Niet verschenen / (Verschenen + Niet verschenen).", "Afspraken"),
    Kpi("afs_wachttijd_binnen_norm_pct", "Binnen 10 minuten geholpen", "percentage", "%",
        "Van de verschenen klanten met aanmeld- en oproeptijd: opgeroepen <= 10 minuten na "
        "max(aanmeldtijd, begintijd afspraak).", "Afspraken"),
    Kpi("afs_boekingstermijn_mediaan_d", "Mediane boekingstermijn", "mediaan", "kalenderdagen",
        "Van de geboekte afspraken: mediaan van het aantal kalenderdagen van boekingsdatum tot "
        "afspraakdatum.", "Afspraken"),
    Kpi("afs_online_geboekt_pct", "Online geboekt", "percentage", "%",
        "Van de geboekte afspraken: geboekt via Internet.", "Afspraken"),
    Kpi("afs_avond_pct", "Afspraken in de avond", "percentage", "%",
        "Van de geboekte afspraken: begintijd om of na 17:00.", "Afspraken"),
    Kpi("kanaal_contacten", "Contacten per kanaal", "aantal", "contacten",
        "Telefoon = aangeboden gesprekken; balie = verschenen afspraken; e-mail, webformulier, post "
        "en sociale media = zaken geregistreerd in de periode met dat ontvangstkanaal. Elk contact "
        "telt één keer; groep leeg = totaal van de zes kanalen.", "Kanalen"),
    Kpi("kanaal_digitaal_pct", "Digitaal aandeel", "percentage", "%",
        "(e-mail + webformulier + sociale media) / totaal aantal contacten.", "Kanalen"),
)

BY_CODE: dict[str, Kpi] = {k.code: k for k in KPIS}
TELEPHONY_CODES: tuple[str, ...] = tuple(k.code for k in KPIS if k.domain == "Telefonie")
