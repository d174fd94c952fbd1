"""Telephony KPIs (`tel_*`) against the KPI catalogue in DOMAIN.md, on small hand-made frames.

Every expected number below is worked out by hand from the catalogue definition, never by
calling the code. Unless a test says otherwise: T (answer norm) = 30 s, S (short abandon) = 5 s,
gemeente Losser, periode 2026-07, first-line queue LOS-KCC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TypedDict

import polars as pl
import pytest

from tests.transforms.kpi_asserts import assert_count, assert_ratio
from transforms.calendar import month_label, with_local_date, within
from transforms.kpi_frame import KPI_SCHEMA, with_norms
from transforms.telephony import handle_time_s, offered_per_hour, telephony_kpis

from .conftest import concat_calls, make_calls

T, S = 30, 5
TZ = "Europe/Amsterdam"


class Queue(TypedDict):
    """A second-line queue's mapping, for `make_calls(..., **PVH)`."""

    lijn: int
    team: str
    wachtrij: str


PVH: Queue = {"lijn": 2, "team": "PVH", "wachtrij": "LOS-PVH"}
BFR: Queue = {"lijn": 2, "team": "BFR", "wachtrij": "LOS-BFR"}
RATIO_KPIS = [
    "tel_servicelevel_pct",
    "tel_verloren_pct",
    "tel_wachttijd_gem_s",
    "tel_gesprekstijd_gem_s",
    "tel_eerstelijn_pct",
]
COUNT_KPIS = ["tel_aangeboden", "tel_beantwoord", "tel_buiten_openingstijd"]


def run(calls: pl.LazyFrame, answer_norm_s: int = T, short_abandon_s: int = S) -> dict:
    """The KPI rows keyed by (gemeente, periode, kpi, groep); fails on a duplicate key."""
    out = telephony_kpis(calls, answer_norm_s, short_abandon_s).collect()
    rows = {(r["gemeente"], r["periode"], r["kpi"], r["groep"]): r for r in out.iter_rows(named=True)}
    assert len(rows) == out.height, "duplicate (gemeente, periode, kpi, groep) rows"
    return rows


def kpi(rows: dict, code: str, gemeente: str = "Losser", periode: str = "2026-07", groep: str | None = None):
    return rows[(gemeente, periode, code, groep)]


# --- shape -----------------------------------------------------------------------------------


def test_output_is_long_format_with_every_first_line_kpi_once():
    rows = run(make_calls([("beantwoord", 10, 100)]))
    assert {k[2] for k in rows} == set(COUNT_KPIS + RATIO_KPIS)  # no line-2 calls: no tweedelijn rows
    out = telephony_kpis(make_calls([("beantwoord", 10, 100)]), T, S).collect()
    assert set(out.columns) == {"gemeente", "periode", "kpi", "groep", "waarde", "teller", "noemer"}
    assert out.schema["waarde"] == pl.Float64
    assert out.schema["teller"] == pl.Int64 and out.schema["noemer"] == pl.Int64
    assert out["groep"].null_count() == out.height  # totals have an empty groep


# --- tel_aangeboden --------------------------------------------------------------------------


def test_aangeboden_is_answered_callback_voicemail_and_long_abandons():
    calls = make_calls(
        [
            ("beantwoord", 10),
            ("beantwoord", 20),
            ("beantwoord", 40),
            ("terugbelverzoek", 90),
            ("voicemail", 60),
            ("opgehangen", 7),  # wait 7 >= S=5: lost, offered
            ("opgehangen", 4),  # wait 4 < 5: short abandon, not offered
            ("gesloten", 0),
            ("ivr", 0),  # never offered
        ]
    )
    # offered = 3 answered + 1 callback + 1 voicemail + 1 lost (wait 7 >= 5) = 6
    assert_count(kpi(run(calls), "tel_aangeboden"), 6)


def test_abandon_at_exactly_s_is_offered_and_lost_one_second_less_is_not():
    calls = make_calls([("beantwoord", 10), ("opgehangen", 4), ("opgehangen", 5)])
    rows = run(calls)
    # offered = 1 answered + 1 lost (wait 5 >= 5); wait 4 < 5 is a short abandon -> 2
    assert_count(kpi(rows, "tel_aangeboden"), 2)
    # lost = 1 (wait 5) / (1 answered + 1 lost) = 1/2 = 50 %
    assert_ratio(kpi(rows, "tel_verloren_pct"), 50.0, 1, 2)


