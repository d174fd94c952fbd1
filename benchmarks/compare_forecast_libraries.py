"""Model choice for the hourly phone forecast: the profile x level model of
transforms/forecast.py against statsforecast and statsmodels, on the real call log.

NOT part of the project's environment: statsforecast 2.x needs pandas < 3, which the
project does not pin. Run it in a scratch virtualenv (Python 3.11) with
`pip install statsforecast statsmodels "pandas<3" polars==2.1.0 holidays pyarrow`:

    python benchmarks/compare_forecast_libraries.py IL|none [training weeks, default 12]

The libraries need a gap-free series: missing and closed hours are filled with the
same hour one week earlier, then the last 12 weeks are fitted (MSTL with daily and
weekly seasons + AutoETS trend; AutoETS with a 168-hour season; statsmodels
Holt-Winters additive, damped, 168-hour season; statsmodels MSTL + damped Holt on the
deseasonalised series). Each is scored with transforms.forecast.score, on the same
October and the same one-week rolling origins as the model (benchmarks/README.md).
"""

import sys
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

import holidays
import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore")

import transforms.forecast as F  # noqa: E402 - importable only once ROOT is on sys.path (run as a script)

FILES = sorted((ROOT.parent / "shared" / "realdata" / "anonymous_bank").glob("kcc_gesprekken_*.csv"))
IL = set(holidays.IL(years=1999))


def hourly() -> pl.DataFrame:
    """Calls offered per Europe/Amsterdam hour, read directly (benchmark only)."""
    t = (
        pl.col("StartTimeUTC")
        .str.strptime(pl.Datetime("us", "UTC"), "%Y-%m-%dT%H:%M:%SZ")
        .dt.convert_time_zone("Europe/Amsterdam")
        .dt.replace_time_zone(None)
    )
    offered = pl.col("Outcome").is_in(["Answered", "Callback", "Voicemail"]) | (
        (pl.col("Outcome") == "Abandoned") & (pl.col("WaitSeconds").cast(pl.Int32) >= 5)
    )
    return (
        pl.scan_csv(FILES, infer_schema=False)
        .filter(offered)
        .group_by(t.dt.truncate("1h").alias("moment"))
        .agg(pl.len().alias("aantal"))
        .sort("moment")
        .collect()
    )


h = hourly()
CAL = {"none": set(), "IL": IL}[sys.argv[1]]
WEEKS = int(sys.argv[2]) if len(sys.argv) > 2 else 12


def filled_series(train):
    """Hourly values, nulls (gap, closed) filled with the same hour one week earlier."""
    y = train.sort("moment")["aantal"].to_numpy().copy()
    for i in range(len(y)):
        if np.isnan(y[i]) and i >= 168:
            y[i] = y[i - 168]
    return y


def run(origin, weeks, predictor):
    grid = F.history_grid(h, "uur", CAL)
    train = grid.filter(pl.col("dag") <= origin).with_columns(pl.col("aantal").fill_null(float("nan")))
    y = filled_series(train)[-WEEKS * 168 :]
    horizon = F._horizon(origin, weeks, "uur", CAL)
    t = time.time()
    mu, lo, hi = predictor(y, horizon.height)
    el = time.time() - t
    pred = horizon.with_columns(
        prognose=pl.Series(np.clip(mu, 0, None)), ondergrens=pl.Series(lo), bovengrens=pl.Series(hi)
    )
    pred = pred.with_columns(
        pl.when(pl.col("gesloten")).then(0.0).otherwise(pl.col(c)).alias(c)
        for c in ("prognose", "ondergrens", "bovengrens")
    )
    pred = F.seasonal_naive(grid.filter(pl.col("dag") <= origin), pred)
    actual = grid.filter((pl.col("dag") > origin) & (pl.col("dag") <= origin + timedelta(days=7 * weeks)))
    return F.score(actual, pred, F.naive_scale(grid.filter(pl.col("dag") <= origin))), el


