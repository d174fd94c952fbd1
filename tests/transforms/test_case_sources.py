"""Each case counted from one source around a gemeente's switch to the Zaken API (hand-made frames)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from core.settings import Settings
from transforms.case_sources import counted_cases, new_or_changed_cases, set_aside_cases

CORSA, ZGW = "corsa_zaken_20260701.csv", "zgw_zaken_losser_20260701T0300.jsonl.gz"


def cases() -> pl.LazyFrame:
    return pl.LazyFrame(
        {
            "zaak_id": ["C1", "C2", "A1", "A2", "E1", "E2"],
            "gemeente": ["Losser", "Losser", "Losser", "Losser", "Enschede", "Enschede"],
            "registratiedatum": [
                date(2026, 3, 31),  # Corsa, the day before the switch: counts
                date(2026, 4, 1),  # Corsa, on the switch: set aside (the API's)
                date(2026, 3, 31),  # API, before the switch: set aside (Corsa's)
                date(2026, 4, 1),  # API, on the switch: counts
                date(2026, 5, 1),  # Enschede has no switch: every case counts, from either source
                date(2026, 1, 1),
            ],
            "bron_bestand": [CORSA, CORSA, ZGW, ZGW, CORSA, "zgw_zaken_enschede_20260701T0300.jsonl.gz"],
        }
    )


def context(switch: tuple = (("Losser", date(2026, 4, 1)),)):
    return replace(Settings().figure_context(), case_switch=switch)


def test_each_case_is_counted_from_the_source_of_its_registration_day():
    kept = counted_cases(cases(), context()).collect()
    assert sorted(kept["zaak_id"]) == ["A2", "C1", "E1", "E2"]


def test_without_a_switch_the_cases_are_the_same_frame():
    frame = cases()
    assert counted_cases(frame, context(())) is frame
    assert set_aside_cases(frame, context(())).is_empty()


def test_what_is_set_aside_is_counted_per_gemeente_and_reason():
    got = set_aside_cases(cases(), context())
    assert got.select("gemeente", "regel", "aantal").rows() == [
        ("Losser", "corsa_na_overstap", 1),  # C2
        ("Losser", "zaken_api_voor_overstap", 1),  # A1
    ]
    assert got["reden"].to_list() == [
        "zaak uit Corsa, geregistreerd op of na de overstap naar de Zaken-API (01-04-2026): telt uit de Zaken-API",
        "zaak uit de Zaken-API, geregistreerd voor de overstap (01-04-2026): telt uit Corsa",
    ]


def test_new_or_changed_cases_ignore_where_a_case_came_from():
    stored = pl.LazyFrame(
        {"zaak_id": ["Z1", "Z2"], "einddatum": [None, date(2026, 5, 1)], "bron_bestand": ["a", "a"]},
        schema={"zaak_id": pl.String, "einddatum": pl.Date, "bron_bestand": pl.String},
    )
    pulled = pl.DataFrame(
        {"zaak_id": ["Z1", "Z2", "Z3"], "einddatum": [None, date(2026, 5, 2), None], "bron_bestand": ["b"] * 3},
        schema={"zaak_id": pl.String, "einddatum": pl.Date, "bron_bestand": pl.String},
    )
    # Z1 as stored (another file; a null equals a null), Z2 closed on another day, Z3 new
    assert new_or_changed_cases(pulled, stored)["zaak_id"].to_list() == ["Z2", "Z3"]
    assert new_or_changed_cases(pulled.head(1), stored).is_empty()