def test_short_abandon_threshold_is_configurable():
    calls = make_calls([("opgehangen", 7), ("opgehangen", 9), ("opgehangen", 10)])
    # S = 10: only wait 10 >= 10 is offered -> 1
    assert_count(kpi(run(calls, short_abandon_s=10), "tel_aangeboden"), 1)


def test_closed_and_ivr_are_never_offered():
    calls = make_calls([("gesloten", 0), ("gesloten", 40), ("ivr", 0), ("ivr", 120)])
    # offered = 0 answered + 0 callback + 0 voicemail + 0 lost = 0 (a count: 0, not empty)
    assert_count(kpi(run(calls), "tel_aangeboden"), 0)


# --- tel_beantwoord --------------------------------------------------------------------------


def test_beantwoord_counts_only_answered_calls():
    calls = make_calls(
        [
            ("beantwoord", 10),
            ("beantwoord", 200, 30, "PVH"),  # transferred still counts as answered
            ("terugbelverzoek", 5),
            ("voicemail", 5),
            ("opgehangen", 50),
            ("gesloten", 0),
            ("ivr", 0),
        ]
    )
    # answered = 2
    assert_count(kpi(run(calls), "tel_beantwoord"), 2)


# --- tel_servicelevel_pct --------------------------------------------------------------------


def test_servicelevel_is_answered_within_t_over_answered_plus_long_abandons():
    calls = make_calls(
        [
            ("beantwoord", 10),
            ("beantwoord", 30),  # <= T=30: within norm (30 == T counts)
            ("beantwoord", 31),
            ("beantwoord", 45),  # > 30: late
            ("opgehangen", 5),
            ("opgehangen", 20),  # lost (>= S)
            ("opgehangen", 3),  # short abandon: not in the denominator
            ("terugbelverzoek", 10),
            ("voicemail", 10),  # offered, not in the denominator
            ("gesloten", 0),
            ("ivr", 0),
        ]
    )
    # teller = 2 (waits 10, 30); noemer = 4 answered + 2 lost = 6; 2/6 = 33.33 %
    assert_ratio(kpi(run(calls), "tel_servicelevel_pct"), 100 * 2 / 6, 2, 6)


def test_answered_at_exactly_t_is_within_norm_one_second_more_is_not():
    calls = make_calls([("beantwoord", 20), ("beantwoord", 21)])
    # T = 20: wait 20 <= 20 within, 21 not; 1 / (2 answered + 0 lost) = 50 %
    assert_ratio(kpi(run(calls, answer_norm_s=20), "tel_servicelevel_pct"), 50.0, 1, 2)


def test_callback_and_voicemail_are_offered_but_not_in_the_service_level_denominator():
    calls = make_calls([("beantwoord", 10), ("terugbelverzoek", 100), ("voicemail", 100)])
    rows = run(calls)
    # offered = 1 answered + 1 callback + 1 voicemail = 3
    assert_count(kpi(rows, "tel_aangeboden"), 3)
    # service level = 1 (wait 10 <= 30) / (1 answered + 0 lost) = 100 %
    assert_ratio(kpi(rows, "tel_servicelevel_pct"), 100.0, 1, 1)
    # lost = 0 / (1 + 0) = 0 %  (a real 0: the denominator is not 0)
    assert_ratio(kpi(rows, "tel_verloren_pct"), 0.0, 0, 1)


# --- tel_verloren_pct ------------------------------------------------------------------------


def test_verloren_is_long_abandons_over_answered_plus_long_abandons():
    calls = make_calls(
        [
            *[("beantwoord", 10)] * 8,
            ("opgehangen", 6),
            ("opgehangen", 120),  # lost
            ("opgehangen", 1),
            ("opgehangen", 4),  # short: neither teller nor noemer
            ("voicemail", 30),
            ("terugbelverzoek", 30),  # not in the denominator
        ]
    )
    # teller = 2 lost; noemer = 8 answered + 2 lost = 10; 2/10 = 20 %
    assert_ratio(kpi(run(calls), "tel_verloren_pct"), 20.0, 2, 10)


# --- tel_wachttijd_gem_s ---------------------------------------------------------------------


