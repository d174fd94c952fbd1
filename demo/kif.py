"""Synthetic Klant in Focus feedback exports (`kif_feedback_<stamp>.csv`) for the demo.

Klant in Focus collects the smileys under e-mails, the pop-ups on the website and the short survey after
a KCC call or a desk visit. One account serves Losser and Enschede (the KCC answers for both), so one
export holds the responses of both gemeenten (column Gemeente; Enschede about five times Losser), in the
real layout of `contracts/SOURCES.md`: `;` separated UTF-8, CRLF line ends, Datum `dd-mm-jjjj HH:MM` in
local time. Responses run from 1 January of the previous year up to and including yesterday.

One export per week (Monday to Sunday), stamped the Monday after it (`kif_feedback_20250106.csv`, ...),
the last one stamped `today` with the current week so far. The exports of even ISO weeks start with a
byte-order mark, the others do not (the export tool changed its mind, as real ones do). About one in a
hundred responses is corrected (the respondent changed the score) and appears again, with the same
Reactie-ID and the new score, in the next week's export: the newest export wins.

Realism follows DOMAIN.md and the programme: per working day Losser gets about 4-5 responses after a KCC
call (Smiley, team KCC), 3 after a desk visit (Smiley, Publiekszaken), 2 on e-mail answers (Smiley or
Rapportcijfer; KCC or a second-line team), 5 on the website (also at weekends: Paginafeedback smileys and
a Rapportcijfer for the website) and 1-2 after a webformulier (Rapportcijfer). KCC contacts are positive
(4-5 smileys) about 86-92 % of the time, lower in busy months; website feedback about 72 % positive
until the new website goes live on 1 March 2026 and about 83 % after it; the digital Rapportcijfers
are voldoende about 88-93 % of the time. About 2.5 % answer "Weet niet" and 2 % leave the score empty.

Personal data where it really turns up, all synthetic: names, phone numbers (06-99...), BSNs (99999...)
and e-mail addresses (.invalid) in Toelichting, an address in E-mailadres for those who asked to be
contacted, and a `?bsn=` or `?email=` query after some Pagina addresses. Toelichting holds the occasional
`;` and line break (quoted, as the CSV standard says).

The newest export holds a handful of deliberately bad rows (a Smiley of 7, a Rapportcijfer of 0, an
unknown question, an impossible date, a score that is no number, a Reactie-ID twice, a gemeente the
configuration does not know) so the quarantine of the report has something real to show.

Deterministic for (today, seed): every calendar year is drawn from (seed, year) alone, so a response
keeps its Reactie-ID and content whatever `today` is, and a complete week's export is byte-identical on
every later day.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from transforms.workdays import non_working_days

__all__ = ["HEADER", "write_kif_exports"]

HEADER = [
    "Reactie-ID",
    "Datum",
    "Kanaal",
    "Contactmoment",
    "Vraag",
    "Score",
    "Team",
    "Product",
    "Pagina",
    "Toelichting",
    "E-mailadres",
    "Gemeente",
]
_EPOCH = date(1970, 1, 1)
_GEMEENTEN = ("Losser", "Enschede")
_SITES = ("https://www.losser.nl", "https://www.enschede.nl")
_GEM_SCALE = np.array([1.0, 5.0])
_NEW_WEBSITE = date(2026, 3, 1)  # the website's new look and feel (plateau 1) goes live

# Channels: export label, responses per working day for Losser, share on a weekend day (of a working day's).
_CHANNELS = ("Telefoon", "Balie", "E-mail", "Website", "Webformulier")
TELEFOON, BALIE, EMAIL, WEBSITE, WEBFORMULIER = range(5)
_PER_DAY = np.array([4.6, 2.9, 0.8, 4.2, 1.5])
_WEEKEND = np.array([0.0, 0.0, 0.25, 0.55, 0.3])
_GRADE_SHARE = np.array([0.0, 0.0, 0.40, 0.28, 1.0])  # share asked for a Rapportcijfer (else a Smiley)
# Busy months (tax letters, holidays) make the KCC a little less positive.
_KCC_DIP = np.array([0.03, 0.01, 0.03, 0.0, 0.0, 0.0, 0.03, 0.035, 0.01, 0.0, 0.0, 0.015])
_SEASON = np.array([1.1, 1.05, 1.05, 1.0, 1.0, 0.95, 0.8, 0.8, 1.0, 1.05, 1.05, 0.9])

_DESK_PRODUCTS = ("Paspoort aanvragen", "Identiteitskaart aanvragen", "Rijbewijs aanvragen", "Uittreksel BRP")
_TEAMS = ("Werk & Inkomen", "Zorg", "PVH", "BFR", "Bedrijfsbureau")
_FORMS = (  # webformulier: contactmoment/product, team
    ("Melding openbare ruimte", "BFR"),
    ("Aanvraag omgevingsvergunning", "PVH"),
    ("Aanvraag bijzondere bijstand", "Werk & Inkomen"),
    ("Contactformulier", "KCC"),
    ("Aanvraag parkeervergunning", "Bedrijfsbureau"),
)
_PAGES = (  # website path, product
    ("/afval", "Afval"),
    ("/paspoort-en-id-kaart", "Paspoort aanvragen"),
    ("/rijbewijs", "Rijbewijs aanvragen"),
    ("/verhuizen", "Verhuizing doorgeven"),
    ("/parkeren", "Parkeervergunning"),
    ("/omgevingsvergunning", "Omgevingsvergunning"),
    ("/contact", None),
    ("/werk-en-inkomen/bijstand", "Bijstand"),
    ("/zorg-en-ondersteuning/wmo", "Wmo"),
    ("/melding-openbare-ruimte", "Melding openbare ruimte"),
    ("/", None),
)
_NAMES = ("Anja", "Bram", "Fatma", "Jeroen", "Naima", "Pieter", "Sanne", "Wilma")  # KCC/desk staff (fictional)
# Toelichting: templates; {naam}, {tel}, {bsn}, {mail} are filled with synthetic values.
_POSITIVE = (
    "Heel vriendelijk geholpen door {naam}",
    "Snel antwoord, dank je wel",
    "Duidelijke uitleg; ik weet nu wat ik moet doen",
    "Prima geregeld",
    "Fijn dat het 's avonds kan",
)
_NEGATIVE = (
    "Lang moeten wachten aan de telefoon",
    "Kan de openingstijden niet vinden",
    "Nog steeds geen antwoord op mijn vraag, bel mij op {tel}",
    "Mijn BSN is {bsn}, graag contact over mijn aanvraag",
    "Formulier werkt niet op mijn telefoon; mail naar {mail}",
    "Ik ben drie keer doorverbonden.\nNiemand wist het antwoord",
)
_COMMENT_SHARE = 0.3
_ADDRESS_SHARE = 0.08  # asked to be contacted: E-mailadres filled
_QUERY_SHARE = 0.02  # Pagina with a query string holding personal data
_FULL_URL_SHARE = 0.25  # Pagina as a full address rather than a path
_DONT_KNOW, _EMPTY = 0.025, 0.02
_CORRECTED = 0.01


def _days(d: date) -> int:
    return (d - _EPOCH).days


def _smileys(rng: np.random.Generator, p_positive: np.ndarray) -> np.ndarray:
    """Smiley scores 1-5 with the given chance of 4 or 5 per response."""
    n = len(p_positive)
    u, v = rng.random(n), rng.random(n)
    positive = np.where(v < 0.6, 5, 4)
    negative = np.where(v < 0.45, 3, np.where(v < 0.75, 2, 1))
    return np.where(u < p_positive, positive, negative)


def _year(seed: int, year: int) -> pl.DataFrame:
    """Every response given in `year` (both gemeenten), numbered in time order, as export text."""
    rng = np.random.default_rng([seed, 7, year])
    first, last = date(year, 1, 1), date(year, 12, 31)
    closed = non_working_days(first, last)
    n_days = (last - first).days + 1
    day_nums = np.arange(n_days) + _days(first)
    dates = [first + timedelta(days=i) for i in range(n_days)]
    working = np.array([d not in closed for d in dates])
    month = np.array([d.month - 1 for d in dates])
    level = np.where(working[:, None], 1.0, _WEEKEND[None, :])  # weekends and holidays: no phone, no desk
    rate = _PER_DAY[None, None, :] * _GEM_SCALE[None, :, None] * (level * _SEASON[month][:, None])[:, None, :]
    counts = rng.poisson(rate * np.exp(rng.normal(0, 0.15, rate.shape)))
    idx = np.repeat(np.arange(counts.size), counts.ravel())
    day_i, rest = np.divmod(idx, 2 * len(_CHANNELS))
    gem, chan = np.divmod(rest, len(_CHANNELS))
    n = len(idx)
    day = day_nums[day_i]
    mon = month[day_i]

    # time of day: phone and desk in opening hours, e-mail and forms in the day and evening, the website later
    start = np.select([chan <= BALIE, chan == WEBSITE], [8 * 60 + 30, 7 * 60], 8 * 60)
    length = np.select([chan <= BALIE, chan == WEBSITE], [8 * 60 + 30, 16 * 60], 14 * 60)
    minute = start + np.floor(rng.random(n) * length).astype(np.int64)

    grade = rng.random(n) < _GRADE_SHARE[chan]
    # satisfaction per gemeente, channel and month
    kcc = np.clip(0.905 - _KCC_DIP[None, :] + rng.normal(0, 0.012, (2, 12)), 0.8, 0.97)
    desk = np.clip(0.93 + rng.normal(0, 0.015, (2, 12)), 0.85, 0.98)
    mail = np.clip(0.80 + rng.normal(0, 0.03, (2, 12)), 0.7, 0.9)
    new_site = day >= _days(_NEW_WEBSITE)
    site = np.where(new_site, 0.83, 0.72) + rng.normal(0, 0.025, (2, 12))[gem, mon]
    p_positive = np.select(
        [chan == TELEFOON, chan == BALIE, chan == EMAIL], [kcc[gem, mon], desk[gem, mon], mail[gem, mon]], site
    )
    mu = np.clip(7.45 + rng.normal(0, 0.1, (2, 12)), 6.9, 8.0)[gem, mon] + np.where(
        new_site & (chan == WEBSITE), 0.2, 0
    )
    grades = np.clip(np.round(rng.normal(mu, 1.45)), 1, 10).astype(np.int64)
    score = np.where(grade, grades, _smileys(rng, p_positive))
    u = rng.random(n)
    answer = np.where(u < _DONT_KNOW, "Weet niet", np.where(u < _DONT_KNOW + _EMPTY, "", score.astype(str)))

    # who served, about what, where
    to_kcc = chan == TELEFOON
    mail_kcc = (chan == EMAIL) & (rng.random(n) < 0.45)
    other_team = rng.integers(0, len(_TEAMS), n)
    form = rng.integers(0, len(_FORMS), n)
    page = rng.integers(0, len(_PAGES), n)
    desk_product = rng.integers(0, len(_DESK_PRODUCTS), n)
    team = np.select(
        [to_kcc | mail_kcc, chan == BALIE, chan == EMAIL, chan == WEBFORMULIER],
        [
            np.array("KCC"),
            np.array("Publiekszaken"),
            np.array(_TEAMS)[other_team],
            np.array([f[1] for f in _FORMS])[form],
        ],
        "",
    )
    moment = np.select(
        [chan == TELEFOON, chan == BALIE, chan == EMAIL, chan == WEBSITE],
        ["KCC-gesprek", "Afspraak balie", "Antwoord per e-mail", "Paginafeedback"],
        np.array([f[0] for f in _FORMS])[form],
    )
    page_product = np.array([p[1] or "" for p in _PAGES])[page]
    product = np.select(
        [chan == BALIE, chan == WEBSITE, chan == WEBFORMULIER],
        [np.array(_DESK_PRODUCTS)[desk_product], page_product, np.array([f[0] for f in _FORMS])[form]],
        "",
    )
    path = np.array([p[0] for p in _PAGES])[page]
    full = rng.random(n) < _FULL_URL_SHARE
    query = rng.random(n) < _QUERY_SHARE
    client = rng.integers(0, 100_000, n)
    bsn = np.char.add("99999", np.char.zfill(client.astype(str), 4))
    pagina = np.where(full, np.char.add(np.array(_SITES)[gem], path), path)
    pagina = np.where(
        query,
        np.char.add(
            pagina,
            np.where(client % 2 == 0, np.char.add("?bsn=", bsn), np.char.add("?email=inwoner", client.astype(str))),
        ),
        pagina,
    )
    pagina = np.where(chan == WEBSITE, pagina, "")

    # what the respondent wrote, and whether they left an address
    good = np.where(grade, score >= 6, score >= 4)
    comment = rng.random(n) < _COMMENT_SHARE
    pick = rng.integers(0, 1000, n)
    positive_text = np.array(_POSITIVE)[pick % len(_POSITIVE)]
    negative_text = np.array(_NEGATIVE)[pick % len(_NEGATIVE)]
    text = np.where(comment, np.where(good, positive_text, negative_text), "")
    address = np.where(
        rng.random(n) < _ADDRESS_SHARE, np.char.add(np.char.add("inwoner", client.astype(str)), "@example.invalid"), ""
    )

    frame = pl.DataFrame(
        {
            "moment": day.astype(np.int64) * 1440 + minute,
            "gem": gem,
            "kanaal": np.array(_CHANNELS)[chan],
            "contactmoment": moment,
            "vraag": np.where(grade, "Rapportcijfer", "Smiley"),
            "score": answer,
            "team": team,
            "product": product,
            "pagina": pagina,
            "tekst": text,
            "adres": address,
            "client": client,
            "bsn": bsn,
            "naam": np.array(_NAMES)[pick % len(_NAMES)],
        }
    ).sort("moment", "gem", "kanaal", "client", maintain_order=True)
    filled = (
        pl.col("tekst")
        .str.replace("{naam}", pl.col("naam"), literal=True)
        .str.replace("{tel}", pl.format("06-999{}", pl.col("client").cast(pl.String).str.zfill(5)), literal=True)
        .str.replace("{bsn}", pl.col("bsn"), literal=True)
        .str.replace("{mail}", pl.format("inwoner{}@example.invalid", pl.col("client")), literal=True)
    )
    return frame.with_columns(
        pl.format("KIF-{}-{}", pl.lit(year), pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6)).alias("id"),
        filled.alias("tekst"),
        pl.from_epoch(pl.col("moment") * 60, time_unit="s").dt.strftime("%d-%m-%Y %H:%M").alias("datum"),
        (pl.col("moment") // 1440).alias("dag"),
    )


def _text(frame: pl.DataFrame) -> pl.DataFrame:
    """Responses as the export's text columns, in HEADER order (empty text as an empty field)."""
    empty = lambda c: pl.when(pl.col(c) != "").then(pl.col(c))  # noqa: E731
    return frame.select(
        pl.col("id").alias("Reactie-ID"),
        pl.col("datum").alias("Datum"),
        pl.col("kanaal").alias("Kanaal"),
        pl.col("contactmoment").alias("Contactmoment"),
        pl.col("vraag").alias("Vraag"),
        empty("score").alias("Score"),
        empty("team").alias("Team"),
        empty("product").alias("Product"),
        empty("pagina").alias("Pagina"),
        empty("tekst").alias("Toelichting"),
        empty("adres").alias("E-mailadres"),
        pl.col("gem").replace_strict(dict(enumerate(_GEMEENTEN)), return_dtype=pl.String).alias("Gemeente"),
    )


