"""Ingest -> report under Prefect, on synthetic files in the real layout; the
workbook is read back and its figures checked against hand-worked numbers."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from core.errors import UserError
from core.settings import load_settings
from flows.ingest import ingest
from flows.report import report
from tests.conftest import FIXTURES

KCC = FIXTURES / "kcc"


@pytest.fixture
def home(tmp_path):
    inbox = tmp_path / "exports"
    inbox.mkdir()
    for name in ("kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv", "kcc_gesprekken_20260704.csv"):
        shutil.copy(KCC / name, inbox / name)
    return tmp_path


def read_kpis(path) -> dict[tuple[str, str, str], dict]:
    with open(path, encoding="utf-8") as fh:
        return {(r["gemeente"], r["kpi"], r["groep"]): r for r in csv.DictReader(fh) if r["periode"] == "2026-07"}


def test_ingest_then_report_gives_hand_worked_figures(home):
    result = ingest([str(home / "exports")], load_settings(home=str(home / "dvm")))
    assert result.store_version == 0
    assert result.loaded == ["kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv"]
    assert result.rejected == ["kcc_gesprekken_20260704.csv"]
    assert (home / "dvm" / "quarantine" / "kcc_gesprekken_20260704.csv").exists()  # copied, source kept
    assert (home / "exports" / "kcc_gesprekken_20260704.csv").exists()

    paths = report("2026-07", home=str(home / "dvm"))
    assert sorted(p.rsplit("/", 1)[1] for p in paths) == [
        "dienstverleningsmonitor_Enschede_2026-07.xlsx",
        "dienstverleningsmonitor_Losser_2026-07.xlsx",
        "kpis.csv",
        "kpis.csv",
    ]
    losser = read_kpis(home / "dvm" / "reports" / "Losser" / "2026-07" / "kpis.csv")

    # Losser first line, July 2026 (local dates):
    #   T0001 answered, wait 40 (newest export; 23:30 UTC on 30 June = 01:30 on 1 July local)
    #   T0002 answered, wait 45, transferred to PVH
    #   T0003 abandoned after 3 s < S=5: short, not offered
    #   T0006 closed (outside opening hours)
    # offered = 2 answered = 2; within 30 s = 0 of (2 + 0 lost) -> 0.0 %; lost 0/2 -> 0.0 %
    # ASA = (40 + 45) / 2 = 42.5 s; talk = (240 + 300) / 2 = 270 s; no transfer 1/2 = 50 %
    # second line PVH: T0005 answered / 1 offered = 100 %
    def value(key):
        return losser[("Losser", *key)]

    assert value(("tel_aangeboden", ""))["waarde"] == "2.0"
    assert value(("tel_servicelevel_pct", ""))["waarde"] == "0.0"
    assert (value(("tel_servicelevel_pct", ""))["teller"], value(("tel_servicelevel_pct", ""))["noemer"]) == ("0", "2")
    assert value(("tel_servicelevel_pct", ""))["norm_gehaald"] == "false"
    assert value(("tel_verloren_pct", ""))["waarde"] == "0.0"
    assert value(("tel_verloren_pct", ""))["norm_gehaald"] == "true"
    assert value(("tel_wachttijd_gem_s", ""))["waarde"] == "42.5"
    assert value(("tel_gesprekstijd_gem_s", ""))["waarde"] == "270.0"
    assert value(("tel_eerstelijn_pct", ""))["waarde"] == "50.0"
    assert value(("tel_buiten_openingstijd", ""))["waarde"] == "1.0"
    assert value(("tel_tweedelijn_bereikbaar_pct", "team=PVH"))["waarde"] == "100.0"

    enschede = read_kpis(home / "dvm" / "reports" / "Enschede" / "2026-07" / "kpis.csv")
    # Enschede: T0004 abandoned after 60 s: offered 1, lost 1/1 = 100 %, nothing answered,
    # so ASA has denominator 0 and stays empty (never 0).
    assert enschede[("Enschede", "tel_verloren_pct", "")]["waarde"] == "100.0"
    assert enschede[("Enschede", "tel_wachttijd_gem_s", "")]["waarde"] == ""
    assert enschede[("Enschede", "tel_wachttijd_gem_s", "")]["noemer"] == "0"

    book = openpyxl.load_workbook(
        home / "dvm" / "reports" / "Losser" / "2026-07" / "dienstverleningsmonitor_Losser_2026-07.xlsx"
    )
    assert book.sheetnames == [
        "Voorblad",
        "Samenvatting",
        "Trends",
        "Telefonie",
        "Datakwaliteit",
        "Definities",
        "Verantwoording",
        "Controles",
        "Grafiekgegevens",
    ]
    cells = {c.value for row in book["Datakwaliteit"].iter_rows() for c in row}
    assert "onbekende_uitkomst" in cells and "bestand_afgewezen" in cells


def test_ingesting_the_same_folder_again_changes_nothing(home):
    first = ingest([str(home / "exports")], load_settings(home=str(home / "dvm")))
    again = ingest([str(home / "exports")], load_settings(home=str(home / "dvm")))
    assert first.store_version == 0
    assert again.store_version is None and len(again.skipped) == 3


def read_export_runs(state) -> int:
    """How many files the ingest run of `state` read (its read_export task runs)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    flow_run = FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
    with get_client(sync_client=True) as client:
        return sum(r.name.startswith("read_export") for r in client.read_task_runs(flow_run_filter=flow_run))


