"""The forecast of pressure per gemeente (DOMAIN.md, "Predicting pressure"), assembled from the
store's history: the histories each channel is forecast from, and the rows of `prognose.csv`.

- telefoon: first-line calls offered per local hour (`transforms.telephony.offered_per_hour`);
  staffed with Erlang C from the AHT of the last 8 weeks (none when that AHT is 0 s: the rows say
  why).
- balie: desk appointments per day - booked and not cancelled, up to the last day that is
  realisation (`transforms.coverage`).
- digitaal: cases registered by e-mail or webformulier per week (Monday).

Phone and desk are closed (forecast 0) on public holidays, configured closing days and the dates
an opening-hours exception closes. The weekdays and hours the opening hours call closed are NOT
closed by the calendar: the history decides (a bank open on Sundays, a desk open on Saturday
morning), and where the forecast expects contacts in hours the configuration calls closed, the
row's `opmerking` and the prognosis's `disagreements` say that configuration and data disagree.

Clock (Europe/Amsterdam or the configured zone): the phone has no row for the hour that does not
exist (the last Sunday of March, 02:00-03:00), and the hour that occurs twice (the last Sunday of
October, 02:00-03:00 CEST and again CET) is ONE row, `interval_start` 02:00 and `interval_min`
120, its forecast and staffing for the two hours together - as `offered_per_hour` counts it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import cast

import polars as pl

from transforms.forecast import Forecast, Grain, backtest, forecast
from transforms.staffing import with_staffing
from transforms.workdays import closing_dates

CHANNELS: dict[str, tuple[Grain, int]] = {  # grain, minutes
    "telefoon": ("uur", 60),
    "balie": ("dag", 1440),
    "digitaal": ("week", 10080),
}
DIGITAL = ("email", "webformulier")
PROGNOSIS_SCHEMA = pl.Schema(
    {
        "gemeente": pl.String,
        "kanaal": pl.String,
        "interval_start": pl.String,
        "interval_min": pl.Int64,
        "voorspelling": pl.Float64,
        "ondergrens": pl.Float64,
        "bovengrens": pl.Float64,
        "aht_s": pl.Float64,
        "agents_nodig": pl.Int64,
        "agents_rooster": pl.Int64,
        "servicelevel_verwacht": pl.Float64,
        "opmerking": pl.String,
    }
)
DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
NOTE_DISAGREE = "open volgens de historie, gesloten volgens de openingstijden"
NOTE_AHT_0 = "geen bezettingsadvies: de gemiddelde afhandeltijd (AHT) is 0 s"
NOTE_DOUBLE_HOUR = "02:00-04:00 zomertijd: het uur 02:00-03:00 komt twee keer voor (einde zomertijd)"


@dataclass(frozen=True)
class Opening:
    """A channel's opening hours as the forecast needs them (from `core.opening_hours`): the open
    slots (hours of the week 0..167 for the phone, weekdays 0..6 for the desk) and the dates an
    exception closes."""

    open_slots: frozenset[int]
    closed_dates: frozenset[date] = frozenset()


def _slot(grain: str) -> pl.Expr:
    day = pl.col("moment").dt.weekday().cast(pl.Int32) - 1
    return day * 24 + pl.col("moment").dt.hour().cast(pl.Int32) if grain == "uur" else day


def quiet_slots(kanaal: str, opening: Opening | None) -> set[int]:
    """The slots the configuration calls closed (none for a channel without opening hours)."""
    if opening is None or kanaal == "digitaal":
        return set()
    every = range(168) if CHANNELS[kanaal][0] == "uur" else range(7)
    return set(every) - set(opening.open_slots)


def disagreement(kanaal: str, frame: pl.DataFrame, quiet: set[int]) -> str | None:
    """Where the forecast expects contacts in slots the configuration calls closed, as Dutch text
    ("zo 08:00-23:00; za 20:00-23:00"), or None where they agree."""
    if not quiet or frame.is_empty():
        return None
    grain = CHANNELS[kanaal][0]
    busy = (
        frame.filter(pl.col("prognose") > 0)
        .select(_slot(grain).alias("slot"))
        .filter(pl.col("slot").is_in(sorted(quiet)))["slot"]
        .unique()
        .sort()
        .to_list()
    )
    if not busy:
        return None
    if grain != "uur":
        return ", ".join(DAYS[s] for s in busy)
    parts = []
    for day in range(7):
        hours = [s % 24 for s in busy if s // 24 == day]
        runs: list[list[int]] = []
        for h in hours:
            if runs and runs[-1][1] == h - 1:
                runs[-1][1] = h
            else:
                runs.append([h, h])
        if runs:
            parts.append(f"{DAYS[day]} " + ", ".join(f"{a:02d}:00-{b + 1:02d}:00" for a, b in runs))
    return "; ".join(parts)


def _until(coverage: pl.DataFrame, source: str) -> pl.LazyFrame:
    return coverage.lazy().filter(pl.col("bron") == source).select("gemeente", grens="tot")


def desk_history(appointments: pl.LazyFrame, coverage: pl.DataFrame) -> pl.LazyFrame:
    """Booked (not cancelled) appointments per gemeente and day, up to the last day that is realisation
    (`coverage` as `transforms.coverage.capped_coverage` gives it): `moment` (Date), `aantal`."""
    return (
        appointments.join(_until(coverage, "appointments"), on="gemeente", how="inner")
        .filter((pl.col("status") != "geannuleerd") & (pl.col("datum") <= pl.col("grens")))
        .group_by("gemeente", pl.col("datum").alias("moment"))
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
        .sort("gemeente", "moment")
    )


def digital_history(cases: pl.LazyFrame, coverage: pl.DataFrame) -> pl.LazyFrame:
    """Cases registered by e-mail or webformulier per gemeente and week: `moment` (its Monday),
    `aantal`; only the weeks the gemeente's case data covers whole."""
    monday = pl.col("registratiedatum") - pl.duration(days=pl.col("registratiedatum").dt.weekday() - 1)
    return (
        cases.filter(pl.col("kanaal").is_in(list(DIGITAL)))
        .join(_until(coverage, "cases"), on="gemeente", how="inner")
        .with_columns(moment=monday)
        .filter(pl.col("moment") + pl.duration(days=6) <= pl.col("grens"))
        .group_by("gemeente", "moment")
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
        .sort("gemeente", "moment")
    )


