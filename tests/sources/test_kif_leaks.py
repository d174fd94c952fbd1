"""Personal data planted in a Klant in Focus export - names, phone numbers, BSNs and e-mail addresses in
Toelichting and E-mailadres, a `?bsn=` and an `?email=` query in Pagina - reaches nothing but the raw file
copies: not the store (its tables, and every byte of its files), not the report (workbook, kpis.csv),
not the quarantine table, not what `dvm ingest` and `dvm report` say, not Prefect's database. The
planted values also sit in rows that go to quarantine, in a row with a field too many and in a file
rejected whole."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

from core.settings import load_settings
from flows.stores import open_store
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

NAME, SURNAME = "Hendrika Heimelijk", "Heimelijk"
PHONE, PHONE_DIGITS = "06-99977766", "99977766"
BSN, BSN2 = "999990054", "999990066"
MAIL, MAIL2 = "hendrika.heimelijk@voorbeeld.invalid", "k.klager@voorbeeld.invalid"
PII = (NAME, SURNAME, PHONE, PHONE_DIGITS, BSN, BSN2, MAIL, "hendrika.heimelijk", MAIL2, "k.klager")
HEADER = "Reactie-ID;Datum;Kanaal;Contactmoment;Vraag;Score;Team;Product;Pagina;Toelichting;E-mailadres;Gemeente"
COMMENT = f'"{NAME} hielp mij; bel {PHONE} of mail {MAIL2}, BSN {BSN}"'


def line(rid: str, day: int, score: str = "5", kanaal: str = "Website", pagina: str = "", extra: str = "") -> str:
    return (
        f"{rid};{day:02d}-07-2026 10:00;{kanaal};Paginafeedback;Smiley;{score};;Afval;{pagina};{COMMENT};{MAIL};"
        f"Losser{extra}"
    )


def plant(inbox: Path) -> None:
    rows = [
        line("L01", 1, pagina=f"/afval?bsn={BSN}"),
        line("L02", 2, "2", pagina=f"https://www.losser.nl/contact?email={MAIL}"),
        line("L03", 3, pagina=f"/zoeken/{BSN2}/resultaat"),
        line("L04", 6, "Weet niet", kanaal="Telefoon"),
        line("L05", 7, "9"),  # a Smiley of 9: quarantined
        line("L06", 8, PHONE),  # a phone number as score: quarantined, its shape only
        line("L07", 9, pagina=f"Bel {NAME} op {PHONE}"),  # no address: quarantined
        line("L08", 10, extra=f";{BSN}"),  # a field too many: quarantined by line and count
        line("L09", 13, "4").replace("Losser", "Oldenzaal"),  # a gemeente nobody configured
    ]
    rows += [line(f"M{i:02d}", 14 + i % 10, str(1 + i % 5), pagina="/afval") for i in range(40)]
    (inbox / "kif_feedback_20260720.csv").write_bytes(("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode())
    # rejected whole: no header; its first line holds the personal data
    (inbox / "kif_feedback_20260721.csv").write_text("\n".join(rows[:3]) + "\n", encoding="utf-8")


def found(data: bytes) -> list[str]:
    return [v for v in PII if v.encode() in data]


def unpacked(path: Path) -> bytes:
    """A file's bytes, and for a workbook (a zip) the bytes of every part in it."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return b"".join(z.read(n) for n in z.namelist())
    return path.read_bytes()


def dvm(*args: str, server, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dvm", *args, "--home", str(home)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**server.env, "DVM_REPORT__PDF": "false"},
        timeout=600,
    )


def test_planted_personal_data_reaches_no_store_report_log_or_quarantine(tmp_path, prefect_server):
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    plant(inbox)
    assert set(found(b"".join(p.read_bytes() for p in inbox.iterdir()))) == set(PII)  # the checks can fail

    ingested = dvm("ingest", str(inbox), server=prefect_server, home=home)
    reported = dvm("report", "2026-07", "--gemeente", "Losser", server=prefect_server, home=home)
    said = ingested.stdout + ingested.stderr + reported.stdout + reported.stderr
    assert ingested.returncode == 1 and reported.returncode == 0, said  # one file rejected; the report made
    assert "kif_feedback_20260721.csv: regel 1 is geen kopregel" in said and "Traceback" not in said
    assert found(said.encode()) == []

    store = open_store(load_settings(home=str(home)))
    feedback = store.read("feedback").collect()
    assert sorted(feedback["reactie_id"]) == ["L01", "L02", "L03", "L04", *[f"M{i:02d}" for i in range(40)]]
    assert sorted(feedback.filter(pl.col("reactie_id").is_in(["L01", "L02", "L03"]))["pagina"]) == [
        "/afval",
        "/contact",
        "/zoeken/.../resultaat",
    ]
    quarantine = store.read("quarantine").collect()
    assert set(quarantine["regel"]) == {
        "score_buiten_bereik",
        "geen_getal",
        "ongeldige_pagina",
        "aantal_velden",
        "onbekende_gemeente",
        "bestand_afgewezen",
    }
    for frame in (feedback, quarantine, store.ledger()):
        assert found(frame.write_csv().encode()) == []
    assert {str(p): found(p.read_bytes()) for p in store.path.rglob("*") if p.is_file() and found(p.read_bytes())} == {}

    reports = [p for p in (home / "reports").rglob("*") if p.is_file()]
    assert {p.suffix for p in reports} == {".xlsx", ".csv"}
    book = next(p for p in reports if p.suffix == ".xlsx")
    assert b"Tevredenheid" in unpacked(book) and b"score_buiten_bereik" in unpacked(book)  # what it shows ...
    assert {str(p): found(unpacked(p)) for p in reports if found(unpacked(p))} == {}  # ... without the data
    outside = [p for p in home.rglob("*") if p.is_file() and not {"archive", "quarantine"} & set(p.parts)]
    assert {str(p): found(unpacked(p)) for p in outside if found(unpacked(p))} == {}

    prefect_files = [p for p in prefect_server.home.rglob("*") if p.is_file()]
    assert any(b"kif_feedback_20260720.csv" in p.read_bytes() for p in prefect_files)  # the run's lines are there
    assert {str(p): found(p.read_bytes()) for p in prefect_files if found(p.read_bytes())} == {}
