"""How messages put things in Dutch: lists ("Losser en Enschede"), counts with the right
plural ("1 bestand", "2 bestanden"), a suggestion for a typo, and user text shown safely."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def dutch_list(items: Iterable[object], last: str = "en", quote: bool = False) -> str:
    """'A', 'A en B', 'A, B en C' (`last="of"` for a choice); quoted with '...' when asked."""
    words = [f"'{i}'" if quote else str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def count(n: int, singular: str, plural: str) -> str:
    """'1 bestand', '0 bestanden', '2 bestanden'."""
    return f"{n} {singular if n == 1 else plural}"


UNKNOWN_UNITS = {
    "wachtrij": ("gesprek", "gesprekken"),
    "zaaktype": ("zaak", "zaken"),
    "product": ("afspraak", "afspraken"),
}


def unknown_unit(kind: str) -> tuple[str, str]:
    """What a value the configuration does not know yet counts (a queue counts calls), singular and plural."""
    return UNKNOWN_UNITS.get(kind, ("record", "records"))


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option nearest to a mistyped `word` (case-insensitive), or None when none is near."""
    options = list(options)
    by_lower = {o.lower(): o for o in options}
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[found[0]] if found else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """'; bedoelt u 'X'?' when an option is near `word`, else ''."""
    near = closest(word, options)
    return f"; bedoelt u '{near}'?" if near else ""


def shown(text: str, limit: int = 60) -> str:
    """User text as it can be shown on one line: control characters (a NUL, a newline) written
    as \\x00 and \\n, and cut after `limit` characters."""
    safe = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return safe if len(safe) <= limit else f"{safe[:limit]}… ({len(text)} tekens)"


def sentences(parts: Iterable[str]) -> str:
    """Problems on one line: joined by '; ', or by a space after a question ('bedoelt u ...?')."""
    out = ""
    for part in parts:
        out += ("" if not out else " " if out.endswith("?") else "; ") + part
    return out
