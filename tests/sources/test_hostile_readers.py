"""The readers against hostile exports (tests/sources/hostile.py): no crash, no personal data in any reason,
no shifted row loaded. Readers are called directly here; test_hostile_exports.py runs the same corpus through
the `dvm` command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from core.errors import FileRejected
from core.settings import Settings
from flows.stores import SOURCES
from sources.files import ExportFile, identify
from sources.kcc import load_calls
from sources.layout import boundary, shape_of, shown_label, shown_value
from tests.conftest import ROOT
from tests.sources import hostile as h

SETTINGS = Settings()


def read(path: Path):
    file = identify(path)
    return SOURCES[file.source].read(file, SETTINGS)


def rejection(path: Path) -> str:
    with pytest.raises(FileRejected) as err:
        read(path)
    return str(err.value)


def leaks(text: str) -> list[str]:
    return [value for value in h.PII if value in text]


@pytest.mark.parametrize("case", h.CASES, ids=[c.id for c in h.CASES])
def test_each_hostile_export_is_rejected_or_quarantined_without_personal_data(tmp_path, case):
    path = case.make(tmp_path)
    if case.rejected:
        reason = rejection(path)
        assert reason.startswith(f"{path.name}: ") and case.fragment in reason
        assert "\n" not in reason and len(reason) < 600  # one line
        assert not leaks(reason)
        return
    batch = read(path)
    assert dict(zip(batch.quarantine["rij"], batch.quarantine["regel"], strict=True)) == case.quarantined
    assert batch.records.height == case.loaded
    assert batch.rows_read == case.loaded + len(case.quarantined)
    assert not leaks(batch.records.write_csv() + batch.quarantine.write_csv())


# --- 1. a reason names headers, lines, counts and positions, never a cell's text ----------------------------


@pytest.mark.parametrize(
    ("make", "columns"),
    [
        (lambda d: h.kcc_file(d, "20260501", [h.kcc_row("K1")], with_header=False), 9),
        (lambda d: h.corsa_file(d, "20260501", [h.corsa_row("Z-1")], with_header=False), 15),
        (lambda d: h.jcc_csv(d, "20260501", [h.jcc_row("A1")], with_header=False), 14),
        (lambda d: h.jcc_xlsx(d, "20260501", [h.cells(h.jcc_row("A1"))], header=None), 14),
    ],
)
def test_a_file_without_its_header_is_rejected_naming_the_expected_columns_not_the_first_row(tmp_path, make, columns):
    reason = rejection(make(tmp_path))
    assert "regel 1 is geen kopregel: geen van de verwachte kolommen (" in reason
    assert reason.count("'") == 2 * columns  # only the expected names are quoted
    assert not leaks(reason) and "Losser" not in reason and "K1" not in reason


def test_a_wrong_separator_is_named_without_quoting_the_first_line(tmp_path):
    reason = rejection(h.kcc_file(tmp_path, "20260502", [h.kcc_row("K1")], sep=";"))
    assert reason == "kcc_gesprekken_20260502.csv: kopregel is gescheiden door ';', verwacht ','"
    # the same file without its header: no header is recognised with any separator
    reason = rejection(h.kcc_file(tmp_path, "20260503", [h.kcc_row("K1")], sep=";", with_header=False))
    assert "regel 1 is geen kopregel" in reason and not leaks(reason)


def test_a_first_line_of_one_field_is_said_in_plain_dutch(tmp_path):
    # a file separated by ';' without its header: read with ',' its first line is one field
    reason = rejection(h.kcc_file(tmp_path, "20260504", [h.kcc_row("K1")], sep=";", with_header=False))
    assert "gevonden in het enige veld van regel 1; ontbreekt de kopregel?" in reason, reason
    # a header that is a data row read with its own separator: the number of its fields
    reason = rejection(h.kcc_file(tmp_path, "20260505", [h.kcc_row("K1")], with_header=False))
    assert re.search(r"gevonden in de \d+ velden van regel 1", reason), reason


def test_unknown_header_names_are_given_by_position_only(tmp_path):
    header = ["CallId", "Start", "Karel Klachtman", *h.KCC_HEADER[2:]]  # StartTimeUTC renamed; a row pasted in
    values = [*h.kcc_row("K1").values()]
    reason = rejection(
        h.kcc_file(
            tmp_path,
            "20260504",
            [[*values[:2], "x", *values[2:]]],
            header=header,
        )
    )
    assert reason == (
        "kcc_gesprekken_20260504.csv: kolom 'StartTimeUTC' ontbreekt in de kopregel "
        "(13 kolommen; niet herkend: kolom 2, 3)"
    )


def test_a_parse_error_gives_the_line_and_never_the_line_itself(tmp_path):
    row = h.csv_text(h.KCC_HEADER, [h.kcc_row("K2")], ",").splitlines()[1].replace(h.CALLER, '"' + h.CALLER)
    reason = rejection(h.kcc_file(tmp_path, "20260505", [h.kcc_row("K1"), row, h.kcc_row("K3")]))
    # the open quote runs to the end of the file: the record has the 4 fields before it and the rest as a 5th
    assert reason == (
        "kcc_gesprekken_20260505.csv: regel 3: een veld tussen aanhalingstekens loopt over meerdere "
        "regels en de regel heeft 5 velden, verwacht 12; waarschijnlijk ontbreekt een afsluitend "
        "aanhalingsteken"
    )


def test_reasons_about_a_value_show_its_length_or_its_shape_never_its_text():
    """A cell that failed a rule is never quoted (issue 24 item 13: a name given as Kanaal looks like a
    label, a phone number given as Score like a number): a label by its length, a value by its shape."""
    values = [
        "Phantom",
        "In behandeling",
        "",
        h.INITIATOR.replace(" ", "@"),
        h.FORMULA,
        "X" * 41,
        "ABC123456",
        "31-02-2026",
        "01-07-2026 10:07",
        "25:00",
        "-4",
        "n/a",
        h.TELEFOON,
        h.BSN,
        h.EMAIL,
        "Z" * 40,
    ]
    frame = pl.DataFrame({"v": values}).select(
        label=shown_label(pl.col("v")), value=shown_value(pl.col("v")), shape=shape_of(pl.col("v"))
    )
    got = dict(zip(values, frame.iter_rows(), strict=True))
    assert got[""] == ("(leeg)", "leeg", "leeg")
    for value in values[3:]:
        assert got[value][0] == f"(waarde van {len(value)} tekens, niet getoond)"
    assert got["Phantom"][0] == "(waarde van 7 tekens, niet getoond)"
    # dates, times, numbers and anything else as their shape (digits 9, letters a, T and Z kept)
    assert [got[v][1] for v in ("31-02-2026", "01-07-2026 10:07", "25:00", "-4")] == [
        "vorm '99-99-9999'",
        "vorm '99-99-9999 99:99'",
        "vorm '99:99'",
        "vorm '-9'",
    ]
    assert got["n/a"][1] == "vorm 'a/a'"
    assert got[h.TELEFOON][1] == "vorm '9999999999'" and got[h.BSN][1] == "vorm '999999999'"
    assert got[h.EMAIL][1] == "vorm 'aaaaa.aaaaaa?aaaaaaaaa.aaaaaaa'"
    assert got["Z" * 40][2] == "40 tekens, beginnend met vorm '" + "Z" * 30 + "'"
    assert not leaks(frame.write_csv())
    assert not any(v and f"'{v}'" in frame.write_csv() for v in values)


# --- 2. a row with another number of fields than the header is quarantined, never loaded shifted ------------


def test_a_short_kcc_row_is_quarantined_not_loaded_with_the_agent_in_transferred_to(tmp_path):
    rows = [
        h.kcc_row("K1"),
        h.without(h.kcc_row("K2", TransferredTo="PVH"), "TransferredTo"),
        h.kcc_row("K3", TransferredTo="PVH"),
        [*h.kcc_row("K4").values(), "x"],
        h.kcc_row("K5"),
    ]
    batch = read(h.kcc_file(tmp_path, "20260510", rows))
    # K2 (line 3) has 11 fields, K4 (line 5) 13: both quarantined; the other rows keep their own lines
    assert batch.quarantine.select("rij", "sleutel", "regel", "reden").rows() == [
        (3, None, "aantal_velden", "regel 3: 11 velden, verwacht 12"),
        (5, None, "aantal_velden", "regel 5: 13 velden, verwacht 12"),
    ]
    assert batch.records["call_id"].to_list() == ["K1", "K3", "K5"]
    assert batch.records["doorverbonden_naar"].to_list() == [None, "PVH", None]
    assert batch.rows_read == 5 and not leaks(batch.records.write_csv() + batch.quarantine.write_csv())


def test_line_numbers_stay_true_after_a_misfit_row(tmp_path):
    rows = [h.kcc_row("K1"), h.without(h.kcc_row("K2"), "AgentId"), h.kcc_row("K3", Outcome="Phantom")]
    q = read(h.kcc_file(tmp_path, "20260511", rows)).quarantine
    assert q.select("rij", "regel").rows() == [(3, "aantal_velden"), (4, "onbekende_uitkomst")]


def test_a_quoted_separator_or_line_break_is_part_of_the_field(tmp_path):
    rows = [
        h.kcc_row("K1", TransferredTo="Werk, Inkomen", AgentId='Henk "de" Proefpersoon, KCC'),
        h.kcc_row("K2", AgentId="regel\neen\r\nregel twee"),
    ]
    batch = read(h.kcc_file(tmp_path, "20260512", rows))
    assert batch.quarantine.height == 0
    assert batch.records["doorverbonden_naar"].to_list() == ["Werk, Inkomen", None]
    corsa = read(h.corsa_file(tmp_path, "20260512", [h.corsa_row("Z-1", Omschrijving="a; b;\r\nc")]))
    assert corsa.records["zaak_id"].to_list() == ["Z-1"] and corsa.quarantine.height == 0


def test_quoted_line_breaks_across_the_fast_readers_block_boundaries_load_every_row_unshifted(tmp_path):
    # 4 MB, nearly every line break inside a quoted AgentId: the fast, parallel read cuts its 1 MB blocks at
    # line breaks, so cuts fall inside quoted fields (pyarrow then stops: parser out of sync with chunker, or a
    # row does not fit), and the file is read again carefully. Every row must load with the right values.
    agent = "Henk\n" * 20 + "Proefpersoon"
    rows = [h.kcc_row(f"K{i:05d}", AgentId=agent, WaitSeconds=str(i % 600)) for i in range(20_000)]
    batch = read(h.kcc_file(tmp_path, "20260514", rows))
    assert batch.records["call_id"].to_list() == [f"K{i:05d}" for i in range(20_000)]
    assert batch.records["wacht_s"].to_list() == [i % 600 for i in range(20_000)]
    assert batch.quarantine.height == 0
    # a short row after them keeps its line number (a record number: quoted line breaks do not count)
    q = read(h.kcc_file(tmp_path, "20260515", [*rows, h.without(h.kcc_row("K99999"), "AgentId")])).quarantine
    assert q.select("rij", "reden").rows() == [(20_002, "regel 20002: 11 velden, verwacht 12")]


@pytest.mark.parametrize(
    "make",
    [
        lambda d: h.corsa_file(d, "20260513", [h.corsa_row("Z-1"), h.without(h.corsa_row("Z-2"), "Behandelaar")]),
        lambda d: h.jcc_csv(d, "20260513", [h.jcc_row("A1"), h.without(h.jcc_row("A2"), "Telefoon")]),
    ],
)
def test_short_rows_are_quarantined_in_every_csv_source(tmp_path, make):
    batch = read(make(tmp_path))
    fields = len(h.CORSA_HEADER if "corsa" in batch.file.name else h.JCC_HEADER)
    assert batch.quarantine.select("rij", "reden").rows() == [(3, f"regel 3: {fields - 1} velden, verwacht {fields}")]
    assert batch.records.height == 1
    assert "Karel Klachtman" not in batch.records.write_csv()  # Initiator naam never lands in Gemeente


# --- 3. a file that cannot be read is rejected with one line, never a traceback --------------------------------


def test_a_reader_failure_becomes_one_line_without_its_message(tmp_path):
    @boundary
    def explodes(file: ExportFile):
        raise ValueError(f"could not parse {h.INITIATOR!r} at line 3")  # what a library message may quote

    @boundary
    def opens(file: ExportFile):
        return file.path.open("rb")

    file = ExportFile(tmp_path / "kcc_gesprekken_20260520.csv", "kcc", "20260520T0000", "0" * 64)
    with pytest.raises(FileRejected) as err:
        explodes(file)
    assert str(err.value).startswith(
        "kcc_gesprekken_20260520.csv: onverwachte fout bij het lezen (ValueError in test_hostile_readers.py:"
    )
    assert not leaks(str(err.value))
    os.mkdir(file.path)
    with pytest.raises(FileRejected, match=r"kcc_gesprekken_20260520.csv: is een map, geen bestand$"):
        opens(file)


def _without_read_override(cmd: list[str]) -> list[str]:
    """As root, file permissions do not stop reading (CAP_DAC_OVERRIDE); run the command without that
    capability (util-linux setpriv) so that a chmod 000 file is really unreadable."""
    if os.geteuid() != 0:
        return cmd
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a chmod 000 file stays readable")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", *cmd]


def test_an_export_without_read_permission_is_rejected(tmp_path):
    path = h.kcc_file(tmp_path, "20260521", [h.kcc_row("K1")])
    path.chmod(0)
    code = (
        "import sys; from core.errors import FileRejected; from core.settings import Settings\n"
        "from sources.files import identify; from sources.kcc import load_calls\n"
        "f = identify(__import__('pathlib').Path(sys.argv[1]))\n"
        "try: load_calls(f, Settings().profiles.kcc, Settings().queues)\n"
        "except FileRejected as e: print(f.sha256[:11], e)\n"
    )
    out = subprocess.run(
        _without_read_override([sys.executable, "-c", code, str(path)]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,  # the assertion below shows stderr
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (
        "onleesbaar- kcc_gesprekken_20260521.csv: geen leesrechten op het bestand; "
        "verwacht een bestand dat de monitor mag lezen"
    )


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "bestand is leeg; verwacht een kopregel met kolomnamen"),
        (h.garbage(2000), "is geen UTF-8; verwacht UTF-8"),
        ("CallId,Start\u00e9\n".encode("cp1252") + b"x" * 10, "byte 0xe9 op positie 13 van de kopregel is geen UTF-8"),
        (b"\xff\xfeC\x00a\x00l\x00l\x00", "bestand is UTF-16 gecodeerd; verwacht UTF-8"),
        (b"A" * 70_000, "regel 1 is langer dan 64 kB"),
        (b"\n" + ",".join(h.KCC_HEADER).encode() + b"\n", "regel 1 is leeg; verwacht een kopregel"),
    ],
)
def test_an_empty_binary_or_wrongly_encoded_kcc_file_is_rejected(tmp_path, data, fragment):
    path = tmp_path / "kcc_gesprekken_20260522.csv"
    path.write_bytes(data)
    assert fragment in rejection(path)


def test_a_line_too_long_to_read_is_named(tmp_path):
    # 17 MB lines are read (tests/sources/hostile.py: kcc-huge-line); 40 MB is more than the reader's block
    rows = [h.kcc_row("K1"), h.kcc_row("K2"), h.kcc_row("K3", AgentId="a" * (40 << 20))]
    path = h.kcc_file(tmp_path, "20260523", rows)
    assert rejection(path) == (
        "kcc_gesprekken_20260523.csv: regel 4 is 40 MB lang, te lang om te lezen; verwacht regels van hoogstens 16 MB"
    )


# --- 4. order, extra and duplicate columns, line ends, a byte-order mark -----------------------------------


def test_a_header_in_another_order_with_extra_columns_gives_the_same_records(tmp_path):
    rows = [h.kcc_row("K1"), h.kcc_row("K2", Outcome="Abandoned", TalkSeconds="0", TransferredTo="BFR")]
    plain = read(h.kcc_file(tmp_path, "20260530", rows)).records
    header = ["Extra1", *reversed(h.KCC_HEADER), "Extra2", "AgentId"]  # a PII column twice is no problem
    lines = [[{**r, "Extra1": "x", "Extra2": "y"}[c] for c in header] for r in rows]
    other = read(h.kcc_file(tmp_path, "20260531", lines, header=header, bom=True, eol="\r\n")).records
    drop = ["export_stempel", "bron_bestand", "bron_hash"]
    assert other.drop(drop).equals(plain.drop(drop)) and plain.height == 2


def test_the_jcc_workbook_and_csv_match_columns_by_name(tmp_path):
    header = list(reversed(h.JCC_HEADER))
    xlsx = read(h.jcc_xlsx(tmp_path, "20260532", [h.cells(h.jcc_row("A1"), header)], header=header))
    csv = read(h.jcc_csv(tmp_path, "20260533", [h.jcc_row("A1")]))
    drop = ["export_stempel", "bron_bestand", "bron_hash"]
    assert xlsx.records.drop(drop).equals(csv.records.drop(drop)) and xlsx.records.height == 1


def test_a_gemeente_that_is_no_place_name_never_reaches_the_store(tmp_path):
    # (a configuration that knows these two gemeenten; one it does not know is quarantined as well, below)
    settings = Settings(gemeenten=["'s-Hertogenbosch", "Súdwest-Fryslân", "Losser", "Enschede"])
    file = identify(
        h.corsa_file(
            tmp_path,
            "20260534",
            [
                h.corsa_row("Z-1", Gemeente="..\\..\\rapporten"),
                h.corsa_row("Z-2", Gemeente="'s-Hertogenbosch"),
                h.corsa_row("Z-3", Gemeente="Súdwest-Fryslân"),
            ],
        )
    )
    batch = SOURCES[file.source].read(file, settings)
    assert batch.quarantine.select("rij", "regel", "reden").rows() == [
        (
            2,
            "ongeldige_gemeente",
            "Gemeente is geen plaatsnaam (vorm '..?..?aaaaaaaaa'; verwacht letters, cijfers, "
            "spaties en - ' . ( ), hoogstens 40 tekens)",
        )
    ]
    assert batch.records["gemeente"].to_list() == ["'s-Hertogenbosch", "Súdwest-Fryslân"]


def test_a_quarantined_row_keeps_its_key_only_when_it_is_a_plain_key(tmp_path):
    rows = [h.kcc_row("K1", Outcome="Phantom"), h.kcc_row(h.FORMULA), h.kcc_row(h.LONG)]
    q = read(h.kcc_file(tmp_path, "20260535", rows)).quarantine
    assert q.select("rij", "sleutel").rows() == [(2, "K1"), (3, None), (4, None)]
    assert q["reden"].to_list()[1:] == [
        f"CallId is geen geldige sleutel ({len(h.FORMULA)} tekens; verwacht hoogstens 64, niet beginnend met "
        "= + - of @)",
        "CallId is geen geldige sleutel (300 tekens; verwacht hoogstens 64, niet beginnend met = + - of @)",
    ]


def test_kcc_reads_only_the_columns_it_needs(tmp_path):
    # AgentId, CallerNumber and DialledNumber are not even parsed: invalid there is not our concern,
    # but the whole file must be UTF-8 (checked byte for byte)
    batch = load_calls(
        identify(h.kcc_file(tmp_path, "20260536", [h.kcc_row("K1")])), SETTINGS.profiles.kcc, SETTINGS.queues
    )
    assert set(batch.records.columns).isdisjoint({"AgentId", "CallerNumber", "DialledNumber"})
    assert not leaks(batch.records.write_csv())


def test_a_file_name_with_a_line_break_is_not_recognised_and_its_reason_stays_one_line(tmp_path):
    path = tmp_path / "kcc_gesprekken_20260537.csv\n"
    path.write_bytes(h.csv_text(h.KCC_HEADER, [h.kcc_row("K1")], ",").encode())
    with pytest.raises(FileRejected) as err:
        identify(path)
    assert str(err.value).startswith("kcc_gesprekken_20260537.csv?: bestandsnaam niet herkend")