def test_wachttijd_is_mean_wait_of_answered_calls_only():
    calls = make_calls(
        [
            ("beantwoord", 10),
            ("beantwoord", 20),
            ("beantwoord", 46),
            ("opgehangen", 300),
            ("terugbelverzoek", 200),
            ("voicemail", 100),
            ("gesloten", 50),
        ]
    )
    # (10 + 20 + 46) / 3 answered = 76 / 3 = 25.33 s; other outcomes' waits are ignored
    assert_ratio(kpi(run(calls), "tel_wachttijd_gem_s"), 76 / 3, 76, 3)


# --- tel_gesprekstijd_gem_s ------------------------------------------------------------------


def test_gesprekstijd_is_mean_talk_time_of_answered_calls_only():
    calls = make_calls(
        [
            ("beantwoord", 10, 240),
            ("beantwoord", 10, 300),
            ("beantwoord", 10, 361),
            ("voicemail", 10, 60),
            ("terugbelverzoek", 10, 30),
            ("opgehangen", 10, 0),
        ]
    )
    # (240 + 300 + 361) / 3 answered = 901 / 3 = 300.33 s
    assert_ratio(kpi(run(calls), "tel_gesprekstijd_gem_s"), 901 / 3, 901, 3)


# --- tel_eerstelijn_pct ----------------------------------------------------------------------


def test_eerstelijn_is_answered_without_transfer_over_answered():
    calls = make_calls(
        [
            ("beantwoord", 10, 200),
            ("beantwoord", 10, 200),
            ("beantwoord", 10, 200),
            ("beantwoord", 10, 200, "PVH"),  # transferred to the second line
            ("opgehangen", 60),  # not answered: in neither count
            ("voicemail", 10),
        ]
    )
    # teller = 3 answered without transfer; noemer = 4 answered; 3/4 = 75 %
    assert_ratio(kpi(run(calls), "tel_eerstelijn_pct"), 75.0, 3, 4)


# --- tel_buiten_openingstijd -----------------------------------------------------------------


def test_buiten_openingstijd_counts_closed_calls():
    calls = make_calls([("gesloten", 0), ("gesloten", 0), ("ivr", 0), ("beantwoord", 10)])
    # closed = 2 (IVR is reported apart from offered, but is not "outside opening hours")
    assert_count(kpi(run(calls), "tel_buiten_openingstijd"), 2)


def test_buiten_openingstijd_counts_first_line_queues_only():
    # The catalogue's telephony section is "first-line queues unless stated"; the row for
    # tel_buiten_openingstijd states nothing else (core.catalogue says "eerstelijns wachtrijen").
    calls = concat_calls(make_calls([("gesloten", 0)]), make_calls([("gesloten", 0)] * 2, **PVH))
    # first-line closed = 1; the 2 closed calls on LOS-PVH (line 2) are not counted
    assert_count(kpi(run(calls), "tel_buiten_openingstijd"), 1)


# --- tel_tweedelijn_bereikbaar_pct -----------------------------------------------------------


def test_tweedelijn_bereikbaar_is_answered_over_offered_per_team():
    pvh = make_calls(
        [
            ("beantwoord", 10),
            ("beantwoord", 50),
            ("beantwoord", 100),
            ("opgehangen", 8),  # lost: offered
            ("opgehangen", 2),  # short abandon: not offered
            ("terugbelverzoek", 30),  # offered
            ("gesloten", 0),
            ("ivr", 0),  # never offered
        ],
        **PVH,
    )
    bfr = make_calls([("beantwoord", 10), ("voicemail", 90)], **BFR)
    rows = run(concat_calls(pvh, bfr))
    # PVH: offered = 3 answered + 1 lost + 1 callback = 5; 3/5 = 60 %
    assert_ratio(kpi(rows, "tel_tweedelijn_bereikbaar_pct", groep="team=PVH"), 60.0, 3, 5)
    # BFR: offered = 1 answered + 1 voicemail = 2; 1/2 = 50 %
    assert_ratio(kpi(rows, "tel_tweedelijn_bereikbaar_pct", groep="team=BFR"), 50.0, 1, 2)


def test_tweedelijn_bereikbaar_has_no_total_row_and_no_row_for_first_line():
    calls = concat_calls(make_calls([("beantwoord", 10)] * 3), make_calls([("beantwoord", 10)], **PVH))
    groups = {k[3] for k in run(calls) if k[2] == "tel_tweedelijn_bereikbaar_pct"}
    # only the line-2 team; the first-line team KCC is not a second-line team
    assert groups == {"team=PVH"}


