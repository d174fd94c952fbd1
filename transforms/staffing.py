"""Staffing advice for the phone with Erlang C (DOMAIN.md, "Predicting pressure").

Per interval: A = calls * AHT / interval length (Erlangs); the fewest agents N whose
service level P(wait <= T) = 1 - C(N, A) * exp(-(N - A) * T / AHT) reaches the target
and whose occupancy A / N stays at or below the maximum; then ceil(N / (1 - shrinkage))
to roster.

C(N, A), the Erlang C probability of waiting, is computed from the Erlang B recursion
B(0) = 1, B(k) = A * B(k-1) / (k + A * B(k-1)) and C = N * B / (N - A * (1 - B)): no
factorials or powers, so it stays exact to rounding for hundreds of agents and Erlangs.
An interval without calls needs no agents. With N <= A the queue grows without bound:
C = 1, service level 0 and an infinite mean wait.

Plain numbers in and out (`erlangs`, `wait_probability`, ...), plus one polars function
(`with_staffing`) that adds the advice to a frame of forecast intervals.
"""

from __future__ import annotations

import math

import polars as pl

# Comparisons of computed probabilities and ratios against a configured bound allow this
# much rounding, so that 10 / 14 agents meets "occupancy <= 10/14" and 14 / 0.7 rosters 20.
_EPS = 1e-9
_MAX_AGENTS = 100_000  # beyond any municipal or bank call centre: a sign of bad input


def erlangs(calls: float, aht_s: float, interval_s: float) -> float:
    """Offered load A in Erlangs: calls * AHT / interval length."""
    if calls < 0 or aht_s < 0 or interval_s <= 0:
        raise ValueError(
            f"Erlang: verwacht gesprekken >= 0, AHT >= 0 en interval > 0; gevonden {calls}, {aht_s} s, {interval_s} s"
        )
    return calls * aht_s / interval_s


def erlang_b(agents: int, load: float) -> float:
    """Erlang B blocking probability B(N, A), by the recursion over 1..N."""
    b = 1.0
    for k in range(1, agents + 1):
        b = load * b / (k + load * b)
    return b


def wait_probability(agents: int, load: float) -> float:
    """Erlang C: the probability C(N, A) that a call has to wait (1 when N <= A)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0
    b = erlang_b(agents, load)
    return agents * b / (agents - load * (1.0 - b))


def service_level(agents: int, load: float, aht_s: float, target_s: float) -> float:
    """P(wait <= T) = 1 - C(N, A) * exp(-(N - A) * T / AHT); 0 when N <= A."""
    if load <= 0:
        return 1.0
    if agents <= load:
        return 0.0
    return 1.0 - wait_probability(agents, load) * math.exp(-(agents - load) * target_s / aht_s)


def mean_wait_s(agents: int, load: float, aht_s: float) -> float:
    """Mean wait of all calls (ASA): C(N, A) * AHT / (N - A); infinite when N <= A."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return math.inf
    return wait_probability(agents, load) * aht_s / (agents - load)


def occupancy(agents: int, load: float) -> float:
    """Agent occupancy A / N (0 for an interval without load)."""
    if load <= 0:
        return 0.0
    if agents <= 0:
        return math.inf
    return load / agents


def agents_needed(load: float, aht_s: float, target_s: float, target_level: float, max_occupancy: float) -> int:
    """The fewest agents N with service level >= target and occupancy <= max_occupancy."""
    if not 0 < target_level < 1 or not 0 < max_occupancy <= 1 or target_s < 0 or aht_s <= 0:
        raise ValueError(
            f"Erlang C: verwacht 0 < servicelevel < 1, 0 < max. bezetting <= 1, T >= 0 en "
            f"AHT > 0; gevonden {target_level}, {max_occupancy}, {target_s} s, {aht_s} s"
        )
    if load <= 0:
        return 0
    n = max(math.floor(load) + 1, math.ceil(load / max_occupancy - _EPS))
    while service_level(n, load, aht_s, target_s) < target_level - _EPS:
        n += 1
        if n > _MAX_AGENTS:
            raise ValueError(f"Erlang C: meer dan {_MAX_AGENTS} agenten nodig voor {load:.1f} Erlang")
    return n


