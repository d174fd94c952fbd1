"""[[zgw]]: typed, checked when the settings load, each problem one Dutch line naming the key; the
secret only from the environment, and its absence said only when a pull is asked for."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import UserError
from core.settings import load_settings

GOOD = """
gemeenten = ["Losser", "Enschede"]
[[zgw]]
gemeente = "Losser"
zaken_url = "https://openzaak.example/zaken/api/v1/"
catalogi_url = "https://openzaak.example/catalogi/api/v1"
client_id = "dvm-losser"
secret_env = "DVM_ZGW_SECRET"
bronorganisatie = ["002220647"]
vanaf = 2026-01-01
"""


def settings_of(tmp_path, text: str):
    path = tmp_path / "dvm.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def problem(tmp_path, text: str) -> str:
    with pytest.raises(UserError) as caught:
        settings_of(tmp_path, text)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_connection_as_the_issue_shows_it(tmp_path, monkeypatch):
    monkeypatch.delenv("DVM_ZGW_SECRET", raising=False)
    (c,) = settings_of(tmp_path, GOOD).zgw  # loads without the secret: it is asked for only by a pull
    assert (c.gemeente, c.zaken_url, c.vanaf, c.bronorganisatie) == (
        "Losser",
        "https://openzaak.example/zaken/api/v1",  # the trailing slash dropped
        date(2026, 1, 1),
        ["002220647"],
    )
    assert (c.concurrency, c.retries, c.margin_days) == (4, 4, 3)
    with pytest.raises(UserError, match=r"^Zaken-API van Losser: omgevingsvariabele DVM_ZGW_SECRET \(het geheim"):
        c.secret()
    monkeypatch.setenv("DVM_ZGW_SECRET", "s" * 40)
    assert c.secret() == "s" * 40
    assert settings_of(tmp_path, GOOD).figure_context().case_switch == (("Losser", date(2026, 1, 1)),)
    assert settings_of(tmp_path, 'gemeenten = ["Losser", "Enschede"]').figure_context().case_switch == ()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('gemeente = "Losser"', 'gemeente = "Hengelo"'), "[[zgw]] voor 'Hengelo', maar die staan niet in gemeenten"),
        (
            ('zaken_url = "https://openzaak.example/zaken/api/v1/"', 'zaken_url = "openzaak.example/zaken"'),
            "zgw.0.zaken_url: 'openzaak.example/zaken' is geen geldige API-URL; verwacht bijv. https://",
        ),
        (
            ('catalogi_url = "https://openzaak.example/catalogi/api/v1"', 'catalogi_url = "ftp://x/catalogi"'),
            "zgw.0.catalogi_url: 'ftp://x/catalogi' is geen geldige API-URL",
        ),
        (('["002220647"]', '["2220647"]'), "zgw.0.bronorganisatie: '2220647' is geen RSIN; verwacht 9 cijfers"),
        (('["002220647"]', "[]"), "zgw.0.bronorganisatie"),
        (('secret_env = "DVM_ZGW_SECRET"', 'secret_env = "geheim: abc"'), "is geen naam van een omgevingsvariabele"),
        (("vanaf = 2026-01-01", 'vanaf = "januari"'), "zgw.0.vanaf: verwacht een datum (JJJJ-MM-DD)"),
        (('client_id = "dvm-losser"', 'client_id = "dvm-losser"\nsecret = "abc"'), "onbekende sleutel 'zgw.0.secret'"),
    ],
)
def test_a_wrong_connection_is_one_line_naming_the_key(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    assert expected in problem(tmp_path, GOOD.replace(old, new))


def test_one_connection_per_gemeente_and_file_names_apart(tmp_path):
    twice = GOOD + GOOD[GOOD.index("[[zgw]]") :]
    assert "[[zgw]] dubbel ingesteld voor 'Losser'; verwacht één per gemeente" in problem(tmp_path, twice)
    alike = GOOD.replace('["Losser", "Enschede"]', '["Losser", "Enschede", "Den Haag", "Den-Haag"]')
    for name in ("Den Haag", "Den-Haag"):
        alike += GOOD[GOOD.index("[[zgw]]") :].replace('gemeente = "Losser"', f'gemeente = "{name}"')
    assert "hun ophaalbestanden krijgen dezelfde naam 'zgw_zaken_den-haag_...'" in problem(tmp_path, alike)
