"""Synthetic Corsa case exports (`corsa_zaken_<stamp>.csv`) for the demo.

Cases for gemeente Losser (`Z-LOS-YYYY-NNNNNN`, about 10k a year) and Enschede
(`Z-ENS-...`, scaled to about three times Losser to keep the demo fast) in the
real layout of `contracts/SOURCES.md`: semicolon separated, Windows-1252, CRLF
line ends, dates `dd-mm-jjjj`, empty = unknown. Cases are registered from
1 January of the previous year up to and including yesterday.

Every export is a full snapshot, and the newest export wins: one snapshot is
written per quarter of the covered range, stamped the first day after the
quarter (`corsa_zaken_20250401.csv`, ...), plus a last one stamped `today`.
A snapshot holds every case registered before its stamp date; a case carries
its Einddatum (and status Afgehandeld, a Resultaat) only when it closed before
the stamp date, so a case open in an early snapshot shows up closed in a later
one.

Realism follows DOMAIN.md: team and zaaktype mix as in `core.settings`
(`_default_case_types`), registrations mostly on werkdagen, Startdatum on or
shortly after Registratiedatum, a Streefdatum for meldingen and information
requests, a Fatale datum for statutory types (extension included when
Verlengd = ja), empty for the others so the configured term applies; lead
times such that roughly 75-95 % close on time; suspensions for some permit,
Wmo and bijstand cases. PII columns hold obviously synthetic values (BSNs
start with 999).

The last snapshot holds a handful of deliberately bad rows (an impossible
date, an end before the start, a negative suspension, an unknown channel, a
key twice in the file) so the quarantine of the report has something real to
show. Deterministic for (today, seed).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from demo.snapshots import quarter_stamps
from transforms.workdays import non_working_days

__all__ = ["HEADER", "write_corsa_exports"]

HEADER = [
    "Zaaknummer",
    "Zaaktype code",
    "Zaaktype",
    "Team",
    "Behandelaar",
    "Ontvangstkanaal",
    "Registratiedatum",
    "Startdatum",
    "Streefdatum",
    "Fatale datum",
    "Einddatum",
    "Status",
    "Resultaat",
    "Opgeschort (dagen)",
    "Verlengd",
    "Omschrijving",
    "Initiator BSN",
    "Initiator naam",
    "Gemeente",
]
_DATE = "%d-%m-%Y"
_EPOCH = date(1970, 1, 1)

_GEMEENTEN = ("Losser", "Enschede")
_GEM_PREFIX = ("LOS", "ENS")
_GEM_SCALE = np.array([1.0, 3.0])

_CHANNELS = ("Telefoon", "Balie", "E-mail", "Webformulier", "Post", "Sociale media", "Intern")

# Zaaktypes: code, description, team, Losser cases per year, channel weights (as _CHANNELS),
# term (number, unit: "w" weeks / "wd" werkdagen), which date the export fills ("streef", "fataal" or None),
# extension in weeks when Verlengd = ja (0: never extended), share closed on time, share suspended,
# suspension days (low, high), result labels.
_TYPES = [
    (
        "CV",
        "Contactverzoek",
        "KCC",
        2600,
        (0.90, 0.04, 0.03, 0.02, 0, 0, 0.01),
        2,
        "wd",
        None,
        0,
        0.86,
        0.0,
        (0, 0),
        ("Teruggebeld", "Teruggebeld", "Niet bereikt"),
    ),
    (
        "INFO",
        "Informatieverzoek",
        "Publiekszaken",
        1300,
        (0.15, 0.20, 0.35, 0.25, 0.03, 0.02, 0),
        5,
        "wd",
        "streef",
        0,
        0.88,
        0.0,
        (0, 0),
        ("Beantwoord", "Doorverwezen"),
    ),
    (
        "AANVRAAG",
        "Aanvraag algemeen",
        "Publiekszaken",
        300,
        (0.05, 0.35, 0.15, 0.35, 0.10, 0, 0),
        8,
        "w",
        None,
        0,
        0.90,
        0.05,
        (7, 21),
        ("Toegekend", "Afgewezen", "Ingetrokken"),
    ),
    (
        "MOR",
        "Melding openbare ruimte",
        "BFR",
        2800,
        (0.20, 0.02, 0.08, 0.60, 0.01, 0.05, 0.04),
        5,
        "wd",
        "streef",
        0,
        0.82,
        0.0,
        (0, 0),
        ("Opgelost", "Opgelost", "Niet in beheer gemeente"),
    ),
    (
        "OMV-REG",
        "Omgevingsvergunning regulier",
        "PVH",
        350,
        (0, 0.05, 0.10, 0.80, 0.05, 0, 0),
        8,
        "w",
        "fataal",
        6,
        0.85,
        0.25,
        (7, 42),
        ("Verleend", "Verleend", "Geweigerd", "Ingetrokken"),
    ),
    (
        "OMV-UIT",
        "Omgevingsvergunning uitgebreid",
        "PVH",
        40,
        (0, 0, 0.10, 0.85, 0.05, 0, 0),
        26,
        "w",
        "fataal",
        0,
        0.80,
        0.30,
        (14, 42),
        ("Verleend", "Geweigerd"),
    ),
    (
        "EVT",
        "Evenementenvergunning",
        "PVH",
        120,
        (0.05, 0.05, 0.20, 0.65, 0.05, 0, 0),
        8,
        "w",
        "fataal",
        0,
        0.88,
        0.10,
        (7, 14),
        ("Verleend", "Verleend", "Geweigerd"),
    ),
    (
        "WMO",
        "Wmo-melding",
        "Zorg",
        900,
        (0.55, 0.15, 0.10, 0.10, 0.05, 0, 0.05),
        6,
        "w",
        None,
        0,
        0.80,
        0.10,
        (7, 28),
        ("Maatwerkvoorziening toegekend", "Algemene voorziening", "Afgewezen"),
    ),
    (
        "BIJST",
        "Bijzondere bijstand",
        "Werk & Inkomen",
        700,
        (0.05, 0.20, 0.10, 0.55, 0.10, 0, 0),
        8,
        "w",
        "fataal",
        0,
        0.86,
        0.15,
        (7, 28),
        ("Toegekend", "Afgewezen", "Buiten behandeling"),
    ),
    (
        "KLACHT",
        "Klacht",
        "Bedrijfsbureau",
        120,
        (0.20, 0.05, 0.35, 0.30, 0.08, 0.02, 0),
        6,
        "w",
        "fataal",
        0,
        0.78,
        0.0,
        (0, 0),
        ("Gegrond", "Ongegrond", "Ingetrokken"),
    ),
    (
        "WOO",
        "Woo-verzoek",
        "Bedrijfsbureau",
        40,
        (0, 0, 0.70, 0.20, 0.10, 0, 0),
        4,
        "w",
        "fataal",
        2,
        0.76,
        0.0,
        (0, 0),
        ("Openbaar gemaakt", "Deels openbaar", "Niet openbaar"),
    ),
    (
        "BRIEF",
        "Brief",
        "Bedrijfsbureau",
        700,
        (0, 0, 0.20, 0, 0.75, 0, 0.05),
        6,
        "w",
        None,
        0,
        0.90,
        0.0,
        (0, 0),
        ("Beantwoord", "Doorgestuurd"),
    ),
]
_N_TYPES = len(_TYPES)
_T_CODE = [t[0] for t in _TYPES]
_T_PER_YEAR = np.array([t[3] for t in _TYPES], dtype=float)
_T_CHANNEL_P = np.array([np.array(t[4], dtype=float) / sum(t[4]) for t in _TYPES])
_T_TERM = np.array([t[5] for t in _TYPES])
_T_WORKDAYS = np.array([t[6] == "wd" for t in _TYPES])
_T_FILL = [t[7] for t in _TYPES]
_T_EXTEND_W = np.array([t[8] for t in _TYPES])
_T_ON_TIME = np.array([t[9] for t in _TYPES])
_T_SUSPEND = np.array([t[10] for t in _TYPES])
_T_SUSPEND_LO = np.array([t[11][0] for t in _TYPES])
_T_SUSPEND_HI = np.array([t[11][1] for t in _TYPES])
_T_STREEF = np.array([f == "streef" for f in _T_FILL])
_T_FATAAL = np.array([f == "fataal" for f in _T_FILL])
_T_IS_CV = np.array([c == "CV" for c in _T_CODE])
_RESULT_LABELS = [label for t in _TYPES for label in t[12]]
_RESULT_OFFSET = np.cumsum([0] + [len(t[12]) for t in _TYPES])[:-1]
_RESULT_COUNT = np.array([len(t[12]) for t in _TYPES])
# Werkdag-bound work is registered on werkdagen; web forms and the app also at weekends.
_WEEKEND_SHARE = np.where(np.isin(_T_CODE, ["MOR", "INFO"]), 0.25, 0.03)
_SEASON = np.array([1.05, 1.00, 1.05, 1.05, 1.05, 1.00, 0.85, 0.85, 1.00, 1.05, 1.05, 0.95])

_STAFF = (
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
    "Pieter",
    "Renée",
    "Sanne",
    "Thijs",
    "Wilma",
    "Zoë",
    "Noël",
)
_FIRST = ("Chloë", "Renée", "Fenna", "Jan", "Mila", "Sem", "Noah", "Eva", "Daan", "Julia", "Hélène", "Luuk")
_LAST = (
    "Nijhuis",
    "ter Haar",
    "Kuipers",
    "Oude Luttikhuis",
    "Smit",
    "de Vries",
    "Jansen",
    "Brinkhuis",
    "Morsink",
    "Wolters",
)
_DESCRIPTIONS = (
    "Zie bijlage",
    "Zie bijlage",
    "Verzoek om terugbellen",
    "Aanvraag via formulier",
    "Melding doorgezet naar team",
    "Reactie op brief",
)

_BAD_NUMBER_BASE = 900_001  # far above any real running number of a year


def _days(d: date) -> int:
    return (d - _EPOCH).days


def _cases(seed: int, start: date, yesterday: date) -> pl.DataFrame:
    """Every case registered in [start, yesterday] with its full life (dates as int days since 1970)."""
    rng = np.random.default_rng([seed, start.year])
    # Draw over whole calendar years so the cases of a day do not depend on `today`.
    end = date(yesterday.year, 12, 31)
    closed = non_working_days(start, end + timedelta(days=400))
    holidays = np.array(sorted(closed), dtype="datetime64[D]")
    n_days = (end - start).days + 1
    day_nums = np.arange(n_days) + _days(start)
    dates64 = day_nums.astype("datetime64[D]")
    working = np.is_busday(dates64, holidays=holidays)
    months = dates64.astype("datetime64[M]").astype(int) % 12
    years_from = (day_nums - _days(date(2025, 7, 1))) / 365.25
    n_work = working.sum() / (n_days / 365.25)  # werkdagen per year

    # rate[day, gem, type]: per werkdag the year's volume / werkdagen; weekends get a small share.
    per_workday = _T_PER_YEAR / n_work
    day_factor = np.where(working[:, None], 1.0, _WEEKEND_SHARE[None, :])
    level = (_SEASON[months] * 1.02**years_from)[:, None] * day_factor * per_workday[None, :]
    noise = np.exp(rng.normal(0, 0.15, (n_days, 2, _N_TYPES)))
    rate = level[:, None, :] * _GEM_SCALE[None, :, None] * noise
    counts = rng.poisson(rate)
    cells = np.arange(counts.size)
    idx = np.repeat(cells, counts.ravel())
    day_i, rest = np.divmod(idx, 2 * _N_TYPES)
    gem, typ = np.divmod(rest, _N_TYPES)
    n = len(idx)
    reg = day_nums[day_i]

    # Running number per gemeente and registration year, in registration order (idx is sorted by day).
    year = reg.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    number = np.zeros(n, dtype=np.int64)
    for g in range(2):
        for y in np.unique(year):
            mine = (gem == g) & (year == y)
            number[mine] = np.arange(1, mine.sum() + 1)

    # Start on registration or up to 2 days later (contactverzoeken start at once).
    start_off = np.where(_T_IS_CV[typ], 0, rng.choice(3, n, p=[0.6, 0.3, 0.1]))
    st = reg + start_off
    verlengd = (_T_EXTEND_W[typ] > 0) & (rng.random(n) < 0.15)
    term_weeks = np.where(_T_WORKDAYS[typ], 0, _T_TERM[typ] + np.where(verlengd, _T_EXTEND_W[typ], 0))
    wd_from = np.where(_T_IS_CV[typ], reg, st).astype("datetime64[D]")
    wd_deadline = np.busday_offset(wd_from, _T_TERM[typ], roll="forward", holidays=holidays).astype(np.int64)
    deadline = np.where(_T_WORKDAYS[typ], wd_deadline, st + 7 * term_weeks)

    suspended = rng.random(n) < _T_SUSPEND[typ]
    susp = np.where(suspended, rng.integers(_T_SUSPEND_LO[typ], _T_SUSPEND_HI[typ] + 1), 0)
    eff = deadline + susp  # last on-time day
    # Yearly drift: a slightly better on-time share as the programme progresses, some monthly noise.
    month_noise = rng.normal(0, 0.03, 40)[(reg // 30) % 40]
    p_on_time = np.clip(_T_ON_TIME[typ] + 0.02 * years_from[day_i] + month_noise, 0.6, 0.98)
    on_time = rng.random(n) < p_on_time
    span = np.maximum(eff - st, 0)
    early = st + np.floor(rng.random(n) ** 0.6 * (span + 1)).astype(np.int64)
    late = eff + 1 + np.ceil(rng.exponential(np.maximum(span * 0.3, 3))).astype(np.int64)
    einde = np.where(on_time, early, late)
    einde = np.maximum(einde, st)

    res_pick = _RESULT_OFFSET[typ] + rng.integers(0, 12, n) % _RESULT_COUNT[typ]
    staff = rng.integers(0, len(_STAFF), n)
    first = rng.integers(0, len(_FIRST), n)
    last = rng.integers(0, len(_LAST), n)
    desc = rng.integers(0, len(_DESCRIPTIONS), n)
    bsn = 999_000_000 + rng.integers(0, 1_000_000, n)
    channel = (rng.random(n)[:, None] < np.cumsum(_T_CHANNEL_P[typ], axis=1)).argmax(axis=1)

    frame = pl.DataFrame(
        {
            "gem": gem,
            "typ": typ,
            "year": year,
            "num": number,
            "reg": reg,
            "start": st,
            "deadline": deadline,
            "verlengd": verlengd,
            "susp": susp,
            "einde": einde,
            "channel": channel,
            "staff": staff,
            "first": first,
            "last": last,
            "desc": desc,
            "bsn": bsn,
            "res": res_pick,
        }
    )
    return frame.filter(pl.col("reg") <= _days(yesterday))


def _text(cases: pl.DataFrame, stamp: date) -> pl.DataFrame:
    """The snapshot of the cases as the export on `stamp` shows them, as text columns in HEADER order."""
    s = _days(stamp)
    snap = cases.filter(pl.col("reg") < s)
    closed = pl.col("einde") < s
    elapsed = (pl.lit(s - 1) - pl.col("start")).clip(lower_bound=0)
    shown_susp = pl.when(closed).then(pl.col("susp")).otherwise(pl.min_horizontal(pl.col("susp"), elapsed))
    typ = pl.col("typ")

    def by_type(values: list[str]) -> pl.Expr:
        return typ.replace_strict(dict(enumerate(values)), return_dtype=pl.String)

    def as_date(expr: pl.Expr) -> pl.Expr:
        return pl.from_epoch(expr, time_unit="d").dt.strftime(_DATE)

    status = (
        pl.when(closed)
        .then(pl.lit("Afgehandeld"))
        .when(pl.col("start") >= s - 1)
        .then(pl.lit("Ontvangen"))
        .when((shown_susp > 0) & (shown_susp < pl.col("susp")))
        .then(pl.lit("Opgeschort"))
        .otherwise(pl.lit("In behandeling"))
    )
    return snap.sort("gem", "reg", "num").select(
        pl.concat_str(
            pl.lit("Z"),
            pl.col("gem").replace_strict(dict(enumerate(_GEM_PREFIX)), return_dtype=pl.String),
            pl.col("year").cast(pl.String),
            pl.col("num").cast(pl.String).str.zfill(6),
            separator="-",
        ).alias("Zaaknummer"),
        by_type(_T_CODE).alias("Zaaktype code"),
        by_type([t[1] for t in _TYPES]).alias("Zaaktype"),
        by_type([t[2] for t in _TYPES]).alias("Team"),
        pl.col("staff").replace_strict(dict(enumerate(_STAFF)), return_dtype=pl.String).alias("Behandelaar"),
        pl.col("channel").replace_strict(dict(enumerate(_CHANNELS)), return_dtype=pl.String).alias("Ontvangstkanaal"),
        as_date(pl.col("reg")).alias("Registratiedatum"),
        as_date(pl.col("start")).alias("Startdatum"),
        pl.when(typ.is_in(np.flatnonzero(_T_STREEF).tolist())).then(as_date(pl.col("deadline"))).alias("Streefdatum"),
        pl.when(typ.is_in(np.flatnonzero(_T_FATAAL).tolist())).then(as_date(pl.col("deadline"))).alias("Fatale datum"),
        pl.when(closed).then(as_date(pl.col("einde"))).alias("Einddatum"),
        status.alias("Status"),
        pl.when(closed)
        .then(pl.col("res").replace_strict(dict(enumerate(_RESULT_LABELS)), return_dtype=pl.String))
        .alias("Resultaat"),
        pl.when(shown_susp > 0).then(shown_susp.cast(pl.String)).alias("Opgeschort (dagen)"),
        pl.when(pl.col("verlengd")).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias("Verlengd"),
        pl.col("desc").replace_strict(dict(enumerate(_DESCRIPTIONS)), return_dtype=pl.String).alias("Omschrijving"),
        pl.col("bsn").cast(pl.String).alias("Initiator BSN"),
        pl.concat_str(
            pl.col("first").replace_strict(dict(enumerate(_FIRST)), return_dtype=pl.String),
            pl.col("last").replace_strict(dict(enumerate(_LAST)), return_dtype=pl.String),
            separator=" ",
        ).alias("Initiator naam"),
        pl.col("gem").replace_strict(dict(enumerate(_GEMEENTEN)), return_dtype=pl.String).alias("Gemeente"),
    )


def _with_defects(text: pl.DataFrame, today: date) -> pl.DataFrame:
    """Append the deliberately bad rows to the last snapshot."""
    yesterday = today - timedelta(days=1)
    d = lambda k: (yesterday - timedelta(days=k)).strftime(_DATE)  # noqa: E731
    template = text.filter(pl.col("Gemeente") == "Losser").row(-1, named=True)

    def row(i: int, **changes: str | None) -> dict:
        base = dict(template)
        base.update(
            {
                "Zaaknummer": f"Z-LOS-{yesterday.year}-{_BAD_NUMBER_BASE + i:06d}",
                "Zaaktype code": "INFO",
                "Zaaktype": "Informatieverzoek",
                "Team": "Publiekszaken",
                "Ontvangstkanaal": "E-mail",
                "Registratiedatum": d(10),
                "Startdatum": d(10),
                "Streefdatum": None,
                "Fatale datum": None,
                "Einddatum": d(5),
                "Status": "Afgehandeld",
                "Resultaat": "Beantwoord",
                "Opgeschort (dagen)": None,
                "Verlengd": "nee",
            }
        )
        base.update(changes)
        return base

    bad = [
        row(0, Einddatum=f"31-02-{yesterday.year}"),  # impossible date
        row(1, Registratiedatum=d(3).replace("-", "/"), Startdatum=d(3)),  # wrong date format
        row(2, Einddatum=d(20)),  # ends before it starts
        row(
            3,
            **{
                "Zaaktype code": "OMV-REG",
                "Zaaktype": "Omgevingsvergunning regulier",
                "Team": "PVH",
                "Opgeschort (dagen)": "-14",
                "Einddatum": None,
                "Status": "In behandeling",
                "Resultaat": None,
            },
        ),  # negative suspension
        row(4, Ontvangstkanaal="Duif"),  # channel the profile does not know
        row(
            5, Ontvangstkanaal="Duif", Gemeente="Enschede", Zaaknummer=f"Z-ENS-{yesterday.year}-{_BAD_NUMBER_BASE:06d}"
        ),
        dict(text.row(text.height // 2, named=True)),  # the same case exported twice
    ]
    return pl.concat([text, pl.DataFrame(bad, schema=text.schema)])


def _write(frame: pl.DataFrame, path: Path) -> None:
    csv = frame.write_csv(separator=";", line_terminator="\r\n", quote_style="necessary")
    path.write_bytes(csv.encode("cp1252"))


def write_corsa_exports(folder: Path, today: date, seed: int = 11) -> list[Path]:
    """Write the demo Corsa snapshots for Losser and Enschede into `folder`; return their paths, oldest first.

    Covers cases registered from 1 January of the previous year up to and including yesterday: one full
    snapshot per quarter, stamped the first day after it, plus the last one stamped `today` (which also holds
    a few deliberately bad rows).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(today.year - 1, 1, 1)
    yesterday = today - timedelta(days=1)
    cases = _cases(seed, start, yesterday)
    paths = []
    stamps = quarter_stamps(start, today)
    for stamp in stamps:
        text = _text(cases, stamp)
        if stamp == today:
            text = _with_defects(text, today)
        path = folder / f"corsa_zaken_{stamp:%Y%m%d}.csv"
        _write(text, path)
        paths.append(path)
    return paths
