"""A website page's address as the monitor may keep it: the path of slugs, nothing that could be a person.

A `Pagina` cell is an address a respondent's browser was on; what follows the path (a query, a
fragment) and any path segment can hold personal data: `/zoeken?q=<naam>`, `/profiel/<e-mail>`,
`/contact/06-4785 5252`. The rule, in order:

1. Decode until nothing changes (at most `DECODE_ROUNDS` times): percent-encoding (`%2540` is `%40`
   is `@`), then Unicode NFKC (a full-width at sign U+FF20 is `@`, full-width digits are digits).
   Judged is what a browser would show, never the encoded text.
2. A web address (`scheme://host...` or `www.host...`) loses its host; what is left must start with
   `/`, else the value is no address at all (free text in the wrong column: `NOT_A_PATH`).
3. The path ends at the first `?`, `#` or `;` (also when they were encoded: `%3F`).
4. Each segment between slashes is kept only when it is a page slug (`is_slug`): lower-case ASCII
   letters, digits and single hyphens between them, at most `SLUG_MAX` characters, no run of more
   than 4 digits, at most 8 digits in all (a date such as `2026-07-03` is fine; a phone number, a
   BSN or a bank account is not), and not shaped like a Dutch postcode (`7581ab`, `7581-ab`).
   Anything else - a capital (a name as it is written), a space, `@`, `.`, `%`, `+`, an accent,
   `..` - becomes `...`; neighbouring dropped segments become one `...`.
   A name written in lower case with hyphens (`jan-jansen`) cannot be told from a page name and is kept.
5. Empty segments (`//`) are left out; a trailing slash is kept; an address with a host and no path is
   `/`; a value with no path at all (empty, only a query) is null. At most `PATH_MAX` characters.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

import polars as pl

DECODE_ROUNDS = 6  # %252540 -> %2540 -> %40 -> @: three rounds; more is a value made to hide something
SLUG_MAX = 80
PATH_MAX = 300
DROPPED = "..."
NOT_A_PATH = "\x00"  # what `page_of` gives for text that is no address; never a kept path (no control chars)

_HOST = re.compile(r"^([a-z][a-z0-9+.-]*://|www\.)[^/?#]*", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LONG_DIGITS = re.compile(r"\d{5,}")
_POSTCODE = re.compile(r"(^|-)\d{4}-?[a-z]{2}(-|$)")

__all__ = ["DROPPED", "NOT_A_PATH", "PATH_MAX", "decoded", "is_slug", "page_of", "page_path"]


def decoded(text: str) -> str:
    """Percent-decoded and NFKC-normalised until it no longer changes (at most DECODE_ROUNDS rounds)."""
    for _ in range(DECODE_ROUNDS):
        new = unicodedata.normalize("NFKC", unquote(text, errors="replace"))
        if new == text:
            break
        text = new
    return text


def is_slug(segment: str) -> bool:
    """A path segment that is a page's name and cannot be a person's: see the module's rule 4."""
    return (
        len(segment) <= SLUG_MAX
        and _SLUG.match(segment) is not None
        and _LONG_DIGITS.search(segment) is None
        and sum(c.isdigit() for c in segment) <= 8
        and _POSTCODE.search(segment) is None
    )


def page_of(value: str | None) -> str | None:
    """The kept path of one Pagina value (module docstring); NOT_A_PATH for text that is no address."""
    if value is None:
        return None
    text = decoded(value).strip()
    if not text:
        return None
    host = _HOST.match(text)
    rest = text[host.end() :] if host else text
    path = re.split(r"[?#;]", rest, maxsplit=1)[0]
    if not path:
        return "/" if host else None
    if not path.startswith("/"):
        return NOT_A_PATH
    kept: list[str] = []
    for segment in path.split("/")[1:]:
        if not segment:
            continue
        shown = segment if is_slug(segment) else DROPPED
        if not (shown == DROPPED and kept and kept[-1] == DROPPED):
            kept.append(shown)
    trailing = "/" if path.endswith("/") and kept else ""
    return ("/" + "/".join(kept) + trailing)[:PATH_MAX]


def page_path(value: pl.Expr) -> pl.Expr:
    """`page_of` on a column, judged once per distinct value."""

    def paths(column: pl.Series) -> pl.Series:
        distinct = column.unique().drop_nulls().to_list()
        return column.replace_strict({v: page_of(v) for v in distinct}, default=None, return_dtype=pl.String)

    return value.map_batches(paths, return_dtype=pl.String)
