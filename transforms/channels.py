"""Channel KPIs (`kanaal_*` of the catalogue): every contact counted once.

telefoon = calls offered (`tel_aangeboden`); balie = appointments attended
(Verschenen); email, webformulier, post, sociale_media = cases registered with
that receiving channel. Cases registered by telefoon, balie or intern are not
counted again: the call or the visit already is.
"""

from __future__ import annotations

import polars as pl

from transforms.kpi_frame import count_kpi, long_kpis, ratio_kpi

CHANNELS = ("telefoon", "balie", "email", "webformulier", "post", "sociale_media")
FROM_CASES = ("email", "webformulier", "post", "sociale_media")
DIGITAL = ("email", "webformulier", "sociale_media")
KEYS = ["gemeente", "periode"]


def channel_contacts(tel_kpis: pl.LazyFrame, appointments: pl.LazyFrame, cases: pl.LazyFrame) -> pl.LazyFrame:
    """Contacts per gemeente, periode and kanaal, 0 where a channel had none. `appointments`
    and `cases` carry `periode` (bucketed by appointment date and by registratiedatum)."""
    n = pl.Int64
    counts = pl.concat(
        [
            tel_kpis.filter((pl.col("kpi") == "tel_aangeboden") & pl.col("groep").is_null()).select(
                *KEYS, kanaal=pl.lit("telefoon"), n=pl.col("waarde").cast(n)
            ),
            appointments.filter(pl.col("status") == "verschenen")
            .group_by(KEYS)
            .agg(n=pl.len().cast(n))
            .select(*KEYS, kanaal=pl.lit("balie"), n="n"),
            cases.filter(pl.col("kanaal").is_in(FROM_CASES))
            .group_by([*KEYS, "kanaal"])
            .agg(n=pl.len().cast(n))
            .select(*KEYS, "kanaal", "n"),
        ]
    )
    grid = counts.select(KEYS).unique().join(pl.LazyFrame({"kanaal": list(CHANNELS)}), how="cross")
    return grid.join(counts, on=[*KEYS, "kanaal"], how="left").with_columns(pl.col("n").fill_null(0))


def channel_kpis(tel_kpis: pl.LazyFrame, appointments: pl.LazyFrame, cases: pl.LazyFrame) -> pl.LazyFrame:
    """kanaal_contacten per kanaal (groep `kanaal=<k>`) and in total (groep empty), and
    kanaal_digitaal_pct = (email + webformulier + sociale_media) / total; long format."""
    contacts = channel_contacts(tel_kpis, appointments, cases)
    per_channel = (
        long_kpis(contacts, [*KEYS, "kanaal"], [count_kpi("kanaal_contacten", pl.col("n"))])
        .with_columns(groep=pl.format("kanaal={}", pl.col("kanaal")))
        .drop("kanaal")
    )
    totals = contacts.group_by(KEYS).agg(
        totaal=pl.col("n").sum(), digitaal=pl.col("n").filter(pl.col("kanaal").is_in(DIGITAL)).sum()
    )
    overall = long_kpis(
        totals,
        KEYS,
        [
            count_kpi("kanaal_contacten", pl.col("totaal")),
            ratio_kpi("kanaal_digitaal_pct", pl.col("digitaal"), pl.col("totaal")),
        ],
    ).with_columns(groep=pl.lit(None, pl.String))
    return pl.concat([overall, per_channel], how="diagonal_relaxed")