def _corrections(week: pl.DataFrame, seed: int, monday: date) -> pl.DataFrame:
    """About one in a hundred of a week's scored responses with another score (shown again next week)."""
    rng = np.random.default_rng([seed, 8, _days(monday)])
    scored = week.filter(pl.col("score").str.contains(r"^\d+$"))
    chosen = scored.filter(pl.Series(rng.random(scored.height) < _CORRECTED))
    top = np.where(chosen["vraag"].to_numpy() == "Smiley", 5, 10)
    old = chosen["score"].cast(pl.Int64).to_numpy()
    new = np.where(old < top, old + 1, old - 1)  # the respondent thought better (or worse) of it
    return chosen.with_columns(score=pl.Series(new.astype(str)))


def _with_defects(text: pl.DataFrame, today: date) -> pl.DataFrame:
    """Append the deliberately bad rows (Losser, the last werkdag before today) to the newest export."""
    closed = non_working_days(today - timedelta(days=14), today)
    day = next(today - timedelta(days=k) for k in range(1, 15) if today - timedelta(days=k) not in closed)
    d = day.strftime("%d-%m-%Y")

    def row(i: int, **changes: str | None) -> dict:
        base = {
            "Reactie-ID": f"KIF-{day.year}-99{i:04d}",
            "Datum": f"{d} 10:{10 + i:02d}",
            "Kanaal": "Telefoon",
            "Contactmoment": "KCC-gesprek",
            "Vraag": "Smiley",
            "Score": "4",
            "Team": "KCC",
            "Product": None,
            "Pagina": None,
            "Toelichting": f"Geholpen door Anja, bel mij op 06-99{90000 + i:06d}",
            "E-mailadres": f"inwoner9{i:04d}@example.invalid",
            "Gemeente": "Losser",
        }
        base.update(changes)
        return base

    bad = [
        row(1, Score="7"),  # a Smiley runs 1-5
        row(2, Vraag="Rapportcijfer", Kanaal="Website", Contactmoment="Paginafeedback", Team=None, Score="0"),
        row(3, Vraag="Sterren"),  # a question the profile does not know
        row(4, Datum=f"31-02-{day.year} 11:15"),  # no such day
        row(5, Score="goed"),  # no number
        row(6, Gemeente="Oldenzaal"),  # not configured
        row(7),
        row(7, Score="5"),  # the same Reactie-ID twice in one file
    ]
    return pl.concat([text, pl.DataFrame(bad, schema=text.schema)])


