"""What the dashboard shows: pure functions from finished frames to page models (`model`).

Every figure comes finished from the report's KPI frame (`flows.report.checked_figures`: the same
rows as kpis.csv, with each figure's verdict from `transforms.verdicts`); every label, promise and
definition from the catalogue with the configured values (`ReportInputs.texts`). Nothing here
computes a KPI: it chooses rows, words them in Dutch and formats the numbers ("23.040", "78,9 %").

The periods (`DashboardPeriods`): the last full month and the last full quarter up to the last day
with data, the year so far (labelled "t/m dd-mm" while it is partial, its verdicts "voorlopig"), the
13 months up to the last full month (the trends), and the two years before (the Ambities page shows
the Ambities sheet of the year's appendix: the year and the two before it).

The public build (`public=True`, `dvm dashboard --openbaar`) withholds every ratio over fewer than
`min_records` observations - its value, counts and verdict - on the pages and in the CSV downloads,
and leaves out the internal pages (Datakwaliteit) and details (file names, the roster)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import polars as pl

from core.catalogue import (
    AMBITIONS,
    BY_CODE,
    CASES_DOMAIN,
    CHANNELS_DOMAIN,
    DOMAINS,
    KPIS,
    ORDER,
    PROGRAMME,
    codes_of,
)
from core.paths import safe_component
from core.periods import Period, parse_period, quarter_of
from core.registry import SOURCES
from core.wording import dutch_list
from reports import theme
from reports.cases_report import case_source_line
from reports.dashboard.model import Cell, Chart, GemeenteSite, Page, Section, Series, Table, Tile, VerdictClass
from reports.inputs import ReportInputs
from reports.period_labels import month_tick_labels, span
from reports.phrases import (
    ATTRIBUTIONS,
    CHANNEL_NAMES,
    DOMAIN_HEADINGS,
    SOURCE_NAMES,
    agreeing_decimals,
    dutch_number,
    target_text,
)
from reports.tables import Table as SheetTable
from transforms.coverage import Bucket
from transforms.prognosis import NOTE_DISAGREE

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
NBSP = "\u00a0"  # between a number and its unit: '78,9 %' never breaks over two lines
NEAR_POINTS = 2.0  # a norm missed by less than this many points is "net niet gehaald"
TREND_MONTHS = 13
# page slug -> catalogue domain: one page per domain, the channel picture (fed by several sources) last
DOMAIN_PAGES = {d.lower(): d for d in sorted(DOMAINS, key=lambda d: d == CHANNELS_DOMAIN)}


def page_source(inputs: DashboardInputs, domain: str) -> tuple[str, str]:
    """A domain page's heading and its source line: the cases' name the source that delivered them."""
    if domain == CASES_DOMAIN:
        return case_source_line(inputs.report, inputs.last_day)
    return DOMAIN_HEADINGS.get(domain, domain), domain_source(domain)


def domain_source(domain: str) -> str:
    """Where a domain's figures come from, in words: the attribution of the one source that feeds it
    (the registry's), or for a domain whose KPIs count several sources' records (the channel picture)
    the exports of each, named as the registry names their systems."""
    tables = list(dict.fromkeys(t for k in KPIS if k.domain == domain for t in k.sources))
    owners = [next(s for s in SOURCES if s.table == t) for t in tables]
    if len(owners) == 1:
        return ATTRIBUTIONS[owners[0].name]
    return f"de exports van {dutch_list([s.system for s in owners])}, bewerkt door de Dienstverleningsmonitor"


GROUP_NAMES = {"team": "Per team", "zaaktype": "Per zaaktype", "product": "Per product", "locatie": "Per locatie"}
GROUP_NAMES |= {"kanaal": "Per kanaal", "dagdeel": "Per dagdeel"}
VOLUMES = ("tel_aangeboden", "zaak_ontvangen", "zaak_afgehandeld", "afs_gepland", "kanaal_contacten", "tevr_reacties")
CSV_COLUMNS = ["gemeente", "periode", "kpi", "groep", "waarde", "teller", "noemer", "norm", "norm_gehaald"]


# ---- periods ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DashboardPeriods:
    month: Period  # the last full month up to the last day with data
    quarter: Period  # the last full quarter
    year: Period  # the year of the last day (partial until its last day)
    months: list[Period]  # the 13 months up to `month`, earliest first
    earlier_years: list[Period]  # the two years before `year` (the Ambities sheet compares with them)

    @property
    def shown(self) -> list[Period]:
        return [self.month, self.quarter, self.year]

    def buckets(self) -> list[Bucket]:
        """Every period the dashboard shows, as `flows.report.report_buckets` orders them."""
        periods = {(p.label, p.start, p.end) for p in [*self.shown, *self.months, *self.earlier_years]}
        return sorted(periods, key=lambda b: (b[1], -b[2].toordinal()))


def dashboard_periods(last_day: date) -> DashboardPeriods:
    """The periods for data up to `last_day`. A month (quarter) is full when its last day is on or
    before `last_day`. Worked example: last day 05-12-2026 -> 2026-11, 2026-Q3, 2026 and the months
    2025-11 .. 2026-11; last day 30-11-2026 -> 2026-11, 2026-Q3 (Q4 ends 31-12), 2026."""
    month_end = date(last_day.year, last_day.month, calendar.monthrange(last_day.year, last_day.month)[1])
    month_day = last_day if last_day == month_end else last_day.replace(day=1) - timedelta(days=1)
    month = parse_period(f"{month_day:%Y-%m}")
    quarter = quarter_of(last_day)
    if quarter.end > last_day:
        quarter = quarter_of(quarter.start - timedelta(days=1))
    months: list[Period] = []
    cursor = month
    for _ in range(TREND_MONTHS):
        months.insert(0, cursor)
        cursor = parse_period(f"{cursor.start - timedelta(days=1):%Y-%m}")
    year = parse_period(str(last_day.year))
    return DashboardPeriods(
        month, quarter, year, months, [parse_period(str(last_day.year - n)) for n in (2, 1) if last_day.year - n > 1900]
    )


def month_name(label: str) -> str:
    """'2026-07' -> 'juli 2026'."""
    return f"{MONTH_NAMES[int(label[5:7]) - 1]} {label[:4]}"


def period_heading(period: Period, periods: pl.DataFrame) -> str:
    """The period as a heading that says where the data stops ('2026 t/m 05-12'); a month in words."""
    heading = span(period, periods).heading
    return heading.replace(period.label, month_name(period.label), 1) if period.kind == "maand" else heading


def dutch_date(day: date | None) -> str:
    return "" if day is None else f"{day:%d-%m-%Y}"


# ---- numbers and verdicts in words ------------------------------------------------------------------
def value_text(value: float | None, code: str, decimals: int = 1) -> str:
    """A figure as it reads: '23.040', '78,9 %', '41,5 s', '6,0 dagen', '7,4' (`decimals`: of a ratio)."""
    if value is None:
        return "–"
    kpi = BY_CODE[code]
    if kpi.kind == "aantal":
        return dutch_number(value, 0)
    unit = {"%": NBSP + "%", "seconden": NBSP + "s", "kalenderdagen": NBSP + "dagen"}.get(kpi.unit, "")
    return dutch_number(value, decimals) + unit


def verdict_decimals(row: Mapping | None, direction: str | None) -> int:
    """The decimals of a figure shown beside its verdict: the appendix's rule (issue 25 item 3,
    `reports.phrases.agreeing_decimals`): one, or as many more as it takes for the shown number to lie on
    the same side of the norm as the exact figure the verdict judges (5.049 % against "maximaal 5 %" reads
    5,05 % beside "niet gehaald", not 5,0 %). A figure without a verdict keeps one."""
    if row is None or row["waarde"] is None or row["oordeel"] not in theme.VERDICT_COLOURS:
        return 1
    return agreeing_decimals(row["waarde"], row["norm"], direction, 1)


def oordeel_words(verdict: str, near: bool = False) -> tuple[str, VerdictClass]:
    """A verdict of `transforms.verdicts` ('ja', 'voorlopig nee', 'geen oordeel') in words, and its class."""
    if verdict == "geen oordeel":
        return "geen oordeel: te weinig waarnemingen", "geen"
    met = verdict.endswith("ja")
    words = "gehaald" if met else ("net niet gehaald" if near else "niet gehaald")
    if verdict.startswith("voorlopig"):
        return f"voorlopig {words}", "voorlopig-ja" if met else "voorlopig-nee"
    return words, "ja" if met else "nee"


def verdict_words(row: Mapping | None) -> tuple[str, VerdictClass]:
    """The verdict of a KPI row in words, and its class (the colour beside the words). 'net niet
    gehaald' when the norm is missed by less than NEAR_POINTS points (e.g. 78,9 % against 80 %)."""
    if row is None or (row["waarde"] is None and not row.get("klein_aantal")):
        return ("geen gegevens" if row is None or row["norm"] is not None else ""), ""
    verdict = row["oordeel"]
    if verdict is None:
        return "", ""
    return oordeel_words(verdict, row["waarde"] is not None and abs(row["waarde"] - row["norm"]) < NEAR_POINTS)


