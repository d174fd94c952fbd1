"""The registry in use: one small export of every registered source through ingest and report, and
each source is in every table the run derives from the registry - its records in the report's
snapshot, its coverage, its detail sheet in the workbook."""

from __future__ import annotations

import openpyxl
import pytest

from core.periods import parse_period
from core.registry import SOURCES
from core.settings import load_settings
from dvm.cli import run
from flows.report import read_snapshot, report_buckets
from tests.sources import hostile as h

pytestmark = pytest.mark.slow


def test_every_registered_source_reaches_the_snapshot_the_coverage_and_its_sheet(tmp_path, capsys):
    exports, home = tmp_path / "exports", tmp_path / "home"
    exports.mkdir()
    h.kcc_file(exports, "20260702", [h.kcc_row("C1")])
    h.corsa_file(exports, "20260702", [h.corsa_row("Z-1")])
    h.jcc_csv(exports, "20260702", [h.jcc_row("A-1", Datum="04-03-2026", **{"Geboekt op": "20-02-2026 10:00"})])
    h.kif_file(exports, "20260702", [h.kif_row("F-1")])
    written = {p.name.split("_")[0] for p in exports.iterdir()}
    assert written == {s.prefix.split("_")[0] for s in SOURCES}, "a registered source has no export here"

    assert run(["ingest", str(exports), "--home", str(home)]) == 0
    settings = load_settings(home=str(home))
    snap = read_snapshot.fn(settings, report_buckets(parse_period("2026")), None)  # the task body, outside a flow
    assert {t: f.height for t, f in snap.records.items()} == {s.table: 1 for s in SOURCES}
    assert set(snap.coverage["bron"]) == {s.table for s in SOURCES}

    assert run(["report", "2026", "--gemeente", "Losser", "--home", str(home)]) == 0
    capsys.readouterr()
    book = openpyxl.load_workbook(home / "reports" / "Losser" / "2026" / "dienstverleningsmonitor_Losser_2026.xlsx")
    for source in SOURCES:
        assert source.domains[0] in book.sheetnames, source.name
