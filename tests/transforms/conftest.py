"""Builders for small, hand-made canonical call frames (`sources.kcc.CALLS_SCHEMA`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import polars as pl

from sources.kcc import CALLS_SCHEMA

# One ordinary first-line Losser call, answered at once; every row starts from this.
DEFAULT_CALL = {
    "gestart_op": datetime(2026, 7, 1, 10, 0, tzinfo=UTC),
    "wachtrij": "LOS-KCC",
    "gemeente": "Losser",
    "lijn": 1,
    "team": "KCC",
    "wacht_s": 0,
    "gesprek_s": 0,
    "wacht_in_gesprek_s": 0,
    "nawerk_s": 0,
    "uitkomst": "beantwoord",
    "doorverbonden_naar": None,
    "export_stempel": "20260702T0000",
    "bron_bestand": "kcc_gesprekken_20260702.csv",
    "bron_hash": "0" * 64,
}
ROW = ("uitkomst", "wacht_s", "gesprek_s", "doorverbonden_naar")


def make_calls(
    rows: Iterable[tuple], columns: Sequence[str] = ROW, *, periode: str | None = "2026-07", **defaults
) -> pl.LazyFrame:
    """A canonical calls LazyFrame from a few tuples.

    Each tuple gives the values of `columns` in order (trailing ones may be left off);
    keyword arguments override `DEFAULT_CALL` for every row (e.g. `lijn=2, team="PVH"`).
    `periode` adds a constant bucket label, as `telephony_kpis` expects; pass None to leave
    it off (e.g. when a test derives it from the local date).
    """
    unknown = (set(columns) | set(defaults)) - set(CALLS_SCHEMA)
    assert not unknown, f"not in CALLS_SCHEMA: {unknown}"
    records = []
    for i, row in enumerate(rows, start=1):
        assert len(row) <= len(columns), f"row {row} has more values than {columns}"
        records.append({"call_id": f"T{i:04d}", **DEFAULT_CALL, **defaults, **dict(zip(columns, row, strict=False))})
    frame = pl.DataFrame(records, schema=CALLS_SCHEMA) if records else pl.DataFrame(schema=CALLS_SCHEMA)
    if periode is not None:
        frame = frame.with_columns(periode=pl.lit(periode))
    return frame.lazy()


def concat_calls(*frames: pl.LazyFrame) -> pl.LazyFrame:
    """Several builders' frames as one, with the call ids made unique again."""
    out = pl.concat(frames, how="vertical")
    return out.with_columns(call_id=pl.format("T{}", pl.int_range(pl.len()).cast(pl.String)))
