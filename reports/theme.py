"""The one place that decides how the workbook looks: fonts, formats, colours, page geometry.

Content (`reports.tables` and the sheet builders) refers to number formats by
the keys of `NUMBER_FORMATS`; `reports.excel` turns them into xlsxwriter
formats. Percentages arrive as 0-100 numbers (not fractions): `percentage`
shows the bare number (the unit stands in the header), `pct` adds " %". A key
ending in "*" marks a small number: the same format with an asterisk.

Page geometry is in points. Column widths follow LibreOffice's model, the wider
of the two programs (measured: a column of w characters prints 5.55 w + 3.9 pt
wide in LibreOffice with Carlito, 5.25 w + 3.75 pt in Excel with Calibri), so a
sheet laid out to fit here fits in both.
"""

from __future__ import annotations

import math

FONT = "Calibri"  # LibreOffice prints it with its metric twin Carlito, shipped in reports/fonts/
BODY_SIZE, NOTE_SIZE, HEADER_SIZE, SUBTITLE_SIZE, TITLE_SIZE = 10, 9, 10, 11, 14
TITLE = {"bold": True, "font_size": TITLE_SIZE, "font_name": FONT, "valign": "top"}
SUBTITLE = {"bold": True, "font_size": SUBTITLE_SIZE, "font_name": FONT, "valign": "bottom"}
TEXT = {"font_name": FONT, "font_size": BODY_SIZE, "valign": "top"}
WRAP = {"text_wrap": True}
PARAGRAPH = {"font_name": FONT, "font_size": BODY_SIZE, "valign": "top"}
NOTE = {"font_name": FONT, "font_size": NOTE_SIZE, "italic": True, "font_color": "#404040", "valign": "top"}
HEADER = {"bold": True, "font_name": FONT, "font_size": HEADER_SIZE, "text_wrap": True, "valign": "bottom", "bottom": 1}
# a column of numbers and its header: right-aligned, indented one character from the column's right edge
# so they never touch the text of the next column
NUMBER_HEADER = {**HEADER, "align": "right", "indent": 1}
NUMBER = {"align": "right", "indent": 1}
INDENT_CHARS = 1.6  # what that indent takes of a column, in characters
SECTION = {"bold": True, "font_name": FONT, "font_size": BODY_SIZE, "valign": "bottom", "top": 1, "bg_color": "#F2F2F2"}
COVER_TITLE = {"bold": True, "font_size": 22, "font_name": FONT, "font_color": "#1F4E79", "valign": "top"}
COVER_SUBTITLE = {"font_size": 14, "font_name": FONT, "valign": "top"}

TABLE_STYLE = "Table Style Light 1"
TABLE_AUTOFILTER = False  # filter buttons do not belong in a printed appendix

# Number-format keys used by content -> Excel number format.
NUMBER_FORMATS: dict[str, str] = {
    "aantal": "#,##0",
    "percentage": "0.0",  # 0-100, unit "%" in the header
    "pct": '0.0" %"',  # 0-100 with its unit, for a column that mixes units (Samenvatting)
    "seconden": "0.0",
    "seconden_s": '0.0" s"',
    "dagen": "0.0",
    "dagen_d": '0.0" d"',
    "decimaal": "0.0",
    "tekst": "@",
    "datum": "dd-mm-yyyy",
    "datumtijd": "dd-mm-yyyy hh:mm",
}
SMALL_MARK = "*"  # after a key: a ratio over a small number of records
DECIMALS_MARK = ":"  # "pct:2": the key's format with 2 decimals (a figure shown precisely enough to agree
# with its verdict, reports.phrases.agreeing_decimals); "pct:2*" with the small-number asterisk too


def key_parts(key: str) -> tuple[str, int | None, bool]:
    """A format key's base key, its decimals (None: the base's own) and whether it marks a small number."""
    small = key.endswith(SMALL_MARK)
    base, _, decimals = (key[:-1] if small else key).partition(DECIMALS_MARK)
    return base, int(decimals) if decimals else None, small


def with_decimals(key: str, decimals: int) -> str:
    """`key` showing `decimals` decimals (a key of one decimal, the default, stays as it is)."""
    base, _, small = key_parts(key)
    return base + (f"{DECIMALS_MARK}{decimals}" if decimals != 1 else "") + (SMALL_MARK if small else "")


