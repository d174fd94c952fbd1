"""A corpus of bad configurations, each run through the command line: one Dutch line naming the
key (and the nearest known key for a typo), exit code 2, before any flow or Prefect starts."""

from __future__ import annotations

import os

import pytest

from core.errors import UserError
from core.settings import Settings, load_settings
from tests.dvm.conftest import one_dutch_line

QUEUE = '[[queues]]\nname = "LOS-KCC"\ngemeente = "Losser"\nline = 1\nteam = "KCC"\n'

BAD = [
    # unknown keys, at every level, with the nearest known key
    ("typo_key = 1\n", "onbekende sleutel 'typo_key'"),
    ("[telephony]\nanswer_norm = 20\n", "onbekende sleutel 'telephony.answer_norm'; bedoelt u 'answer_norm_s'?"),
    (QUEUE + 'tema = "KCC"\n', "onbekende sleutel 'queues.0.tema'; bedoelt u 'team'?"),
    (
        '[profiles.kcc]\ntime_formaat = "%Y"\n',
        "onbekende sleutel 'profiles.kcc.time_formaat'; bedoelt u 'time_format'?",
    ),
    ('[profiles.jcc]\nsheett = "Afspraken"\n', "onbekende sleutel 'profiles.jcc.sheett'; bedoelt u 'sheet'?"),
    ("[delivery]\nsmtp_prot = 25\n", "onbekende sleutel 'delivery.smtp_prot'; bedoelt u 'smtp_port'?"),
    (
        '[norms.tel_servicelevel_pct]\ntarget = 80\ndirection = ">="\nrichting = ">="\n',
        "onbekende sleutel 'norms.tel_servicelevel_pct.richting'",
    ),
    ('[schedule]\nnightly = "30 5 * * *"\n', "onbekende sleutel 'schedule.nightly'; bedoelt u 'nightly_cron'?"),
    ('[[case_types]]\ncode = "X"\nterm = 1\nunit = "weken"\ntermijn = 2\n', "onbekende sleutel 'case_types.0.termijn'"),
    ("[appointments]\nwait_norm_minute = 5\n", "bedoelt u 'wait_norm_minutes'?"),
    (
        '[norms.tel_servicelevel]\ntarget = 80\ndirection = ">="\n',
        "norm voor onbekende KPI 'tel_servicelevel'; bedoelt u 'tel_servicelevel_pct'?",
    ),
    # wrong types and values
    (
        '[telephony]\nanswer_norm_s = "dertig"\n',
        "telephony.answer_norm_s: verwacht een geheel getal, gevonden 'dertig'",
    ),
    ("[telephony]\nanswer_norm_s = -1\n", "telephony.answer_norm_s: verwacht minstens 0, gevonden -1"),
    ("queues = 5\n", "queues: verwacht een lijst"),
    (QUEUE.replace("line = 1", "line = 3"), "queues.0.line: verwacht een van 1 of 2, gevonden 3"),
    (
        '[delivery]\nnightly_mail = "soms"\n',
        "delivery.nightly_mail: verwacht een van 'always', 'on_problems' of 'never'",
    ),
    ('[delivery]\nrecipients = ["controller"]\n', "'controller' is geen e-mailadres"),
    ('[cases]\nclosing_days = ["2026-13-01"]\n', "cases.closing_days.0: verwacht een datum"),
    (QUEUE + QUEUE, "wachtrij 'LOS-KCC' is dubbel ingesteld: begin t/m einde"),
    # opening hours (core/opening_hours.py) and the staffing target Erlang C can reach
    (
        '[opening_hours.phone]\nmonday = ["17:00-08:30"]\n',
        "opening_hours.phone.monday: openingstijd '17:00-08:30': het",
    ),
    ('[opening_hours.desk]\nsaturday = ["9-12"]\n', "openingstijd '9-12': verwacht UU:MM-UU:MM"),
    (
        '[opening_hours.phone]\nmonday = ["08:00-12:00", "11:00-13:00"]\n',
        "openingstijden 08:00-12:00 en 11:00-13:00 overlappen",
    ),
    ('[opening_hours.phone]\nmaandag = ["08:00-12:00"]\n', "bedoelt u 'monday'?"),
    (
        '[norms.tel_servicelevel_pct]\ntarget = 100\ndirection = ">="\n',
        "tel_servicelevel_pct.target is 100; toegestaan: groter dan 0 en kleiner dan 100",
    ),
    # time zones, encodings, formats, cron
    ('timezone = "Mars/Olympus"\n', "tijdzone 'Mars/Olympus' bestaat niet"),
    ('[profiles.jcc]\ntime_zone = "Europe/Amsterdm"\n', "bedoelt u 'Europe/Amsterdam'?"),
    ('[profiles.corsa]\nencoding = "cp12520"\n', "tekenset 'cp12520' bestaat niet; bedoelt u 'cp1252'?"),
    ('[profiles.corsa]\nencoding = "rot13"\n', "'rot13' is geen tekenset voor tekst"),
    (
        '[profiles.corsa]\ndate_format = "%d-%m-%Q"\n',
        "profiles.corsa.date_format: '%d-%m-%Q' is geen bruikbaar datumformaat",
    ),
    ('[profiles.corsa]\ndate_format = "%Y"\n', "'%Y' is geen bruikbaar datumformaat"),
    (
        '[profiles.jcc]\ntime_formats = ["%H:%M", "%d-%m-%Y"]\n',
        "profiles.jcc.time_formats: '%d-%m-%Y' is geen bruikbaar tijdformaat",
    ),
    ('[profiles.kcc]\ntime_format = "%H:%M"\n', "'%H:%M' is geen bruikbaar datum- en tijdformaat"),
    ('[schedule]\nnightly_cron = "61 5 * * *"\n', "minuut '61' in '61 5 * * *' is ongeldig; verwacht 0 t/m 59"),
    ('[schedule]\nnightly_cron = "30 5 * *"\n', "geen cron-uitdrukking met vijf velden"),
    ('[schedule]\nannual_cron = "0 6 1 13 *"\n', "maand '13'"),
    ('[schedule]\nnightly_cron = "30 2 * * *"\n', "valt tussen 02:00 en 03:00"),
    # not TOML
    ("[telephony\n", "is geen geldige TOML: ']' verwacht aan het eind van een tabelkop op regel 1"),
    ("home = 'a'\nhome = 'b'\n", "is geen geldige TOML: sleutel staat er twee keer in op regel 2"),
    ("answer = dertig\n", "geen geldige TOML: ongeldige waarde"),
]


