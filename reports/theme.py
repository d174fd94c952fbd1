"""The one place that decides how the workbook looks: fonts, formats, colours, page setup.

Content (`reports.tables`, `reports.telephony_report`) refers to number formats
by the keys of `NUMBER_FORMATS`; `reports.excel` turns them into xlsxwriter
formats. Percentages arrive as 0-100 numbers (not fractions), so they get the
plain `0.0` format and the unit "%" is stated in the label or the Eenheid column.
"""

from __future__ import annotations

FONT = "Calibri"
TITLE = {"bold": True, "font_size": 14, "font_name": FONT}
SUBTITLE = {"bold": True, "font_size": 11, "font_name": FONT}
TEXT = {"font_name": FONT, "font_size": 10, "valign": "top"}
WRAP = {"text_wrap": True}  # added to text longer than MAX_WIDTH
PARAGRAPH = {"font_name": FONT, "font_size": 10}
NOTE = {"font_name": FONT, "font_size": 9, "italic": True, "font_color": "#404040"}
HEADER = {"bold": True, "font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "top",
          "bottom": 1}

TABLE_STYLE = "Table Style Light 9"
TABLE_AUTOFILTER = False  # filter buttons do not belong in a printed appendix

# Number-format keys used by content -> Excel number format.
NUMBER_FORMATS: dict[str, str] = {
    "aantal": "#,##0",
    "percentage": "0.0",  # 0-100, unit "%" in the label
    "seconden": "0.0",
    "dagen": "0.0",
    "decimaal": "0.0",
    "tekst": "@",
    "datum": "dd-mm-yyyy",
    "datumtijd": "dd-mm-yyyy hh:mm",
}
# Boolean keys: every boolean is written as text "ja"/"nee" (never colour alone);
# "oordeel" also colours it green (true = good, e.g. norm gehaald) or red.
BOOLEAN_KEYS = ("ja_nee", "oordeel")
YES, NO = "ja", "nee"
NORM_MET = {"bg_color": "#C6EFCE", "font_color": "#006100"}
NORM_MISSED = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}

# Catalogue kind (dvm.catalogue.Kpi.kind) -> number-format key.
KIND_FORMATS = {"aantal": "aantal", "percentage": "percentage", "gemiddelde": "decimaal", "mediaan": "decimaal"}


def format_key_for_kind(kind: str) -> str:
    return KIND_FORMATS.get(kind, "decimaal")


# Column widths in characters.
MIN_WIDTH, MAX_WIDTH = 8, 70  # longer text wraps (a SHA-256 hash is 64)

# Page setup: A4 landscape, one page wide, page x of y in the footer. (The renderer repeats
# the table header on printed pages and freezes panes under it on sheets with one table.)
PAPER_A4 = 9
LANDSCAPE = True
FIT_TO_PAGES = (1, 0)  # width, height (0 = as many pages as needed)
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.7}  # inches
FOOTER_PAGES = "&P van &N"  # "3 van 7"

# Charts.
CHART_SIZE = {"x_scale": 1.6, "y_scale": 1.3}  # of xlsxwriter's 480 x 288 px
CHART_ROWS_BELOW = 22  # rows a chart takes when placed below a table (288 * 1.3 / 20 px + margin)
CHART_FONT = {"name": FONT, "size": 9}
SERIES_COLOURS = ["#1F4E79", "#9DC3E6", "#C55A11", "#548235", "#7F6000", "#7030A0"]
LINE_COLOURS = ["#C55A11", "#548235", "#7030A0", "#7F6000"]
NORM_COLOUR = "#C00000"
NORM_DASH = "dash"
