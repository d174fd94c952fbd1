"""Erlang C staffing (transforms/staffing.py) against published values.

DOMAIN.md's check values, a published application note, textbook closed forms for one
and two agents, and the textbook factorial form of Erlang C as an independent second
computation of the recursion.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from transforms.staffing import (
    agents_needed,
    agents_to_roster,
    erlang_b,
    erlangs,
    mean_wait_s,
    occupancy,
    service_level,
    wait_probability,
    with_staffing,
)


def erlang_c_by_factorials(agents: int, load: float) -> float:
    """C(N, A) = (A^N / N! * N / (N - A)) / (sum_{k<N} A^k / k! + A^N / N! * N / (N - A)),
    in logarithms (lgamma) so it holds for large N: a computation independent of the
    Erlang B recursion in the module."""
    logs = [k * math.log(load) - math.lgamma(k + 1) for k in range(agents)]
    top = agents * math.log(load) - math.lgamma(agents + 1) + math.log(agents / (agents - load))
    peak = max([*logs, top])
    total = sum(math.exp(x - peak) for x in logs) + math.exp(top - peak)
    return math.exp(top - peak) / total


# --- DOMAIN.md: 100 calls per 30 min, AHT 180 s, 80 % within 20 s, max occupancy 85 %,
# shrinkage 30 %: A = 100 * 180 / 1800 = 10, N = 14, P(wait) 0.17413, service level
# 0.88835, occupancy 10/14 = 0.71429, mean wait 7.836 s, 14 / 0.7 = 20 to roster.


def test_domain_check_values_30_minutes():
    load = erlangs(100, 180, 1800)
    assert load == 10.0
    n = agents_needed(load, aht_s=180, target_s=20, target_level=0.8, max_occupancy=0.85)
    assert n == 14
    assert wait_probability(14, load) == pytest.approx(0.17413, abs=5e-6)
    assert service_level(14, load, 180, 20) == pytest.approx(0.88835, abs=5e-6)
    assert occupancy(14, load) == pytest.approx(0.71429, abs=5e-6)
    assert mean_wait_s(14, load, 180) == pytest.approx(7.836, abs=5e-4)
    assert agents_to_roster(14, 0.3) == 20  # 14 / 0.7 is 20.000000000000004 in floating point


def test_domain_check_values_13_agents_miss_the_target():
    # One agent fewer: the service level drops below 80 %, so 14 is the fewest.
    assert service_level(13, 10.0, 180, 20) < 0.8 < service_level(14, 10.0, 180, 20)


def test_domain_max_occupancy_70_binds():
    # 10 / 14 = 0.714 > 0.70, so the occupancy bound asks for 15 (10 / 15 = 0.667);
    # 15 / 0.7 = 21.43 -> 22 to roster.
    n = agents_needed(10.0, aht_s=180, target_s=20, target_level=0.8, max_occupancy=0.70)
    assert n == 15
    assert agents_to_roster(n, 0.3) == 22


def test_domain_check_values_hourly():
    # 100 calls per hour, AHT 300 s: A = 100 * 300 / 3600 = 8.333; 80 % within 30 s:
    # N = 12, service level 0.8780, mean wait 14.40 s.
    load = erlangs(100, 300, 3600)
    assert load == pytest.approx(8.3333333, abs=1e-6)
    n = agents_needed(load, aht_s=300, target_s=30, target_level=0.8, max_occupancy=0.85)
    assert n == 12
    assert service_level(12, load, 300, 30) == pytest.approx(0.8780, abs=5e-5)
    assert mean_wait_s(12, load, 300) == pytest.approx(14.40, abs=5e-3)


# --- Published: Footbridge "Call Calc" application note (Erlang C Call Calc, AL911,
# http://www.al911.org/qos_calc.htm): "2 call takers handling 60-second calls arriving at
# a rate of 30/hour shows that fewer than 8 percent of callers will wait more than 10
# seconds for answer ... If the calls actually take 60 seconds plus 20 seconds ... the QOS
# falls to 14 percent."
# By hand: A = 30 * 60 / 3600 = 0.5; B(1) = 0.5/1.5 = 1/3, B(2) = (0.5/3)/(2 + 0.5/3) =
# 1/13; C = 2/13 / (2 - 0.5 * 12/13) = 0.1; P(W > 10) = 0.1 * exp(-1.5 * 10/60) = 0.0779.
# With 80 s: A = 2/3, C = 1/6, P(W > 10) = exp(-(4/3) * 10/80) / 6 = 0.1411.


def test_published_call_calc_two_call_takers():
    late_60 = 1 - service_level(2, erlangs(30, 60, 3600), 60, 10)
    late_80 = 1 - service_level(2, erlangs(30, 80, 3600), 80, 10)
    assert wait_probability(2, 0.5) == pytest.approx(0.1, abs=1e-12)
    assert late_60 == pytest.approx(0.0779, abs=5e-5)
    assert late_60 < 0.08  # "fewer than 8 percent"
    assert wait_probability(2, 2 / 3) == pytest.approx(1 / 6, abs=1e-12)
    assert round(late_80, 2) == 0.14  # "falls to 14 percent"


# --- Textbook closed forms (Gross, Shortle, Thompson & Harris, Fundamentals of Queueing
# Theory, 4th ed., 2008, sections 2.2 and 2.3): M/M/1 waits with probability rho and a
# mean wait Wq = rho / (mu - lambda); M/M/2 waits with probability 2 rho^2 / (1 + rho).


def test_textbook_single_agent():
    # rho = A = 0.6, AHT 100 s (mu = 0.01/s, lambda = 0.006/s): C = 0.6,
    # Wq = 0.6 / (0.01 - 0.006) = 150 s; and B(1, A) = A / (1 + A) = 0.375.
    assert erlang_b(1, 0.6) == pytest.approx(0.375, abs=1e-12)
    assert wait_probability(1, 0.6) == pytest.approx(0.6, abs=1e-12)
    assert mean_wait_s(1, 0.6, 100) == pytest.approx(150.0, abs=1e-9)


def test_textbook_two_agents():
    # A = 1.2, rho = 0.6: C = 2 * 0.36 / 1.6 = 0.45.
    assert wait_probability(2, 1.2) == pytest.approx(0.45, abs=1e-12)


# --- Westbay Engineers' step-by-step Erlang-C example (erlang.com, "The Erlang-C formula"):
# 360 calls per half hour, 4-minute calls, 55 agents, 15 s target. A = 360 * 240 / 1800
# = 48, occupancy 48/55 = 0.8727. The expected C and ASA are the factorial form's, computed
# independently above: C = 0.23870, ASA = C * 240 / 7 = 8.184 s, SL = 1 - C e^{-7*15/240}
# = 0.84588.


def test_westbay_worked_example():
    load = erlangs(360, 240, 1800)
    assert load == 48.0
    assert occupancy(55, load) == pytest.approx(0.8727, abs=5e-5)
    assert wait_probability(55, load) == pytest.approx(erlang_c_by_factorials(55, load), rel=1e-12)
    assert wait_probability(55, load) == pytest.approx(0.23870, abs=5e-6)
    assert mean_wait_s(55, load, 240) == pytest.approx(8.184, abs=5e-4)
    assert service_level(55, load, 240, 15) == pytest.approx(0.84588, abs=5e-6)


@pytest.mark.parametrize(("agents", "load"), [(3, 0.5), (14, 10.0), (200, 190.5), (600, 580.0), (1500, 1450.0)])
def test_recursion_agrees_with_factorials_for_large_centres(agents, load):
    # 580 Erlangs overflows A^N / N! in floating point; the recursion must not.
    assert wait_probability(agents, load) == pytest.approx(erlang_c_by_factorials(agents, load), rel=1e-9)


def test_overload_and_empty_interval():
    assert wait_probability(10, 10.0) == 1.0
    assert service_level(9, 10.0, 180, 20) == 0.0
    assert mean_wait_s(10, 10.0, 180) == math.inf
    assert agents_needed(0.0, 180, 20, 0.8, 0.85) == 0
    assert agents_to_roster(0, 0.3) == 0


def test_agents_needed_is_more_than_the_load_even_with_a_loose_target():
    # 5 Erlangs, a 1 % service-level target and 100 % max occupancy: N must still exceed A.
    assert agents_needed(5.0, 180, 20, 0.01, 1.0) == 6


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target_level": 1.0},
        {"target_level": 0.0},
        {"max_occupancy": 0.0},
        {"max_occupancy": 1.2},
        {"aht_s": 0.0},
        {"target_s": -1},
    ],
)
def test_agents_needed_rejects_bad_settings(kwargs):
    args = {"load": 10.0, "aht_s": 180, "target_s": 20, "target_level": 0.8, "max_occupancy": 0.85} | kwargs
    with pytest.raises(ValueError, match="Erlang C"):
        agents_needed(**args)


def test_roster_rejects_bad_shrinkage():
    with pytest.raises(ValueError, match="shrinkage"):
        agents_to_roster(14, 1.0)


def test_with_staffing_adds_the_advice_per_interval():
    # Row 1: DOMAIN's half hour (100 calls, AHT 180 s) -> 14 agents, 20 to roster.
    # Row 2: 50 calls an hour at AHT 180 s -> A = 2.5 Erlangs; by hand with the recursion:
    #   N = 3: C = 0.7022, SL = 1 - 0.7022 e^{-0.5*20/180} = 0.3357 (too low)
    #   N = 4: C = 0.3199 -> SL = 1 - 0.3199 e^{-1.5/9} = 0.7292 (too low)
    #   N = 5: C = 0.1304 -> SL = 1 - 0.1304 e^{-2.5/9} = 0.9012: N = 5, 5/0.7 -> 8.
    # Row 3: no calls -> no agents, no service level. Row 4: unknown AHT -> null advice.
    frame = pl.DataFrame(
        {
            "uur": [1, 2, 3, 4],
            "prognose": [100.0, 50.0, 0.0, 10.0],
            "aht_s": [180.0, 180.0, 180.0, None],
            "interval_s": [1800, 3600, 3600, 3600],
        }
    )
    out = with_staffing(frame, target_s=20, target_level=0.8, max_occupancy=0.85, shrinkage=0.3)
    assert out.columns[:4] == ["uur", "prognose", "aht_s", "interval_s"]
    assert out["agenten"].to_list() == [14, 5, 0, None]
    assert out["te_roosteren"].to_list() == [20, 8, 0, None]
    assert out["erlang"].to_list()[:3] == [10.0, 2.5, 0.0]
    assert out["servicelevel"][0] == pytest.approx(0.88835, abs=5e-6)
    assert out["servicelevel"][1] == pytest.approx(0.9012, abs=5e-5)
    assert out["servicelevel"][2] is None
    assert out["wachttijd_gem_s"][0] == pytest.approx(7.836, abs=5e-4)
    assert out["bezetting"][1] == pytest.approx(0.5)


def test_with_staffing_names_a_missing_column():
    with pytest.raises(ValueError, match=r"\['aht_s'\] ontbreken"):
        with_staffing(
            pl.DataFrame({"prognose": [1.0], "interval_s": [3600]}),
            target_s=30,
            target_level=0.8,
            max_occupancy=0.85,
            shrinkage=0.3,
        )