def figure_cell(
    row: Mapping | None, code: str, min_records: int, missing: str = "geen gegevens", direction: str | None = None
) -> Cell:
    """One figure with its verdict in words, shown precisely enough to agree with it (`direction`: the
    norm's, `verdict_decimals`); a withheld small number (public build) says why. `missing`: what a KPI
    with a norm says where it has no row ('' in a breakdown, where it may not apply)."""
    if row is None:
        return Cell("–", missing if BY_CODE[code].norm else "", "geen" if missing else "")
    words, klass = verdict_words(row)
    if row["klein_aantal"] and row["waarde"] is None:
        return Cell("niet getoond", f"minder dan {min_records} waarnemingen", "geen")
    text = value_text(row["waarde"], code, verdict_decimals(row, direction)) + ("*" if row["klein_aantal"] else "")
    return Cell(text, words, klass)


def withheld(kpis: pl.DataFrame) -> pl.DataFrame:
    """The public figures: a ratio over fewer than min_records observations (`klein_aantal`) keeps
    its row but loses its value, counts and verdict (`norm_gehaald` too): it is not published."""
    small = pl.col("klein_aantal")
    return kpis.with_columns(
        *[pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in ("waarde", "teller", "noemer")],
        norm_gehaald=pl.when(small).then(None).otherwise(pl.col("norm_gehaald")),
    )


# ---- the inputs of one gemeente ---------------------------------------------------------------------
@dataclass(frozen=True)
class DashboardInputs:
    report: ReportInputs  # of the year so far (`flows.report.report_inputs`): kpis = every dashboard bucket
    periods: DashboardPeriods
    public: bool
    prognosis: pl.DataFrame | None  # prognose.csv of the gemeente, when the prognose flow wrote one
    made: datetime  # local time the site was made
    last_day: date | None  # the gemeente's last day with data

    @property
    def gemeente(self) -> str:
        return self.report.gemeente

    @property
    def kpis(self) -> pl.DataFrame:
        return withheld(self.report.kpis) if self.public else self.report.kpis

    def heading(self, period: Period) -> str:
        return period_heading(period, self.report.periods)


def _totals(kpis: pl.DataFrame) -> dict[tuple[str, str], dict]:
    return {(r["periode"], r["kpi"]): r for r in kpis.filter(pl.col("groep").is_null()).iter_rows(named=True)}


def _direction(inputs: DashboardInputs, code: str) -> str | None:
    return inputs.report.norm_directions.get(code)


def _figure(inputs: DashboardInputs, row: Mapping | None, code: str, missing: str = "geen gegevens") -> Cell:
    """`figure_cell` with the gemeente's min_records and the norm's configured direction."""
    return figure_cell(row, code, inputs.report.min_records, missing, _direction(inputs, code))


def _label(inputs: DashboardInputs, code: str) -> str:
    return inputs.report.texts[code].label


def _norm_text(inputs: DashboardInputs, code: str, norm: float | None) -> str:
    """'minimaal 80 %' (the number and its unit never split over two lines)."""
    if norm is None:
        return ""
    return unbroken(target_text(norm, inputs.report.norm_directions.get(code), BY_CODE[code].unit) or "")


