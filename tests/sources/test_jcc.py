"""The JCC reader: the samples, one set of rules for .csv and .xlsx, and bad workbooks rejected whole."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from core.errors import FileRejected
from core.profiles import JccProfile
from sources.files import identify
from sources.jcc import APPOINTMENTS_SCHEMA, load_appointments
from tests.conftest import FIXTURES, SHARED
from tests.sources.hostile import JCC_HEADER as HEADER

JCC = FIXTURES / "jcc"
SAMPLES = SHARED / "contracts" / "samples"
PII = (
    "Renée de Wit",
    "renee.dewit@example.nl",
    "0612345678",
    "Jöran Bakker",
    "joran@example.nl",
    "+31 6 11112222",
    "Zoë Smit",
    "zoe@example.nl",
    "0687654321",
    "@example.nl",
)


def load(path: Path, profile: JccProfile | None = None):
    return load_appointments(identify(path), profile or JccProfile())


def no_pii(batch, pii=PII) -> None:
    flat = batch.records.write_csv() + batch.quarantine.write_csv()
    for value in pii:
        assert value not in flat


@pytest.mark.parametrize(("name", "rows"), [("jcc_afspraken_20250301.csv", 24), ("jcc_afspraken_20250201.xlsx", 25)])
def test_the_samples_load_without_personal_data(name, rows):
    batch = load(SAMPLES / name)
    assert batch.rows_read == rows and batch.records.height == rows and batch.quarantine.height == 0
    assert batch.records.schema == APPOINTMENTS_SCHEMA
    assert set(batch.records["status"]) <= {"gepland", "verschenen", "niet_verschenen", "geannuleerd"}
    assert set(batch.records["boekingskanaal"]) <= {"internet", "telefoon", "balie"}
    raw = (
        pl.read_csv(SAMPLES / name, separator=";", infer_schema=False)
        if name.endswith(".csv")
        else pl.read_excel(SAMPLES / name, sheet_name="Afspraken", infer_schema_length=0)
    )
    pii = [v for c in ("Naam klant", "E-mail", "Telefoon") for v in raw[c].drop_nulls()]
    assert pii
    no_pii(batch, pii)
    assert not {"Naam klant", "E-mail", "Telefoon"} & set(batch.records.columns)


def test_the_csv_sample_becomes_canonical_local_times():
    rec = {r["afspraak_id"]: r for r in load(SAMPLES / "jcc_afspraken_20250301.csv").records.iter_rows(named=True)}
    one = rec["AENS0002757"]
    ams = one["begin"].tzinfo
    assert one["datum"] == dt.date(2025, 2, 19)
    assert one["begin"] == dt.datetime(2025, 2, 19, 11, 45, tzinfo=ams)
    assert one["eind"] == dt.datetime(2025, 2, 19, 12, 0, tzinfo=ams)
    assert one["geboekt_op"] == dt.datetime(2025, 2, 14, 21, 56, tzinfo=ams)
    assert one["aangemeld"] == dt.datetime(2025, 2, 19, 11, 43, 29, tzinfo=ams)
    assert one["afgerond"] == dt.datetime(2025, 2, 19, 12, 13, 34, tzinfo=ams)
    assert (one["boekingskanaal"], one["status"], one["gemeente"]) == ("internet", "verschenen", "Enschede")
    planned = rec["AENS0003564"]
    assert planned["status"] == "gepland" and planned["aangemeld"] is None and planned["afgerond"] is None


def test_each_row_rule_quarantines_with_line_and_reason():
    batch = load(JCC / "jcc_afspraken_20250301.csv")
    assert batch.rows_read == 19
    assert sorted(batch.records["afspraak_id"]) == ["A001", "A002", "A019"]
    q = batch.quarantine
    got = {(r["rij"], r["regel"]) for r in q.iter_rows(named=True)}
    assert got == {
        (4, "sleutel_ontbreekt"),
        (5, "ongeldige_datum"),
        (6, "ongeldige_tijd"),
        (7, "ongeldige_datum"),
        (8, "ongeldige_tijd"),
        (9, "onbekende_status"),
        (10, "onbekend_kanaal"),
        (11, "oproep_voor_aanmelding"),
        (12, "afgerond_voor_oproep"),
        (13, "geboekt_na_afspraak"),
        (14, "gemeente_ontbreekt"),
        (15, "dubbele_sleutel"),
        (16, "dubbele_sleutel"),
        (17, "datum_ontbreekt"),
        (18, "einde_voor_start"),
        (19, "tijd_bestaat_niet"),
    }
    reasons = dict(zip(q["rij"], q["reden"], strict=True))
    assert reasons[4] == "Afspraaknummer is leeg"
    # a reason names the column and the rule, never the cell (issue 24 item 13): a shape at most
    assert reasons[5] == "Datum is geen geldige datum (dd-mm-jjjj): vorm '99-99-9999'"
    assert reasons[6] == "Begintijd is geen geldige tijd (UU:MM of UU:MM:SS): vorm '99:99'"
    assert reasons[7] == "Geboekt op is geen geldige datum en tijd (dd-mm-jjjj UU:MM): vorm 'aaaaaaaa'"
    assert reasons[8] == "Aangemeld is geen geldige tijd (UU:MM of UU:MM:SS): vorm '9.99'"
    assert reasons[9].startswith("Status onbekend (waarde van 6 tekens, niet getoond); toegestaan ['Gepland'")
    assert reasons[10].startswith("Geboekt via onbekend (waarde van 4 tekens, niet getoond); toegestaan ['Internet'")
    assert reasons[11] == "Opgeroepen ligt voor Aangemeld"
    assert reasons[12] == "Afgerond ligt voor Opgeroepen"
    assert reasons[13] == "Geboekt op ligt na Datum Begintijd"
    assert reasons[14] == "Gemeente is leeg"
    assert reasons[15] == "Afspraaknummer 'A014' komt meer dan eens voor in dit bestand"
    assert reasons[17] == "Datum ontbreekt"
    assert reasons[19] == "Begintijd bestaat niet op Datum: dat uur valt weg bij de overgang naar zomertijd"
    assert set(q["bron"]) == {"jcc"}
    no_pii(batch)


def test_good_fixture_rows_and_the_ambiguous_autumn_hour():
    rec = {r["afspraak_id"]: r for r in load(JCC / "jcc_afspraken_20250301.csv").records.iter_rows(named=True)}
    assert rec["A002"]["begin"].replace(tzinfo=None) == dt.datetime(2025, 3, 6, 11, 0)  # HH:MM:SS accepted
    assert rec["A002"]["boekingskanaal"] == "balie"
    autumn = rec["A019"]["begin"]  # 02:30 happens twice on 26-10-2025: the earliest (summer time) is taken
    assert autumn.utcoffset() == dt.timedelta(hours=2) and rec["A019"]["geboekt_op"] is None


def test_a_missing_column_rejects_the_file_naming_it():
    name = "jcc_afspraken_20250302.csv"
    with pytest.raises(FileRejected) as err:
        load(JCC / name)
    msg = str(err.value)
    assert msg.startswith(f"{name}: ") and "kolommen 'Status', 'Gemeente' ontbreken" in msg
    assert "Renée" not in msg and "example.nl" not in msg


# --- .xlsx -----------------------------------------------------------------------------------------------------

ROWS = [  # (id, datum, begin, eind, geboekt_op, kanaal, status, aangemeld, opgeroepen, afgerond)
    (
        "B001",
        dt.date(2025, 2, 4),
        dt.time(9, 15),
        dt.time(9, 30),
        dt.datetime(2025, 1, 20, 10, 0),
        "Internet",
        "Verschenen",
        dt.time(9, 10, 7),
        dt.time(9, 16, 30),
        dt.time(9, 29, 59),
    ),
    (
        "B002",
        dt.date(2025, 3, 6),
        dt.time(11, 0),
        dt.time(11, 10),
        dt.datetime(2025, 2, 25, 14, 41),
        "Balie",
        "Gepland",
        None,
        None,
        None,
    ),
    (
        "B003",
        dt.date(2025, 3, 30),
        dt.time(14, 45),
        dt.time(15, 0),
        dt.datetime(2025, 3, 29, 23, 59),
        "Telefoon",
        "Niet verschenen",
        None,
        None,
        None,
    ),
    (
        "B004",
        dt.date(2025, 2, 4),
        dt.time(10, 0),
        dt.time(10, 15),
        dt.datetime(2025, 2, 4, 10, 30),
        "Internet",
        "Verschenen",
        dt.time(9, 55),
        dt.time(10, 1),
        dt.time(10, 12),
    ),  # booked after: quarantined in both
]


def _as_text(v):
    if isinstance(v, dt.datetime):
        return v.strftime("%d-%m-%Y %H:%M")
    if isinstance(v, dt.date):
        return v.strftime("%d-%m-%Y")
    if isinstance(v, dt.time):
        return v.strftime("%H:%M:%S" if v.second else "%H:%M")
    return v


def write_workbook(path: Path, real_cells: bool, sheet: str = "Afspraken", extra: int = 0) -> Path:
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet(sheet)
    fmt = {
        dt.datetime: wb.add_format({"num_format": "dd-mm-yyyy hh:mm"}),
        dt.date: wb.add_format({"num_format": "dd-mm-yyyy"}),
        dt.time: wb.add_format({"num_format": "hh:mm:ss"}),
    }
    ws.write_row(0, 0, HEADER)
    for r, (aid, datum, begin, eind, booked, via, status, *visit) in enumerate(ROWS, start=1):
        values = [
            aid,
            "PASAAN",
            "Paspoort aanvraag",
            "Gemeentehuis Losser",
            datum,
            begin,
            eind,
            booked,
            via,
            status,
            *visit,
            "Renée de Wit",
            "renee.dewit@example.nl",
            "0612345678",
            "Losser",
        ]
        for c, v in enumerate(values):
            if v is None:
                continue
            if real_cells and type(v) in fmt:
                ws.write_datetime(r, c, v, fmt[type(v)])
            else:
                ws.write_string(r, c, _as_text(v))
    wb.close()
    if extra:  # pad the workbook with a highly compressible member
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/media/padding.bin", b"\0" * extra)
    return path


def canonical(batch) -> pl.DataFrame:
    return batch.records.drop("export_stempel", "bron_bestand", "bron_hash")


def test_real_date_cells_and_text_cells_give_identical_records(tmp_path):
    real = load(write_workbook(tmp_path / "jcc_afspraken_20250401.xlsx", real_cells=True))
    text = load(write_workbook(tmp_path / "jcc_afspraken_20250402.xlsx", real_cells=False))
    assert real.records.schema == APPOINTMENTS_SCHEMA
    assert real.records.height == 3 and real.rows_read == 4
    assert canonical(real).equals(canonical(text))
    assert (
        real.quarantine.select("rij", "regel").rows()
        == text.quarantine.select("rij", "regel").rows()
        == [(5, "geboekt_na_afspraak")]
    )
    one = real.records.row(0, named=True)
    ams = one["begin"].tzinfo
    assert one["aangemeld"] == dt.datetime(2025, 2, 4, 9, 10, 7, tzinfo=ams)
    assert one["geboekt_op"] == dt.datetime(2025, 1, 20, 10, 0, tzinfo=ams)
    assert real.records.row(2, named=True)["begin"].utcoffset() == dt.timedelta(hours=2)  # summer time
    # the same rows as CSV text give the same records too: one set of parsing rules
    csv = tmp_path / "jcc_afspraken_20250403.csv"
    lines = [";".join(HEADER)] + [
        ";".join(
            str(_as_text(v) or "")
            for v in (
                aid,
                "PASAAN",
                "Paspoort aanvraag",
                "Gemeentehuis Losser",
                datum,
                begin,
                eind,
                booked,
                via,
                status,
                *visit,
                "Renée de Wit",
                "renee.dewit@example.nl",
                "0612345678",
                "Losser",
            )
        )
        for aid, datum, begin, eind, booked, via, status, *visit in ROWS
    ]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert canonical(load(csv)).equals(canonical(real))
    no_pii(real)
    no_pii(text)


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "geen werkmap")
    return path


def _bomb(path: Path) -> Path:  # 11 MB of zeros packs to a few KB: far beyond 200:1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (11 * 1024 * 1024))
    return path


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: _write_bytes(p, (JCC / "jcc_afspraken_20250301.csv").read_bytes()), "geen leesbare Excel-werkmap"),
        (lambda p: _write_bytes(p, bytes(range(256)) * 64), "geen leesbare Excel-werkmap"),
        (lambda p: _write_bytes(p, b""), "bestand is leeg"),
        (lambda p: _write_bytes(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096), "beveiligd met een wachtwoord"),
        (_plain_zip, "geen Excel-werkmap (.xlsx): xl/workbook.xml ontbreekt"),
        (lambda p: write_workbook(p, True, sheet="Blad1"), "tabblad 'Afspraken' ontbreekt; gevonden ['Blad1']"),
        (_bomb, "verdacht sterk gecomprimeerd"),
    ],
)
def test_a_bad_workbook_is_rejected_whole_with_a_clear_message(tmp_path, make, fragment):
    path = make(tmp_path / "jcc_afspraken_20250410.xlsx")
    with pytest.raises(FileRejected) as err:
        load(path)
    msg = str(err.value)
    assert msg.startswith("jcc_afspraken_20250410.xlsx: ") and fragment in msg
    for value in PII:
        assert value not in msg


def test_a_workbook_unpacking_beyond_the_limit_is_rejected(tmp_path):
    path = write_workbook(tmp_path / "jcc_afspraken_20250411.xlsx", True, extra=2 * 1024 * 1024)
    assert load(path).records.height == 3  # fine under the default limit
    with pytest.raises(FileRejected) as err:
        load(path, JccProfile(max_uncompressed_mb=1))
    assert str(err.value).startswith(
        "jcc_afspraken_20250411.xlsx: werkmap pakt uit tot 2 MB, meer dan de grens van 1 MB"
    )


def test_a_workbook_with_only_a_header_or_a_missing_column_is_rejected(tmp_path):
    path = tmp_path / "jcc_afspraken_20250412.xlsx"
    wb = xlsxwriter.Workbook(path)
    wb.add_worksheet("Afspraken").write_row(0, 0, HEADER)
    wb.close()
    with pytest.raises(FileRejected, match="alleen een kopregel"):
        load(path)
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Afspraken")
    ws.write_row(0, 0, [h for h in HEADER if h != "Geboekt via"])
    ws.write_row(1, 0, ["B001"])
    wb.close()
    with pytest.raises(FileRejected) as err:
        load(path)
    assert str(err.value).startswith("jcc_afspraken_20250412.xlsx: kolom 'Geboekt via' ontbreekt")
