"""Names are data, never a path or a formula: gemeenten, teams, products and locations that look like
paths, formulas, control characters or very long text go through ingest and report, and every file
written lands in <home>, every report in its own folder under <home>/reports.

The gemeenten a monitor reports on are configured (so a configured name may be odd, and still makes
one folder); a gemeente named only by an export is not configured and its rows go to quarantine.
"""

from __future__ import annotations

import openpyxl
import pytest

from core.paths import safe_component
from dvm.cli import run
from tests.sources import hostile as h

pytestmark = pytest.mark.slow

TRAVERSAL = "../../../../buiten"
SLASHED = "Losser/Enschede"
FORMULA = '=HYPERLINK("http://voorbeeld.invalid","klik")'
LONG = "Gemeente " + "X" * 70  # 79 characters: a name may be up to 80
GEMEENTEN = [TRAVERSAL, SLASHED, FORMULA, "..", LONG]
ODD = [TRAVERSAL, "..", "/", "=1+2", "-2+3", "@SUM(A1)", "A\\B", "%s%n{0}", "x" * 300]


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def exports(folder, absolute_outside: str) -> None:
    """Per configured gemeente a call on its own queue, a case and an appointment, each with odd team,
    product and location names; plus rows of gemeenten nobody configured."""
    calls, cases, appointments = [], [], []
    for i, gemeente in enumerate(GEMEENTEN):
        calls.append(h.kcc_row(f"C{i}", Queue=f"Q{i}"))
        cases.append(
            h.corsa_row(f"Z-{i}", Gemeente=gemeente, Team=ODD[i], Zaaktype=ODD[-1 - i], **{"Zaaktype code": ODD[i]})
        )
        appointments.append(
            h.jcc_row(
                f"A{i}",
                Gemeente=gemeente,
                Product=ODD[i],
                Productcode=ODD[-1 - i],
                Locatie=ODD[(i + 3) % len(ODD)],
                Datum="04-02-2026",
                **{"Geboekt op": "20-01-2026 10:00"},
            )
        )
    for j, stranger in enumerate([absolute_outside, "../onbekend", "Enschede/../../x"]):
        cases.append(h.corsa_row(f"Z-VREEMD-{j}", Gemeente=stranger))
        appointments.append(h.jcc_row(f"A-VREEMD-{j}", Gemeente=stranger, Datum="04-02-2026"))
    h.kcc_file(folder, "20260702", calls)
    h.corsa_file(folder, "20260702", cases, encoding="utf-8")
    h.jcc_csv(folder, "20260702", appointments)


def test_odd_names_write_nowhere_but_their_own_folder(tmp_path, capsys):
    home, inbox, outside = tmp_path / "home", tmp_path / "exports", tmp_path / "buiten"
    inbox.mkdir()
    exports(inbox, str(outside))
    config = tmp_path / "dvm.toml"
    queues = "".join(
        f"[[queues]]\nname = 'Q{i}'\ngemeente = {toml_string(g)}\nline = 1\nteam = {toml_string(ODD[i])}\n"
        for i, g in enumerate(GEMEENTEN)
    )
    config.write_text(
        f"gemeenten = [{', '.join(toml_string(g) for g in GEMEENTEN)}]\n{queues}"
        "[[case_types]]\ncode = '=1+2'\nterm = 8\nunit = 'weken'\n",
        encoding="utf-8",
    )
    before = set(tmp_path.rglob("*"))

    assert run(["ingest", str(inbox), "--config", str(config), "--home", str(home)]) == 0
    said = capsys.readouterr().out
    # 3 cases and 3 appointments of a gemeente nobody configured, named like a path: quarantined by rule
    assert "quarantaine: 6 rijen ongeldige_gemeente" in said, said
    assert run(["report", "2026", "--config", str(config), "--home", str(home)]) == 0
    written = [p for p in tmp_path.rglob("*") if p not in before]

    assert not outside.exists()
    assert [p for p in written if home not in p.parents and p != home] == []
    reports = [p for p in written if p.is_file() and home / "reports" in p.parents]
    # each gemeente one folder directly under reports/, its year folder, its files: nothing deeper
    assert {p.relative_to(home / "reports").parts[:2] for p in reports} == {
        (safe_component(g), "2026") for g in GEMEENTEN
    }
    assert {len(p.relative_to(home / "reports").parts) for p in reports} == {3}
    for p in reports:
        assert ".." not in p.name and p.name.isprintable(), p

    # in the workbook the names are text, shown as they are: never a formula, never a link
    book_of = {p.parts[-3]: p for p in reports if p.suffix == ".xlsx"}
    book = openpyxl.load_workbook(book_of[safe_component(FORMULA)])
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.hyperlink]
    texts = {c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert any(FORMULA in t for t in texts)  # the gemeente's own name, as text (on the cover, in titles)
    assert ODD[2] in texts or any(ODD[2] in t for t in texts)  # its team '=1+2' as text
