"""The renderer: content laid out for paper, written with xlsxwriter, read back with openpyxl and as
a zip. The print itself (LibreOffice to PDF, measured) is tests/reports/test_print.py."""

from __future__ import annotations

import os
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone

import openpyxl
import polars as pl
import pytest

from reports import excel, theme
from reports.excel import render, write_workbook
from reports.tables import Chart, Sheet, Table, Text, Workbook
from reports.text_metrics import text_width, wrap
from tests.reports.conftest import HYPERLINK

CREATED = datetime(2026, 8, 1, 6, 30, 0)


def table_rows(ws, table_name: str) -> list[dict]:
    """The data rows of an Excel table as dicts keyed by its header names (a header's written line breaks,
    which keep a date in it whole, read as spaces)."""
    ref = ws.tables[table_name].ref
    rows = list(ws[ref])
    header = [" ".join(c.value.split()) if isinstance(c.value, str) else c.value for c in rows[0]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in rows[1:]]


def column_widths(ws) -> list[float]:
    """The width of every column with one set, in order, as the renderer set it (openpyxl groups equal
    neighbours; the file stores what xlsxwriter set plus its 5-pixel padding, 5/7 of a character)."""
    out = {}
    for dim in ws.column_dimensions.values():
        for i in range(dim.min, dim.max + 1):
            out[i] = dim.width - 5 / 7
    return [out[i] for i in sorted(out)]


def months_frame(n: int = 12) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "maand": [f"2026-{m:02d}" for m in range(1, n + 1)],
            "aantal": [float(100 + 10 * m) for m in range(n)],
            "pct": [4.2 + 0.2 * m for m in range(n)],
        }
    )


@pytest.fixture
def book() -> Workbook:
    long = (
        "Een toelichting die veel langer is dan een kolom breed kan zijn, zodat zij over meerdere regels "
        "doorloopt en de rij hoger moet worden dan een gewone rij om niets te laten overlappen."
    )
    frame = pl.DataFrame(
        {
            "naam": ["kort", long, HYPERLINK, "-5 is negatief"],
            "waarde": [1.0, 2.0, None, 4.0],
            "oordeel": [True, False, None, True],
        }
    )
    return Workbook(
        [
            Sheet(
                "Eerste",
                "Titel van het eerste blad",
                [
                    "Een alinea.",
                    Table(
                        "Tabel met tekst",
                        frame,
                        source="eigen",
                        units="stuks",
                        notes=["=1+1 in kopregel"],
                        column_labels={"naam": "Naam", "waarde": "Waarde", "oordeel": "Gehaald"},
                        number_formats={"waarde": "aantal", "oordeel": "oordeel"},
                    ),
                ],
                description="het eerste blad",
            ),
            Sheet(
                "Grafiek",
                "Met een grafiek",
                [
                    Table(
                        "Per maand",
                        months_frame(),
                        column_labels={"maand": "Maand", "aantal": "Aantal", "pct": "Verloren %"},
                        number_formats={"aantal": "aantal", "pct": "percentage"},
                    ),
                    Chart(
                        "Verloren per maand",
                        "line",
                        months_frame(),
                        "maand",
                        ["pct"],
                        alt_text="Lijngrafiek.",
                        norm=5.0,
                        norm_label="norm 5 %",
                        y_kind="percentage",
                    ),
                ],
            ),
        ],
        properties={"title": "Dienstverleningsmonitor Losser 2026-07", "company": "Losser"},
        footer_text="Dienstverleningsmonitor Losser, 2026-07",
    )


@pytest.fixture
def written(book, tmp_path):
    return write_workbook(book, tmp_path / "bijlage.xlsx", CREATED)


def test_sheets_in_order_the_chart_data_hidden_last(written):
    wb = openpyxl.load_workbook(written)
    assert wb.sheetnames == ["Eerste", "Grafiek", theme.CHART_DATA_SHEET]
    assert wb[theme.CHART_DATA_SHEET].sheet_state == "hidden"
    assert wb.properties.creator == "Dienstverleningsmonitor" and wb.properties.created == CREATED
    with zipfile.ZipFile(written) as z:
        assert "<Company>Losser</Company>" in z.read("docProps/app.xml").decode()


def test_formula_looking_text_stays_text(written):
    wb = openpyxl.load_workbook(written)
    cells = {c.value: c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for value in (HYPERLINK, "-5 is negatief", "=1+1 in kopregel"):
        assert cells[value].data_type == "s", value
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    with zipfile.ZipFile(written) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))


