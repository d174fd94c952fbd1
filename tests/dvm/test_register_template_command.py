"""`dvm register-sjabloon` as a newcomer runs it: the template where it says, a gemeente it does not know
said in one Dutch line (exit 2), nothing written then."""

from __future__ import annotations

import openpyxl

from dvm.cli import run


def test_the_template_of_the_gemeenten_the_ambitions_are_for(tmp_path, capsys):
    assert run(["register-sjabloon", "--home", str(tmp_path)]) == 0
    out = capsys.readouterr().out.strip()
    path = tmp_path / "sjablonen" / "register-sjabloon_Losser.xlsx"  # [report] ambitions_for = ["Losser"]
    assert out == str(path.resolve())
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Register", "Uitleg", "Lijsten"] and book["Lijsten"].sheet_state == "hidden"
    codes = [c.value for c in book["Lijsten"]["B"]]
    assert "brieven_direct_duidelijk" in codes and len(codes) == len(set(codes)) == 9  # each indicator once
    guide = " ".join(str(c.value) for row in book["Uitleg"].iter_rows() for c in row if c.value)
    assert "programma_register_JJJJMMDD.xlsx" in guide and "nooit een naam" in guide


def test_an_unknown_gemeente_is_one_line_and_writes_nothing(tmp_path, capsys):
    assert run(["register-sjabloon", "--gemeente", "Lozzer", "--home", str(tmp_path)]) == 2
    said = capsys.readouterr()
    assert said.err.strip() == "fout: gemeente 'Lozzer' onbekend; bedoelt u Losser?"
    assert not (tmp_path / "sjablonen").exists()
