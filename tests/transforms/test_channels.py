"""kanaal_* KPIs on small hand-made inputs; expected values worked by hand."""

from __future__ import annotations

import polars as pl

from tests.transforms.kpi_asserts import assert_count, assert_ratio
from transforms.channels import CHANNELS, channel_kpis


def tel(offered: dict[tuple[str, str], float]) -> pl.LazyFrame:
    rows: list[tuple[str, str, str, str | None, float]] = [
        (g, p, "tel_aangeboden", None, v) for (g, p), v in offered.items()
    ]
    rows.append(("Losser", "2026-07", "tel_beantwoord", None, 999.0))  # other KPIs are ignored
    rows.append(("Losser", "2026-07", "tel_tweedelijn_bereikbaar_pct", "team=PVH", 50.0))
    return pl.LazyFrame(rows, schema=["gemeente", "periode", "kpi", "groep", "waarde"], orient="row")


def visits(statuses: list[str], gemeente: str = "Losser", periode: str = "2026-07") -> pl.LazyFrame:
    return pl.LazyFrame({"gemeente": gemeente, "periode": periode, "status": statuses})


def cases(channels: list[str], gemeente: str = "Losser", periode: str = "2026-07") -> pl.LazyFrame:
    return pl.LazyFrame({"gemeente": gemeente, "periode": periode, "kanaal": channels})


def run(t, a, c) -> dict:
    out = channel_kpis(t, a, c).collect()
    return {(r["gemeente"], r["periode"], r["kpi"], r["groep"]): r for r in out.iter_rows(named=True)}


def test_each_contact_counted_once_from_its_own_source():
    rows = run(
        tel({("Losser", "2026-07"): 100.0}),  # 100 calls offered
        visits(["verschenen"] * 30 + ["niet_verschenen"] * 3 + ["geannuleerd"] * 2 + ["gepland"]),  # 30 attended
        # cases: 10 e-mail, 20 webformulier, 5 post, 2 sociale media; telefoon/balie/intern not again
        cases(
            ["email"] * 10
            + ["webformulier"] * 20
            + ["post"] * 5
            + ["sociale_media"] * 2
            + ["telefoon"] * 40
            + ["balie"] * 7
            + ["intern"] * 9
        ),
    )

    def part(k):
        return rows[("Losser", "2026-07", "kanaal_contacten", f"kanaal={k}")]

    expected = {"telefoon": 100, "balie": 30, "email": 10, "webformulier": 20, "post": 5, "sociale_media": 2}
    for kanaal, n in expected.items():
        assert_count(part(kanaal), n)
    # total = 100 + 30 + 10 + 20 + 5 + 2 = 167 = the sum of its parts
    total = rows[("Losser", "2026-07", "kanaal_contacten", None)]
    assert_count(total, 167)
    assert total["waarde"] == sum(part(k)["waarde"] for k in CHANNELS)
    # digital = e-mail 10 + webformulier 20 + sociale media 2 = 32 of 167 = 19.16 %
    assert_ratio(rows[("Losser", "2026-07", "kanaal_digitaal_pct", None)], 100 * 32 / 167, 32, 167)


def test_channels_without_contacts_are_zero_and_an_empty_month_has_no_share():
    rows = run(tel({("Losser", "2026-07"): 0.0}), visits([]), cases([]))
    # Losser appears (its offered calls row exists, with 0): every channel 0, share empty (0/0), never 0 %.
    for kanaal in CHANNELS:
        assert_count(rows[("Losser", "2026-07", "kanaal_contacten", f"kanaal={kanaal}")], 0)
    assert_ratio(rows[("Losser", "2026-07", "kanaal_digitaal_pct", None)], None, 0, 0)


def test_gemeenten_and_periods_are_kept_apart():
    rows = run(
        tel({("Losser", "2026-07"): 10.0, ("Enschede", "2026-07"): 70.0, ("Losser", "2026-08"): 12.0}),
        pl.concat([visits(["verschenen"] * 4), visits(["verschenen"] * 9, gemeente="Enschede")]),
        pl.concat([cases(["email"]), cases(["post"] * 3, periode="2026-08")]),
    )
    # Losser July: 10 + 4 + 1 = 15; Enschede July: 70 + 9 = 79; Losser August: 12 + 3 post = 15, digital 0/15.
    assert_count(rows[("Losser", "2026-07", "kanaal_contacten", None)], 15)
    assert_count(rows[("Enschede", "2026-07", "kanaal_contacten", None)], 79)
    assert_count(rows[("Losser", "2026-08", "kanaal_contacten", None)], 15)
    assert_ratio(rows[("Losser", "2026-08", "kanaal_digitaal_pct", None)], 0.0, 0, 15)
    assert_ratio(rows[("Enschede", "2026-07", "kanaal_digitaal_pct", None)], 0.0, 0, 79)
