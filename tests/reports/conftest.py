"""Small hand-made frames for the report tests."""

from __future__ import annotations

import polars as pl
import pytest

from transforms.kpi_frame import KPI_SCHEMA

HYPERLINK = '=HYPERLINK("https://example.org","klik")'


def kpi_rows(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=KPI_SCHEMA, orient="row")


@pytest.fixture
def monthly() -> pl.DataFrame:
    """Telephony KPIs of Losser for two months, as transforms.figures produces them."""
    rows = []
    for month, offered, answered, within, lost in [("2026-07", 100, 90, 72, 6), ("2026-08", 120, 116, 100, 2)]:
        rows += [
            ("Losser", month, "tel_aangeboden", None, float(offered), None, None, None, None),
            ("Losser", month, "tel_beantwoord", None, float(answered), None, None, None, None),
            ("Losser", month, "tel_servicelevel_pct", None, within * 100 / (answered + lost), within,
             answered + lost, 80.0, within * 100 / (answered + lost) >= 80),
            ("Losser", month, "tel_verloren_pct", None, lost * 100 / (answered + lost), lost, answered + lost, 5.0,
             lost * 100 / (answered + lost) <= 5),
            ("Losser", month, "tel_wachttijd_gem_s", None, 2400 / answered, 2400, answered, None, None),
            ("Losser", month, "tel_gesprekstijd_gem_s", None, 27000 / answered, 27000, answered, None, None),
            ("Losser", month, "tel_eerstelijn_pct", None, 75.0, 3 * answered // 4, answered, 80.0, False),
            ("Losser", month, "tel_buiten_openingstijd", None, 7.0, None, None, None, None),
            ("Losser", month, "tel_tweedelijn_bereikbaar_pct", "team=PVH", 50.0, 1, 2, None, None),
            ("Losser", month, "tel_tweedelijn_bereikbaar_pct", "team=Zorg", None, 0, 0, None, None),
        ]
    return kpi_rows(rows)


@pytest.fixture
def period_kpis() -> pl.DataFrame:
    """The period's own rows (2026-07), including an empty value and a formula-looking groep."""
    return kpi_rows([
        ("Losser", "2026-07", "tel_aangeboden", None, 100.0, None, None, None, None),
        ("Losser", "2026-07", "tel_servicelevel_pct", None, 75.0, 72, 96, 80.0, False),
        ("Losser", "2026-07", "tel_verloren_pct", None, 6.25, 6, 96, 5.0, False),
        ("Losser", "2026-07", "tel_eerstelijn_pct", None, 81.5, 73, 90, 80.0, True),
        ("Losser", "2026-07", "tel_wachttijd_gem_s", None, None, 0, 0, None, None),
        ("Losser", "2026-07", "tel_tweedelijn_bereikbaar_pct", "team=PVH", 50.0, 1, 2, None, None),
        ("Losser", "2026-07", "tel_tweedelijn_bereikbaar_pct", HYPERLINK, 100.0, 3, 3, None, None),
        # another gemeente and another period: not in Losser's 2026-07 summary
        ("Enschede", "2026-07", "tel_aangeboden", None, 700.0, None, None, None, None),
        ("Losser", "2026-08", "tel_aangeboden", None, 120.0, None, None, None, None),
    ])


@pytest.fixture
def checks() -> pl.DataFrame:
    return pl.DataFrame({
        "dataset": ["gesprekken", "kpis"],
        "verwachting": ["uitkomst is bekend", "@SUM(A1:A2) is geen formule"],
        "kolom": ["uitkomst", None],
        "kritiek": [True, False],
        "geslaagd": [True, False],
        "afwijkend": [0, 2],
        "voorbeelden": [None, "+31 53 123 4567, -1"],
    }, schema={"dataset": pl.String, "verwachting": pl.String, "kolom": pl.String, "kritiek": pl.Boolean,
               "geslaagd": pl.Boolean, "afwijkend": pl.Int64, "voorbeelden": pl.String})


@pytest.fixture
def quarantine() -> pl.DataFrame:
    return pl.DataFrame({
        "bron_bestand": ["kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260704.csv"],
        "regel": ["negatieve_wachttijd", "bestand_afgewezen"],
        "aantal": [3, 1],
        "voorbeeld_reden": ["-5 is negatief", "=1+1 in kopregel"],
    })


@pytest.fixture
def files() -> pl.DataFrame:
    return pl.DataFrame({
        "bron": ["kcc", "kcc"],
        "bron_bestand": ["kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260704.csv"],
        "bron_hash": ["a" * 64, "b" * 64],
        "export_stempel": ["20260702", "20260704"],
        "status": ["geladen", "afgewezen"],
        "rijen_gelezen": [1200, 5],
        "rijen_geladen": [1197, 0],
        "rijen_quarantaine": [3, 5],
    })
