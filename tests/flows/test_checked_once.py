"""The checks on the store's tables run once per store version, configuration and program; a report
of a version checked before reads their results (kept in the store) and imports no Great
Expectations; a new load or another configuration is checked again."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest
from prefect.settings import PREFECT_API_URL

from core.settings import load_settings
from expectations.gx_runner import ExpectationResult, ValidationReport
from flows.store_checks import checked_store, is_checked, kept
from flows.stores import open_store
from tests.child import child_env, dvm_in_child
from tests.dvm.conftest import load_fixture_files


def test_results_read_back_as_they_were():
    """Pairs, rows and text among the examples come back as they went in (the Controles sheet and a
    failure's message show them alike)."""
    report = ValidationReport(
        "kpis",
        12,
        [
            ExpectationResult(
                "kpis",
                "expect_column_pair_values_a_to_be_greater_than_b",
                "noemer, teller",
                True,
                False,
                1,
                [(95, 99)],
                "teller hoogstens noemer bij percentages",
            ),
            ExpectationResult(
                "kpis",
                "expect_compound_columns_to_be_unique",
                "gemeente, groep",
                True,
                False,
                2,
                [{"gemeente": "Losser", "groep": None}],
                "één rij per gemeente",
            ),
            ExpectationResult(
                "gesprekken",
                "expect_column_values_to_be_between",
                "wacht_s",
                False,
                True,
                0,
                ["rij 3", 2.5, "2026-07-01T09:00:00+00:00"],
                "wachttijd",
            ),
            ExpectationResult("gesprekken", "expect_table_columns_to_match_set", None, True, True, None, [], ""),
        ],
    )
    again = ValidationReport.from_json(report.to_json())
    assert again == report
    assert again.to_frame().equals(report.to_frame())


def test_a_version_is_checked_once_and_again_after_a_load_or_a_configuration_change(tmp_path):
    home = tmp_path / "home"
    first = load_fixture_files(home, "kcc_gesprekken_20260702.csv")
    settings = load_settings(home=home)
    assert not is_checked(settings, first)
    results = checked_store(settings, first)
    assert [r.dataset for r in results] == ["dagtotalen gesprekken", "zaken", "afspraken", "reacties", "metingen"]
    assert is_checked(settings, first) and is_checked(settings, None)
    assert kept(open_store(settings), first, settings) == results  # read back, the same
    assert checked_store(settings, first) == results
    # another configuration (the answer norm): the same version is checked again
    os.environ["DVM_TELEPHONY__ANSWER_NORM_S"] = "20"
    try:
        changed = load_settings(home=home)
    finally:
        del os.environ["DVM_TELEPHONY__ANSWER_NORM_S"]
    assert not is_checked(changed, first)
    # a new load: a new version, not checked yet; the old one still is
    second = load_fixture_files(home, "kcc_gesprekken_20260703T0600.csv")
    assert second == first + 1
    assert not is_checked(settings, None) and not is_checked(settings, second) and is_checked(settings, first)


def report_in_child(home: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[bool, str]:
    """`dvm report 2026-Q3` in a child process against this session's Prefect server: whether it
    imported Great Expectations, and Losser's kpis.csv."""
    environment = child_env(PREFECT_API_URL=str(PREFECT_API_URL.value()), DVM_REPORT__PDF="false", **(env or {}))
    done, imported = dvm_in_child("report", "2026-Q3", "--home", str(home), *extra, env=environment, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return "great_expectations" in imported, (home / "reports" / "Losser" / "2026-Q3" / "kpis.csv").read_text(
        encoding="utf-8"
    )


def checks_sheet(home: Path) -> pl.DataFrame:
    book = home / "reports" / "Losser" / "2026-Q3" / "dienstverleningsmonitor_Losser_2026-Q3.xlsx"
    return pl.read_excel(book, sheet_name="Controles", has_header=False)


@pytest.mark.slow
def test_a_report_of_a_checked_version_imports_no_great_expectations(tmp_path):
    home = tmp_path / "home"
    load_fixture_files(home, "kcc_gesprekken_20260702.csv")
    checked, kpis = report_in_child(home)
    assert checked  # the first report of the version checks it
    controles = checks_sheet(home)
    again, same = report_in_child(home)
    assert not again and same == kpis  # the second reads the results: no GX, the same figures
    assert checks_sheet(home).equals(controles) and controles.height > 10  # the same checks, as they were
    # another configuration: checked again
    changed, _ = report_in_child(home, env={"DVM_TELEPHONY__ANSWER_NORM_S": "20"})
    assert changed
    # a new load: checked again
    load_fixture_files(home, "kcc_gesprekken_20260703T0600.csv")
    loaded, _ = report_in_child(home)
    assert loaded
