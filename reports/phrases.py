"""Dutch phrases several sheets share: where the figures come from, what an empty cell means, how a
verdict and a small number read. One place, so every sheet says it the same way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from core.catalogue import DIRECTION_WORDS, DOMAINS, SMALL_NUMBER
from core.registry import SOURCES
from reports import theme

SOURCE_MONITOR = "Dienstverleningsmonitor, uit de exports van de bronsystemen (zie blad Verantwoording)"
# Where each source's figures come from, and the headings of the domains the sources feed: declared in the
# registry (Source.attribution, Source.heading); a domain no one source feeds (Kanalen) is headed by its name.
ATTRIBUTIONS = {s.name: s.attribution or s.title for s in SOURCES}
SOURCE_KCC, SOURCE_CORSA, SOURCE_JCC = ATTRIBUTIONS["kcc"], ATTRIBUTIONS["corsa"], ATTRIBUTIONS["jcc"]
SOURCE_NAMES = {s.table: s.title for s in SOURCES}  # store table -> its data in the report (the registry)
DOMAIN_HEADINGS: dict[str, str] = {
    domain: next((s.heading for s in SOURCES if domain in s.domains and s.heading), domain) for domain in DOMAINS
}
# A contact channel as every sheet and the dashboard name it (the KPI frame's `kanaal=` groups, a response's
# kanaal), in the order they are shown: the six of the channel picture, then the website of Klant in Focus.
CHANNEL_NAMES = {
    "telefoon": "Telefoon",
    "balie": "Balie",
    "email": "E-mail",
    "webformulier": "Webformulier",
    "post": "Post",
    "sociale_media": "Sociale media",
    "website": "Website",
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


MOST_DECIMALS = 4  # kpis.csv's precision: a figure is never shown more precisely than that


def _shown(value: float, decimals: int) -> float:
    """`value` as a cell shows it with `decimals` decimals (Excel and LibreOffice round half away from 0)."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def agreeing_decimals(value: float, norm: float | None, direction: str | None, decimals: int = 1) -> int:
    """The decimals a figure with a verdict is shown with: its usual `decimals`, or as many more as it
    takes for the shown number to lie on the same side of the norm as the figure itself (the verdict
    judges the exact figure): 5.049 % against "maximaal 5 %" shows 5,05 % beside "nee", not 5,0 %;
    79.97 against "minimaal 80" shows 79,97, not 80,0. At most MOST_DECIMALS."""
    if norm is None or direction not in (">=", "<="):
        return decimals

    def met(x: float) -> bool:
        return x >= norm if direction == ">=" else x <= norm

    for shown in range(decimals, MOST_DECIMALS + 1):
        if met(_shown(value, shown)) == met(value):
            return shown
    return MOST_DECIMALS


def verdict_format_key(key: str, cell: dict | None, direction: str | None) -> str:
    """The format key of a figure shown beside its verdict (a KPI row with waarde, norm, oordeel):
    with the decimals it takes to agree with that verdict; other figures keep `key`."""
    if cell is None or cell["waarde"] is None or cell["oordeel"] not in theme.VERDICT_COLOURS:
        return key
    base_decimals = theme.key_parts(key)[1]
    decimals = agreeing_decimals(cell["waarde"], cell["norm"], direction, 1 if base_decimals is None else base_decimals)
    return theme.with_decimals(key, decimals)


VERDICT_PRECISION = (
    "Het oordeel over de norm (Gehaald) vergelijkt de exacte realisatie met de streefwaarde, niet het "
    "afgeronde getal. Een realisatie die afgerond op de streefwaarde zou uitkomen, staat naast haar oordeel "
    "met zoveel decimalen als nodig om dat te zien: 5,05 % bij 'maximaal 5 %' is niet gehaald, 79,97 % bij "
    "'minimaal 80 %' evenmin."
)
