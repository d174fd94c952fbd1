"""Figures for a report: a period's KPIs and the same KPIs per month, with norms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time

import polars as pl

from core.catalogue import BY_CODE, CASES_DOMAIN, CHANNELS_DOMAIN, DESK_DOMAIN, TELEPHONY_CODES, codes_of
from core.registry import FigureContext
from transforms.appointments import appointment_kpis
from transforms.calendar import with_local_date, within
from transforms.call_days import telephony_kpis_of_days
from transforms.cases import WITHOUT_DEADLINE, case_kpis, cases_without_deadline
from transforms.channels import CHANNELS, channel_kpis
from transforms.coverage import realised_appointments
from transforms.kpi_frame import KEYS, LONG, with_norms
from transforms.telephony import telephony_kpis
from transforms.workdays import calendar_span, deadlines, working_days

Bucket = tuple[str, date, date]  # (label, first day, last day), both inclusive


def bucketed(frame: pl.LazyFrame, buckets: Sequence[Bucket], column: str = "datum") -> pl.LazyFrame:
    """One copy of each row per bucket its date falls in, labelled in `periode`."""
    parts = [within(frame, start, end, column).with_columns(periode=pl.lit(label)) for label, start, end in buckets]
    return pl.concat(parts) if parts else frame.with_columns(periode=pl.lit(None, pl.String)).head(0)


def completed(
    kpis: pl.LazyFrame, gemeenten: Sequence[str], periodes: Sequence[str], codes: Sequence[str]
) -> pl.LazyFrame:
    """Every total KPI of `codes` present for every gemeente and periode: a count over no
    records is 0; a ratio, mean or median over no records is empty with noemer 0."""
    expected = pl.LazyFrame(
        [(g, p, k) for g in gemeenten for p in periodes for k in codes],
        schema={"gemeente": pl.String, "periode": pl.String, "kpi": pl.String},
        orient="row",
    )
    counts = [c for c in codes if BY_CODE[c].kind == "aantal"]
    medians = [c for c in codes if BY_CODE[c].kind == "mediaan"]
    missing = expected.join(kpis.filter(pl.col("groep").is_null()), on=["gemeente", "periode", "kpi"], how="anti")
    filled = missing.with_columns(
        groep=pl.lit(None, pl.String),
        waarde=pl.when(pl.col("kpi").is_in(counts)).then(0.0).otherwise(None),
        teller=pl.when(pl.col("kpi").is_in(counts + medians)).then(None).otherwise(0),
        noemer=pl.when(pl.col("kpi").is_in(counts)).then(None).otherwise(0),
    )
    return pl.concat([kpis.select(list(LONG)).cast(LONG), filled.select(list(LONG)).cast(LONG)])


def telephony_figures(
    calls: pl.LazyFrame,
    buckets: Sequence[Bucket],
    gemeenten: Sequence[str],
    tz: str,
    answer_norm_s: int,
    short_abandon_s: int,
    norms: Mapping[str, tuple[float, str]],
) -> pl.DataFrame:
    """Every `tel_*` KPI per gemeente and bucket, with norms, sorted (KPI_SCHEMA)."""
    local = with_local_date(calls, "gestart_op", tz).filter(pl.col("gemeente").is_in(list(gemeenten)))
    kpis = telephony_kpis(bucketed(local, buckets), answer_norm_s, short_abandon_s)
    return _telephony_frame(kpis, buckets, gemeenten, norms)


def telephony_figures_of_days(
    days: pl.LazyFrame,
    buckets: Sequence[Bucket],
    gemeenten: Sequence[str],
    answer_norm_s: int,
    short_abandon_s: int,
    norms: Mapping[str, tuple[float, str]],
) -> pl.DataFrame:
    """`telephony_figures` from the calls' day totals with their queue mapping applied
    (`transforms.call_days.mapped_call_days`): the same frame, from far fewer rows."""
    mine = days.filter(pl.col("gemeente").is_in(list(gemeenten)))
    kpis = telephony_kpis_of_days(bucketed(mine, buckets), answer_norm_s, short_abandon_s)
    return _telephony_frame(kpis, buckets, gemeenten, norms)


def _telephony_frame(
    kpis: pl.LazyFrame, buckets: Sequence[Bucket], gemeenten: Sequence[str], norms: Mapping[str, tuple[float, str]]
) -> pl.DataFrame:
    """The `tel_*` KPIs completed (every total per gemeente and bucket, empty where unknown), with norms, sorted."""
    total_codes = [c for c in TELEPHONY_CODES if c != "tel_tweedelijn_bereikbaar_pct"]
    full = completed(kpis, gemeenten, [b[0] for b in buckets], total_codes)
    return with_norms(full, norms).collect().sort(KEYS, nulls_last=False)


def case_figures(
    cases: pl.LazyFrame,
    buckets: Sequence[Bucket],
    gemeenten: Sequence[str],
    terms: pl.DataFrame,
    contactverzoek_types: Sequence[str],
    callback_norm_werkdagen: int,
    closing_days: Sequence[date],
    norms: Mapping[str, tuple[float, str]],
    until: pl.LazyFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every `zaak_*` KPI per gemeente and bucket with norms (KPI_SCHEMA), and apart from it the
    cases closed without a determinable deadline (`zaak_zonder_termijn`, not a catalogue KPI).
    `until` (gemeente, tot): the last day each gemeente's case data covers (see `case_kpis`)."""
    mine = cases.filter(pl.col("gemeente").is_in(list(gemeenten)))
    span = (
        mine.select(
            pl.min_horizontal(pl.col("registratiedatum").min(), pl.col("startdatum").min()).alias("first"),
            pl.max_horizontal(
                *[
                    pl.col(c).max()
                    for c in ("registratiedatum", "startdatum", "streefdatum", "fatale_datum", "einddatum")
                ]
            ).alias("last"),
        )
        .collect()
        .row(0)
    )
    first = min(d for d in (span[0], *(b[1] for b in buckets)) if d is not None)
    last = max(d for d in (span[1], *(b[2] for b in buckets)) if d is not None)
    longest = max([callback_norm_werkdagen, *terms.filter(pl.col("unit") == "werkdagen")["term"].to_list()])
    workdays = working_days(*calendar_span(first, last, longest), closing_days)
    # collected once: the KPIs and the cases closed without a deadline both start from it (as two
    # lazy plans the deadlines were worked out twice, half of the cases' figures' time)
    with_deadline = deadlines(mine, terms, workdays).collect().lazy()
    kpis = case_kpis(with_deadline, buckets, contactverzoek_types, callback_norm_werkdagen, workdays, until)
    codes = codes_of(CASES_DOMAIN)
    full = completed(kpis, gemeenten, [b[0] for b in buckets], codes)
    without = cases_without_deadline(with_deadline, buckets).collect().sort(KEYS, nulls_last=False)
    return with_norms(full, norms).collect().sort(KEYS, nulls_last=False), without