def test_a_file_seen_before_is_not_read_again_and_still_filed_away(home):
    exports, dvm = home / "exports", home / "dvm"
    first = ingest([str(exports)], load_settings(home=str(dvm)), return_state=True)
    assert read_export_runs(first) == 3  # two loaded, one rejected (kcc_gesprekken_20260704.csv)
    # the same three files plus a new one (a copy of a loaded file's content under a new name is the same
    # content: seen too); filed away as the nightly does
    shutil.copy(exports / "kcc_gesprekken_20260702.csv", exports / "kcc_gesprekken_20260705.csv")
    again = ingest([str(exports)], load_settings(home=str(dvm)), move_files=True, return_state=True)
    assert again.result().store_version is None and len(again.result().skipped) == 4
    assert read_export_runs(again) == 0
    assert sorted(p.name for p in (dvm / "archive").iterdir()) == [
        "kcc_gesprekken_20260702.csv",
        "kcc_gesprekken_20260703T0600.csv",
        "kcc_gesprekken_20260705.csv",
    ]
    assert [p.name for p in (dvm / "quarantine").iterdir()] == ["kcc_gesprekken_20260704.csv"]
    # taken again on purpose, a rejected file is read again
    retried = ingest([str(dvm / "quarantine")], load_settings(home=str(dvm)), retry_rejected=True, return_state=True)
    assert read_export_runs(retried) == 1 and retried.result().rejected == ["kcc_gesprekken_20260704.csv"]


def test_an_unknown_gemeente_is_a_user_error(home):
    ingest([str(home / "exports")], load_settings(home=str(home / "dvm")))
    with pytest.raises(UserError, match=r"gemeente .Atlantis. onbekend; ingesteld: Losser en Enschede"):
        report("2026-07", gemeente=["Atlantis"], home=str(home / "dvm"))


def test_nightly_moves_the_inbox_to_the_archive_and_refreshes_the_quarter(home):
    from datetime import date

    from flows.nightly import nightly

    dvm_home = home / "dvm"
    (dvm_home / "inbox").mkdir(parents=True)
    for f in (home / "exports").iterdir():
        f.rename(dvm_home / "inbox" / f.name)
    outcome = nightly(home=str(dvm_home), today=date(2026, 8, 15))
    assert isinstance(outcome, dict)  # the caller gets the outcome, also from a run that ends 'Deels afgekeurd'
    assert outcome["kwartaal"] == "2026-Q3" and outcome["opslagversie"] == 0
    assert sorted(p.name for p in (dvm_home / "archive").iterdir()) == [
        "kcc_gesprekken_20260702.csv",
        "kcc_gesprekken_20260703T0600.csv",
    ]
    assert [p.name for p in (dvm_home / "quarantine").iterdir()] == ["kcc_gesprekken_20260704.csv"]
    assert list((dvm_home / "inbox").iterdir()) == []
    assert (dvm_home / "reports" / "Losser" / "2026-Q3" / "kpis.csv").exists()
    # An empty inbox on a later night changes nothing and fails nothing.
    again = nightly(home=str(dvm_home), today=date(2026, 8, 16))
    assert isinstance(again, dict)
    assert again["opslagversie"] == 0 and not again["gewijzigd"] and again["geladen"] == []


