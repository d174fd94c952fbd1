"""Issue 24 item 12: a Corsa Resultaat is a free label and can carry a name ("Besproken met ..."). Only the
labels the profile lists are kept (case and spaces aside, as the profile spells them); any other is stored
as 'overig' and counted in Datakwaliteit's "Nog niet ingesteld". The demo's results are all listed, so its
figures and sheets do not change."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from core.profiles import DEFAULT_RESULTS, OTHER_RESULT
from core.registry import UNKNOWN_SCHEMA
from core.settings import Settings
from flows.stores import SOURCES
from sources.files import identify
from tests.sources import hostile as h
from tests.transforms.test_queues import context
from transforms.cases import cases_not_configured, results_not_configured

NAME = "Hendrika Heimelijk"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Verleend", "Verleend"),
        ("  verleend ", "Verleend"),  # case and spaces aside, as the profile spells it
        ("GEWEIGERD", "Geweigerd"),
        (f"Besproken met {NAME}", OTHER_RESULT),  # a name: never stored
        ("Gebeld 06-99977766", OTHER_RESULT),
        ("Naar mevr. Heimelijk", OTHER_RESULT),
        ("", None),  # open: no result
    ],
)
def test_only_a_listed_result_is_kept(tmp_path, given, stored):
    path = h.corsa_file(tmp_path, "20260501", [h.corsa_row("Z-1", Resultaat=given)])
    batch = SOURCES["corsa"].read(identify(path), Settings())
    assert batch.quarantine.height == 0
    assert batch.records["resultaat"].to_list() == [stored]
    assert "Heimelijk" not in batch.records.write_csv() and "99977766" not in batch.records.write_csv()


def test_the_list_is_configuration(tmp_path):
    settings = Settings(profiles={"corsa": {"results": ["Afgerond", "Besproken"]}})
    path = h.corsa_file(tmp_path, "20260501", [h.corsa_row("Z-1", Resultaat="besproken"), h.corsa_row("Z-2")])
    batch = SOURCES["corsa"].read(identify(path), settings)
    assert batch.records.sort("zaak_id")["resultaat"].to_list() == ["Besproken", OTHER_RESULT]  # Z-2: 'Verleend'


def test_results_not_listed_are_counted_for_datakwaliteit():
    cases = pl.LazyFrame(
        {
            "zaaktype_code": ["OMV-REG"] * 5,
            "fatale_datum": [None] * 5,
            "streefdatum": [None] * 5,
            "resultaat": ["Verleend", OTHER_RESULT, None, OTHER_RESULT, "Geweigerd"],  # 2 'overig'
        },
        schema_overrides={"fatale_datum": pl.Date, "streefdatum": pl.Date},
    )
    ctx = replace(context(), terms=(("OMV-REG", 8, "weken"),))
    got = results_not_configured(cases, ctx).collect()
    assert got.schema == pl.Schema(UNKNOWN_SCHEMA)
    assert got.select("soort", "waarde", "aantal").rows() == [("resultaat", "overig", 2)]
    assert "profiles.corsa.results" in got["toelichting"][0]
    # none: no row; and beside the zaaktypes without a term in the cases' one list
    assert results_not_configured(cases.filter(pl.col("resultaat") != OTHER_RESULT), ctx).collect().height == 0
    assert cases_not_configured(cases, ctx).collect()["soort"].to_list() == ["resultaat"]


def test_the_demo_results_are_all_listed():
    from demo.corsa import _RESULT_LABELS, _with_defects  # noqa: F401  (the demo's own labels)

    assert set(_RESULT_LABELS) <= set(DEFAULT_RESULTS)
    assert "Beantwoord" in DEFAULT_RESULTS  # the label of the demo's planted bad rows
