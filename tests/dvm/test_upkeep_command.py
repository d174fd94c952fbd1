"""`dvm onderhoud` as a newcomer runs it: what it did per table in Dutch, the store version unchanged;
an empty store (exit 3) and a bad retention (exit 2) in one Dutch line."""

from __future__ import annotations

from dvm.cli import run
from flows.stores import TABLES
from store.delta_store import Store
from tests.store.test_maintenance import files, load_all


def test_upkeep_compacts_and_says_so_per_table_and_keeps_the_store_version(tmp_path, capsys):
    store = Store(tmp_path / "store", TABLES)  # the store of --home: <home>/store
    load_all(store, 8)  # 8 loads of calls: 8 small files in calls and in call_days
    assert run(["onderhoud", "--home", str(tmp_path), "--bewaardagen", "7"]) == 0
    said = capsys.readouterr()
    assert said.err == ""
    assert said.out.splitlines() == [
        "gesprekken: 8 bestanden, 8 samengevoegd tot 1; 0 oude bestanden verwijderd",
        "dagtotalen gesprekken: 8 bestanden, 8 samengevoegd tot 1; 0 oude bestanden verwijderd",
        "Opslag onderhouden: versie 7, ongewijzigd; vervangen bestanden blijven 7 dagen bewaard",
    ]
    assert store.version() == 7 and files(store, "calls") == 1
    assert run(["onderhoud", "--home", str(tmp_path)]) == 0  # again: nothing to merge, nothing committed
    assert capsys.readouterr().out.splitlines()[0] == "gesprekken: 1 bestand; 0 oude bestanden verwijderd"


def test_an_empty_store_and_a_bad_retention_are_one_line(tmp_path, capsys):
    assert run(["onderhoud", "--home", str(tmp_path)]) == 3
    assert capsys.readouterr().err.startswith(f"fout: er is geen opslag in {tmp_path / 'store'}: niets te onderhouden")
    assert run(["onderhoud", "--home", str(tmp_path), "--bewaardagen", "0"]) == 2
    assert (
        capsys.readouterr().err
        == "fout: --bewaardagen: '0' is geen aantal dagen; verwacht 1 t/m 3660 (zie 'dvm onderhoud --help')\n"
    )