def unbroken(text: str) -> str:
    """A number and the unit after it ('100 %', '5 werkdagen') kept on one line: a no-break space between."""
    return re.sub(r"(\d) ", "\\1" + NBSP, text)


def _lower_first(text: str) -> str:
    """'Contacten met het KCC ...' -> 'contacten met het KCC ...' (abbreviations keep their capitals)."""
    return text[:1].lower() + text[1:]


def normed_codes(inputs: DashboardInputs) -> list[str]:
    """The KPIs with a norm that have a total in one of the shown periods, in catalogue order."""
    totals = _totals(inputs.kpis)
    labels = [p.label for p in inputs.periods.shown]
    return [
        k.code
        for k in KPIS
        if any((label, k.code) in totals and totals[(label, k.code)]["norm"] is not None for label in labels)
    ]


def headline(inputs: DashboardInputs, code: str, row: Mapping | None, period: Period, named: bool = True) -> str:
    """The message in one sentence: 'Telefoon binnen 30 seconden opgenomen: 78,9 % over november 2026, norm
    minimaal 80 %: net niet gehaald.' (`named=False`: without the label, for under the tile's heading:
    'November 2026: 78,9 %, norm minimaal 80 %: net niet gehaald.')."""
    label, heading = _label(inputs, code), inputs.heading(period)
    lead = f"{label}: " if named else ""
    when = f" over {heading}" if named else ""
    start = lead if named else f"{heading[0].upper()}{heading[1:]}: "
    if row is None:
        return f"{lead}geen gegevens over {heading}." if named else f"{start}geen gegevens."
    norm = _norm_text(inputs, code, row["norm"])
    if row["klein_aantal"] and row["waarde"] is None:
        return f"{start}niet getoond{when}, minder dan {inputs.report.min_records} waarnemingen."
    words, _ = verdict_words(row)
    return (
        f"{start}{value_text(row['waarde'], code, verdict_decimals(row, _direction(inputs, code)))}{when}"
        + (f", norm {norm}" if norm else "")
        + (f": {words}." if words else ".")
    )


def _headline_row(totals: dict, code: str, periods: Sequence[Period]) -> tuple[Period, dict | None]:
    """The freshest shown period with a judged figure (month, else quarter, else year)."""
    for period in periods:
        row = totals.get((period.label, code))
        if row is not None and row["oordeel"] not in (None, "geen oordeel"):
            return period, row
    return periods[0], totals.get((periods[0].label, code))


# ---- charts -----------------------------------------------------------------------------------------
def trend_chart(inputs: DashboardInputs, code: str, small: bool) -> Chart | None:
    """The KPI per month over the last 13 months against its norm, with the same numbers as a table."""
    totals = _totals(inputs.kpis)
    months = inputs.periods.months
    rows = [totals.get((m.label, code)) for m in months]
    if not any(r is not None and r["waarde"] is not None for r in rows):
        return None
    values = [None if r is None else r["waarde"] for r in rows]
    norms = {r["norm"] for r in rows if r is not None and r["norm"] is not None}
    norm = norms.pop() if len(norms) == 1 else None
    label, unit = _label(inputs, code), BY_CODE[code].unit
    judged = [verdict_words(r)[1] for r in rows if r is not None]
    met = sum(c in ("ja", "voorlopig-ja") for c in judged)
    counted = sum(c in ("ja", "nee", "voorlopig-ja", "voorlopig-nee") for c in judged)
    first, last = month_name(months[0].label), month_name(months[-1].label)
    # a month the data does not fully cover is no normal month: its row says up to which day
    # ("augustus 2026 t/m 20-08", as the appendix names it), its tick too ("aug t/m 20"), an open circle
    partial = [span(m, inputs.report.periods).partial for m in months]
    unfinished = [inputs.heading(m) for m, p in zip(months, partial, strict=True) if p]
    description = (
        f"Lijngrafiek: {_lower_first(label)} per maand, {first} tot en met {last}"
        + (f", tegen de norm van {dutch_number(norm, 0)} {unit}" if norm is not None else "")
        + (f"; de norm is in {met} van de {counted} beoordeelde maanden gehaald" if counted else "")
        + (f"; niet volledig (open punt): {dutch_list(unfinished)}" if unfinished else "")
        + ". De cijfers staan in de tabel bij de grafiek."
    )
    table = Table(
        f"Cijfers: {_lower_first(label)} per maand",
        ["Maand", "Realisatie", "Oordeel"],
        [
            [Cell(inputs.heading(m), numeric=False), *_split(_figure(inputs, r, code))]
            for m, r in zip(months, rows, strict=True)
        ],
        notes=([f"Norm: {_norm_text(inputs, code, norm)}."] if norm is not None else [])
        + ([_small_note(inputs)] if any(r is not None and r["klein_aantal"] for r in rows) else []),
    )
    return Chart(
        "line",
        (f"Verloop over {TREND_MONTHS} maanden" + ("; de stippellijn is de norm" if norm is not None else ""))
        if small
        else f"{label}, per maand"
        + (f" (stippellijn: norm {_norm_text(inputs, code, norm)})" if norm is not None else ""),
        description,
        month_tick_labels([m.label for m in months], inputs.report.periods),
        [Series(label, values)],
        table,
        unit="%" if unit == "%" else "",
        norm=norm,
        norm_label=f"norm {dutch_number(norm, 0)}" if norm is not None else "",
        small=small,
        partial=partial,
    )


def _split(cell: Cell) -> list[Cell]:
    """A figure cell as two cells: the number, and its verdict in words."""
    return [Cell(cell.text), Cell(cell.verdict, cell.verdict, cell.verdict_class, numeric=False)]


# ---- pages ------------------------------------------------------------------------------------------
def _rows_of(
    inputs: DashboardInputs, codes: Iterable[str], labels: Iterable[str], groups_in: Iterable[str] = ()
) -> pl.DataFrame:
    """The page's CSV rows: the kpis.csv rows of these KPIs - their totals in `labels`, their breakdowns
    (groep) in `groups_in` - as the page shows them (the public build's withheld)."""
    total = pl.col("groep").is_null() & pl.col("periode").is_in(list(labels))
    group = pl.col("groep").is_not_null() & pl.col("periode").is_in(list(groups_in))
    return inputs.kpis.filter(pl.col("kpi").is_in(list(codes)) & (total | group)).select(CSV_COLUMNS)


