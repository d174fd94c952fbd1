"""Render a `reports.tables.Workbook` with xlsxwriter, atomically.

Every cell is written with an explicit type: text with write_string (so text
from an export that starts with `=`, `+`, `-` or `@` stays text), numbers with
write_number, booleans as "ja"/"nee" text coloured by the theme. Each table
is a real Excel table with a header row; panes freeze under the first one.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from reports import theme
from reports.tables import Chart, Sheet, Table, Workbook


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")


class _Renderer:
    def __init__(self, book: xlsxwriter.Workbook, workbook: Workbook):
        self.book, self.content = book, workbook
        self.fmt_cache: dict[tuple, object] = {}
        self.table_count = 0

    def fmt(self, *parts: dict | None, num: str | None = None):
        props: dict = {}
        for p in parts:
            props.update(p or {})
        if num:
            props["num_format"] = num
        key = tuple(sorted(props.items()))
        if key not in self.fmt_cache:
            self.fmt_cache[key] = self.book.add_format(props)
        return self.fmt_cache[key]

    def cell(self, ws, row: int, col: int, value, num: str | None) -> int:
        """Write one value; returns its display width."""
        if value is None:
            return 0
        if isinstance(value, bool):
            text = "ja" if value else "nee"
            ws.write_string(row, col, text, self.fmt(theme.TEXT, theme.NORM_MET if value else theme.NORM_MISSED))
            return len(text)
        if isinstance(value, (int, float)):
            ws.write_number(row, col, value, self.fmt(theme.TEXT, num=theme.NUMBER_FORMATS.get(num or "", None)))
            return len(f"{value:,.1f}")
        if isinstance(value, (datetime, date)):
            stamp = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
            ws.write_datetime(row, col, stamp.replace(tzinfo=None),
                              self.fmt(theme.TEXT, num=theme.NUMBER_FORMATS["datum"]))
            return 10
        text = str(value)
        ws.write_string(row, col, text, self.fmt(theme.TEXT))
        return len(text)

    def table(self, ws, row: int, table: Table, widths: dict[int, int]) -> tuple[int, tuple[int, int, int]]:
        """Write title, table and notes from `row`; returns next row and (header, first, last) data rows."""
        ws.write_string(row, 0, table.title, self.fmt(theme.SUBTITLE))
        header = row + 1
        columns = table.frame.columns
        labels = [table.labels.get(c, c) for c in columns]
        for i, label in enumerate(labels):
            widths[i] = max(widths.get(i, 0), len(label) + 2)
        rows = table.frame.rows()
        for r, values in enumerate(rows, start=header + 1):
            for c, value in enumerate(values):
                widths[c] = max(widths.get(c, 0), self.cell(ws, r, c, value, table.formats.get(columns[c])))
        last = header + max(len(rows), 1)
        self.table_count += 1
        ws.add_table(header, 0, last, len(columns) - 1, {
            "name": f"Tabel{self.table_count}", "style": theme.TABLE_STYLE, "autofilter": False,
            "columns": [{"header": label} for label in labels],
        })
        row = last + 1
        for line in (f"Bron: {table.source}" if table.source else "",
                     f"Eenheid: {table.units}" if table.units else "", *table.notes):
            if line:
                ws.write_string(row, 0, line, self.fmt(theme.NOTE))
                row += 1
        return row + 1, (header, header + 1, last)

    def chart(self, ws, row: int, chart: Chart, sheet: Sheet, positions: dict[int, tuple[int, int, int]]) -> int:
        table = sheet.blocks[chart.table]
        assert isinstance(table, Table)
        _, first, last = positions[chart.table]
        cols = table.frame.columns

        def ref(column: str) -> list:
            c = cols.index(column)
            return [sheet.name, first, c, last, c]

        def series(name: str, colour: str, **extra) -> dict:
            return {"name": table.labels.get(name, name), "categories": ref(chart.category), "values": ref(name),
                    **extra, **({"fill": {"color": colour}, "border": {"color": colour}}
                                if "line" not in extra else {})}

        main = self.book.add_chart({"type": "column" if chart.columns else "line"})
        for i, name in enumerate(chart.columns):
            main.add_series(series(name, theme.SERIES_COLOURS[i % len(theme.SERIES_COLOURS)]))
        line_chart = self.book.add_chart({"type": "line"}) if chart.columns and chart.lines else main
        for i, name in enumerate(chart.lines):
            is_norm = name.startswith("norm")
            colour = theme.NORM_COLOUR if is_norm else theme.SERIES_COLOURS[(i + 2) % len(theme.SERIES_COLOURS)]
            line_chart.add_series(series(name, colour, line={"color": colour, "width": 2.0,
                                                             **({"dash_type": "dash"} if is_norm else {})},
                                         **({"y2_axis": True} if line_chart is not main else {})))
        if line_chart is not main:
            main.combine(line_chart)
            line_chart.set_y2_axis({"name": chart.y_title, "min": 0})
        main.set_title({"name": chart.title})
        main.set_legend({"position": "bottom"})
        main.set_y_axis({"min": 0})
        ws.insert_chart(row, 0, main, {"description": chart.alt_text, **theme.CHART_SIZE})
        return row + 22

    def sheet(self, sheet: Sheet) -> None:
        ws = self.book.add_worksheet(sheet.name)
        ws.set_paper(theme.PAPER_A4)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_footer(f"&L{_footer_text(self.content.gemeente)} – {_footer_text(self.content.period)}"
                      f"&R{_footer_text(sheet.name)}, pagina &P van &N")
        ws.write_string(0, 0, sheet.title, self.fmt(theme.TITLE))
        row, widths, positions, frozen = 2, {}, {}, False
        for i, block in enumerate(sheet.blocks):
            if isinstance(block, str):
                ws.write_string(row, 0, block, self.fmt(theme.TEXT))
                row += 2
            elif isinstance(block, Table):
                row, positions[i] = self.table(ws, row, block, widths)
                if not frozen:
                    ws.freeze_panes(positions[i][0] + 1, 0)
                    ws.repeat_rows(positions[i][0])
                    frozen = True
            else:
                row = self.chart(ws, row, block, sheet, positions)
        for col, width in widths.items():
            ws.set_column(col, col, min(max(width + 1, theme.MIN_WIDTH), theme.MAX_WIDTH))


def write_workbook(workbook: Workbook, path: Path, created: datetime) -> Path:
    """Write to a temporary file beside `path`, then rename: never a half-written report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        book = xlsxwriter.Workbook(tmp, {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
        book.set_properties({"title": workbook.title, "author": "Dienstverleningsmonitor",
                             "company": workbook.gemeente, "subject": f"{workbook.gemeente} {workbook.period}",
                             "created": created.replace(tzinfo=None)})
        renderer = _Renderer(book, workbook)
        for sheet in workbook.sheets:
            renderer.sheet(sheet)
        book.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
