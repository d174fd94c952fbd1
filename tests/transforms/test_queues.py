"""The queue mapping applied when figures are computed: a call takes the rule valid on its local
date; a queue without a rule is in no gemeente's figures and is listed; worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import polars as pl
import pytest
from pydantic import ValidationError

from core.registry import FigureContext, QueueRule
from core.settings import Settings
from tests.transforms.conftest import make_calls
from transforms.figures import telephony_figures
from transforms.queues import mapped_calls, unmapped_queues


def context(*rules: QueueRule) -> FigureContext:
    return FigureContext(
        tz="Europe/Amsterdam",
        answer_norm_s=30,
        short_abandon_s=5,
        callback_norm_werkdagen=2,
        closing_days=(),
        terms=(),
        contactverzoek_types=(),
        wait_norm_minutes=10,
        evening_from=time(17),
        norms={},
        queues=rules,
    )


MOVED = (
    QueueRule("LOS-X", "Losser", 2, "KCC", valid_until=date(2025, 6, 30)),
    QueueRule("LOS-X", "Losser", 2, "PVH", valid_from=date(2025, 7, 1)),
)


def calls_on_queue_x() -> pl.LazyFrame:
    # June: 4 calls, 3 answered; July: 2 calls, both answered. The last June call starts at 23:30 UTC on
    # 30 June = 01:30 on 1 July in Amsterdam: by its local date it falls under July's rule (PVH).
    rows = [
        ("beantwoord", datetime(2025, 6, 2, 9, tzinfo=UTC)),
        ("opgehangen", datetime(2025, 6, 3, 9, tzinfo=UTC)),
        ("beantwoord", datetime(2025, 6, 4, 9, tzinfo=UTC)),
        ("beantwoord", datetime(2025, 6, 30, 23, 30, tzinfo=UTC)),
        ("beantwoord", datetime(2025, 7, 2, 9, tzinfo=UTC)),
        ("beantwoord", datetime(2025, 7, 3, 9, tzinfo=UTC)),
    ]
    return make_calls(
        [(u, 60, 0, None, t) for u, t in rows],
        ("uitkomst", "wacht_s", "gesprek_s", "doorverbonden_naar", "gestart_op"),
        periode=None,
        wachtrij="LOS-X",
        gemeente=None,
        lijn=None,
        team=None,
    )


def test_each_call_takes_the_rule_valid_on_its_local_date():
    got = mapped_calls(calls_on_queue_x(), context(*MOVED)).collect()
    assert got["team"].to_list() == ["KCC", "KCC", "KCC", "PVH", "PVH", "PVH"]
    assert set(got["gemeente"]) == {"Losser"} and set(got["lijn"]) == {2}


def test_a_queue_with_two_validity_periods_splits_its_figures_on_that_date():
    calls = mapped_calls(calls_on_queue_x(), context(*MOVED))
    buckets = [("2025-06", date(2025, 6, 1), date(2025, 6, 30)), ("2025-07", date(2025, 7, 1), date(2025, 7, 31))]
    figures = telephony_figures(calls, buckets, ["Losser"], "Europe/Amsterdam", 30, 5, {})
    teams = {
        (r["periode"], r["groep"]): (r["teller"], r["noemer"])
        for r in figures.filter(pl.col("kpi") == "tel_tweedelijn_bereikbaar_pct").iter_rows(named=True)
    }
    # June, team KCC: answered 2 (2 and 4 June) of 3 offered (the abandon after 60 s is offered);
    # July, team PVH: the call of 1 July 01:30 local and those of 2 and 3 July: 3 of 3
    assert teams == {("2025-06", "team=KCC"): (2, 3), ("2025-07", "team=PVH"): (3, 3)}


def test_a_queue_without_a_rule_that_day_is_in_no_gemeente_and_listed():
    only_july = context(QueueRule("LOS-X", "Losser", 2, "PVH", valid_from=date(2025, 7, 1)))
    calls = mapped_calls(calls_on_queue_x(), only_july)
    assert calls.collect()["gemeente"].to_list() == [None, None, None, "Losser", "Losser", "Losser"]
    unknown = unmapped_queues(calls).collect()
    assert unknown.select("soort", "waarde", "aantal").rows() == [("wachtrij", "LOS-X", 3)]


def test_overlapping_rules_for_one_queue_are_refused_naming_both():
    with pytest.raises(
        ValidationError,
        match=r"wachtrij 'LOS-X' is dubbel ingesteld: begin t/m 2025-06-30 \(Losser, "
        r"KCC\) en 2025-06-30 t/m einde \(Losser, PVH\) overlappen",
    ):
        Settings(
            queues=[
                {"name": "LOS-X", "gemeente": "Losser", "line": 2, "team": "KCC", "until": "2025-06-30"},
                {"name": "LOS-X", "gemeente": "Losser", "line": 2, "team": "PVH", "from": "2025-06-30"},
            ]
        )
    # adjacent periods are fine
    ok = Settings(
        queues=[
            {"name": "LOS-X", "gemeente": "Losser", "line": 2, "team": "KCC", "until": "2025-06-30"},
            {"name": "LOS-X", "gemeente": "Losser", "line": 2, "team": "PVH", "from": "2025-07-01"},
        ]
    )
    assert [q.team for q in ok.queues] == ["KCC", "PVH"]