def _all_labels(inputs: DashboardInputs) -> list[str]:
    p = inputs.periods
    return [b[0] for b in p.buckets() if b[0] not in {y.label for y in p.earlier_years}]


def overview_page(inputs: DashboardInputs) -> Page:
    kpis, p = inputs.kpis, inputs.periods
    totals = _totals(kpis)
    tiles = []
    for code in normed_codes(inputs):
        period, row = _headline_row(totals, code, p.shown)
        _, klass = verdict_words(row)
        tiles.append(
            Tile(
                _label(inputs, code),
                headline(inputs, code, row, period, named=False),
                klass,
                [(inputs.heading(q), _figure(inputs, totals.get((q.label, code)), code)) for q in p.shown],
                _norm_text(
                    inputs, code, next((r["norm"] for q in p.shown if (r := totals.get((q.label, code)))), None)
                ),
                trend_chart(inputs, code, small=True),
            )
        )
    judged = [verdict_words(totals.get((p.month.label, c)))[1] for c in normed_codes(inputs)]
    met = sum(c in ("ja", "voorlopig-ja") for c in judged)
    counted = sum(c in ("ja", "nee", "voorlopig-ja", "voorlopig-nee") for c in judged)
    volumes = [c for c in VOLUMES if any((q.label, c) in totals for q in p.shown)]
    volume_table = Table(
        "Aantallen per periode",
        ["Indicator", *[inputs.heading(q) for q in p.shown]],
        [
            [
                Cell(_label(inputs, c), numeric=False),
                *[_figure(inputs, totals.get((q.label, c)), c) for q in p.shown],
            ]
            for c in volumes
        ],
    )
    return Page(
        "index",
        "Overzicht",
        f"Dienstverlening {inputs.gemeente}",
        [
            f"In {inputs.heading(p.month)} zijn {met} van de {counted} beoordeelde normen gehaald."
            if counted
            else f"Over {inputs.heading(p.month)} is nog geen norm te beoordelen.",
            "Per norm: de realisatie over de laatste volledige maand, het laatste volledige kwartaal en het jaar tot "
            "nu toe, het oordeel in woorden en het verloop over de laatste 13 maanden.",
        ],
        tiles=tiles,
        sections=[Section("Aantallen", tables=[volume_table])] if volumes else [],
        csv=_rows_of(inputs, [*normed_codes(inputs), *volumes], _all_labels(inputs)),
    )


def _key_table(inputs: DashboardInputs, codes: Sequence[str], caption: str) -> Table:
    totals, p = _totals(inputs.kpis), inputs.periods
    rows = []
    for code in codes:
        norm = next((r["norm"] for q in p.shown if (r := totals.get((q.label, code))) is not None), None)
        norm_text = _norm_text(inputs, code, norm)
        rows.append(
            [
                Cell(_label(inputs, code), numeric=False, note=f"norm: {norm_text}" if norm_text else ""),
                *[_figure(inputs, totals.get((q.label, code)), code) for q in p.shown],
            ]
        )
    small = any(r["klein_aantal"] for q in p.shown for c in codes if (r := totals.get((q.label, c))) is not None)
    return Table(
        caption,
        ["Indicator", *[inputs.heading(q) for q in p.shown]],
        rows,
        notes=[_small_note(inputs)] if small else [],
    )


def _small_note(inputs: DashboardInputs) -> str:
    n = inputs.report.min_records
    if inputs.public:
        return f"Niet getoond: een percentage of gemiddelde over minder dan {n} waarnemingen wordt niet gepubliceerd."
    return f"* Klein aantal: minder dan {n} waarnemingen. Het getal staat er, maar zonder oordeel over de norm."


def _group_name(prefix: str, value: str, inputs: DashboardInputs) -> str:
    if prefix == "kanaal":
        return CHANNEL_NAMES.get(value, value)
    if prefix == "product" and value in inputs.report.product_names:
        return f"{inputs.report.product_names[value]} ({value})"
    return value


def breakdown_tables(inputs: DashboardInputs, codes: Sequence[str], period: Period) -> list[Table]:
    """Per kind of group (team, zaaktype, product, locatie, kanaal): one table, a row per group and a
    column per KPI that has that group, over `period`."""
    rows = inputs.kpis.filter(
        pl.col("kpi").is_in(list(codes)) & (pl.col("periode") == period.label) & pl.col("groep").is_not_null()
    ).with_columns(
        soort=pl.col("groep").str.split_exact("=", 1).struct.field("field_0"),
        naam=pl.col("groep").str.splitn("=", 2).struct.field("field_1"),
    )
    tables = []
    for prefix in dict.fromkeys(rows["soort"].to_list()):
        mine = rows.filter(pl.col("soort") == prefix)
        kpis = sorted(set(mine["kpi"]), key=lambda c: ORDER.get(c, 99))
        cells = {(r["naam"], r["kpi"]): r for r in mine.iter_rows(named=True)}
        names = sorted(
            set(mine["naam"]),
            key=lambda n: (
                prefix == "kanaal" and list(CHANNEL_NAMES).index(n) if n in CHANNEL_NAMES else 99,
                n.lower(),
            ),
        )
        tables.append(
            Table(
                f"{GROUP_NAMES.get(prefix, prefix)}, {inputs.heading(period)}",
                [prefix.capitalize(), *[inputs.report.texts[c].short for c in kpis]],
                [
                    [
                        Cell(_group_name(prefix, n, inputs), numeric=False),
                        *[_figure(inputs, cells.get((n, c)), c, "") for c in kpis],
                    ]
                    for n in names
                ],
                notes=[_small_note(inputs)] if mine["klein_aantal"].any() else [],
            )
        )
    return tables


