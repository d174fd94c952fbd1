"""Which days the store has data for, and what that means for a period: a figure is only reported
for a period that overlaps the data of every source it is computed from (an empty column, not a 0,
where it has none), and a period the data does not fully cover is partial ("2026 t/m 30-11").

An export covers the days up to its export moment: a call log or a case export taken on 1 December
covers everything up to 30 November, also when nobody called or registered a case on the last days.
Appointments are booked ahead: a JCC export holds appointments weeks into the future; those are
bookings, not realisation, so the appointments' data runs to the day before the newest export and
never beyond the last day of the gemeente's other sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import polars as pl

from core.catalogue import KPIS

SOURCES_OF: dict[str, tuple[str, ...]] = {k.code: k.sources for k in KPIS}  # KPI code -> store tables
COVERAGE_SCHEMA = {"gemeente": pl.String, "bron": pl.String, "van": pl.Date, "tot": pl.Date}
PERIOD_COVERAGE_SCHEMA = {
    "gemeente": pl.String,
    "periode": pl.String,
    "bron": pl.String,
    "van": pl.Date,
    "tot": pl.Date,
    "volledig": pl.Boolean,
}
APPOINTMENTS = "appointments"


def source_coverage(frame: pl.LazyFrame, source: str, day: pl.Expr) -> pl.LazyFrame:
    """First and last day (`day`, a date expression) with records per gemeente in one source."""
    return (
        frame.group_by("gemeente")
        .agg(van=day.min(), tot=day.max())
        .select("gemeente", bron=pl.lit(source), van="van", tot="tot")
        .cast(pl.Schema(COVERAGE_SCHEMA))
    )


def day_before_export() -> pl.Expr:
    """The last whole day a snapshot export covers: the day before its export moment."""
    return pl.col("export_stempel").str.slice(0, 8).str.strptime(pl.Date, "%Y%m%d", strict=False).max() - pl.duration(
        days=1
    )


def export_coverage(frame: pl.LazyFrame, source: str, day: pl.Expr, booked_ahead: bool = False) -> pl.LazyFrame:
    """Per gemeente the first `day` (a local date expression) with a record of `source`, and the last day
    its newest export covers: the day before the export moment, or the last record's day when that is
    later. For records `booked_ahead` (appointments) the last day that is realisation, not booking: the
    earlier of the two, and no row where that falls before the first day."""
    last = (pl.min_horizontal if booked_ahead else pl.max_horizontal)(day.max(), day_before_export())
    out = frame.group_by("gemeente").agg(van=day.min(), tot=last)
    if booked_ahead:
        out = out.filter(pl.col("tot") >= pl.col("van"))
    return out.select("gemeente", bron=pl.lit(source), van="van", tot="tot").cast(pl.Schema(COVERAGE_SCHEMA))


def call_coverage(calls: pl.LazyFrame, tz: str) -> pl.LazyFrame:
    """First day with a call and the last day the newest call export covers, per gemeente (local dates)."""
    return export_coverage(calls, "calls", pl.col("gestart_op").dt.convert_time_zone(tz).dt.date())


def case_coverage(cases: pl.LazyFrame, tz: str = "Europe/Amsterdam") -> pl.LazyFrame:
    """First registration day and the last day the newest case export covers, per gemeente (the
    export's dates are local already: `tz` is not needed)."""
    return export_coverage(cases, "cases", pl.col("registratiedatum"))


def appointment_coverage(appointments: pl.LazyFrame, tz: str = "Europe/Amsterdam") -> pl.LazyFrame:
    """First appointment day and the last day that is realisation, not booking: the day before the
    newest export (or the last appointment day, when that is earlier), per gemeente (local dates
    already: `tz` is not needed)."""
    return export_coverage(appointments, APPOINTMENTS, pl.col("datum"), booked_ahead=True)


def capped_coverage(coverage: pl.DataFrame) -> pl.DataFrame:
    """The appointments' last day capped at the last day of the gemeente's other sources (where it
    has any): an appointment after it is a booking the other data cannot yet be set against."""
    others = coverage.filter(pl.col("bron") != APPOINTMENTS).group_by("gemeente").agg(grens=pl.col("tot").max())
    return (
        coverage.join(others, on="gemeente", how="left")
        .with_columns(
            tot=pl.when((pl.col("bron") == APPOINTMENTS) & pl.col("grens").is_not_null())
            .then(pl.min_horizontal("tot", "grens"))
            .otherwise("tot")
        )
        .filter(pl.col("tot") >= pl.col("van"))
        .select(list(COVERAGE_SCHEMA))
        .sort("gemeente", "bron")
    )


def data_spans(coverage: pl.DataFrame) -> dict[str, tuple[date, date]]:
    """Per gemeente (COVERAGE_SCHEMA rows) the first and the last day with records of any source."""
    spans = coverage.drop_nulls("gemeente").group_by("gemeente").agg(pl.col("van").min(), pl.col("tot").max())
    return {g: (first, last) for g, first, last in spans.iter_rows() if first is not None and last is not None}


def realised_appointments(appointments: pl.LazyFrame, coverage: pl.DataFrame) -> pl.LazyFrame:
    """The appointments dated up to their gemeente's last day of appointment data (`capped_coverage`)."""
    until = coverage.lazy().filter(pl.col("bron") == APPOINTMENTS).select("gemeente", grens="tot")
    return appointments.join(until, on="gemeente", how="inner").filter(pl.col("datum") <= pl.col("grens")).drop("grens")


Bucket = tuple[str, date, date]


def _spans(buckets: Sequence[Bucket]) -> pl.DataFrame:
    return pl.DataFrame(list(buckets), schema={"periode": pl.String, "begin": pl.Date, "eind": pl.Date}, orient="row")


START_SLACK_DAYS = 7


def period_coverage(
    coverage: pl.DataFrame, buckets: Sequence[Bucket], start_slack_days: int = START_SLACK_DAYS
) -> pl.DataFrame:
    """Per gemeente, period and source that overlap: the days of the period the data covers (van,
    tot) and whether that is the whole period (volledig). Data that starts within the period's first
    `start_slack_days` days (a tenth of a shorter period) covers its start: a source has no records on
    a public holiday or over a weekend (1 to 3 January), which is no missing data. The end has no such
    slack: a period whose data ends before its last day is partial."""
    joined = coverage.join(_spans(buckets), how="cross").filter(
        (pl.col("van") <= pl.col("eind")) & (pl.col("tot") >= pl.col("begin"))
    )
    slack = pl.min_horizontal(pl.lit(start_slack_days), (pl.col("eind") - pl.col("begin")).dt.total_days() // 10)
    starts = pl.col("van") <= pl.col("begin") + pl.duration(days=slack)
    return (
        joined.select(
            "gemeente",
            "periode",
            "bron",
            van=pl.when(starts).then("begin").otherwise(pl.max_horizontal("van", "begin")),
            tot=pl.min_horizontal("tot", "eind"),
            volledig=starts & (pl.col("tot") >= pl.col("eind")),
        )
        .cast(pl.Schema(PERIOD_COVERAGE_SCHEMA))
        .sort("gemeente", "periode", "bron")
    )


def _needs(sources_of: Mapping[str, Sequence[str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(code, source) for code, sources in sources_of.items() for source in sources],
        schema={"kpi": pl.String, "bron": pl.String},
        orient="row",
    )


def covered_figures(
    kpis: pl.DataFrame,
    coverage: pl.DataFrame,
    buckets: Sequence[Bucket],
    sources_of: Mapping[str, Sequence[str]] = SOURCES_OF,
) -> pl.DataFrame:
    """The rows of `kpis` whose periode overlaps, for their gemeente, the coverage of every
    source their KPI is computed from (`sources_of`: KPI code -> store tables); the others are
    dropped (no data is not 0)."""
    keyed = kpis.with_row_index("_rij")
    checks = (
        keyed.select("_rij", "gemeente", "periode", "kpi")
        .join(_needs(sources_of), on="kpi", how="left")
        .join(_spans(buckets), on="periode", how="left")
        .join(coverage, on=["gemeente", "bron"], how="left")
        .group_by("_rij")
        .agg(ok=((pl.col("van") <= pl.col("eind")) & (pl.col("tot") >= pl.col("begin"))).fill_null(False).all())
    )
    return keyed.join(checks.filter("ok"), on="_rij", how="semi").drop("_rij")


def partial_figures(
    kpis: pl.DataFrame, periods: pl.DataFrame, sources_of: Mapping[str, Sequence[str]] = SOURCES_OF
) -> pl.DataFrame:
    """`kpis` with `voorlopig`: true where a source of the KPI does not cover the whole period
    (`periods` as `period_coverage` gives it)."""
    status = (
        kpis.select("gemeente", "periode", "kpi")
        .unique()
        .join(_needs(sources_of), on="kpi", how="left")
        .join(periods.select("gemeente", "periode", "bron", "volledig"), on=["gemeente", "periode", "bron"], how="left")
        .group_by("gemeente", "periode", "kpi")
        .agg(voorlopig=~pl.col("volledig").fill_null(False).all())
    )
    return kpis.join(status, on=["gemeente", "periode", "kpi"], how="left", maintain_order="left").with_columns(
        pl.col("voorlopig").fill_null(False)
    )
