"""Synthetic JCC appointment exports (`jcc_afspraken_<stamp>.xlsx` / `.csv`) for the demo.

Desk appointments (Publiekszaken/Burgerzaken) for gemeente Losser (location
Gemeentehuis Losser, about 8-10k appointments a year) and Enschede (Stadhuis
Enschede and Stadskantoor Enschede, scaled to about three times Losser to keep
the demo fast) in the real layout of `contracts/SOURCES.md`. Appointments are
dated from 1 January of the previous year up to four weeks after `today`; the
ones on or after `today` are still Gepland, and only appointments booked before
`today` are in the exports.

One export per quarter of appointment dates, stamped the first day after the
quarter (`jcc_afspraken_20250401.xlsx`, ...), plus a last one stamped `today`
holding the current quarter and the booked future. Every appointment is in
exactly one file, so keys (`ALOS2500123`: gemeente, year of the appointment,
running number in booking order) are unique across files. Both formats occur,
as when a gemeente switches from saving the export in Excel to the CSV
download: the two quarters of the first half of the previous year are
workbooks (sheet `Afspraken`, header in row 1; the first with real date and
time cells, the second with text cells in the CSV's format), all later ones
`;`-separated UTF-8 CSV with CRLF line ends. Workbooks are kept to two
because writing them is by far the slowest part of the demo.

Realism follows DOMAIN.md: the desk is open on werkdagen (Monday-Friday, not a
`holidays.NL` public holiday) 09:00-16:30, plus Thursday evening 17:00-20:00
(about 12 % of Thursday's appointments). Products PASAAN, IDKAAN, RIJAAN,
UITTREKBS, HUWELIJK and NAT with 10-30 minute slots; passport and ID-card
volumes follow the passport cycle (ten years after the 2014 change to ten-year
validity, rising through 2025-2026) and peak in spring before the summer
holidays. Booked 0-60 days ahead (median about 9 days) via Internet (~70 %),
Telefoon (~20 %) or Balie (~10 %), telephone and desk bookings on werkdagen
only. Past appointments are Verschenen, Niet verschenen (no-show about 6 %,
varying by month) or Geannuleerd (about 5 %); a Verschenen customer checks in
a few minutes around the slot start, is called 0-25 minutes after
max(check-in, slot start) (roughly 85-90 % within the 10 minute norm) and
finished after about the slot length. PII columns hold obviously synthetic
values (`Klant 012345`, `klant012345@example.invalid`, `0600012345`).

The newest export holds four deliberately bad rows (an unknown status label,
called before check-in, finished before called, booked after the appointment)
so the quarantine of the report has something real to show.

Deterministic for (today, seed): every calendar year is drawn from (seed, year)
alone, so an appointment keeps its key and details whatever `today` is; workbooks
carry a fixed creation time, so running twice gives byte-identical files.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from demo.snapshots import quarter_stamps
from transforms.workdays import non_working_days

__all__ = ["HEADER", "write_jcc_exports"]

HEADER = [
    "Afspraaknummer",
    "Productcode",
    "Product",
    "Locatie",
    "Datum",
    "Begintijd",
    "Eindtijd",
    "Geboekt op",
    "Geboekt via",
    "Status",
    "Aangemeld",
    "Opgeroepen",
    "Afgerond",
    "Naam klant",
    "E-mail",
    "Telefoon",
    "Gemeente",
]
SHEET = "Afspraken"
_EPOCH = date(1970, 1, 1)
_EXCEL_EPOCH = 25569  # Excel serial number of 1970-01-01
_WORKBOOK_CREATED = datetime(2020, 1, 1)  # fixed, so a rerun writes the same bytes
_AHEAD = 28  # appointments are booked up to this many days after today

_GEMEENTEN = ("Losser", "Enschede")
_GEM_PREFIX = ("LOS", "ENS")
_GEM_SCALE = np.array([1.0, 3.0])
_GEM_CLIENTS = np.array([[0, 100_000], [100_000, 400_000]])  # synthetic client numbers per gemeente
_LOCATIONS = ("Gemeentehuis Losser", "Stadhuis Enschede", "Stadskantoor Enschede")
_STADSKANTOOR_SHARE = 0.35  # Enschede's daytime appointments at the Stadskantoor

# Products: code, description, slot minutes, Losser appointments per year at cycle level 1, how strongly the
# passport cycle drives it (exponent), seasonal factor per calendar month.
_PRODUCTS = [
    (
        "PASAAN",
        "Paspoort aanvragen",
        15,
        3200,
        1.0,
        (0.95, 1.00, 1.15, 1.25, 1.25, 1.20, 0.90, 0.80, 0.90, 0.90, 0.90, 0.80),
    ),
    (
        "IDKAAN",
        "Identiteitskaart aanvragen",
        15,
        2400,
        0.6,
        (0.95, 1.00, 1.10, 1.20, 1.20, 1.15, 0.90, 0.85, 0.95, 0.95, 0.95, 0.80),
    ),
    (
        "RIJAAN",
        "Rijbewijs aanvragen",
        10,
        1900,
        0.0,
        (1.00, 1.00, 1.05, 1.05, 1.05, 1.05, 0.90, 0.90, 1.00, 1.00, 1.00, 0.90),
    ),
    (
        "UITTREKBS",
        "Uittreksel BRP",
        10,
        800,
        0.0,
        (1.05, 1.00, 1.00, 1.00, 1.00, 1.00, 0.90, 0.90, 1.05, 1.05, 1.05, 0.95),
    ),
    (
        "HUWELIJK",
        "Huwelijk/partnerschap melden",
        30,
        150,
        0.0,
        (0.70, 0.80, 1.10, 1.30, 1.30, 1.20, 1.00, 0.90, 1.00, 1.00, 0.90, 0.70),
    ),
    (
        "NAT",
        "Naturalisatie aanvragen",
        20,
        70,
        0.0,
        (1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 0.90, 0.90, 1.00, 1.00, 1.00, 1.00),
    ),
]
_N_PRODUCTS = len(_PRODUCTS)
_P_CODE = [p[0] for p in _PRODUCTS]
_P_NAME = [p[1] for p in _PRODUCTS]
_P_SLOT = np.array([p[2] for p in _PRODUCTS])
_P_PER_YEAR = np.array([p[3] for p in _PRODUCTS], dtype=float)
_P_CYCLE = np.array([p[4] for p in _PRODUCTS])
_P_SEASON = np.array([p[5] for p in _PRODUCTS])  # [product, month]
_WEEKDAY = np.array([1.10, 1.00, 0.95, 1.10, 0.85, 0.0, 0.0])  # Thursday includes the evening

_OPEN, _CLOSE = 9 * 60, 16 * 60 + 30  # desk hours, minutes after midnight
_EVENING_OPEN, _EVENING_CLOSE = 17 * 60, 20 * 60
_EVENING_SHARE = 0.12  # of Thursday's appointments

_CHANNELS = ("Internet", "Telefoon", "Balie")
_CHANNEL_P = np.array([0.70, 0.20, 0.10])
_SAME_DAY = np.array([0.03, 0.06, 0.35])  # share booked on the appointment day, per channel
# Booking hours per channel (minutes after midnight): the website around the clock but not at night.
_BOOK_FROM = np.array([7 * 60, 8 * 60 + 30, _OPEN])
_BOOK_TO = np.array([23 * 60, 17 * 60, _CLOSE])

_STATUSES = ("Gepland", "Verschenen", "Niet verschenen", "Geannuleerd")
GEPLAND, VERSCHENEN, NIET_VERSCHENEN, GEANNULEERD = range(4)

_XLSX_QUARTERS = 2  # the first half of the previous year was exported from Excel
_BAD_NUMBER_BASE = 99_901  # far above any real running number of a year


def _days(d: date) -> int:
    return (d - _EPOCH).days


def _cycle(day_nums: np.ndarray) -> np.ndarray:
    """Passport-cycle level: low before 2025, rising through 2025-2026 (the wave of 2014's ten-year passports)."""
    years = 1970 + day_nums / 365.25
    return 0.75 + 0.6 / (1 + np.exp(-(years - 2025.6) / 0.45))


def _year(seed: int, year: int) -> pl.DataFrame:
    """Every appointment dated in `year`, with its full outcome (days as int since 1970, times in seconds)."""
    rng = np.random.default_rng([seed, year])
    first, last = date(year, 1, 1), date(year, 12, 31)
    closed = non_working_days(first, last)
    n_days = (last - first).days + 1
    day_nums = np.arange(n_days) + _days(first)
    working = np.array([first + timedelta(days=i) not in closed for i in range(n_days)])
    weekday = (day_nums + 3) % 7  # 1970-01-01 was a Thursday
    month = day_nums.astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12

    # rate[day, gem, product]: the year's volume spread over the werkdagen, shaped by season and cycle.
    per_workday = _P_PER_YEAR / (_WEEKDAY[weekday] * working).sum()
    level = (
        _P_SEASON[:, month].T
        * _cycle(day_nums)[:, None] ** _P_CYCLE[None, :]
        * (_WEEKDAY[weekday] * working)[:, None]
        * per_workday[None, :]
    )
    noise = np.exp(rng.normal(0, 0.12, (n_days, 2, _N_PRODUCTS)))
    counts = rng.poisson(level[:, None, :] * _GEM_SCALE[None, :, None] * noise)
    idx = np.repeat(np.arange(counts.size), counts.ravel())
    day_i, rest = np.divmod(idx, 2 * _N_PRODUCTS)
    gem, prod = np.divmod(rest, _N_PRODUCTS)
    n = len(idx)
    day = day_nums[day_i]
    slot = _P_SLOT[prod]

    # Slot: on a 5-minute grid, mornings a little busier; a share of Thursday's in the evening.
    evening = (weekday[day_i] == 3) & (rng.random(n) < _EVENING_SHARE)
    opens = np.where(evening, _EVENING_OPEN, _OPEN)
    n_slots = (np.where(evening, _EVENING_CLOSE, _CLOSE) - slot - opens) // 5 + 1
    begin_m = opens + 5 * np.floor(n_slots * rng.random(n) ** 1.15).astype(np.int64)
    location = np.where(gem == 0, 0, np.where(~evening & (rng.random(n) < _STADSKANTOOR_SHARE), 2, 1))

    # Booking: channel, days ahead (phone and desk bookings only on weekdays), time of day before the slot.
    channel = (rng.random(n)[:, None] < np.cumsum(_CHANNEL_P)[None, :]).argmax(axis=1)
    lead = np.clip(np.floor(np.exp(rng.normal(np.log(10), 0.85, n))), 1, 60).astype(np.int64)
    lead = np.where(rng.random(n) < _SAME_DAY[channel], 0, lead)
    booked_wd = (day - lead + 3) % 7
    lead += np.where((channel > 0) & (booked_wd >= 5), booked_wd - 4, 0)  # weekend -> the Friday before
    book_m = _BOOK_FROM[channel] + np.floor(rng.random(n) * (_BOOK_TO - _BOOK_FROM)[channel]).astype(np.int64)
    same_day_m = 7 * 60 + np.floor(rng.random(n) * (begin_m - 5 - 7 * 60)).astype(np.int64)
    book_m = np.where(lead == 0, np.minimum(book_m, same_day_m), book_m)
    booked_s = (day - lead) * 86400 + book_m * 60

    # Outcome once the day has passed; no-show and waiting vary by gemeente and month.
    noshow = np.clip(0.06 + rng.normal(0, 0.012, (2, 12)), 0.035, 0.095)[gem, month[day_i]]
    cancel = np.clip(0.05 + rng.normal(0, 0.008, (2, 12)), 0.03, 0.08)[gem, month[day_i]]
    u = rng.random(n)
    outcome = np.where(
        u < cancel, GEANNULEERD, np.where(u < cancel + (1 - cancel) * noshow, NIET_VERSCHENEN, VERSCHENEN)
    )
    begin_s = begin_m * 60
    checkin = begin_s + np.clip(np.round(rng.normal(-240, 200, n)), -900, 480).astype(np.int64)
    wait_mean = np.clip(280 + rng.normal(0, 35, (2, 12)), 200, 360)[gem, month[day_i]]
    wait = np.round(rng.exponential(wait_mean)).astype(np.int64)
    called = np.minimum(np.maximum(checkin, begin_s) + wait, checkin + 25 * 60)
    finished = called + np.round(slot * 60 * rng.uniform(0.6, 1.5, n)).astype(np.int64)
    clients = rng.integers(_GEM_CLIENTS[gem, 0], _GEM_CLIENTS[gem, 1])

    frame = pl.DataFrame(
        {
            "gem": gem,
            "prod": prod,
            "loc": location,
            "day": day,
            "begin": begin_s,
            "end": begin_s + slot * 60,
            "booked": booked_s,
            "channel": channel,
            "outcome": outcome,
            "checkin": checkin,
            "called": called,
            "finished": finished,
            "client": clients,
        }
    )
    # Running number per gemeente in booking order (the appointment system numbers as it books).
    return frame.sort("gem", "booked", "day", "begin", "prod", "client", maintain_order=True).with_columns(
        num=pl.int_range(1, pl.len() + 1).over("gem"), year=pl.lit(year)
    )


def _appointments(seed: int, start: date, today: date) -> pl.DataFrame:
    end = today + timedelta(days=_AHEAD)
    frame = pl.concat([_year(seed, y) for y in range(start.year, end.year + 1)])
    return frame.filter(
        pl.col("day").is_between(_days(start), _days(end)), pl.col("booked") < _days(today) * 86400
    )  # booked before the export


def _clock(seconds: pl.Expr, fmt: str) -> pl.Expr:
    return pl.from_epoch(seconds, time_unit="s").dt.strftime(fmt)


def _text(frame: pl.DataFrame) -> pl.DataFrame:
    """The appointments (in export order) as text columns in HEADER order, as a CSV export shows them."""
    status = pl.col("status")
    visited = status == VERSCHENEN
    at = pl.col("day") * 86400

    def label(column: str, values: list[str] | tuple[str, ...]) -> pl.Expr:
        return pl.col(column).replace_strict(dict(enumerate(values)), return_dtype=pl.String)

    def visit(column: str) -> pl.Expr:
        return pl.when(visited).then(_clock(at + pl.col(column), "%H:%M:%S"))

    client = pl.col("client").cast(pl.String).str.zfill(6)
    return frame.select(
        pl.concat_str(
            pl.lit("A"),
            label("gem", _GEM_PREFIX),
            (pl.col("year") % 100).cast(pl.String).str.zfill(2),
            pl.col("num").cast(pl.String).str.zfill(5),
        ).alias("Afspraaknummer"),
        label("prod", _P_CODE).alias("Productcode"),
        label("prod", _P_NAME).alias("Product"),
        label("loc", _LOCATIONS).alias("Locatie"),
        _clock(at, "%d-%m-%Y").alias("Datum"),
        _clock(at + pl.col("begin"), "%H:%M").alias("Begintijd"),
        _clock(at + pl.col("end"), "%H:%M").alias("Eindtijd"),
        _clock(pl.col("booked"), "%d-%m-%Y %H:%M").alias("Geboekt op"),
        label("channel", _CHANNELS).alias("Geboekt via"),
        status.replace_strict(dict(enumerate(_STATUSES)), return_dtype=pl.String).alias("Status"),
        visit("checkin").alias("Aangemeld"),
        visit("called").alias("Opgeroepen"),
        visit("finished").alias("Afgerond"),
        pl.concat_str(pl.lit("Klant "), client).alias("Naam klant"),
        pl.concat_str(pl.lit("klant"), client, pl.lit("@example.invalid")).alias("E-mail"),
        pl.concat_str(pl.lit("06"), client.str.zfill(8)).alias("Telefoon"),
        label("gem", _GEMEENTEN).alias("Gemeente"),
    )


def _with_defects(text: pl.DataFrame, today: date) -> pl.DataFrame:
    """Append the deliberately bad rows (Losser, the last werkdag before today) to the newest export."""
    closed = non_working_days(today - timedelta(days=14), today)
    day = next(today - timedelta(days=k) for k in range(1, 15) if today - timedelta(days=k) not in closed)
    d = day.strftime("%d-%m-%Y")
    booked = (day - timedelta(days=8)).strftime("%d-%m-%Y") + " 20:14"

    def row(i: int, **changes: str | None) -> dict:
        client = f"{90_000 + i:06d}"
        base: dict[str, str | None] = {
            "Afspraaknummer": f"ALOS{day.year % 100:02d}{_BAD_NUMBER_BASE + i:05d}",
            "Productcode": "PASAAN",
            "Product": "Paspoort aanvragen",
            "Locatie": "Gemeentehuis Losser",
            "Datum": d,
            "Begintijd": "10:30",
            "Eindtijd": "10:45",
            "Geboekt op": booked,
            "Geboekt via": "Internet",
            "Status": "Verschenen",
            "Aangemeld": "10:27:12",
            "Opgeroepen": "10:31:40",
            "Afgerond": "10:44:05",
            "Naam klant": f"Klant {client}",
            "E-mail": f"klant{client}@example.invalid",
            "Telefoon": f"06{client:0>8}",
            "Gemeente": "Losser",
        }
        base.update(changes)
        return base

    bad = [
        row(0, Status="Verplaatst", Aangemeld=None, Opgeroepen=None, Afgerond=None),  # label the profile lacks
        row(1, Aangemeld="10:36:50"),  # called before the customer checked in
        row(2, Afgerond="10:29:58"),  # finished before being called
        row(3, **{"Geboekt op": f"{d} 14:02", "Geboekt via": "Telefoon"}),  # booked after the slot
    ]
    return pl.concat([text, pl.DataFrame(bad, schema=text.schema)])


def _write_csv(text: pl.DataFrame, path: Path) -> None:
    csv = text.write_csv(separator=";", line_terminator="\r\n", quote_style="necessary")
    path.write_bytes(csv.encode("utf-8"))


def _write_xlsx(frame: pl.DataFrame, text: pl.DataFrame, path: Path, real_cells: bool) -> None:
    """A workbook with sheet `Afspraken`; with `real_cells`, dates and times are Excel date/time cells."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties({"created": _WORKBOOK_CREATED})
    sheet = workbook.add_worksheet(SHEET)
    sheet.write_row(0, 0, HEADER, workbook.add_format({"bold": True}))
    if not real_cells:
        for r, values in enumerate(text.iter_rows(), start=1):
            sheet.write_row(r, 0, values)
        workbook.close()
        return
    formats = {
        "date": workbook.add_format({"num_format": "dd-mm-yyyy"}),
        "hm": workbook.add_format({"num_format": "hh:mm"}),
        "datetime": workbook.add_format({"num_format": "dd-mm-yyyy hh:mm"}),
        "hms": workbook.add_format({"num_format": "hh:mm:ss"}),
    }
    visited = pl.col("status") == VERSCHENEN
    cells = frame.select(
        (pl.col("day") + _EXCEL_EPOCH).cast(pl.Float64).alias("Datum"),
        (pl.col("begin") / 86400).alias("Begintijd"),
        (pl.col("end") / 86400).alias("Eindtijd"),
        (pl.col("booked") / 86400 + _EXCEL_EPOCH).alias("Geboekt op"),
        *[
            pl.when(visited).then(pl.col(c) / 86400).alias(name)
            for c, name in (("checkin", "Aangemeld"), ("called", "Opgeroepen"), ("finished", "Afgerond"))
        ],
    )
    kinds = {
        "Datum": "date",
        "Begintijd": "hm",
        "Eindtijd": "hm",
        "Geboekt op": "datetime",
        "Aangemeld": "hms",
        "Opgeroepen": "hms",
        "Afgerond": "hms",
    }
    columns = [(HEADER.index(c), formats[k]) for c, k in kinds.items()]
    strings = text.drop(list(kinds))
    string_cols = [HEADER.index(c) for c in strings.columns]
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, (values, numbers) in enumerate(zip(strings.iter_rows(), cells.iter_rows(), strict=True), start=1):
        for c, value in zip(string_cols, values, strict=True):
            write_string(r, c, value)
        for (c, fmt), value in zip(columns, numbers, strict=True):
            if value is not None:
                write_number(r, c, value, fmt)
    workbook.close()


def write_jcc_exports(folder: Path, today: date, seed: int = 13) -> list[Path]:
    """Write the demo JCC exports for Losser and Enschede into `folder`; return their paths, oldest first.

    Covers appointments dated from 1 January of the previous year up to four weeks after `today` (booked
    before `today`): one export per quarter, stamped the first day after it, plus the last one stamped `today`
    (with a few deliberately bad rows). The two quarters of the first half of the previous year are .xlsx
    (the first with real date/time cells, the second with text cells), all later ones .csv.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(today.year - 1, 1, 1)
    appointments = _appointments(seed, start, today)
    stamps = quarter_stamps(start, today)
    bounds = [_days(s) for s in stamps[:-1]]
    part = np.searchsorted(np.array(bounds, dtype=np.int64), appointments["day"].to_numpy(), side="right")
    # Status as the export shows it: the outcome once the day has passed, Gepland until then.
    appointments = appointments.with_columns(
        part=pl.Series(part),
        status=pl.when(pl.col("day") < _days(today)).then(pl.col("outcome")).otherwise(pl.lit(GEPLAND)),
    ).sort("gem", "day", "begin", "year", "num")
    paths = []
    for i, stamp in enumerate(stamps):
        frame = appointments.filter(pl.col("part") == i)
        text = _text(frame)
        newest = i == len(stamps) - 1
        if newest:
            text = _with_defects(text, today)
        if i < _XLSX_QUARTERS:
            path = folder / f"jcc_afspraken_{stamp:%Y%m%d}.xlsx"
            _write_xlsx(frame, text, path, real_cells=i == 0)
        else:
            path = folder / f"jcc_afspraken_{stamp:%Y%m%d}.csv"
            _write_csv(text, path)
        paths.append(path)
    return paths
