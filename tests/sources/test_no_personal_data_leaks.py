"""Planted personal data never leaves sources/: not into the store (its Delta tables read with polars, and
every byte of its parquet and JSON files), not into what `dvm ingest` says, not into Prefect's database
(the SQLite file under the PREFECT_HOME of the server the run reports to). Only the raw files copied
into quarantine/ and archive/ may hold it.

Synthetic personal data (tests/sources/hostile.py) sits in every personal-data column of each source
(Corsa: Behandelaar, Omschrijving, Initiator BSN, Initiator naam; KCC: CallerNumber, AgentId,
DialledNumber; JCC: Naam klant, E-mail, Telefoon), in good exports, in exports without their header,
with an unparseable line, with shifted (short) rows, in the wrong encoding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import load_settings
from flows.stores import open_store
from tests.sources import hostile as h
from tests.sources.test_hostile_exports import dvm_ingest

pytestmark = pytest.mark.slow
K, C, J = h.kcc_row, h.corsa_row, h.jcc_row


def open_quote(row: dict[str, str], column: str, sep: str) -> str:
    """The row as a line whose `column` opens a quote that is never closed."""
    return sep.join(('"' + v) if c == column else v for c, v in row.items())


def plant(inbox: Path) -> None:
    h.kcc_file(inbox, "20260701", [K("P0001"), K("P0002", Outcome="Abandoned", TalkSeconds="0")])
    h.kcc_file(inbox, "20260702", [K("P0003"), K("P0004")], with_header=False)
    h.kcc_file(inbox, "20260703", [K("P0005"), open_quote(K("P0006"), "CallerNumber", ","), K("P0007")])
    h.kcc_file(
        inbox,
        "20260704",
        [
            K("P0008"),
            h.without(K("P0009"), "TransferredTo"),
            h.without(K("P0010"), "DialledNumber"),
            [*K("P0011").values(), h.AGENT],
        ],
    )
    h.kcc_file(inbox, "20260705", [K("P0012", AgentId=h.AGENT + " Jöran")], encoding="cp1252")
    h.corsa_file(inbox, "20260701", [C("Z-LOS-2026-009001")])
    h.corsa_file(inbox, "20260702", [C("Z-LOS-2026-009002")], with_header=False)
    h.corsa_file(inbox, "20260703", [C("Z-LOS-2026-009003"), open_quote(C("Z-LOS-2026-009004"), "Omschrijving", ";")])
    h.corsa_file(
        inbox,
        "20260704",
        [
            C("Z-LOS-2026-009005"),
            h.without(C("Z-LOS-2026-009006"), "Behandelaar"),
            h.without(C("Z-LOS-2026-009007"), "Initiator BSN"),
        ],
    )
    h.jcc_csv(inbox, "20260701", [J("P9001")])
    h.jcc_csv(inbox, "20260702", [J("P9002")], with_header=False)
    h.jcc_csv(inbox, "20260703", [J("P9003"), open_quote(J("P9004"), "Naam klant", ";")])
    h.jcc_csv(inbox, "20260704", [J("P9005"), h.without(J("P9006"), "E-mail")])
    h.jcc_xlsx(inbox, "20260705", [h.cells(J("P9007"))])
    h.jcc_xlsx(inbox, "20260706", [h.cells(J("P9008"))], header=None)
    h.jcc_xlsx(
        inbox,
        "20260707",
        [h.cells(J("P9009")), [*h.cells(J("P9010"))[:13], None, h.KLANT, h.EMAIL, h.TELEFOON, "Losser"]],
    )


def found(data: bytes) -> list[str]:
    return [v for v in h.PII if v.encode() in data]


def files_under(folder: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not any(part in skip for part in p.parts)]


def test_planted_personal_data_reaches_nothing_but_the_raw_file_copies(tmp_path, prefect_server):
    inbox, home, prefect_home = tmp_path / "inbox", tmp_path / "home", prefect_server.home
    inbox.mkdir()
    plant(inbox)
    # the planted values really are in the exports (else the checks below could not fail)
    assert set(found(b"".join(p.read_bytes() for p in inbox.iterdir()))) == set(h.PII)

    run = dvm_ingest(inbox, home, prefect_server)
    said = run.stdout + run.stderr
    assert run.returncode == 1, said  # files were rejected
    assert "Traceback" not in said
    assert "kcc_gesprekken_20260702.csv: regel 1 is geen kopregel" in said
    assert found(said.encode()) == []

    # the store, as tables
    store = open_store(load_settings(home=str(home)))
    assert store.read("calls").collect()["call_id"].sort().to_list() == ["P0001", "P0002", "P0008"]
    quarantine = store.read("quarantine").collect()
    assert set(quarantine["regel"]) >= {"bestand_afgewezen", "aantal_velden"}  # the reasons are there ...
    for table in ["ledger", "quarantine", "calls", "cases", "appointments"]:
        frame = store.ledger() if table == "ledger" else store.read(table).collect()
        assert frame.height, table
        assert found(frame.write_csv().encode()) == [], table  # ... without personal data
    # the store, byte for byte (parquet pages, the Delta log's JSON with its column statistics)
    store_files = files_under(store.path)
    assert any(b"kcc_gesprekken_20260704.csv" in p.read_bytes() for p in store_files)  # plain text is visible
    assert {str(p.relative_to(store.path)): found(p.read_bytes()) for p in store_files if found(p.read_bytes())} == {}
    # everything else the run wrote, except the raw file copies
    assert {
        str(p): found(p.read_bytes())
        for p in files_under(home, skip=("quarantine", "archive"))
        if found(p.read_bytes())
    } == {}
    assert found(b"".join(p.read_bytes() for p in (home / "quarantine").iterdir()))  # the copies do hold it

    # Prefect's database (and anything else under PREFECT_HOME): the run's log lines are there, the data not
    prefect_files = files_under(prefect_home)
    assert any(b"regel 1 is geen kopregel" in p.read_bytes() for p in prefect_files)
    assert {
        str(p.relative_to(prefect_home)): found(p.read_bytes()) for p in prefect_files if found(p.read_bytes())
    } == {}
