"""Two pulls of the same gemeente in the same minute (an on-demand `dvm ingest --zgw` right after the
nightly's pull, a retry) each keep their own file: in the inbox, the archive and the store's ledger,
each loaded once (fake Zaken + Catalogi APIs on 127.0.0.1, the real flows, store and folders)."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

import flows.zgw
from core.settings import load_settings
from flows.ingest import ingest
from flows.stores import open_store
from flows.zgw import pull_zgw
from tests.flows.test_nightly_zgw import connection_toml
from tests.sources import zgw_fake as fz
from tests.sources.test_zgw import lines_of

pytestmark = pytest.mark.slow
MOMENT = datetime(2026, 8, 15, 3, 0, 12)  # both pulls in the same second: the strictest case


class _Clock(datetime):
    @classmethod
    def now(cls, tz=None):
        return MOMENT.replace(tzinfo=tz)


def test_two_pulls_in_the_same_second_are_both_kept_and_each_loaded_once(tmp_path, monkeypatch):
    monkeypatch.setenv("DVM_ZGW_SECRET", fz.SECRET)
    monkeypatch.setattr(flows.zgw, "datetime", _Clock)
    cases = fz.synthetic_cases(40)
    home, config = tmp_path / "dvm", tmp_path / "dvm.toml"
    with fz.running(fz.FakeZgw(cases[:30])) as fake:
        config.write_text(f'gemeenten = ["Losser", "Enschede"]\n{connection_toml("Losser", fake)}', encoding="utf-8")
        settings = load_settings(config, home)
        first = pull_zgw(settings)
        first_loaded = ingest([str(settings.inbox)], settings, move_files=True)  # to the archive
        fake.cases = cases  # ten new zaken since
        second = pull_zgw(settings)
        second_loaded = ingest([str(settings.inbox)], settings, move_files=True)
    names = ["zgw_zaken_losser_20260815T030012.jsonl.gz", "zgw_zaken_losser_20260815T030012_2.jsonl.gz"]
    assert [first.files, second.files] == [[str(settings.inbox / name)] for name in names]
    assert (first_loaded.loaded, second_loaded.loaded) == ([names[0]], [names[1]])
    assert sorted(p.name for p in settings.archive_path.iterdir()) == names  # the first not replaced
    store = open_store(settings)
    ledger = store.ledger().filter(pl.col("bron") == "zgw")
    assert sorted(ledger["bron_bestand"]) == names and set(ledger["status"]) == {"geladen"}
    assert ledger["bron_hash"].n_unique() == 2
    assert set(ledger["export_stempel"]) == {"20260815T0300"}  # the export moment: the minute, as before
    # the store holds the zaken of both files (the second: the open and recent ones, since the first),
    # but those quarantined
    pulled = {line["identificatie"] for name in names for line in lines_of(settings.archive_path / name)[1:]}
    quarantined = set(store.read("quarantine").filter(pl.col("bron") == "zgw").collect()["sleutel"])
    assert set(store.read("cases").collect()["zaak_id"]) == pulled - quarantined
    assert len(pulled) > 30 and len(quarantined) == 1
    # loaded once: the archive again is two files seen before
    again = ingest([str(settings.archive_path)], settings)
    assert again.store_version is None and sorted(again.skipped) == names
