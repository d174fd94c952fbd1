"""A PDF of a workbook, printed by LibreOffice headless exactly as the workbook's page setup says.

LibreOffice is optional: without it the workbook is still written and the caller says so in one
line. Each conversion runs with its own temporary LibreOffice profile, so two conversions at once
(or a LibreOffice the user has open) do not wait for each other's lock; the PDF is written next to
the workbook under a temporary name and renamed, so a reader never sees half a PDF."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from reports._atomic import atomic_write_bytes

INSTALL_HINT = "installeer LibreOffice (Debian/Ubuntu: apt install libreoffice-calc fonts-crosextra-carlito)"


class PdfError(Exception):
    """LibreOffice ran but made no PDF; the message says why in one line."""


def libreoffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(book: Path, timeout_s: float = 300) -> Path | None:
    """Print `book` (.xlsx) to a PDF beside it; returns its path, or None without LibreOffice."""
    soffice = libreoffice()
    if soffice is None:
        return None
    target = book.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="dvm-pdf-") as tmp:
        work = Path(tmp)
        source = work / "werkmap.xlsx"  # a plain name: the file name is never an argument LibreOffice parses
        shutil.copyfile(book, source)
        try:
            done = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={(work / 'profiel').as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work / "uit"),
                    str(source),
                ],
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"{book.name}: LibreOffice maakte binnen {timeout_s:.0f} s geen PDF") from None
        produced = work / "uit" / "werkmap.pdf"
        if done.returncode != 0 or not produced.exists():
            reason = " ".join((done.stderr or done.stdout or f"exitcode {done.returncode}").split())[:200]
            raise PdfError(f"{book.name}: LibreOffice maakte geen PDF ({reason})")
        return atomic_write_bytes(target, produced.read_bytes())
