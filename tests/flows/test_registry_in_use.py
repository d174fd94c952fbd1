"""The registry in use: one small export of every registered source through ingest and report, and
each source is in every table the run derives from the registry - its records in the report's
snapshot, its coverage, its detail sheet in the workbook."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from core.ambitions import REGISTER_TARGETS
from core.periods import parse_period
from core.profiles import RegisterProfile
from core.registry import SOURCES
from core.settings import load_settings
from dvm.cli import run
from flows.report import read_snapshot, report_buckets
from reports.register_template import Measurement, write_register_template
from tests.sources import hostile as h

pytestmark = pytest.mark.slow


def test_every_registered_source_reaches_the_snapshot_the_coverage_and_its_sheet(tmp_path, capsys):
    exports, home = tmp_path / "exports", tmp_path / "home"
    exports.mkdir()
    h.kcc_file(exports, "20260702", [h.kcc_row("C1")])
    h.corsa_file(exports, "20260702", [h.corsa_row("Z-1")])
    h.jcc_csv(exports, "20260702", [h.jcc_row("A-1", Datum="04-03-2026", **{"Geboekt op": "20-02-2026 10:00"})])
    h.kif_file(exports, "20260702", [h.kif_row("F-1")])
    write_register_template(
        exports / "programma_register_20260702.xlsx",
        ["Losser"],
        REGISTER_TARGETS,
        RegisterProfile(),
        datetime(2026, 7, 2),
        [Measurement("Losser", "sbp_medewerkers_opgeleid", 1, date(2026, 6, 30), waarde=5)],
    )
    written = {p.name.split("_")[0] for p in exports.iterdir()}
    assert written == {s.prefix.split("_")[0] for s in SOURCES}, "a registered source has no export here"

    assert run(["ingest", str(exports), "--home", str(home)]) == 0
    settings = load_settings(home=str(home))
    snap = read_snapshot.fn(settings, report_buckets(parse_period("2026")), None)  # the task body, outside a flow
    assert {t: f.height for t, f in snap.records.items()} == {s.table: 1 for s in SOURCES}
    # the programme's register holds states at a peildatum, not the days' events: it covers no days
    assert set(snap.coverage["bron"]) == {s.table for s in SOURCES if s.name != "programma"}

    assert run(["report", "2026", "--gemeente", "Losser", "--home", str(home)]) == 0
    capsys.readouterr()
    book = openpyxl.load_workbook(home / "reports" / "Losser" / "2026" / "dienstverleningsmonitor_Losser_2026.xlsx")
    sheets = {"programma": "Register"}  # a source's detail sheet: its domain's, the register's its own
    for source in SOURCES:
        assert (sheets[source.name] if source.name in sheets else source.domains[0]) in book.sheetnames, source.name
