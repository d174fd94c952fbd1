"""The catalogue's declared facts and the texts that say them."""

import typing

from core.catalogue import (
    BY_CODE,
    CASES_DOMAIN,
    CHANNELS_DOMAIN,
    DESK_DOMAIN,
    DOMAINS,
    GOOD_FROM,
    GOOD_SCORES,
    KPIS,
    PHONE_DOMAIN,
    POSITIVE_FROM,
    SATISFACTION_DOMAIN,
    SUFFICIENT_FROM,
    Domain,
)


def test_the_good_scores_are_said_in_words_from_the_thresholds():
    # smileys run 1-5: 4 and up is the top two ("4 of 5"); rapportcijfers run 1-10: "6 of hoger"
    assert GOOD_FROM == {"smiley": POSITIVE_FROM, "rapportcijfer": SUFFICIENT_FROM} == {"smiley": 4, "rapportcijfer": 6}
    assert GOOD_SCORES == {"smiley": "4 of 5", "rapportcijfer": "6 of hoger"}


def test_the_satisfaction_definitions_name_the_thresholds_the_transform_counts_with():
    assert "4 of 5 smileys" in BY_CODE["tevr_kcc_positief_pct"].definition
    assert "4 of 5 smileys" in BY_CODE["tevr_website_positief_pct"].definition
    assert ": 6 of hoger / alle rapportcijfers" in BY_CODE["tevr_digitaal_voldoende_pct"].definition


def test_the_domains_are_one_declared_set_every_kpi_names_one_of():
    assert set(DOMAINS) == set(typing.get_args(Domain))
    assert list(DOMAINS) == [PHONE_DOMAIN, CASES_DOMAIN, DESK_DOMAIN, CHANNELS_DOMAIN, SATISFACTION_DOMAIN]
    assert all(k.domain in DOMAINS for k in KPIS)