def channel_chart(inputs: DashboardInputs, period: Period) -> Chart | None:
    """The contacts per channel over `period` as bars, with their table."""
    rows = inputs.kpis.filter(
        (pl.col("kpi") == "kanaal_contacten") & (pl.col("periode") == period.label) & pl.col("groep").is_not_null()
    )
    if rows.is_empty():
        return None
    found = {r["groep"].split("=", 1)[1]: r for r in rows.iter_rows(named=True)}
    names = [k for k in CHANNEL_NAMES if k in found]
    values = [found[k]["waarde"] for k in names]
    heading = inputs.heading(period)
    biggest = max(names, key=lambda k: found[k]["waarde"] or 0)
    return Chart(
        "bar",
        f"Contacten per kanaal, {heading}",
        f"Staafdiagram: contacten per kanaal over {heading}; de meeste via {CHANNEL_NAMES[biggest].lower()} "
        f"({value_text(found[biggest]['waarde'], 'kanaal_contacten')}). De cijfers staan in de tabel bij de grafiek.",
        [CHANNEL_NAMES[k] for k in names],
        [Series("Contacten", values)],
        Table(
            f"Contacten per kanaal, {heading}",
            ["Kanaal", "Contacten"],
            [
                [Cell(CHANNEL_NAMES[k], numeric=False), Cell(value_text(found[k]["waarde"], "kanaal_contacten"))]
                for k in names
            ],
        ),
    )


def domain_page(inputs: DashboardInputs, slug: str) -> Page:
    domain = DOMAIN_PAGES[slug]
    codes = codes_of(domain)
    totals, p = _totals(inputs.kpis), inputs.periods
    labels = {q.label for q in [*p.shown, *p.months]}
    found = set(inputs.kpis.filter(pl.col("periode").is_in(list(labels)))["kpi"])
    present = [c for c in codes if c in found]
    totals_present = [c for c in present if any((q.label, c) in totals for q in p.shown)]
    title, source = page_source(inputs, domain)
    if not present:
        return Page(slug, domain, title, [f"Er zijn geen gegevens over {domain.lower()} van {inputs.gemeente}."])
    sections = [Section("Kerncijfers", tables=[_key_table(inputs, totals_present, f"{domain}: kerncijfers")])]
    charts = [c for code in present if BY_CODE[code].norm and (c := trend_chart(inputs, code, small=False))]
    if slug == "kanalen" and (bars := channel_chart(inputs, p.year)):
        charts.insert(0, bars)
    if charts:
        sections.append(Section("Verloop", charts=charts))
    # Kanalen: its only breakdown (contacts per channel) is the bar chart's table already
    if slug != "kanalen" and (tables := breakdown_tables(inputs, present, p.year)):
        sections.append(
            Section(
                f"Uitsplitsingen, {inputs.heading(p.year)}",
                [f"De uitsplitsingen over het jaar tot nu toe ({inputs.heading(p.year)})."],
                tables=tables,
            )
        )
    return Page(
        slug,
        domain,
        title,
        [f"Bron: {source}."],
        sections=sections,
        csv=_rows_of(inputs, present, _all_labels(inputs), [p.year.label]),
    )


PLAIN_NUMBER = re.compile(r"-?\d+,\d+")  # "7,1": the sheet's text of a grade (its column is text for its width)
DAY = re.compile(r"\d\d-\d\d-\d{4}")
SHEET_UNITS = {"pct": NBSP + "%", "percentage": NBSP + "%", "seconden_s": NBSP + "s", "dagen_d": NBSP + "dagen"}


def sheet_table(table: SheetTable, min_records: int, public: bool) -> Table:
    """A table of the appendix (`reports.tables.Table`) as a dashboard table: the same frame and headers,
    its numbers in Dutch. Used for the Ambities sheet, so the page shows what the appendix shows."""
    columns = table.shown_columns
    out = []
    for row in table.frame.iter_rows(named=True):
        cells = []
        for c in columns:
            value, key = (
                row[c],
                table.number_formats.get(c) or (row[table.row_formats[c]] if c in table.row_formats else None),
            )
            if isinstance(value, float):
                # the sheet's format key: its unit, its decimals (a figure beside its verdict has as many as
                # it takes to agree with it: theme.with_decimals) and the small-number mark
                base, decimals, small = theme.key_parts(key or "")
                if small and public:
                    cells.append(Cell("niet getoond", f"minder dan {min_records} waarnemingen", "geen"))
                    continue
                shown = (0 if base == "aantal" else 1) if decimals is None else decimals
                text = dutch_number(value, shown) + SHEET_UNITS.get(base, "")
                cells.append(Cell(text + ("*" if small else "")))
            elif key == "oordeel" and value is not None:
                words, klass = oordeel_words(value)
                cells.append(Cell(words, words, klass, numeric=False))
            elif isinstance(value, int):
                cells.append(Cell("" if public and value < min_records else dutch_number(value, 0)))
            elif isinstance(value, str) and (PLAIN_NUMBER.fullmatch(value) or DAY.fullmatch(value)):
                cells.append(Cell(value))  # a number the sheet holds as text, or a peildatum: one line, like a number
            else:
                cells.append(Cell("" if value is None else unbroken(str(value)), numeric=False))
        out.append(cells)
    return Table(table.title, [table.label(c) for c in columns], out, notes=list(table.notes))


def _reading_first(table: SheetTable) -> SheetTable:
    """A table of the Ambities sheet with what a reader looks for first: the target, its realisation over
    the reported period, the verdict, the streefwaarde and the peildatum; then what it is measured with,
    the years before, plateau and spoor. The sheet's own frame, only its columns in another order: on a
    phone, and beside the wide target texts on a desk, the columns at the end scroll out of sight."""
    columns = table.frame.columns
    if "ambitie" not in columns:  # the Burgerpeiling beside Klant in Focus: five columns, as on the sheet
        return table
    realisations = sorted((c for c in columns if re.fullmatch(r"p\d+", c)), key=lambda c: int(c[1:]))
    first = ["ambitie", *realisations[-1:], "gehaald", "streefwaarde", "peildatum", "waarnemingen"]
    last = ["plateau", "spoor"]
    head = [c for c in first if c in columns]
    tail = [c for c in last if c in columns]
    order = head + [c for c in columns if c not in head and c not in tail] + tail
    return replace(table, frame=table.frame.select(order))