@pytest.mark.parametrize(("toml", "fragment"), BAD)
def test_a_bad_configuration_is_one_dutch_line(dvm, tmp_path, toml, fragment):
    config = tmp_path / "dvm.toml"
    config.write_text(toml, encoding="utf-8")
    line = one_dutch_line(dvm("report", "2026-Q3", "--config", str(config), "--home", str(tmp_path)), 2, fragment)
    assert str(config) in line  # which file


def test_every_problem_is_named_at_once(dvm, tmp_path):
    config = tmp_path / "dvm.toml"
    config.write_text('timezone = "Mars/Olympus"\n[telephony]\nanswer_norm = 20\n[delivery]\nsmtp_prot = 25\n')
    line = one_dutch_line(dvm("ingest", str(tmp_path), "--config", str(config)), 2)
    assert (
        "'Mars/Olympus'" in line
        and "'telephony.answer_norm'; bedoelt u 'answer_norm_s'?" in line
        and "'delivery.smtp_prot'; bedoelt u 'smtp_port'?" in line
    )


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: p / "nope.toml", "bestaat niet"),
        (lambda p: p, "is een map; verwacht een TOML-bestand"),
        (lambda p: (p / "bin.toml").write_bytes(b"home = '\xff'\n") and p / "bin.toml", "is geen UTF-8-tekst (byte 8)"),
    ],
)
def test_a_configuration_that_is_not_a_readable_file(dvm, tmp_path, make, fragment):
    one_dutch_line(dvm("nightly", "--config", str(make(tmp_path)), "--home", str(tmp_path)), 2, fragment)


def test_an_unreadable_configuration(dvm, tmp_path):
    if os.geteuid() == 0:  # root reads any file: /proc/self/mem cannot be read from its start
        config = "/proc/self/mem"
    else:
        config = tmp_path / "dvm.toml"
        config.write_text("")
        config.chmod(0)
    one_dutch_line(dvm("report", "2026", "--config", str(config), "--home", str(tmp_path)), 2, "niet")


def test_an_unknown_key_in_the_environment(dvm, tmp_path, monkeypatch):
    monkeypatch.delenv("DVM_REPORT__PDF", raising=False)  # the tests' own setting: not part of this case
    monkeypatch.setenv("DVM_TELEPHONY__ANSWER_NORM", "20")
    one_dutch_line(
        dvm("report", "2026", "--home", str(tmp_path)),
        2,
        "(omgevingsvariabelen DVM_TELEPHONY__ANSWER_NORM): onbekende sleutel 'telephony.answer_norm'; "
        "bedoelt u 'answer_norm_s'?",
    )


def test_an_empty_configuration_is_the_defaults(dvm, tmp_path):
    config = tmp_path / "dvm.toml"
    config.write_text("")
    assert load_settings(config) == Settings()
    # accepted: the command gets as far as the (empty) store
    one_dutch_line(dvm("report", "2026-Q3", "--config", str(config), "--home", str(tmp_path)), 3, "geen opslag in")


def test_the_defaults_pass_their_own_checks():
    s = load_settings()
    assert (s.timezone, s.profiles.jcc.time_zone, s.profiles.corsa.encoding) == (
        "Europe/Amsterdam",
        "Europe/Amsterdam",
        "cp1252",
    )


@pytest.mark.parametrize("cron", ["30 5 * * *", "0 6 1 3 *", "*/15 4-6 * * mon-fri", "0 22 * jan,jul 0", "5 3/6 * * *"])
def test_good_cron_expressions_pass(cron):
    load_settings().schedule.model_validate({"nightly_cron": cron})


def test_load_settings_raises_a_user_error_for_a_folder(tmp_path):
    with pytest.raises(UserError, match="is een map"):
        load_settings(tmp_path)