def test_wrapped_text_gets_a_row_tall_enough_and_headers_never_overlap_the_data(written):
    ws = openpyxl.load_workbook(written)["Eerste"]
    header = next(c.row for c in ws["A"] if c.value == "Naam")
    long_row = header + 2
    width_pt = theme.column_points(ws.column_dimensions["A"].width) - theme.CELL_INSET
    text = ws.cell(long_row, 1).value
    assert isinstance(text, str)
    lines = len(wrap(text, width_pt, theme.BODY_SIZE))
    assert lines >= 2
    # the default row for one line, one line height more for each further line, in whole pixels
    assert ws.row_dimensions[long_row].height == theme.whole_pixels(14 + (lines - 1) * 12.5)
    assert ws.row_dimensions[long_row - 1].height == theme.whole_pixels(14)
    assert ws.cell(long_row, 1).alignment.wrap_text
    # the header row: tall enough for its wrapped labels
    assert ws.row_dimensions[header].height >= theme.whole_pixels(14)


def test_the_columns_of_a_sheet_fit_the_printable_width_at_full_size():
    # ten text columns that would each like 50 characters: they wrap, the numbers do not
    words = "woord " * 12
    frame = pl.DataFrame({f"t{i}": [words] for i in range(10)}).with_columns(getal=pl.lit(1234567.0))
    book = Workbook([Sheet("Breed", "t", [Table("x", frame, number_formats={"getal": "aantal"})])])
    data = render(book, CREATED).data
    ws = openpyxl.load_workbook(__import__("io").BytesIO(data))["Breed"]
    widths = column_widths(ws)
    assert sum(theme.column_points(w) for w in widths) <= theme.WIDTH_BUDGET + 1
    number_width = theme.column_points(widths[10]) - theme.CELL_INSET
    assert number_width >= text_width("1,234,567", theme.BODY_SIZE)  # a number never wraps or shows ###
    fit = ws.sheet_properties.pageSetUpPr
    assert ws.page_setup.scale in (None, 100) and fit is not None and not fit.fitToPage  # no shrinking


def test_content_too_wide_for_the_page_is_a_layout_error():
    frame = pl.DataFrame({f"n{i}": [123456789.0] for i in range(40)})
    with pytest.raises(excel.LayoutError, match="paginabreedte"):
        render(
            Workbook([Sheet("Breed", "t", [Table("x", frame, number_formats=dict.fromkeys(frame.columns, "aantal"))])]),
            CREATED,
        )


def test_a_table_that_fits_a_page_starts_on_a_new_page_rather_than_being_split():
    # 25 rows of 14.25 pt fill most of a page; a second such table cannot follow on the same page
    frame = pl.DataFrame({"a": [f"rij {i}" for i in range(25)], "b": list(range(25))})
    book = Workbook([Sheet("Twee", "t", [Table("een", frame), Table("twee", frame)])])
    ws = openpyxl.load_workbook(__import__("io").BytesIO(render(book, CREATED).data))["Twee"]
    second_title = next(c.row for c in ws["A"] if c.value == "twee")
    assert [b.id for b in ws.row_breaks.brk] == [second_title - 1]  # the break goes right above its title
    assert render(book, CREATED).pages == {"Twee": 2}


def test_a_chart_is_never_split_and_takes_the_printable_width(written):
    wb = openpyxl.load_workbook(written)
    ws = wb["Grafiek"]
    breaks = [b.id for b in ws.row_breaks.brk]
    anchor = ws._charts[0].anchor  # type: ignore[attr-defined]  # openpyxl's stubs leave out the private _charts
    first, last = anchor._from.row, anchor.to.row
    assert not [b for b in breaks if first < b <= last]  # no break between the chart's first and last row
    # its series come from the hidden data sheet: no helper column in the printed table
    with zipfile.ZipFile(written) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert f"{theme.CHART_DATA_SHEET}!$B$3:$B$14" in chart and "Grafiek!$" not in chart
    assert "norm 5 %" in chart and 'prstDash val="dash"' in chart
    header = next(c.row for c in ws["A"] if c.value == "Maand")
    assert [c.value for c in ws[header] if c.value] == ["Maand", "Aantal", "Verloren %"]
    # the axis fits the data (4.2 .. 6.4) and the norm (5), not 0-100
    assert '<c:min val="3.5"/>' in chart and '<c:max val="7.0"/>' in chart


