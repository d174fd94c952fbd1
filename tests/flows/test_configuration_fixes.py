"""A fix in the configuration corrects what the store holds, without loading the exports again:
calls on a queue the configuration did not know are stored, named in the Datakwaliteit sheet and
the nightly mail, and counted as soon as the queue is mapped; a file rejected for its layout loads
after a fix of the profile with `dvm ingest --opnieuw`, and is still never loaded twice."""

from __future__ import annotations

import csv
import shutil

import openpyxl
import pytest

from core.settings import load_settings
from dvm.cli import run
from flows.stores import open_store
from tests.conftest import FIXTURES, SHARED
from tests.reports.test_excel import table_rows

BANK = SHARED / "realdata" / "anonymous_bank"


def test_calls_on_an_unknown_queue_count_once_the_queue_is_mapped(tmp_path, smtp_server, capsys):
    if not BANK.exists():
        pytest.skip("shared/realdata not present")
    home, unknown, known = tmp_path / "home", tmp_path / "zonder.toml", tmp_path / "met.toml"
    unknown.write_text(
        f'gemeenten = ["Anonymous Bank"]\nqueues = []\n{smtp_server.delivery_toml}'
        'operators = ["beheer@bank.example"]\n',
        encoding="utf-8",
    )
    known.write_text(
        'gemeenten = ["Anonymous Bank"]\n[[queues]]\nname = "AB-KCC"\ngemeente = "Anonymous Bank"\n'
        'line = 1\nteam = "KCC"\n',
        encoding="utf-8",
    )
    # 318,286 rows; 2,658 carry the outcome 'Phantom' the contract does not know: quarantined
    assert run(["ingest", str(BANK), "--config", str(unknown), "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "315628 rijen samengevoegd" in out.replace(".", "")
    assert "nog niet ingesteld: wachtrij AB-KCC (315628 gesprekken)" in out
    assert open_store(load_settings(str(unknown), str(home))).read("calls").collect().height == 315_628

    # asked for by name, the gemeente gets its workbook: no figures, and Datakwaliteit says why
    assert run(["report", "1999", "--gemeente", "Anonymous Bank", "--config", str(unknown), "--home", str(home)]) == 0
    folder = home / "reports" / "Anonymous Bank" / "1999"
    book = openpyxl.load_workbook(folder / "dienstverleningsmonitor_Anonymous_Bank_1999.xlsx")
    gaps = table_rows(
        book["Datakwaliteit"],
        next(
            n
            for n in book["Datakwaliteit"].tables
            if "Soort" in str(book["Datakwaliteit"].tables[n].tableColumns[0].name)
        ),
    )
    assert [(g["Soort"], g["Waarde"], g["Aantal"]) for g in gaps] == [("wachtrij", "AB-KCC", 315_628)]
    with open(folder / "kpis.csv", encoding="utf-8") as fh:
        assert not [r for r in csv.DictReader(fh) if r["kpi"] == "tel_aangeboden" and r["waarde"] not in ("", "0.0")]

    # the next night brings one more call on the queue (in 2000, so 1999 stays as it is): the nightly
    # run tells the operators what the store holds that the configuration does not know
    (home / "inbox").mkdir()
    (home / "inbox" / "kcc_gesprekken_20000102.csv").write_text(
        "CallId,StartTimeUTC,Queue,WaitSeconds,TalkSeconds,HoldSeconds,WrapUpSeconds,Outcome,TransferredTo\n"
        "NIEUW-1,2000-01-01T10:00:00Z,AB-KCC,5,60,0,10,Answered,\n",
        encoding="utf-8",
    )
    run(["nightly", "--config", str(unknown), "--home", str(home)])
    ((_, message),) = smtp_server.received
    assert "wachtrij AB-KCC: 315.629 gesprekken" in message.get_body().get_content()

    # mapped now: the README's figures, without loading a file again
    version = open_store(load_settings(str(known), str(home))).version()
    capsys.readouterr()
    assert run(["report", "1999", "--gemeente", "Anonymous Bank", "--config", str(known), "--home", str(home)]) == 0
    assert open_store(load_settings(str(known), str(home))).version() == version
    with open(folder / "kpis.csv", encoding="utf-8") as fh:
        got = {r["kpi"]: r for r in csv.DictReader(fh) if r["periode"] == "1999" and r["groep"] == ""}
    assert got["tel_aangeboden"]["waarde"] == "297172.0"


def test_a_rejected_file_loads_after_a_fix_of_the_profile(tmp_path, capsys):
    exports, home = tmp_path / "exports", tmp_path / "home"
    exports.mkdir()
    original = (FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv").read_text(encoding="utf-8")
    renamed = original.replace("Queue", "Wachtrij", 1)  # another layout: the queue's column is named differently
    (exports / "kcc_gesprekken_20260710.csv").write_text(renamed, encoding="utf-8")
    assert run(["ingest", str(exports), "--home", str(home)]) == 1  # rejected: column 'Queue' missing
    assert (home / "quarantine" / "kcc_gesprekken_20260710.csv").exists()
    columns = load_settings().profiles.kcc.columns
    fixed = tmp_path / "profiel.toml"
    fixed.write_text(
        "[profiles.kcc.columns]\n"
        + "".join(f'"{"Wachtrij" if name == "Queue" else name}" = "{field}"\n' for name, field in columns.items()),
        encoding="utf-8",
    )
    # the same file again, without --opnieuw: known by its content, not taken again
    assert run(["ingest", str(exports), "--config", str(fixed), "--home", str(home)]) == 0
    assert "1 al eerder gezien" in capsys.readouterr().out
    # the way back: the quarantine folder taken again with the fixed profile
    assert run(["ingest", "--opnieuw", "--config", str(fixed), "--home", str(home)]) == 0
    assert "1 bestand geladen" in capsys.readouterr().out
    store = open_store(load_settings(str(fixed), str(home)))
    assert store.read("calls").collect().height == 7
    assert (home / "archive" / "kcc_gesprekken_20260710.csv").exists()
    assert not (home / "quarantine" / "kcc_gesprekken_20260710.csv").exists()
    assert "bestand_afgewezen" not in set(store.read("quarantine").collect()["regel"])
    assert set(store.ledger()["status"]) == {"afgewezen", "geladen"}  # the history stays in the ledger
    # loaded now: never loaded twice, also not with --opnieuw
    shutil.copy(home / "archive" / "kcc_gesprekken_20260710.csv", exports / "kcc_gesprekken_20260710.csv")
    assert run(["ingest", "--opnieuw", str(exports), "--config", str(fixed), "--home", str(home)]) == 0
    assert "1 al eerder gezien" in capsys.readouterr().out
