"""How wide text prints: the advance widths of Carlito, the metric twin of Calibri (the theme's font).

LibreOffice does not grow row heights for wrapped text and Excel fits columns only on request, so
the renderer computes column widths and row heights itself from these widths. Carlito and Calibri
share their metrics (that is Carlito's purpose), so the figures hold for Excel with Calibri and for
LibreOffice with Carlito. Widths are in font units (2048 to the em) for the code points 32-255,
plus a few typographic characters; an unknown character counts as the widest letter. The table is
package data (`reports/fonts/carlito_widths.json`, read once at import).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

_TABLE = json.loads(resources.files("reports").joinpath("fonts/carlito_widths.json").read_text(encoding="utf-8"))
UNITS_PER_EM: int = _TABLE["units_per_em"]  # 2048
LINE_SPACING = 2500 / UNITS_PER_EM  # (win ascent + win descent) / em: one line of text is 1.22 x the font size
_FIRST: int = _TABLE["first_code_point"]  # 32: the table runs to 255
# style -> (advance widths of the code points 32-255, in order; widths of the other characters it knows)
_WIDTHS: dict[str, tuple[tuple[int, ...], dict[str, int]]] = {
    style: (tuple(widths["latin1"]), dict(widths["other"])) for style, widths in _TABLE["styles"].items()
}
_WIDEST: int = _TABLE["widest"]  # 1831, "@", wider than any letter


def _advance(char: str, style: str) -> int:
    base, extra = _WIDTHS[style]
    code = ord(char)
    if _FIRST <= code < _FIRST + len(base):
        return base[code - _FIRST] or _WIDEST
    return extra.get(char, _WIDEST)


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Printed width of one line of `text` in points at font size `size`."""
    style = "bold" if bold else "italic" if italic else "regular"
    return sum(_advance(c, style) for c in text) * size / UNITS_PER_EM


def wrap(text: str, width: float, size: float, bold: bool = False, italic: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width` points, at spaces where it can and inside a
    word only where the word alone is wider (as LibreOffice and Excel wrap a cell). Line breaks in
    the text are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold, italic) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            rest = word
            while text_width(rest, size, bold, italic) > width and len(rest) > 1:
                cut = max(1, _fitting(rest, width, size, bold, italic))
                lines.append(rest[:cut])
                rest = rest[cut:]
            line = rest
        lines.append(line)
    return lines


def _fitting(word: str, width: float, size: float, bold: bool, italic: bool) -> int:
    """How many leading characters of `word` fit in `width`."""
    used = 0.0
    for i, char in enumerate(word):
        used += text_width(char, size, bold, italic)
        if used > width:
            return i
    return len(word)