def ambitions_page(inputs: DashboardInputs) -> Page:
    from reports.ambitions_report import ambitions_sheet

    report = inputs.report
    sheet = ambitions_sheet(replace(report, kpis=inputs.kpis, period=inputs.periods.year))
    title = "Ambities van het programma"
    if sheet is None:
        return Page(
            "ambities",
            "Ambities",
            title,
            [
                f"Dit dashboard volgt voor {inputs.gemeente} geen ambities van het {PROGRAMME}"
                + (
                    "."
                    if inputs.public
                    else ": ze zijn niet ingesteld ([report] ambitions_for), of de gegevens meten minder dan de "
                    "helft ervan."
                )
            ],
        )
    blocks = [_reading_first(b) for b in sheet.blocks if isinstance(b, SheetTable)]
    text = [b for b in sheet.blocks if isinstance(b, str)]
    codes = sorted({a.kpi for a in AMBITIONS if a.kpi}, key=lambda c: ORDER[c])
    labels = [inputs.periods.year.label, *[y.label for y in inputs.periods.earlier_years]]
    return Page(
        "ambities",
        "Ambities",
        title,
        text,
        sections=[Section(b.title, tables=[sheet_table(b, report.min_records, inputs.public)]) for b in blocks],
        csv=_rows_of(inputs, codes, labels),
    )


DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
OPEN_CHANNELS = {  # kanaal -> (what is expected, the channel as a place that is open or closed)
    "telefoon": ("telefoongesprekken", "de telefoon"),
    "balie": ("afspraken", "de balie"),
}


def _hour_ranges(hours: list[int]) -> str:
    """[9, 10, 11, 14] -> '09:00-12:00 en 14:00-15:00'."""
    runs: list[list[int]] = []
    for h in sorted(hours):
        if runs and h == runs[-1][-1] + 1:
            runs[-1].append(h)
        else:
            runs.append([h])
    return dutch_list(f"{r[0]:02d}:00-{r[-1] + 1:02d}:00" for r in runs)


def opening_notes(frame: pl.DataFrame, public: bool) -> list[str]:
    """Where the forecast (its rows' `opmerking`) and the configured opening hours disagree: contacts
    expected in hours the opening hours call closed (`transforms.prognosis.NOTE_DISAGREE`), per channel
    in words: which days and hours, how many contacts in all. The forecast follows the history; the
    internal build adds what to check. Names no queue (the rows have none)."""
    notes = []
    flagged = frame.filter(pl.col("opmerking").fill_null("").str.contains(NOTE_DISAGREE, literal=True)).with_columns(
        start=pl.col("interval_start").str.to_datetime("%Y-%m-%dT%H:%M", strict=False)
    )
    for kanaal, (what, place) in OPEN_CHANNELS.items():
        mine = flagged.filter(pl.col("kanaal") == kanaal)
        if mine.is_empty():
            continue
        slots = mine.select(day=pl.col("start").dt.weekday() - 1, hour=pl.col("start").dt.hour()).unique()
        days = []
        for day in sorted(set(slots["day"])):
            hours = slots.filter(pl.col("day") == day)["hour"].to_list()
            days.append(DAY_NAMES[day] + (f" {_hour_ranges(hours)}" if kanaal == "telefoon" else ""))
        total = dutch_number(float(mine["voorspelling"].sum()), 0)
        until = frame.filter(pl.col("kanaal") == kanaal)["interval_start"].max()
        notes.append(
            f"De prognose verwacht {what} op {dutch_list(days)} (samen {total} in de prognose tot en met "
            f"{str(until)[8:10]}-{str(until)[5:7]}-{str(until)[:4]}), terwijl "
            f"{place} dan volgens de ingestelde openingstijden gesloten is. De prognose volgt wat er de afgelopen "
            "tijd gebeurde."
            + (
                ""
                if public
                else " Klopt dat niet, pas dan de openingstijden aan in de configuratie; klopt het wel, meld het "
                "dan aan de beheerder van de Dienstverleningsmonitor."
            )
        )
    return notes


def prognosis_page(inputs: DashboardInputs) -> Page:
    """The latest forecast (prognose.csv of `dvm prognose`): per channel the expected contacts per week;
    internally also the phone's roster for the first week."""
    frame = inputs.prognosis
    title = "Prognose: de drukte van de komende weken"
    if frame is None or frame.is_empty():
        return Page(
            "prognose",
            "Prognose",
            title,
            [f"Er is nog geen prognose voor {inputs.gemeente}. Die maakt de wekelijkse prognose-run ('dvm prognose')."],
        )
    start = pl.col("interval_start").str.to_datetime("%Y-%m-%dT%H:%M", strict=False)
    rows = frame.with_columns(start=start).with_columns(week=pl.col("start").dt.truncate("1w").dt.date())
    # whole weeks only: a week the forecast enters after its Monday (it starts the day after the last day
    # with data) would read as a quiet week
    whole = rows.group_by("kanaal", "week").agg(first=pl.col("start").min().dt.date())
    rows = rows.join(whole.filter(pl.col("first") == pl.col("week")).drop("first"), on=["kanaal", "week"], how="semi")
    names = {"telefoon": "Telefoon (aangeboden gesprekken)", "balie": "Balie (afspraken)", "digitaal": "Digitaal"}
    per_week = rows.group_by("kanaal", "week").agg(pl.col("voorspelling").sum()).sort("week")
    weeks = sorted(set(per_week["week"]))
    channels = [k for k in names if k in set(per_week["kanaal"])]
    found = {(r["kanaal"], r["week"]): r["voorspelling"] for r in per_week.iter_rows(named=True)}
    table = Table(
        "Verwachte contacten per week",
        ["Week van", *[names[k] for k in channels]],
        [
            [
                Cell(f"{w:%d-%m-%Y}", numeric=False),
                *[Cell(value_text(found.get((k, w)), "kanaal_contacten")) for k in channels],
            ]
            for w in weeks
        ],
        notes=["Alleen hele weken vanaf maandag. Het 80 %-interval per uur, dag of week staat in prognose.csv."],
    )
    charts = []
    if "telefoon" in channels:
        values = [found.get(("telefoon", w)) for w in weeks]
        charts.append(
            Chart(
                "bar",
                "Verwachte telefoongesprekken per week",
                f"Staafdiagram: verwachte aangeboden telefoongesprekken per week, {weeks[0]:%d-%m-%Y} tot en met "
                f"de week van {weeks[-1]:%d-%m-%Y}. De cijfers staan in de tabel bij de grafiek.",
                [f"{w:%d-%m}" for w in weeks],
                [Series("Telefoon", values)],
                Table(
                    "Verwachte telefoongesprekken per week",
                    ["Week van", "Gesprekken"],
                    [
                        [Cell(f"{w:%d-%m-%Y}", numeric=False), Cell(value_text(v, "tel_aangeboden"))]
                        for w, v in zip(weeks, values, strict=True)
                    ],
                ),
            )
        )
    # a disagreement with the opening hours first: it says how far to trust the figures below
    notes = opening_notes(frame, inputs.public)
    sections = [Section("Let op: openingstijden", notes)] if notes else []
    sections.append(Section("Verwachte contacten", tables=[table], charts=charts))
    if not inputs.public:
        phone = rows.filter((pl.col("kanaal") == "telefoon") & pl.col("agents_rooster").is_not_null())
        if not phone.is_empty():
            first: date = phone["week"].min()  # type: ignore[assignment]
            week = phone.filter(pl.col("week") == first).with_columns(dag=pl.col("start").dt.date())
            per_day = (
                week.group_by("dag")
                .agg(pl.col("agents_rooster").max().alias("max"), pl.col("voorspelling").sum().alias("gesprekken"))
                .sort("dag")
            )
            sections.append(
                Section(
                    "Rooster telefoon",
                    [
                        f"Te roosteren medewerkers voor de telefoon in de week van {first:%d-%m-%Y} (Erlang C, met "
                        "verzuim). Per uur staat het aantal in prognose.csv."
                    ],
                    tables=[
                        Table(
                            "Rooster telefoon, eerste week",
                            ["Dag", "Verwachte gesprekken", "Hoogste aantal medewerkers in een uur"],
                            [
                                [
                                    Cell(f"{WEEKDAYS[r['dag'].weekday()]} {r['dag']:%d-%m-%Y}", numeric=False),
                                    Cell(dutch_number(r["gesprekken"], 0)),
                                    Cell(dutch_number(r["max"], 0)),
                                ]
                                for r in per_day.iter_rows(named=True)
                            ],
                        )
                    ],
                )
            )
    return Page("prognose", "Prognose", title, [], sections=sections, download=("prognose.csv", "De prognose (CSV)"))


