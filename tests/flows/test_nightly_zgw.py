"""The nightly pulls every configured Zaken API before it loads the inbox: a pull that fails fails alone
(the other gemeente's pull and the inbox's exports load), the night ends 'Deels afgekeurd' and the
operators are mailed why (fake Zaken + Catalogi APIs on 127.0.0.1, a real aiosmtpd server)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from core.settings import load_settings
from flows.nightly import PARTLY_REJECTED, nightly
from flows.stores import open_store
from tests.conftest import FIXTURES
from tests.sources import zgw_fake as fz

pytestmark = pytest.mark.slow


def connection_toml(gemeente: str, fake: fz.FakeZgw) -> str:
    return f"""
[[zgw]]
gemeente = "{gemeente}"
zaken_url = "{fake.zaken_url}"
catalogi_url = "{fake.catalogi_url}"
client_id = "{fz.CLIENT_ID}"
secret_env = "DVM_ZGW_SECRET"
bronorganisatie = ["{fz.RSIN}"]
vanaf = 2026-01-01
backoff_s = 0
retries = 1
"""


def test_a_failed_pull_fails_alone_and_the_night_says_so(tmp_path, smtp_server, monkeypatch):
    monkeypatch.setenv("DVM_ZGW_SECRET", fz.SECRET)
    home = tmp_path / "dvm"
    (home / "inbox").mkdir(parents=True)
    shutil.copy(FIXTURES / "kcc" / "kcc_gesprekken_20260703T0600.csv", home / "inbox")
    cases = fz.synthetic_cases(40)
    with fz.running(fz.FakeZgw(cases)) as losser, fz.running(fz.FakeZgw(cases, fail_status=500)) as enschede:
        config = tmp_path / "dvm.toml"
        config.write_text(
            f'gemeenten = ["Losser", "Enschede"]\n{connection_toml("Losser", losser)}'
            f"{connection_toml('Enschede', enschede)}"
            f'{smtp_server.delivery_toml}operators = ["beheer@losser.nl"]\n',
            encoding="utf-8",
        )
        state = nightly(config=str(config), home=str(home), today=date(2026, 8, 15), return_state=True)
    assert losser.invalid == [] and enschede.invalid == []

    assert state.is_completed() and state.name == PARTLY_REJECTED
    outcome = state.result()
    assert isinstance(outcome, dict)
    failure = (
        "Zaken-API van Enschede: /zaken gaf na 2 pogingen nog 500; de ophaalactie is mislukt, er is niets van "
        "opgeslagen"
    )
    assert outcome["ophalen_mislukt"] == {"Enschede": failure}
    loaded = outcome["geladen"]
    assert "kcc_gesprekken_20260703T0600.csv" in loaded
    assert [name[:17] for name in loaded if name.startswith("zgw_")] == ["zgw_zaken_losser_"]  # Enschede's: none
    store = open_store(load_settings(str(config), str(home)))
    assert set(store.read("cases").collect()["gemeente"]) == {"Losser"}
    assert not any(p.name.startswith("zgw_zaken_enschede") for p in home.rglob("*"))

    ((recipients, message),) = smtp_server.received
    assert recipients == ["beheer@losser.nl"]
    assert message["Subject"].startswith("Dienstverleningsmonitor nachtrun 15-08-2026: deels afgekeurd: ")
    body = message.get_body().get_content().replace("\r\n", "\n")
    assert f"Ophalen mislukt (niets van opgeslagen; de volgende nacht wordt opnieuw opgehaald):\n- {failure}" in body
    assert fz.SECRET not in body
