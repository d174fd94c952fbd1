"""Render a `reports.tables.Workbook` with xlsxwriter and write it atomically.

Rules the renderer keeps:
- Every cell is written with an explicit type. Text goes through
  `write_string` and the workbook has `strings_to_formulas`, `strings_to_urls`
  and `strings_to_numbers` off, so text from an export that starts with `=`,
  `+`, `-` or `@` stays text and is never evaluated.
- Each Table is a real Excel table (`add_table`) whose header names are the
  Dutch labels; its title stands above it, "Bron:", "Eenheid:" and the notes
  below it. No merged cells anywhere.
- Null, NaN and infinite values become empty cells. Booleans become the text
  "ja"/"nee"; with theme key "oordeel" also green/red (never colour alone).
- A sheet with a single table freezes the panes under that table's header and
  repeats the header on every printed page. On a sheet with several tables a
  frozen or repeated header would stand above the wrong table, so there is none.
- A Chart draws from a Table on its sheet; a norm line is an extra constant
  series, written in a labelled helper column right of that table.
- The whole file is built in memory first; nothing touches the disk until it
  is complete (see `reports._atomic`). The same content and `created` give
  byte-identical files.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from reports import theme
from reports._atomic import atomic_write_bytes
from reports.tables import Chart, Sheet, Table, Workbook

_FORMAT_KEYS = set(theme.NUMBER_FORMATS) | set(theme.BOOLEAN_KEYS)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_FOOTER_MAX = 255  # Excel's limit; xlsxwriter drops a longer footer with only a warning


def write_workbook(book: Workbook, path: Path, created: datetime) -> Path:
    """Render `book` and write it to `path` atomically; returns `path`.

    `created` becomes the document's creation time (a naive value is taken as
    UTC); fixing it makes the output byte-identical for the same content.
    """
    data = render_workbook(book, created)
    return atomic_write_bytes(Path(path), data)


def render_workbook(book: Workbook, created: datetime) -> bytes:
    """The .xlsx file as bytes (no I/O)."""
    validate(book)
    buffer = io.BytesIO()
    xl = xlsxwriter.Workbook(buffer, {
        "in_memory": True,  # also fixes the zip entries' timestamps
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    xl.set_properties({"author": "Dienstverleningsmonitor", **book.properties, "created": created})
    renderer = _Renderer(xl, book)
    for sheet in book.sheets:
        renderer.sheet(sheet)
    xl.close()
    return buffer.getvalue()


# --- validation: fail before anything is written -------------------------------------------


def validate(book: Workbook) -> None:
    """Raise ValueError for content the renderer cannot lay out faithfully."""
    if not book.sheets:
        raise ValueError("een werkmap heeft minstens één blad nodig")
    seen: set[str] = set()
    for sheet in book.sheets:
        name = sheet.name
        if not name or len(name) > 31 or _SHEET_NAME_BAD.search(name) or name.startswith("'"):
            raise ValueError(f"ongeldige bladnaam {name!r} (1-31 tekens, niet []:*?/\\)")
        if name.lower() in seen:
            raise ValueError(f"bladnaam {name!r} komt twee keer voor")
        seen.add(name.lower())
        placed: list[int] = []
        for block in sheet.blocks:
            if isinstance(block, Table):
                _validate_table(sheet, block)
                placed.append(id(block))
            elif isinstance(block, Chart):
                _validate_chart(sheet, block)
                if id(_resolve_table(sheet, block)) not in placed:
                    raise ValueError(f"blad {name!r}: grafiek {block.title!r} staat voor haar tabel")
            elif not isinstance(block, str):
                raise ValueError(f"blad {name!r}: onbekend blok {type(block).__name__}")
    footer = f"&L{_escape_header(book.footer_text)}&R{theme.FOOTER_PAGES}"
    if len(footer) > _FOOTER_MAX:
        raise ValueError(f"voettekst is te lang ({len(footer)} > {_FOOTER_MAX} tekens)")


def _validate_table(sheet: Sheet, table: Table) -> None:
    where = f"blad {sheet.name!r}, tabel {table.title!r}"
    columns = set(table.frame.columns)
    for column, key_column in table.row_formats.items():
        if key_column not in columns:
            raise ValueError(f"{where}: kolom {key_column!r} voor de opmaak van {column!r} ontbreekt")
    shown = table.shown_columns
    if not shown:
        raise ValueError(f"{where}: geen kolommen")
    labels = [table.label(c).strip() for c in shown]
    if any(not label for label in labels):
        raise ValueError(f"{where}: lege kolomkop")
    if len({label.lower() for label in labels}) != len(labels):
        raise ValueError(f"{where}: kolomkoppen moeten uniek zijn: {labels}")
    for column, key in table.number_formats.items():
        if key not in _FORMAT_KEYS:
            raise ValueError(f"{where}: onbekende opmaak {key!r} voor kolom {column!r}")


def _validate_chart(sheet: Sheet, chart: Chart) -> None:
    where = f"blad {sheet.name!r}, grafiek {chart.title!r}"
    table = _resolve_table(sheet, chart)
    if chart.kind not in ("column", "stacked", "line", "column+line"):
        raise ValueError(f"{where}: onbekende soort {chart.kind!r}")
    if not chart.alt_text.strip():
        raise ValueError(f"{where}: alternatieve tekst (beschrijving) ontbreekt")
    if not chart.series:
        raise ValueError(f"{where}: geen reeksen")
    if chart.kind in ("column", "stacked") and chart.secondary:
        raise ValueError(f"{where}: secundaire as alleen bij 'line' of 'column+line'")
    if chart.kind == "column+line" and not chart.secondary:
        raise ValueError(f"{where}: 'column+line' heeft lijnen op de secundaire as nodig")
    missing = {chart.category, *chart.series, *chart.secondary} - set(table.shown_columns)
    if missing:
        raise ValueError(f"{where}: kolommen {sorted(missing)} staan niet in tabel {table.title!r}")


def _resolve_table(sheet: Sheet, chart: Chart) -> Table:
    tables = sheet.tables()
    if isinstance(chart.table, int):
        if not 0 <= chart.table < len(tables):
            raise ValueError(f"blad {sheet.name!r}: grafiek {chart.title!r} verwijst naar tabel {chart.table}, "
                             f"het blad heeft er {len(tables)}")
        return tables[chart.table]
    matches = [t for t in tables if t.title == chart.table]
    if len(matches) != 1:
        raise ValueError(f"blad {sheet.name!r}: grafiek {chart.title!r}: tabel {chart.table!r} niet eenduidig")
    return matches[0]


def _escape_header(text: str) -> str:
    """`&` starts a control code in Excel headers and footers."""
    return text.replace("&", "&&")


# --- rendering --------------------------------------------------------------------------------


@dataclass
class _Placed:
    """Where a table landed on its sheet."""
    title_row: int
    header_row: int
    first_row: int  # first data row
    last_row: int  # last data row (== first_row for an empty table: one empty row)
    height: int  # rows of data in the frame
    columns: list[str]
    next_free_col: int  # first column after the table and its helper columns, gap included
    helpers: dict[tuple[str, float], int] = field(default_factory=dict)


class _Renderer:
    def __init__(self, xl: xlsxwriter.Workbook, book: Workbook):
        self.xl, self.book = xl, book
        self.formats: dict[tuple, Format] = {}
        self.table_names: set[str] = set()

    def fmt(self, *parts: dict | None, num_key: str | None = None) -> Format:
        props: dict = {}
        for part in parts:
            props.update(part or {})
        if num_key in theme.NUMBER_FORMATS:
            props["num_format"] = theme.NUMBER_FORMATS[num_key]
        key = tuple(sorted(props.items()))
        if key not in self.formats:
            self.formats[key] = self.xl.add_format(props)
        return self.formats[key]

    # sheet

    def sheet(self, sheet: Sheet) -> None:
        ws = self.xl.add_worksheet(sheet.name)
        self.page_setup(ws)
        ws.write_string(0, 0, sheet.title, self.fmt(theme.TITLE))
        single_table = len(sheet.tables()) == 1
        row, widths = 2, {}
        placed: dict[int, _Placed] = {}  # id(table) -> placement
        table_index = 0
        for block in sheet.blocks:
            if isinstance(block, str):
                ws.write_string(row, 0, block, self.fmt(theme.PARAGRAPH))
                row += 1
            elif isinstance(block, Table):
                table_index += 1
                spot = self.table(ws, sheet, table_index, row, block, widths)
                placed[id(block)] = spot
                if single_table:
                    ws.freeze_panes(spot.header_row + 1, 0)
                    ws.repeat_rows(spot.header_row)
                row = spot.last_row + 1
                row = self.table_footnotes(ws, row, block) + 1
            else:
                table = _resolve_table(sheet, block)
                row = self.chart(ws, sheet, row, block, table, placed[id(table)], widths)
        for col, width in sorted(widths.items()):
            ws.set_column(col, col, min(max(width + 2, theme.MIN_WIDTH), theme.MAX_WIDTH))

    def page_setup(self, ws: Worksheet) -> None:
        ws.set_paper(theme.PAPER_A4)
        if theme.LANDSCAPE:
            ws.set_landscape()
        ws.fit_to_pages(*theme.FIT_TO_PAGES)
        ws.set_margins(**theme.MARGINS)
        ws.set_footer(f"&L{_escape_header(self.book.footer_text)}&R{theme.FOOTER_PAGES}")
        ws.hide_gridlines(2)

    # table

    def table(self, ws: Worksheet, sheet: Sheet, index: int, row: int, table: Table,
              widths: dict[int, int]) -> _Placed:
        ws.write_string(row, 0, table.title, self.fmt(theme.SUBTITLE))
        header = row + 1
        columns = table.shown_columns
        labels = [table.label(c) for c in columns]
        for c, label in enumerate(labels):
            widths[c] = max(widths.get(c, 0), min(len(label), 24))
        key_columns = {c: table.row_formats[c] for c in columns if c in table.row_formats}
        frame = table.frame.select(*columns, *sorted(set(key_columns.values())))
        for r, values in enumerate(frame.iter_rows(named=True), start=header + 1):
            for c, column in enumerate(columns):
                key = values[key_columns[column]] if column in key_columns else table.number_formats.get(column)
                if key is not None and key not in _FORMAT_KEYS:
                    raise ValueError(f"tabel {table.title!r}, kolom {column!r}: onbekende opmaak {key!r}")
                widths[c] = max(widths.get(c, 0), self.cell(ws, r, c, values[column], key))
        height = frame.height
        last = header + max(height, 1)  # Excel tables need a data row; an empty one if there is none
        ws.add_table(header, 0, last, len(columns) - 1, {
            "name": self.table_name(sheet.name, index),
            "style": theme.TABLE_STYLE,
            "autofilter": theme.TABLE_AUTOFILTER,
            "columns": [{"header": label, "header_format": self.fmt(theme.HEADER)} for label in labels],
        })
        return _Placed(title_row=row, header_row=header, first_row=header + 1, last_row=last, height=height,
                       columns=columns, next_free_col=len(columns) + 1)

    def table_footnotes(self, ws: Worksheet, row: int, table: Table) -> int:
        lines = []
        if table.frame.height == 0:
            lines.append("Geen gegevens.")
        if table.source:
            lines.append(f"Bron: {table.source}")
        if table.units:
            lines.append(f"Eenheid: {table.units}")
        lines += [n for n in table.notes if n]
        for line in lines:
            ws.write_string(row, 0, line, self.fmt(theme.NOTE))
            row += 1
        return row

    def table_name(self, sheet_name: str, index: int) -> str:
        stem = re.sub(r"\W", "_", sheet_name, flags=re.ASCII).strip("_") or "Blad"
        name, n = f"Tabel_{stem}_{index}", 1
        while name.lower() in self.table_names:
            n += 1
            name = f"Tabel_{stem}_{index}_{n}"
        self.table_names.add(name.lower())
        return name

    def cell(self, ws: Worksheet, row: int, col: int, value, key: str | None) -> int:
        """Write one value with an explicit type; returns its display width in characters."""
        if value is None:
            return 0
        if isinstance(value, bool):
            text = theme.YES if value else theme.NO
            colour = (theme.NORM_MET if value else theme.NORM_MISSED) if key == "oordeel" else None
            ws.write_string(row, col, text, self.fmt(theme.TEXT, colour))
            return len(text)
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                return 0
            ws.write_number(row, col, value, self.fmt(theme.TEXT, num_key=key))
            return _number_width(value, key)
        naive_datetime = isinstance(value, datetime) and value.tzinfo is None
        if naive_datetime or (isinstance(value, date) and not isinstance(value, datetime)):
            stamp = value if isinstance(value, datetime) else datetime.combine(value, time())
            num_key = key if key in ("datum", "datumtijd") else (
                "datumtijd" if isinstance(value, datetime) else "datum")
            ws.write_datetime(row, col, stamp, self.fmt(theme.TEXT, num_key=num_key))
            return 16 if num_key == "datumtijd" else 10
        if isinstance(value, datetime):  # with a time zone: Excel has none, so keep it readable as text
            text = value.isoformat(sep=" ")
        elif isinstance(value, (list, tuple)):
            text = ", ".join("" if v is None else str(v) for v in value)
        else:
            text = str(value)
        wrap = theme.WRAP if len(text) > theme.MAX_WIDTH else None
        ws.write_string(row, col, text, self.fmt(theme.TEXT, wrap))
        return max((len(part) for part in text.splitlines()), default=0)

    # chart

    def chart(self, ws: Worksheet, sheet: Sheet, row: int, chart: Chart, table: Table, spot: _Placed,
              widths: dict[int, int]) -> int:
        if spot.height == 0:
            ws.write_string(row, 0, f"Geen gegevens voor de grafiek '{chart.title}'.", self.fmt(theme.NOTE))
            return row + 2

        def ref(column: str) -> list:
            c = spot.columns.index(column)
            return [sheet.name, spot.first_row, c, spot.last_row, c]

        categories = ref(chart.category)
        one_point = spot.height == 1

        def series(column: str, colour: str, as_line: bool, y2: bool) -> dict:
            props: dict = {"name": table.label(column), "categories": categories, "values": ref(column)}
            if as_line:
                props["line"] = {"color": colour, "width": 2.25}
                props["marker"] = {"type": "circle", "size": 6, "fill": {"color": colour},
                                   "border": {"color": colour}}
            else:
                props["fill"] = {"color": colour}
                props["border"] = {"color": colour}
            if y2:
                props["y2_axis"] = True
            return props

        main = self.xl.add_chart({"type": "line"} if chart.kind == "line" else
                                 {"type": "column", "subtype": "stacked"} if chart.kind == "stacked" else
                                 {"type": "column"})
        for i, column in enumerate(chart.series):
            colours = theme.LINE_COLOURS if chart.kind == "line" else theme.SERIES_COLOURS
            main.add_series(series(column, colours[i % len(colours)], chart.kind == "line", False))
        needs_line_chart = chart.kind != "line" and (chart.secondary or chart.norm is not None)
        lines = self.xl.add_chart({"type": "line"}) if needs_line_chart else main
        for i, column in enumerate(chart.secondary):
            colour = theme.LINE_COLOURS[i % len(theme.LINE_COLOURS)]
            lines.add_series(series(column, colour, True, True))
        if chart.norm is not None:
            on_y2 = bool(chart.secondary)
            norm_col = self.norm_helper(ws, chart, table, spot, widths)
            lines.add_series({
                "name": chart.norm_label,
                "categories": categories,
                "values": [sheet.name, spot.first_row, norm_col, spot.last_row, norm_col],
                "line": {"color": theme.NORM_COLOUR, "width": 1.75, "dash_type": theme.NORM_DASH},
                "marker": ({"type": "dash", "size": 9, "fill": {"color": theme.NORM_COLOUR},
                            "border": {"color": theme.NORM_COLOUR}} if one_point else {"type": "none"}),
                **({"y2_axis": True} if on_y2 else {}),
            })
        axis_font = {"num_font": theme.CHART_FONT, "name_font": theme.CHART_FONT}
        y_axis = {"min": 0, **axis_font, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
        if chart.y_title:
            y_axis["name"] = chart.y_title
        y2_axis = {"min": 0, **axis_font}
        if chart.y2_title:
            y2_axis["name"] = chart.y2_title
        if chart.y_max is not None:
            y_axis["max"] = chart.y_max
        if chart.y2_max is not None:
            y2_axis["max"] = chart.y2_max
        main.set_y_axis(y_axis)
        main.set_x_axis({**axis_font})
        if chart.secondary:
            lines.set_y2_axis(y2_axis)
        if lines is not main:
            main.combine(lines)
        main.set_title({"name": chart.title, "name_font": {**theme.CHART_FONT, "size": 11, "bold": True}})
        main.set_legend({"position": "bottom", "font": theme.CHART_FONT})
        options = {"description": chart.alt_text, **theme.CHART_SIZE}
        if chart.position == "beside":
            ws.insert_chart(spot.title_row, spot.next_free_col + 1, main, options)
            return row
        ws.insert_chart(row, 0, main, options)
        return row + theme.CHART_ROWS_BELOW

    def norm_helper(self, ws: Worksheet, chart: Chart, table: Table, spot: _Placed,
                    widths: dict[int, int]) -> int:
        """A labelled column of the norm value right of the table: the data of the norm line."""
        key = (chart.norm_label, float(chart.norm))
        if key in spot.helpers:
            return spot.helpers[key]
        col = spot.next_free_col
        spot.helpers[key] = col
        spot.next_free_col = col + 1
        label = f"{chart.norm_label} (lijn in grafiek)"
        ws.write_string(spot.header_row, col, label, self.fmt(theme.HEADER))
        for r in range(spot.first_row, spot.last_row + 1):
            ws.write_number(r, col, float(chart.norm), self.fmt(theme.TEXT, num_key="decimaal"))
        widths[col] = max(widths.get(col, 0), min(len(label), 24))
        return col


def _number_width(value: float, key: str | None) -> int:
    if key == "aantal":
        return len(f"{value:,.0f}")
    if key in ("percentage", "seconden", "dagen", "decimaal"):
        return len(f"{value:,.1f}")
    return len(f"{value:g}") if isinstance(value, float) else len(str(value))
