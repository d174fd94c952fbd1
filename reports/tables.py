"""Report content as plain data: tables with title, source, units and notes;
charts that refer to a table; sheets; a workbook. No formatting here."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl


@dataclass(frozen=True)
class Table:
    title: str
    frame: pl.DataFrame
    source: str = ""
    units: str = ""
    notes: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # column -> Dutch header
    formats: dict[str, str] = field(default_factory=dict)  # column -> theme number format key


@dataclass(frozen=True)
class Chart:
    title: str
    table: int  # index of the Table block on the same sheet it draws from
    category: str  # column on the x axis
    columns: tuple[str, ...]  # series drawn as columns (primary axis)
    lines: tuple[str, ...] = ()  # series drawn as lines (secondary axis when columns exist)
    norm: float | None = None  # a horizontal norm line on the line axis
    y_title: str = ""
    alt_text: str = ""  # for screen readers: what the chart shows


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    blocks: tuple[Table | Chart | str, ...]  # a str is a paragraph of text


@dataclass(frozen=True)
class Workbook:
    sheets: tuple[Sheet, ...]
    title: str
    gemeente: str
    period: str