def test_axes_are_scaled_to_the_data_and_the_norm():
    # worked out: spread 6.4 - 4.2 = 2.2, step 0.5 (2.2 / 5 = 0.44 -> 0.5), top ceil((6.4 + 0.33) / 0.5) * 0.5 = 7.0,
    # bottom floor((4.2 - 0.55) / 0.5) * 0.5 = 3.5
    assert theme.axis_bounds([4.2, 6.4], 5.0, "percentage", from_zero=False) == (3.5, 7.0)
    # a norm of 80 far above the data stays in view; a percentage axis stops at 100
    assert theme.axis_bounds([92.0, 99.0], 80.0, "percentage", from_zero=False) == (75.0, 100.0)
    # counts and columns start at 0
    assert theme.axis_bounds([1800.0, 2200.0], None, "aantal", from_zero=True)[0] == 0.0


def test_page_setup_a4_landscape_at_full_size_with_footer_and_print_area(written):
    wb = openpyxl.load_workbook(written)
    for name in ("Eerste", "Grafiek"):
        ws = wb[name]
        assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9), name
        fit = ws.sheet_properties.pageSetUpPr
        assert fit is not None and not fit.fitToPage, name
        assert ws.oddFooter is not None
        assert ws.oddFooter.right.text == "&P van &N"
        assert ws.oddFooter.left.text == "Dienstverleningsmonitor Losser, 2026-07 - blad &A"
        assert ws.print_area and not ws.merged_cells.ranges, name
    # one table and no chart: its header repeats on every page and the panes freeze under it
    assert wb["Eerste"].print_title_rows and wb["Eerste"].freeze_panes
    # a chart below the table: a repeated header would stand above the chart
    assert wb["Grafiek"].print_title_rows is None


def test_numbers_and_their_headers_are_right_aligned_with_an_indent(written):
    ws = openpyxl.load_workbook(written)["Grafiek"]
    header = next(c.row for c in ws["A"] if c.value == "Maand")
    assert ws.cell(header, 2).alignment.horizontal == "right" and ws.cell(header, 1).alignment.horizontal is None
    assert ws.cell(header + 1, 2).alignment.horizontal == "right" and ws.cell(header + 1, 2).alignment.indent == 1


def test_same_created_gives_byte_identical_files(book, tmp_path):
    a = write_workbook(book, tmp_path / "a.xlsx", CREATED).read_bytes()
    assert write_workbook(book, tmp_path / "b.xlsx", CREATED).read_bytes() == a
    assert write_workbook(book, tmp_path / "c.xlsx", CREATED.replace(tzinfo=UTC)).read_bytes() == a
    amsterdam = CREATED.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=2)))
    assert write_workbook(book, tmp_path / "d.xlsx", amsterdam).read_bytes() == a
    assert write_workbook(book, tmp_path / "e.xlsx", CREATED + timedelta(seconds=1)).read_bytes() != a


def test_an_error_while_rendering_leaves_no_file(book, tmp_path, monkeypatch):
    original = excel._Renderer.sheet

    def failing(self, ws, sheet):
        if sheet.name == "Grafiek":
            raise RuntimeError("schijf vol")
        return original(self, ws, sheet)

    monkeypatch.setattr(excel._Renderer, "sheet", failing)
    with pytest.raises(RuntimeError, match="schijf vol"):
        write_workbook(book, tmp_path / "bijlage.xlsx", CREATED)
    assert list(tmp_path.iterdir()) == []


def test_an_error_while_replacing_keeps_the_old_file_and_no_temporary(book, tmp_path, monkeypatch):
    target = tmp_path / "bijlage.xlsx"
    target.write_bytes(b"vorige versie")
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError("doelmap niet schrijfbaar")))
    with pytest.raises(OSError, match="niet schrijfbaar"):
        write_workbook(book, target, CREATED)
    assert target.read_bytes() == b"vorige versie"
    assert [p.name for p in tmp_path.iterdir()] == ["bijlage.xlsx"]


