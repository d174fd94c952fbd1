"""Small synthetic exports and configuration files for tenants: per gemeente its own calls (on its
own queues), cases and appointments in July 2026, drawn from a seeded generator, with a few bad rows.
Every id carries the gemeente's prefix, so a leak from one gemeente into another is visible."""

from __future__ import annotations

import random
from calendar import monthrange
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


def write_exports(
    folder: Path,
    gemeenten: dict[str, str],
    seed: int,
    stamp: str = "20260801",
    months: tuple[int, ...] = (7,),
    calls: tuple[int, int] = (30, 50),
    cases: tuple[int, int] = (10, 20),
    appointments: tuple[int, int] = (10, 20),
) -> list[Path]:
    """One KCC, one Corsa and one JCC export in `folder` covering `gemeenten` (name -> id prefix):
    per gemeente between the bounds of calls, cases and appointments on days of `months` of 2026,
    and one call with a negative wait (quarantined). The defaults: a small July."""
    rng = random.Random(seed)
    call_rows, case_rows, appointment_rows = [], [], []
    for gemeente, prefix in gemeenten.items():
        for i in range(rng.randint(*calls)):
            month = rng.choice(months)
            day, hour, minute = rng.randint(1, monthrange(2026, month)[1]), rng.randint(7, 15), rng.randint(0, 59)
            call_rows.append(
                h.kcc_row(
                    f"{prefix}-C{i:03d}",
                    StartTimeUTC=f"2026-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00Z",
                    Queue=f"{prefix}-{rng.choice(['KCC', 'KCC', 'PVH'])}",
                    WaitSeconds=str(rng.randint(0, 150)),
                    TalkSeconds=str(rng.randint(30, 600)),
                    Outcome=rng.choice(["Answered"] * 5 + ["Abandoned"]),
                )
            )
        call_rows.append(h.kcc_row(f"{prefix}-CNEG", Queue=f"{prefix}-KCC", WaitSeconds="-3"))  # quarantined
        for i in range(rng.randint(*cases)):
            month = rng.choice(months)
            start = rng.randint(1, 20)
            done = rng.random() < 0.7
            end = min(start + rng.randint(2, 30), monthrange(2026, month)[1])
            case_rows.append(
                h.corsa_row(
                    f"Z-{prefix}-{i:03d}",
                    Gemeente=gemeente,
                    Registratiedatum=f"{start:02d}-{month:02d}-2026",
                    Startdatum=f"{start:02d}-{month:02d}-2026",
                    **{"Fatale datum": f"{start + 8:02d}-{month + 1:02d}-2026"},
                    Einddatum=f"{end:02d}-{month:02d}-2026" if done else "",
                    Status="Afgehandeld" if done else "In behandeling",
                    Resultaat="Verleend" if done else "",
                )
            )
        for i in range(rng.randint(*appointments)):
            month = rng.choice(months)
            day = rng.randint(1, monthrange(2026, month)[1])
            appointment_rows.append(
                h.jcc_row(
                    f"A-{prefix}-{i:03d}",
                    Gemeente=gemeente,
                    Locatie=f"Gemeentehuis {gemeente}",
                    Datum=f"{day:02d}-{month:02d}-2026",
                    **{"Geboekt op": f"20-{month - 1:02d}-2026 10:00"},
                )
            )
    folder.mkdir(parents=True, exist_ok=True)
    return [
        h.kcc_file(folder, stamp, call_rows),
        h.corsa_file(folder, stamp, case_rows),
        h.jcc_csv(folder, stamp, appointment_rows),
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