def appointment_figures(
    appointments: pl.LazyFrame,
    buckets: Sequence[Bucket],
    gemeenten: Sequence[str],
    wait_norm_minutes: int,
    evening_from: time,
    norms: Mapping[str, tuple[float, str]],
) -> pl.DataFrame:
    """Every `afs_*` KPI per gemeente and bucket (by appointment date), with norms (KPI_SCHEMA)."""
    mine = appointments.filter(pl.col("gemeente").is_in(list(gemeenten)))
    kpis = appointment_kpis(bucketed(mine, buckets), wait_norm_minutes, evening_from)
    codes = codes_of(DESK_DOMAIN)
    return (
        with_norms(completed(kpis, gemeenten, [b[0] for b in buckets], codes), norms)
        .collect()
        .sort(KEYS, nulls_last=False)
    )


def channel_figures(
    tel_kpis: pl.DataFrame,
    appointments: pl.LazyFrame,
    cases: pl.LazyFrame,
    buckets: Sequence[Bucket],
    gemeenten: Sequence[str],
    norms: Mapping[str, tuple[float, str]],
) -> pl.DataFrame:
    """`kanaal_*` per gemeente and bucket from the telephony KPIs, attended appointments (by
    date) and cases (by registratiedatum); every contact counted once."""

    def mine(frame: pl.LazyFrame) -> pl.LazyFrame:
        return frame.filter(pl.col("gemeente").is_in(list(gemeenten)))

    kpis = channel_kpis(
        mine(tel_kpis.lazy()), bucketed(mine(appointments), buckets), bucketed(mine(cases), buckets, "registratiedatum")
    )
    periodes = [b[0] for b in buckets]
    every_channel = pl.LazyFrame(  # a channel without contacts is 0, also where no channel had any
        [(g, p, "kanaal_contacten", f"kanaal={k}", 0.0) for g in gemeenten for p in periodes for k in CHANNELS],
        schema={
            "gemeente": pl.String,
            "periode": pl.String,
            "kpi": pl.String,
            "groep": pl.String,
            "waarde": pl.Float64,
        },
        orient="row",
    )
    kpis = pl.concat(
        [kpis, every_channel.join(kpis, on=["gemeente", "periode", "kpi", "groep"], how="anti")], how="diagonal_relaxed"
    )
    codes = codes_of(CHANNELS_DOMAIN)
    return with_norms(completed(kpis, gemeenten, periodes, codes), norms).collect().sort(KEYS, nulls_last=False)


