"""The programme's targets from its own register: per gemeente, period and target the latest measurement
up to the period's end, against the target. Pure: the register's records and the configured targets in,
a frame out (the sheet Ambities and the dashboard's Ambities page read it as it is).

A register measurement is a state at its peildatum ("on 31-03-2026, 14 of 60 letters were rewritten"),
not an event in a period: a period's realisation is the newest measurement on or before its last day,
however long before; a period before the first measurement has none ("nog niet ingevuld"). A percentage
is 100 * teller / noemer, or the Waarde entered as a percentage; a count and a grade are the Waarde.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from core.ambitions import ProgrammeTarget
from core.registry import FigureContext
from transforms.coverage import COVERAGE_SCHEMA
from transforms.figures import Figures
from transforms.kpi_frame import KPI_SCHEMA

Bucket = tuple[str, date, date]  # (label, first day, last day), both inclusive

NOT_FILLED = "nog niet ingevuld"
# What `ambition_realisations` returns: one row per gemeente, period (a bucket's label) and target, in the
# targets' configured order (`volgorde`).
REALISATION_SCHEMA = pl.Schema(
    {
        "gemeente": pl.String,
        "periode": pl.String,  # the bucket's label: "2026", "2026-Q3", "2026-07"
        "volgorde": pl.Int32,  # the target's place in the configuration ([[ambitions]])
        "indicator": pl.String,  # the register's indicator code
        "label": pl.String,  # Dutch: what it measures
        "maat": pl.String,  # percentage, aantal, cijfer
        "plateau": pl.Int8,  # null: followed without a target (the Burgerpeiling's outcomes)
        "spoor": pl.Int8,
        "doel": pl.String,  # the target in the programme's words
        "project": pl.String,
        "streefwaarde": pl.Float64,
        "richting": pl.String,  # ">=" or "<="
        "peildatum": pl.Date,  # of the measurement shown; null: none up to the period's end
        "teller": pl.Int64,
        "noemer": pl.Int64,
        "waarde": pl.Float64,  # the realisation: a percentage (0-100), a count or a grade
        "gehaald": pl.Boolean,  # waarde against streefwaarde; null without either
        "status": pl.String,  # "ingevuld" or "nog niet ingevuld"
        "toelichting": pl.String,  # the measurement's source, in words
    }
)


def targets_frame(targets: Sequence[ProgrammeTarget]) -> pl.DataFrame:
    """The configured targets as a frame, in their order."""
    return pl.DataFrame(
        [
            (i, t.indicator, t.label, t.measure, t.plateau, t.track, t.text, t.project, t.target, t.direction)
            for i, t in enumerate(targets)
        ],
        schema={
            "volgorde": pl.Int32,
            "indicator": pl.String,
            "label": pl.String,
            "maat": pl.String,
            "plateau": pl.Int8,
            "spoor": pl.Int8,
            "doel": pl.String,
            "project": pl.String,
            "streefwaarde": pl.Float64,
            "richting": pl.String,
        },
        orient="row",
    )


def measured_value() -> pl.Expr:
    """A measurement's value: 100 * teller / noemer where both are given, else the Waarde as entered."""
    ratio = 100.0 * pl.col("teller") / pl.col("noemer")
    return pl.when(pl.col("teller").is_not_null() & (pl.col("noemer") > 0)).then(ratio).otherwise(pl.col("waarde"))


def ambition_realisations(
    register: pl.LazyFrame,
    targets: Sequence[ProgrammeTarget],
    buckets: Sequence[Bucket],
    gemeenten: Sequence[str],
) -> pl.DataFrame:
    """Per gemeente, bucket and target the newest measurement of its indicator on or before the bucket's
    last day (REALISATION_SCHEMA); a target without one is "nog niet ingevuld" (no peildatum, no value)."""
    periods = pl.LazyFrame(
        [(label, end) for label, _, end in buckets], schema={"periode": pl.String, "einde": pl.Date}, orient="row"
    )
    latest = (
        register.filter(pl.col("gemeente").is_in(list(gemeenten)))
        .join(periods, how="cross")
        .filter(pl.col("peildatum") <= pl.col("einde"))
        .sort("peildatum")
        .group_by("gemeente", "periode", "indicator")
        .agg(pl.col("peildatum", "teller", "noemer", "waarde", "toelichting").last())
        .with_columns(measured_value().alias("waarde"))
    )
    wanted = (
        pl.LazyFrame({"gemeente": list(gemeenten)}, schema={"gemeente": pl.String})
        .join(periods.select("periode"), how="cross")
        .join(targets_frame(targets).lazy(), how="cross")
    )
    met = (
        pl.when(pl.col("streefwaarde").is_null() | pl.col("waarde").is_null())
        .then(None)
        .when(pl.col("richting") == "<=")
        .then(pl.col("waarde") <= pl.col("streefwaarde"))
        .otherwise(pl.col("waarde") >= pl.col("streefwaarde"))
    )
    return (
        wanted.join(latest, on=["gemeente", "periode", "indicator"], how="left")
        .with_columns(
            gehaald=met,
            status=pl.when(pl.col("peildatum").is_null()).then(pl.lit(NOT_FILLED)).otherwise(pl.lit("ingevuld")),
        )
        .select(list(REALISATION_SCHEMA))
        .cast(REALISATION_SCHEMA)
        .sort("gemeente", "periode", "volgorde")
        .collect()
    )


def register_history(register: pl.LazyFrame, gemeenten: Sequence[str], until: date | None = None) -> pl.DataFrame:
    """Every measurement of the register (of `gemeenten`, on or before `until`), with its value, newest
    peildatum last per indicator."""
    frame = register.filter(pl.col("gemeente").is_in(list(gemeenten)))
    if until is not None:
        frame = frame.filter(pl.col("peildatum") <= until)
    return (
        frame.with_columns(measured_value().alias("realisatie"))
        .select(
            "gemeente",
            "indicator",
            "plateau",
            "project",
            "peildatum",
            "teller",
            "noemer",
            "realisatie",
            "toelichting",
            "ingevoerd_door",
        )
        .sort("gemeente", "indicator", "peildatum")
        .collect()
    )


def register_coverage(register: pl.LazyFrame, tz: str = "Europe/Amsterdam") -> pl.LazyFrame:
    """None: a register holds states at a peildatum, not every event of the days it spans, so it covers no
    days. (Its last peildatum as coverage would also move the last day of the gemeente's data, and so cap
    the appointments' realisation and change the KPIs: transforms.coverage.capped_coverage.)"""
    return pl.LazyFrame(schema=COVERAGE_SCHEMA)


def register_figures(
    register: pl.LazyFrame, buckets: Sequence[Bucket], gemeenten: Sequence[str], ctx: FigureContext, coverage=None
) -> Figures:
    """No KPI rows: the register's figures are the targets' realisations (`ambitie_realisaties`, the sheet
    Ambities: of the gemeenten with a register and those configured for the sheet, whose targets then say
    "nog niet ingevuld") and its measurements up to the last bucket's end (`register_metingen`)."""
    until = max((end for _, _, end in buckets), default=None)
    followed = [*gemeenten, *(g for g in ctx.ambitions_for if g not in gemeenten)]
    return Figures(
        pl.DataFrame(schema=KPI_SCHEMA),
        {
            "ambitie_realisaties": ambition_realisations(register, ctx.ambitions, buckets, followed),
            "register_metingen": register_history(register, gemeenten, until),
        },
    )
