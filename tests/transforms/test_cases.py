"""Case KPIs (`zaak_*`) against the KPI catalogue in DOMAIN.md, on small hand-made frames.

Every expected number below is worked out by hand from the catalogue definition, never by
calling the code. Unless a test says otherwise: gemeente Losser, team PVH, zaaktype AANVRAAG,
startdatum = registratiedatum, the bucket is 2026-Q2 (Wed 04-01 .. Tue 06-30, so D = 06-30),
contactverzoek zaaktype CV with a callback norm of 2 werkdagen, and `uiterste_datum` is given
directly (as `deadlines` would have added it) unless the test goes through `deadlines`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest

from core.catalogue import KPIS
from tests.transforms.kpi_asserts import assert_count, assert_ratio
from transforms.cases import case_kpis, cases_without_deadline
from transforms.workdays import deadlines, non_working_days, working_days

from .cases_builder import concat_cases, make_cases

Q2 = ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30))
APRIL = ("2026-04", date(2026, 4, 1), date(2026, 4, 30))
MAY = ("2026-05", date(2026, 5, 1), date(2026, 5, 31))
JUNE = ("2026-06", date(2026, 6, 1), date(2026, 6, 30))
CALENDAR = working_days(date(2024, 12, 1), date(2027, 1, 31))
CV_TYPES = ["CV"]
NORM_DAYS = 2
CASE_CODES = {k.code for k in KPIS if k.domain == "Zaken"}
LONG = {
    "gemeente": pl.String,
    "periode": pl.String,
    "kpi": pl.String,
    "groep": pl.String,
    "waarde": pl.Float64,
    "teller": pl.Int64,
    "noemer": pl.Int64,
}


def run(cases: pl.LazyFrame, buckets=(Q2,), types=CV_TYPES, norm_days=NORM_DAYS) -> dict:
    """The KPI rows keyed by (gemeente, periode, kpi, groep); fails on a duplicate key."""
    out = case_kpis(cases, list(buckets), types, norm_days, CALENDAR).collect()
    rows = {(r["gemeente"], r["periode"], r["kpi"], r["groep"]): r for r in out.iter_rows(named=True)}
    assert len(rows) == out.height, "duplicate (gemeente, periode, kpi, groep) rows"
    return rows


def kpi(rows: dict, code: str, periode: str = "2026-Q2", groep: str | None = None, gemeente: str = "Losser"):
    return rows[(gemeente, periode, code, groep)]


def assert_median(row, waarde, noemer):
    # A median has the number of cases as noemer and no teller.
    assert (row["teller"], row["noemer"]) == (None, noemer)
    assert row["waarde"] == (None if waarde is None else pytest.approx(waarde))


# --- shape -----------------------------------------------------------------------------------


def test_output_is_the_long_frame_with_every_case_kpi_once_per_gemeente_and_bucket():
    cases = make_cases([(date(2026, 5, 4), date(2026, 5, 6), date(2026, 5, 10))])
    out = case_kpis(cases, [Q2, APRIL], CV_TYPES, NORM_DAYS, CALENDAR).collect()
    assert dict(out.schema) == LONG
    totals = out.filter(pl.col("groep").is_null())
    assert set(totals["kpi"]) == CASE_CODES  # the catalogue's zaak_* codes, no zaak_zonder_termijn
    assert totals.height == 2 * len(CASE_CODES)  # Q2 and April, one gemeente
    assert out.select(["gemeente", "periode", "kpi", "groep"]).is_duplicated().sum() == 0


def test_periode_is_the_bucket_label_and_a_case_counts_in_every_bucket_its_date_falls_in():
    # Registered Mon 05-04: in May and in Q2 (overlapping buckets), not in April.
    rows = run(make_cases([(date(2026, 5, 4),)]), buckets=[Q2, APRIL, MAY])
    assert_count(kpi(rows, "zaak_ontvangen", "2026-Q2"), 1)
    assert_count(kpi(rows, "zaak_ontvangen", "2026-05"), 1)
    assert_count(kpi(rows, "zaak_ontvangen", "2026-04"), 0)


# --- received and closed ----------------------------------------------------------------------


def test_received_and_closed_count_by_their_own_date_with_both_ends_inclusive():
    rows = run(
        make_cases(
            [
                (date(2026, 3, 20), date(2026, 4, 10)),  # A: closed in Q2 only
                (date(2026, 4, 1),),  # B: registered on the first day, open
                (date(2026, 6, 30), date(2026, 7, 1)),  # C: registered on the last day, closed after
                (date(2026, 7, 1),),  # D: after the bucket: neither
                (date(2026, 5, 1), date(2026, 6, 30)),  # E: both, closed on the last day
            ]
        )
    )
    assert_count(kpi(rows, "zaak_ontvangen"), 3)  # B, C, E
    assert_count(kpi(rows, "zaak_afgehandeld"), 2)  # A, E


# --- on time ------------------------------------------------------------------------------------


def test_closed_on_the_deadline_day_is_on_time_one_day_later_is_late():
    rows = run(
        make_cases(
            [
                (date(2026, 5, 4), date(2026, 5, 12), date(2026, 5, 12)),  # on its deadline day: on time
                (date(2026, 5, 4), date(2026, 5, 13), date(2026, 5, 12)),  # one day later: late
            ]
        )
    )
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct"), 50.0, 1, 2)  # 1 / 2 * 100


def test_on_time_only_thanks_to_the_suspension():
    # Both MOR cases (5 werkdagen) start Thu 2026-04-02 and close Wed 04-15. Without suspension
    # the deadline is Mon 04-13 (Fri 04-03 Good Friday x, Mon 04-06 Easter Monday x, Tue 07 (1),
    # Wed 08 (2), Thu 09 (3), Fri 10 (4), Mon 13 (5)): late. With 3 days suspended it is
    # Mon 04-13 + 3 = Thu 04-16: on time.
    terms = pl.DataFrame({"zaaktype_code": ["MOR"], "term": [5], "unit": ["werkdagen"]})
    raw = make_cases(
        [
            (date(2026, 4, 2), date(2026, 4, 15), 3),
            (date(2026, 4, 2), date(2026, 4, 15), 0),
        ],
        ("registratiedatum", "einddatum", "opgeschort_dagen"),
        with_deadline=False,
        zaaktype_code="MOR",
    )
    with_deadline = deadlines(raw, terms, CALENDAR)
    assert with_deadline.collect()["uiterste_datum"].to_list() == [date(2026, 4, 16), date(2026, 4, 13)]
    rows = run(with_deadline)
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct"), 50.0, 1, 2)


def test_closed_without_a_deadline_is_counted_apart_and_not_in_the_denominator():
    cases = make_cases(
        [
            (date(2026, 5, 4), date(2026, 5, 10), date(2026, 5, 20)),  # A: on time
            (date(2026, 5, 4), date(2026, 5, 11)),  # B: closed, no deadline
            (date(2026, 5, 4), date(2026, 5, 12)),  # C: closed, no deadline
            (date(2026, 5, 4),),  # D: open, no deadline: not closed, so in neither
        ]
    )
    rows = run(cases)
    assert_count(kpi(rows, "zaak_afgehandeld"), 3)  # A, B, C
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct"), 100.0, 1, 1)  # A only: 1 / 1
    without = cases_without_deadline(cases, [Q2]).collect()
    assert dict(without.schema) == LONG
    total = without.filter(pl.col("groep").is_null()).row(0, named=True)
    assert total == {
        "gemeente": "Losser",
        "periode": "2026-Q2",
        "kpi": "zaak_zonder_termijn",
        "groep": None,
        "waarde": 2.0,
        "teller": None,
        "noemer": None,
    }  # B, C
    by_team = without.filter(pl.col("groep") == "team=PVH")["waarde"].to_list()
    assert by_team == [2.0]


# --- open over term at the bucket's last day -----------------------------------------------------


def test_open_over_term_looks_at_the_whole_history_at_the_last_day():
    rows = run(
        make_cases(
            [
                (date(2026, 5, 1), None, date(2026, 6, 29)),  # A: open at D, deadline the day before D: over
                (date(2026, 5, 1), date(2026, 7, 3), date(2026, 6, 15)),  # B: closed only after D: open at D, over
                (date(2026, 7, 1), None, date(2026, 6, 20)),  # C: registered after D (the deadline is made
                #    before D so only that rule keeps it out)
                (date(2026, 5, 1), None, date(2026, 6, 30)),  # E: deadline ON D: not over
                (date(2026, 5, 1), date(2026, 6, 30), date(2026, 6, 1)),  # F: closed on D: not open at D
                (date(2025, 1, 10), None, date(2025, 3, 1)),  # G: registered long before the bucket, still open
                (date(2026, 5, 1),),  # H: open, no deadline: cannot be over
            ]
        ),
        buckets=[Q2, APRIL],
    )
    assert_count(kpi(rows, "zaak_open_over_termijn", "2026-Q2"), 3)  # A, B, G
    # April, D = 04-30: A, B, E, F are registered only 05-01, C in July; G is over: 1.
    assert_count(kpi(rows, "zaak_open_over_termijn", "2026-04"), 1)


# --- median lead time ----------------------------------------------------------------------------


def test_median_lead_time_odd_even_and_none():
    rows = run(
        make_cases(
            [
                # April: lead times 2, 10 and 5 days (registratiedatum 03-30 is not what counts)
                (date(2026, 3, 30), date(2026, 4, 1), date(2026, 4, 3)),  # 2
                (date(2026, 4, 5), date(2026, 4, 5), date(2026, 4, 15)),  # 10
                (date(2026, 4, 20), date(2026, 4, 20), date(2026, 4, 25)),  # 5
                # May: 1, 3, 8 and 20 days
                (date(2026, 5, 4), date(2026, 5, 4), date(2026, 5, 5)),  # 1
                (date(2026, 5, 1), date(2026, 5, 1), date(2026, 5, 4)),  # 3
                (date(2026, 5, 10), date(2026, 5, 10), date(2026, 5, 18)),  # 8
                (date(2026, 4, 20), date(2026, 4, 20), date(2026, 5, 10)),  # 20: 04-20 -> 04-30 is 10, + 10
                # June: nothing closed, one case registered
                (date(2026, 6, 2),),
            ],
            ("registratiedatum", "startdatum", "einddatum"),
        ),
        buckets=[APRIL, MAY, JUNE],
    )
    # odd count: sorted 2, 5, 10 -> the middle one, 5
    assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d", "2026-04"), 5.0, 3)
    # even count: sorted 1, 3, 8, 20 -> polars takes the mean of the middle two: (3 + 8) / 2 = 5.5
    assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d", "2026-05"), 5.5, 4)
    # no case closed in June: empty value, noemer 0
    assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d", "2026-06"), None, 0)


# --- contactverzoek within the callback norm -----------------------------------------------------


def test_contactverzoek_within_two_working_days_across_weekend_and_holidays():
    spring = ("2026-03..04", date(2026, 3, 1), date(2026, 4, 30))
    rows = run(
        make_cases(
            [
                # Fri 03-06 +2: Sat x, Sun x, Mon 03-09 (1), Tue 03-10 (2)
                ("CV", date(2026, 3, 6), date(2026, 3, 10)),  # A: on Tue 03-10: within
                ("CV", date(2026, 3, 6), date(2026, 3, 11)),  # B: Wed 03-11: late
                # Thu 04-02 +2: Fri 04-03 Good Friday x, Mon 04-06 Easter Monday x, Tue 04-07 (1), Wed 04-08 (2)
                ("CV", date(2026, 4, 2), date(2026, 4, 8)),  # C: within, though 6 calendar days
                ("CV", date(2026, 4, 2), date(2026, 4, 9)),  # D: late
                # Fri 04-24 +2: Sat x, Sun x, Mon 04-27 King's Day x, Tue 04-28 (1), Wed 04-29 (2)
                ("CV", date(2026, 4, 24), date(2026, 4, 29)),  # E: within
                ("AANVRAAG", date(2026, 3, 6), date(2026, 3, 9)),  # F: not a contactverzoek type: excluded
                ("CV", date(2026, 4, 20)),  # G: open: not closed in the period, excluded
                ("CV", date(2026, 4, 28), date(2026, 5, 1)),  # H: closed after the period: excluded
            ],
            ("zaaktype_code", "registratiedatum", "einddatum"),
        ),
        buckets=[spring],
    )
    # within: A, C, E = 3 of A, B, C, D, E = 5 -> 60 %
    assert_ratio(kpi(rows, "zaak_contactverzoek_binnen_norm_pct", "2026-03..04"), 60.0, 3, 5)


def test_contactverzoek_norm_is_configurable():
    # Fri 2026-03-06 +1: Mon 03-09 (1). Closed Tue 03-10: late with a 1-day norm, within with 2.
    cases = make_cases(
        [("CV", date(2026, 3, 6), date(2026, 3, 10))], ("zaaktype_code", "registratiedatum", "einddatum")
    )
    march = [("2026-03", date(2026, 3, 1), date(2026, 3, 31))]
    code = "zaak_contactverzoek_binnen_norm_pct"
    assert_ratio(kpi(run(cases, march, norm_days=1), code, "2026-03"), 0.0, 0, 1)
    assert_ratio(kpi(run(cases, march, norm_days=2), code, "2026-03"), 100.0, 1, 1)


# --- breakdowns ---------------------------------------------------------------------------------

BREAKDOWN = make_cases(
    [
        # team, zaaktype, registratiedatum, einddatum, uiterste_datum
        ("PVH", "OMV-REG", date(2026, 4, 10), date(2026, 5, 20), date(2026, 5, 25)),  # 1: on time, 40 days
        ("PVH", "OMV-REG", date(2026, 4, 15), date(2026, 6, 10), date(2026, 6, 5)),  # 2: late, 56 days
        ("PVH", "KLACHT", date(2026, 5, 1), None, date(2026, 6, 12)),  # 3: open, over at D
        ("BFR", "MOR", date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 8)),  # 4: on time, 2 days
        ("BFR", "OMV-REG", date(2026, 6, 20), None, date(2026, 8, 15)),  # 5: open, not over
    ],
    ("team", "zaaktype_code", "registratiedatum", "einddatum", "uiterste_datum"),
)
# lead times: 1: 04-10 -> 05-20 = 20 (to 04-30) + 20 = 40; 2: 04-15 -> 06-10 = 15 + 31 + 10 = 56;
# 4: 06-01 -> 06-03 = 2.


def test_total_of_the_breakdown_example():
    rows = run(BREAKDOWN)
    assert_count(kpi(rows, "zaak_ontvangen"), 5)
    assert_count(kpi(rows, "zaak_afgehandeld"), 3)  # 1, 2, 4
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct"), 200 / 3, 2, 3)  # 1, 4 of 1, 2, 4
    assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d"), 40.0, 3)  # sorted 2, 40, 56
    assert_count(kpi(rows, "zaak_open_over_termijn"), 1)  # 3


def test_breakdown_per_team():
    rows = run(BREAKDOWN)
    pvh, bfr = "team=PVH", "team=BFR"
    assert_count(kpi(rows, "zaak_ontvangen", groep=pvh), 3)  # 1, 2, 3
    assert_count(kpi(rows, "zaak_afgehandeld", groep=pvh), 2)  # 1, 2
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct", groep=pvh), 50.0, 1, 2)  # 1 of 1, 2
    assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d", groep=pvh), 48.0, 2)  # (40 + 56) / 2
    assert_count(kpi(rows, "zaak_open_over_termijn", groep=pvh), 1)  # 3
    assert_count(kpi(rows, "zaak_ontvangen", groep=bfr), 2)  # 4, 5
    assert_count(kpi(rows, "zaak_afgehandeld", groep=bfr), 1)  # 4
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct", groep=bfr), 100.0, 1, 1)
    assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d", groep=bfr), 2.0, 1)
    assert_count(kpi(rows, "zaak_open_over_termijn", groep=bfr), 0)
    assert_ratio(kpi(rows, "zaak_contactverzoek_binnen_norm_pct", groep=bfr), None, 0, 0)


def test_breakdown_per_zaaktype():
    rows = run(BREAKDOWN)
    assert {k[3] for k in rows} == {None, "team=PVH", "team=BFR", "zaaktype=OMV-REG", "zaaktype=KLACHT", "zaaktype=MOR"}
    omv, klacht, mor = "zaaktype=OMV-REG", "zaaktype=KLACHT", "zaaktype=MOR"
    assert_count(kpi(rows, "zaak_ontvangen", groep=omv), 3)  # 1, 2, 5
    assert_count(kpi(rows, "zaak_afgehandeld", groep=omv), 2)  # 1, 2
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct", groep=omv), 50.0, 1, 2)
    assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d", groep=omv), 48.0, 2)
    assert_count(kpi(rows, "zaak_open_over_termijn", groep=omv), 0)  # 5 is not over
    assert_count(kpi(rows, "zaak_ontvangen", groep=klacht), 1)
    assert_count(kpi(rows, "zaak_afgehandeld", groep=klacht), 0)
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct", groep=klacht), None, 0, 0)  # nothing closed
    assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d", groep=klacht), None, 0)
    assert_count(kpi(rows, "zaak_open_over_termijn", groep=klacht), 1)  # 3
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct", groep=mor), 100.0, 1, 1)


def test_a_group_without_a_case_in_the_bucket_gets_no_breakdown_row_and_unknown_team_is_labelled():
    rows = run(
        make_cases(
            [
                ("BFR", date(2026, 1, 5), date(2026, 1, 9)),  # BFR: registered and closed in Q1 only
                (None, date(2026, 5, 4)),  # no team in the export
            ],
            ("team", "registratiedatum", "einddatum"),
        )
    )
    teams = {k[3] for k in rows if k[3] and k[3].startswith("team=")}
    assert teams == {"team=(onbekend)"}
    assert_count(kpi(rows, "zaak_ontvangen", groep="team=(onbekend)"), 1)


def test_two_gemeenten_are_kept_apart():
    cases = concat_cases(
        make_cases(
            [
                (date(2026, 4, 7), date(2026, 4, 9), date(2026, 4, 10)),
                (date(2026, 4, 8), date(2026, 4, 20), date(2026, 4, 10)),
            ]
        ),  # 1 of 2 on time
        make_cases([(date(2026, 4, 7), date(2026, 4, 9), date(2026, 4, 10))], gemeente="Enschede"),
    )
    rows = run(cases)
    assert_count(kpi(rows, "zaak_afgehandeld"), 2)
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct"), 50.0, 1, 2)
    assert_count(kpi(rows, "zaak_afgehandeld", gemeente="Enschede"), 1)
    assert_ratio(kpi(rows, "zaak_binnen_termijn_pct", gemeente="Enschede"), 100.0, 1, 1)
    assert_count(kpi(rows, "zaak_ontvangen", groep="team=PVH", gemeente="Enschede"), 1)


# --- empty denominators -------------------------------------------------------------------------


def test_zero_denominators_give_an_empty_value_and_counts_give_zero():
    # Only an open, non-contactverzoek case with its deadline after D: nothing closed, nothing over.
    july = ("2026-07", date(2026, 7, 1), date(2026, 7, 31))
    rows = run(make_cases([(date(2026, 5, 4), None, date(2026, 8, 1))]), buckets=[Q2, july])
    for periode in ("2026-Q2", "2026-07"):
        assert_ratio(kpi(rows, "zaak_binnen_termijn_pct", periode), None, 0, 0)
        assert_ratio(kpi(rows, "zaak_contactverzoek_binnen_norm_pct", periode), None, 0, 0)
        assert_median(kpi(rows, "zaak_doorlooptijd_mediaan_d", periode), None, 0)
        assert_count(kpi(rows, "zaak_afgehandeld", periode), 0)
        assert_count(kpi(rows, "zaak_open_over_termijn", periode), 0)
    assert_count(kpi(rows, "zaak_ontvangen", "2026-Q2"), 1)
    assert_count(kpi(rows, "zaak_ontvangen", "2026-07"), 0)  # total given even with no case in July


def test_no_cases_no_rows():
    assert case_kpis(make_cases([]), [Q2], CV_TYPES, NORM_DAYS, CALENDAR).collect().height == 0


def test_duplicate_bucket_labels_are_refused():
    with pytest.raises(ValueError, match="2026-Q2"):
        case_kpis(make_cases([(date(2026, 5, 4),)]), [Q2, Q2], CV_TYPES, NORM_DAYS, CALENDAR)


# --- against an obvious reference on random data -------------------------------------------------


def _random_cases(n: int, seed: int) -> pl.LazyFrame:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        reg = date(2025, 1, 1) + timedelta(days=rng.randrange(560))
        start = reg + timedelta(days=rng.choice([0, 0, 1, 3]))
        end = start + timedelta(days=rng.randrange(40)) if rng.random() < 0.85 else None
        deadline = start + timedelta(days=rng.randrange(-5, 45)) if rng.random() < 0.9 else None
        rows.append(
            (
                rng.choice(["PVH", "BFR", None]),
                rng.choice(["CV", "MOR", "OMV-REG"]),
                rng.choice(["Losser", "Enschede"]),
                reg,
                start,
                end,
                deadline,
            )
        )
    return make_cases(
        rows, ("team", "zaaktype_code", "gemeente", "registratiedatum", "startdatum", "einddatum", "uiterste_datum")
    )


def _reference(cases: list[dict], buckets, closed_days: set[date]) -> dict:
    """The catalogue definitions, written out case by case in plain Python."""

    def plus_workdays(d: date, n: int) -> date:
        while n:
            d += timedelta(days=1)
            n -= d not in closed_days
        return d

    out = {}
    for label, first, last in buckets:
        for gemeente in {c["gemeente"] for c in cases}:
            mine = [c for c in cases if c["gemeente"] == gemeente]
            closed = [c for c in mine if c["einddatum"] and first <= c["einddatum"] <= last]
            known = [c for c in closed if c["uiterste_datum"]]
            cv = [c for c in closed if c["zaaktype_code"] in CV_TYPES]
            leads = sorted((c["einddatum"] - c["startdatum"]).days for c in closed)
            mid = len(leads) // 2
            out[(gemeente, label)] = {
                "zaak_ontvangen": sum(first <= c["registratiedatum"] <= last for c in mine),
                "zaak_afgehandeld": len(closed),
                "zaak_binnen_termijn_pct": (sum(c["einddatum"] <= c["uiterste_datum"] for c in known), len(known)),
                "zaak_doorlooptijd_mediaan_d": (
                    None if not leads else leads[mid] if len(leads) % 2 else (leads[mid - 1] + leads[mid]) / 2
                ),
                "zaak_open_over_termijn": sum(
                    c["registratiedatum"] <= last
                    and not (c["einddatum"] and c["einddatum"] <= last)
                    and c["uiterste_datum"] is not None
                    and c["uiterste_datum"] < last
                    for c in mine
                ),
                "zaak_contactverzoek_binnen_norm_pct": (
                    sum(c["einddatum"] <= plus_workdays(c["registratiedatum"], NORM_DAYS) for c in cv),
                    len(cv),
                ),
            }
    return out


def test_totals_match_a_case_by_case_reference_on_random_data():
    cases = _random_cases(3000, seed=11)
    buckets = [
        ("2025-Q2", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2025-05-05..2025-05-05", date(2025, 5, 5), date(2025, 5, 5)),
    ]  # one day
    rows = run(cases, buckets)
    closed_days = non_working_days(date(2024, 12, 1), date(2027, 1, 31))
    expected = _reference(cases.collect().to_dicts(), buckets, closed_days)
    for (gemeente, label), kpis in expected.items():
        for code, value in kpis.items():
            row = kpi(rows, code, label, gemeente=gemeente)
            if isinstance(value, tuple):  # (teller, noemer)
                assert (row["teller"], row["noemer"]) == value, (gemeente, label, code)
            else:  # a count, or a median (None when nothing closed)
                assert row["waarde"] == value, (gemeente, label, code)


def test_breakdowns_add_up_to_the_total_for_counts():
    buckets = [("2025-Q3", date(2025, 7, 1), date(2025, 9, 30))]
    out = case_kpis(_random_cases(2000, seed=5), buckets, CV_TYPES, NORM_DAYS, CALENDAR).collect()
    counts = out.filter(pl.col("kpi").is_in(["zaak_ontvangen", "zaak_afgehandeld", "zaak_open_over_termijn"]))
    totals = counts.filter(pl.col("groep").is_null()).select("gemeente", "kpi", total="waarde")
    for prefix in ("team=", "zaaktype="):
        parts = (
            counts.filter(pl.col("groep").str.starts_with(prefix))
            .group_by("gemeente", "kpi")
            .agg(som=pl.col("waarde").sum())
        )
        joined = totals.join(parts, on=["gemeente", "kpi"], how="left").with_columns(pl.col("som").fill_null(0))
        assert (joined["total"] == joined["som"]).all(), prefix


def test_open_over_term_of_a_partial_period_is_counted_at_the_last_day_with_data():
    # Z1 registered 1 Oct 2026, deadline 15 Nov, still open; Z2 registered 1 Oct, deadline 10 Dec, open.
    # The year 2026 ends on 31 Dec, but the case data runs to 30 Nov: at D = 30 Nov only Z1 is over its
    # term (at 31 Dec, a day nobody has seen yet, both would be).
    from transforms.cases import case_kpis

    cases = pl.LazyFrame(
        {
            "zaak_id": ["Z1", "Z2"],
            "gemeente": ["Losser"] * 2,
            "team": ["PVH"] * 2,
            "zaaktype_code": ["WOO"] * 2,
            "kanaal": ["email"] * 2,
            "registratiedatum": [date(2026, 10, 1)] * 2,
            "startdatum": [date(2026, 10, 1)] * 2,
            "einddatum": [None, None],
            "uiterste_datum": [date(2026, 11, 15), date(2026, 12, 10)],
        },
        schema_overrides={"einddatum": pl.Date},
    )
    year = [("2026", date(2026, 1, 1), date(2026, 12, 31))]
    workdays = pl.Series([date(2026, 1, 1)], dtype=pl.Date)

    def over(until):
        out = case_kpis(cases, year, [], 2, workdays, until).collect()
        return out.filter((pl.col("kpi") == "zaak_open_over_termijn") & pl.col("groep").is_null())["waarde"].item()

    assert over(None) == 2.0
    assert over(pl.LazyFrame({"gemeente": ["Losser"], "tot": [date(2026, 11, 30)]})) == 1.0
