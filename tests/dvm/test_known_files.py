"""`dvm ingest` of files the ledger knows: answered from the ledger, without a flow or a server."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.settings import load_settings
from flows.known_files import known_to_ledger
from flows.stores import open_store
from tests.child import child_env, dvm_in_child
from tests.conftest import FIXTURES
from tests.dvm.conftest import load_fixture_files, reject_a_file


def test_ingest_of_loaded_files_starts_no_flow_and_no_server(tmp_path):
    home = tmp_path / "home"
    version = load_fixture_files(home, "kcc_gesprekken_20260702.csv")
    exports = tmp_path / "exports"
    exports.mkdir()
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", exports)
    done, imported = dvm_in_child("ingest", str(exports), "--home", str(home), env=child_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        f"opslag ongewijzigd (versie {version}): 0 bestanden geladen, 0 afgewezen, 1 al eerder gezien; "
        "0 rijen samengevoegd, 0 in quarantaine"
    )
    # no Prefect imported: no flow ran and no temporary Prefect server was started (it is started
    # before any flow; dvm/cli.py `_prefect`); no Great Expectations either
    assert imported == set()
    assert open_store(load_settings(home=home)).version() == version  # nothing written


def test_a_new_file_still_goes_through_the_flow(tmp_path):
    home = tmp_path / "home"
    load_fixture_files(home, "kcc_gesprekken_20260702.csv")
    settings = load_settings(home=home)
    known, new = FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", FIXTURES / "kcc" / "kcc_gesprekken_20260703T0600.csv"
    store = open_store(settings)
    assert known_to_ledger(store, [known], settings.quarantine_path, False) is not None
    assert known_to_ledger(store, [known, new], settings.quarantine_path, False) is None
    assert known_to_ledger(store, [], settings.quarantine_path, False) is None


def test_a_known_rejected_file_is_answered_only_when_its_quarantine_copy_is_there(tmp_path):
    """The flow copies a rejected file to the quarantine folder (again): the ledger answers only
    when the copy is there already; with --opnieuw the file is read again (the flow)."""
    home = tmp_path / "home"
    reject_a_file(home)  # kcc_gesprekken_20260706.csv, rejected
    settings = load_settings(home=home)
    store, rejected = open_store(settings), FIXTURES / "kcc" / "kcc_gesprekken_20260706.csv"
    assert known_to_ledger(store, [rejected], settings.quarantine_path, False) is None
    settings.quarantine_path.mkdir(parents=True)
    shutil.copy(rejected, settings.quarantine_path)
    answer = known_to_ledger(store, [rejected], settings.quarantine_path, False)
    assert answer is not None and answer.skipped == [rejected.name] and answer.store_version is None
    assert known_to_ledger(store, [rejected], settings.quarantine_path, True) is None
    # a file in the quarantine folder itself: the flow decides (it moves a loaded one to the archive)
    assert known_to_ledger(store, [settings.quarantine_path / rejected.name], settings.quarantine_path, False) is None


def test_an_empty_store_is_not_answered(tmp_path):
    settings = load_settings(home=tmp_path / "home")
    assert (
        known_to_ledger(
            open_store(settings),
            [Path(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv")],
            settings.quarantine_path,
            False,
        )
        is None
    )
