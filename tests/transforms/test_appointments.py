"""afs_* KPIs on a small hand-made day of appointments; expected values worked by hand."""

from __future__ import annotations

from datetime import date, datetime, time

import polars as pl

from sources.appointments_schema import APPOINTMENTS_SCHEMA
from tests.transforms.kpi_asserts import assert_count, assert_ratio
from transforms.appointments import appointment_kpis

TZ = "Europe/Amsterdam"
DAY = date(2026, 7, 2)  # a Thursday


def at(hhmm: str | None, day: date = DAY) -> datetime | None:
    return None if hhmm is None else datetime.combine(day, datetime.strptime(hhmm, "%H:%M").time())


def appointments(rows: list[tuple], gemeente: str = "Losser") -> pl.DataFrame:
    """rows: (id, product, begin, status, aangemeld, opgeroepen, geboekt_op (date, HH:MM), via)."""
    records = []
    for afspraak_id, product, begin, status, aangemeld, opgeroepen, (booked_day, booked_at), via in rows:
        records.append(
            {
                "afspraak_id": afspraak_id,
                "product_code": product,
                "product": product,
                "locatie": "Gemeentehuis",
                "datum": DAY,
                "begin": at(begin),
                "eind": at(begin),
                "geboekt_op": at(booked_at, booked_day),
                "boekingskanaal": via,
                "status": status,
                "aangemeld": at(aangemeld),
                "opgeroepen": at(opgeroepen),
                "afgerond": None,
                "gemeente": gemeente,
                "export_stempel": "x",
                "bron_bestand": "x",
                "bron_hash": "x",
            }
        )
    frame = pl.DataFrame(
        records,
        schema={c: (pl.Datetime("us") if isinstance(t, pl.Datetime) else t) for c, t in APPOINTMENTS_SCHEMA.items()},
    )
    local = [c for c, t in APPOINTMENTS_SCHEMA.items() if isinstance(t, pl.Datetime)]
    return frame.with_columns(pl.col(c).dt.replace_time_zone(TZ) for c in local).with_columns(periode=pl.lit("2026-07"))


DAY_ROWS = [
    # A1 slot 09:00, in 08:55, called 09:10 = max(08:55, 09:00) + 10 min exactly: within. Booked 25 June: 7 days.
    ("A1", "PASAAN", "09:00", "verschenen", "08:55", "09:10", (date(2026, 6, 25), "10:00"), "internet"),
    # A2 slot 09:15, late in 09:20, called 09:31 > 09:20 + 10: not within. Booked the same day: 0 days.
    ("A2", "PASAAN", "09:15", "verschenen", "09:20", "09:31", (DAY, "08:00"), "telefoon"),
    # A3 evening slot 17:00 exactly, no-show. Booked 30 June: 2 days.
    ("A3", "RIJAAN", "17:00", "niet_verschenen", None, None, (date(2026, 6, 30), "12:00"), "internet"),
    # A4 cancelled: not booked, in no KPI.
    ("A4", "RIJAAN", "16:45", "geannuleerd", None, None, (date(2026, 6, 1), "12:00"), "internet"),
    # A5 appeared without a check-in time: not in the wait KPI. Booked 28 June: 4 days.
    ("A5", "UITTREKBS", "10:00", "verschenen", None, "10:05", (date(2026, 6, 28), "09:00"), "balie"),
    # A6 planned evening slot 18:30, booked 1 July: 1 day.
    ("A6", "UITTREKBS", "18:30", "gepland", None, None, (date(2026, 7, 1), "20:00"), "internet"),
]


def kpis(frame: pl.DataFrame) -> dict:
    out = appointment_kpis(frame.lazy(), wait_norm_minutes=10, evening_from=time(17, 0)).collect()
    return {(r["gemeente"], r["kpi"], r["groep"]): r for r in out.iter_rows(named=True)}


def test_totals_of_a_day():
    rows = kpis(appointments(DAY_ROWS))

    def k(code):
        return rows[("Losser", code, None)]

    assert_count(k("afs_gepland"), 5)  # A1, A2, A3, A5, A6 (A4 cancelled)
    assert_ratio(k("afs_noshow_pct"), 25.0, 1, 4)  # A3 / (A1, A2, A5 appeared + A3); A6 planned is neither
    assert_ratio(k("afs_wachttijd_binnen_norm_pct"), 50.0, 1, 2)  # A1 of A1, A2 (A5 has no check-in)
    # lead days of the booked: 7, 0, 2, 4, 1 -> sorted 0, 1, 2, 4, 7 -> median 2, over 5
    m = k("afs_boekingstermijn_mediaan_d")
    assert (m["waarde"], m["teller"], m["noemer"]) == (2.0, None, 5)
    assert_ratio(k("afs_online_geboekt_pct"), 60.0, 3, 5)  # A1, A3, A6 via internet of 5 booked
    assert_ratio(k("afs_avond_pct"), 40.0, 2, 5)  # A3 (17:00 counts) and A6 (18:30) of 5 booked


