"""A PDF of a workbook, printed by LibreOffice headless exactly as the workbook's page setup says.

LibreOffice is optional: without it the workbook is still written and the caller says so in one
line. Each conversion runs with its own temporary LibreOffice profile, so two conversions at once
(or a LibreOffice the user has open) do not wait for each other's lock; the PDF is written next to
the workbook under a temporary name and renamed, so a reader never sees half a PDF.

What the print depends on is fixed per run, not taken from the machine:
- the font: the layout is computed with Carlito's widths (`reports/text_metrics.py`), so LibreOffice
  gets the Carlito shipped in `reports/fonts/` through a private fontconfig file (the machine's own
  fonts stay available). After printing, the PDF's fonts are read back: a PDF set in another font
  (a fallback: tables split over pages, verdicts apart from their indicators) is refused, not written.
- the locale: the profile's locale is nl-NL, so the workbook's number formats print "23.040" and
  "75,9 %" whatever the server's locale (C.UTF-8 prints "23,040" and "75.9 %")."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from reports._atomic import atomic_write_bytes

INSTALL_HINT = "installeer LibreOffice (Debian/Ubuntu: apt install libreoffice-calc)"
FONT = "Carlito"  # the metric twin of the workbook's Calibri (reports/theme.py)
FONT_DIR = Path(__file__).resolve().parents[1] / "reports" / "fonts"
LOCALE = "nl-NL"
SYSTEM_FONTCONFIG = "/etc/fonts/fonts.conf"

# the profile's settings: the locale number formats print in (Extra > Opties > Taalinstellingen)
_REGISTRY = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N">
 <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{LOCALE}</value></prop>
</item>
</oor:items>
"""


class PdfError(Exception):
    """LibreOffice ran but made no usable PDF; the message says why in one line."""


def libreoffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _fontconfig(work: Path) -> Path:
    """A fontconfig file: the machine's own configuration (or the one the caller set) plus our Carlito."""
    base = os.environ.get("FONTCONFIG_FILE") or SYSTEM_FONTCONFIG
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(base)}</include>\n'
        f"  <dir>{escape(str(FONT_DIR))}</dir>\n"
        f"  <cachedir>{escape(str(work / 'fontcache'))}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def _profile(work: Path) -> Path:
    profile = work / "profiel"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
    return profile


_BASE_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9_.-]+)")


def pdf_fonts(pdf: bytes) -> set[str]:
    """The fonts a PDF is set in (its font dictionaries' BaseFont, without the subset tag)."""
    return {m.decode("ascii", "replace") for m in _BASE_FONT.findall(pdf)}


def foreign_fonts(fonts: set[str]) -> list[str]:
    """The fonts that are not Carlito (any of its styles: Carlito-Bold, Carlito-Italic, ...)."""
    return sorted(f for f in fonts if f != FONT and not f.startswith(f"{FONT}-"))


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
        env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(work))}
        try:
            done = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={_profile(work).as_uri()}",
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
                env=env,
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"{book.name}: LibreOffice maakte binnen {timeout_s:.0f} s geen PDF") from None
        produced = work / "uit" / "werkmap.pdf"
        if done.returncode != 0 or not produced.exists():
            reason = " ".join((done.stderr or done.stdout or f"exitcode {done.returncode}").split())[:200]
            raise PdfError(f"{book.name}: LibreOffice maakte geen PDF ({reason})")
        printed = produced.read_bytes()
        if other := foreign_fonts(pdf_fonts(printed)):
            raise PdfError(
                f"{book.name}: LibreOffice drukte af in {', '.join(other)} in plaats van {FONT} "
                f"(verwacht in {FONT_DIR}); in een ander lettertype klopt de opmaak niet, dus geen PDF"
            )
        return atomic_write_bytes(target, printed)
