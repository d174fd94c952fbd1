"""Builders for small, hand-made canonical case frames (`sources.cases_schema.CASES_SCHEMA`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import polars as pl

from sources.cases_schema import CASES_SCHEMA

# With the deadline `transforms.workdays.deadlines` adds: what `case_kpis` takes.
CASES_WITH_DEADLINE = pl.Schema({**CASES_SCHEMA, "uiterste_datum": pl.Date()})

# One ordinary Losser case, registered and started on Monday 2026-05-04 and still open;
# every row starts from this.
DEFAULT_CASE = {
    "zaaktype_code": "AANVRAAG",
    "zaaktype": "Aanvraag",
    "team": "PVH",
    "kanaal": "email",
    "registratiedatum": date(2026, 5, 4),
    "startdatum": date(2026, 5, 4),
    "streefdatum": None,
    "fatale_datum": None,
    "einddatum": None,
    "status": "in_behandeling",
    "resultaat": None,
    "opgeschort_dagen": 0,
    "verlengd": False,
    "gemeente": "Losser",
    "export_stempel": "20260701T0000",
    "bron_bestand": "corsa_zaken_20260701.csv",
    "bron_hash": "0" * 64,
    "uiterste_datum": None,
}
ROW = ("registratiedatum", "einddatum", "uiterste_datum")


def make_cases(
    rows: Iterable[tuple], columns: Sequence[str] = ROW, *, with_deadline: bool = True, **defaults
) -> pl.LazyFrame:
    """A canonical cases LazyFrame from a few tuples.

    Each tuple gives the values of `columns` in order (trailing ones may be left off);
    keyword arguments override `DEFAULT_CASE` for every row (e.g. `team="BFR"`). When
    `startdatum` is not given in a row or as a keyword it equals the registratiedatum.
    `with_deadline=False` leaves `uiterste_datum` off (the input of `deadlines`).
    """
    schema = CASES_WITH_DEADLINE if with_deadline else CASES_SCHEMA
    unknown = (set(columns) | set(defaults)) - set(CASES_WITH_DEADLINE)
    assert not unknown, f"not in the case schema: {unknown}"
    assert with_deadline or "uiterste_datum" not in set(columns) | set(defaults)
    records = []
    for i, row in enumerate(rows, start=1):
        assert len(row) <= len(columns), f"row {row} has more values than {columns}"
        record = {"zaak_id": f"Z-TEST-{i:04d}", **DEFAULT_CASE, **defaults, **dict(zip(columns, row, strict=False))}
        if "startdatum" not in defaults and "startdatum" not in columns[: len(row)]:
            record["startdatum"] = record["registratiedatum"]
        records.append({k: record[k] for k in schema})
    frame = pl.DataFrame(records, schema=schema) if records else pl.DataFrame(schema=schema)
    return frame.lazy()


def concat_cases(*frames: pl.LazyFrame) -> pl.LazyFrame:
    """Several builders' frames as one, with the zaak ids made unique again."""
    out = pl.concat(frames, how="vertical")
    return out.with_columns(zaak_id=pl.format("Z-TEST-{}", pl.int_range(pl.len()).cast(pl.String)))
