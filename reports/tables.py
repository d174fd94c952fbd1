"""Report content as plain data: no xlsxwriter, no formatting decisions.

A `Table` is a finished frame with its title, source, units and notes (the
gptables model); `number_formats` and `row_formats` name keys of
`reports.theme.NUMBER_FORMATS` / `BOOLEAN_KEYS`, never Excel codes. A `Chart`
draws from a Table on the same sheet. A `Sheet` is an ordered list of blocks:
tables, charts and paragraphs (plain `str`). Everything a user reads is Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl

ChartKind = Literal["column", "stacked", "line", "column+line"]  # stacked: columns on top of each other


@dataclass(eq=False)
class Table:
    title: str
    frame: pl.DataFrame
    source: str = ""  # written below the table as "Bron: ..."
    units: str = ""  # written below the table as "Eenheid: ..."
    notes: list[str] = field(default_factory=list)  # one line each, below the table
    column_labels: dict[str, str] = field(default_factory=dict)  # column -> Dutch header (default: the name)
    number_formats: dict[str, str] = field(default_factory=dict)  # column -> theme key ("aantal", "oordeel", ...)
    # column -> another frame column holding a theme key per row (for a column that
    # mixes counts and percentages, like Realisatie). The key columns are not shown.
    row_formats: dict[str, str] = field(default_factory=dict)

    @property
    def shown_columns(self) -> list[str]:
        hidden = set(self.row_formats.values())
        return [c for c in self.frame.columns if c not in hidden]

    def label(self, column: str) -> str:
        return self.column_labels.get(column, column)


@dataclass(eq=False)
class Chart:
    title: str
    kind: ChartKind
    table: int | str  # the n-th Table on the same sheet (0 = first), or a Table's title
    category: str  # column on the horizontal axis
    series: list[str]  # primary axis: columns for "column"/"stacked"/"column+line", lines for "line"
    alt_text: str  # Dutch description for screen readers (required)
    secondary: list[str] = field(default_factory=list)  # lines on the secondary (right) axis
    norm: float | None = None  # horizontal norm line; on the secondary axis when `secondary` is set
    norm_label: str = "Norm"
    y_title: str = ""
    y2_title: str = ""
    y_max: float | None = None  # e.g. 100 for a percentage axis; None = Excel decides
    y2_max: float | None = None
    position: Literal["below", "beside"] = "below"  # below: where the block stands; beside: right of its table


@dataclass(eq=False)
class Sheet:
    name: str  # tab name, at most 31 characters
    title: str  # first row of the sheet
    blocks: list[Table | Chart | str] = field(default_factory=list)  # str = a line of explanatory text

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(eq=False)
class Workbook:
    sheets: list[Sheet]
    # Document properties: title, subject, author ("Dienstverleningsmonitor"), company (= gemeente),
    # optionally keywords, comments, category, manager.
    properties: dict[str, str] = field(default_factory=dict)
    footer_text: str = ""  # left part of every page footer; the right part is "&P van &N"
