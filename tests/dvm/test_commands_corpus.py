"""Issue 24 items 10, 11 and 14: commands given something they cannot honestly make - a demo day out of
its range, a report period its appendix cannot lay out, a forecast for a gemeente without data - say so in
one Dutch line with the README's exit code, at once."""

from __future__ import annotations

import pytest

from core.errors import NothingProduced, UserError
from flows.stores import chosen_gemeenten
from tests.dvm.conftest import one_dutch_line

# --- item 14: a configured gemeente without data is no typo -----------------------------------------------


@pytest.fixture
def with_dinkelland(tmp_path):
    config = tmp_path / "dvm.toml"
    config.write_text('gemeenten = ["Losser", "Enschede", "Dinkelland"]\n', encoding="utf-8")
    return config


@pytest.mark.parametrize("asked", [["Dinkelland"], ["dinkelland"], ["Losser", "Dinkelland"]])
def test_a_forecast_for_a_configured_gemeente_without_data(dvm, loaded_home, with_dinkelland, asked):
    # was: "gemeente 'Dinkelland' onbekend", exit 2
    args = [a for name in asked for a in ("--gemeente", name)]
    said = dvm("prognose", *args, "--config", str(with_dinkelland), "--home", str(loaded_home))
    line = one_dutch_line(said, 3, "gemeente 'Dinkelland' staat in de configuratie maar heeft geen gegevens")
    assert line.endswith("gegevens zijn er voor Enschede en Losser")


def test_a_typo_is_still_a_typo(dvm, loaded_home, with_dinkelland):
    said = dvm("prognose", "--gemeente", "Dinkeland", "--config", str(with_dinkelland), "--home", str(loaded_home))
    one_dutch_line(said, 2, "gemeente 'Dinkeland' onbekend; bedoelt u Dinkelland?")


def test_chosen_gemeenten_tells_no_data_from_unknown():
    assert chosen_gemeenten(["losser"], ["Enschede", "Losser"], ["Losser", "Dinkelland"]) == ["Losser"]
    with pytest.raises(NothingProduced, match="'Dinkelland' staat in de configuratie maar heeft geen gegevens"):
        chosen_gemeenten(["DINKELLAND"], ["Losser"], ["Losser", "Dinkelland"])
    with pytest.raises(UserError, match="'Oldenzaal' onbekend"):
        chosen_gemeenten(["Oldenzaal"], ["Losser"], ["Losser", "Dinkelland"])


# --- item 10: the demo on a day it cannot honestly make ------------------------------------------------------


@pytest.mark.parametrize("day", ["1901-01-01", "1970-06-01", "2019-12-31", "2020-12-31", "2100-01-01", "2999-12-31"])
def test_a_demo_day_out_of_its_range_is_refused_up_front(dvm, tmp_path, day):
    # was: 1901 ran out of memory (8 GB: the phone volume grows 7 % a year going back), 1970 exit 4
    said = dvm("demo", "--vandaag", day, "--home", str(tmp_path / "home"))
    one_dutch_line(said, 2, f"--vandaag: '{day}': de demo kan geen dag vóór 2021-01-01 of na 2099-12-31 nabootsen")
    assert "verwacht 2021-01-01 t/m 2099-12-31" in said.err
    assert not (tmp_path / "home").exists()
