"""Canonical appointment record: what the JCC reader produces and the store keeps."""

from __future__ import annotations

import polars as pl

APPOINTMENTS_SCHEMA = pl.Schema(
    {
        "afspraak_id": pl.String(),
        "product_code": pl.String(),
        "product": pl.String(),
        "locatie": pl.String(),
        "datum": pl.Date(),  # appointment date (local)
        "begin": pl.Datetime("us", "Europe/Amsterdam"),  # slot start: Datum + Begintijd, local time
        "eind": pl.Datetime("us", "Europe/Amsterdam"),
        "geboekt_op": pl.Datetime("us", "Europe/Amsterdam"),
        "boekingskanaal": pl.String(),  # "internet", "telefoon", "balie"
        "status": pl.String(),  # "gepland", "verschenen", "niet_verschenen", "geannuleerd"
        "aangemeld": pl.Datetime("us", "Europe/Amsterdam"),  # check-in, null if none
        "opgeroepen": pl.Datetime("us", "Europe/Amsterdam"),  # called to the desk
        "afgerond": pl.Datetime("us", "Europe/Amsterdam"),  # service finished
        "gemeente": pl.String(),
        "export_stempel": pl.String(),
        "bron_bestand": pl.String(),
        "bron_hash": pl.String(),
    }
)
APPOINTMENTS_KEY = "afspraak_id"