def test_team_with_only_short_abandons_has_an_empty_reachability():
    calls = make_calls([("opgehangen", 1), ("opgehangen", 4)], **PVH)
    # offered = 0 (both waits < 5) -> 0/0: empty, never 0
    assert_ratio(kpi(run(calls), "tel_tweedelijn_bereikbaar_pct", groep="team=PVH"), None, 0, 0)


def test_second_line_calls_do_not_affect_first_line_kpis():
    first = make_calls([("beantwoord", 10, 100), ("opgehangen", 40)])
    second = make_calls(
        [
            ("beantwoord", 50, 500, "BFR"),
            ("beantwoord", 60, 700),
            ("opgehangen", 30),
            ("terugbelverzoek", 5),
            ("gesloten", 0),
            ("ivr", 0),
        ],
        **PVH,
    )
    rows = run(concat_calls(first, second))
    # first line only: 1 answered (wait 10, talk 100, no transfer) + 1 lost (wait 40)
    assert_count(kpi(rows, "tel_aangeboden"), 2)  # 1 + 1
    assert_count(kpi(rows, "tel_beantwoord"), 1)
    assert_ratio(kpi(rows, "tel_servicelevel_pct"), 50.0, 1, 2)  # 1 / (1 + 1)
    assert_ratio(kpi(rows, "tel_verloren_pct"), 50.0, 1, 2)  # 1 / (1 + 1)
    assert_ratio(kpi(rows, "tel_wachttijd_gem_s"), 10.0, 10, 1)  # 10 / 1
    assert_ratio(kpi(rows, "tel_gesprekstijd_gem_s"), 100.0, 100, 1)  # 100 / 1
    assert_ratio(kpi(rows, "tel_eerstelijn_pct"), 100.0, 1, 1)  # 1 / 1
    assert_count(kpi(rows, "tel_buiten_openingstijd"), 0)
    # and the line-2 calls do land in their team's reachability: 2 answered / (2 + 1 lost + 1 callback)
    assert_ratio(kpi(rows, "tel_tweedelijn_bereikbaar_pct", groep="team=PVH"), 50.0, 2, 4)


# --- zero denominators -----------------------------------------------------------------------


def test_gemeente_with_only_closed_calls_has_empty_ratios_not_zero():
    rows = run(make_calls([("gesloten", 0)] * 3))
    # counts: offered 0, answered 0, closed 3
    assert_count(kpi(rows, "tel_aangeboden"), 0)
    assert_count(kpi(rows, "tel_beantwoord"), 0)
    assert_count(kpi(rows, "tel_buiten_openingstijd"), 3)
    # every ratio / mean has denominator 0 (answered + lost = 0; answered = 0): empty, never 0
    for code in RATIO_KPIS:
        assert_ratio(kpi(rows, code), None, 0, 0)


def test_only_short_abandons_give_empty_service_level_and_loss():
    rows = run(make_calls([("opgehangen", 2), ("opgehangen", 4)]))
    # answered 0 + lost 0 = 0 -> empty
    assert_ratio(kpi(rows, "tel_servicelevel_pct"), None, 0, 0)
    assert_ratio(kpi(rows, "tel_verloren_pct"), None, 0, 0)


def test_only_callbacks_give_offered_calls_but_empty_service_level():
    rows = run(make_calls([("terugbelverzoek", 20), ("voicemail", 40)]))
    # offered = 1 callback + 1 voicemail = 2, but answered + lost = 0 -> service level empty
    assert_count(kpi(rows, "tel_aangeboden"), 2)
    assert_ratio(kpi(rows, "tel_servicelevel_pct"), None, 0, 0)
    assert_ratio(kpi(rows, "tel_eerstelijn_pct"), None, 0, 0)


# --- per gemeente and per periode ------------------------------------------------------------


