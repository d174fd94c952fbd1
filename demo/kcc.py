"""Synthetic KCC telephony exports (`kcc_gesprekken_<stamp>.csv`) for the demo.

The KCC platform is run by Enschede and logs calls for Losser (queues LOS-*)
and Enschede (ENS-*, about seven times Losser's volume). This module writes one
export per month in the real layout of `contracts/SOURCES.md`, covering
1 January of the previous year up to and including yesterday:

* `kcc_gesprekken_YYYYMM01.csv` holds the previous (complete) month;
* `kcc_gesprekken_<today>.csv` holds the current month so far (not written on
  the 1st of a month, when the current month has no days yet).

Realism follows DOMAIN.md: Losser's first line gets 70-110 offered calls per
werkdag (Monday-Friday, not a `holidays.NL` public holiday), falling about 7 % a
year; calls are spread over the opening hours 08:30-17:00 local time with a
morning peak and written in UTC (so the offset moves with daylight saving
time); a few per cent fall outside opening hours (outcome Closed) or stay in
the menu (IVR); abandon rate, waiting times (and so the service level), talk
time and transfers vary by month. Second-line queues get smaller volumes and
lower answer rates. Caller numbers and agent ids are synthetic.

A handful of deliberately bad rows (one unknown outcome label, a negative
duration, a non-numeric duration, an unparseable time, an unconfigured queue,
a key duplicated within a file) sit in fixed calendar months, so the
quarantine of the report has something real to show.

Deterministic and stable: every month is generated from (seed, year, month)
alone, and call ids are numbered from a fixed epoch, so a complete month's
file is byte-identical whatever `today` is, and the current month's file is
exactly the first days of the file that month will get once complete. Running
the demo again (even on a later day) therefore adds only new content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from transforms.workdays import non_working_days

__all__ = ["HEADER", "write_kcc_exports"]

HEADER = [
    "CallId",
    "StartTimeUTC",
    "Queue",
    "DialledNumber",
    "CallerNumber",
    "WaitSeconds",
    "TalkSeconds",
    "HoldSeconds",
    "WrapUpSeconds",
    "Outcome",
    "TransferredTo",
    "AgentId",
]
OUTCOMES = ("Answered", "Abandoned", "Callback", "Voicemail", "Closed", "IVR")
ANSWERED, ABANDONED, CALLBACK, VOICEMAIL, CLOSED, IVR = range(6)

_TZ = "Europe/Amsterdam"
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_EPOCH = date(2020, 1, 1)  # call ids are numbered from here (the platform's go-live)
_REFERENCE = date(2025, 7, 1)  # volumes below are the levels on this day
_DECLINE = 0.93  # phone volume falls ~7 % a year

# Gemeenten: CallId prefix, dialled number, volume scale, size of the pool of caller numbers.
_GEM_PREFIX = ("LOS", "ENS")
_GEM_DIALLED = ("14 0541", "14 053")
_GEM_SCALE = np.array([1.0, 7.0])
_GEM_CALLERS = np.array([12_000, 85_000])
_GEM_LINE2_AGENTS = np.array([4, 12])  # second-line staff per team

# Queue types (suffixes as in core.settings._default_queues): line, Losser's offered calls per werkdag at
# the reference date, answer rate of a second-line queue, and seasonal factor per calendar month.
_SUFFIX = ("KCC", "PVH", "BFR", "ZORG", "WI", "BB")
_LINE = np.array([1, 2, 2, 2, 2, 2])
_PER_DAY = np.array([92.0, 11.0, 9.0, 12.0, 9.0, 5.0])
_ANSWER_RATE = np.array([np.nan, 0.80, 0.86, 0.78, 0.74, 0.88])
_SEASON = np.array(
    [
        # Jan   Feb   Mar   Apr   May   Jun   Jul   Aug   Sep   Oct   Nov   Dec
        [1.08, 1.06, 1.10, 1.00, 0.97, 0.96, 0.88, 0.86, 1.04, 1.01, 1.00, 0.88],  # KCC: tax letters, summer dip
        [0.90, 0.95, 1.10, 1.15, 1.15, 1.10, 0.90, 0.85, 1.00, 1.00, 0.95, 0.85],  # PVH: building season
        [1.10, 1.00, 0.95, 0.95, 1.00, 1.00, 0.95, 0.90, 1.00, 1.10, 1.15, 1.00],  # BFR: leaves, gritting
        [1.05, 1.00, 1.00, 1.00, 1.00, 1.00, 0.90, 0.90, 1.00, 1.00, 1.00, 1.05],  # Zorg
        [1.20, 1.05, 1.00, 1.00, 0.95, 0.95, 0.90, 0.90, 1.00, 1.00, 1.00, 1.05],  # W&I: new year's benefits
        [1.10, 1.00, 1.00, 1.00, 1.00, 1.00, 0.90, 0.85, 1.00, 1.00, 1.00, 1.10],  # Bedrijfsbureau
    ]
)
# Twelve queues: LOS-KCC .. LOS-BB, ENS-KCC .. ENS-BB.
_Q_GEM = np.repeat([0, 1], len(_SUFFIX))
_Q_TYPE = np.tile(np.arange(len(_SUFFIX)), 2)
_Q_LINE1 = _LINE[_Q_TYPE] == 1
_QUEUE_NAMES = [f"{_GEM_PREFIX[g]}-{_SUFFIX[t]}" for g, t in zip(_Q_GEM, _Q_TYPE, strict=True)]

# Monthly "pressure" (staff shortage vs. demand, 0..1): drives waits and abandons. Busy tax months and the
# summer holidays hurt; the programme slowly improves it year on year.
_PRESSURE = np.array([0.55, 0.50, 0.65, 0.40, 0.35, 0.40, 0.60, 0.65, 0.50, 0.35, 0.30, 0.45])
_TALK_MEAN = np.array([300, 310, 315, 290, 285, 280, 275, 270, 290, 285, 285, 295], dtype=float)
_WEEKDAY = np.array([1.18, 1.05, 0.98, 0.95, 0.84, 0.0, 0.0])  # Monday peak, quiet Friday
# Intraday curve: relative call volume per half hour from 08:30 to 17:00 local time.
_SLOTS = np.array(
    [1.30, 1.50, 1.60, 1.50, 1.40, 1.30, 1.15, 0.90, 0.80, 0.95, 1.05, 1.00, 0.95, 0.85, 0.75, 0.60, 0.45]
)
_OPEN_S = 8 * 3600 + 1800
# Waiting-time tail is heavier in busy half hours (mean factor 1 over all calls).
_SLOT_TAIL = 0.5 + 0.5 * _SLOTS / ((_SLOTS**2).sum() / _SLOTS.sum())

_TEAMS = ("PVH", "BFR", "Zorg", "Werk & Inkomen", "Bedrijfsbureau")
_TEAM_WEIGHTS = np.array([0.22, 0.18, 0.28, 0.22, 0.10])
_KCC_AGENTS = (
    "Anouk",
    "Bram",
    "Daan",
    "Emma",
    "Fatma",
    "Geert",
    "Hüseyin",
    "Ilse",
    "Jeroen",
    "Kim",
    "Lotte",
    "Mohamed",
    "Naima",
    "Özlem",
    "Pieter",
    "Renée",
    "Sanne",
    "Thijs",
    "Wilma",
    "Yasmina",
    "Zoë",
    "Gerrit",
    "Marloes",
    "Ricardo",
    "Sevda",
    "Tim",
    "Joyce",
    "Henk",
    "Mirjam",
    "Koen",
)
# Agent list: the KCC names, then per gemeente and second-line team a block of staff codes (LPVH01, EZORG07).
_AGENTS = list(_KCC_AGENTS)
_L2_AGENT_BASE = np.zeros((2, len(_SUFFIX)), dtype=np.int64)
for _g in range(2):
    for _t in range(1, len(_SUFFIX)):
        _L2_AGENT_BASE[_g, _t] = len(_AGENTS)
        _AGENTS += [f"{_GEM_PREFIX[_g][0]}{_SUFFIX[_t]}{i:02d}" for i in range(1, _GEM_LINE2_AGENTS[_g] + 1)]

# Deliberately bad rows, by calendar month: (queue, outcome, from day of month, column, bad value or a tag).
_DEFECTS = {
    2: ("ENS-KCC", ANSWERED, 11, "Outcome", "Transferred"),  # label of an older platform version
    3: ("LOS-KCC", ABANDONED, 18, "WaitSeconds", "-7"),
    5: ("ENS-KCC", ANSWERED, 20, "TalkSeconds", "n/a"),
    7: ("LOS-KCC", ANSWERED, 8, "StartTimeUTC", "<local time>"),  # written as local dd-mm-yyyy HH:MM
    9: ("LOS-KCC", ANSWERED, 15, "Queue", "LOS-OUD"),  # a queue that was removed from the configuration
    10: ("LOS-KCC", ANSWERED, 6, "Outcome", "Phantom"),
    11: ("LOS-KCC", ANSWERED, 12, "CallId", "<previous call's id>"),  # key twice in one file
}


@dataclass(frozen=True)
class _Calendar:
    first: date
    days: np.ndarray  # int64 days since 1970-01-01
    working: np.ndarray  # bool
    weekday: np.ndarray  # 0 = Monday
    bump: np.ndarray  # first werkdag after a holiday gets extra calls
    level: np.ndarray  # yearly decline

    def index(self, day: date) -> int:
        return (day - self.first).days


def _calendar(first: date, last: date) -> _Calendar:
    closed = non_working_days(first, last)
    n = (last - first).days + 1
    dates = [first + timedelta(days=i) for i in range(n)]
    working = np.array([d not in closed for d in dates])
    days = np.arange(n, dtype=np.int64) + (first - date(1970, 1, 1)).days
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    # A werkdag whose previous werkdag is further back than usual (holiday in between) is busier.
    idx = np.flatnonzero(working)
    gap = np.diff(idx, prepend=idx[0] - 1)
    bump = np.ones(n)
    bump[idx] = np.where(gap > np.where(weekday[idx] == 0, 3, 1), 1.15, 1.0)
    level = _DECLINE ** ((days - (_REFERENCE - date(1970, 1, 1)).days) / 365.25)
    return _Calendar(first, days, working, weekday, bump, level)


@dataclass(frozen=True)
class _Month:
    year: int
    month: int
    start: int  # calendar index of the first day
    pressure: float
    transfer: float  # share of answered first-line calls put through to a team
    talk: float  # mean talk time of answered first-line calls
    probs: np.ndarray  # (queues, 4): IVR, Abandoned, Callback, Voicemail; the rest is Answered
    short: np.ndarray  # (queues,): share of abandons within the short-abandon threshold
    in_hours: np.ndarray  # (days, queues) call counts within opening hours
    closed: np.ndarray  # (days, queues) call counts outside opening hours


def _plan(seed: int, cal: _Calendar, year: int, month: int) -> _Month:
    """The month's parameters and call counts: from (seed, year, month) only."""
    rng = np.random.default_rng([seed, 1, year, month])
    years = year + (month - 0.5) / 12 - 2025.5
    pressure = float(np.clip(_PRESSURE[month - 1] - 0.04 * years + rng.normal(0, 0.08), 0.05, 0.95))
    transfer = float(np.clip(0.20 - 0.01 * years + rng.normal(0, 0.015), 0.15, 0.25))
    talk = float(np.clip(_TALK_MEAN[month - 1] + rng.normal(0, 12), 240, 340))

    answer2 = np.clip(_ANSWER_RATE[_Q_TYPE] - 0.12 * (pressure - 0.5), 0.70, 0.90)
    rest2 = 1 - 0.01 - answer2
    probs = np.where(
        _Q_LINE1[:, None],
        np.array([0.03, 0.03 + 0.08 * pressure, 0.02, 0.01])[None, :],
        np.stack([np.full(12, 0.01), 0.60 * rest2, 0.12 * rest2, 0.28 * rest2], axis=1),
    )
    short = np.where(_Q_LINE1, 0.25, 0.20)
    offered_share = 1 - probs[:, 0] - probs[:, 1] * short

    start = cal.index(date(year, month, 1))
    end = cal.index(date(year + month // 12, month % 12 + 1, 1))
    sl = slice(start, end)
    n_days = end - start
    base = (_PER_DAY[_Q_TYPE] * _GEM_SCALE[_Q_GEM] * _SEASON[_Q_TYPE, month - 1])[None, :] * cal.level[sl, None]
    noise = np.exp(rng.normal(0, 0.06, (n_days, 2)))[:, _Q_GEM] * np.exp(rng.normal(0, 0.05, (n_days, 12)))
    in_mean = base * (cal.working[sl] * _WEEKDAY[cal.weekday[sl]] * cal.bump[sl])[:, None] * noise / offered_share
    closed_factor = np.where(
        cal.working[sl], 0.025, np.select([cal.weekday[sl] == 5, cal.weekday[sl] == 6], [0.08, 0.045], 0.25)
    )
    in_hours = rng.poisson(in_mean)
    closed = rng.poisson(base * closed_factor[:, None])
    return _Month(year, month, start, pressure, transfer, talk, probs, short, in_hours, closed)


def _per_gemeente(plan: _Month) -> np.ndarray:
    totals = plan.in_hours.sum(axis=0) + plan.closed.sum(axis=0)
    return np.array([totals[g == _Q_GEM].sum() for g in range(2)], dtype=np.int64)


def _calls(
    seed: int, cal: _Calendar, plan: _Month, first_id: np.ndarray, callers: np.ndarray, caller_offset: np.ndarray
) -> pl.DataFrame:
    """All calls of the month as export text columns, sorted by start time, plus `_dag` (day of month - 1)."""
    rng = np.random.default_rng([seed, 2, plan.year, plan.month])
    n_days, n_q = plan.in_hours.shape
    cells = np.arange(n_days * n_q)
    day_in, q_in = np.divmod(np.repeat(cells, plan.in_hours.ravel()), n_q)
    day_cl, q_cl = np.divmod(np.repeat(cells, plan.closed.ravel()), n_q)
    n_in, n_cl = len(day_in), len(day_cl)

    # Local start times: opening hours with a morning peak; closed calls early, in the evening or off days.
    slot = rng.choice(len(_SLOTS), n_in, p=_SLOTS / _SLOTS.sum())
    secs_in = _OPEN_S + slot * 1800 + rng.integers(0, 1800, n_in)
    early = rng.random(n_cl) < 0.35
    secs_work = np.where(
        early,
        7 * 3600 + rng.integers(0, 5400, n_cl),
        17 * 3600 + np.minimum(rng.exponential(4000, n_cl).astype(np.int64), 4 * 3600 - 1),
    )
    secs_off = 8 * 3600 + rng.integers(0, 12 * 3600, n_cl)
    secs_cl = np.where(cal.working[plan.start + day_cl], secs_work, secs_off)

    # Outcome of a call within opening hours, by the queue's probabilities.
    cum = np.cumsum(plan.probs, axis=1)[q_in]
    u = rng.random(n_in)
    out_in = np.select(
        [u < cum[:, 0], u < cum[:, 1], u < cum[:, 2], u < cum[:, 3]], [IVR, ABANDONED, CALLBACK, VOICEMAIL], ANSWERED
    )

    day = np.concatenate([day_in, day_cl])
    q = np.concatenate([q_in, q_cl])
    secs = np.concatenate([secs_in, secs_cl])
    out = np.concatenate([out_in, np.full(n_cl, CLOSED)])
    tail_factor = np.concatenate([_SLOT_TAIL[slot], np.ones(n_cl)])
    n = len(day)
    line1 = _Q_LINE1[q]
    gem = _Q_GEM[q]
    p = plan.pressure
    answered = out == ANSWERED

    # Waiting time: most calls are picked up quickly, a busy-hour tail waits long (skewed, mean ~25-40 s).
    e1, e2 = rng.exponential(1.0, n), rng.exponential(1.0, n)
    fast_mean = np.where(line1, 8 + 6 * p, 15 + 10 * p)
    tail_share = np.where(line1, 0.05 + 0.20 * p, 0.18 + 0.30 * p) * tail_factor
    wait_answered = np.where(rng.random(n) < tail_share, np.where(line1, 20 + 120 * e2, 25 + 120 * e2), fast_mean * e1)
    short = rng.random(n) < plan.short[q]
    wait_abandoned = np.where(short, rng.integers(0, 5, n), 5 + (35 + 50 * p) * e1)
    wait = np.select(
        [answered, out == ABANDONED, out == CALLBACK, out == VOICEMAIL],
        [wait_answered, wait_abandoned, 30 + 60 * e1, np.where(line1, 45 + 45 * e1, 20 + 40 * e1)],
        0.0,
    )
    wait = np.clip(np.rint(wait), 0, 1800).astype(np.int64)

    talk_mean = np.where(line1, plan.talk, 1.15 * plan.talk)
    talk = np.exp(np.log(talk_mean) - 0.18 + 0.6 * rng.standard_normal(n))
    talk = np.where(answered, np.clip(np.rint(talk), 12, 3600), 0).astype(np.int64)

    transferred = answered & line1 & (rng.random(n) < plan.transfer)
    team = rng.choice(len(_TEAMS), n, p=_TEAM_WEIGHTS)
    e3 = rng.exponential(1.0, n)
    hold = np.select([transferred, answered & (rng.random(n) < 0.3)], [8 + 30 * e3, 5 + 45 * e3], 0.0)
    hold = np.clip(np.rint(hold), 0, 900).astype(np.int64)
    wrap = np.where(answered, np.where(line1, 5 + 30 * rng.exponential(1.0, n), 10 + 60 * rng.exponential(1.0, n)), 0.0)
    wrap = np.clip(np.rint(wrap), 0, 900).astype(np.int64)

    agent = np.where(
        line1,
        rng.integers(0, len(_KCC_AGENTS), n),
        _L2_AGENT_BASE[gem, _Q_TYPE[q]] + (rng.random(n) * _GEM_LINE2_AGENTS[gem]).astype(np.int64),
    )
    # A few frequent callers, many occasional ones.
    caller = callers[caller_offset[gem] + (rng.random(n) ** 1.5 * _GEM_CALLERS[gem]).astype(np.int64)]

    local = cal.days[plan.start + day] * 86400 + secs  # local wall-clock time as seconds since 1970
    order = np.lexsort((q, local))
    day, q, out, gem, local = day[order], q[order], out[order], gem[order], local[order]
    number = np.empty(n, dtype=np.int64)
    for g in range(2):
        mine = gem == g
        number[mine] = first_id[g] + np.arange(mine.sum())

    frame = pl.DataFrame(
        {
            "gem": gem,
            "num": number,
            "local": local,
            "q": q,
            "out": out,
            "wait": wait[order],
            "talk": talk[order],
            "hold": hold[order],
            "wrap": wrap[order],
            "transferred": transferred[order],
            "team": team[order],
            "agent": agent[order],
            "caller": caller[order],
            "_dag": day,
        }
    )
    frame = frame.select(
        pl.concat_str(
            pl.col("gem").replace_strict({0: _GEM_PREFIX[0], 1: _GEM_PREFIX[1]}, return_dtype=pl.String),
            pl.col("num").cast(pl.String).str.zfill(8),
        ).alias("CallId"),
        pl.from_epoch("local", time_unit="s")
        .dt.replace_time_zone(_TZ, ambiguous="raise", non_existent="raise")
        .dt.convert_time_zone("UTC")
        .dt.strftime(_UTC_FORMAT)
        .alias("StartTimeUTC"),
        pl.col("q").replace_strict(dict(enumerate(_QUEUE_NAMES)), return_dtype=pl.String).alias("Queue"),
        pl.col("gem")
        .replace_strict({0: _GEM_DIALLED[0], 1: _GEM_DIALLED[1]}, return_dtype=pl.String)
        .alias("DialledNumber"),
        pl.concat_str(pl.lit("+316"), pl.col("caller").cast(pl.String).str.zfill(8)).alias("CallerNumber"),
        pl.col("wait").cast(pl.String).alias("WaitSeconds"),
        pl.col("talk").cast(pl.String).alias("TalkSeconds"),
        pl.col("hold").cast(pl.String).alias("HoldSeconds"),
        pl.col("wrap").cast(pl.String).alias("WrapUpSeconds"),
        pl.col("out").replace_strict(dict(enumerate(OUTCOMES)), return_dtype=pl.String).alias("Outcome"),
        pl.when(pl.col("transferred"))
        .then(pl.col("team").replace_strict(dict(enumerate(_TEAMS)), return_dtype=pl.String))
        .alias("TransferredTo"),
        pl.when(pl.col("out") == ANSWERED)
        .then(pl.col("agent").replace_strict(dict(enumerate(_AGENTS)), return_dtype=pl.String))
        .alias("AgentId"),
        "_dag",
    )
    return _with_defect(frame, plan.month, q, out, day, gem, local)


def _with_defect(
    frame: pl.DataFrame, month: int, q: np.ndarray, out: np.ndarray, day: np.ndarray, gem: np.ndarray, local: np.ndarray
) -> pl.DataFrame:
    """Break one row in the way this calendar month's entry in `_DEFECTS` says (if any)."""
    if month not in _DEFECTS:
        return frame
    queue, outcome, from_day, column, value = _DEFECTS[month]
    candidates = np.flatnonzero((q == _QUEUE_NAMES.index(queue)) & (out == outcome) & (day >= from_day - 1))
    if len(candidates) == 0:
        return frame
    row = int(candidates[0])
    if column == "StartTimeUTC":
        t = local[row]
        value = (date(1970, 1, 1) + timedelta(days=int(t // 86400))).strftime(
            "%d-%m-%Y"
        ) + f" {t % 86400 // 3600:02d}:{t % 3600 // 60:02d}"
    elif column == "CallId":
        previous = np.flatnonzero(gem[:row] == gem[row])
        if len(previous) == 0:
            return frame
        value = frame["CallId"][int(previous[-1])]
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row).then(pl.lit(value)).otherwise(pl.col(column)).alias(column)
    )


def _months(first: date, last: date) -> list[tuple[int, int]]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def write_kcc_exports(folder: Path, today: date, seed: int = 7) -> list[Path]:
    """Write the demo KCC exports for Losser and Enschede into `folder`; return their paths, oldest first.

    Covers 1 January of the previous year up to and including yesterday: one file per complete month,
    stamped the first of the following month, plus the current month so far stamped `today`.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(today.year - 1, 1, 1)
    yesterday = today - timedelta(days=1)
    epoch = min(_EPOCH, start)
    last_month = (yesterday.year, yesterday.month)
    cal_last = date(last_month[0] + last_month[1] // 12, last_month[1] % 12 + 1, 1) - timedelta(days=1)
    cal = _calendar(epoch, cal_last)

    pool_rng = np.random.default_rng([seed, 3])
    callers = np.concatenate([pool_rng.integers(0, 10**8, size) for size in _GEM_CALLERS])
    caller_offset = np.concatenate([[0], np.cumsum(_GEM_CALLERS)[:-1]])

    next_id = np.ones(2, dtype=np.int64)  # running number per gemeente since the epoch
    paths = []
    for y, m in _months(epoch, yesterday):
        plan = _plan(seed, cal, y, m)
        if (y, m) < (start.year, start.month):
            next_id += _per_gemeente(plan)
            continue
        calls = _calls(seed, cal, plan, next_id, callers, caller_offset)
        next_id += _per_gemeente(plan)
        complete = (y, m) < (today.year, today.month)
        if complete:
            stamp = date(y + m // 12, m % 12 + 1, 1)
        else:
            stamp = today
            calls = calls.filter(pl.col("_dag") < yesterday.day)
        if calls.height == 0:
            continue
        path = folder / f"kcc_gesprekken_{stamp:%Y%m%d}.csv"
        index = y * 12 + m
        # Real exports vary: most carry a byte-order mark, some do not; some have Windows line ends.
        calls.select(HEADER).write_csv(
            path, include_bom=index % 3 != 0, line_terminator="\r\n" if index % 2 == 0 else "\n"
        )
        paths.append(path)
    return paths