@dataclass(frozen=True)
class Staffing:
    """The phone's staffing parameters (DOMAIN.md): T, the service-level target (a fraction), the
    maximum occupancy and the shrinkage."""

    answer_norm_s: float
    target_level: float
    max_occupancy: float
    shrinkage: float


def prognosis_rows(
    gemeente: str,
    kanaal: str,
    result: Forecast,
    aht_s: float | None = None,
    staffing: Staffing | None = None,
    quiet: Collection[int] = (),
) -> pl.DataFrame:
    """The rows of prognose.csv for one channel's forecast (none when it has no forecast). The phone's
    rows carry the staffing advice for the point forecast when an AHT above 0 s is known. `opmerking`
    says why a row is special: contacts expected where the configuration (`quiet`: the slots it calls
    closed) says closed, no staffing because the AHT is 0 s, the autumn's double hour."""
    if result.frame is None:
        return pl.DataFrame(schema=PROGNOSIS_SCHEMA)
    grain, minutes = CHANNELS[kanaal]
    moment = pl.col("moment") if grain == "uur" else pl.col("moment").cast(pl.Datetime("us"))
    frame = result.frame
    if "minuten" not in frame.columns:
        frame = frame.with_columns(minuten=pl.lit(minutes, pl.Int64))
    frame = frame.with_columns(
        interval_start=moment.dt.strftime("%Y-%m-%dT%H:%M"),
        interval_s=pl.col("minuten").cast(pl.Float64) * 60.0,
        aht_s=pl.lit(aht_s, pl.Float64),
    )
    busy = pl.col("prognose") > 0
    notes = [
        pl.when(busy & _slot(grain).is_in(sorted(quiet))).then(pl.lit(NOTE_DISAGREE)),
        pl.when(pl.col("minuten") > minutes).then(pl.lit(NOTE_DOUBLE_HOUR)),
        pl.when(busy & pl.lit(kanaal == "telefoon" and aht_s is not None and aht_s <= 0)).then(pl.lit(NOTE_AHT_0)),
    ]
    frame = frame.with_columns(pl.concat_str(notes, separator="; ", ignore_nulls=True).alias("opmerking"))
    if kanaal == "telefoon" and aht_s is not None and aht_s > 0 and staffing is not None:
        frame = with_staffing(
            frame,
            target_s=staffing.answer_norm_s,
            target_level=staffing.target_level,
            max_occupancy=staffing.max_occupancy,
            shrinkage=staffing.shrinkage,
        )
        advice = [
            pl.col("agenten").alias("agents_nodig"),
            pl.col("te_roosteren").alias("agents_rooster"),
            (pl.col("servicelevel") * 100).alias("servicelevel_verwacht"),
        ]
    else:
        advice = [
            pl.lit(None, pl.Int64).alias("agents_nodig"),
            pl.lit(None, pl.Int64).alias("agents_rooster"),
            pl.lit(None, pl.Float64).alias("servicelevel_verwacht"),
        ]
    return frame.select(
        pl.lit(gemeente).alias("gemeente"),
        pl.lit(kanaal).alias("kanaal"),
        "interval_start",
        pl.col("minuten").alias("interval_min"),
        pl.col("prognose").alias("voorspelling"),
        "ondergrens",
        "bovengrens",
        pl.when(pl.lit(kanaal == "telefoon")).then(pl.col("aht_s")).otherwise(None).alias("aht_s"),
        *advice,
        pl.when(pl.col("opmerking") != "").then(pl.col("opmerking")).alias("opmerking"),
    ).cast(PROGNOSIS_SCHEMA)


