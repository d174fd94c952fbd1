"""Render a `reports.tables.Workbook` with xlsxwriter, laid out for paper, and write it atomically.

The workbook is a document a controller prints as it is, in Excel and in LibreOffice alike. Neither
program lays that out by itself (LibreOffice does not grow rows for wrapped text; fit-to-page shrinks
text instead of wrapping it), so the renderer does, from the font's metrics (`reports.text_metrics`):
- Column widths come from the content; a sheet's columns together fit the printable width of A4
  landscape at 100 % (no fit-to-page), wrapping the text columns where needed. Print size is the
  size of the theme: 10 pt body text, 9 pt notes.
- Every row gets the height its wrapped text needs; headers wrap and never run over the data.
- Paragraphs and notes are broken into lines that fit the page, one row each.
- Pages are broken between blocks: a table that fits on a page starts on a new page rather than
  being split, a table's title and header stay with its first rows, a chart is never split. A sheet
  with one table repeats that table's header on every page.
- Charts take the printable width (or half of it, two side by side); their series live on a hidden
  sheet, so no printed table shows chart helpers; axes are scaled to the data and the norm.

Rules it keeps as before:
- Every cell is written with an explicit type; `strings_to_formulas`, `strings_to_urls` and
  `strings_to_numbers` are off, so text from an export that starts with `=`, `+`, `-` or `@` stays
  text and is never evaluated.
- Each Table is a real Excel table (`add_table`) whose header names are the Dutch labels; title above,
  "Bron:", "Eenheid:" and notes below. No merged cells anywhere.
- Null, NaN and infinite values become empty cells. Booleans become "ja"/"nee"; with the key
  "oordeel" also coloured (never colour alone), as is a verdict text ("voorlopig ja", ...).
- The whole file is built in memory; nothing touches the disk until it is complete
  (`reports._atomic`). The same content and `created` give byte-identical files.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from reports import theme
from reports._atomic import atomic_write_bytes
from reports.tables import Chart, Sheet, Table, Text, Workbook
from reports.text_metrics import text_width, wrap

_FORMAT_KEYS = set(theme.NUMBER_FORMATS) | set(theme.BOOLEAN_KEYS)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_FOOTER_MAX = 255  # Excel's limit; xlsxwriter drops a longer footer with only a warning
_TEXT_STYLES = {
    "alinea": (theme.PARAGRAPH, theme.BODY_SIZE, False),
    "groot": (theme.COVER_TITLE, 22, True),
    "kop": (theme.COVER_SUBTITLE, 14, False),
    "tussenkop": (theme.SUBTITLE, theme.SUBTITLE_SIZE, True),
}


class LayoutError(ValueError):
    """Content that cannot be laid out on the page (a developer's error, found by the tests)."""


@dataclass(frozen=True)
class Rendered:
    data: bytes  # the .xlsx file
    pages: dict[str, int]  # sheet name -> printed pages, as laid out


def write_workbook(book: Workbook, path: Path, created: datetime) -> Path:
    """Render `book` and write it to `path` atomically; returns `path`.

    `created` becomes the document's creation time (a naive value is taken as
    UTC); fixing it makes the output byte-identical for the same content.
    """
    return atomic_write_bytes(Path(path), render(book, created).data)


def render_workbook(book: Workbook, created: datetime) -> bytes:
    """The .xlsx file as bytes (no I/O)."""
    return render(book, created).data


def render(book: Workbook, created: datetime) -> Rendered:
    validate(book)
    buffer = io.BytesIO()
    xl = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,  # also fixes the zip entries' timestamps
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    xl.set_properties({"author": "Dienstverleningsmonitor", **book.properties, "created": created})
    renderer = _Renderer(xl, book)
    sheets = [(xl.add_worksheet(sheet.name), sheet) for sheet in book.sheets]
    if any(isinstance(b, Chart) for sheet in book.sheets for b in sheet.blocks):
        renderer.data_sheet = xl.add_worksheet(theme.CHART_DATA_SHEET)
        renderer.data_sheet.hide()
    pages = {sheet.name: renderer.sheet(ws, sheet) for ws, sheet in sheets}
    xl.close()
    return Rendered(buffer.getvalue(), pages)


# --- validation: fail before anything is written -------------------------------------------


def validate(book: Workbook) -> None:
    """Raise ValueError for content the renderer cannot lay out faithfully."""
    if not book.sheets:
        raise ValueError("een werkmap heeft minstens één blad nodig")
    seen: set[str] = {theme.CHART_DATA_SHEET.lower()}
    for sheet in book.sheets:
        name = sheet.name
        if not name or len(name) > 31 or _SHEET_NAME_BAD.search(name) or name.startswith("'"):
            raise ValueError(f"ongeldige bladnaam {name!r} (1-31 tekens, niet []:*?/\\)")
        if name.lower() in seen:
            raise ValueError(f"bladnaam {name!r} komt twee keer voor")
        seen.add(name.lower())
        for block in sheet.blocks:
            if isinstance(block, Table):
                _validate_table(sheet, block)
            elif isinstance(block, Chart):
                _validate_chart(sheet, block)
            elif not isinstance(block, (str, Text)):
                raise ValueError(f"blad {name!r}: onbekend blok {type(block).__name__}")
    footer = f"&L{_escape_header(book.footer_text)}{theme.FOOTER_SHEET}&R{theme.FOOTER_PAGES}"
    if len(footer) > _FOOTER_MAX:
        raise ValueError(f"voettekst is te lang ({len(footer)} > {_FOOTER_MAX} tekens)")


def _known_key(key: str) -> bool:
    return theme.key_parts(key)[0] in _FORMAT_KEYS


def _validate_table(sheet: Sheet, table: Table) -> None:
    where = f"blad {sheet.name!r}, tabel {table.title!r}"
    columns = set(table.frame.columns)
    for column, key_column in table.row_formats.items():
        if key_column not in columns:
            raise ValueError(f"{where}: kolom {key_column!r} voor de opmaak van {column!r} ontbreekt")
    if table.row_styles is not None and table.row_styles not in columns:
        raise ValueError(f"{where}: kolom {table.row_styles!r} voor de rijstijl ontbreekt")
    shown = table.shown_columns
    if not shown:
        raise ValueError(f"{where}: geen kolommen")
    labels = [table.label(c).strip() for c in shown]
    if any(not label for label in labels):
        raise ValueError(f"{where}: lege kolomkop")
    if len({label.lower() for label in labels}) != len(labels):
        raise ValueError(f"{where}: kolomkoppen moeten uniek zijn: {labels}")
    for column, key in table.number_formats.items():
        if not _known_key(key):
            raise ValueError(f"{where}: onbekende opmaak {key!r} voor kolom {column!r}")


def _validate_chart(sheet: Sheet, chart: Chart) -> None:
    where = f"blad {sheet.name!r}, grafiek {chart.title!r}"
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
    missing = {chart.category, *chart.series, *chart.secondary} - set(chart.data.columns)
    if missing:
        raise ValueError(f"{where}: kolommen {sorted(missing)} ontbreken in de gegevens van de grafiek")


def _escape_header(text: str) -> str:
    """`&` starts a control code in Excel headers and footers."""
    return text.replace("&", "&&")


# --- column widths --------------------------------------------------------------------------------


def _display(value, key: str | None) -> str:
    """The text a cell shows, for measuring."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, bool):
        return theme.YES if value else theme.NO
    if isinstance(value, (int, float)):
        return theme.formatted(float(value), key)
    if isinstance(value, datetime):
        return "00-00-0000 00:00" if value.tzinfo is None else value.isoformat(sep=" ")
    if isinstance(value, date):
        return "00-00-0000"
    if isinstance(value, (list, tuple)):
        return ", ".join("" if v is None else str(v) for v in value)
    return str(value)


@dataclass
class _Need:
    """What one column needs: `least` characters (never narrower), `wish` (one line where sensible),
    `whole` (its words unbroken: given up only after every other column is at its least)."""

    least: float = theme.MIN_WIDTH
    wish: float = theme.MIN_WIDTH
    wraps: bool = False  # holds text that may wrap
    whole: float = 0.0

    def merge(self, other: _Need) -> None:
        self.least, self.wish = max(self.least, other.least), max(self.wish, other.wish)
        self.wraps = self.wraps or other.wraps
        self.whole = max(self.whole, other.whole)


def _chars(points: float) -> float:
    return theme.chars_for_points(points + theme.CELL_INSET) + 0.3


def _column_need(table: Table, column: str, cells: list[tuple[object, str | None]]) -> _Need:
    label = table.label(column)
    header_word = max(text_width(w, theme.HEADER_SIZE, bold=True) for w in label.split())
    header_full = text_width(label, theme.HEADER_SIZE, bold=True)
    texts = [(_display(v, k), isinstance(v, str)) for v, k in cells]
    widest = max((text_width(t, theme.BODY_SIZE) for t, _ in texts), default=0.0)
    is_text = any(is_str for _, is_str in texts)
    floor = table.min_widths.get(column, theme.MIN_WIDTH)
    if not is_text and column not in table.min_widths:  # numbers, dates, ja/nee never wrap; headers in ~3 lines
        least = max(floor, _chars(max(widest, header_word)) + (theme.INDENT_CHARS if _numeric(cells) else 0))
        return _Need(least, max(least, _chars(header_full / 3)), False)
    longest_word = max((text_width(w, theme.BODY_SIZE) for t, _ in texts for w in t.split()), default=0.0)
    least = max(floor, _chars(max(header_word, min(longest_word, 110.0), min(widest, 60.0))))
    wish = min(max(least, _chars(widest), _chars(header_full / 2)), theme.MAX_WIDTH)
    whole = max(least, _chars(longest_word)) if column in table.whole_words else 0.0
    return _Need(least, max(least, wish, whole), True, whole)


_TEXT_KEYS = {"oordeel", "ja_nee", "tekst", None}


def _numeric(cells: list[tuple[object, str | None]]) -> bool:
    """A column of numbers, or formatted for numbers where it is empty (its header is right-aligned)."""
    values = [v for v, _ in cells if v is not None]
    if values:
        return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    return bool(cells) and all(k not in _TEXT_KEYS for _, k in cells)


def _fit(needs: dict[int, _Need], budget: float, where: str) -> dict[int, float]:
    """Widths (characters) per column index: what each wishes, narrowed where text can wrap until
    the columns together fit `budget` points."""
    widths = {i: n.wish for i, n in needs.items()}

    def total() -> float:
        return sum(theme.column_points(w) for w in widths.values())

    def above(floor: Callable[[_Need], float], text_only: bool) -> list[int]:
        return [i for i, n in needs.items() if (n.wraps or not text_only) and widths[i] > floor(n) + 0.01]

    # text columns wrap first; then headers of numbers wrap down to their longest word; a column of whole
    # words (file names) breaks a word last, when the page cannot hold it otherwise
    def kept(n: _Need) -> float:
        return max(n.least, n.whole)

    def broken(n: _Need) -> float:
        return n.least

    while total() > budget:
        floor = kept
        shrinkable = above(kept, True) or above(kept, False)
        if not shrinkable:
            floor, shrinkable = broken, above(broken, False)
        if not shrinkable:
            raise LayoutError(
                f"{where}: kolommen passen niet op de paginabreedte "
                f"{[(round(n.least, 1), round(widths[i], 1)) for i, n in needs.items()]}"
                f"({total():.0f} pt, beschikbaar {budget:.0f} pt)"
            )
        widest = max(shrinkable, key=lambda i: widths[i])
        excess = (total() - budget) / theme.CHAR_POINTS
        widths[widest] = max(floor(needs[widest]), widths[widest] - max(1.0, min(excess, widths[widest] / 10)))
    return widths


# --- the page layout: rows with heights, grouped in blocks ------------------------------------------


@dataclass
class _Row:
    height: float  # points; kept in whole pixels, as the programs keep it
    write: Callable[[Worksheet, int], None] | None = None
    keep_next: bool = False  # a heading row: never the last row of a page

    def __post_init__(self) -> None:
        self.height = theme.whole_pixels(self.height)


@dataclass
class _Block:
    rows: list[_Row]
    keep_head: int = 1  # the first rows that stay together (title, header and the first data rows)
    with_next: bool = False  # text that introduces the next block: it goes to a new page with it
    keep_tail: int = 0  # the last rows that stay together (the last data rows with the notes under them)
    whole: bool = False  # start on a new page rather than split, when the block fits on one page
    header: int | None = None  # index of the block's header row (repeated on each page of a 1-table sheet)
    place: Callable[[Worksheet, int], None] | None = None  # after writing: tables, charts (at the first row)

    @property
    def height(self) -> float:
        return sum(r.height for r in self.rows)


def _introduction(blocks: list[_Block], n: int) -> list[_Block]:
    """The blocks right before block n that introduce it (`with_next`)."""
    out: list[_Block] = []
    for before in reversed(blocks[:n]):
        if not before.with_next:
            break
        out.insert(0, before)
    return out


def _long_last_table(blocks: list[_Block]) -> _Block | None:
    """On a sheet of several tables, the last one when it starts on the first page and runs over more
    pages (Verantwoording's source files, a long quarantine): its header repeats on every later page.
    A printed header row repeats from the top of each page, so it must not lie beyond the first."""
    if not blocks or blocks[-1].header is None or any(b.header is None and b.place for b in blocks):
        return None  # no table last, or a chart on the sheet
    breaks, _ = _paginate(blocks, 0.0)
    header_at = sum(len(b.rows) for b in blocks[:-1]) + blocks[-1].header
    return blocks[-1] if breaks and breaks[0] > header_at + 1 else None


def _paginate(blocks: list[_Block], repeat: float) -> tuple[list[int], int]:
    """Rows (absolute indices) before which a page break goes, and the number of pages.
    `repeat` is the height of the repeated header on every page after the first."""
    budget, y, index, breaks = theme.HEIGHT_BUDGET, 0.0, 0, []

    def new_page(at: int) -> float:
        breaks.append(at)
        return repeat

    for n, block in enumerate(blocks):
        head = sum(r.height for r in block.rows[: block.keep_head])
        room = budget - y
        lead = 0.0  # with an introduction before it, this block starts where the introduction started
        for before in reversed(blocks[:n]):
            if not before.with_next:
                break
            lead += before.height
        fits_whole = block.whole and block.height <= budget - repeat - lead
        if y > repeat and ((fits_whole and block.height > room) or head > room):
            if lead and y - lead > repeat:  # move the introduction along: break before it
                breaks.append(index - sum(len(b.rows) for b in _introduction(blocks, n)))
                y = repeat + lead
            else:
                y = new_page(index)
        tail_start = len(block.rows) - block.keep_tail
        for i, row in enumerate(block.rows):
            following = block.rows[i + 1].height if row.keep_next and i + 1 < len(block.rows) else 0.0
            if i == tail_start and i > block.keep_head:  # the tail goes together, or to the next page
                following = sum(r.height for r in block.rows[i + 1 :])
            if y + row.height + following > budget and y > repeat:
                y = new_page(index)
            y += row.height
            index += 1
    return breaks, len(breaks) + 1


# --- rendering --------------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, xl: xlsxwriter.Workbook, book: Workbook):
        self.xl, self.book = xl, book
        self.formats: dict[tuple, Format] = {}
        self.table_names: set[str] = set()
        self.data_sheet: Worksheet | None = None
        self.data_col = 0  # next free column on the hidden chart-data sheet

    def fmt(self, *parts: dict | None, num_key: str | None = None) -> Format:
        props: dict = {}
        for part in parts:
            props.update(part or {})
        if num_key and (code := theme.number_format(num_key)):
            props["num_format"] = code
        key = tuple(sorted(props.items()))
        if key not in self.formats:
            self.formats[key] = self.xl.add_format(props)
        return self.formats[key]

    # sheet

    def sheet(self, ws: Worksheet, sheet: Sheet) -> int:
        """Lay out and write one sheet; returns its number of printed pages."""
        self.page_setup(ws)
        tables = sheet.tables()
        cells = {id(t): self.table_cells(t) for t in tables}
        needs: dict[int, _Need] = {}
        for table in tables:
            for i, column in enumerate(table.shown_columns):
                needs.setdefault(i, _Need()).merge(_column_need(table, column, cells[id(table)][column]))
        widths = _fit(needs, theme.WIDTH_BUDGET, f"blad {sheet.name!r}")
        # a last column takes up what the page has left: paragraphs and charts span the printable
        # width, and the print area (set below) ends there, so nothing spills onto an extra page
        used = sum(theme.column_points(w) for w in widths.values())
        if theme.WIDTH_BUDGET - used > 2 * theme.COLUMN_PADDING:
            widths[len(widths)] = theme.chars_for_points(theme.WIDTH_BUDGET - used)
        for i, width in widths.items():
            ws.set_column(i, i, round(width, 2))
        self.widths = widths

        # a sheet of text and one table repeats the table's header on every printed page
        single = len(tables) == 1 and not any(isinstance(b, Chart) for b in sheet.blocks)
        blocks = [self.title_block(sheet.title)] if sheet.title else []
        charts: list[Chart] = []
        for block in [*sheet.blocks, None]:
            if isinstance(block, Chart) and block.width == "half" and block.data.height:
                charts.append(block)
                if len(charts) == 2:
                    blocks.append(self.chart_block(sheet, charts))
                    charts = []
                continue
            if charts:
                blocks.append(self.chart_block(sheet, charts))
                charts = []
            if isinstance(block, Chart):
                blocks.append(
                    self.chart_block(sheet, [block])
                    if block.data.height
                    else self.text_block(f"Geen gegevens voor de grafiek '{block.title}'.")
                )
            elif isinstance(block, Table):
                blocks.append(self.table_block(sheet, block, cells[id(block)], widths))
            elif isinstance(block, (str, Text)):
                blocks.append(self.text_block(block))

        repeated = next((b for b in blocks if b.header is not None), None) if single else _long_last_table(blocks)
        header_height = 0.0 if repeated is None or repeated.header is None else repeated.rows[repeated.header].height
        breaks, pages = _paginate(blocks, header_height)
        row = 0
        for b in blocks:
            first = row
            for r in b.rows:
                ws.set_row(row, r.height)  # every row explicitly: LibreOffice does not fit rows to text
                if r.write:
                    r.write(ws, row)
                row += 1
            if b.place:
                b.place(ws, first)
            if b is repeated and b.header is not None:
                if single:
                    ws.freeze_panes(first + b.header + 1, 0)
                ws.repeat_rows(first + b.header)
        if breaks:
            ws.set_h_pagebreaks(breaks)
        ws.print_area(0, 0, max(row - 1, 0), len(widths) - 1)
        return pages

    def page_setup(self, ws: Worksheet) -> None:
        ws.set_paper(theme.PAPER_A4)
        ws.set_landscape()
        ws.set_margins(**theme.MARGINS)
        ws.set_footer(f"&L{_escape_header(self.book.footer_text)}{theme.FOOTER_SHEET}&R{theme.FOOTER_PAGES}")
        ws.hide_gridlines(2)

    # blocks of text

    def title_block(self, title: str) -> _Block:
        lines = wrap(title, theme.WIDTH_BUDGET, theme.TITLE_SIZE, bold=True)
        rows = [_Row(theme.TITLE_HEIGHT, self.writer(line, self.fmt(theme.TITLE))) for line in lines]
        return _Block([*rows, _Row(theme.SPACER_HEIGHT)], keep_head=len(rows) + 1, with_next=True)

    def text_block(self, block: str | Text) -> _Block:
        text, style = (block, "alinea") if isinstance(block, str) else (block.text, block.style)
        props, size, bold = _TEXT_STYLES[style]
        lines = wrap(text, theme.WIDTH_BUDGET, size, bold=bold)
        height = max(theme.ROW_HEIGHT, theme.line_height(size) + 2)
        rows = [_Row(height, self.writer(line, self.fmt(props))) for line in lines]
        return _Block([*rows, _Row(theme.SPACER_HEIGHT)], keep_head=len(rows), with_next=True)

    def note_rows(self, lines: list[str]) -> list[_Row]:
        rows = []
        for line in lines:
            for part in wrap(line, theme.WIDTH_BUDGET, theme.NOTE_SIZE, italic=True):
                rows.append(_Row(theme.line_height(theme.NOTE_SIZE) + 2, self.writer(part, self.fmt(theme.NOTE))))
        return rows

    @staticmethod
    def writer(text: str, fmt: Format) -> Callable[[Worksheet, int], None]:
        return lambda ws, row: ws.write_string(row, 0, text, fmt)

    # tables

    def table_cells(self, table: Table) -> dict[str, list[tuple[object, str | None]]]:
        """Per shown column: (value, format key) of each row."""
        columns = table.shown_columns
        keys = {c: table.row_formats[c] for c in columns if c in table.row_formats}
        frame = table.frame
        out = {}
        for column in columns:
            values = frame[column].to_list()
            if column in keys:
                formats = frame[keys[column]].to_list()
            else:
                formats = [table.number_formats.get(column)] * frame.height
            for key in formats:
                if key is not None and not _known_key(key):
                    raise ValueError(f"tabel {table.title!r}, kolom {column!r}: onbekende opmaak {key!r}")
            out[column] = list(zip(values, formats, strict=True))
        return out

    def table_block(self, sheet: Sheet, table: Table, cells: dict[str, list], widths: dict[int, float]) -> _Block:
        columns = table.shown_columns
        labels = [table.label(c) for c in columns]
        usable = {i: theme.column_points(widths[i]) - theme.CELL_INSET for i in range(len(columns))}
        indent = theme.INDENT_CHARS * theme.CHAR_POINTS  # a column of numbers: its header is indented too
        wrapped = [
            wrap(label, usable[i] - (indent if _numeric(cells[c]) else 0), theme.HEADER_SIZE, bold=True)
            for i, (c, label) in enumerate(zip(columns, labels, strict=True))
        ]
        header_lines = max(len(lines) for lines in wrapped)
        # a header that wraps and holds a date ("2025 (01-07 t/m 31-12)") gets its line breaks written in:
        # LibreOffice would otherwise also break after a hyphen, inside the date ("(01-" / "07 t/m 31-")
        labels = [
            "\n".join(lines) if len(lines) > 1 and "-" in label else label
            for label, lines in zip(labels, wrapped, strict=True)
        ]
        styles = table.frame[table.row_styles].to_list() if table.row_styles else [None] * table.frame.height
        rows = [
            _Row(theme.SUBTITLE_HEIGHT, self.writer(table.title, self.fmt(theme.SUBTITLE))),
            _Row(theme.row_height(header_lines)),
        ]
        for r in range(table.frame.height):
            row_cells = [cells[c][r] for c in columns]
            lines = max(
                (
                    len(wrap(_display(v, k), usable[i], theme.BODY_SIZE))
                    for i, (v, k) in enumerate(row_cells)
                    if isinstance(v, str)
                ),
                default=1,
            )
            rows.append(
                _Row(theme.row_height(lines), self.row_writer(row_cells, styles[r]), keep_next=styles[r] == "sectie")
            )
        if table.frame.height == 0:
            rows.append(_Row(theme.ROW_HEIGHT))  # an Excel table needs a data row: an empty one
        notes = (
            (["Geen gegevens."] if table.frame.height == 0 else [])
            + ([f"Bron: {table.source}"] if table.source else [])
            + ([f"Eenheid: {table.units}"] if table.units else [])
            + [n for n in table.notes if n]
        )
        rows += [*self.note_rows(notes), _Row(theme.SPACER_HEIGHT)]
        data_rows = max(table.frame.height, 1)

        def place(ws: Worksheet, first: int) -> None:
            shaded = [columns.index(c) for c in table.color_scale if c in columns]
            if shaded and table.frame.height:  # one scale over all shaded columns: their values compare
                ws.conditional_format(
                    first + 2,
                    min(shaded),
                    first + 1 + data_rows,
                    max(shaded),
                    {"type": "2_color_scale", "min_color": theme.SCALE_LOW, "max_color": theme.SCALE_HIGH},
                )
            ws.add_table(
                first + 1,
                0,
                first + 1 + data_rows,
                len(columns) - 1,
                {
                    "name": self.table_name(sheet.name),
                    "style": theme.TABLE_STYLE,
                    "autofilter": theme.TABLE_AUTOFILTER,
                    "columns": [
                        {
                            "header": label,
                            "header_format": self.fmt(theme.NUMBER_HEADER if _numeric(cells[c]) else theme.HEADER),
                        }
                        for c, label in zip(columns, labels, strict=True)
                    ],
                },
            )

        notes_rows = len(rows) - 2 - data_rows  # the notes and the spacer under the table
        return _Block(
            rows,
            keep_head=2 + min(3, data_rows),
            whole=True,
            header=1,
            place=place,
            keep_tail=notes_rows + min(2, data_rows),
        )

    def row_writer(self, row_cells: list[tuple[object, str | None]], style: str | None):
        def write(ws: Worksheet, row: int) -> None:
            for c, (value, key) in enumerate(row_cells):
                self.cell(ws, row, c, value, key, style)

        return write

    def table_name(self, sheet_name: str) -> str:
        stem = re.sub(r"\W", "_", sheet_name, flags=re.ASCII).strip("_") or "Blad"
        n = 1
        while f"Tabel_{stem}_{n}".lower() in self.table_names:
            n += 1
        self.table_names.add(f"Tabel_{stem}_{n}".lower())
        return f"Tabel_{stem}_{n}"

    def cell(self, ws: Worksheet, row: int, col: int, value, key: str | None, style: str | None = None) -> None:
        """Write one value with an explicit type."""
        base = theme.SECTION if style == "sectie" else theme.TEXT
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            if style == "sectie":
                ws.write_blank(row, col, None, self.fmt(base))
            return
        if isinstance(value, bool):
            text = theme.YES if value else theme.NO
            colour = (theme.NORM_MET if value else theme.NORM_MISSED) if key == "oordeel" else None
            ws.write_string(row, col, text, self.fmt(base, colour))
            return
        if isinstance(value, (int, float)):
            ws.write_number(row, col, value, self.fmt(base, theme.NUMBER, num_key=key))
            return
        naive_datetime = isinstance(value, datetime) and value.tzinfo is None
        if naive_datetime or (isinstance(value, date) and not isinstance(value, datetime)):
            stamp = value if isinstance(value, datetime) else datetime.combine(value, time())
            num_key = (
                key if key in ("datum", "datumtijd") else ("datumtijd" if isinstance(value, datetime) else "datum")
            )
            ws.write_datetime(row, col, stamp, self.fmt(base, num_key=num_key))
            return
        if isinstance(value, datetime):  # with a time zone: Excel has none, so keep it readable as text
            text = value.isoformat(sep=" ")
        elif isinstance(value, (list, tuple)):
            text = ", ".join("" if v is None else str(v) for v in value)
        else:
            text = str(value)
        colour = theme.VERDICT_COLOURS.get(text, theme.NO_VERDICT) if key == "oordeel" else None
        ws.write_string(row, col, text, self.fmt(base, theme.WRAP, colour))

    # charts

    def chart_block(self, sheet: Sheet, charts: list[Chart]) -> _Block:
        size = "half" if charts[0].width == "half" else "full"
        rows = [_Row(theme.ROW_HEIGHT) for _ in range(theme.CHART_ROWS[size])]
        height = len(rows) * theme.ROW_HEIGHT - 4  # inside its rows: 2 pt from the top, 2 pt to spare
        rows.append(_Row(theme.SPACER_HEIGHT))
        width = theme.CHART_FULL_WIDTH if size == "full" else (theme.CHART_FULL_WIDTH - theme.CHART_GAP) / 2

        def place(ws: Worksheet, first: int) -> None:
            for n, chart in enumerate(charts):
                start = n * (width + theme.CHART_GAP)
                self.insert_chart(ws, sheet, first, chart, start, width, height)

        return _Block(rows, keep_head=len(rows), whole=True, place=place)

    def insert_chart(
        self, ws: Worksheet, sheet: Sheet, row: int, chart: Chart, start_pt: float, width_pt: float, height_pt: float
    ) -> None:
        refs = self.chart_data(chart)
        main = self.xl.add_chart(
            {"type": "line"}
            if chart.kind == "line"
            else {"type": "column", "subtype": "stacked"}
            if chart.kind == "stacked"
            else {"type": "column"}
        )
        n = chart.data.height

        def series(column: str, colour: str, as_line: bool, y2: bool) -> dict:
            props: dict = {"name": chart.label(column), "categories": refs[chart.category], "values": refs[column]}
            if as_line:
                props["line"] = {"color": colour, "width": 2.25}
                props["marker"] = {"type": "circle", "size": 5, "fill": {"color": colour}, "border": {"color": colour}}
            else:
                props["fill"] = {"color": colour}
                props["border"] = {"color": colour}
            if y2:
                props["y2_axis"] = True
            return props

        for i, column in enumerate(chart.series):
            colours = theme.LINE_COLOURS if chart.kind == "line" else theme.SERIES_COLOURS
            main.add_series(series(column, colours[i % len(colours)], chart.kind == "line", False))
        lines = (
            self.xl.add_chart({"type": "line"})
            if chart.kind != "line" and (chart.secondary or chart.norm is not None or chart.norms)
            else main
        )
        for i, column in enumerate(chart.secondary):
            colour = theme.LINE_COLOURS[(i + 1) % len(theme.LINE_COLOURS)]
            lines.add_series(series(column, colour, True, True))
        if chart.norm is not None:
            lines.add_series(
                {
                    "name": chart.norm_label,
                    "categories": refs[chart.category],
                    "values": refs["__norm__"],
                    "line": {"color": theme.NORM_COLOUR, "width": 1.75, "dash_type": theme.NORM_DASH},
                    "marker": (
                        {
                            "type": "dash",
                            "size": 9,
                            "fill": {"color": theme.NORM_COLOUR},
                            "border": {"color": theme.NORM_COLOUR},
                        }
                        if n == 1
                        else {"type": "none"}
                    ),
                    **({"y2_axis": True} if chart.secondary else {}),
                }
            )
        for i, label in enumerate(chart.norms):  # more norms: the same colour, each its own dash
            lines.add_series(
                {
                    "name": label,
                    "categories": refs[chart.category],
                    "values": refs[f"__norm_{i}__"],
                    "line": {"color": theme.NORM_COLOUR, "width": 1.75, "dash_type": theme.NORM_DASHES[i % 3]},
                    "marker": {"type": "none"},
                }
            )
        # axis titles horizontal: rotated text prints in the PDF as a font scaled in one direction only
        font = {"num_font": theme.CHART_FONT, "name_font": {**theme.CHART_FONT, "rotation": 0}}
        primary = [v for c in chart.series for v in chart.data[c].to_list() if v is not None] + list(
            chart.norms.values()
        )
        if chart.kind == "stacked":
            primary = chart.data.select(pl.sum_horizontal(chart.series)).to_series().to_list()
        low, high, step = theme.axis_scale(
            primary, None if chart.secondary else chart.norm, chart.y_kind, from_zero=chart.kind != "line"
        )
        main.set_y_axis(
            {
                "min": low,
                "max": high,
                "major_unit": step,
                **font,
                "name": chart.y_title or None,
                # a step under 1 (0.5) needs its decimal, or two ticks print alike
                "num_format": ("0" if chart.y_kind == "percentage" else "#,##0") + (".0" if step < 1 else ""),
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            }
        )
        if chart.secondary:
            values = [v for c in chart.secondary for v in chart.data[c].to_list() if v is not None]
            low2, high2, step2 = theme.axis_scale(values, chart.norm, chart.y2_kind, from_zero=False)
            lines.set_y2_axis(
                {
                    "min": low2,
                    "max": high2,
                    "major_unit": step2,
                    **font,
                    "name": chart.y2_title or None,
                    "num_format": "0.0" if step2 < 1 else "0",
                }
            )
        # every n-th category labelled, so the labels never overlap (about 34 pt a label)
        every = max(1, math.ceil(n * 34 / max(width_pt - 90, 100)))
        main.set_x_axis({**font, **({"interval_unit": every} if every > 1 else {})})
        if lines is not main:
            main.combine(lines)
        main.set_title({"name": chart.title, "name_font": theme.CHART_TITLE_FONT})
        main.set_legend({"position": "bottom", "font": theme.CHART_FONT})
        offset, px_width = self.chart_span(start_pt, width_pt)
        main.set_size({"width": px_width, "height": round(height_pt / 0.75)})
        ws.insert_chart(row, 0, main, {"x_offset": offset, "y_offset": 2, "description": chart.alt_text})

    def chart_span(self, start_pt: float, width_pt: float) -> tuple[int, int]:
        """Excel pixels (x offset from column A, width) of a chart that LibreOffice should draw from
        `start_pt` for `width_pt` points. Both programs anchor a chart to cells, but measure columns
        differently; the span is mapped column by column so it ends in the same place."""

        def to_excel_px(points: float) -> float:
            px, col = 0.0, 0
            while True:
                chars = self.widths.get(col, 8.43)
                lo_points, excel_px = theme.column_points(chars), int(chars * 7 + 0.5) + 5
                if points <= lo_points:
                    return px + excel_px * points / lo_points
                points -= lo_points
                px += excel_px
                col += 1

        left = to_excel_px(start_pt)
        return round(left), round(to_excel_px(start_pt + width_pt) - left)

    def chart_data(self, chart: Chart) -> dict[str, list]:
        """Write the chart's series (and its norm as a constant series) on the hidden data sheet;
        returns the cell range of each column."""
        ws = self.data_sheet
        assert ws is not None
        columns = [chart.category, *chart.series, *chart.secondary]
        first, n = self.data_col, chart.data.height
        ws.write_string(0, first, chart.title)
        refs = {}
        for c, column in enumerate(dict.fromkeys(columns)):
            col = first + c
            ws.write_string(1, col, chart.label(column))
            for r, value in enumerate(chart.data[column].to_list(), start=2):
                if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                    ws.write_number(r, col, value)
                elif value is not None:
                    ws.write_string(r, col, str(value))
            refs[column] = [theme.CHART_DATA_SHEET, 2, col, 1 + max(n, 1), col]
        col = first + len(dict.fromkeys(columns))
        if chart.norm is not None:
            ws.write_string(1, col, chart.norm_label)
            for r in range(2, 2 + max(n, 1)):
                ws.write_number(r, col, float(chart.norm))
            refs["__norm__"] = [theme.CHART_DATA_SHEET, 2, col, 1 + max(n, 1), col]
            col += 1
        for i, (label, value) in enumerate(chart.norms.items()):
            ws.write_string(1, col, label)
            for r in range(2, 2 + max(n, 1)):
                ws.write_number(r, col, float(value))
            refs[f"__norm_{i}__"] = [theme.CHART_DATA_SHEET, 2, col, 1 + max(n, 1), col]
            col += 1
        self.data_col = col + 1
        return refs
