"""The Corsa reader on synthetic Windows-1252 files in the real layout."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import FileRejected
from core.profiles import CorsaProfile
from sources.corsa import CASES_SCHEMA, load_cases
from sources.files import identify
from tests.conftest import FIXTURES

CORSA = FIXTURES / "corsa"


def load(name: str):
    return load_cases(identify(CORSA / name), CorsaProfile())


def test_good_rows_become_canonical_cases_without_personal_data():
    batch = load("corsa_zaken_20260401.csv")
    assert batch.rows_read == 11
    assert batch.records.schema == CASES_SCHEMA
    rec = {r["zaak_id"]: r for r in batch.records.iter_rows(named=True)}
    assert sorted(rec) == ["Z-ENS-2026-000004", "Z-LOS-2026-000001", "Z-LOS-2026-000002", "Z-LOS-2026-000003"]
    one = rec["Z-LOS-2026-000001"]
    assert (one["registratiedatum"], one["fatale_datum"], one["einddatum"]) == (
        date(2026, 3, 2),
        date(2026, 4, 27),
        date(2026, 4, 24),
    )
    assert one["streefdatum"] is None and one["opgeschort_dagen"] == 0 and one["verlengd"] is False
    assert (one["kanaal"], one["status"]) == ("webformulier", "afgehandeld")
    three = rec["Z-LOS-2026-000003"]  # every field quoted
    assert (three["opgeschort_dagen"], three["verlengd"], three["kanaal"]) == (7, True, "email")
    assert rec["Z-ENS-2026-000004"]["verlengd"] is False  # "Nee": labels are case-insensitive
    flat = batch.records.write_csv()
    for pii in ("Renée", "Jöran", "999999990", "06-00000000", "Medewerker", "Café"):
        assert pii not in flat


def test_each_row_rule_quarantines_with_line_and_reason():
    q = load("corsa_zaken_20260401.csv").quarantine
    got = {(r["rij"], r["regel"]) for r in q.iter_rows(named=True)}
    assert got == {
        (6, "ongeldige_datum"),
        (7, "einde_voor_start"),
        (8, "negatieve_duur"),
        (9, "onbekend_kanaal"),
        (10, "dubbele_sleutel"),
        (11, "dubbele_sleutel"),
        (12, "datum_ontbreekt"),
    }
    reasons = dict(zip(q["rij"], q["reden"], strict=True))
    # a reason names the column and the rule, never the cell (issue 24 item 13): a shape at most
    assert reasons[6] == "Registratiedatum is geen geldige datum (dd-mm-jjjj): vorm '99-99-9999'"
    assert reasons[7] == "Einddatum ligt voor Startdatum"
    assert reasons[8] == "Opgeschort (dagen) is negatief; verwacht 0 of meer"
    assert reasons[9].startswith("Ontvangstkanaal onbekend (waarde van 4 tekens, niet getoond)")
    assert reasons[12] == "Registratiedatum ontbreekt"


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("corsa_zaken_20260402.csv", "tekens zijn UTF-8 gecodeerd; verwacht Windows-1252"),
        ("corsa_zaken_20260403.csv", "byte 0x81 op regel 2 is geen cp1252"),
        ("corsa_zaken_20260404.csv", "kolom 'Einddatum' ontbreekt in de kopregel (18 kolommen)"),
    ],
)
def test_unreadable_files_are_rejected_whole_with_a_clear_message(name, fragment):
    with pytest.raises(FileRejected) as err:
        load(name)
    assert str(err.value).startswith(f"{name}: ") and fragment in str(err.value)
    assert "Jöran" not in str(err.value) and "Café" not in str(err.value)
