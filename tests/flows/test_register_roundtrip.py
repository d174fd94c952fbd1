"""The programme register end to end, as its user meets it: `dvm register-sjabloon` writes the template, the
programme manager fills it in (here openpyxl), saves it in the inbox as programma_register_<date>.xlsx,
`dvm ingest` loads it (a bad row to quarantine with its reason) and the Ambities sheet of `dvm report`
shows each target's realisation with its peildatum - "nog niet ingevuld" where the register has none."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from dvm.cli import run
from tests.reports.test_excel import table_rows
from tests.sources import hostile as h

pytestmark = pytest.mark.slow


def test_the_template_filled_in_loaded_and_shown_on_the_sheet_ambities(tmp_path, capsys):
    home, exports = tmp_path / "home", tmp_path / "exports"
    exports.mkdir()
    assert run(["register-sjabloon", "--gemeente", "losser", "--home", str(home)]) == 0
    template = home / "sjablonen" / "register-sjabloon_Losser.xlsx"
    assert capsys.readouterr().out.strip() == str(template.resolve())

    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["Register", "Uitleg", "Lijsten"]
    sheet = book["Register"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    prefilled = {sheet.cell(r, col["Indicator"]).value: r for r in range(2, sheet.max_row + 1)}
    assert {sheet.cell(r, col["Gemeente"]).value for r in prefilled.values()} == {"Losser"}
    # the template's own checks: a list of the indicators and a role, whole numbers, a date
    kinds = {(v.type, str(v.sqref).split(":")[0][:1]) for v in sheet.data_validations.dataValidation}
    letter = {name: get_column_letter(i) for name, i in col.items()}
    for name, kind in [("Indicator", "list"), ("Ingevoerd door (rol)", "list"), ("Teller", "whole")]:
        assert (kind, letter[name]) in kinds, name
    assert ("date", letter["Peildatum"]) in kinds

    def fill(r: int, **values) -> None:
        for name, value in values.items():
            sheet.cell(r, col[name]).value = value

    letters = prefilled["brieven_direct_duidelijk"]
    fill(
        letters, Teller=45, Noemer=180, Peildatum=dt.datetime(2026, 3, 31), **{"Ingevoerd door (rol)": "projectleider"}
    )
    fill(prefilled["sbp_processen_verbeterd"], Plateau=2, Waarde=3, Peildatum=dt.datetime(2026, 6, 30))
    fill(prefilled["website_beveiligingsstandaarden"], Teller=13, Noemer=12, Peildatum=dt.datetime(2026, 6, 30))
    extra = sheet.max_row + 1  # an earlier count of the letters, on a row of its own: the history
    fill(extra, Gemeente="Losser", Plateau=1, Indicator="brieven_direct_duidelijk", Teller=18, Noemer=180)
    fill(extra, Peildatum=dt.datetime(2025, 12, 31), **{"Bron en toelichting": "telling schrijfcoaches"})
    inbox = home / "inbox"
    inbox.mkdir()
    book.save(inbox / "programma_register_20260702.xlsx")

    h.kcc_file(exports, "20260702", [h.kcc_row("C1")])
    h.corsa_file(exports, "20260702", [h.corsa_row("Z-1")])
    h.kif_file(exports, "20260702", [h.kif_row("F-1")])
    assert run(["ingest", str(exports), str(inbox), "--home", str(home)]) == 0
    said = capsys.readouterr().out
    assert "quarantaine: 1 rij teller_boven_noemer" in said  # the website's 13 of 12

    assert run(["report", "2026", "--gemeente", "Losser", "--home", str(home)]) == 0
    capsys.readouterr()
    report = openpyxl.load_workbook(home / "reports" / "Losser" / "2026" / "dienstverleningsmonitor_Losser_2026.xlsx")
    rows = {r["Doel in het programma"]: r for r in table_rows(report["Ambities"], "Tabel_Ambities_2")}
    p1 = rows["20% van de brieven is herschreven in lijn met Direct Duidelijk"]
    # 2026: the newest count up to 31-12-2026 is 45 of 180 on 31-03-2026 = 25 %; 2025: 18 of 180 = 10 %
    assert (p1["Realisatie 2025"], p1["Realisatie 2026 (01-07 t/m 01-07)"], p1["Peildatum"], p1["Gehaald"]) == (
        10.0,
        25.0,
        "31-03-2026",
        "voorlopig ja",  # 2026 is not over (the data runs to 01-07): provisional, as the KPIs' verdicts
    )
    three = rows["Ten minste drie processen zijn aan de hand van een inwonersreis (SBP) geanalyseerd en verbeterd"]
    assert (three["Realisatie 2026 (01-07 t/m 01-07)"], three["Gehaald"]) == (3, "voorlopig ja")
    website = rows["De Open Online website voldoet voor 100% aan de verplichte internetbeveiligingsstandaarden"]
    assert (website["Peildatum"], website["Realisatie 2026 (01-07 t/m 01-07)"]) == (
        "nog niet ingevuld",
        None,
    )  # quarantined
    history = table_rows(report["Register"], "Tabel_Register_1")
    assert [(r["Peildatum"], r["Teller"]) for r in history if r["Indicator"].startswith("Brieven")] == [
        (dt.datetime(2025, 12, 31), 18),
        (dt.datetime(2026, 3, 31), 45),
    ]
    quality = " ".join(str(c.value) for row in report["Datakwaliteit"].iter_rows() for c in row if c.value)
    assert "Teller 13 is groter dan Noemer 12" in quality
