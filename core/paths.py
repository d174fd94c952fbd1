"""File and folder names made from names that come from configuration or exports (a gemeente, a
period): one safe path component each, whatever the text - never a path of its own.

A gemeente called `../x`, `/tmp/x`, `A/B`, `..` or `=HYPERLINK(...)`, with a NUL byte or 300
characters long, still names one folder inside the reports folder: letters (also accented),
digits, spaces, '-', '_' and a single '.' stay; anything else becomes '_'; leading dots and spaces go (no
hidden file, no '..'); at most 80 characters; what is left is never empty."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 80
_UNSAFE = re.compile(r"[^\w .-]", flags=re.UNICODE)


def slug(text: str) -> str:
    """`text` as lower-case ASCII letters and digits with '-' between ('Den Haag' -> 'den-haag'): a name
    inside a file name that a pattern can find again (a pull's file names its gemeente so)."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain)) or "onbekend"


def safe_component(text: str) -> str:
    """`text` as one safe path component (see the module's doc)."""
    name = unicodedata.normalize("NFKC", str(text)).replace("\x00", "")
    name = re.sub(r"\.{2,}", "_", _UNSAFE.sub("_", name))  # no '..' anywhere, not even inside a name
    name = re.sub(r"_+", "_", name).lstrip(". ").rstrip(" ")
    name = name[:MAX_LENGTH].rstrip(". ")
    return name if name.strip("_") else "onbekend"
