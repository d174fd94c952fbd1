"""Report figures across domains: completion, norms and the channel reconciliation."""

from __future__ import annotations

from datetime import date, time

import polars as pl

from expectations.gx_runner import require
from expectations.kpis import reconcile_channels
from tests.transforms.test_appointments import DAY_ROWS, appointments
from transforms.figures import appointment_figures, channel_figures

JULY, AUGUST = ("2026-07", date(2026, 7, 1), date(2026, 7, 31)), ("2026-08", date(2026, 8, 1), date(2026, 8, 31))
NORMS = {"afs_wachttijd_binnen_norm_pct": (90.0, ">=")}


def test_appointment_figures_complete_empty_months_and_apply_norms():
    figures = appointment_figures(
        appointments(DAY_ROWS).drop("periode").lazy(), [JULY, AUGUST], ["Losser"], 10, time(17, 0), NORMS
    )
    rows = {(r["periode"], r["kpi"], r["groep"]): r for r in figures.iter_rows(named=True)}
    # July: 1 of 2 timed visits within 10 minutes = 50 % < 90 % -> norm not met.
    assert (
        rows[("2026-07", "afs_wachttijd_binnen_norm_pct", None)]["waarde"],
        rows[("2026-07", "afs_wachttijd_binnen_norm_pct", None)]["norm_gehaald"],
    ) == (50.0, False)
    # August has no appointments: booked 0, the ratio empty (norm present, not judged).
    assert rows[("2026-08", "afs_gepland", None)]["waarde"] == 0.0
    august = rows[("2026-08", "afs_wachttijd_binnen_norm_pct", None)]
    assert (august["waarde"], august["norm"], august["norm_gehaald"]) == (None, 90.0, None)


def test_channel_figures_reconcile_with_their_sources():
    tel = pl.DataFrame(
        {"gemeente": ["Losser"], "periode": ["2026-07"], "kpi": ["tel_aangeboden"], "groep": [None], "waarde": [100.0]},
        schema_overrides={"groep": pl.String},
    )
    cases = pl.LazyFrame(
        {
            "gemeente": ["Losser"] * 3,
            "registratiedatum": [date(2026, 7, 1)] * 3,
            "kanaal": ["email", "telefoon", "webformulier"],
        }
    )
    appts = appointments(DAY_ROWS).drop("periode").lazy()
    channels = channel_figures(tel, appts, cases, [JULY], ["Losser"], {})
    rows = {(r["kpi"], r["groep"]): r["waarde"] for r in channels.iter_rows(named=True)}
    # telefoon 100, balie 3 attended (A1, A2, A5), e-mail 1, webformulier 1 (the telefoon case not again)
    assert rows[("kanaal_contacten", None)] == 105.0
    noshow = pl.DataFrame(
        {
            "gemeente": ["Losser"],
            "periode": ["2026-07"],
            "kpi": ["afs_noshow_pct"],
            "groep": [None],
            "waarde": [25.0],
            "teller": [1],
            "noemer": [4],
        },
        schema_overrides={"groep": pl.String},
    )
    combined = pl.concat([channels, tel, noshow], how="diagonal_relaxed")
    assert all(r.success for r in require(reconcile_channels(combined)).results)


def test_channel_figures_show_every_channel_even_in_a_month_without_contacts():
    # August: no calls (tel_aangeboden 0), no appointments, no cases -> total 0 and each of the
    # six channels 0, so the parts still add up to the total and the Kanalen sheet has six rows.
    tel = pl.DataFrame(
        {"gemeente": ["Losser"], "periode": ["2026-08"], "kpi": ["tel_aangeboden"], "groep": [None], "waarde": [0.0]},
        schema_overrides={"groep": pl.String},
    )
    cases = pl.LazyFrame({"gemeente": ["Losser"], "registratiedatum": [date(2026, 7, 1)], "kanaal": ["email"]})
    channels = channel_figures(tel, appointments(DAY_ROWS).drop("periode").lazy(), cases, [AUGUST], ["Losser"], {})
    contacts = channels.filter(pl.col("kpi") == "kanaal_contacten")
    assert sorted(contacts["groep"].drop_nulls().to_list()) == [
        "kanaal=balie",
        "kanaal=email",
        "kanaal=post",
        "kanaal=sociale_media",
        "kanaal=telefoon",
        "kanaal=webformulier",
    ]
    assert contacts["waarde"].to_list() == [0.0] * 7
    digital = channels.filter(pl.col("kpi") == "kanaal_digitaal_pct").row(0, named=True)
    assert (digital["waarde"], digital["noemer"]) == (None, 0)
