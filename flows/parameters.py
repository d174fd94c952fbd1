"""The flows' parameters as the Prefect UI's form shows them: a Dutch title and description each
(the form of a deployment run, "Custom run"). One place, so report, nightly, prognose and the annual
appendix ask the same question the same way. A period is checked by the flow itself (core.periods):
a bad one is refused in the run's state with one Dutch line, never with a regular expression."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field
from pydantic.fields import FieldInfo

from core.periods import FIRST_YEAR, LAST_YEAR


def _asked(title: str, description: str, **constraints) -> FieldInfo:
    """A parameter's field: Prefect titles a form field with the parameter's name and sets its own
    description, so the Dutch ones also go in json_schema_extra, which the schema takes last."""
    return Field(
        title=title,
        description=description,
        json_schema_extra={"title": title, "description": description},
        **constraints,
    )


Periode = Annotated[
    str,
    _asked(
        title="Periode",
        description="Een maand (2026-07), een kwartaal (2026-Q3), een jaar (2026) of een reeks van datums "
        "(2023-01-01..2024-12-31, bijvoorbeeld een fase van het programma).",
        examples=["2026-Q3"],
    ),
]
Gemeenten = Annotated[
    list[str] | None,
    _asked(
        title="Gemeente(n)",
        description="Alleen deze gemeenten (hoofdletters maken niet uit). Leeg: elke ingestelde gemeente met "
        "gegevens in de periode.",
    ),
]
Mailen = Annotated[
    bool,
    _asked(
        title="Per e-mail versturen",
        description="De werkmap, de PDF en kpis.csv mailen aan de ingestelde ontvangers ([delivery] recipients).",
    ),
]
Opslagversie = Annotated[
    int | None,
    _asked(
        title="Opslagversie",
        description="Een eerder geleverd rapport opnieuw maken uit deze versie van de opslag (het blad "
        "Verantwoording noemt haar). Leeg: de nieuwste versie.",
        ge=0,
    ),
]
Configuratie = Annotated[
    str | None,
    _asked(
        title="Configuratiebestand",
        description="Het TOML-bestand met de instellingen. Leeg: DVM_CONFIG of de ingebouwde waarden; in een "
        "deployment ingevuld door dvm serve.",
    ),
]
Werkmap = Annotated[
    str | None,
    _asked(
        title="Werkmap",
        description="De map met inbox, opslag, quarantaine en rapporten. Leeg: DVM_HOME of ./dvm-home; in een "
        "deployment ingevuld door dvm serve.",
    ),
]
Vandaag = Annotated[
    date | None,
    _asked(
        title="Vandaag",
        description="De nachtrun alsof het deze dag is (welk kwartaal ververst wordt). Leeg: vandaag.",
    ),
]
Weken = Annotated[
    int | None,
    _asked(
        title="Aantal weken vooruit",
        description="Hoeveel weken de prognose vooruit kijkt (1 tot en met 52). Leeg: [prognosis] weeks, standaard 13.",
        ge=1,
        le=52,
    ),
]
Jaar = Annotated[
    int | None,
    _asked(
        title="Jaar", description="Het jaar van de jaarbijlage. Leeg: het vorige jaar.", ge=FIRST_YEAR + 1, le=LAST_YEAR
    ),
]