def test_nightly_on_an_empty_installation_makes_no_report_and_does_not_fail(tmp_path):
    from flows.nightly import nightly

    (tmp_path / "dvm" / "inbox").mkdir(parents=True)  # an empty inbox; a missing one is an error
    outcome = nightly(home=str(tmp_path / "dvm"))
    assert isinstance(outcome, dict)
    assert outcome["rapporten"] == [] and outcome["opslagversie"] is None and not outcome["gewijzigd"]


def test_each_report_publishes_its_headline_figures_and_workbook_in_prefect(home):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    ingest([str(home / "exports")], load_settings(home=str(home / "dvm")))
    paths = report("2026-07", gemeente=["Losser"], home=str(home / "dvm"))
    with get_client(sync_client=True) as client:

        def latest(key):
            found = client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
                sort=ArtifactSort.CREATED_DESC,
                limit=1,
            )
            return found[0]

        table, link = latest("dvm-losser-2026-07"), latest("dvm-losser-2026-07-werkmap")
    assert (table.type, link.type) == ("table", "markdown")  # Prefect stores a link as markdown
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    by_label = {r["Indicator"]: r for r in rows}
    # Losser July: 2 offered; service level 0 of 2 = 0,0 % against 80 %: 2 calls are a small number
    # (fewer than 30 records): marked, and no verdict (see above)
    assert by_label["Aangeboden telefoongesprekken"]["Realisatie"] == "2"
    assert by_label["Telefoon binnen 30 seconden opgenomen"] == {
        "Indicator": "Telefoon binnen 30 seconden opgenomen",
        "Realisatie": "0,0 % *",
        "Norm": "minimaal 80 %",
        "Gehaald": "geen oordeel",
    }
    book = next(p for p in paths if p.endswith(".xlsx"))
    assert Path(book).resolve().as_uri() in str(link.data)


def test_the_first_days_of_a_quarter_also_refresh_the_quarter_just_closed(home):
    from datetime import date

    from flows.nightly import nightly, refreshed_quarters

    # by hand: 5 October is day 4 of Q4 (< 10): Q3 and Q4; 11 October is day 10: Q4 only
    assert refreshed_quarters(date(2026, 10, 5), 10) == ["2026-Q3", "2026-Q4"]
    assert refreshed_quarters(date(2026, 10, 11), 10) == ["2026-Q4"]
    assert refreshed_quarters(date(2026, 10, 1), 0) == ["2026-Q4"]
    dvm_home = home / "dvm"
    (dvm_home / "inbox").mkdir(parents=True)
    for f in (home / "exports").iterdir():
        f.rename(dvm_home / "inbox" / f.name)
    outcome = nightly(home=str(dvm_home), today=date(2026, 10, 5))
    assert isinstance(outcome, dict)
    # the July calls reach the Q3 reports on the night of 5 October; Q4 is refreshed too, but these
    # exports end in July: a quarter wholly after the data is no report (issue 25), not an empty one
    assert outcome["kwartalen"] == ["2026-Q3", "2026-Q4"]
    q3 = read_kpis(dvm_home / "reports" / "Losser" / "2026-Q3" / "kpis.csv")
    assert q3[("Losser", "tel_aangeboden", "")]["waarde"] == "2.0"  # July, as worked out above
    assert {p.rsplit("/", 2)[-2] for p in outcome["rapporten"]} == {"2026-Q3"}