def _weeks(start: date, today: date) -> list[tuple[date, date, date]]:
    """(first day, last day, stamp) of each export: Monday-Sunday weeks from `start` to yesterday, stamped
    the Monday after (or today, for the week not yet complete)."""
    out = []
    monday = start - timedelta(days=start.weekday())
    while monday < today:
        out.append(
            (
                max(monday, start),
                min(monday + timedelta(days=6), today - timedelta(days=1)),
                min(monday + timedelta(days=7), today),
            )
        )
        monday += timedelta(days=7)
    return out


def write_kif_exports(folder: Path, today: date, seed: int = 21) -> list[Path]:
    """Write the demo Klant in Focus exports for Losser and Enschede into `folder`; return their paths,
    oldest first: one per week from 1 January of the previous year, the last one stamped `today`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(today.year - 1, 1, 1)
    responses = pl.concat([_year(seed, y) for y in range(start.year, today.year + 1)]).filter(
        pl.col("dag").is_between(_days(start), _days(today) - 1)
    )
    paths, previous = [], None
    weeks = _weeks(start, today)
    for i, (first, last, stamp) in enumerate(weeks):
        week = responses.filter(pl.col("dag").is_between(_days(first), _days(last)))
        corrected = _corrections(previous, seed, first) if previous is not None else week.head(0)
        text = _text(pl.concat([week, corrected]))
        if i == len(weeks) - 1:
            text = _with_defects(text, today)
        csv = text.write_csv(separator=";", line_terminator="\r\n", quote_style="necessary")
        bom = "\ufeff" if first.isocalendar().week % 2 == 0 else ""
        path = folder / f"kif_feedback_{stamp:%Y%m%d}.csv"
        path.write_bytes((bom + csv).encode("utf-8"))
        paths.append(path)
        previous = week
    return paths