def test_each_gemeente_is_counted_apart():
    losser = make_calls([("beantwoord", 10), ("beantwoord", 40), ("opgehangen", 9)])
    enschede = make_calls([("beantwoord", 5)] * 3 + [("gesloten", 0)], gemeente="Enschede", wachtrij="ENS-KCC")
    rows = run(concat_calls(losser, enschede))
    # Losser: offered 2 + 1 = 3; SL 1 (wait 10) / (2 + 1) = 33.3 %; closed 0
    assert_count(kpi(rows, "tel_aangeboden", "Losser"), 3)
    assert_ratio(kpi(rows, "tel_servicelevel_pct", "Losser"), 100 / 3, 1, 3)
    assert_count(kpi(rows, "tel_buiten_openingstijd", "Losser"), 0)
    # Enschede: offered 3; SL 3/3 = 100 %; closed 1
    assert_count(kpi(rows, "tel_aangeboden", "Enschede"), 3)
    assert_ratio(kpi(rows, "tel_servicelevel_pct", "Enschede"), 100.0, 3, 3)
    assert_count(kpi(rows, "tel_buiten_openingstijd", "Enschede"), 1)


def test_second_line_team_is_split_per_gemeente():
    los = make_calls([("beantwoord", 10), ("opgehangen", 10)], **PVH)
    ens = make_calls([("beantwoord", 10)], lijn=2, team="PVH", gemeente="Enschede", wachtrij="ENS-PVH")
    rows = run(concat_calls(los, ens))
    # Losser PVH 1/2 = 50 %; Enschede PVH 1/1 = 100 %
    assert_ratio(kpi(rows, "tel_tweedelijn_bereikbaar_pct", "Losser", groep="team=PVH"), 50.0, 1, 2)
    assert_ratio(kpi(rows, "tel_tweedelijn_bereikbaar_pct", "Enschede", groep="team=PVH"), 100.0, 1, 1)


def test_each_periode_is_counted_apart():
    rows = run(
        concat_calls(
            make_calls([("beantwoord", 10)] * 2, periode="2026-07"), make_calls([("beantwoord", 10)], periode="2026-08")
        )
    )
    assert_count(kpi(rows, "tel_beantwoord", periode="2026-07"), 2)
    assert_count(kpi(rows, "tel_beantwoord", periode="2026-08"), 1)


# --- local dates (Europe/Amsterdam) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("utc", "local"),
    [
        pytest.param(datetime(2026, 6, 30, 23, 30), date(2026, 7, 1), id="summer-2330Z-is-0130-next-day"),
        pytest.param(datetime(2026, 6, 30, 22, 30), date(2026, 7, 1), id="summer-2230Z-is-0030-next-day"),
        pytest.param(datetime(2026, 6, 30, 21, 59, 59), date(2026, 6, 30), id="summer-2159Z-is-2359-same-day"),
        pytest.param(datetime(2026, 1, 31, 23, 30), date(2026, 2, 1), id="winter-2330Z-is-0030-next-day"),
        pytest.param(datetime(2026, 1, 31, 22, 59, 59), date(2026, 1, 31), id="winter-2259Z-is-2359-same-day"),
        pytest.param(datetime(2026, 3, 28, 23, 0), date(2026, 3, 29), id="dst-start-2300Z-is-0000-CET"),
        pytest.param(datetime(2026, 3, 29, 0, 59, 59), date(2026, 3, 29), id="dst-start-0059Z-is-0159-CET"),
        pytest.param(datetime(2026, 3, 29, 1, 0, 0), date(2026, 3, 29), id="dst-start-0100Z-is-0300-CEST"),
        pytest.param(datetime(2026, 3, 29, 21, 59, 59), date(2026, 3, 29), id="dst-start-2159Z-is-2359-CEST"),
        pytest.param(datetime(2026, 3, 29, 22, 0), date(2026, 3, 30), id="dst-start-2200Z-is-0000-CEST-next"),
        pytest.param(datetime(2026, 10, 24, 22, 59), date(2026, 10, 25), id="dst-end-eve-2259Z-is-0059-CEST"),
        pytest.param(datetime(2026, 10, 25, 0, 30), date(2026, 10, 25), id="dst-end-0030Z-is-0230-CEST"),
        pytest.param(datetime(2026, 10, 25, 1, 30), date(2026, 10, 25), id="dst-end-0130Z-is-0230-CET"),
        pytest.param(datetime(2026, 10, 25, 22, 59, 59), date(2026, 10, 25), id="dst-end-2259Z-is-2359-CET"),
        pytest.param(datetime(2026, 10, 25, 23, 0), date(2026, 10, 26), id="dst-end-2300Z-is-0000-CET-next"),
    ],
)
def test_with_local_date_buckets_by_the_amsterdam_date(utc, local):
    frame = make_calls([(utc.replace(tzinfo=UTC),)], columns=("gestart_op",), periode=None)
    got = with_local_date(frame, "gestart_op", TZ).collect()
    assert got["datum"].dtype == pl.Date
    assert got["datum"].to_list() == [local]