def quality_page(inputs: DashboardInputs) -> Page:
    """Internal only: what the data covers, what was quarantined, what the configuration does not know."""
    r = inputs.report
    coverage = r.coverage if r.coverage is not None else pl.DataFrame()
    sections = [
        Section(
            "Wat de gegevens beslaan",
            tables=[
                Table(
                    "Eerste en laatste dag met gegevens per bron",
                    ["Bron", "Eerste dag", "Laatste dag"],
                    [
                        [
                            Cell(SOURCE_NAMES.get(c["bron"], c["bron"]), numeric=False),
                            Cell(dutch_date(c["van"])),
                            Cell(dutch_date(c["tot"])),
                        ]
                        for c in coverage.iter_rows(named=True)
                    ],
                )
            ],
        )
    ]
    checks = r.checks
    failed = checks.filter(~pl.col("geslaagd")) if not checks.is_empty() else checks
    sections.append(
        Section(
            "Controles",
            [f"{checks.height} controles op de gegevens en de cijfers; {failed.height} met afwijkingen."],
            tables=[
                Table(
                    "Controles met afwijkingen",
                    ["Controle", "Gegevens", "Kritiek", "Afwijkend"],
                    [
                        [
                            Cell(c["verwachting"], numeric=False),
                            Cell(c["dataset"], numeric=False),
                            Cell("ja" if c["kritiek"] else "nee", numeric=False),
                            Cell(dutch_number(c["afwijkend"] or 0, 0)),
                        ]
                        for c in failed.iter_rows(named=True)
                    ],
                )
            ]
            if failed.height
            else [],
        )
    )
    if r.quarantine.height:
        sections.append(
            Section(
                "Quarantaine",
                ["Rijen en bestanden die niet zijn geladen, met de reden."],
                tables=[
                    Table(
                        "In quarantaine",
                        ["Bestand", "Regel", "Aantal", "Voorbeeld van de reden"],
                        [
                            [
                                Cell(str(q["bron_bestand"]), numeric=False),
                                Cell(str(q["regel"]), numeric=False),
                                Cell(dutch_number(q["aantal"], 0)),
                                Cell(str(q["voorbeeld_reden"] or ""), numeric=False),
                            ]
                            for q in r.quarantine.iter_rows(named=True)
                        ],
                    )
                ],
            )
        )
    if r.unknown.height:
        sections.append(
            Section(
                "Nog niet ingesteld",
                ["Waarden in de exports die de configuratie nog niet kent; ze tellen in geen cijfer mee."],
                tables=[
                    Table(
                        "Onbekende waarden",
                        ["Soort", "Waarde", "Aantal"],
                        [
                            [
                                Cell(str(u["soort"]), numeric=False),
                                Cell(str(u["waarde"]), numeric=False),
                                Cell(dutch_number(u["aantal"], 0)),
                            ]
                            for u in r.unknown.iter_rows(named=True)
                        ],
                    )
                ],
            )
        )
    files = r.files
    rejected = files.filter(pl.col("status") != "geladen")
    per_source = (
        files.filter(pl.col("status") == "geladen")
        .group_by("bron")
        .agg(n=pl.len(), gelezen=pl.col("rijen_gelezen").sum(), quarantaine=pl.col("rijen_quarantaine").sum())
        .sort("bron")
    )
    sections.append(
        Section(
            "Bestanden",
            [
                f"{files.height - rejected.height} exportbestanden leveren de cijfers van {inputs.gemeente}; "
                f"{rejected.height} afgewezen."
            ],
            tables=[
                Table(
                    "Geladen bestanden per bron",
                    ["Bron", "Bestanden", "Rijen gelezen", "Rijen in quarantaine"],
                    [
                        [
                            Cell(SOURCE_NAMES.get(f["bron"], str(f["bron"])), numeric=False),
                            Cell(dutch_number(f["n"], 0)),
                            Cell(dutch_number(f["gelezen"] or 0, 0)),
                            Cell(dutch_number(f["quarantaine"] or 0, 0)),
                        ]
                        for f in per_source.iter_rows(named=True)
                    ],
                ),
                Table(
                    "Alle bestanden",
                    ["Bestand", "Status", "Exportmoment"],
                    [
                        [
                            Cell(str(f["bron_bestand"]), numeric=False),
                            Cell(str(f["status"] or ""), numeric=False),
                            Cell(_stamp(f["export_stempel"]), numeric=False),
                        ]
                        for f in files.iter_rows(named=True)
                    ],
                    folded=True,
                ),
            ],
        )
    )
    return Page("datakwaliteit", "Datakwaliteit", "Datakwaliteit", [], sections=sections)


