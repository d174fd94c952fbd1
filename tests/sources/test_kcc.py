"""The KCC reader on messy, synthetic files in the real layout."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from core.errors import FileRejected
from core.settings import QueueMapping, Settings
from sources.files import identify
from sources.kcc import STORED_CALLS_SCHEMA, load_calls
from tests.conftest import FIXTURES, mapped
from transforms.queues import unmapped_queues

KCC = FIXTURES / "kcc"
SETTINGS = Settings()  # default queues: LOS-*/ENS-*


def load(name: str, queues=None):
    return load_calls(identify(KCC / name), SETTINGS.profiles.kcc, queues or SETTINGS.queues)


def test_good_rows_become_canonical_calls_without_personal_data():
    batch = load("kcc_gesprekken_20260702.csv")
    assert batch.rows_read == 14
    assert batch.records.schema == STORED_CALLS_SCHEMA
    # T0011 is on queue LOS-OUD, which the configuration does not know: stored as the export says
    # (not bad data), in no gemeente's figures until the configuration maps it
    assert batch.records["call_id"].to_list() == ["T0001", "T0002", "T0003", "T0004", "T0005", "T0006", "T0011"]
    first = mapped(batch.records, SETTINGS).row(0, named=True)
    assert first["gestart_op"] == datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert (first["wachtrij"], first["gemeente"], first["lijn"], first["team"]) == ("LOS-KCC", "Losser", 1, "KCC")
    assert first["uitkomst"] == "beantwoord" and first["wacht_s"] == 12
    assert first["export_stempel"] == "20260702T0000"
    # Empty TransferredTo (bare or quoted) is null; a team name is kept.
    assert batch.records["doorverbonden_naar"].to_list() == [None, "PVH", None, None, None, None, None]
    # Caller number, agent id, dialled number and unknown extra columns never pass the boundary.
    flat = batch.records.write_csv()
    assert "+3160" not in flat and "Agent-" not in flat and "ExtraKolom" not in flat


def test_each_row_rule_quarantines_with_line_and_reason():
    q = load("kcc_gesprekken_20260702.csv").quarantine
    got = {(r["rij"], r["regel"]) for r in q.iter_rows(named=True)}
    assert got == {  # (line 12, T0011 on the unknown queue LOS-OUD, is stored: see above)
        (8, "onbekende_uitkomst"),
        (9, "negatieve_duur"),
        (10, "geen_getal"),
        (11, "ongeldige_tijd"),
        (13, "dubbele_sleutel"),
        (14, "dubbele_sleutel"),
        (15, "sleutel_ontbreekt"),
    }
    reasons = dict(zip(q["rij"], q["reden"], strict=True))
    # a reason names the column and the rule, never the cell (issue 24 item 13): a shape at most
    assert reasons[8].startswith("Outcome onbekend (waarde van 7 tekens, niet getoond)")
    assert reasons[9] == "WaitSeconds is negatief; verwacht 0 of meer"
    assert reasons[10] == "TalkSeconds is geen geheel getal: vorm 'a/a'"  # the shape, not the text
    assert "vorm '99-99-9999 99:99'" in reasons[11]
    assert "'T0012' komt meer dan eens voor" in reasons[13]
    # No personal data in the quarantine either.
    assert "+3160" not in q.write_csv() and "Agent-" not in q.write_csv()


def test_a_queue_mapping_from_configuration_decides_the_gemeente_when_figures_are_computed():
    settings = Settings(queues=[QueueMapping(name="LOS-KCC", gemeente="Losser", line=1, team="KCC")])
    calls = mapped(load("kcc_gesprekken_20260702.csv").records, settings)
    assert set(calls.filter(pl.col("gemeente") == "Losser")["wachtrij"]) == {"LOS-KCC"}
    assert sorted(calls.filter(pl.col("gemeente").is_null())["call_id"]) == ["T0004", "T0005", "T0011"]
    # the queues the configuration does not map, with their number of calls
    unknown = unmapped_queues(calls.lazy()).collect()
    assert dict(zip(unknown["waarde"], unknown["aantal"], strict=True)) == {"ENS-KCC": 1, "LOS-OUD": 1, "LOS-PVH": 1}


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        # the unknown column (ExtraKolom) is named by position only: in a file without header it would be a data row
        (
            "kcc_gesprekken_20260704.csv",
            "kolommen 'Outcome', 'TransferredTo' ontbreken in de kopregel (11 kolommen; niet herkend: kolom 11)",
        ),
        ("kcc_gesprekken_20260705.csv", "kopregel is gescheiden door ';', verwacht ','"),
        ("kcc_gesprekken_20260706.csv", "bestand is leeg"),
        # a Windows-1252 byte, even in a column that is not read: the whole file is in the wrong encoding
        ("kcc_gesprekken_20260707.csv", "byte 0xf6 op regel 2 is geen UTF-8; verwacht UTF-8"),
        ("kcc_gesprekken_20260708.csv", "alleen een kopregel, geen gegevens"),
        # An unquoted comma in a field: more fields than the header. Never load it shifted; no row fits at all.
        (
            "kcc_gesprekken_20260709.csv",
            "geen enkele regel heeft 12 velden zoals de kopregel (1 regel met een ander "
            "aantal, de eerste regel 2 met 13)",
        ),
    ],
)
def test_unreadable_files_are_rejected_whole_with_a_clear_message(name, fragment):
    with pytest.raises(FileRejected) as err:
        load(name)
    assert str(err.value).startswith(f"{name}: ")
    assert fragment in str(err.value)


def test_unknown_file_names_are_rejected():
    with pytest.raises(FileRejected, match="bestandsnaam niet herkend"):
        identify(KCC / "gesprekken_juli.csv")


def test_export_moment_comes_from_the_file_name():
    assert identify(KCC / "kcc_gesprekken_20260703T0600.csv").stamp == "20260703T0600"
    assert identify(KCC / "kcc_gesprekken_20260702.csv").stamp == "20260702T0000"


def test_header_names_with_surrounding_spaces_are_recognised():
    batch = load("kcc_gesprekken_20260710.csv")
    assert batch.records["call_id"].to_list() == ["T0101"]


def test_values_with_surrounding_whitespace_are_read_without_it(tmp_path):
    # each column read, padded with another kind of whitespace (ASCII and not), in one row; the other
    # row is clean. Read as if stripped: " T0201 " is T0201, "\u00a012" is 12, "Answered\u3000" known.
    header = "CallId,StartTimeUTC,Queue,DialledNumber,CallerNumber,WaitSeconds,TalkSeconds,HoldSeconds,"
    header += "WrapUpSeconds,Outcome,TransferredTo,AgentId\n"
    padded = (
        " T0201 ,\t2026-07-01T10:00:00Z\x0b,\u2003LOS-KCC\u00a0,14 0541,+31600000201,\u00a012,100 ,"
        "\u20280,\u300010,Answered\u3000,\u205fPVH\u202f,Agent-Z\n"
    )
    (tmp_path / "kcc_gesprekken_20260711.csv").write_text(
        header + padded + "T0202,2026-07-01T11:00:00Z,LOS-KCC,14 0541,+31600000202,5,0,0,0,Abandoned,,\n",
        encoding="utf-8",
    )
    batch = load_calls(identify(tmp_path / "kcc_gesprekken_20260711.csv"), SETTINGS.profiles.kcc, SETTINGS.queues)
    assert batch.quarantine.height == 0
    assert batch.records.select("call_id", "wachtrij", "wacht_s", "gesprek_s", "wacht_in_gesprek_s").rows() == [
        ("T0201", "LOS-KCC", 12, 100, 0),
        ("T0202", "LOS-KCC", 5, 0, 0),
    ]
    assert batch.records["nawerk_s"].to_list() == [10, 0]
    assert batch.records["uitkomst"].to_list() == ["beantwoord", "opgehangen"]
    assert batch.records["doorverbonden_naar"].to_list() == ["PVH", None]
    assert batch.records["gestart_op"].to_list() == [
        datetime(2026, 7, 1, 10, tzinfo=UTC),
        datetime(2026, 7, 1, 11, tzinfo=UTC),
    ]


def test_a_column_is_left_unstripped_only_when_no_value_can_change():
    # every character polars' strip_chars removes starts and ends with a byte the look at the bytes
    # (`_padded`) counts as maybe whitespace: a column it calls clean has nothing to strip
    import pyarrow as pa

    from sources.layout import _padded

    every = pl.Series([chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000])
    stripped = every.filter(every.str.strip_chars() != every).to_list()
    assert "\u3000" in stripped and " " in stripped
    for c in stripped:
        for value in (f"{c}x", f"x{c}", c):
            assert _padded(pa.chunked_array([pa.array(["ab", None, value], pa.string()).slice(1)])), repr(value)
    assert not _padded(pa.chunked_array([pa.array(["a b", None, "T0001"], pa.string()), pa.array([], pa.string())]))


def test_a_column_is_printable_exactly_when_every_byte_is_printable_ascii():
    # `_printable` looks at each byte Arrow holds: a column is printable when every byte of its values is
    # 0x20 (space) to 0x7e (~); any other character (a control character, DEL, a byte-order mark, any
    # non-ASCII letter) makes it not. A null or an empty value holds no bytes.
    import pyarrow as pa

    from sources.layout import _holds, _printable

    def column(*values: str | None) -> pa.ChunkedArray:
        return pa.chunked_array([pa.array(["\x00", *values], pa.string()).slice(1), pa.array([], pa.string())])

    for code in range(0x80):
        assert _printable(column("T0001", None, f"a{chr(code)}b", "")) == (0x20 <= code <= 0x7E), code
    for text in ("\ufeffT0001", "café", "\u00a0", "\u2028"):
        assert not _printable(column("T0001", text)), repr(text)
    assert _printable(column(None, "")) and _printable(column())
    assert not _printable(pa.chunked_array([pa.array(["T0001"], pa.large_string())]))  # not what the reader asks
    assert _holds(column("a b"), 0x20) and not _holds(column("ab", None), 0x20)


def test_control_characters_are_looked_for_only_in_columns_that_can_hold_them(tmp_path):
    # a clean export: every column read is printable ASCII, so the control-character rule has nothing
    # to look at; the same export with a BEL (0x07) in one call id and a byte-order mark in one queue:
    # those two columns are not printable, and exactly those two rows are quarantined for it
    from sources.layout import read_text_csv

    header = "CallId,StartTimeUTC,Queue,DialledNumber,CallerNumber,WaitSeconds,TalkSeconds,HoldSeconds,"
    header += "WrapUpSeconds,Outcome,TransferredTo,AgentId\n"

    def row(key: str, queue: str = "LOS-KCC") -> str:
        return f"{key},2026-07-01T10:00:00Z,{queue},14 0541,+31600000201,5,0,0,0,Abandoned,,\n"

    clean = tmp_path / "kcc_gesprekken_20260713.csv"
    clean.write_text(header + row("T0401") + row("T0402"), encoding="utf-8")
    raw = read_text_csv(identify(clean), ",", SETTINGS.profiles.kcc.columns, ("DialledNumber", "CallerNumber"))
    assert {"call_id", "wachtrij", "gestart_op"} <= raw.printable
    dirty = tmp_path / "kcc_gesprekken_20260714.csv"
    dirty.write_text(header + row("T0501") + row("T05\x0702") + row("T0503", "\ufeffLOS-KCC"), encoding="utf-8")
    batch = load_calls(identify(dirty), SETTINGS.profiles.kcc, SETTINGS.queues)
    assert batch.records["call_id"].to_list() == ["T0501"]
    assert batch.quarantine.select("rij", "regel").rows() == [(3, "stuurteken"), (4, "stuurteken")]


def test_a_repeated_key_among_keys_in_order_is_still_found(tmp_path):
    # keys in increasing order are all different without hashing them (`increasing`); a key repeated
    # next to itself is not increasing, so it is looked up as before: both its rows quarantined
    from sources.layout import increasing

    header = "CallId,StartTimeUTC,Queue,DialledNumber,CallerNumber,WaitSeconds,TalkSeconds,HoldSeconds,"
    header += "WrapUpSeconds,Outcome,TransferredTo,AgentId\n"
    rows = "".join(
        f"{key},2026-07-01T1{i}:00:00Z,LOS-KCC,14 0541,+3160000030{i},5,0,0,0,Abandoned,,\n"
        for i, key in enumerate(["T0301", "T0302", "T0302", "T0303"])
    )
    (tmp_path / "kcc_gesprekken_20260712.csv").write_text(header + rows, encoding="utf-8")
    batch = load_calls(identify(tmp_path / "kcc_gesprekken_20260712.csv"), SETTINGS.profiles.kcc, SETTINGS.queues)
    assert batch.records["call_id"].to_list() == ["T0301", "T0303"]
    assert batch.quarantine.select("rij", "regel").rows() == [(3, "dubbele_sleutel"), (4, "dubbele_sleutel")]
    assert increasing(pl.Series(["a", "b", "c"])) and increasing(pl.Series([], dtype=pl.String))
    assert not increasing(pl.Series(["a", "b", "b"])) and not increasing(pl.Series(["a", None, "c"]))
    assert not increasing(pl.Series(["b", "a"]))
