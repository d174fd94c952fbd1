"""Shared exports cover two gemeenten (Enschede runs the KCC for Losser too; a Corsa and a JCC export
can hold both): each gemeente's workbook and kpis.csv hold its own records and quarantined rows only.
No id, row or reason of Enschede's may appear in Losser's report, and the other way round."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from dvm.cli import run
from tests.sources import hostile as h

pytestmark = pytest.mark.slow


def shared_exports(folder) -> None:
    """Per gemeente good records and bad rows, each with an id that says whose it is (LOS/ENS)."""
    calls, cases, appointments = [], [], []
    for prefix, gemeente in (("LOS", "Losser"), ("ENS", "Enschede")):
        calls += [
            h.kcc_row(f"{prefix}-C1", Queue=f"{prefix}-KCC"),
            h.kcc_row(f"{prefix}-C2", Queue=f"{prefix}-PVH", WaitSeconds="45"),
            h.kcc_row(f"{prefix}-CNEG", Queue=f"{prefix}-KCC", WaitSeconds="-4"),  # negatieve_duur
            h.kcc_row(f"{prefix}-CTIJD", Queue=f"{prefix}-KCC", StartTimeUTC="01-07-2026 10:00"),  # ongeldige_tijd
        ]
        cases += [
            h.corsa_row(f"Z-{prefix}-1", Gemeente=gemeente),
            # a zaaktype without a term, of this gemeente's cases only: listed as not configured yet
            h.corsa_row(f"Z-{prefix}-2", Gemeente=gemeente, **{"Zaaktype code": f"{prefix}-TYPE"}),
            h.corsa_row(f"Z-{prefix}-DATUM", Gemeente=gemeente, Registratiedatum="31-02-2026"),
            h.corsa_row(f"Z-{prefix}-DUBBEL", Gemeente=gemeente),
            h.corsa_row(f"Z-{prefix}-DUBBEL", Gemeente=gemeente),  # dubbele_sleutel, reason quotes the id
        ]
        appointments += [
            h.jcc_row(f"A-{prefix}-1", Gemeente=gemeente, Datum="04-03-2026", **{"Geboekt op": "20-02-2026 10:00"}),
            h.jcc_row(f"A-{prefix}-STATUS", Gemeente=gemeente, Datum="04-03-2026", Status="Misschien"),
        ]
    h.kcc_file(folder, "20260702", calls)
    h.corsa_file(folder, "20260702", cases)
    h.jcc_csv(folder, "20260702", appointments)


def workbook_text(path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None)


def test_each_gemeente_sees_its_own_rows_of_a_shared_export_only(tmp_path, capsys):
    exports, home = tmp_path / "exports", tmp_path / "home"
    exports.mkdir()
    shared_exports(exports)
    assert run(["ingest", str(exports), "--home", str(home)]) == 0
    assert run(["report", "2026", "--home", str(home)]) == 0
    capsys.readouterr()

    for own, other in (("LOS", "ENS"), ("ENS", "LOS")):
        gemeente = {"LOS": "Losser", "ENS": "Enschede"}[own]
        folder = home / "reports" / gemeente / "2026"
        text = workbook_text(folder / f"dienstverleningsmonitor_{gemeente}_2026.xlsx")
        # its own quarantined rows are there, by rule and with an example reason that names its id ...
        assert f"Z-{own}-DUBBEL" in text, gemeente
        assert f"{own}-TYPE" in text, gemeente
        for rule in ("negatieve_duur", "ongeldige_tijd", "dubbele_sleutel", "onbekende_status"):
            assert rule in text, (gemeente, rule)
        # ... and nothing of the other's: no id, no reason
        assert f"{other}-" not in text.replace(f"{other}-KCC", "").replace(f"{other}-PVH", ""), gemeente
        with open(folder / "kpis.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert {r["gemeente"] for r in rows} == {gemeente}
        # its own figures: 2 cases received (Z-..-1, Z-..-2), 1 appointment
        totals = {r["kpi"]: r["waarde"] for r in rows if r["periode"] == "2026" and r["groep"] == ""}
        assert (totals["zaak_ontvangen"], totals["afs_gepland"]) == ("2.0", "1.0"), totals
