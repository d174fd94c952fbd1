"""A profile from configuration must map every canonical field to known labels."""

import pytest
from pydantic import ValidationError

from core.profiles import CorsaProfile, KccProfile


def test_defaults_are_complete():
    assert KccProfile().column_for("call_id") == "CallId"
    assert CorsaProfile().column_for("fatale_datum") == "Fatale datum"


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: KccProfile(columns={"CallId": "call_id"}), "profiel kcc: geen kolom voor ['doorverbonden_naar'"),
        (lambda: KccProfile(outcomes={"Weg": "weg"}), "profiel kcc: onbekende uitkomst ['weg']"),
        (lambda: CorsaProfile(channels={"Duif": "duif"}), "profiel corsa: onbekende kanaal ['duif']"),
        (lambda: CorsaProfile(columns={"Zaaknummer": "zaak_id"}), "profiel corsa: geen kolom voor ['einddatum'"),
    ],
)
def test_an_incomplete_or_unknown_mapping_is_refused(build, fragment):
    with pytest.raises(ValidationError) as err:
        build()
    assert fragment in str(err.value)