def test_with_local_date_keeps_the_utc_column_and_can_name_the_date():
    frame = make_calls([(datetime(2026, 6, 30, 23, 30, tzinfo=UTC),)], columns=("gestart_op",), periode=None)
    got = with_local_date(frame, "gestart_op", TZ, name="lokale_datum").collect()
    assert got["gestart_op"].to_list() == [datetime(2026, 6, 30, 23, 30, tzinfo=UTC)]
    assert got["lokale_datum"].to_list() == [date(2026, 7, 1)]


def test_month_label_is_year_dash_month():
    frame = pl.LazyFrame({"datum": [date(2026, 7, 1), date(2026, 12, 31), date(2027, 1, 1)]})
    assert frame.select(month_label()).collect().to_series().to_list() == ["2026-07", "2026-12", "2027-01"]


def test_within_is_inclusive_at_both_ends():
    frame = pl.LazyFrame({"datum": [date(2026, 6, 30), date(2026, 7, 1), date(2026, 7, 31), date(2026, 8, 1)]})
    got = within(frame, date(2026, 7, 1), date(2026, 7, 31)).collect()["datum"].to_list()
    assert got == [date(2026, 7, 1), date(2026, 7, 31)]


def by_local_month(calls: pl.LazyFrame) -> pl.LazyFrame:
    return with_local_date(calls, "gestart_op", TZ).with_columns(periode=month_label())


def test_summer_month_buckets_follow_the_local_date():
    utc = [
        datetime(2026, 6, 30, 21, 59, tzinfo=UTC),  # 23:59 CEST 06-30 -> 2026-06
        datetime(2026, 6, 30, 22, 30, tzinfo=UTC),  # 00:30 CEST 07-01 -> 2026-07
        datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # 01:30 CEST 07-01 -> 2026-07
        datetime(2026, 7, 31, 21, 30, tzinfo=UTC),  # 23:30 CEST 07-31 -> 2026-07
        datetime(2026, 7, 31, 22, 0, tzinfo=UTC),  # 00:00 CEST 08-01 -> 2026-08
    ]
    calls = make_calls(
        [(t, "beantwoord", 10) for t in utc], columns=("gestart_op", "uitkomst", "wacht_s"), periode=None
    )
    rows = run(by_local_month(calls))
    # answered per local month: 2026-06: 1, 2026-07: 3, 2026-08: 1
    assert_count(kpi(rows, "tel_beantwoord", periode="2026-06"), 1)
    assert_count(kpi(rows, "tel_beantwoord", periode="2026-07"), 3)
    assert_count(kpi(rows, "tel_beantwoord", periode="2026-08"), 1)


def test_winter_month_buckets_follow_the_local_date():
    calls = make_calls(
        [
            (datetime(2026, 1, 31, 22, 59, tzinfo=UTC), "beantwoord", 10),  # 23:59 CET 01-31 -> 2026-01
            (datetime(2026, 1, 31, 23, 30, tzinfo=UTC), "gesloten", 0),  # 00:30 CET 02-01 -> 2026-02
        ],
        columns=("gestart_op", "uitkomst", "wacht_s"),
        periode=None,
    )
    rows = run(by_local_month(calls))
    assert_count(kpi(rows, "tel_beantwoord", periode="2026-01"), 1)
    assert_count(kpi(rows, "tel_buiten_openingstijd", periode="2026-01"), 0)
    assert_count(kpi(rows, "tel_beantwoord", periode="2026-02"), 0)
    assert_count(kpi(rows, "tel_buiten_openingstijd", periode="2026-02"), 1)


def test_dst_end_night_lands_in_october():
    calls = make_calls(
        [
            (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "beantwoord", 10),  # 02:30 CEST 10-25
            (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "beantwoord", 40),  # 02:30 CET 10-25 (same wall time)
            (datetime(2026, 10, 31, 23, 30, tzinfo=UTC), "beantwoord", 10),  # 00:30 CET 11-01 -> November
        ],
        columns=("gestart_op", "uitkomst", "wacht_s"),
        periode=None,
    )
    rows = run(by_local_month(calls))
    # October: 2 answered, waits 10 (<= 30) and 40 -> SL 1/2 = 50 %; November: 1 answered
    assert_ratio(kpi(rows, "tel_servicelevel_pct", periode="2026-10"), 50.0, 1, 2)
    assert_count(kpi(rows, "tel_beantwoord", periode="2026-11"), 1)


