"""The programme's ambitions in the catalogue: quoted from the programme as it is, each measurable one
tied to a KPI with a norm, each other one with the reason; and which gemeenten get the sheet."""

from __future__ import annotations

import re

import pytest

from core.ambitions import AMBITIONS, TRACKS
from core.catalogue import BY_CODE
from core.errors import UserError
from core.settings import Settings, load_settings
from tests.conftest import SHARED

PROGRAMME = next((SHARED / "seed").glob("uitvoeringsprogramma-*.txt")).read_text(encoding="utf-8")


def test_every_ambition_is_the_programmes_own_words():
    flat = re.sub(r"\s+", " ", PROGRAMME)
    for ambition in AMBITIONS:
        assert ambition.text in flat, ambition.text
        assert ambition.plateau in (1, 2, 3) and ambition.track in TRACKS


def test_a_measurable_ambition_has_a_kpi_with_a_norm_and_the_others_say_why_not():
    measured = [a for a in AMBITIONS if a.kpi]
    assert {a.kpi for a in measured} == {
        "tel_servicelevel_pct",
        "tevr_website_positief_pct",
        "tevr_kcc_positief_pct",
        "zaak_binnen_termijn_pct",
        "tevr_digitaal_voldoende_pct",
    }
    for a in measured:
        assert a.kpi is not None
        norm = BY_CODE[a.kpi].norm
        assert norm is not None and a.why_not is None
        # the programme's number is the KPI's default norm
        if m := re.search(r"(\d+)%", a.text):
            assert norm.target == int(m[1]), a.text
    assert all(a.why_not for a in AMBITIONS if not a.kpi)


def test_the_sheet_is_losser_s_by_default_and_any_configured_gemeente_s(tmp_path):
    assert Settings().report.ambitions_for == ["Losser"]
    # the default is no error where Losser is not configured: it just names no gemeente
    assert Settings(gemeenten=["Hengelo"], queues=[]).report.ambitions_for == ["Losser"]
    config = tmp_path / "dvm.toml"
    config.write_text('gemeenten = ["Losser", "Enschede"]\n[report]\nambitions_for = ["Enschede"]\n')
    assert load_settings(config).report.ambitions_for == ["Enschede"]
    config.write_text('gemeenten = ["Losser", "Enschede"]\n[report]\nambitions_for = ["Loser"]\n')
    with pytest.raises(
        UserError, match=re.escape("report.ambitions_for noemt 'Loser', maar die staan niet in gemeenten")
    ):
        load_settings(config)