def weekly(rows: pl.DataFrame) -> pl.DataFrame:
    """Forecast rows summed per channel and whole week (the Monday; a week the horizon covers only in
    part is left out): `kanaal`, `week`, `voorspelling`, `ondergrens`, `bovengrens` (the sums of the
    bounds: a wide, not an 80 %, interval for the week)."""
    start = pl.col("interval_start").str.slice(0, 10).str.to_date("%Y-%m-%d")
    days = pl.when(pl.col("interval_min") >= 10080).then(7).otherwise(pl.col("dag").n_unique())
    return (
        rows.with_columns(dag=start, week=start - pl.duration(days=start.dt.weekday() - 1))
        .group_by("kanaal", "week")
        .agg(pl.col("voorspelling", "ondergrens", "bovengrens").sum(), dagen=days.first())
        .filter(pl.col("dagen") == 7)
        .drop("dagen")
        .sort("kanaal", "week")
    )


def actuals_a_year_earlier(history: pl.DataFrame, weeks: Collection[date]) -> pl.DataFrame:
    """Per forecast week (its Monday), the actual count of the week 52 weeks earlier (same weekdays),
    or null where the store has no data for it: `week`, `een_jaar_eerder`."""
    day = pl.col("moment").cast(pl.Date) if history.schema["moment"] != pl.Date else pl.col("moment")
    per_week = (
        history.with_columns(week=day - pl.duration(days=day.dt.weekday() - 1))
        .group_by("week")
        .agg(pl.col("aantal").sum().alias("een_jaar_eerder"))
    )
    wanted = pl.DataFrame({"week": sorted(weeks)}, schema={"week": pl.Date}).with_columns(
        eerder=pl.col("week") - pl.duration(weeks=52)
    )
    return wanted.join(per_week.rename({"week": "eerder"}), on="eerder", how="left").select("week", "een_jaar_eerder")


def roster_week(phone: pl.DataFrame) -> pl.DataFrame:
    """Agents to roster in the first whole forecast week as weekday x hour: one row per hour with any
    forecast call that week, a column per weekday (ma..zo), 0 where closed."""
    if phone.is_empty():
        return pl.DataFrame(schema={"uur": pl.String})
    start = phone.with_columns(moment=pl.col("interval_start").str.to_datetime("%Y-%m-%dT%H:%M"))
    first_monday = cast(datetime | None, start.filter(pl.col("moment").dt.weekday() == 1)["moment"].min())
    if first_monday is None:
        return pl.DataFrame(schema={"uur": pl.String})
    first_monday = datetime.combine(first_monday.date(), datetime.min.time())
    week = start.filter((pl.col("moment") >= first_monday) & (pl.col("moment") < first_monday + timedelta(days=7)))
    busy = (
        week.group_by(pl.col("moment").dt.hour().alias("h"))
        .agg(pl.col("voorspelling").sum())
        .filter(pl.col("voorspelling") > 0)["h"]
        .to_list()
    )
    days = ["ma", "di", "wo", "do", "vr", "za", "zo"]
    table = (
        week.filter(pl.col("moment").dt.hour().is_in(busy))
        .with_columns(h=pl.col("moment").dt.hour(), dag=pl.col("moment").dt.weekday())
        .pivot(on="dag", index="h", values="agents_rooster", aggregate_function="first")
        .sort("h")
    )
    present = [str(d) for d in range(1, 8) if str(d) in table.columns]
    open_days = [d for d in present if table[d].fill_null(0).sum() > 0]
    return table.select(
        pl.format("{}:00", pl.col("h").cast(pl.String).str.zfill(2)).alias("uur"),
        *[pl.col(d).fill_null(0).alias(days[int(d) - 1]) for d in open_days],
    )


