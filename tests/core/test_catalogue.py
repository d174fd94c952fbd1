"""The catalogue's declared facts and the texts that say them."""

from core.catalogue import BY_CODE, GOOD_FROM, GOOD_SCORES, POSITIVE_FROM, SUFFICIENT_FROM


def test_the_good_scores_are_said_in_words_from_the_thresholds():
    # smileys run 1-5: 4 and up is the top two ("4 of 5"); rapportcijfers run 1-10: "6 of hoger"
    assert GOOD_FROM == {"smiley": POSITIVE_FROM, "rapportcijfer": SUFFICIENT_FROM} == {"smiley": 4, "rapportcijfer": 6}
    assert GOOD_SCORES == {"smiley": "4 of 5", "rapportcijfer": "6 of hoger"}


def test_the_satisfaction_definitions_name_the_thresholds_the_transform_counts_with():
    assert "4 of 5 smileys" in BY_CODE["tevr_kcc_positief_pct"].definition
    assert "4 of 5 smileys" in BY_CODE["tevr_website_positief_pct"].definition
    assert ": 6 of hoger / alle rapportcijfers" in BY_CODE["tevr_digitaal_voldoende_pct"].definition
