"""The calls' day totals give the same figures as the calls themselves (transforms/call_days.py against
the row-based reference in transforms/telephony.py, transforms/coverage.py and transforms/queues.py):
on hand-made calls at the edges that matter, and on the demo's and the real call log."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from core.registry import FigureContext, QueueRule
from sources.kcc import STORED_CALLS_SCHEMA
from tests.conftest import SHARED
from tests.transforms.conftest import make_calls
from transforms.call_days import (
    call_day_coverage,
    call_days,
    call_days_overview,
    mapped_call_days,
    unmapped_call_days,
)
from transforms.coverage import call_coverage
from transforms.figures import telephony_figures, telephony_figures_of_days
from transforms.queues import mapped_calls, unmapped_queues

TZ = "Europe/Amsterdam"
T, S = 30, 5
RULES = (
    QueueRule("LOS-KCC", "Losser", 1, "KCC"),
    # Losser's second line moved from team PVH to team Burgerzaken on 1 October (local dates)
    QueueRule("LOS-PVH", "Losser", 2, "PVH", None, date(2026, 9, 30)),
    QueueRule("LOS-PVH", "Losser", 2, "Burgerzaken", date(2026, 10, 1), None),
    QueueRule("ENS-KCC", "Enschede", 1, "KCC", date(2026, 3, 29), None),  # Enschede from 29 March
)


def context(rules=RULES) -> FigureContext:
    return FigureContext(TZ, T, S, 3, (), (), (), 10, datetime(2026, 1, 1).time(), {}, rules)


def stored(calls: pl.LazyFrame) -> pl.LazyFrame:
    """Calls as the store keeps them: the queue as exported, no mapping."""
    return calls.select(list(STORED_CALLS_SCHEMA)).cast(STORED_CALLS_SCHEMA)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# The edges, each a call (uitkomst, wacht_s, gesprek_s, doorverbonden_naar, gestart_op, wachtrij):
EDGES = [
    # the short-abandon bound S = 5: 4 s is not offered, 5 s is offered and lost
    ("opgehangen", S - 1, 0, None, utc(2026, 7, 1, 9), "LOS-KCC"),
    ("opgehangen", S, 0, None, utc(2026, 7, 1, 9), "LOS-KCC"),
    # the answer norm T = 30: 30 s is within, 31 s is not
    ("beantwoord", T, 100, None, utc(2026, 7, 1, 10), "LOS-KCC"),
    ("beantwoord", T + 1, 200, "PVH", utc(2026, 7, 1, 10), "LOS-KCC"),
    # local midnight in summer (UTC+2): 21:59:59 UTC is 30 June 23:59:59, 22:00 UTC is 1 July 00:00
    ("beantwoord", 3, 60, None, utc(2026, 6, 30, 21, 59, 59), "LOS-KCC"),
    ("beantwoord", 3, 60, None, utc(2026, 6, 30, 22, 0, 0), "LOS-KCC"),
    # the night the clocks go forward (29 March 2026, 02:00 -> 03:00): 23:00 UTC on 28 March is 29 March
    # 00:00 local (UTC+1); 01:00 UTC is 03:00 local (UTC+2)
    ("beantwoord", 8, 30, None, utc(2026, 3, 28, 22, 59, 59), "ENS-KCC"),  # 28 March 23:59:59: before Enschede
    ("beantwoord", 8, 30, None, utc(2026, 3, 28, 23, 0, 0), "ENS-KCC"),  # 29 March 00:00: Enschede's first day
    ("voicemail", 40, 0, None, utc(2026, 3, 29, 1, 0, 0), "ENS-KCC"),  # 03:00 local, after the jump
    # the night the clocks go back (25 October 2026): 22:59:59 UTC on the 24th is 25 October 00:59:59 local
    ("terugbelverzoek", 12, 0, None, utc(2026, 10, 24, 22, 59, 59), "ENS-KCC"),
    ("gesloten", 0, 0, None, utc(2026, 10, 25, 0, 30), "ENS-KCC"),  # 02:30 the first time
    ("ivr", 0, 0, None, utc(2026, 10, 25, 1, 30), "ENS-KCC"),  # 02:30 the second time
    ("beantwoord", 5, 10, None, utc(2026, 10, 25, 22, 59, 59), "ENS-KCC"),  # 25 October 23:59:59 (UTC+1)
    # the second line's validity boundary: 30 September 23:59:59 local is team PVH, 1 October 00:00 Burgerzaken
    ("beantwoord", 1, 50, None, utc(2026, 9, 30, 21, 59, 59), "LOS-PVH"),
    ("opgehangen", 20, 0, None, utc(2026, 9, 30, 22, 0, 0), "LOS-PVH"),
    ("beantwoord", 2, 50, None, utc(2026, 10, 1, 8), "LOS-PVH"),
    # a queue no rule maps, on two days
    ("beantwoord", 1, 5, None, utc(2026, 7, 2, 8), "LOS-OUD"),
    ("beantwoord", 1, 5, None, utc(2026, 7, 9, 8), "LOS-OUD"),
]
COLUMNS = ("uitkomst", "wacht_s", "gesprek_s", "doorverbonden_naar", "gestart_op", "wachtrij")
BUCKETS = [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
    ("2026-06", date(2026, 6, 1), date(2026, 6, 30)),
    ("2026-07", date(2026, 7, 1), date(2026, 7, 31)),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
    ("2026-09", date(2026, 9, 1), date(2026, 9, 30)),
    ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
    ("29-03", date(2026, 3, 29), date(2026, 3, 29)),
    ("25-10", date(2026, 10, 25), date(2026, 10, 25)),
]


def edge_calls() -> pl.LazyFrame:
    return stored(make_calls(EDGES, COLUMNS, periode=None))


def by_rows(calls: pl.LazyFrame, ctx: FigureContext, t: int = T, s: int = S) -> pl.DataFrame:
    return telephony_figures(
        mapped_calls(calls, ctx), BUCKETS, ["Enschede", "Losser"], TZ, t, s, {"tel_servicelevel_pct": (80.0, ">=")}
    )


def by_days(calls: pl.LazyFrame, ctx: FigureContext, t: int = T, s: int = S) -> pl.DataFrame:
    days = mapped_call_days(call_days(calls, TZ), ctx)
    return telephony_figures_of_days(
        days, BUCKETS, ["Enschede", "Losser"], t, s, {"tel_servicelevel_pct": (80.0, ">=")}
    )


def test_the_edges_by_hand():
    figures = by_days(edge_calls(), context())

    def value(gemeente, periode, kpi, groep=None):
        row = figures.filter(
            (pl.col("gemeente") == gemeente)
            & (pl.col("periode") == periode)
            & (pl.col("kpi") == kpi)
            & (pl.col("groep").is_null() if groep is None else pl.col("groep") == groep)
        )
        return row.select("waarde", "teller", "noemer").row(0)

    # July, Losser's first line: answered 30 s, 31 s, and the one at 00:00 on 1 July (not the one at
    # 23:59:59 on 30 June); abandoned at 5 s (lost), not at 4 s. Offered 3 + 1 = 4; the service level is
    # within 30 s (30 s and 3 s: 2) over answered + lost (3 + 1): 50 %. Without transfer: 2 of 3.
    assert value("Losser", "2026-07", "tel_aangeboden") == (4.0, None, None)
    assert value("Losser", "2026-07", "tel_servicelevel_pct") == (50.0, 2, 4)
    assert value("Losser", "2026-07", "tel_verloren_pct") == (25.0, 1, 4)
    assert value("Losser", "2026-07", "tel_wachttijd_gem_s") == ((30 + 31 + 3) / 3, 64, 3)
    assert value("Losser", "2026-07", "tel_eerstelijn_pct") == (pytest.approx(200 / 3), 2, 3)
    assert value("Losser", "2026-06", "tel_beantwoord") == (1.0, None, None)  # 30 June 23:59:59
    # Enschede's rule starts on 29 March (local): the call at 23:59:59 on the 28th is in no gemeente.
    # On 29 March: answered at 00:00 and the voicemail after the jump: 2 offered.
    assert value("Enschede", "29-03", "tel_aangeboden") == (2.0, None, None)
    assert value("Enschede", "2026-03", "tel_aangeboden") == (2.0, None, None)
    # 25 October: the callback at 00:59:59, closed and IVR in the double hour (not offered), the answered
    # call at 23:59:59: 2 offered, 1 outside opening hours.
    assert value("Enschede", "25-10", "tel_aangeboden") == (2.0, None, None)
    assert value("Enschede", "25-10", "tel_buiten_openingstijd") == (1.0, None, None)
    # the second line: September is team PVH (answered at 23:59:59 on the 30th), October Burgerzaken
    # (abandoned 20 s at 00:00 on 1 October, lost; answered on the 1st): 1 of 2.
    assert value("Losser", "2026-09", "tel_tweedelijn_bereikbaar_pct", "team=PVH") == (100.0, 1, 1)
    assert value("Losser", "2026-10", "tel_tweedelijn_bereikbaar_pct", "team=Burgerzaken") == (50.0, 1, 2)


@pytest.mark.parametrize(("t", "s"), [(T, S), (0, 0), (20, 1), (31, 20), (3600, 41)])
def test_the_edges_give_the_same_figures_as_the_calls_for_any_t_and_s(t, s):
    assert by_days(edge_calls(), context(), t, s).equals(by_rows(edge_calls(), context(), t, s))


def test_coverage_and_unmapped_queues_are_the_same_as_from_the_calls():
    ctx = context()
    calls, days = mapped_calls(edge_calls(), ctx), mapped_call_days(call_days(edge_calls(), TZ), ctx)
    assert (
        call_day_coverage(days, TZ)
        .collect()
        .sort("gemeente")
        .equals(call_coverage(calls, TZ).collect().sort("gemeente"))
    )
    # most calls first: LOS-OUD 2 calls (2 and 9 July), ENS-KCC before its rule 1 call (28 March)
    unknown = unmapped_call_days(days, ctx).collect()
    assert unknown.equals(unmapped_queues(calls, ctx).collect())
    # the same from the overview (per day, queue and export only), as the report takes them over the whole store
    overview = mapped_call_days(call_days_overview(call_days(edge_calls(), TZ)), ctx)
    assert (
        call_day_coverage(overview, TZ)
        .collect()
        .sort("gemeente")
        .equals(call_coverage(calls, TZ).collect().sort("gemeente"))
    )
    assert unmapped_call_days(overview, ctx).collect().equals(unknown)
    assert unknown.select("waarde", "aantal").rows() == [("LOS-OUD", 2), ("ENS-KCC", 1)]


def test_a_changed_mapping_corrects_the_totals_as_it_corrects_the_calls():
    # the same day totals, another configuration: LOS-OUD is Losser's after all, from 5 July
    rules = (*RULES, QueueRule("LOS-OUD", "Losser", 1, "KCC", date(2026, 7, 5), None))
    assert by_days(edge_calls(), context(rules)).equals(by_rows(edge_calls(), context(rules)))
    july = by_days(edge_calls(), context(rules)).filter(
        (pl.col("gemeente") == "Losser") & (pl.col("periode") == "2026-07") & (pl.col("kpi") == "tel_beantwoord")
    )
    assert july["waarde"].to_list() == [4.0]  # 3 as before and the LOS-OUD call of 9 July (not of 2 July)


def random_calls(n: int, seed: int) -> pl.LazyFrame:
    """`n` calls over 2026 with every outcome, waits 0-90 s, on four queues (one unmapped)."""
    import random

    rnd = random.Random(seed)
    outcomes = ["beantwoord", "opgehangen", "terugbelverzoek", "voicemail", "gesloten", "ivr"]
    queues = ["LOS-KCC", "LOS-PVH", "ENS-KCC", "XYZ"]
    rows = [
        (
            rnd.choice(outcomes),
            rnd.randint(0, 90),
            rnd.randint(0, 600),
            rnd.choice([None, None, "PVH"]),
            utc(2026, 1, 1) + (utc(2027, 1, 1) - utc(2026, 1, 1)) * rnd.random(),
            rnd.choice(queues),
        )
        for _ in range(n)
    ]
    return stored(make_calls(rows, COLUMNS, periode=None))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_calls_give_the_same_figures(seed):
    calls = random_calls(3000, seed)
    assert by_days(calls, context()).equals(by_rows(calls, context()))


def test_the_totals_are_far_fewer_than_the_calls_and_count_every_call():
    calls = random_calls(3000, 4)
    days = call_days(calls, TZ).collect()
    assert days["aantal"].sum() == 3000
    assert days.select(pl.struct("datum", "wachtrij", "uitkomst", "wacht_s", "bron_hash").is_unique().all()).item()


BANK = SHARED / "realdata" / "anonymous_bank"


@pytest.mark.slow
@pytest.mark.skipif(not BANK.exists(), reason="shared/realdata not present")
def test_the_real_call_log_gives_the_same_figures_from_its_day_totals():
    from core.settings import Settings
    from sources.files import identify
    from sources.kcc import load_calls

    settings = Settings(queues=[{"name": "AB-KCC", "gemeente": "Anonymous Bank", "line": 1, "team": "KCC"}])
    ctx = settings.figure_context()
    frames = [load_calls(identify(p), settings.profiles.kcc).records for p in sorted(BANK.glob("kcc_gesprekken_*.csv"))]
    calls = pl.concat(frames).sort("export_stempel").unique("call_id", keep="last").lazy()
    buckets = [("1999", date(1999, 1, 1), date(1999, 12, 31))] + [
        (
            f"1999-{m:02d}",
            date(1999, m, 1),
            date(1999 + (m == 12), m % 12 + 1, 1) - (date(2000, 1, 2) - date(2000, 1, 1)),
        )
        for m in range(1, 13)
    ]
    gemeenten = ["Anonymous Bank"]
    rows = telephony_figures(mapped_calls(calls, ctx), buckets, gemeenten, ctx.tz, 30, 5, ctx.norms)
    days = telephony_figures_of_days(
        mapped_call_days(call_days(calls, ctx.tz), ctx), buckets, gemeenten, 30, 5, ctx.norms
    )
    assert days.equals(rows)
    offered = days.filter((pl.col("periode") == "1999") & (pl.col("kpi") == "tel_aangeboden"))["waarde"]
    assert offered.to_list() == [297_172.0]  # the README's figure


def test_a_window_on_the_mapped_totals_reaches_the_scan_of_the_stored_totals(tmp_path):
    # One call a day on LOS-PVH, 29 September to 2 October (local dates), stored as day totals in two
    # files as the store keeps them (one per export). The report filters the mapped totals on its window.
    calls = stored(
        make_calls(
            [
                ("beantwoord", 10, 60, None, utc(2026, 9, d, 10) if d > 2 else utc(2026, 10, d, 10), "LOS-PVH")
                for d in (29, 30, 1, 2)
            ],
            COLUMNS,
            periode=None,
        )
    )
    days = call_days(calls, TZ).collect()
    september, october = days.filter(pl.col("datum").dt.month() == 9), days.filter(pl.col("datum").dt.month() == 10)
    september.write_parquet(tmp_path / "sept.parquet")
    october.write_parquet(tmp_path / "oct.parquet")
    window = mapped_call_days(pl.scan_parquet(tmp_path / "*.parquet"), context()).filter(
        pl.col("datum").is_between(date(2026, 9, 30), date(2026, 10, 1))
    )
    # by hand: 30 September is PVH's last day (rule until 30 September), 1 October Burgerzaken's first
    got = window.select("datum", "gemeente", "lijn", "team", "aantal").sort("datum").collect()
    assert got.rows() == [
        (date(2026, 9, 30), "Losser", 2, "PVH", 1),
        (date(2026, 10, 1), "Losser", 2, "Burgerzaken", 1),
    ]
    # the window is applied while the files are read (a row number taken before it would stop that): the
    # report's read then follows the period, not the years in the store
    scan = window.explain().split("Parquet SCAN", 1)[1]
    assert 'SELECTION: col("datum").is_between' in scan