@dataclass(frozen=True)
class ChannelPrognosis:
    kanaal: str
    forecast: Forecast  # frame None: no forecast, with the reason
    backtest: pl.DataFrame | None  # transforms.forecast.BACKTEST_SCHEMA, the last row all folds together
    history: pl.DataFrame  # moment, aantal: what it was forecast from


@dataclass(frozen=True)
class Prognosis:
    """One gemeente's forecast of pressure: per channel the forecast and its backtest, and the rows of
    prognose.csv (with the phone's staffing advice)."""

    gemeente: str
    weeks: int
    channels: dict[str, ChannelPrognosis]
    rows: pl.DataFrame  # PROGNOSIS_SCHEMA
    aht_s: float | None  # mean talk + wrap-up of the answered calls behind the staffing advice
    aht_calls: int
    staffing: Staffing | None = None
    disagreements: dict[str, str] = field(default_factory=dict)  # kanaal -> where data and opening hours disagree

    def notes(self) -> list[str]:
        """Dutch lines for the log and the workbook: where the configuration and the data disagree, and
        why the phone has no staffing advice when its AHT is 0 s."""
        lines = [
            f"{kanaal}: de openingstijden noemen gesloten, maar de historie toont contacten en die uren zijn "
            f"voorspeld ({where})"
            for kanaal, where in self.disagreements.items()
        ]
        if self.aht_s is not None and self.aht_s <= 0 and self.channels["telefoon"].forecast.frame is not None:
            lines.append(f"telefoon: {NOTE_AHT_0} (over {self.aht_calls} beantwoorde gesprekken)")
        return lines


def gemeente_prognosis(
    gemeente: str,
    histories: dict[str, pl.DataFrame],
    weeks: int,
    closing_days: Collection[date],
    aht_s: float | None,
    aht_calls: int,
    staffing: Staffing,
    *,
    min_weeks: int,
    folds: int,
    opening: dict[str, Opening] | None = None,
    tz: str | None = None,
    until: Mapping[str, date] | None = None,
) -> Prognosis:
    """Forecast every channel of `histories` (kanaal -> `moment`, `aantal` of this gemeente) `weeks`
    weeks ahead, each from the day after its own last day with data (`until`: kanaal -> the last day its
    source covers, where a channel's last record lies before it); phone and desk closed on public
    holidays, `closing_days` and the dates `opening` (kanaal -> its opening hours; none: no
    configuration to compare with) closes, digital contacts never; the phone's hours on `tz`'s clock
    (see the module docstring)."""
    opening = opening or {}
    channels, parts, disagreements = {}, [], {}
    for kanaal, (grain, _) in CHANNELS.items():
        history = histories.get(kanaal)
        if history is None or history.is_empty():
            channels[kanaal] = ChannelPrognosis(
                kanaal,
                Forecast(None, "geen gegevens in de opslag"),
                None,
                pl.DataFrame(schema={"moment": pl.Date, "aantal": pl.Int64}),
            )
            continue
        days = history["moment"].cast(pl.Date)
        own = opening.get(kanaal)
        closed = (
            set()
            if kanaal == "digitaal"
            else closing_dates(
                cast(date, days.min()),
                cast(date, days.max()) + timedelta(days=7 * (weeks + 2)),
                [*closing_days, *(own.closed_dates if own else ())],
            )
        )
        quiet = quiet_slots(kanaal, own)
        result = forecast(
            history, grain, weeks, closed, min_weeks=min_weeks, tz=tz, data_until=(until or {}).get(kanaal)
        )
        tested = (
            backtest(history, grain, closed, folds=folds, min_weeks=min_weeks, quiet_slots=quiet, tz=tz)
            if result.frame is not None
            else None
        )
        channels[kanaal] = ChannelPrognosis(kanaal, result, tested, history)
        if result.frame is not None and (where := disagreement(kanaal, result.frame, quiet)):
            disagreements[kanaal] = where
        parts.append(prognosis_rows(gemeente, kanaal, result, aht_s if kanaal == "telefoon" else None, staffing, quiet))
    rows = pl.concat(parts) if parts else pl.DataFrame(schema=PROGNOSIS_SCHEMA)
    return Prognosis(gemeente, weeks, channels, rows, aht_s, aht_calls, staffing, disagreements)
