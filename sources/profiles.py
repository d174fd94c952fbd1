"""Profiles: how one municipality's export layout maps onto canonical fields.

The defaults are the layouts of `contracts/SOURCES.md`; a municipality with
another layout overrides them in its TOML configuration, not in code.
"""

from __future__ import annotations

from pydantic import BaseModel, model_validator

# Canonical outcome values of a call.
OUTCOMES = ("beantwoord", "opgehangen", "terugbelverzoek", "voicemail", "gesloten", "ivr")


class KccProfile(BaseModel):
    separator: str = ","
    # export header -> canonical field
    columns: dict[str, str] = {
        "CallId": "call_id",
        "StartTimeUTC": "gestart_op",
        "Queue": "wachtrij",
        "WaitSeconds": "wacht_s",
        "TalkSeconds": "gesprek_s",
        "HoldSeconds": "wacht_in_gesprek_s",
        "WrapUpSeconds": "nawerk_s",
        "Outcome": "uitkomst",
        "TransferredTo": "doorverbonden_naar",
    }
    # export label -> canonical outcome
    outcomes: dict[str, str] = {
        "Answered": "beantwoord",
        "Abandoned": "opgehangen",
        "Callback": "terugbelverzoek",
        "Voicemail": "voicemail",
        "Closed": "gesloten",
        "IVR": "ivr",
    }
    # strptime format of the start time; must yield UTC
    time_format: str = "%Y-%m-%dT%H:%M:%SZ"

    @model_validator(mode="after")
    def _complete(self) -> "KccProfile":
        required = {"call_id", "gestart_op", "wachtrij", "wacht_s", "gesprek_s", "wacht_in_gesprek_s",
                    "nawerk_s", "uitkomst", "doorverbonden_naar"}
        if missing := required - set(self.columns.values()):
            raise ValueError(f"profiel kcc: geen kolom voor {sorted(missing)}")
        if bad := set(self.outcomes.values()) - set(OUTCOMES):
            raise ValueError(f"profiel kcc: onbekende uitkomst {sorted(bad)}; toegestaan {list(OUTCOMES)}")
        return self

    def column_for(self, canonical: str) -> str:
        return next(src for src, dst in self.columns.items() if dst == canonical)