def test_per_product_and_location():
    rows = kpis(appointments(DAY_ROWS))
    # PASAAN: A1, A2. No-show 0/2; wait 1/2; lead 7 and 0 -> median (0 + 7) / 2 = 3.5; online 1/2; evening 0/2.
    assert_count(rows[("Losser", "afs_gepland", "product=PASAAN")], 2)
    assert_ratio(rows[("Losser", "afs_noshow_pct", "product=PASAAN")], 0.0, 0, 2)
    assert rows[("Losser", "afs_boekingstermijn_mediaan_d", "product=PASAAN")]["waarde"] == 3.5
    # RIJAAN: only A3 booked: no-show 1/1; no appeared with times -> wait empty (0/0); evening 1/1.
    assert_ratio(rows[("Losser", "afs_noshow_pct", "product=RIJAAN")], 100.0, 1, 1)
    assert_ratio(rows[("Losser", "afs_wachttijd_binnen_norm_pct", "product=RIJAAN")], None, 0, 0)
    assert_ratio(rows[("Losser", "afs_avond_pct", "product=RIJAAN")], 100.0, 1, 1)
    # UITTREKBS: A5, A6. No-show 0/1 (A6 planned); lead 4 and 1 -> 2.5; online 1/2 (A6).
    assert_ratio(rows[("Losser", "afs_noshow_pct", "product=UITTREKBS")], 0.0, 0, 1)
    assert rows[("Losser", "afs_boekingstermijn_mediaan_d", "product=UITTREKBS")]["waarde"] == 2.5
    assert_ratio(rows[("Losser", "afs_online_geboekt_pct", "product=UITTREKBS")], 50.0, 1, 2)
    # One location: its row equals the total.
    assert_count(rows[("Losser", "afs_gepland", "locatie=Gemeentehuis")], 5)


def test_a_configured_wait_norm_and_evening_start():
    from datetime import time

    out = appointment_kpis(appointments(DAY_ROWS).lazy(), wait_norm_minutes=11, evening_from=time(18, 0)).collect()
    rows = {(r["kpi"], r["groep"]): r for r in out.iter_rows(named=True)}
    assert_ratio(rows[("afs_wachttijd_binnen_norm_pct", None)], 100.0, 2, 2)  # A2: 09:31 <= 09:20 + 11
    assert_ratio(rows[("afs_avond_pct", None)], 20.0, 1, 5)  # only A6 (18:30) from 18:00


def test_gemeenten_are_kept_apart_and_zero_denominators_are_empty():
    enschede = appointments(
        [("E1", "PASAAN", "11:00", "geannuleerd", None, None, (DAY, "07:00"), "internet")], gemeente="Enschede"
    )
    rows = kpis(pl.concat([appointments(DAY_ROWS), enschede]))
    assert_count(rows[("Losser", "afs_gepland", None)], 5)
    # Enschede has only a cancelled appointment: nothing booked, every ratio empty, never 0.
    assert_count(rows[("Enschede", "afs_gepland", None)], 0)
    assert_ratio(rows[("Enschede", "afs_noshow_pct", None)], None, 0, 0)
    assert_ratio(rows[("Enschede", "afs_online_geboekt_pct", None)], None, 0, 0)
    m = rows[("Enschede", "afs_boekingstermijn_mediaan_d", None)]
    assert (m["waarde"], m["noemer"]) == (None, 0)


def test_the_evening_opening_on_its_own():
    rows = kpis(appointments(DAY_ROWS))
    # Evening (slot from 17:00): A3 (17:00, no-show) and A6 (18:30, planned). Booked 2; no-show 1 of
    # 1 that was due (A6 is still planned) = 100 %; online 2 of 2; lead 2 and 1 days -> median 1.5.
    assert_count(rows[("Losser", "afs_gepland", "dagdeel=avond")], 2)
    assert_ratio(rows[("Losser", "afs_noshow_pct", "dagdeel=avond")], 100.0, 1, 1)
    assert_ratio(rows[("Losser", "afs_online_geboekt_pct", "dagdeel=avond")], 100.0, 2, 2)
    assert rows[("Losser", "afs_boekingstermijn_mediaan_d", "dagdeel=avond")]["waarde"] == 1.5
    # Daytime: A1, A2, A5 booked (A4 cancelled); all appeared: no-show 0 of 3; wait 1 of 2.
    assert_count(rows[("Losser", "afs_gepland", "dagdeel=overdag")], 3)
    assert_ratio(rows[("Losser", "afs_noshow_pct", "dagdeel=overdag")], 0.0, 0, 3)
    assert_ratio(rows[("Losser", "afs_wachttijd_binnen_norm_pct", "dagdeel=overdag")], 50.0, 1, 2)
    assert_ratio(rows[("Losser", "afs_avond_pct", "dagdeel=overdag")], 0.0, 0, 3)
