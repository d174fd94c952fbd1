"""A corpus of bad periods and options: one Dutch line, the documented exit code, in well under
a few seconds (said before any flow or Prefect starts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.periods import parse_period, summary_columns
from flows.report import report_buckets
from tests.dvm.conftest import one_dutch_line, reject_a_file

PERIODS = [
    ("0000", "periode '0000': jaar buiten het bereik 1900 t/m 2999"),
    ("0001", "periode '0001': jaar buiten het bereik"),  # was reported as '0'
    ("9999", "periode '9999': jaar buiten het bereik"),
    ("9999-Q4", "periode '9999-Q4': jaar buiten het bereik"),
    ("1899-12", "jaar buiten het bereik"),
    ("2026-13", "periode '2026-13': maand 13 bestaat niet; verwacht 01 t/m 12"),
    ("2026-00", "maand 00 bestaat niet"),
    ("2026-Q5", "periode '2026-Q5': kwartaal bestaat niet; verwacht Q1 t/m Q4"),
    ("2026-Q0", "kwartaal bestaat niet"),
    ("2026-03-01..2026-02-01", "einddatum 2026-02-01 ligt voor begindatum 2026-03-01"),
    ("2026-02-30..2026-03-01", "2026-02-30 is geen bestaande datum"),
    ("2026-01-01..9999-12-31", "jaar buiten het bereik"),
    ("", "periode '' niet herkend; verwacht een maand (2026-07)"),
    ("   ", "niet herkend"),
    ("x" * 300, "(300 tekens)"),
    ("2026\x00", "periode '2026\\x00' niet herkend"),
    ("2026\n07", "periode '2026\\n07' niet herkend"),
    ("../x", "periode '../x' niet herkend"),
    ("2026-7", "niet herkend"),
    ("2026-W01", "niet herkend"),
    ("juli 2026", "niet herkend"),
    ("2026-07-01..", "niet herkend"),
]


@pytest.mark.parametrize(("period", "fragment"), PERIODS)
def test_a_bad_period_is_one_dutch_line_at_once(dvm, tmp_path, period, fragment):
    line = one_dutch_line(dvm("report", period, "--home", str(tmp_path)), 2, fragment, max_seconds=1.0)
    assert len(line) < 400


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        ([], 2, "geen commando gegeven; kies uit demo, ingest, report, prognose, nightly of serve"),
        (["raport", "2026"], 2, "onbekend commando 'raport'; bedoelt u 'report'?"),
        (["report"], 2, "ontbrekend argument: PERIODE (zie 'dvm report --help')"),
        (["ingest"], 2, "ontbrekend argument: PAD"),
        (["report", "2026", "2027"], 2, "onverwacht argument: '2027'"),
        (["report", "2026", "--gemente", "Losser"], 2, "onbekende optie '--gemente'; bedoelt u '--gemeente'?"),
        (["report", "2026", "--frobnicate"], 2, "onbekende optie '--frobnicate' (zie 'dvm report --help')"),
        (["report", "2026", "--as-of", "-1"], 2, "--as-of: '-1' is geen opslagversie"),
        (["demo", "--vandaag", "morgen"], 2, "--vandaag: 'morgen' is geen datum; verwacht JJJJ-MM-DD"),
        (["demo", "--vandaag", "2026-02-30"], 2, "--vandaag: '2026-02-30' is geen bestaande datum"),
        (["demo", "--vandaag", "0001-07-01"], 2, "--vandaag: '0001-07-01': jaar buiten het bereik 1901 t/m 2999"),
        (["demo", "--vandaag"], 2, "--vandaag verwacht een waarde"),
        (["report", "2026", "--as-of", "drie"], 2, "--as-of: 'drie' is geen opslagversie"),
        (["report", "2026", "--config"], 2, "--config verwacht een waarde"),
        (["nightly", "2026"], 2, "onverwacht argument: '2026'"),
        (["report", "2026-Q3", "--mail"], 2, "geen ontvangers ingesteld ([delivery] recipients)"),
        (["report", "2026-Q3", "--verbose", "--as-of", "x"], 2, "is geen opslagversie"),
    ],
)
def test_a_bad_command_line_is_one_dutch_line(dvm, tmp_path, args, code, fragment):
    one_dutch_line(dvm(*args, "--home", str(tmp_path)) if args else dvm(), code, fragment, max_seconds=1.5)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--as-of", "999"], "opslagversie 999 bestaat niet; beschikbaar 0 t/m 1"),
        (["--gemeente", "Utrecht"], "gemeente 'Utrecht' onbekend; ingesteld: Losser en Enschede"),
        (["--gemeente", "Loser"], "gemeente 'Loser' onbekend; bedoelt u Losser?"),
        (["--gemeente", "Losser", "--gemeente", "Enschde"], "gemeente 'Enschde' onbekend; bedoelt u Enschede?"),
        (["--as-of", "0", "--gemeente", ""], "gemeente '' onbekend"),
    ],
)
def test_a_typo_against_the_store_is_said_before_the_flow(dvm, loaded_home, args, fragment):
    one_dutch_line(dvm("report", "2026-07", *args, "--home", str(loaded_home)), 2, fragment)


def test_a_version_whose_files_upkeep_removed_is_said_before_the_flow(dvm, loaded_home, tmp_path):
    # `dvm onderhoud` vacuums the data files no store version of its last days needs: an older version
    # can then no longer be read whole. Its report says so in one line (was: the flow's read retried,
    # then "de run is mislukt (FileNotFoundError ...)", exit 4). A removed file stands in for a vacuum.
    import shutil

    from deltalake import DeltaTable

    from flows.stores import TABLES
    from store.delta_store import Store

    home = tmp_path / "home"
    shutil.copytree(loaded_home, home)
    store = Store(home / "store", TABLES)
    calls = store.table_versions(0)["calls"]
    old = set(DeltaTable(store.table_uri("calls"), version=calls).file_uris())
    newest = set(DeltaTable(store.table_uri("calls")).file_uris())
    gone = sorted(old - newest) or sorted(old)
    Path(gone[0]).unlink()
    assert store.missing_files(0) == 1
    one_dutch_line(
        dvm("report", "2026-07", "--as-of", "0", "--home", str(home)),
        2,
        "opslagversie 0 is niet meer te lezen: 1 bestand ervan verwijderd door 'dvm onderhoud'",
    )


def test_a_report_from_an_empty_store_says_nothing_was_produced(dvm, tmp_path):
    said = dvm("report", "2026-Q3", "--home", str(tmp_path / "nieuw"))
    one_dutch_line(said, 3, "er is geen opslag in")  # a new folder: no store at all
    assert said.out == "" and "laad eerst exports met 'dvm ingest'" in said.err


def test_a_store_with_only_rejected_files_has_nothing_to_report(dvm, tmp_path):
    reject_a_file(tmp_path)
    one_dutch_line(dvm("report", "2026-Q3", "--home", str(tmp_path)), 3, "bevat nog geen gegevens")


def test_help_is_dutch(dvm):
    for args in (["--help"], ["report", "--help"], ["ingest", "-h"]):
        said = dvm(*args)
        assert said.code == 0 and said.err == ""
        assert said.out.startswith("gebruik: dvm") and "opties:" in said.out
        assert "deze hulptekst tonen en stoppen" in said.out
        assert not any(w in said.out for w in ("usage:", "options:", "show this help", "positional arguments"))
    assert "commando's:" in dvm("--help").out and "argumenten:" in dvm("report", "--help").out


def test_a_one_day_range_is_a_valid_period():
    # it is its own only column (a range within one quarter has no parts beside it): the summary
    # once had two columns labelled 2025-01-01..2025-01-01, and polars refused the duplicate name
    period = parse_period("2025-01-01..2025-01-01")
    assert [(c.heading, c.period.label) for c in summary_columns(period)] == [
        ("2025 (01-01 t/m 01-01)", "2025-01-01..2025-01-01")
    ]
    assert sorted(report_buckets(period)) == [
        ("2025-01", period.start, period.end),
        ("2025-01-01..2025-01-01", period.start, period.end),
    ]
    # a range that is exactly a quarter is not shown beside itself either
    assert len(summary_columns(parse_period("2025-07-01..2025-09-30"))) == 1
