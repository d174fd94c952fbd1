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
            (
                "Losser",
                month,
                "tel_servicelevel_pct",
                None,
                within * 100 / (answered + lost),
                within,
                answered + lost,
                80.0,
                within * 100 / (answered + lost) >= 80,
            ),
            (
                "Losser",
                month,
                "tel_verloren_pct",
                None,
                lost * 100 / (answered + lost),
                lost,
                answered + lost,
                5.0,
                lost * 100 / (answered + lost) <= 5,
            ),
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
    return kpi_rows(
        [
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
        ]
    )


@pytest.fixture
def checks() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "dataset": ["gesprekken", "kpis"],
            "verwachting": ["uitkomst is bekend", "@SUM(A1:A2) is geen formule"],
            "kolom": ["uitkomst", None],
            "kritiek": [True, False],
            "geslaagd": [True, False],
            "afwijkend": [0, 2],
            "voorbeelden": [None, "+31 53 123 4567, -1"],
        },
        schema={
            "dataset": pl.String,
            "verwachting": pl.String,
            "kolom": pl.String,
            "kritiek": pl.Boolean,
            "geslaagd": pl.Boolean,
            "afwijkend": pl.Int64,
            "voorbeelden": pl.String,
        },
    )


@pytest.fixture
def quarantine() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "bron_bestand": ["kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260704.csv"],
            "regel": ["negatieve_wachttijd", "bestand_afgewezen"],
            "aantal": [3, 1],
            "voorbeeld_reden": ["-5 is negatief", "=1+1 in kopregel"],
        }
    )


@pytest.fixture
def files() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "bron": ["kcc", "kcc"],
            "bron_bestand": ["kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260704.csv"],
            "bron_hash": ["a" * 64, "b" * 64],
            "export_stempel": ["20260702", "20260704"],
            "status": ["geladen", "afgewezen"],
            "rijen_gelezen": [1200, 5],
            "rijen_geladen": [1197, 0],
            "rijen_quarantaine": [3, 5],
        }
    )


# --- one gemeente's report inputs from hand-made KPI rows -------------------------------------------

from datetime import UTC, date, datetime  # noqa: E402

from core.catalogue import BY_CODE, Parameters, texts  # noqa: E402
from core.periods import parse_period  # noqa: E402
from core.registry import SOURCES as REGISTRY  # noqa: E402
from core.registry import UNKNOWN_SCHEMA  # noqa: E402
from reports.inputs import ReportInputs  # noqa: E402
from transforms.coverage import PERIOD_COVERAGE_SCHEMA, partial_figures  # noqa: E402
from transforms.verdicts import verdicts  # noqa: E402

DIRECTIONS = {
    "tel_servicelevel_pct": ">=",
    "tel_verloren_pct": "<=",
    "tel_eerstelijn_pct": ">=",
    "zaak_binnen_termijn_pct": ">=",
    "afs_wachttijd_binnen_norm_pct": ">=",
}
PROVENANCE = {
    "Run-id": "run-42",
    "Tijdstip (UTC)": "2026-08-01 06:30:00",
    "Gemeente": "Losser",
    "Periode": "2026-07",
    "Opslagversie": "7",
    "Softwareversie": "dienstverleningsmonitor 0.1.0",
    "Configuratie": "=cmd|' /C calc'!A0",
}
SOURCES = tuple(s.table for s in REGISTRY)  # every source covers every period


def whole_periods(kpis: pl.DataFrame, until: dict[str, date] | None = None) -> pl.DataFrame:
    """Period coverage saying every source covers every periode of `kpis` in full, except where
    `until` (periode -> last day with data) cuts a period short."""
    rows = []
    for label in kpis["periode"].unique().sort().to_list():
        p = parse_period(label)
        last = (until or {}).get(label, p.end)
        rows += [
            (g, label, s, p.start, last, last >= p.end) for g in kpis["gemeente"].unique().to_list() for s in SOURCES
        ]
    return pl.DataFrame(rows, schema=PERIOD_COVERAGE_SCHEMA, orient="row")


def inputs_for(
    kpis: pl.DataFrame,
    period: str = "2026-07",
    *,
    until: dict[str, date] | None = None,
    checks: pl.DataFrame | None = None,
    quarantine: pl.DataFrame | None = None,
    files: pl.DataFrame | None = None,
    parameters: Parameters = Parameters(),
    min_records: int = 30,
    gemeente: str = "Losser",
    product_names: dict[str, str] | None = None,
) -> ReportInputs:
    periods = whole_periods(kpis, until)
    judged = verdicts(partial_figures(kpis, periods), {c: k.kind for c, k in BY_CODE.items()}, min_records)
    empty_checks = pl.DataFrame(
        schema={
            "dataset": pl.String,
            "verwachting": pl.String,
            "kolom": pl.String,
            "kritiek": pl.Boolean,
            "geslaagd": pl.Boolean,
            "afwijkend": pl.Int64,
            "voorbeelden": pl.String,
        }
    )
    return ReportInputs(
        gemeente=gemeente,
        period=parse_period(period),
        kpis=judged.filter(pl.col("gemeente") == gemeente),
        periods=periods.filter(pl.col("gemeente") == gemeente),
        texts=texts(parameters),
        extra={},
        unknown=pl.DataFrame(schema=UNKNOWN_SCHEMA),
        checks=empty_checks if checks is None else checks,
        quarantine=pl.DataFrame(
            schema={"bron_bestand": pl.String, "regel": pl.String, "aantal": pl.Int64, "voorbeeld_reden": pl.String}
        )
        if quarantine is None
        else quarantine,
        files=pl.DataFrame(schema={"bron": pl.String, "bron_bestand": pl.String}) if files is None else files,
        norm_directions=DIRECTIONS,
        parameters=f"T = {parameters.answer_norm_s} s, S = {parameters.short_abandon_s} s",
        provenance=PROVENANCE,
        run_time=datetime(2026, 8, 1, 6, 30, tzinfo=UTC),
        store_version=7,
        min_records=min_records,
        product_names=product_names or {},
    )