# --- one signature per source (the registry's `figures`): records, buckets, gemeenten, the configured
# values and the store's coverage in; the KPI frame and what the source's sheet needs besides out.


@dataclass(frozen=True)
class Figures:
    kpis: pl.DataFrame  # KPI_SCHEMA rows
    extra: dict[str, pl.DataFrame] = field(default_factory=dict)  # for the source's sheet, not for kpis.csv


def phone_figures(
    calls: pl.LazyFrame, buckets: Sequence[Bucket], gemeenten: Sequence[str], ctx: FigureContext, coverage: pl.DataFrame
) -> Figures:
    """`tel_*` from calls with their queue mapping applied (`transforms.queues.mapped_calls`)."""
    return Figures(
        telephony_figures(calls, buckets, gemeenten, ctx.tz, ctx.answer_norm_s, ctx.short_abandon_s, ctx.norms)
    )


def phone_figures_of_days(
    days: pl.LazyFrame, buckets: Sequence[Bucket], gemeenten: Sequence[str], ctx: FigureContext, coverage: pl.DataFrame
) -> Figures:
    """`tel_*` from the calls' day totals with their queue mapping applied (`phone_figures`' twin)."""
    return Figures(
        telephony_figures_of_days(days, buckets, gemeenten, ctx.answer_norm_s, ctx.short_abandon_s, ctx.norms)
    )


def case_figures_of(
    cases: pl.LazyFrame, buckets: Sequence[Bucket], gemeenten: Sequence[str], ctx: FigureContext, coverage: pl.DataFrame
) -> Figures:
    """`zaak_*`; open cases counted at the last day the case data covers; the cases closed without a
    known deadline apart (`zaak_zonder_termijn`, for the sheet Zaken)."""
    terms = pl.DataFrame(
        list(ctx.terms), schema={"zaaktype_code": pl.String, "term": pl.Int64, "unit": pl.String}, orient="row"
    )
    kpis, without = case_figures(
        cases,
        buckets,
        gemeenten,
        terms,
        ctx.contactverzoek_types,
        ctx.callback_norm_werkdagen,
        ctx.closing_days,
        ctx.norms,
        until=coverage.lazy().filter(pl.col("bron") == "cases"),
    )
    return Figures(kpis, {WITHOUT_DEADLINE: without})


def desk_figures(
    appointments: pl.LazyFrame,
    buckets: Sequence[Bucket],
    gemeenten: Sequence[str],
    ctx: FigureContext,
    coverage: pl.DataFrame,
) -> Figures:
    """`afs_*` from the appointments up to the last day that is realisation (later ones are bookings)."""
    realised = realised_appointments(appointments, coverage)
    return Figures(
        appointment_figures(realised, buckets, gemeenten, ctx.wait_norm_minutes, ctx.evening_from, ctx.norms)
    )