def agents_to_roster(agents: int, shrinkage: float) -> int:
    """ceil(N / (1 - shrinkage)): agents to roster so that N are on the phone."""
    if not 0 <= shrinkage < 1:
        raise ValueError(f"uitval (shrinkage) moet tussen 0 en 1 liggen, gevonden {shrinkage}")
    return math.ceil(agents / (1.0 - shrinkage) - _EPS)


STAFFING_SCHEMA = pl.Schema(
    {
        "erlang": pl.Float64,
        "agenten": pl.Int64,
        "te_roosteren": pl.Int64,
        "servicelevel": pl.Float64,
        "kans_wachten": pl.Float64,
        "bezetting": pl.Float64,
        "wachttijd_gem_s": pl.Float64,
    }
)


def staffing_row(
    calls: float,
    aht_s: float,
    interval_s: float,
    *,
    target_s: float,
    target_level: float,
    max_occupancy: float,
    shrinkage: float,
) -> dict[str, float | int | None]:
    """The advice for one interval, as the columns of `STAFFING_SCHEMA`."""
    load = erlangs(calls, aht_s, interval_s)
    n = agents_needed(load, aht_s, target_s, target_level, max_occupancy)
    return {
        "erlang": load,
        "agenten": n,
        "te_roosteren": agents_to_roster(n, shrinkage),
        "servicelevel": service_level(n, load, aht_s, target_s) if load > 0 else None,
        "kans_wachten": wait_probability(n, load) if load > 0 else None,
        "bezetting": occupancy(n, load) if load > 0 else None,
        "wachttijd_gem_s": mean_wait_s(n, load, aht_s) if load > 0 else None,
    }


def with_staffing(
    intervals: pl.DataFrame,
    *,
    target_s: float,
    target_level: float,
    max_occupancy: float,
    shrinkage: float,
    calls: str = "prognose",
    aht: str = "aht_s",
    interval: str = "interval_s",
) -> pl.DataFrame:
    """`intervals` with the columns of `STAFFING_SCHEMA` added, row by row.

    `calls` names the expected calls per interval (e.g. the point forecast or its upper
    bound), `aht` the mean handling time (talk + wrap-up) in seconds and `interval` the
    interval length in seconds. Each distinct (calls, AHT, interval) is computed once: a
    13-week hourly horizon has about 2,200 rows. Null inputs give null advice."""
    missing = [c for c in (calls, aht, interval) if c not in intervals.columns]
    if missing:
        raise ValueError(f"bezetting: kolommen {missing} ontbreken; gevonden {intervals.columns}")
    clash = [c for c in STAFFING_SCHEMA if c in intervals.columns]
    if clash:
        raise ValueError(f"bezetting: kolommen {clash} bestaan al in de invoer")
    keys = intervals.select(
        pl.col(calls).cast(pl.Float64).alias("__calls"),
        pl.col(aht).cast(pl.Float64).alias("__aht"),
        pl.col(interval).cast(pl.Float64).alias("__interval"),
    )
    distinct = keys.unique().drop_nulls()
    rows = [
        staffing_row(
            c, a, i, target_s=target_s, target_level=target_level, max_occupancy=max_occupancy, shrinkage=shrinkage
        )
        for c, a, i in distinct.iter_rows()
    ]
    advice = pl.concat([distinct, pl.DataFrame(rows, schema=STAFFING_SCHEMA)], how="horizontal")
    joined = keys.join(
        advice, on=["__calls", "__aht", "__interval"], how="left", maintain_order="left", nulls_equal=False
    )
    return pl.concat([intervals, joined.select(list(STAFFING_SCHEMA))], how="horizontal")