def test_invalid_content_is_refused_before_anything_is_written(tmp_path):
    frame = pl.DataFrame({"a": ["x"], "b": [2]})
    bad = [
        Workbook([Sheet("Blad", "t", [Table("x", frame, column_labels={"a": "Zelfde", "b": "zelfde"})])]),
        Workbook([Sheet("Blad", "t", [Chart("g", "column", frame, "a", ["b"], alt_text=" ")])]),
        Workbook([Sheet("Blad", "t", [Chart("g", "column", frame, "a", ["c"], alt_text="x")])]),
        Workbook([Sheet("Blad", "t", [Chart("g", "column", frame, "a", ["b"], alt_text="x", secondary=["b"])])]),
        Workbook([Sheet("Blad", "t", [Table("x", frame, number_formats={"a": "procent"})])]),
        Workbook([Sheet("Blad/1", "t", [Table("x", frame)])]),
        Workbook([Sheet("Blad", "t", []), Sheet("blad", "t", [])]),
        Workbook([Sheet(theme.CHART_DATA_SHEET, "t", [])]),
    ]
    for i, content in enumerate(bad):
        with pytest.raises(ValueError):
            write_workbook(content, tmp_path / f"{i}.xlsx", CREATED)
    assert list(tmp_path.iterdir()) == []


def test_renderer_writes_nulls_lists_dates_and_empty_tables(tmp_path):
    frame = pl.DataFrame(
        {
            "tekst": ["a", None],
            "getal": [float("nan"), 2.5],
            "lijst": [["x", "y"], None],
            "dag": [date(2026, 7, 1), None],
            "ok": [True, None],
        }
    )
    empty = pl.DataFrame(schema={"maand": pl.String, "aantal": pl.Int64})
    book = Workbook(
        [
            Sheet(
                "Blad",
                "Titel",
                [
                    Text("Een kop", "tussenkop"),
                    "Een regel tekst.",
                    Table("Gemengd", frame, source="eigen", units="stuks", notes=["noot"]),
                    Table("Leeg", empty),
                    Chart("Grafiek zonder gegevens", "column", empty, "maand", ["aantal"], alt_text="Geen gegevens."),
                ],
            )
        ],
        footer_text="A & B",
    )
    ws = openpyxl.load_workbook(write_workbook(book, tmp_path / "x.xlsx", CREATED))["Blad"]
    rows = table_rows(ws, "Tabel_Blad_1")
    assert rows[0] == {"tekst": "a", "getal": None, "lijst": "x, y", "dag": datetime(2026, 7, 1), "ok": "ja"}
    assert rows[1] == {"tekst": None, "getal": 2.5, "lijst": None, "dag": None, "ok": None}
    assert table_rows(ws, "Tabel_Blad_2") == [{"maand": None, "aantal": None}]
    column_a = [c.value for c in ws["A"]]
    assert {
        "Een kop",
        "Bron: eigen",
        "Eenheid: stuks",
        "noot",
        "Geen gegevens.",
        "Geen gegevens voor de grafiek 'Grafiek zonder gegevens'.",
    } <= set(column_a)
    assert ws.oddFooter is not None and ws.oddFooter.left.text == "A && B - blad &A"  # & escaped, not a footer code
    with zipfile.ZipFile(tmp_path / "x.xlsx") as z:
        assert not [n for n in z.namelist() if n.startswith("xl/charts/")]


def test_a_long_paragraph_is_broken_into_rows_that_fit_the_page():
    text = " ".join(["Een lange alinea die over de hele breedte van de pagina loopt en verder."] * 6)
    ws = openpyxl.load_workbook(__import__("io").BytesIO(render(Workbook([Sheet("Blad", "t", [text])]), CREATED).data))[
        "Blad"
    ]
    lines = [c.value for c in ws["A"] if c.value and c.value != "t"]
    assert len(lines) >= 3 and " ".join(lines) == text
    assert all(text_width(line, theme.BODY_SIZE) <= theme.WIDTH_BUDGET for line in lines)


def test_wrapping_by_hand():
    # 'aaaa' is 4 x 981 / 2048 x 10 = 19.2 pt; a space 2.3 pt: two words fit in 41 pt, three do not
    assert wrap("aaaa aaaa aaaa", 41, 10) == ["aaaa aaaa", "aaaa"]
    # a word wider than the line is broken inside, as the programs do
    assert wrap("a" * 10, 20, 10) == ["aaaa", "aaaa", "aa"]
    assert wrap("regel een\nregel twee", 500, 10) == ["regel een", "regel twee"]
    assert text_width("0", 11) == pytest.approx(1038 / 2048 * 11)  # Carlito's digit, as LibreOffice measures