# --- with_norms ------------------------------------------------------------------------------


def long(rows: list[tuple]) -> pl.LazyFrame:
    """A tiny long KPI frame: (kpi, waarde) rows for Losser 2026-07."""
    return pl.LazyFrame(
        [("Losser", "2026-07", k, None, w, None, None) for k, w in rows],
        schema={
            "gemeente": pl.String,
            "periode": pl.String,
            "kpi": pl.String,
            "groep": pl.String,
            "waarde": pl.Float64,
            "teller": pl.Int64,
            "noemer": pl.Int64,
        },
        orient="row",
    )


def gehaald(frame: pl.LazyFrame, norms) -> list:
    return with_norms(frame, norms).collect()["norm_gehaald"].to_list()


def test_norm_at_least_is_met_at_or_above_the_target():
    norms = {"tel_servicelevel_pct": (80.0, ">=")}
    frame = long([("tel_servicelevel_pct", 79.9), ("tel_servicelevel_pct", 80.0), ("tel_servicelevel_pct", 92.5)])
    # 79.9 >= 80 false; 80 >= 80 true; 92.5 >= 80 true
    assert gehaald(frame, norms) == [False, True, True]


def test_norm_at_most_is_met_at_or_below_the_target():
    norms = {"tel_verloren_pct": (5.0, "<=")}
    frame = long([("tel_verloren_pct", 3.0), ("tel_verloren_pct", 5.0), ("tel_verloren_pct", 5.1)])
    # 3 <= 5 true; 5 <= 5 true; 5.1 <= 5 false
    assert gehaald(frame, norms) == [True, True, False]


def test_norm_gehaald_is_empty_where_no_norm_applies():
    norms = {"tel_servicelevel_pct": (80.0, ">=")}
    out = with_norms(long([("tel_aangeboden", 12.0), ("tel_wachttijd_gem_s", 25.0)]), norms).collect()
    assert out["norm"].to_list() == [None, None]
    assert out["norm_gehaald"].to_list() == [None, None]


def test_norm_gehaald_is_empty_where_the_value_is_empty():
    norms = {"tel_servicelevel_pct": (80.0, ">="), "tel_verloren_pct": (5.0, "<=")}
    out = with_norms(long([("tel_servicelevel_pct", None), ("tel_verloren_pct", None)]), norms).collect()
    assert out["norm"].to_list() == [80.0, 5.0]  # the norm is still shown
    assert out["norm_gehaald"].to_list() == [None, None]


def test_with_norms_returns_the_kpis_csv_schema_and_keeps_rows():
    frame = long([("tel_servicelevel_pct", 85.0), ("tel_aangeboden", 3.0)])
    out = with_norms(frame, {"tel_servicelevel_pct": (80.0, ">=")}).collect()
    assert out.schema == KPI_SCHEMA
    assert out.height == 2
    assert out.select("kpi", "waarde").rows() == [("tel_servicelevel_pct", 85.0), ("tel_aangeboden", 3.0)]


def test_telephony_kpis_with_default_norms_end_to_end():
    norms = {"tel_servicelevel_pct": (80.0, ">="), "tel_verloren_pct": (5.0, "<="), "tel_eerstelijn_pct": (80.0, ">=")}
    calls = make_calls(
        [
            *[("beantwoord", 10)] * 7,  # 7 answered within 30 s, no transfer
            ("beantwoord", 60, 0, "PVH"),  # 1 answered late, transferred
            ("opgehangen", 20),  # 1 lost
            ("opgehangen", 2),  # short: ignored
        ]
    )
    out = with_norms(telephony_kpis(calls, T, S), norms).collect()
    got = {r["kpi"]: r for r in out.iter_rows(named=True)}
    # SL = 7 / (8 answered + 1 lost) = 77.8 % < 80 -> false
    assert got["tel_servicelevel_pct"]["waarde"] == pytest.approx(700 / 9)
    assert got["tel_servicelevel_pct"]["norm_gehaald"] is False
    # lost = 1 / 9 = 11.1 % > 5 -> false
    assert got["tel_verloren_pct"]["waarde"] == pytest.approx(100 / 9)
    assert got["tel_verloren_pct"]["norm_gehaald"] is False
    # first line = 7 / 8 answered = 87.5 % >= 80 -> true
    assert got["tel_eerstelijn_pct"]["waarde"] == pytest.approx(87.5)
    assert got["tel_eerstelijn_pct"]["norm_gehaald"] is True
    # no norm: empty
    assert got["tel_aangeboden"]["norm_gehaald"] is None


