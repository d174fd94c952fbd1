"""A report knows what it was made from (store version, configuration, program); the nightly makes
again only what is stale, and a night with nothing new writes nothing - on the command line without
a flow or a Prefect server."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL

from core.periods import parse_period, quarter_of
from core.settings import load_settings
from flows.freshness import (
    PRINTING,
    MadeFrom,
    configuration_hash,
    fresh_report,
    is_fresh,
    program_fingerprint,
    stamped_files,
    write_stamp,
)
from flows.nightly import nightly
from flows.quiet_night import quiet_night
from flows.report import report
from sources.files import sha256_of
from tests.child import child_env, dvm_in_child
from tests.conftest import FIXTURES

DAY = date(2026, 8, 15)  # the fixtures' exports are of July 2026: the night refreshes 2026-Q3


def test_a_stamp_is_fresh_until_a_file_or_what_it_was_made_from_changes(tmp_path):
    book, csv = tmp_path / "r" / "a.xlsx", tmp_path / "r" / "kpis.csv"
    book.parent.mkdir()
    book.write_bytes(b"werkmap")
    csv.write_text("gemeente\n", encoding="utf-8")
    made = MadeFrom(3, "c0nf", "pr0g")
    stamp = write_stamp(tmp_path / ".gemaakt" / "x.json", made, [book, csv], periode="2026-Q3")
    assert is_fresh(stamp, made) and stamped_files(stamp, made) == [book.resolve(), csv.resolve()]
    assert not is_fresh(stamp, MadeFrom(4, "c0nf", "pr0g"))  # a new load
    assert not is_fresh(stamp, MadeFrom(3, "other", "pr0g"))  # another configuration
    assert not is_fresh(stamp, MadeFrom(3, "c0nf", "other"))  # another program
    csv.write_text("gemeente\nLosser\n", encoding="utf-8")  # a file changed since
    assert not is_fresh(stamp, made)
    write_stamp(stamp, made, [book, csv])
    assert is_fresh(stamp, made)
    book.unlink()  # a file gone
    assert not is_fresh(stamp, made)
    assert not is_fresh(tmp_path / "none.json", made)  # no stamp
    stamp.write_text("{niet json", encoding="utf-8")
    assert not is_fresh(stamp, made)  # a damaged stamp: stale, never an error


def test_the_configuration_hash_follows_what_changes_a_report(tmp_path, monkeypatch):
    base = configuration_hash(load_settings(home=tmp_path))
    assert configuration_hash(load_settings(home=tmp_path)) == base  # stable
    monkeypatch.setenv("DVM_TELEPHONY__ANSWER_NORM_S", "20")
    assert configuration_hash(load_settings(home=tmp_path)) != base  # a norm: the figures change
    monkeypatch.delenv("DVM_TELEPHONY__ANSWER_NORM_S")
    monkeypatch.setenv("DVM_DELIVERY__NIGHTLY_MAIL", "always")
    assert configuration_hash(load_settings(home=tmp_path)) == base  # who gets mail: the report does not change
    assert program_fingerprint() == program_fingerprint() and len(program_fingerprint()) == 16


def test_the_pdf_setting_changes_a_report_not_the_site_nor_the_checks(tmp_path, monkeypatch):
    monkeypatch.setenv("DVM_REPORT__PDF", "true")
    with_pdf = load_settings(home=tmp_path)
    monkeypatch.setenv("DVM_REPORT__PDF", "false")
    without = load_settings(home=tmp_path)
    assert configuration_hash(without) != configuration_hash(with_pdf)  # the report: with or without its PDF
    # the dashboard and the store's checks (PRINTING left out): a report without PDF leaves them fresh
    assert configuration_hash(without, PRINTING) == configuration_hash(with_pdf, PRINTING)
    monkeypatch.setenv("DVM_REPORT__MIN_RECORDS", "7")  # a small number: the site's verdicts change
    assert configuration_hash(load_settings(home=tmp_path), PRINTING) != configuration_hash(without, PRINTING)


def files_of(paths: list[str]) -> dict[str, tuple[str, int]]:
    return {p: (sha256_of(Path(p)), os.stat(p).st_mtime_ns) for p in paths}


def test_the_nightly_makes_again_only_stale_reports(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", home / "inbox")
    first = nightly(home=str(home), today=DAY)
    assert isinstance(first, dict) or first.is_completed()
    first = first if isinstance(first, dict) else first.result()
    assert first["herschreven"] == ["2026-Q3"] and first["rapporten"]
    written = files_of(first["rapporten"])
    settings = load_settings(home=home)
    assert quiet_night(settings, DAY) is not None  # nothing new: the command line would start no flow

    # a night with nothing new: the same reports, not one file written
    second = nightly(home=str(home), today=DAY)
    assert isinstance(second, dict)
    assert second["herschreven"] == [] and second["rapporten"] == first["rapporten"]
    assert files_of(second["rapporten"]) == written

    # a report file changed since (or removed): stale, made again
    kpis = next(p for p in first["rapporten"] if p.endswith("kpis.csv"))
    with open(kpis, "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert quiet_night(settings, DAY) is None
    third = nightly(home=str(home), today=DAY)
    assert isinstance(third, dict) and third["herschreven"] == ["2026-Q3"]

    # another configuration: stale
    monkeypatch.setenv("DVM_TELEPHONY__ANSWER_NORM_S", "20")
    changed = load_settings(home=home)
    assert fresh_report(changed, parse_period("2026-Q3"), 0) is None
    assert fresh_report(settings, parse_period("2026-Q3"), 0) is not None
    monkeypatch.delenv("DVM_TELEPHONY__ANSWER_NORM_S")

    # a new export in the inbox: loaded, a new store version, the report made again
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260703T0600.csv", home / "inbox")
    assert quiet_night(settings, DAY) is None
    fourth = nightly(home=str(home), today=DAY)
    assert isinstance(fourth, dict) and fourth["herschreven"] == ["2026-Q3"] and fourth["opslagversie"] == 1
    q3 = parse_period("2026-Q3")
    assert fresh_report(settings, q3, 1) == fourth["rapporten"] and fresh_report(settings, q3, 0) is None

    # one gemeente's report again from the same data: still fresh; from an older version: stale
    report("2026-Q3", gemeente=["Losser"], settings=settings)
    assert fresh_report(settings, q3, 1) is not None
    report("2026-Q3", gemeente=["Losser"], as_of=0, settings=settings)
    assert fresh_report(settings, q3, 1) is None


def test_a_quiet_night_waits_for_a_mail_every_night(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", home / "inbox")
    nightly(home=str(home), today=DAY)
    assert quiet_night(load_settings(home=home), DAY) is not None
    monkeypatch.setenv("DVM_DELIVERY__NIGHTLY_MAIL", "always")
    assert quiet_night(load_settings(home=home), DAY) is None  # the flow runs: it sends the night's mail


@pytest.mark.slow
def test_a_quiet_night_on_the_command_line_starts_no_flow(tmp_path):
    """`dvm nightly` (today's quarter) with an empty inbox and its report known: no Prefect imported, so
    no flow and no server. Today's quarter lies after the fixtures' July 2026: its report over every
    gemeente makes nothing (no data), and that is known as well as a written one - exit 3, said."""
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260702.csv", home / "inbox")
    nightly(home=str(home), today=DAY)  # loads the file
    settings = load_settings(home=home)
    made = report(quarter_of(date.today()).label, settings=settings)  # today's quarter, fresh
    before = files_of(made)
    environment = child_env(DVM_REPORT__PDF="false", PREFECT_API_URL=str(PREFECT_API_URL.value()))
    done, imported = dvm_in_child("nightly", "--home", str(home), env=environment)
    assert "prefect" not in imported, done.stderr
    assert done.stdout.startswith("nachtrun: 0 bestanden geladen, 0 afgewezen, 0 rijen in quarantaine; kwartaal ")
    assert made == [] and done.returncode == 3, done.stdout + done.stderr
    assert "fout: niets gemaakt" in done.stderr
    assert files_of(made) == before
