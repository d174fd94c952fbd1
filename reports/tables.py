"""Report content as plain data: no xlsxwriter, no formatting decisions.

A `Table` is a finished frame with its title, source, units and notes (the
gptables model); `number_formats` and `row_formats` name keys of
`reports.theme.NUMBER_FORMATS` (or "oordeel", "ja_nee"), never Excel codes. A
`Chart` carries its own finished frame (category + series), which the renderer
keeps on a hidden data sheet, so printed tables never show chart helpers. A
`Sheet` is an ordered list of blocks: tables, charts and paragraphs (plain
`str`). Everything a user reads is Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl

ChartKind = Literal["column", "stacked", "line", "column+line"]  # stacked: columns on top of each other
AxisKind = Literal["aantal", "percentage"]  # a percentage axis stays within 0-100


@dataclass(eq=False)
class Table:
    title: str
    frame: pl.DataFrame
    source: str = ""  # written below the table as "Bron: ..."
    units: str = ""  # written below the table as "Eenheid: ..."
    notes: list[str] = field(default_factory=list)  # below the table, each wrapped to the page width
    column_labels: dict[str, str] = field(default_factory=dict)  # column -> Dutch header (default: the name)
    number_formats: dict[str, str] = field(default_factory=dict)  # column -> theme key ("aantal", "oordeel", ...)
    # column -> another frame column holding a theme key per row (for a column that
    # mixes counts and percentages, like Realisatie). The key columns are not shown.
    row_formats: dict[str, str] = field(default_factory=dict)
    # a frame column naming a row style ("sectie": a bold heading row inside the table); not shown
    row_styles: str | None = None
    min_widths: dict[str, float] = field(default_factory=dict)  # column -> at least this many characters
    # columns whose words print on one line (file names): as wide as their longest word, which breaks
    # only where the page cannot hold it otherwise (after every other column has wrapped as far as it can)
    whole_words: tuple[str, ...] = ()
    color_scale: list[str] = field(default_factory=list)  # numeric columns shaded together, light to dark

    @property
    def shown_columns(self) -> list[str]:
        hidden = {*self.row_formats.values(), *([self.row_styles] if self.row_styles else [])}
        return [c for c in self.frame.columns if c not in hidden]

    def label(self, column: str) -> str:
        return self.column_labels.get(column, column)


@dataclass(eq=False)
class Chart:
    title: str
    kind: ChartKind
    data: pl.DataFrame  # the category column and one column per series, in drawing order
    category: str  # column on the horizontal axis
    series: list[str]  # primary axis: columns for "column"/"stacked"/"column+line", lines for "line"
    alt_text: str  # Dutch description for screen readers (required)
    labels: dict[str, str] = field(default_factory=dict)  # series column -> legend name (default: the name)
    secondary: list[str] = field(default_factory=list)  # lines on the secondary (right) axis
    norm: float | None = None  # horizontal norm line; on the secondary axis when `secondary` is set
    norm_label: str = "Norm"
    # more norm lines (legend label -> value), each dashed in its own way, for a chart of several indicators
    # with different norms; on the primary axis
    norms: dict[str, float] = field(default_factory=dict)
    y_title: str = ""
    y2_title: str = ""
    y_kind: AxisKind = "aantal"  # how the renderer scales the axis to the data (and the norm)
    y2_kind: AxisKind = "percentage"
    width: Literal["full", "half"] = "full"  # half: two charts side by side

    def label(self, column: str) -> str:
        return self.labels.get(column, column)


@dataclass(eq=False)
class Text:
    """A paragraph in a style other than plain text: "groot" (the cover's title), "kop" (its subtitle),
    "tussenkop" (a heading between blocks). A plain `str` block is a paragraph ("alinea")."""

    text: str
    style: Literal["alinea", "groot", "kop", "tussenkop"] = "alinea"


@dataclass(eq=False)
class Sheet:
    name: str  # tab name, at most 31 characters
    title: str  # first row of the sheet
    blocks: list[Table | Chart | Text | str] = field(default_factory=list)  # str = a paragraph of text
    description: str = ""  # one line for the contents on the cover page

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(eq=False)
class Workbook:
    sheets: list[Sheet]
    # Document properties: title, subject, author ("Dienstverleningsmonitor"), company (= gemeente),
    # optionally keywords, comments, category, manager.
    properties: dict[str, str] = field(default_factory=dict)
    footer_text: str = ""  # left part of every page footer; the right part is "&P van &N"
