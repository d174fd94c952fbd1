"""The dashboard's page models: plain data, every text finished (Dutch, numbers formatted), no HTML.
`content` fills them from finished frames, `svg` draws the charts, `site` lays them out with the
templates. A chart always carries the table with its numbers (WCAG 1.1.1: the text alternative)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl

VerdictClass = Literal["ja", "nee", "voorlopig-ja", "voorlopig-nee", "geen", ""]


@dataclass(frozen=True)
class Cell:
    text: str
    verdict: str = ""  # the verdict in words ("gehaald", "voorlopig niet gehaald"); never colour alone
    verdict_class: VerdictClass = ""
    numeric: bool = True  # right-aligned
    note: str = ""  # a second, smaller line (a row header's norm)


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[str]  # headers; the first column holds the row headers (th scope="row")
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    folded: bool = False  # a long list: under a <details> that opens it


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


@dataclass(frozen=True)
class Chart:
    kind: Literal["line", "bar"]
    title: str  # the figcaption
    description: str  # one sentence: the aria-label of the svg
    categories: list[str]  # the labels under the axis ("nov", "dec", ...), one per value
    series: list[Series]
    table: Table  # the same numbers
    unit: str = ""  # "%" for a percentage axis (0-100)
    norm: float | None = None
    norm_label: str = ""
    small: bool = False  # a sparkline in a tile: no axes, the table folded under it
    partial: list[bool] = field(default_factory=list)  # per category: a period the data does not fully cover


@dataclass(frozen=True)
class Tile:
    label: str  # the indicator
    headline: str  # one sentence that states the message
    verdict_class: VerdictClass
    periods: list[tuple[str, Cell]]  # period heading -> value with its verdict
    norm: str  # "minimaal 80 %"
    trend: Chart | None


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    definitions: list[tuple[str, str]] = field(default_factory=list)  # term -> description (a <dl>)


@dataclass(frozen=True)
class Page:
    slug: str  # file name without .html ("index", "telefonie")
    nav: str  # its name in the menu
    title: str  # the h1
    intro: list[str] = field(default_factory=list)
    tiles: list[Tile] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    csv: pl.DataFrame | None = None  # the page's figures, KPI rows (kpis.csv columns) -> <slug>.csv
    download: tuple[str, str] | None = None  # another file to offer: (file name, link text)


@dataclass(frozen=True)
class GemeenteSite:
    gemeente: str
    folder: str  # core.paths.safe_component
    headline: str  # for the site index
    pages: list[Page]
    footer: str  # made on, data up to, store version
    files: dict[str, bytes] = field(default_factory=dict)  # extra files to copy in (prognose.csv)
