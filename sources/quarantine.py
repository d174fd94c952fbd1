"""The quarantine record: which file, which row, which rule, why. Never the row's
personal data; the original file stays in the archive or quarantine folder."""

from __future__ import annotations

import polars as pl

QUARANTINE_SCHEMA = pl.Schema(
    {
        "bron": pl.String,  # "kcc", "corsa", "jcc"
        "bron_bestand": pl.String,
        "bron_hash": pl.String,
        "rij": pl.Int64,  # line in the file (header = 1); null when the whole file was rejected
        "sleutel": pl.String,  # the record's key where readable
        "regel": pl.String,  # rule code, e.g. "onbekende_uitkomst"
        "reden": pl.String,  # Dutch message: headers, line numbers, counts, shapes; never a cell's personal data
        # whose row it is: the configured gemeente the export names (Corsa, JCC), or the queue (KCC) that the
        # configuration maps to one when the report is made; empty: of no known gemeente (for the operators only)
        "gemeente": pl.String,
        "wachtrij": pl.String,
    }
)


def rejected_file(source: str, file_name: str, sha256: str, reason: str) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "bron": source,
                "bron_bestand": file_name,
                "bron_hash": sha256,
                "rij": None,
                "sleutel": None,
                "regel": "bestand_afgewezen",
                "reden": reason,
                "gemeente": None,
                "wachtrij": None,
            }
        ],
        schema=QUARANTINE_SCHEMA,
    )
