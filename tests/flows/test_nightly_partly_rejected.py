"""A night with a bad file and bad rows: the run loads what was good, quarantines the rest, completes
as 'Deels afgekeurd' with that in one line, and mails the operators why (a real aiosmtpd server)."""

from __future__ import annotations

import shutil
from datetime import date

import polars as pl

from core.settings import load_settings
from flows.nightly import PARTLY_REJECTED, nightly
from flows.stores import open_store
from tests.conftest import FIXTURES


def installation(tmp_path, smtp_server, nightly_mail: str = "on_problems"):
    home = tmp_path / "dvm"
    (home / "inbox").mkdir(parents=True)
    config = tmp_path / "dvm.toml"
    config.write_text(
        f'''
{smtp_server.delivery_toml}operators = ["beheer@losser.nl"]
nightly_mail = "{nightly_mail}"
''',
        encoding="utf-8",
    )
    return home, config


def test_a_partly_bad_night_loads_the_good_quarantines_the_rest_and_says_so(tmp_path, smtp_server):
    home, config = installation(tmp_path, smtp_server)
    # 0702: 14 rows; T0001-T0006 good, T0011 too (its queue LOS-OUD is not configured: stored as exported,
    # named as a configuration gap, in no gemeente's figures), 7 quarantined:
    #   T0007 unknown outcome, T0008 negative wait, T0009 'n/a' talk time, T0010 bad start time,
    #   T0012 twice (duplicate key: both), one row without CallId
    # 0703T0600: 1 row, T0001 again (newer export: replaces the 0702 one) -> 7 + 1 - 1 = 7 merged
    # 0704: columns 'Outcome' and 'TransferredTo' missing: the whole file rejected
    for name in ("kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv", "kcc_gesprekken_20260704.csv"):
        shutil.copy(FIXTURES / "kcc" / name, home / "inbox" / name)
    state = nightly(config=str(config), home=str(home), today=date(2026, 8, 15), return_state=True)

    assert state.is_completed() and state.name == PARTLY_REJECTED
    assert state.message == "2 bestanden geladen (7 rijen samengevoegd), 1 bestand afgewezen, 7 rijen in quarantaine"
    outcome = state.result()
    assert isinstance(outcome, dict)  # the Completed state carries the outcome
    assert outcome["geladen"] == ["kcc_gesprekken_20260702.csv", "kcc_gesprekken_20260703T0600.csv"]
    assert list(outcome["afgewezen"]) == ["kcc_gesprekken_20260704.csv"]
    assert outcome["rijen_quarantaine"] == {"kcc_gesprekken_20260702.csv": 7, "kcc_gesprekken_20260703T0600.csv": 0}
    assert any(p.endswith("dienstverleningsmonitor_Losser_2026-Q3.xlsx") for p in outcome["rapporten"])

    # the good rows are in the store; the bad file in the quarantine folder, the bad rows in its table
    store = open_store(load_settings(str(config), str(home)))
    calls = store.read("calls").collect()
    assert sorted(calls["call_id"]) == ["T0001", "T0002", "T0003", "T0004", "T0005", "T0006", "T0011"]
    assert calls.filter(pl.col("call_id") == "T0001")["wacht_s"].item() == 40  # the newer export's value
    assert [p.name for p in (home / "quarantine").iterdir()] == ["kcc_gesprekken_20260704.csv"]
    quarantine = store.read("quarantine").collect()
    assert quarantine.filter(pl.col("bron_bestand") == "kcc_gesprekken_20260702.csv").height == 7
    assert quarantine.filter(pl.col("bron_bestand") == "kcc_gesprekken_20260704.csv")["regel"].to_list() == [
        "bestand_afgewezen"
    ]

    ((recipients, message),) = smtp_server.received
    assert recipients == ["beheer@losser.nl"]
    assert message["Subject"] == ("Dienstverleningsmonitor nachtrun 15-08-2026: deels afgekeurd: " + state.message)
    body = message.get_body().get_content()
    assert "- kcc_gesprekken_20260704.csv: kolommen 'Outcome', 'TransferredTo' ontbreken" in body
    assert "- kcc_gesprekken_20260702.csv: 7 rijen" in body
    assert "- wachtrij LOS-OUD: 1 gesprek;" in body  # the configuration gap, with its count
    assert str(state.state_details.flow_run_id) in body
    # nothing personal: no caller number from the files
    assert "+316" not in body and "+316" not in state.message

    # the next night, with an empty inbox, is quiet: a plain completed run and no mail
    again = nightly(config=str(config), home=str(home), today=date(2026, 8, 16), return_state=True)
    quiet = again.result()
    assert again.name == "Completed" and isinstance(quiet, dict) and quiet["afgewezen"] == {}
    assert len(smtp_server.received) == 1


def test_operators_can_ask_for_the_account_of_every_night(tmp_path, smtp_server):
    home, config = installation(tmp_path, smtp_server, nightly_mail="always")
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260703T0600.csv", home / "inbox")
    state = nightly(config=str(config), home=str(home), today=date(2026, 8, 15), return_state=True)
    assert state.name == "Completed"
    ((_, message),) = smtp_server.received
    assert message["Subject"] == ("Dienstverleningsmonitor nachtrun 15-08-2026: 1 bestand geladen (1 rij samengevoegd)")
    body = message.get_body().get_content()
    workbook = f"- {home.resolve() / 'reports' / 'Losser' / '2026-Q3' / 'dienstverleningsmonitor_Losser_2026-Q3.xlsx'}"
    assert "Rapporten 2026-Q3 bijgewerkt:" in body and workbook in body.splitlines()
    assert "ongewijzigd" not in body

    # the next night has nothing new: the reports are fresh and left as they are, and the mail says so
    # in one line instead of listing them as updated
    again = nightly(config=str(config), home=str(home), today=date(2026, 8, 16), return_state=True)
    quiet_night = again.result()
    assert isinstance(quiet_night, dict) and quiet_night["herschreven"] == []
    (_, message), (_, quiet) = smtp_server.received
    body = quiet.get_body().get_content()
    assert "bijgewerkt" not in body and workbook not in body.splitlines()
    assert (
        "Rapporten 2026-Q3 ongewijzigd: al actueel (zelfde opslagversie, configuratie en programma), "
        "niet opnieuw gemaakt." in body.splitlines()
    )
