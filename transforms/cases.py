"""Case KPIs (`zaak_*` of the catalogue) from canonical cases with their deadline.

Input: canonical cases (see `sources.cases_schema.CASES_SCHEMA`) with `uiterste_datum`
added by `transforms.workdays.deadlines`, and the report's buckets (label, first day,
last day). Unlike the other domains the cases are not `bucketed` by one date: a case
counts in a bucket by its registratiedatum, by its einddatum, or by being open (and
over its term) on the bucket's last day, which looks at the whole case history. So
each bucket takes, from all cases, those relevant to it by any of the three, and each
KPI filters the ones it needs.

Every KPI comes as a total (groep null) and per team (`team=<team>`) and per zaaktype
(`zaaktype=<code>`). A case with no team or zaaktype code is counted under
`team=(onbekend)` / `zaaktype=(onbekend)`, so the breakdown adds up to the total. The
total is given for every gemeente present in `cases` and every bucket (a count over no
cases is 0, a ratio or median over none is empty with noemer 0); a breakdown row only
for a group with at least one case registered or closed in the bucket or open over its
term at its end.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from core.profiles import OTHER_RESULT
from core.registry import UNKNOWN_SCHEMA, FigureContext
from transforms.kpi_frame import LONG, count_kpi, ratio_kpi
from transforms.workdays import with_working_days_added

Bucket = tuple[str, date, date]  # (label, first day, last day), both inclusive
UNKNOWN = "(onbekend)"
WITHOUT_DEADLINE = "zaak_zonder_termijn"  # not a catalogue KPI: shown beside zaak_binnen_termijn_pct

_FIRST, _LAST, _CALLBACK = "__eerste", "__laatste", "__terugbel_uiterlijk"
_DIM, _VAL, _KPI = "__indeling", "__waarde", "__kpi"
_COLUMNS = ["gemeente", "team", "zaaktype_code", "registratiedatum", "startdatum", "einddatum", "uiterste_datum"]


def median_kpi(code: str, median: pl.Expr, count: pl.Expr) -> list[pl.Expr]:
    """A median with the number of records as `noemer` (teller empty); empty when none."""
    count = count.cast(pl.Int64)
    value = pl.when(count > 0).then(median.cast(pl.Float64)).otherwise(None)
    return [
        pl.lit(code).alias("kpi"),
        value.alias("waarde"),
        pl.lit(None, pl.Int64).alias("teller"),
        count.alias("noemer"),
    ]


def _checked(buckets: Sequence[Bucket]) -> Sequence[Bucket]:
    labels = [b[0] for b in buckets]
    if dupes := sorted({label for label in labels if labels.count(label) > 1}):
        raise ValueError(f"periode dubbel: {dupes}")
    if wrong := [label for label, first, last in buckets if first > last]:
        raise ValueError(f"periode met begin na einde: {wrong}")
    return buckets


def _bucket_table(buckets: Sequence[Bucket]) -> pl.LazyFrame:
    return pl.LazyFrame(
        [(label, first, last) for label, first, last in buckets],
        schema={"periode": pl.String, _FIRST: pl.Date, _LAST: pl.Date},
        orient="row",
    )


def _paired(
    cases: pl.LazyFrame, buckets: Sequence[Bucket], extra: Sequence[str] = (), until: pl.LazyFrame | None = None
) -> pl.LazyFrame:
    """Each case once per bucket it is relevant to (registered or closed in it, or open
    over its term at its end), with the bucket's `periode`, first and last day. With `until`
    (gemeente, tot: the last day a gemeente's case data covers), a bucket ends at that day when it
    lies before the bucket's end: the last day D of a partial period is the last day with data."""
    _checked(buckets)
    slim = cases.select(*_COLUMNS, *extra)
    if until is not None:
        slim = slim.join(until.select("gemeente", _UNTIL=pl.col("tot")), on="gemeente", how="left")

    def last_day(last: date) -> pl.Expr:
        day = pl.lit(last, pl.Date)
        return day if until is None else pl.min_horizontal(day, pl.col("_UNTIL").fill_null(day))

    parts = [
        slim.with_columns(
            periode=pl.lit(label, pl.String), **{_FIRST: pl.lit(first, pl.Date), _LAST: last_day(last)}
        ).filter(_registered() | _closed() | _over_term_at_end())
        for label, first, last in buckets
    ]
    if until is not None:
        parts = [part.drop("_UNTIL") for part in parts]
    if not parts:
        return slim.join(_bucket_table(buckets), how="cross")  # empty, with the right columns
    return pl.concat(parts, how="vertical")


# Per case and bucket: what the case contributes.
def _registered() -> pl.Expr:
    return pl.col("registratiedatum").is_between(pl.col(_FIRST), pl.col(_LAST), closed="both")


def _closed() -> pl.Expr:
    return pl.col("einddatum").is_between(pl.col(_FIRST), pl.col(_LAST), closed="both")


def _open_at_end() -> pl.Expr:
    """Open at D = last day: registratiedatum <= D and no einddatum <= D."""
    d = pl.col(_LAST)
    return (pl.col("registratiedatum") <= d) & ~(pl.col("einddatum") <= d).fill_null(False)


def _over_term_at_end() -> pl.Expr:
    """Open at D with uiterste_datum before D (a deadline on D itself is not over)."""
    return _open_at_end() & (pl.col("uiterste_datum") < pl.col(_LAST)).fill_null(False)


def _by_group(
    cases: pl.LazyFrame,
    flags: pl.LazyFrame,
    buckets: Sequence[Bucket],
    aggs: dict[str, pl.Expr],
    kpis: list[list[pl.Expr]],
) -> pl.LazyFrame:
    """The KPIs as total, per team and per zaaktype, in the long frame (LONG).

    `flags`: the relevant (case, bucket) pairs with the row-level columns `aggs` reduces.
    Every aggregate in `aggs` is a count or a median; a gemeente with no relevant case in a
    bucket gets its total from counts of 0 and an empty median.

    The plan reads `flags` once (one group-by over the pairs repeated per grouping) and
    its result once (`_long`): the streaming engine would otherwise compute them again for
    every reference."""
    by = ["gemeente", "periode", _DIM]
    used = sorted({name for agg in aggs.values() for name in agg.meta.root_names()})
    labelled = (
        flags.select("gemeente", "periode", "team", "zaaktype_code", *used)
        .with_columns(pl.lit([0, 1, 2], pl.List(pl.Int8)).alias(_DIM))  # total, team, zaaktype
        .explode(_DIM)
        .with_columns(
            pl.when(pl.col(_DIM) == 1)
            .then(pl.col("team").fill_null(UNKNOWN))
            .when(pl.col(_DIM) == 2)
            .then(pl.col("zaaktype_code").fill_null(UNKNOWN))
            .alias(_VAL)
        )
    )
    every = (
        cases.select("gemeente")
        .unique()
        .join(_bucket_table(buckets).select("periode"), how="cross")
        .with_columns(pl.lit(0, pl.Int8).alias(_DIM))
    )
    groep = (
        pl.when(pl.col(_DIM) == 1)
        .then(pl.format("team={}", pl.col(_VAL)))
        .when(pl.col(_DIM) == 2)
        .then(pl.format("zaaktype={}", pl.col(_VAL)))
    )
    wide = (
        # totals (dim 0) for every gemeente and bucket; breakdown rows as grouped
        every.join(labelled.group_by([*by, _VAL]).agg(**aggs), on=by, how="full", coalesce=True)
        .with_columns(pl.col(k).fill_null(0) for k in aggs if not k.endswith("_mediaan"))
        .with_columns(groep.alias("groep"))
    )
    return _long(wide, ["gemeente", "periode", "groep"], kpis).select(list(LONG)).cast(LONG)


def _long(wide: pl.LazyFrame, by: list[str], kpis: list[list[pl.Expr]]) -> pl.LazyFrame:
    """As `kpi_frame.long_kpis`, in one pass over `wide`: each KPI a struct, exploded."""
    structs = [pl.struct(*exprs) for exprs in kpis]
    return wide.select(*by, pl.concat_list(structs).alias(_KPI)).explode(_KPI).unnest(_KPI)


def case_kpis(
    cases: pl.LazyFrame,
    buckets: Sequence[Bucket],
    contactverzoek_types: Sequence[str],
    callback_norm_werkdagen: int,
    workdays: pl.Series,
    until: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """Every `zaak_*` KPI per gemeente and bucket label (`periode`), total and per team and
    zaaktype, in the long KPI frame (without norms).

    - zaak_ontvangen: registratiedatum in the bucket.
    - zaak_afgehandeld: einddatum in the bucket.
    - zaak_binnen_termijn_pct: of those closed in the bucket with a known uiterste_datum:
      einddatum <= uiterste_datum. Closed cases without one are left out here and counted
      by `cases_without_deadline`.
    - zaak_doorlooptijd_mediaan_d: median of einddatum - startdatum (calendar days) over the
      cases closed in the bucket (noemer: their number).
    - zaak_open_over_termijn: open on the bucket's last day D with uiterste_datum < D; with `until`,
      D is the last day the gemeente's data covers where that comes earlier (a partial period).
    - zaak_contactverzoek_binnen_norm_pct: of the cases of `contactverzoek_types` closed in the
      bucket: einddatum <= the `callback_norm_werkdagen`-th werkdag after registratiedatum. A case
      whose norm date the `workdays` calendar does not cover cannot be judged and is left out
      of both teller and noemer: pass a calendar that covers the data (`calendar_span`).
    """
    if callback_norm_werkdagen < 0:
        raise ValueError("callback_norm_werkdagen moet >= 0 zijn")
    with_callback = with_working_days_added(cases, "registratiedatum", callback_norm_werkdagen, _CALLBACK, workdays)
    pairs = _paired(with_callback, buckets, [_CALLBACK], until)

    # What each case contributes to the bucket, as row-level columns, so that the group-by
    # below only sums, counts and takes medians of plain columns (polars' fast path).
    closed = _closed()
    einde, uiterste = pl.col("einddatum"), pl.col("uiterste_datum")
    of_type = pl.col("zaaktype_code").is_in(list(contactverzoek_types)).fill_null(False)
    callback = closed & of_type & pl.col(_CALLBACK).is_not_null()
    flags = pairs.with_columns(
        ontvangen=_registered(),
        afgehandeld=closed,
        met_termijn=closed & uiterste.is_not_null(),
        binnen_termijn=closed & uiterste.is_not_null() & (einde <= uiterste).fill_null(False),
        # lead time in calendar days; null when not closed in this bucket
        doorloop_d=pl.when(closed).then((einde - pl.col("startdatum")).dt.total_days()),
        open_over_termijn=_over_term_at_end(),
        cv_aantal=callback,
        cv_binnen=callback & (einde <= pl.col(_CALLBACK)).fill_null(False),
    )
    counts = [
        "ontvangen",
        "afgehandeld",
        "met_termijn",
        "binnen_termijn",
        "open_over_termijn",
        "cv_aantal",
        "cv_binnen",
    ]
    aggs = {
        **{k: pl.col(k).sum() for k in counts},
        "doorloop_mediaan": pl.col("doorloop_d").median(),  # for an even count: the mean of the middle two
        "doorloop_aantal": pl.col("doorloop_d").count(),  # count() skips nulls (not closed, no startdatum)
    }
    c = pl.col
    kpis = [
        count_kpi("zaak_ontvangen", c("ontvangen")),
        count_kpi("zaak_afgehandeld", c("afgehandeld")),
        ratio_kpi("zaak_binnen_termijn_pct", c("binnen_termijn"), c("met_termijn")),
        median_kpi("zaak_doorlooptijd_mediaan_d", c("doorloop_mediaan"), c("doorloop_aantal")),
        count_kpi("zaak_open_over_termijn", c("open_over_termijn")),
        ratio_kpi("zaak_contactverzoek_binnen_norm_pct", c("cv_binnen"), c("cv_aantal")),
    ]
    return _by_group(cases, flags, buckets, aggs, kpis)


def cases_without_deadline(cases: pl.LazyFrame, buckets: Sequence[Bucket]) -> pl.LazyFrame:
    """`zaak_zonder_termijn`: cases closed in the bucket whose uiterste_datum is unknown (the
    ones left out of zaak_binnen_termijn_pct), as a count in the long KPI frame, total and
    per team and zaaktype. Not a catalogue KPI: for the Zaken sheet, not for kpis.csv."""
    flags = _paired(cases, buckets).with_columns(zonder=_closed() & pl.col("uiterste_datum").is_null())
    aggs = {"zonder": pl.col("zonder").sum()}
    return _by_group(cases, flags, buckets, aggs, [count_kpi(WITHOUT_DEADLINE, pl.col("zonder"))])


def case_types_without_term(cases: pl.LazyFrame, ctx: FigureContext) -> pl.LazyFrame:
    """Zaaktypes the configuration has no term for, with their cases and how many of those have no
    Fatale datum and no Streefdatum either (they get no deadline: left out of 'binnen termijn')."""
    known = [code for code, _, _ in ctx.terms]
    without = pl.col("fatale_datum").is_null() & pl.col("streefdatum").is_null()
    return (
        cases.filter(~pl.col("zaaktype_code").is_in(known) | pl.col("zaaktype_code").is_null())
        .group_by("zaaktype_code")
        .agg(aantal=pl.len(), zonder=without.sum())
        .sort(["aantal", "zaaktype_code"], descending=[True, False])
        .select(
            soort=pl.lit("zaaktype"),
            waarde=pl.col("zaaktype_code").fill_null("(leeg)"),
            aantal="aantal",
            toelichting=pl.when(pl.col("zonder") == 0)
            .then(
                pl.lit("geen termijn ingesteld ([[case_types]]); elke zaak heeft een fatale of streefdatum, die telt")
            )
            .otherwise(
                pl.format(
                    "geen termijn ingesteld ([[case_types]]); {} zonder fatale of streefdatum, die tellen niet "
                    "mee voor 'binnen termijn'",
                    pl.when(pl.col("zonder") == 1).then(pl.lit("1 zaak")).otherwise(pl.format("{} zaken", "zonder")),
                )
            ),
        )
        .cast(pl.Schema(UNKNOWN_SCHEMA))
    )


def results_not_configured(cases: pl.LazyFrame, ctx: FigureContext) -> pl.LazyFrame:
    """Cases whose Resultaat the profile does not list (stored as 'overig': a free label can carry a
    name, so its text is not kept), counted: UNKNOWN_SCHEMA, no row when there are none."""
    return (
        cases.filter(pl.col("resultaat") == OTHER_RESULT)
        .select(
            soort=pl.lit("resultaat"),
            waarde=pl.lit(OTHER_RESULT),
            aantal=pl.len(),
            toelichting=pl.lit(
                "resultaat staat niet in de lijst (profiles.corsa.results); de tekst is niet bewaard, "
                "de zaak telt verder gewoon mee"
            ),
        )
        .filter(pl.col("aantal") > 0)
        .cast(pl.Schema(UNKNOWN_SCHEMA))
    )


def cases_not_configured(cases: pl.LazyFrame, ctx: FigureContext) -> pl.LazyFrame:
    """What the configuration does not know in the cases: zaaktypes without a term, results not listed."""
    return pl.concat([case_types_without_term(cases, ctx), results_not_configured(cases, ctx)])
