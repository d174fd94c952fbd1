"""Small synthetic exports and configuration files for tenants: per gemeente its own calls (on its
own queues), cases and appointments in July 2026, drawn from a seeded generator, with a few bad rows.
Every id carries the gemeente's prefix, so a leak from one gemeente into another is visible."""

from __future__ import annotations

import random
from pathlib import Path

from tests.sources import hostile as h

# tenant -> gemeente -> queue prefix; Losser and Enschede share Enschede's KCC export
TENANTS: dict[str, dict[str, str]] = {
    "kcc-enschede": {"Losser": "LOS", "Enschede": "ENS"},
    "oldenzaal": {"Oldenzaal": "OLD"},
    "dinkelland": {"Dinkelland": "DIN"},
    "tubbergen": {"Tubbergen": "TUB"},
}
TEAMS = {"KCC": 1, "PVH": 2}


def write_exports(folder: Path, gemeenten: dict[str, str], seed: int, stamp: str = "20260801") -> list[Path]:
    rng = random.Random(seed)
    calls, cases, appointments = [], [], []
    for gemeente, prefix in gemeenten.items():
        for i in range(rng.randint(30, 50)):
            day, hour, minute = rng.randint(1, 31), rng.randint(7, 15), rng.randint(0, 59)
            calls.append(
                h.kcc_row(
                    f"{prefix}-C{i:03d}",
                    StartTimeUTC=f"2026-07-{day:02d}T{hour:02d}:{minute:02d}:00Z",
                    Queue=f"{prefix}-{rng.choice(['KCC', 'KCC', 'PVH'])}",
                    WaitSeconds=str(rng.randint(0, 150)),
                    TalkSeconds=str(rng.randint(30, 600)),
                    Outcome=rng.choice(["Answered"] * 5 + ["Abandoned"]),
                )
            )
        calls.append(h.kcc_row(f"{prefix}-CNEG", Queue=f"{prefix}-KCC", WaitSeconds="-3"))  # quarantined
        for i in range(rng.randint(10, 20)):
            start = rng.randint(1, 20)
            done = rng.random() < 0.7
            cases.append(
                h.corsa_row(
                    f"Z-{prefix}-{i:03d}",
                    Gemeente=gemeente,
                    Registratiedatum=f"{start:02d}-07-2026",
                    Startdatum=f"{start:02d}-07-2026",
                    **{"Fatale datum": f"{start + 8:02d}-08-2026"},
                    Einddatum=f"{min(start + rng.randint(2, 30), 31):02d}-07-2026" if done else "",
                    Status="Afgehandeld" if done else "In behandeling",
                    Resultaat="Verleend" if done else "",
                )
            )
        for i in range(rng.randint(10, 20)):
            day = rng.randint(1, 31)
            appointments.append(
                h.jcc_row(
                    f"A-{prefix}-{i:03d}",
                    Gemeente=gemeente,
                    Locatie=f"Gemeentehuis {gemeente}",
                    Datum=f"{day:02d}-07-2026",
                    **{"Geboekt op": "20-06-2026 10:00"},
                )
            )
    folder.mkdir(parents=True, exist_ok=True)
    return [
        h.kcc_file(folder, stamp, calls),
        h.corsa_file(folder, stamp, cases),
        h.jcc_csv(folder, stamp, appointments),
    ]


def tenant_toml(home: Path, store: str | None, gemeenten: dict[str, str], extra: str = "") -> str:
    lines = [f'home = "{home}"']
    if store:
        lines.append(f'store = "{store}"')
    lines.append("gemeenten = [" + ", ".join(f'"{g}"' for g in gemeenten) + "]")
    for gemeente, prefix in gemeenten.items():
        for team, line in TEAMS.items():
            lines += [
                "[[queues]]",
                f'name = "{prefix}-{team}"',
                f'gemeente = "{gemeente}"',
                f"line = {line}",
                f'team = "{team}"',
            ]
    lines += ["[report]", "pdf = false"]
    return "\n".join(lines) + "\n" + extra
