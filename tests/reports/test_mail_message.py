"""The mail text: norms met and not met, worked by hand."""

from __future__ import annotations

from datetime import date

from reports.mail_message import report_message
from tests.reports.conftest import inputs_for, kpi_rows


def test_the_message_lists_met_missed_small_and_missing_norms():
    kpis = kpi_rows(
        [
            ("Losser", "2026", "tel_aangeboden", None, 20000.0, None, None, None, None),  # no norm: not listed
            ("Losser", "2026", "tel_servicelevel_pct", None, 82.14, 821, 1000, 80.0, True),
            ("Losser", "2026", "tel_verloren_pct", None, 6.25, 6, 96, 5.0, False),
            ("Losser", "2026", "tel_eerstelijn_pct", None, 50.0, 1, 2, 80.0, False),  # 2 calls: no verdict
            ("Losser", "2026", "afs_wachttijd_binnen_norm_pct", None, None, 0, 0, 90.0, None),  # no data
            ("Losser", "2026", "tel_servicelevel_pct", "team=KCC", 10.0, 1, 10, 80.0, False),  # a group: not listed
        ]
    )
    subject, body = report_message(inputs_for(kpis, "2026"), ["werkmap.xlsx", "werkmap.pdf", "kpis.csv"])
    # 1 met (service level), 1 missed (lost calls); the small one and the empty one are neither
    assert subject == "Dienstverleningsmonitor Losser 2026: 1 van 2 normen gehaald"
    assert body.splitlines() == [
        "Dienstverleningsmonitor, gemeente Losser, periode 2026.",
        "",
        "Norm gehaald:",
        "- Telefoon binnen 30 seconden opgenomen: 82,1 % (norm minimaal 80 %)",
        "",
        "Norm niet gehaald:",
        "- Verloren telefoongesprekken: 6,2 % (norm maximaal 5 %)",
        "",
        "Geen oordeel (minder dan 30 waarnemingen):",
        "- Vraag beantwoord in de eerste lijn: 50,0 %, over 2 waarnemingen (norm minimaal 80 %)",
        "",
        "Geen gegevens:",
        "- Balie: binnen 10 minuten geholpen: geen gegevens (norm minimaal 90 %)",
        "",
        "Bijgevoegd: werkmap.xlsx, werkmap.pdf, kpis.csv. Alle cijfers staan op het blad Samenvatting, de "
        "definities op het blad Definities.",
    ]


def test_a_partial_period_says_its_verdicts_are_provisional():
    kpis = kpi_rows([("Losser", "2026", "tel_servicelevel_pct", None, 82.14, 821, 1000, 80.0, True)])
    subject, body = report_message(inputs_for(kpis, "2026", until={"2026": date(2026, 11, 30)}))
    assert subject == "Dienstverleningsmonitor Losser 2026 t/m 30-11: voorlopig 1 van 1 normen gehaald"
    assert "De periode is nog niet compleet: de gegevens lopen tot en met 30-11-2026." in body
    assert "Norm voorlopig gehaald:" in body


def test_the_nightly_message_says_what_was_loaded_rejected_and_quarantined():
    from datetime import date

    from reports.mail_message import nightly_line, nightly_message
    from store.delta_store import CommitResult

    result = CommitResult(
        store_version=7,
        loaded=["kcc_gesprekken_20261128.csv", "corsa_zaken_20261128.csv"],
        rejected=["jcc_afspraken_20261128.csv"],
        skipped=["kcc_gesprekken_20261127.csv"],
        rows_merged=1200,
        rows_quarantined=4,
        rows_read=1203,
        reasons={"jcc_afspraken_20261128.csv": "jcc_afspraken_20261128.csv: kolom 'Status' ontbreekt; gevonden [...]"},
        quarantined={"kcc_gesprekken_20261128.csv": 3, "corsa_zaken_20261128.csv": 0},
    )
    # 1203 read, 1200 merged, 3 quarantined rows (+1 record for the rejected file = 4 records)
    assert (
        nightly_line(result) == "2 bestanden geladen (1.200 rijen samengevoegd), 1 bestand afgewezen, "
        "3 rijen in quarantaine"
    )
    subject, body = nightly_message(
        result,
        date(2026, 11, 29),
        "2026-Q4",
        {"2026-Q4": ["/r/Losser/2026-Q4/dvm_Losser_2026-Q4.xlsx", "/r/Losser/2026-Q4/kpis.csv"]},
        "http://ui/runs/flow-run/abc",
        "/dvm/quarantine",
        remade=["2026-Q4"],
    )
    assert subject == (
        "Dienstverleningsmonitor nachtrun 29-11-2026: deels afgekeurd: 2 bestanden geladen "
        "(1.200 rijen samengevoegd), 1 bestand afgewezen, 3 rijen in quarantaine"
    )
    lines = body.splitlines()
    assert lines[2] == "Nieuwe opslagversie 7: 1.203 rijen gelezen, 1.200 rijen samengevoegd."
    # the reason already names the file: not twice
    assert "- jcc_afspraken_20261128.csv: kolom 'Status' ontbreekt; gevonden [...]" in lines
    # only files that had rows quarantined are listed
    assert "- kcc_gesprekken_20261128.csv: 3 rijen" in lines and not any("corsa" in x and "rijen" in x for x in lines)
    # the workbooks, not the csv files, then the run's link
    assert lines[-4:] == [
        "Rapporten 2026-Q4 bijgewerkt:",
        "- /r/Losser/2026-Q4/dvm_Losser_2026-Q4.xlsx",
        "",
        "Run: http://ui/runs/flow-run/abc",
    ]
    assert "Al eerder geladen (overgeslagen): kcc_gesprekken_20261127.csv" in lines


