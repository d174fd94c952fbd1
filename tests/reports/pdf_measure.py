"""Measuring a printed report as a reader sees it: per PDF page the sheet it belongs to (the footer
names it), its fonts, the smallest text, words that overlap, cells that show ### (a number too wide for its
column), and drawn objects outside the printable area (a chart cut by a page break)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

from reports import theme

TOP = 72 * theme.MARGINS["top"]
BOTTOM = theme.PAGE_HEIGHT - 72 * theme.MARGINS["bottom"]


@dataclass
class Page:
    number: int
    sheet: str
    width: float
    height: float
    smallest: float | None  # the smallest font size of any character on the page
    overlaps: list[tuple[str, str]] = field(default_factory=list)
    outside: int = 0  # drawn objects (chart parts) beyond the top or bottom margin
    hashes: bool = False
    text: str = ""
    fonts: set[str] = field(default_factory=set)  # the fonts of its characters, without the subset tag


def _overlapping(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than a point in both directions."""
    found, ordered = [], sorted(words, key=lambda w: w["x0"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["x0"] >= a["x1"] - 1.0:
                break
            if (
                min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1.0
                and min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 1.0
            ):
                found.append((a["text"], b["text"]))
    return found


def measure(pdf: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words()
            footer = " ".join(w["text"] for w in words if w["top"] > BOTTOM)
            sheet = m.group(1) if (m := re.search(r"blad (.+?) \d+ van \d+$", footer)) else "?"
            sizes = [c["size"] for c in page.chars]
            drawn = page.rects + page.curves
            text = page.extract_text() or ""
            pages.append(
                Page(
                    number=page.page_number,
                    sheet=sheet,
                    width=float(page.width),
                    height=float(page.height),
                    smallest=min(sizes) if sizes else None,
                    overlaps=_overlapping([w for w in words if w["top"] <= BOTTOM]),
                    outside=sum(1 for o in drawn if o["bottom"] > BOTTOM + 1 or o["top"] < TOP - 1),
                    hashes="###" in text,
                    text=text,
                    fonts={c["fontname"].split("+")[-1] for c in page.chars},
                )
            )
    return pages