def test_norm_gehaald_is_empty_for_a_zero_denominator_kpi_end_to_end():
    norms = {"tel_servicelevel_pct": (80.0, ">=")}
    out = with_norms(telephony_kpis(make_calls([("gesloten", 0)]), T, S), norms).collect()
    sl = out.filter(pl.col("kpi") == "tel_servicelevel_pct").row(0, named=True)
    # 0 / 0: waarde empty, so whether the norm is met is empty too (not false)
    assert (sl["waarde"], sl["norm"], sl["norm_gehaald"]) == (None, 80.0, None)


# ---------------------------------------------------------------- inputs of the forecast


def test_offered_per_hour_counts_offered_first_line_calls_by_local_hour():
    # 2026-07-01 is summer time (UTC+2). By hand:
    #   08:10Z Answered           -> 10:00 local, offered
    #   08:50Z Abandoned wait 9 s -> 10:00, offered (>= S)
    #   08:55Z Abandoned wait 2 s -> short abandon, not offered
    #   09:05Z Voicemail          -> 11:00, offered
    #   09:06Z Closed, 09:07Z IVR -> never offered
    #   09:30Z Answered on line 2 -> not first line
    #   21:59Z Callback           -> 23:00 local, offered
    # Losser: 10:00 -> 2, 11:00 -> 1, 23:00 -> 1.
    def at(h, m):
        return datetime(2026, 7, 1, h, m, tzinfo=UTC)

    calls = concat_calls(
        make_calls(
            [("beantwoord",), ("opgehangen", 9), ("opgehangen", 2)], periode=None, gestart_op=at(8, 10)
        ).with_columns(gestart_op=pl.Series([at(8, 10), at(8, 50), at(8, 55)])),
        make_calls([("voicemail",)], periode=None, gestart_op=at(9, 5)),
        make_calls([("gesloten",)], periode=None, gestart_op=at(9, 6)),
        make_calls([("ivr",)], periode=None, gestart_op=at(9, 7)),
        make_calls([("beantwoord",)], periode=None, gestart_op=at(9, 30), **PVH),
        make_calls([("terugbelverzoek",)], periode=None, gestart_op=at(21, 59)),
    )
    out = offered_per_hour(calls, TZ, S).collect()
    assert out.schema["moment"] == pl.Datetime("us")
    assert out.rows() == [
        ("Losser", datetime(2026, 7, 1, 10), 2),
        ("Losser", datetime(2026, 7, 1, 11), 1),
        ("Losser", datetime(2026, 7, 1, 23), 1),
    ]


def test_handle_time_is_talk_plus_wrap_up_of_answered_calls_in_the_window():
    # Answered in the window: (120 + 30) and (200 + 50) -> AHT (150 + 250) / 2 = 200 s.
    # Left out: an abandoned call (talk 0), an answered call on 2026-06-30 local (before
    # the window: 21:30Z on 06-30 is 23:30 local) and one on line 2.
    rows = [("beantwoord", 0, 120, None, 30), ("beantwoord", 5, 200, None, 50), ("opgehangen", 40, 0, None, 0)]
    cols = ("uitkomst", "wacht_s", "gesprek_s", "doorverbonden_naar", "nawerk_s")
    calls = concat_calls(
        make_calls(rows, cols, periode=None),
        make_calls(
            [("beantwoord", 0, 900, None, 100)],
            cols,
            periode=None,
            gestart_op=datetime(2026, 6, 30, 21, 30, tzinfo=UTC),
        ),
        make_calls([("beantwoord", 0, 900, None, 100)], cols, periode=None, **PVH),
    )
    out = handle_time_s(calls, TZ, date(2026, 7, 1), date(2026, 7, 31)).collect()
    assert out.rows() == [("Losser", 200.0, 2)]
