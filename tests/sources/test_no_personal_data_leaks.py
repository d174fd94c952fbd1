"""Planted personal data never leaves sources/: not into the store (its Delta tables read with polars, and
every byte of its parquet and JSON files), not into what `dvm ingest`, `dvm report` and `dvm nightly`
say, not into the workbooks (every XML part inside the xlsx), kpis.csv or the mails (body and
attachments, as received by a real SMTP server), not into Prefect's database (the SQLite file under
the PREFECT_HOME of the server the runs report to). Only the raw files copied into quarantine/ and
archive/ may hold it.

Synthetic personal data (tests/sources/hostile.py) sits in every personal-data column of each source
(Corsa: Behandelaar, Omschrijving, Initiator BSN, Initiator naam; KCC: CallerNumber, AgentId,
DialledNumber; JCC: Naam klant, E-mail, Telefoon; Klant in Focus: names, a phone number, an address and
a BSN in Toelichting, an address in E-mailadres, a `?bsn=` query in Pagina; the programme's register: a
name in Ingevoerd door and in a column of its own, an address and a phone number in Bron en toelichting),
in good exports, in exports without their header, with an unparseable line, with shifted (short) rows, in
the wrong encoding.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

from core.settings import load_settings
from flows.stores import open_store
from tests.conftest import ROOT
from tests.sources import hostile as h
from tests.sources.test_hostile_exports import dvm_ingest

pytestmark = pytest.mark.slow
K, C, J, F = h.kcc_row, h.corsa_row, h.jcc_row, h.kif_row


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
    phone = {"Kanaal": "Telefoon", "Contactmoment": "KCC-gesprek", "Team": "KCC", "Pagina": ""}
    h.kif_file(inbox, "20260701", [F("F0001"), F("F0002", Score="Weet niet", **phone)])
    h.kif_file(inbox, "20260702", [F("F0003")], with_header=False, bom=False)
    h.kif_file(
        inbox,
        "20260703",
        [F("F0004", Pagina="/zoeken/999990066/resultaat"), open_quote(F("F0005"), "Toelichting", ";")],
    )
    h.kif_file(
        inbox,
        "20260704",
        [
            F("F0006", Pagina=f"https://www.losser.nl/contact?email={h.REAGEERDER_EMAIL}"),
            h.without(F("F0007"), "Toelichting"),
            [*F("F0008").values(), h.REAGEERDER_EMAIL],
            F("F0009", Score="9"),  # a Smiley of 9
            F("F0010", Pagina=f"Bel {h.REAGEERDER} op 06-99977766"),  # free text where a page belongs
            F("F0011", Score=h.REAGEERDER_EMAIL),  # an address where the score belongs
        ],
    )
    h.register_xlsx(
        inbox,
        "20260705",
        [
            h.register_row(),
            h.register_row("30-06-2026", **{"Bron en toelichting": f"navraag bij {h.EMAIL}"}),  # quarantined
            h.register_row("31-12-2025", **{"Bron en toelichting": f"gebeld: {h.TELEFOON}"}),  # quarantined
        ],
    )


def plant_for_the_night(inbox: Path) -> None:
    """Exports of November 2026 (the nightly run's quarter is the one of today's date), personal data in
    every column that can hold it, one short row each."""
    h.kcc_file(inbox, "20261120", [K("N0001", StartTimeUTC="2026-11-19T09:00:00Z"), h.without(K("N0002"), "Queue")])
    h.corsa_file(
        inbox,
        "20261120",
        [
            C(
                "Z-LOS-2026-019001",
                Registratiedatum="02-11-2026",
                Startdatum="02-11-2026",
                Einddatum="",
                Status="In behandeling",
                Resultaat="",
                **{"Fatale datum": "28-12-2026"},
            ),
            h.without(C("Z-LOS-2026-019002"), "Team"),
        ],
    )
    h.jcc_csv(inbox, "20261120", [J("N9001", Datum="18-11-2026", **{"Geboekt op": "10-11-2026 10:00"})])
    h.kif_file(inbox, "20261120", [F("N0101", Datum="18-11-2026 10:00"), h.without(F("N0102"), "E-mailadres")])


def found(data: bytes) -> list[str]:
    return [v for v in h.PII if v.encode() in data]


def readable(path: Path) -> bytes:
    """The file's bytes as a search can see them: a workbook (a zip) as all of its parts, unpacked."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as zf:
            return b"".join(zf.read(name) for name in zf.namelist())
    return path.read_bytes()