def test_a_quiet_night_is_one_line_and_no_problem():
    from datetime import date

    from reports.mail_message import nightly_line, nightly_message
    from store.delta_store import CommitResult

    result = CommitResult(None, [], [], ["kcc_gesprekken_20261127.csv"], 0, 0)
    assert not result.problems
    assert nightly_line(result) == "niets nieuws in de inbox (1 bestand al eerder geladen)"
    subject, body = nightly_message(result, date(2026, 11, 29), "2026-Q4", {}, "run", "/q", remade=[])
    assert (
        subject == "Dienstverleningsmonitor nachtrun 29-11-2026: niets nieuws in de inbox (1 bestand al eerder geladen)"
    )
    assert body.splitlines()[-3:] == ["Geen rapporten voor 2026-Q4 gemaakt (de opslag is leeg).", "", "Run: run"]


def test_an_empty_inbox_is_said_as_such_not_as_zero_files_loaded_before():
    # nightly_mail = "always" on a night without any file: the subject said "(0 bestanden al eerder geladen)"
    from datetime import date

    from reports.mail_message import nightly_line, nightly_message
    from store.delta_store import CommitResult

    result = CommitResult(None, [], [], [], 0, 0)
    assert nightly_line(result) == "niets nieuws: de inbox is leeg"
    subject, _ = nightly_message(result, date(2026, 11, 29), "2026-Q4", {}, "run", "/q", remade=[])
    assert subject == "Dienstverleningsmonitor nachtrun 29-11-2026: niets nieuws: de inbox is leeg"


def test_fresh_reports_are_said_unchanged_not_updated():
    # the nightly rewrites only stale reports (flows/freshness.py): a night that found them all fresh says
    # so in one line; in the first days of a quarter one quarter may be rewritten, the other fresh
    from datetime import date

    from reports.mail_message import nightly_message
    from store.delta_store import CommitResult

    quiet = CommitResult(None, [], [], [], 0, 0)
    q3 = ["/r/Losser/2026-Q3/dvm_Losser_2026-Q3.xlsx", "/r/Losser/2026-Q3/kpis.csv"]
    q4 = ["/r/Losser/2026-Q4/dvm_Losser_2026-Q4.xlsx", "/r/Losser/2026-Q4/kpis.csv"]
    _, body = nightly_message(quiet, date(2026, 11, 29), "2026-Q4", {"2026-Q4": q4}, "run", "/q", remade=[])
    assert "bijgewerkt" not in body
    assert body.splitlines()[-3:] == [
        "Rapporten 2026-Q4 ongewijzigd: al actueel (zelfde opslagversie, configuratie en programma), "
        "niet opnieuw gemaakt.",
        "",
        "Run: run",
    ]
    _, body = nightly_message(
        quiet, date(2026, 10, 3), "2026-Q3 en 2026-Q4", {"2026-Q3": q3, "2026-Q4": q4}, "run", "/q", remade=["2026-Q4"]
    )
    assert body.splitlines()[-6:] == [
        "Rapporten 2026-Q4 bijgewerkt:",
        "- /r/Losser/2026-Q4/dvm_Losser_2026-Q4.xlsx",
        "",
        "Rapporten 2026-Q3 ongewijzigd: al actueel (zelfde opslagversie, configuratie en programma), "
        "niet opnieuw gemaakt.",
        "",
        "Run: run",
    ]
    _, body = nightly_message(
        quiet,
        date(2026, 10, 3),
        "2026-Q3 en 2026-Q4",
        {"2026-Q3": q3, "2026-Q4": q4},
        "run",
        "/q",
        remade=["2026-Q3", "2026-Q4"],
    )
    assert "ongewijzigd" not in body
    assert body.splitlines()[-5:] == [
        "Rapporten 2026-Q3 en 2026-Q4 bijgewerkt:",
        "- /r/Losser/2026-Q3/dvm_Losser_2026-Q3.xlsx",
        "- /r/Losser/2026-Q4/dvm_Losser_2026-Q4.xlsx",
        "",
        "Run: run",
    ]
