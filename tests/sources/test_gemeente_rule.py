"""Issue 28's defect: the gemeente rule is one helper (sources/layout.gemeente_rules) for every reader with a
gemeente column (Corsa, JCC, Klant in Focus; a KCC call's gemeente follows from its queue). A gemeente the
configuration names as it is - longer than 40 characters, or with characters outside the place-name
pattern - is that gemeente's in each of them; the same name unconfigured is quarantined in each."""

from __future__ import annotations

import pytest

from core.settings import Settings
from flows.stores import SOURCES
from sources.files import identify
from tests.sources import hostile as h

ODD = "Gemeente Súdwest-Fryslân en de Waddeneilanden samen"  # 51 characters: over LABEL_MAX
SLASHED = "Noord/Zuid"  # a '/' is outside the place-name pattern

MAKERS = {
    "corsa": lambda d, g: h.corsa_file(d, "20260501", [h.corsa_row("Z-1", Gemeente=g)]),
    "jcc": lambda d, g: h.jcc_csv(d, "20260501", [h.jcc_row("A1", Gemeente=g)]),
    "kif": lambda d, g: h.kif_file(d, "20260501", [h.kif_row("F1", Gemeente=g)]),
}


@pytest.mark.parametrize("source", sorted(MAKERS))
@pytest.mark.parametrize("name", [ODD, SLASHED])
def test_a_configured_gemeente_is_that_gemeente_in_every_reader(tmp_path, source, name):
    batch = SOURCES[source].read(
        identify(MAKERS[source](tmp_path, name)), Settings(gemeenten=[name, "Losser", "Enschede"])
    )
    assert batch.quarantine["reden"].to_list() == [] and batch.records["gemeente"].to_list() == [name]


@pytest.mark.parametrize("source", sorted(MAKERS))
@pytest.mark.parametrize("name", [ODD, SLASHED])
def test_the_same_name_unconfigured_is_quarantined_in_every_reader(tmp_path, source, name):
    batch = SOURCES[source].read(identify(MAKERS[source](tmp_path, name)), Settings(gemeenten=["Losser", "Enschede"]))
    assert batch.records.height == 0 and batch.quarantine["regel"].to_list() == ["ongeldige_gemeente"]