def _stamp(text: str | None) -> str:
    """An export moment '20250102T070000' as '02-01-2025 07:00'; anything else as it is."""
    text = text or ""
    if len(text) >= 13 and text[:8].isdigit() and text[8] == "T" and text[9:13].isdigit():
        return f"{text[6:8]}-{text[4:6]}-{text[:4]} {text[9:11]}:{text[11:13]}"
    return text


ACCESSIBILITY = [
    "Deze site wil voldoen aan de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA, de eis voor "
    "websites van de overheid (EN 301 549). Elke pagina wordt bij elke wijziging van de software automatisch "
    "getest met axe-core op de regels van WCAG 2.1 A en AA, zonder internetverbinding en op een scherm van "
    "320 pixels breed.",
    "Elke grafiek heeft een beschrijving in tekst en dezelfde cijfers in een tabel. Een oordeel staat er altijd "
    "in woorden, nooit alleen als kleur. De site werkt zonder JavaScript, met het toetsenbord, en met tekst tot "
    "200 % vergroot.",
    "Loopt u toch tegen een probleem aan? Meld het bij de gemeente; wij lossen het op.",
]


def about_page(inputs: DashboardInputs, store_version: int) -> Page:
    texts, r = inputs.report.texts, inputs.report
    definitions = []
    norms = {
        row["kpi"]: row["norm"]
        for row in r.kpis.filter(pl.col("norm").is_not_null()).unique("kpi").iter_rows(named=True)
    }
    for kpi in KPIS:
        t = texts[kpi.code]
        norm = _norm_text(inputs, kpi.code, norms.get(kpi.code))
        description = (
            t.definition + (f" Belofte: {t.promise}." if t.promise else "") + (f" Norm: {norm}." if norm else "")
        )
        definitions.append((f"{t.label} ({kpi.code})", description))
    sources = [page_source(inputs, d)[1] for d in DOMAINS if d != CHANNELS_DOMAIN]  # each source's own domain
    return Page(
        "over",
        "Over deze cijfers",
        "Over deze cijfers",
        [
            f"De cijfers van {inputs.gemeente} komen uit de exports van de bronsystemen, elke nacht bijgewerkt door "
            "de Dienstverleningsmonitor; het zijn dezelfde cijfers als in de bijlage bij de P&C-documenten "
            "(kpis.csv).",
            f"Laatste dag met gegevens: {dutch_date(inputs.last_day) or 'geen'}. Opslagversie: {store_version}. "
            f"Gemaakt op {inputs.made:%d-%m-%Y} om {inputs.made:%H:%M}.",
            "Een periode die de gegevens niet helemaal beslaan, zegt tot welke dag de gegevens lopen ('t/m 05-12'); "
            "het oordeel is dan 'voorlopig'. Een percentage of gemiddelde over minder dan "
            f"{r.min_records} waarnemingen krijgt geen oordeel"
            + (" en wordt niet gepubliceerd." if inputs.public else " en is gemarkeerd met *."),
        ],
        sections=[
            Section("Bronnen", [f"{s[0].upper()}{s[1:]}." for s in sources]),
            Section("Definities", definitions=definitions),
            Section("Toegankelijkheid", ACCESSIBILITY),
        ],
        csv=inputs.kpis.filter(pl.col("periode").is_in(_all_labels(inputs))).select(CSV_COLUMNS),
    )


def site_headline(inputs: DashboardInputs) -> str:
    p = inputs.periods
    totals = _totals(inputs.kpis)
    judged = [verdict_words(totals.get((p.month.label, c)))[1] for c in normed_codes(inputs)]
    met = sum(c in ("ja", "voorlopig-ja") for c in judged)
    counted = sum(c in ("ja", "nee", "voorlopig-ja", "voorlopig-nee") for c in judged)
    if not counted:
        return f"Over {inputs.heading(p.month)} is nog geen norm te beoordelen."
    missed = [
        _label(inputs, c) for c, k in zip(normed_codes(inputs), judged, strict=True) if k in ("nee", "voorlopig-nee")
    ]
    return f"{met} van de {counted} beoordeelde normen gehaald in {inputs.heading(p.month)}." + (
        f" Niet gehaald: {dutch_list(_lower_first(m) for m in missed)}." if missed else ""
    )


def gemeente_site(inputs: DashboardInputs, store_version: int) -> GemeenteSite:
    """Every page of one gemeente, in menu order; the public build without the internal page."""
    pages = [
        overview_page(inputs),
        *[domain_page(inputs, slug) for slug in DOMAIN_PAGES],
        ambitions_page(inputs),
        prognosis_page(inputs),
        *([] if inputs.public else [quality_page(inputs)]),
        about_page(inputs, store_version),
    ]
    files = {}
    if inputs.prognosis is not None and not inputs.prognosis.is_empty():
        frame = inputs.prognosis
        if inputs.public:  # the roster is internal
            frame = frame.drop("agents_nodig", "agents_rooster", "servicelevel_verwacht", "aht_s", strict=False)
        files["prognose.csv"] = frame.write_csv(null_value="", line_terminator="\n").encode("utf-8")
    return GemeenteSite(
        inputs.gemeente,
        safe_component(inputs.gemeente),
        site_headline(inputs),
        pages,
        f"Gemaakt op {inputs.made:%d-%m-%Y %H:%M}; gegevens t/m {dutch_date(inputs.last_day) or '–'}; "
        f"opslagversie {store_version}.",
        files,
    )