def mail_bytes(message) -> bytes:
    """A received mail as text: its headers, its body and every attachment, decoded."""
    out = io.BytesIO(str(message).encode())
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if payload is None:
            continue
        if part.get_filename() and part.get_filename().endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(payload)) as zf:
                payload = b"".join(zf.read(name) for name in zf.namelist())
        out.write(payload)
    return out.getvalue()


def files_under(folder: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not any(part in skip for part in p.parts)]


def dvm(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dvm", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )


def test_planted_personal_data_reaches_nothing_but_the_raw_file_copies(tmp_path, prefect_server, smtp_server):
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
    feedback = store.read("feedback").collect().sort("reactie_id")
    assert feedback["reactie_id"].to_list() == ["F0001", "F0002", "F0004", "F0006"]  # F0005 opens a quote
    # of Pagina the path only, and a BSN in the path itself masked
    assert feedback["pagina"].to_list() == ["/paspoort-en-id-kaart", None, "/zoeken/.../resultaat", "/contact"]
    quarantine = store.read("quarantine").collect()
    assert set(quarantine["regel"]) >= {"bestand_afgewezen", "aantal_velden"}  # the reasons are there ...
    assert set(quarantine.filter(pl.col("bron_bestand") == "kif_feedback_20260704.csv")["regel"]) == {
        "aantal_velden",
        "score_buiten_bereik",
        "verschoven_velden",
        "geen_getal",
    }
    for table in ["ledger", "quarantine", "calls", "cases", "appointments", "feedback"]:
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

    # a report of every period the exports cover, mailed to its recipients; then a night with new exports
    config = tmp_path / "dvm.toml"
    config.write_text(
        f'{smtp_server.delivery_toml}recipients = ["controller@gemeente.invalid"]\n'
        'operators = ["beheer@gemeente.invalid"]\nnightly_mail = "always"\n',
        encoding="utf-8",
    )
    env = prefect_server.env | {"DVM_REPORT__PDF": "false"}
    common = ["--home", str(home), "--config", str(config)]
    reported = dvm(["report", "2025-01-01..2026-09-30", "--mail", *common], env)
    assert reported.returncode == 0, reported.stderr
    (home / "inbox").mkdir(exist_ok=True)
    plant_for_the_night(home / "inbox")
    nightly = dvm(["nightly", *common], env)
    assert nightly.returncode == 0, nightly.stderr  # the short rows go to quarantine, the files load
    said = reported.stdout + reported.stderr + nightly.stdout + nightly.stderr
    assert "Traceback" not in said
    assert found(said.encode()) == []
    books = sorted((home / "reports").rglob("*.xlsx"))
    assert {p.parent.name for p in books} >= {"2025-01-01_tot_2026-09-30", "2026-Q4"}, books
    assert all(b"Tevredenheid" in readable(p) for p in books)  # the feedback was reported ...
    assert {
        str(p): found(readable(p)) for p in files_under(home, skip=("quarantine", "archive")) if found(readable(p))
    } == {}
    assert found(b"".join(readable(p) for p in (home / "archive").iterdir()))  # the copies do hold it
    mails = [mail_bytes(message) for _, message in smtp_server.received]
    assert len(mails) >= 2  # the reports to the recipients, the night's account to the operators
    assert any(b"<worksheet" in m for m in mails)  # an attached workbook was searched, unpacked
    assert [found(m) for m in mails if found(m)] == []
    prefect_files = files_under(prefect_home)
    assert any(b"nachtrun" in p.read_bytes() for p in prefect_files)
    assert {
        str(p.relative_to(prefect_home)): found(p.read_bytes()) for p in prefect_files if found(p.read_bytes())
    } == {}
