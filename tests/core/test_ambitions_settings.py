"""[[ambitions]]: the programme's targets followed in its register, typed and checked when loaded."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.ambitions import AMBITIONS, REGISTER_TARGETS
from core.settings import Settings


def settings(*ambitions: dict) -> Settings:
    return Settings(gemeenten=["Losser"], queues=[], ambitions=list(ambitions))


def test_the_default_follows_the_plateau_targets_no_export_measures():
    targets = Settings().figure_context().ambitions
    assert targets == REGISTER_TARGETS
    not_measured = {a.text for a in AMBITIONS if a.kpi is None}
    followed = {t.text for t in targets} & not_measured
    assert len(not_measured) == 10 and len(followed) == 8  # all but the warm handover and the warm welcome
    assert Settings().profiles.programma.indicators == {t.indicator: t.measure for t in REGISTER_TARGETS}


LETTERS = {"indicator": "brieven", "label": "Brieven herschreven", "measure": "percentage"}


@pytest.mark.parametrize(
    ("ambitions", "message"),
    [
        ([LETTERS | {"target": 20}], "een streefwaarde hoort bij een plateau en een tekst"),
        ([LETTERS | {"target": 120, "plateau": 1, "text": "x"}], "streefwaarde 120 is meer dan 100%"),
        ([LETTERS, LETTERS | {"measure": "aantal"}], "twee keer met een ander label of een andere maat"),
        ([LETTERS, LETTERS], "ambitie dubbel ingesteld: 'brieven'"),
        ([LETTERS | {"indicator": "Brieven herschreven!"}], "String should match pattern"),
        ([LETTERS | {"measure": "promille"}], "measure"),
    ],
)
def test_a_target_that_cannot_be_followed_is_said_when_the_configuration_loads(ambitions, message):
    with pytest.raises(ValidationError, match=message):
        settings(*ambitions)


def test_two_plateaus_of_one_indicator_are_two_targets():
    got = settings(
        LETTERS | {"plateau": 1, "text": "20%", "target": 20}, LETTERS | {"plateau": 2, "text": "50%", "target": 50}
    )
    assert [(t.plateau, t.target) for t in got.figure_context().ambitions] == [(1, 20), (2, 50)]
