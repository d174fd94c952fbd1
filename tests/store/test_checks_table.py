"""The checks' results kept beside the ledger (store/checks.py): read back per store version and key,
in their order; on a folder and on S3 alike (a Delta append, atomic on both); a table not there yet
is "not checked", never an error."""

from __future__ import annotations

import pytest

from flows.stores import TABLES
from store.checks import keep_checks, kept_checks
from store.delta_store import Store
from tests.store.test_delta_store import OLD, kcc_load


@pytest.mark.parametrize(
    "where", ["folder", pytest.param("s3", marks=[pytest.mark.slow, pytest.mark.xdist_group("s3")])]
)
def test_results_are_kept_per_version_and_key(tmp_path, request, where):
    uri = f"{request.getfixturevalue('s3_bucket')}/store" if where == "s3" else tmp_path / "store"
    store = Store(uri, TABLES)
    store.commit([kcc_load(OLD)], run_id="r1")
    assert kept_checks(store, 0, "a") is None  # no table yet: not checked
    assert keep_checks(store, 0, "a", ['{"eerste": 1}', '{"tweede": 2}'])
    assert kept_checks(store, 0, "a") == ['{"eerste": 1}', '{"tweede": 2}']
    assert kept_checks(store, 0, "b") is None and kept_checks(store, 1, "a") is None
    assert keep_checks(store, 1, "a", ['{"derde": 3}'])
    assert kept_checks(store, 1, "a") == ['{"derde": 3}']
    # kept twice (two reports at once): the first is read, whole
    assert keep_checks(store, 0, "a", ['{"anders": 0}'])
    assert kept_checks(store, 0, "a") == ['{"eerste": 1}', '{"tweede": 2}']
    # the store itself is untouched: no version, no table the ledger names
    assert store.version() == 0 and "checks" not in store.table_versions()
