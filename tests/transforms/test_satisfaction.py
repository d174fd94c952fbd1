"""tevr_* KPIs on small hand-made sets of Klant in Focus responses; expected values worked by hand."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from core.catalogue import BY_CODE
from core.settings import Settings
from sources.kif import FEEDBACK_SCHEMA
from tests.transforms.kpi_asserts import assert_count, assert_ratio
from transforms.satisfaction import DISTRIBUTION, feedback_figures, response_rates, scores_per_channel
from transforms.verdicts import verdicts

AMS = ZoneInfo("Europe/Amsterdam")
CTX = Settings().figure_context()
BUCKETS = [
    ("2026-07", date(2026, 7, 1), date(2026, 7, 31)),
    ("2026-08", date(2026, 8, 1), date(2026, 8, 31)),
    ("2026-09", date(2026, 9, 1), date(2026, 9, 30)),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
]


def responses(rows: list[tuple], gemeente: str = "Losser", day: date = date(2026, 7, 14)) -> pl.DataFrame:
    """rows: (id, kanaal, vraag, score or None, team or None)."""
    return pl.DataFrame(
        [
            {
                "reactie_id": rid,
                "ontvangen_op": datetime.combine(day, datetime.min.time(), AMS),
                "datum": day,
                "kanaal": kanaal,
                "contactmoment": "x",
                "vraag": vraag,
                "score": score,
                "team": team,
                "product": None,
                "pagina": "/afval" if kanaal == "website" else None,
                "gemeente": gemeente,
                "export_stempel": "20260801T0000",
                "bron_bestand": "kif_feedback_20260801.csv",
                "bron_hash": "x",
            }
            for rid, kanaal, vraag, score, team in rows
        ],
        schema=FEEDBACK_SCHEMA,
    )


# One month of Losser (July 2026). Empty score = "Weet niet" or left empty: counted nowhere.
JULY = [
    ("1", "telefoon", "smiley", 5, "KCC"),
    ("2", "telefoon", "smiley", 4, "KCC"),  # 4 smileys: positive (the lowest positive score)
    ("3", "telefoon", "smiley", 3, "KCC"),  # 3 smileys: not positive
    ("4", "telefoon", "smiley", 1, "KCC"),
    ("5", "telefoon", "smiley", None, "KCC"),  # Weet niet
    ("6", "email", "smiley", 4, "KCC"),  # the KCC's e-mail answer counts for the KCC too
    ("7", "telefoon", "smiley", 2, "Zorg"),  # another team: not the KCC's
    ("8", "website", "smiley", 4, None),
    ("9", "website", "smiley", 3, None),
    ("10", "website", "smiley", None, None),
    ("11", "website", "rapportcijfer", 6, None),  # 6: voldoende (the lowest)
    ("12", "email", "rapportcijfer", 5, "Werk & Inkomen"),  # 5: not voldoende
    ("13", "webformulier", "rapportcijfer", 10, "BFR"),
    ("14", "webformulier", "rapportcijfer", None, "BFR"),
    ("15", "balie", "rapportcijfer", 9, "Publiekszaken"),  # not a digital channel
    ("16", "balie", "smiley", 5, "Publiekszaken"),
]


def figures(frame: pl.DataFrame, gemeenten=("Losser",)):
    return feedback_figures(frame.lazy(), BUCKETS, list(gemeenten), CTX, pl.DataFrame())


def rows_of(kpis: pl.DataFrame, periode: str, gemeente: str = "Losser") -> dict:
    return {(r["kpi"], r["groep"]): r for r in kpis.filter(periode=periode, gemeente=gemeente).iter_rows(named=True)}


def test_each_tevr_kpi_of_one_month_worked_by_hand():
    got = rows_of(figures(responses(JULY)).kpis, "2026-07")
    # valid responses: 16 minus the three without a score (5, 10, 14) = 13
    assert_count(got[("tevr_reacties", None)], 13)
    # per channel: telefoon 1,2,3,4,7 = 5; email 6,12 = 2; website 8,9,11 = 3; webformulier 13 = 1; balie 15,16 = 2
    for kanaal, n in {"telefoon": 5, "email": 2, "website": 3, "webformulier": 1, "balie": 2}.items():
        assert_count(got[("tevr_reacties", f"kanaal={kanaal}")], n)
    # KCC: smileys with team KCC and a score: 1(5), 2(4), 3(3), 4(1), 6(4) = 5; positive (4-5): 1, 2, 6 = 3 -> 60 %
    assert_ratio(got[("tevr_kcc_positief_pct", None)], 60.0, 3, 5)
    # website smileys with a score: 8(4), 9(3) = 2; positive: 8 -> 50 %
    assert_ratio(got[("tevr_website_positief_pct", None)], 50.0, 1, 2)
    # rapportcijfers on website/e-mail/webformulier with a score: 11(6), 12(5), 13(10) = 3; 6 or more: 11, 13
    assert_ratio(got[("tevr_digitaal_voldoende_pct", None)], 200 / 3, 2, 3)
    # mean rapportcijfer: 6 + 5 + 10 + 9 = 30 over 4 -> 7.5; per channel its own, telefoon has none (empty, not 0)
    assert_ratio(got[("tevr_cijfer_gem", None)], 7.5, 30, 4)
    assert_ratio(got[("tevr_cijfer_gem", "kanaal=balie")], 9.0, 9, 1)
    assert_ratio(got[("tevr_cijfer_gem", "kanaal=telefoon")], None, 0, 0)
    # the norms of DOMAIN.md
    assert {k: r["norm"] for (k, g), r in got.items() if g is None and r["norm"] is not None} == {
        "tevr_kcc_positief_pct": 90,
        "tevr_website_positief_pct": 80,
        "tevr_digitaal_voldoende_pct": 90,
    }
    assert got[("tevr_kcc_positief_pct", None)]["norm_gehaald"] is False


def test_a_period_without_valid_responses_has_no_percentage_never_zero():
    only_dont_know = responses([("E1", "telefoon", "smiley", None, "KCC")], gemeente="Enschede", day=date(2026, 8, 3))
    result = figures(pl.concat([responses(JULY), only_dont_know]), gemeenten=("Losser", "Enschede")).kpis
    for periode, gemeente in (("2026-08", "Enschede"), ("2026-09", "Losser"), ("2026-08", "Losser")):
        got = rows_of(result, periode, gemeente)
        assert_count(got[("tevr_reacties", None)], 0)
        for code in ("tevr_kcc_positief_pct", "tevr_website_positief_pct", "tevr_digitaal_voldoende_pct"):
            assert_ratio(got[(code, None)], None, 0, 0)
            assert got[(code, None)]["norm_gehaald"] is None
        assert_ratio(got[("tevr_cijfer_gem", None)], None, 0, 0)
        assert_count(got[("tevr_reacties", "kanaal=website")], 0)
    # the quarter holds July's responses
    assert_ratio(rows_of(result, "2026-Q3")[("tevr_kcc_positief_pct", None)], 60.0, 3, 5)


def test_small_numbers_get_no_verdict_and_thirty_do():
    def kcc(n_positive: int, n: int) -> pl.DataFrame:
        return responses([(f"K{i}", "telefoon", "smiley", 5 if i < n_positive else 2, "KCC") for i in range(n)])

    kinds = {code: kpi.kind for code, kpi in BY_CODE.items()}
    for n_positive, n, verdict in ((27, 30, "ja"), (26, 29, "geen oordeel"), (26, 30, "nee")):
        frame = figures(kcc(n_positive, n)).kpis.with_columns(voorlopig=pl.lit(False))
        row = rows_of(verdicts(frame, kinds, 30), "2026-07")[("tevr_kcc_positief_pct", None)]
        # 27 of 30 = 90 % meets the norm of 90; 26 of 29 = 89.7 % over fewer than 30; 26 of 30 = 86.7 %
        assert (row["teller"], row["noemer"], row["oordeel"]) == (n_positive, n, verdict)


def test_the_score_distribution_per_channel():
    dist = figures(responses(JULY)).extra[DISTRIBUTION]
    smileys = scores_per_channel(dist, "2026-07", "smiley")
    telefoon = smileys.filter(kanaal="telefoon").row(0, named=True)
    # telefoon smileys: 5, 4, 3, 1, 2 (team Zorg) and one Weet niet: each score 1 of 5 = 20 %
    assert (telefoon["reacties"], telefoon["zonder_oordeel"]) == (5, 1)
    assert [telefoon[f"s{n}"] for n in range(1, 6)] == [20.0] * 5
    assert telefoon["goed_pct"] == pytest.approx(40.0) and telefoon["gemiddeld"] == pytest.approx(3.0)
    assert smileys["kanaal"].to_list() == ["telefoon", "balie", "email", "website"]  # CHANNELS order
    grades = scores_per_channel(dist, "2026-07", "rapportcijfer")
    webform = grades.filter(kanaal="webformulier").row(0, named=True)
    assert (webform["reacties"], webform["zonder_oordeel"], webform["s10"], webform["s1"]) == (1, 1, 100.0, 0.0)


def test_the_response_rate_beside_the_channels_contacts():
    kpis = figures(responses(JULY)).kpis
    contacts = pl.DataFrame(
        [("Losser", "2026-07", "kanaal_contacten", f"kanaal={k}", v) for k, v in (("telefoon", 100.0), ("balie", 0.0))],
        schema={
            "gemeente": pl.String,
            "periode": pl.String,
            "kpi": pl.String,
            "groep": pl.String,
            "waarde": pl.Float64,
        },
        orient="row",
    )
    rates = response_rates(pl.concat([kpis, contacts], how="diagonal_relaxed"), "2026-07")
    got = {r["kanaal"]: (r["reacties"], r["contacten"], r["respons_pct"]) for r in rates.iter_rows(named=True)}
    # telefoon: 5 responses per 100 contacts; balie: no contacts, no rate; website: no contacts in the channel picture
    assert got == {
        "telefoon": (5.0, 100.0, 5.0),
        "balie": (2.0, 0.0, None),
        "email": (2.0, None, None),
        "webformulier": (1.0, None, None),
        "website": (3.0, None, None),
    }


def test_no_gemeente_gives_no_figures():
    result = figures(responses(JULY), gemeenten=())
    assert result.kpis.is_empty() and result.extra[DISTRIBUTION].is_empty()
