"""Where a report's figures came from: contributing files and their quarantine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from core.registry import QueueRule

FILE_COLUMNS = (
    "bron",
    "bron_bestand",
    "bron_hash",
    "export_stempel",
    "status",
    "rijen_gelezen",
    "rijen_geladen",
    "rijen_quarantaine",
)


def contributing_files(records: pl.DataFrame, ledger: pl.DataFrame, gemeente: str) -> pl.DataFrame:
    """Ledger rows of the files whose records a gemeente's figures use (newest version won)."""
    used = records.filter(pl.col("gemeente") == gemeente).select(pl.col("bron_hash").unique())
    return ledger.join(used, on="bron_hash", how="semi").select(*FILE_COLUMNS).sort("export_stempel", "bron_bestand")


def rejected_files(ledger: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Files rejected whole (and not loaded since) whose export moment lies in the period or the
    month after it (an export of the period's last days arrives after the period)."""
    last = date(end.year + (end.month == 12), end.month % 12 + 1, min(end.day, 28))
    loaded_later = ledger.filter(pl.col("status") == "geladen").select("bron_hash")  # taken again after a fix
    return (
        ledger.filter(
            (pl.col("status") == "afgewezen")
            & pl.col("export_stempel").is_between(pl.lit(f"{start:%Y%m%d}"), pl.lit(f"{last:%Y%m%d}T9999"))
        )
        .join(loaded_later, on="bron_hash", how="anti")
        .unique("bron_hash", keep="last", maintain_order=True)
        .select(*FILE_COLUMNS)
    )


def quarantine_summary(
    quarantine: pl.DataFrame, files: pl.DataFrame, gemeente: str | None = None, queues: Sequence[QueueRule] = ()
) -> pl.DataFrame:
    """Quarantined rows per file and rule, with one example reason, for the given files - and with a
    `gemeente`, only that gemeente's rows: those whose export names it, those on a queue the
    configuration maps to it (on any date), and whole files rejected (their reason names no row).
    A shared export's rows of another gemeente, or of none, are not in this gemeente's summary."""
    rows = quarantine.join(files.select("bron_hash"), on="bron_hash", how="semi")
    if gemeente is not None:
        mine = {q.queue for q in queues if q.gemeente == gemeente}
        own = (
            (pl.col("gemeente") == gemeente)
            | pl.col("wachtrij").is_in(list(mine))
            | (pl.col("regel") == "bestand_afgewezen")
        )
        rows = rows.filter(own.fill_null(False))
    return (
        rows.group_by("bron_bestand", "regel")
        .agg(aantal=pl.len(), voorbeeld_reden=pl.col("reden").sort_by("rij").first())
        .sort("bron_bestand", "regel")
    )
