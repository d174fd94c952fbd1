"""Cron expressions as the schedule settings accept them: five fields, in Dutch errors.

Only the values each field can take are computed (for checks such as "not between 02:00 and
03:00"); Prefect does the scheduling itself.
"""

from __future__ import annotations

from core.wording import shown

CRON_FIELDS = (  # name, lowest, highest, names for the values
    ("minuut", 0, 59, ()),
    ("uur", 0, 23, ()),
    ("dag", 1, 31, ()),
    ("maand", 1, 12, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    ("weekdag", 0, 7, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),
)


def cron_values(cron: str) -> list[set[int]]:
    """The values each of the five fields of a cron expression can take (numbers, names,
    lists, ranges, steps, *); a ValueError in Dutch for anything else."""
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"'{shown(cron)}' is geen cron-uitdrukking met vijf velden (minuut uur dag maand weekdag)")
    out = []
    for text, (name, lo, hi, names) in zip(fields, CRON_FIELDS, strict=True):
        offset = 1 if name == "maand" else 0

        def number(part: str, name=name, lo=lo, hi=hi, names=names, offset=offset) -> int:
            if part.lower() in names:
                return names.index(part.lower()) + offset
            if not part.isdigit() or not lo <= int(part) <= hi:
                raise ValueError(f"{name} '{shown(part)}' in '{shown(cron)}' is ongeldig; verwacht {lo} t/m {hi}")
            return int(part)

        values: set[int] = set()
        for part in text.split(","):
            spec, slash, step = part.partition("/")
            if slash and (not step.isdigit() or int(step) == 0):
                raise ValueError(f"stap '{shown(step)}' in '{shown(cron)}' is ongeldig; verwacht een getal vanaf 1")
            if spec == "*":
                first, last = lo, hi
            elif "-" in spec:
                first, last = (number(x) for x in spec.split("-", 1))
                if last < first:
                    raise ValueError(f"{name}bereik '{shown(spec)}' in '{shown(cron)}' loopt achteruit")
            else:
                first = number(spec)
                last = hi if slash else first  # "5/6" = from 5, every 6
            values.update(range(first, last + 1, int(step) if slash else 1))
        out.append(values)
    return out
