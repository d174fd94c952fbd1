"""Printing a workbook to PDF with LibreOffice: in Carlito (the font the layout is computed with) and
with Dutch numbers, whatever the machine has installed and whatever its locale."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pdfplumber
import pytest
import xlsxwriter

from delivery import pdf as printer
from reports import theme

pytestmark = pytest.mark.skipif(
    printer.libreoffice() is None, reason="LibreOffice ontbreekt (make test installeert het)"
)


def small_book(path: Path) -> Path:
    """One sheet in the theme's font and formats: a count, a percentage with its unit, a date."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Samenvatting")
    fmt = {k: wb.add_format({**theme.TEXT, "num_format": theme.number_format(k)}) for k in ("aantal", "pct", "datum")}
    ws.write_string(0, 0, "Aangeboden gesprekken", wb.add_format(theme.HEADER))
    ws.write_number(0, 1, 23040, fmt["aantal"])
    ws.write_string(1, 0, "Binnen 30 seconden", wb.add_format(theme.NOTE))
    ws.write_number(1, 1, 75.9, fmt["pct"])
    ws.write_datetime(2, 1, datetime(2026, 12, 5), fmt["datum"])
    ws.set_column(0, 1, 24)
    wb.close()
    return path


def empty_fontconfig(tmp_path: Path) -> Path:
    """A fontconfig file that knows only DejaVu: a machine without Carlito."""
    conf = tmp_path / "zonder-carlito.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
        f"<cachedir>{tmp_path / 'fc'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def test_a_workbook_prints_in_carlito_with_dutch_numbers_on_an_english_server(tmp_path, monkeypatch):
    for name in ("LANG", "LC_ALL", "LC_NUMERIC"):  # a server in the C locale, as the issue found it
        monkeypatch.setenv(name, "C.UTF-8")
    pdf = printer.to_pdf(small_book(tmp_path / "boek.xlsx"))
    assert pdf is not None and pdf == tmp_path / "boek.pdf"
    with pdfplumber.open(pdf) as doc:
        text = doc.pages[0].extract_text()
        fonts = {c["fontname"].split("+")[-1] for c in doc.pages[0].chars}
    assert "23.040" in text and "75,9 %" in text and "05-12-2026" in text, text
    assert "23,040" not in text and "75.9" not in text
    assert fonts == {"Carlito", "Carlito-Bold", "Carlito-Italic"}, fonts  # text, header, note
    assert printer.pdf_fonts(pdf.read_bytes()) == fonts  # what to_pdf checks reads the same fonts


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_without_carlito_there_is_no_pdf_and_one_line_says_why(tmp_path, monkeypatch):
    from flows.report import print_pdf

    monkeypatch.setenv("FONTCONFIG_FILE", str(empty_fontconfig(tmp_path)))
    monkeypatch.setattr(printer, "FONT_DIR", tmp_path / "geen-lettertypen")  # the shipped Carlito gone too
    book = small_book(tmp_path / "boek.xlsx")
    log, seen = logging.getLogger("dvm"), _Lines()  # the run log outside a run
    log.addHandler(seen)
    try:
        assert print_pdf(book, True) == []
    finally:
        log.removeHandler(seen)
    assert not (tmp_path / "boek.pdf").exists()
    assert [r.levelno for r in seen.records] == [logging.WARNING]
    line = seen.records[0].getMessage()
    assert "boek.xlsx" in line and "Carlito" in line and "DejaVu" in line and "geen PDF" in line, line
    assert "\n" not in line


def test_the_fonts_of_a_pdf_are_read_from_its_font_dictionaries():
    # as LibreOffice writes them: a subset tag, then the font's name
    raw = b"<</Type/Font/Subtype/TrueType/BaseFont/BAAAAA+Carlito-Bold>> <</BaseFont /DejaVuSans>>"
    assert printer.pdf_fonts(raw) == {"Carlito-Bold", "DejaVuSans"}
    assert printer.foreign_fonts({"Carlito", "Carlito-Italic", "DejaVuSans"}) == ["DejaVuSans"]