def number_format(key: str) -> str | None:
    """The Excel format of a key, with its decimals and the small-number asterisk the key asks for."""
    base, decimals, small = key_parts(key)
    code = NUMBER_FORMATS.get(base)
    if code is None:
        return None
    if decimals is not None and "0.0" in code:
        code = code.replace("0.0", "0" + ("." + "0" * decimals if decimals else ""), 1)
        # the unit after a no-break space: LibreOffice prints 0.00" %" without the cell's indent (it takes
        # it for its own percent format), so the figure would touch the verdict beside it
        code = code.replace('" ', '"\u00a0')
    return code + f'"{SMALL_MARK}"' if small else code


def formatted(value: float, key: str | None) -> str:
    """Roughly the text a number shows in its format: what its column must be wide enough for."""
    base, decimals, small = key_parts(key or "")
    mark = SMALL_MARK if small else ""
    d = 1 if decimals is None else decimals
    if base == "aantal":
        text = f"{value:,.0f}"
    elif base in ("percentage", "seconden", "dagen", "decimaal"):
        text = f"{value:,.{d}f}"
    elif base == "pct":
        text = f"{value:,.{d}f} %"
    elif base == "seconden_s":
        text = f"{value:,.{d}f} s"
    elif base == "dagen_d":
        text = f"{value:,.{d}f} d"
    else:
        text = f"{value:g}"
    return text + mark


# Boolean keys: every boolean is written as text "ja"/"nee" (never colour alone);
# "oordeel" also colours it (true = good, e.g. norm gehaald) - and colours a verdict text.
BOOLEAN_KEYS = ("ja_nee", "oordeel")
YES, NO = "ja", "nee"
NORM_MET = {"bg_color": "#C6EFCE", "font_color": "#006100"}
NORM_MISSED = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
PROVISIONAL_MET = {"bg_color": "#E2F0D9", "font_color": "#375623"}
PROVISIONAL_MISSED = {"bg_color": "#FCE4D6", "font_color": "#843C0C"}
NO_VERDICT = {"font_color": "#595959"}
SCALE_LOW, SCALE_HIGH = "#FFFFFF", "#F4B183"  # a colour scale (agents to roster): white to orange; the number stays
VERDICT_COLOURS = {
    "ja": NORM_MET,
    "nee": NORM_MISSED,
    "voorlopig ja": PROVISIONAL_MET,
    "voorlopig nee": PROVISIONAL_MISSED,
}

# Catalogue kind (core.catalogue.Kpi.kind) -> number-format key in a detail column / in the summary.
KIND_FORMATS = {"aantal": "aantal", "percentage": "percentage", "gemiddelde": "decimaal", "mediaan": "decimaal"}
UNIT_FORMATS = {"%": "pct", "seconden": "seconden_s", "kalenderdagen": "dagen_d"}


def format_key_for_kind(kind: str) -> str:
    return KIND_FORMATS.get(kind, "decimaal")


def summary_format_key(kind: str, unit: str) -> str:
    """A realisation in the Samenvatting shows its unit in the cell: 80.5 %, 42.0 s, 6.0 d, 1,234."""
    if kind == "aantal":
        return "aantal"
    return UNIT_FORMATS.get(unit, "decimaal")


# --- page geometry (points) -----------------------------------------------------------------------
PAPER_A4 = 9
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28  # A4 landscape
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.7}  # inches, as xlsxwriter takes them
PRINTABLE_WIDTH = PAGE_WIDTH - 72 * (MARGINS["left"] + MARGINS["right"])  # 769.9
PRINTABLE_HEIGHT = PAGE_HEIGHT - 72 * (MARGINS["top"] + MARGINS["bottom"])  # 501.7
WIDTH_BUDGET = PRINTABLE_WIDTH - 12  # what the columns of a sheet may take together (a margin for rounding)
HEIGHT_BUDGET = PRINTABLE_HEIGHT - 4  # what the rows of a page may take together
FOOTER_PAGES = "&P van &N"  # "3 van 7"
FOOTER_SHEET = " - blad &A"  # after the footer text: the sheet's name

