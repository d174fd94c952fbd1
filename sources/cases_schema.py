"""Canonical case (zaak) record: what the Corsa reader produces and the store keeps."""

from __future__ import annotations

import polars as pl

CASES_SCHEMA = pl.Schema(
    {
        "zaak_id": pl.String,
        "zaaktype_code": pl.String,
        "zaaktype": pl.String,
        "team": pl.String,
        "kanaal": pl.String,  # "telefoon", "balie", "email", "webformulier", "post", "sociale_media", "intern"
        "registratiedatum": pl.Date,
        "startdatum": pl.Date,
        "streefdatum": pl.Date,  # null = unknown
        "fatale_datum": pl.Date,  # null = unknown
        "einddatum": pl.Date,  # null while open
        "status": pl.String,  # "ontvangen", "in_behandeling", "opgeschort", "afgehandeld"
        "resultaat": pl.String,
        "opgeschort_dagen": pl.Int32,  # calendar days suspended; empty in the export = 0
        "verlengd": pl.Boolean,
        "gemeente": pl.String,
        "export_stempel": pl.String,
        "bron_bestand": pl.String,
        "bron_hash": pl.String,
    }
)
CASES_KEY = "zaak_id"
PROVENANCE = ("export_stempel", "bron_bestand", "bron_hash")  # which export a record came from
CASE_FIELDS = tuple(c for c in CASES_SCHEMA if c not in PROVENANCE)  # what a case carries, in the table's order
