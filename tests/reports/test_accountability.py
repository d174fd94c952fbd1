"""Verantwoording as the controller prints it: Dutch export moments, weekly exports per month, and the
header of the long table of source files on every printed page."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

import openpyxl
import polars as pl

from reports import theme
from reports.accountability import files_per_month, provenance_sheet, stamp_text
from reports.excel import write_workbook
from reports.tables import Workbook
from reports.text_metrics import text_width
from tests.reports.conftest import PROVENANCE
from tests.reports.test_excel import column_widths, table_rows


def ledger_files() -> pl.DataFrame:
    """Two years of monthly call exports (24 files) and weekly feedback exports from 6 January 2025 (104)."""
    rows = []
    for n in range(24):
        stamp = f"{2025 + n // 12}{n % 12 + 1:02d}01T0000"
        rows.append(("kcc", f"kcc_gesprekken_{stamp}.csv", f"{n:064x}", stamp, "geladen", 20000 + n, 20000 + n, 0))
    for week in range(104):
        day = date(2025, 1, 6) + timedelta(weeks=week)
        rows.append(
            (
                "kif",
                f"kif_feedback_{day:%Y%m%d}.csv",
                f"{1000 + week:064x}",
                f"{day:%Y%m%d}T0000",
                "geladen",
                400,
                399,
                1,
            )
        )
    return pl.DataFrame(
        rows,
        schema=[
            "bron",
            "bron_bestand",
            "bron_hash",
            "export_stempel",
            "status",
            "rijen_gelezen",
            "rijen_geladen",
            "rijen_quarantaine",
        ],
        orient="row",
    )


def test_export_moments_read_as_dutch_dates():
    assert stamp_text("20250201T0000") == "01-02-2025 00:00"
    assert stamp_text("20260702") == "02-07-2026"


def test_weekly_exports_are_one_row_per_month_with_a_checksum_over_their_checksums():
    shown, grouped = files_per_month(ledger_files())
    assert grouped
    # 24 monthly call exports stay one row each; 104 weekly exports from 06-01-2025 fall in 24 months
    assert shown.filter(pl.col("bron") == "kcc").height == 24
    assert shown.filter(pl.col("bron") == "kif").height == 24
    january = shown.filter(pl.col("bron") == "kif").row(0, named=True)
    # January 2025: the exports of the 6th, 13th, 20th and 27th; 4 x 400 rows read, 4 x 399 loaded
    assert january["bron_bestand"] == "kif_feedback_20250106.csv t/m …20250127.csv (4 bestanden)"
    assert january["export_stempel"] == "06 t/m 27-01-2025"  # one month: its first day, then the last day whole
    assert (january["rijen_gelezen"], january["rijen_geladen"], january["rijen_quarantaine"]) == (1600, 1596, 4)
    hashes = "".join(f"{1000 + w:064x}" for w in range(4))
    assert january["bron_hash"] == hashlib.sha256(hashes.encode()).hexdigest()
    assert shown.filter(pl.col("bron") == "kcc").row(0, named=True)["export_stempel"] == "01-01-2025 00:00"


def test_the_header_of_the_source_files_repeats_on_every_printed_page(tmp_path):
    sheet = provenance_sheet(PROVENANCE, ledger_files())
    path = write_workbook(Workbook([sheet], footer_text="Losser"), tmp_path / "v.xlsx", datetime(2026, 8, 1))
    ws = openpyxl.load_workbook(path)["Verantwoording"]
    assert len(ws.row_breaks.brk) >= 1  # the files run over more than one page
    header = next(c.row for c in ws["A"] if c.value == "Bron")
    assert ws.print_title_rows == f"${header}:${header}"
    rows = table_rows(ws, "Tabel_Verantwoording_2")
    assert rows[0]["Exportmoment"] == "01-01-2025 00:00"
    notes = " ".join(str(c.value) for c in ws["A"] if c.value)
    assert "één regel per maand" in notes


def with_pulls(files: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """`files` and a ZGW pull per name (a single file each: one row per file)."""
    pulls = [
        ("zgw", n, f"{9000 + i:064x}", n.rsplit("_", 1)[1][:13], "geladen", 10, 10, 0) for i, n in enumerate(names)
    ]
    return pl.concat([files, pl.DataFrame(pulls, schema=files.schema, orient="row")])


def verantwoording(tmp_path, files: pl.DataFrame):
    sheet = provenance_sheet(PROVENANCE, files)
    path = write_workbook(Workbook([sheet], footer_text="Losser"), tmp_path / "v.xlsx", datetime(2026, 8, 1))
    ws = openpyxl.load_workbook(path)["Verantwoording"]
    header = next(c.row for c in ws["A"] if c.value == "Bron")
    column = next(c.column for c in ws[header] if c.value == "Bestand")
    return ws, column_widths(ws), column - 1


def test_a_file_name_prints_on_one_line_and_the_page_keeps_its_width(tmp_path):
    # the longest name, a ZGW pull (39 characters), was broken after 24 characters ("kcc_gesprekken_20251101.c|sv")
    name = "zgw_zaken_losser_20261205T0230.jsonl.gz"
    ws, widths, bestand = verantwoording(tmp_path, with_pulls(ledger_files(), [name]))
    usable = theme.column_points(widths[bestand]) - theme.CELL_INSET
    assert usable >= text_width(name, theme.BODY_SIZE)  # the whole name, unbroken, in its column's text width
    assert sum(theme.column_points(w) for w in widths) <= theme.WIDTH_BUDGET + 1  # A4 landscape at 100 %
    assert ws.page_setup.orientation == "landscape"
    assert widths[bestand + 6] >= 34 - 0.01  # the checksum keeps its two lines: the name took room from wrapping text
    rows = table_rows(ws, "Tabel_Verantwoording_2")
    assert rows[-1]["Bestand"] == name  # written as it is: no break characters put into the name
    # a month's weekly exports: the first name whole, the rest wraps at its spaces
    assert rows[24]["Bestand"] == "kif_feedback_20250106.csv t/m …20250127.csv (4 bestanden)"


def test_a_name_too_long_for_the_page_breaks_only_when_nothing_else_can_give(tmp_path):
    # 93 characters: wider than the page has left beside the other columns at their narrowest
    name = "zgw_zaken_sudwest-fryslan-westerkwartier-noardeast-fryslan-dantumadiel_20261205T0230.jsonl.gz"
    _ws, widths, bestand = verantwoording(tmp_path, with_pulls(ledger_files(), [name]))
    usable = theme.column_points(widths[bestand]) - theme.CELL_INSET
    assert usable < text_width(name, theme.BODY_SIZE)  # it must break (after a hyphen or at the edge)
    # every other column gave what it could first: the columns fill the page, the name has the rest
    assert sum(theme.column_points(w) for w in widths) >= theme.WIDTH_BUDGET - theme.CHAR_POINTS
    assert sum(theme.column_points(w) for w in widths) <= theme.WIDTH_BUDGET + 1
    assert widths[bestand] > 34
