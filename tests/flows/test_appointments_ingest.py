"""JCC exports through the ingest flow: a .csv with bad rows loads the rest, a broken .xlsx
is rejected whole and leaves the appointment table as it was, the newest export wins."""

from __future__ import annotations

import io
import zipfile

import polars as pl
import pytest

from core.settings import load_settings
from flows.ingest import ingest
from flows.stores import open_store
from tests.conftest import FIXTURES

JCC = FIXTURES / "jcc"
HEADER = (
    "Afspraaknummer;Productcode;Product;Locatie;Datum;Begintijd;Eindtijd;Geboekt op;Geboekt via;Status;"
    "Aangemeld;Opgeroepen;Afgerond;Naam klant;E-mail;Telefoon;Gemeente"
)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "dvm"


def inbox(tmp_path, files: dict[str, bytes]):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def appointments(home) -> pl.DataFrame:
    return open_store(load_settings(home=home)).read("appointments").collect().sort("afspraak_id")


def test_a_csv_with_bad_rows_loads_the_good_ones_and_quarantines_the_rest(tmp_path, home):
    data = (JCC / "jcc_afspraken_20250301.csv").read_bytes()
    result = ingest([str(inbox(tmp_path, {"jcc_afspraken_20250301.csv": data}))], load_settings(home=str(home)))
    # 19 rows: A001, A002, A019 good; 16 bad (one per rule, both copies of the duplicate A014)
    assert (result.loaded, result.rows_merged, result.rows_quarantined) == (["jcc_afspraken_20250301.csv"], 3, 16)
    assert appointments(home)["afspraak_id"].to_list() == ["A001", "A002", "A019"]
    quarantine = open_store(load_settings(home=home)).read("quarantine").collect()
    assert {"onbekende_status", "oproep_voor_aanmelding", "afgerond_voor_oproep", "geboekt_na_afspraak"} <= set(
        quarantine["regel"]
    )
    # personal data never reaches the store: not in the records, not in the quarantine
    stored = " ".join(str(v) for frame in (appointments(home), quarantine) for row in frame.rows() for v in row)
    for pii in ("Renée", "Zoë", "example.nl", "0612345678", "0687654321"):
        assert pii not in stored


def _bomb() -> bytes:  # 11 MB of zeros packs to a few KB
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (11 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"PK\x03\x04 afgebroken download", "geen leesbare Excel-werkmap"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096, "beveiligd met een wachtwoord"),
        (_bomb(), "verdacht sterk gecomprimeerd"),
    ],
    ids=["afgebroken", "wachtwoord", "zipbom"],
)
def test_a_broken_workbook_is_rejected_and_the_table_stays_as_it_was(tmp_path, home, data, fragment):
    ingest(
        [str(inbox(tmp_path, {"jcc_afspraken_20250301.csv": (JCC / "jcc_afspraken_20250301.csv").read_bytes()}))],
        load_settings(home=str(home)),
    )
    store = open_store(load_settings(home=home))
    before, versions = appointments(home), store.table_versions()
    name = "jcc_afspraken_20250401.xlsx"
    result = ingest([str(inbox(tmp_path, {name: data}))], load_settings(home=str(home)))
    assert result.rejected == [name] and result.rows_merged == 0
    assert appointments(home).equals(before)
    assert store.table_versions()["appointments"] == versions["appointments"]
    assert (home / "quarantine" / name).exists()
    reason = store.read("quarantine").filter(pl.col("bron_bestand") == name).collect()["reden"][0]
    assert reason.startswith(f"{name}: ") and fragment in reason


def test_the_newest_export_of_an_appointment_wins(tmp_path, home):
    def export(status: str, called: str) -> bytes:
        row = (
            f"B001;PASAAN;Paspoort aanvragen;Gemeentehuis Losser;05-03-2025;10:00;10:20;01-03-2025 09:00;"
            f"Internet;{status};{'09:58:00' if called else ''};{called};{'10:15:00' if called else ''};"
            "Klant 1;k1@example.invalid;0600000001;Losser"
        )
        return f"{HEADER}\n{row}\n".encode()

    # planned in the export of 4 March, attended in the one of 6 March; the older file comes last
    folder = inbox(
        tmp_path,
        {
            "jcc_afspraken_20250306.csv": export("Verschenen", "10:02:00"),
            "jcc_afspraken_20250304.csv": export("Gepland", ""),
        },
    )
    ingest([str(folder)], load_settings(home=str(home)))
    one = appointments(home).row(0, named=True)
    assert (one["status"], one["export_stempel"], one["opgeroepen"].strftime("%H:%M")) == (
        "verschenen",
        "20250306T0000",
        "10:02",
    )
