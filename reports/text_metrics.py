"""How wide text prints: the advance widths of Carlito, the metric twin of Calibri (the theme's font).

LibreOffice does not grow row heights for wrapped text and Excel fits columns only on request, so
the renderer computes column widths and row heights itself from these widths. Carlito and Calibri
share their metrics (that is Carlito's purpose), so the figures hold for Excel with Calibri and for
LibreOffice with Carlito. Widths are in font units (2048 to the em) for the code points 32-255,
plus a few typographic characters; an unknown character counts as the widest letter.
"""

from __future__ import annotations

from functools import lru_cache

UNITS_PER_EM = 2048
LINE_SPACING = 2500 / UNITS_PER_EM  # (win ascent + win descent) / em: one line of text is 1.22 x the font size

_WIDTHS: dict[str, tuple[tuple[int, ...], dict[str, int]]] = {
    "regular": ((
        463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038,
        1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831,
        1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058,
        1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, 628, 791, 628, 1020, 1020, 596, 981,
        1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714,
        801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 667, 1020, 1038, 1020,
        1038, 1020, 1020, 804, 1709, 824, 1049, 1020, 0, 1038, 807, 694, 1020, 688, 685, 598, 1126,
        1200, 517, 629, 504, 865, 1049, 1303, 1375, 1383, 949, 1185, 1185, 1185, 1185, 1185, 1185, 1563,
        1092, 1000, 1000, 1000, 1000, 516, 516, 516, 516, 1279, 1322, 1356, 1356, 1356, 1356, 1356,
        1020, 1359, 1314, 1314, 1314, 1314, 998, 1058, 1080, 981, 981, 981, 981, 981, 981, 1583, 866,
        1019, 1019, 1019, 1019, 470, 470, 470, 470, 1076, 1076, 1080, 1080, 1080, 1080, 1080, 1020,
        1084, 1076, 1076, 1076, 1076, 927, 1076, 927,
    ), {'–': 1020, '—': 1854, '‘': 511, '’': 511, '“': 857, '”': 857, '€': 1038, '≥': 1020, '≤': 1020, '…': 1414, '•': 1020}),
    "bold": ((
        463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038,
        1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840,
        1241, 1148, 1084, 1291, 999, 940, 1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090, 1405,
        1153, 968, 1014, 1337, 1211, 1856, 1128, 1064, 979, 665, 880, 665, 1020, 1020, 615, 1011, 1099,
        857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099, 1101, 1099, 1099, 728, 817,
        710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 667, 1020, 1038, 1020, 1038,
        1020, 1020, 849, 1709, 852, 1103, 1020, 0, 1038, 799, 701, 1020, 692, 688, 616, 1154, 1224, 548,
        621, 517, 891, 1103, 1347, 1415, 1437, 949, 1241, 1241, 1241, 1241, 1241, 1241, 1588, 1084, 999,
        999, 999, 999, 546, 546, 546, 546, 1309, 1349, 1385, 1385, 1385, 1385, 1385, 1020, 1394, 1337,
        1337, 1337, 1337, 1064, 1090, 1136, 1011, 1011, 1011, 1011, 1011, 1011, 1587, 857, 1031, 1031,
        1031, 1031, 503, 503, 503, 503, 1099, 1099, 1101, 1101, 1101, 1101, 1101, 1020, 1114, 1099,
        1099, 1099, 1099, 970, 1099, 970,
    ), {'–': 1020, '—': 1854, '‘': 528, '’': 528, '“': 891, '”': 891, '€': 1038, '≥': 1020, '≤': 1020, '…': 1457, '•': 1020}),
    "italic": ((
        463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 794, 1038,
        1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831,
        1185, 1114, 1070, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1320, 1340, 1058,
        1360, 1112, 926, 998, 1314, 1162, 1823, 1063, 998, 959, 628, 787, 628, 1020, 1020, 596, 1053,
        1053, 852, 1053, 978, 625, 1053, 1053, 470, 490, 931, 470, 1620, 1053, 1051, 1053, 1053, 702,
        797, 686, 1053, 913, 1464, 887, 916, 809, 644, 943, 644, 1020, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 667, 1020, 1038, 1020,
        1038, 1020, 1020, 804, 1709, 882, 1049, 1020, 0, 1038, 807, 694, 1020, 688, 685, 598, 1102,
        1200, 517, 629, 504, 865, 1049, 1303, 1375, 1383, 949, 1185, 1185, 1185, 1185, 1185, 1185, 1563,
        1070, 1000, 1000, 1000, 1000, 516, 516, 516, 516, 1279, 1320, 1340, 1340, 1340, 1340, 1340,
        1020, 1347, 1314, 1314, 1314, 1314, 998, 1058, 1080, 1053, 1053, 1053, 1053, 1053, 1053, 1545,
        852, 978, 978, 978, 978, 470, 470, 470, 470, 1076, 1053, 1051, 1051, 1051, 1051, 1051, 1020,
        1084, 1053, 1053, 1053, 1053, 916, 1053, 916,
    ), {'–': 1020, '—': 1854, '‘': 511, '’': 511, '“': 857, '”': 857, '€': 1038, '≥': 1020, '≤': 1020, '…': 1413, '•': 1020}),
}
_WIDEST = 1831  # "@", wider than any letter


def _advance(char: str, style: str) -> int:
    base, extra = _WIDTHS[style]
    code = ord(char)
    if 32 <= code <= 255:
        return base[code - 32] or _WIDEST
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
            while text_width(word, size, bold, italic) > width and len(word) > 1:
                cut = max(1, _fitting(word, width, size, bold, italic))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
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
