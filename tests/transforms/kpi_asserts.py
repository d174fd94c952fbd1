"""Assertions on rows of the long KPI frame, shared by the KPI tests."""

import pytest


def assert_ratio(row, waarde, teller, noemer):
    assert (row["teller"], row["noemer"]) == (teller, noemer)
    if waarde is None:
        assert row["waarde"] is None
    else:
        assert row["waarde"] == pytest.approx(waarde)


def assert_count(row, waarde):
    # A count has no teller/noemer beside it.
    assert (row["waarde"], row["teller"], row["noemer"]) == (pytest.approx(waarde), None, None)
