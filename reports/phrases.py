"""Dutch phrases several sheets share: where the figures come from, what an empty cell means, how a
verdict and a small number read. One place, so every sheet says it the same way."""

from __future__ import annotations

from core.catalogue import DIRECTION_WORDS, SMALL_NUMBER
from core.registry import SOURCES

SOURCE_MONITOR = "Dienstverleningsmonitor, uit de exports van de bronsystemen (zie blad Verantwoording)"
SOURCE_KCC = (
    "export gesprekken van het KCC-telefonieplatform (beheerd door gemeente Enschede), "
    "bewerkt door de Dienstverleningsmonitor"
)
SOURCE_CORSA = "export zaken uit het zaaksysteem Corsa, bewerkt door de Dienstverleningsmonitor"
SOURCE_JCC = "export afspraken uit JCC-Afspraken, bewerkt door de Dienstverleningsmonitor"
SOURCE_NAMES = {s.table: s.title for s in SOURCES}  # store table -> its data in the report (the registry)
DOMAIN_HEADINGS = {
    "Telefonie": "Telefonie (KCC)",
    "Zaken": "Zaken (Corsa)",
    "Afspraken": "Afspraken aan de balie (JCC)",
    "Kanalen": "Kanalen",
    "Tevredenheid": "Tevredenheid (Klant in Focus)",
}
EMPTY_MEANS = "Een lege cel betekent: geen gegevens of noemer 0; nooit 0."
PERCENT_UNITS = "percentages als getal van 0 tot 100"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def small_number_note(min_records: int = SMALL_NUMBER) -> str:
    return (
        f"* Klein aantal: minder dan {min_records} waarnemingen. Het getal staat er, maar zonder oordeel over de norm."
    )


def target_text(target: float | None, direction: str | None, unit: str) -> str | None:
    """ "minimaal 80 %", "maximaal 5 %"."""
    if target is None or direction not in DIRECTION_WORDS:
        return None
    return f"{DIRECTION_WORDS[direction]} {target:g} {unit}".replace(".", ",")


def month_heading(label: str) -> str:
    """'2026-07' -> 'jul 2026'."""
    year, month = label.split("-")[:2]
    return f"{MONTHS[int(month) - 1]} {year}"


def month_ticks(labels: list[str]) -> list[str]:
    """Month labels on a chart's axis: 'jul' when they lie in one year (the legend names it), else 'jul 25'."""
    years = {label[:4] for label in labels}
    return [MONTHS[int(label[5:7]) - 1] + ("" if len(years) == 1 else f" {label[2:4]}") for label in labels]


def dutch_number(value: float, decimals: int = 1) -> str:
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