CHAR_POINTS, COLUMN_PADDING = 5.55, 3.9  # LibreOffice: a column of w characters is 5.55 w + 3.9 pt
CELL_INSET = 6.0  # points of a column that text cannot use (left and right inset, and a margin)
MIN_WIDTH, MAX_WIDTH = 5, 60  # column widths in characters; wider text wraps
ROW_HEIGHT = 14.0  # a row of one line of body text (10 pt)
SPACER_HEIGHT = 8.0  # an empty row between blocks
TITLE_HEIGHT = 24.0
SUBTITLE_HEIGHT = 20.0


PIXEL = 0.75  # points: both programs keep a row's height in whole pixels (at 96 dpi)


def whole_pixels(points: float) -> float:
    """A height rounded up to whole pixels: what Excel and LibreOffice make of it (measured: a row set to
    14 pt prints 14.25 pt high). Heights set this way mean the same in both programs and the layout."""
    return math.ceil(points / PIXEL - 1e-9) * PIXEL


def column_points(chars: float) -> float:
    return CHAR_POINTS * chars + COLUMN_PADDING


def chars_for_points(points: float) -> float:
    return max(0.0, (points - COLUMN_PADDING) / CHAR_POINTS)


def line_height(size: float) -> float:
    """Height of one wrapped line of text (Carlito/Calibri: 1.22 x the size), rounded up to a half point."""
    return math.ceil(size * 1.25 * 2) / 2


def row_height(lines: int, size: float = BODY_SIZE) -> float:
    """A row that shows `lines` lines of text of `size` points: the default row, one line higher per
    extra line."""
    return ROW_HEIGHT + max(0, lines - 1) * line_height(size)


# --- charts ---------------------------------------------------------------------------------------
CHART_FULL_WIDTH = PRINTABLE_WIDTH - 30  # points; LibreOffice draws charts a little wider than Excel
CHART_GAP = 12.0  # between two half-width charts
CHART_ROWS = {"full": 13, "half": 13}  # a chart's height in default rows (182 pt)
CHART_FONT = {"name": FONT, "size": 9}
CHART_TITLE_FONT = {"name": FONT, "size": 10, "bold": True}
SERIES_COLOURS = ["#1F4E79", "#9DC3E6", "#C55A11", "#548235", "#7F6000", "#7030A0"]
LINE_COLOURS = ["#1F4E79", "#C55A11", "#548235", "#7030A0"]
NORM_COLOUR = "#C00000"
NORM_DASH = "dash"
NORM_DASHES = ("long_dash", "round_dot", "dash_dot")  # more norm lines on one chart
CHART_DATA_SHEET = "Grafiekgegevens"  # hidden: the series the charts draw


def axis_bounds(values: list[float], norm: float | None, kind: str, from_zero: bool) -> tuple[float, float]:
    """A y axis that shows the data and the norm line: from 0 for columns and counts, otherwise
    from a round number below the lowest value; a percentage axis never beyond 0-100."""
    low, high, _ = axis_scale(values, norm, kind, from_zero)
    return low, high


def axis_scale(values: list[float], norm: float | None, kind: str, from_zero: bool) -> tuple[float, float, float]:
    """`axis_bounds` and the step between the axis's ticks: both bounds are multiples of the step, so
    every tick is a round number (70, 75, 80; not 75, 77, 79 as a program picks from the bounds alone)."""
    points = [v for v in values if v is not None and math.isfinite(v)] + ([norm] if norm is not None else [])
    if not points:
        return (0.0, 100.0, 20.0) if kind == "percentage" else (0.0, 1.0, 0.2)
    low, high = min(points), max(points)
    spread = max(high - low, abs(high) * 0.05, 1.0)
    step = _nice_step(spread)
    top = math.ceil((high + spread * 0.15) / step) * step
    bottom = 0.0 if from_zero or kind != "percentage" else max(0.0, math.floor((low - spread * 0.25) / step) * step)
    if kind == "percentage":
        top = min(top, 100.0)
    return bottom, max(top, bottom + step), step


def _nice_step(spread: float) -> float:
    """A round step (1, 2 or 5 x a power of ten) that divides `spread` into about 5 parts (not 2.5: its
    ticks, 77.5, print as 78 on an axis without decimals)."""
    raw = spread / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