def sf_mstl(y, h_):
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import MSTL, AutoETS

    df = pd.DataFrame({"unique_id": 1, "ds": np.arange(len(y)), "y": y})
    sf = StatsForecast(models=[MSTL(season_length=[24, 168], trend_forecaster=AutoETS(model="ZZN"))], freq=1)
    fc = sf.forecast(df=df, h=h_, level=[80])
    return fc["MSTL"].to_numpy(), fc["MSTL-lo-80"].to_numpy(), fc["MSTL-hi-80"].to_numpy()


def sf_ets24(y, h_):
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    df = pd.DataFrame({"unique_id": 1, "ds": np.arange(len(y)), "y": y})
    sf = StatsForecast(models=[AutoETS(season_length=168, model="ZZA")], freq=1)
    fc = sf.forecast(df=df, h=h_, level=[80])
    return fc["AutoETS"].to_numpy(), fc["AutoETS-lo-80"].to_numpy(), fc["AutoETS-hi-80"].to_numpy()


def sm_hw(y, h_):
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    m = ExponentialSmoothing(y, trend="add", damped_trend=True, seasonal="add", seasonal_periods=168).fit()
    mu = m.forecast(h_)
    sd = np.std(m.resid)
    return mu, mu - 1.2816 * sd, mu + 1.2816 * sd


def sm_mstl(y, h_):
    from statsmodels.tsa.holtwinters import ExponentialSmoothing
    from statsmodels.tsa.seasonal import MSTL

    res = MSTL(y, periods=(24, 168)).fit()
    deseason = res.trend + res.resid
    t = ExponentialSmoothing(deseason, trend="add", damped_trend=True).fit()
    seas = res.seasonal  # columns per period
    last = seas[-168:].sum(axis=1)
    mu = t.forecast(h_) + np.array([last[i % 168] for i in range(h_)])
    sd = np.std(res.resid)
    return mu, mu - 1.2816 * sd, mu + 1.2816 * sd


models = {
    "sf-MSTL(24,168)+AutoETS": sf_mstl,
    "sf-AutoETS(168,ZZA)": sf_ets24,
    "sm-HoltWinters(168,damped)": sm_hw,
    "sm-MSTL+ETS": sm_mstl,
}
for name, fn in models.items():
    try:
        oct_, el = run(date(1999, 9, 30), 5, fn)
        # rolling one-week backtest over the same 29 origins as the profile model
        last = date(1999, 9, 30)
        origin = last - timedelta(days=7)
        tt = time.time()
        folds: list[dict] = []  # transforms.forecast.score of each origin
        while len(folds) < 29:
            grid = F.history_grid(h, "uur", CAL)
            if F.weeks_with_data(grid.filter(pl.col("dag") <= origin)) < 8:
                break
            act = grid.filter((pl.col("dag") > origin) & (pl.col("dag") <= origin + timedelta(days=7)))
            if act["aantal"].is_not_null().any():
                s, _ = run(origin, 1, fn)
                folds.append(s)
            origin -= timedelta(days=7)
        n = sum(f["intervallen"] for f in folds)
        mae = sum(f["mae_model"] * f["intervallen"] for f in folds) / n
        maen = sum(f["mae_naief"] * f["intervallen"] for f in folds) / n
        mase = np.mean([f["mase_model"] for f in folds])
        cov = sum(f["dekking_80"] * f["intervallen"] for f in folds) / n
        print(
            f"{sys.argv[1]:4} {name:28} backtest({len(folds)}) MAE {mae:.2f} vs {maen:.2f} MASE {mase:.3f} "
            f"cov {cov:.2f} ({time.time() - tt:.0f}s) | Oct MAE {oct_['mae_model']:.2f} vs {oct_['mae_naief']:.2f} "
            f"cov {oct_['dekking_80']:.2f} fit {el:.1f}s",
            flush=True,
        )
    except Exception as e:
        print(name, "failed", repr(e)[:300], flush=True)
