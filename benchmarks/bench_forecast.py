"""Benchmark: the hourly phone forecast on the real call log (Anonymous Bank, 1999).

Run on purpose, never in CI. Reads the nine exports through the source boundary
(`sources.kcc.load_calls`), counts first-line calls offered per local hour
(Europe/Amsterdam, as the pipeline buckets them), trains up to 1999-09-30 and
forecasts October 1999 hour by hour, then prints the MAE of the model and of the
seasonal-naive forecast (same hour one week earlier), their MASE, the coverage of
the 80 % interval, the rolling-origin backtest over the last weeks before October
and the run times. The staffing advice for the first October week closes it.

First, as an independent check scores it (issue 27): the pipeline's own forecast
(`transforms.prognosis.gemeente_prognosis`) with the README's bank configuration (only
`[[queues]] AB-KCC`: the default opening hours Monday-Friday 08:30-17:00, the NL
calendar), trained up to 1999-09-30, against the calls offered in EVERY one of the 672
hours of 1-28 October 1999 (an hour without calls is 0), beside the seasonal-naive
forecast (the last training week, 24-30 September, repeated); per weekday, for the
evening hours and in total.

Then the bank as the model's own scoring sees it: its working-day calendar is Israel's public holidays
(`holidays.IL`), the equivalent of Losser's `holidays.NL` + closing days. The
figures are printed with that calendar and without any (the model then has to cope
with Rosh Hashana, Yom Kippur and Sukkot as if they were ordinary days).

    python benchmarks/bench_forecast.py [--folds 4]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "realdata" / "anonymous_bank"
TZ = "Europe/Amsterdam"
TRAIN_END, TEST_END = date(1999, 9, 30), date(1999, 10, 31)


def load_calls():
    """Every call of the nine exports, through the source boundary (Phantom rows go to
    quarantine there, as in the nightly run)."""
    import polars as pl

    from core.profiles import KccProfile
    from core.registry import QueueRule
    from sources.files import identify
    from sources.kcc import load_calls as read_export
    from transforms.queues import rules_frame

    batches = [read_export(identify(path), KccProfile()) for path in sorted(REAL.glob("kcc_gesprekken_*.csv"))]
    # The README's configuration: queue AB-KCC is the first line of "Anonymous Bank" (as
    # transforms.queues.mapped_calls applies it when figures are computed).
    rules = rules_frame([QueueRule("AB-KCC", "Anonymous Bank", 1, "KCC")]).collect().drop("geldig_van", "geldig_tot")
    calls = pl.concat([b.records for b in batches]).join(rules, on="wachtrij", how="left")
    return calls, sum(b.quarantine.height for b in batches)


def october(history, closed, weeks: int = 5):
    """Train up to 30-09, forecast 5 weeks, score 01-10 .. 31-10 (model vs seasonal naive)."""
    import polars as pl

    from transforms.forecast import history_grid, predict_after, score

    grid = history_grid(history, "uur", closed)
    predicted, scale = predict_after(grid, TRAIN_END, weeks, "uur", closed)
    actual = grid.filter(pl.col("dag").is_between(date(1999, 10, 1), TEST_END))
    return score(actual, predicted.filter(pl.col("dag") <= TEST_END), scale), predicted


def every_hour(history, calls):
    """The README configuration's forecast, hour by hour over all 672 hours of 1-28 October."""
    import polars as pl

    from core.settings import Settings
    from flows.prognose import opening
    from transforms.prognosis import Staffing, gemeente_prognosis

    settings = Settings(gemeenten=["Anonymous Bank"], queues=[])
    train = history.filter(pl.col("moment") < datetime(1999, 10, 1))
    result = gemeente_prognosis(
        "Anonymous Bank",
        {"telefoon": train},
        5,
        settings.cases.closing_days,
        192.0,
        0,
        Staffing(30, 0.8, 0.85, 0.3),
        min_weeks=8,
        folds=4,
        opening=opening(settings),
        tz=TZ,
    )
    forecast = result.rows.select(
        pl.col("interval_start").str.to_datetime("%Y-%m-%dT%H:%M", time_unit="us").alias("moment"), "voorspelling"
    )
    hours = pl.datetime_range(datetime(1999, 10, 1), datetime(1999, 10, 28, 23), "1h", eager=True, time_unit="us")
    key = (pl.col("moment").dt.weekday().cast(pl.Int32) * 100 + pl.col("moment").dt.hour().cast(pl.Int32)).alias("k")
    last_week = train.filter(pl.col("moment") >= datetime(1999, 9, 24)).select(key, naief=pl.col("aantal"))
    table = (
        pl.DataFrame({"moment": hours})
        .join(history, on="moment", how="left")
        .join(forecast, on="moment", how="left")
        .with_columns(key)
        .join(last_week, on="k", how="left")
        .with_columns(pl.col("aantal", "naief").fill_null(0).cast(pl.Float64), pl.col("voorspelling").fill_null(0.0))
        .with_columns(
            fout_model=(pl.col("aantal") - pl.col("voorspelling")).abs(),
            fout_naief=(pl.col("aantal") - pl.col("naief")).abs(),
            dag=pl.col("moment").dt.strftime("%a"),
            wd=pl.col("moment").dt.weekday(),
        )
    )
    summary = [
        ("mae_model", pl.col("fout_model").mean()),
        ("mae_naief", pl.col("fout_naief").mean()),
        ("uren", pl.len()),
        ("aangeboden", pl.col("aantal").sum()),
        ("voorspeld", pl.col("voorspelling").sum()),
        ("naief", pl.col("naief").sum()),
    ]
    aggs = [e.alias(n) for n, e in summary]
    per_day = table.group_by("wd", "dag").agg(aggs).sort("wd").drop("wd").rename({"dag": "deel"})
    evening = table.filter(pl.col("moment").dt.hour() >= 18).select(pl.lit("18-24 h").alias("deel"), *aggs)
    total = table.select(pl.lit("totaal").alias("deel"), *aggs)
    print(
        f"== October 1999, every hour ({table.height}), README configuration (no calendar but NL, default "
        "opening hours), calls offered:"
    )
    with pl.Config(tbl_rows=20, float_precision=2, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(pl.concat([per_day, evening, total]))
    for line in result.notes():
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4, help="weeks in the rolling-origin backtest (default 4)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    import holidays
    import polars as pl

    from transforms.forecast import backtest
    from transforms.staffing import with_staffing
    from transforms.telephony import handle_time_s, offered_per_hour

    t_import = time.perf_counter() - t0

    t0 = time.perf_counter()
    calls, quarantined = load_calls()
    per_hour = offered_per_hour(calls.lazy(), TZ, short_abandon_s=5).collect()
    history = per_hour.select("moment", "aantal")
    t_load = time.perf_counter() - t0
    train = history.filter(pl.col("moment") < datetime(1999, 10, 1))
    print(
        f"== anonymous bank (real): {calls.height:,} calls ({quarantined:,} quarantined), "
        f"{history.height:,} hours with offered calls, train up to {TRAIN_END}"
    )
    every_hour(history, calls)

    calendars = {"holidays.IL": set(holidays.IL(years=1999)), "none": set()}
    for name, closed in calendars.items():
        t0 = time.perf_counter()
        scores, predicted = october(history, closed)
        t_forecast = time.perf_counter() - t0
        t0 = time.perf_counter()
        table = backtest(train, "uur", closed, folds=args.folds)
        t_backtest = time.perf_counter() - t0
        print(f"\n-- calendar: {name}")
        print(f"October 1999, hourly ({scores['intervallen']} open hours with data):")
        print(
            f"  MAE model {scores['mae_model']:.2f}  seasonal naive {scores['mae_naief']:.2f}  "
            f"(scale {scores['schaal']:.2f}: MASE model {scores['mase_model']:.3f}, naive {scores['mase_naief']:.3f}); "
            f"80 % interval coverage {scores['dekking_80']:.1%}"
        )
        print(f"  forecast {t_forecast:.2f} s, backtest {t_backtest:.2f} s")
        print(f"Rolling-origin backtest, last {args.folds} weeks before October (one-week horizon):")
        with pl.Config(
            tbl_rows=20, tbl_cols=10, float_precision=3, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True
        ):
            print(table)

    # Staffing for the first full October week, from the forecast with the calendar.
    aht = handle_time_s(calls.lazy(), TZ, date(1999, 8, 5), TRAIN_END).collect()
    _, predicted = october(history, calendars["holidays.IL"])
    week = predicted.filter(pl.col("dag").is_between(date(1999, 10, 3), date(1999, 10, 9))).with_columns(
        aht_s=pl.lit(aht["aht_s"].item()), interval_s=pl.lit(3600)
    )
    staffed = with_staffing(week, target_s=30, target_level=0.8, max_occupancy=0.85, shrinkage=0.3)
    busiest = staffed.sort("prognose", descending=True).head(1).row(0, named=True)
    print(
        f"\nStaffing (80 % within 30 s, max occupancy 85 %, shrinkage 30 %), AHT {aht['aht_s'].item():.0f} s "
        f"over {aht['beantwoord'].item():,} answered calls of the last 8 weeks (05-08..30-09, i.e. September):"
    )
    print(
        f"  week 03-10..09-10: {staffed['te_roosteren'].sum():,} agent-hours to roster; busiest hour "
        f"{busiest['moment']:%a %d-%m %H:00}: {busiest['prognose']:.0f} calls -> {busiest['agenten']} agents, "
        f"{busiest['te_roosteren']} to roster"
    )
    print(f"\nimport {t_import:.1f} s, load + count {t_load:.1f} s")


if __name__ == "__main__":
    main()
