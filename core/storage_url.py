"""Where a store lives, as configured: a folder, or `s3://bucket/prefix` - and nothing in between.

Text from configuration never becomes a path by accident: a value with a scheme-like prefix
(`s3:/bucket/x`, `s3:bucket/x`, `S3://...`, `https://...`) is either a valid `s3://bucket/prefix`
or refused when the configuration is loaded; it is never a local folder named `s3:`. An s3 address
is checked as S3 names its buckets (3 to 63 lower-case letters, digits, dots and hyphens, starting and
ending with a letter or digit, no two dots in a row, not an IP address), has no query string, fragment,
user name or password, white space or control characters, and no `.` or `..` segment; it is kept
normalised (no double or trailing slash), so one store has one spelling.

`location_key` is what two configurations are compared on (two tenants may not share a store): the
normalised s3 address, or the folder's absolute path with `..` resolved.
"""

from __future__ import annotations

import re
from pathlib import Path

S3 = "s3://"
_SCHEME_LIKE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\\?#]")

__all__ = ["checked_location", "location_key", "shown_location"]


def shown_location(location: str, limit: int = 200) -> str:
    """A location as a message may show it: a user name or password before an '@' left out, control
    characters escaped, at most `limit` characters."""
    text = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*:/*)[^/@]*@", r"\1***@", location)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def checked_location(location: str) -> str:
    """The store location as configured, checked and normalised; ValueError (Dutch, one line) when it
    has a scheme-like prefix but is no valid s3://bucket/prefix."""
    scheme = _SCHEME_LIKE.match(location)
    if scheme is None:
        if "\x00" in location:
            raise ValueError(f"opslag '{shown_location(location)}' bevat een NUL-teken; verwacht een map")
        return location
    where = f"opslag '{shown_location(location)}'"
    expected = "verwacht een map of s3://bucket/pad"
    name = scheme[1]
    if name.lower() != "s3":
        raise ValueError(f"{where}: schema '{shown_location(name, 20)}' wordt niet ondersteund; {expected}")
    if not location.startswith(S3):
        if location.lower().startswith(S3):
            raise ValueError(f"{where}: schrijf het schema in kleine letters (s3://); {expected}")
        raise ValueError(f"{where} begint als een s3-adres maar mist '//' na 's3:'; {expected}")
    rest = location[len(S3) :]
    authority, _, prefix = rest.partition("/")
    if "@" in authority:
        raise ValueError(
            f"{where}: een s3-adres bevat geen naam of wachtwoord (de sleutels komen uit de omgeving: "
            "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); verwacht s3://bucket/pad"
        )
    if not authority:
        raise ValueError(f"{where} noemt geen bucket; verwacht s3://bucket/pad")
    if bad := _bucket_problem(authority):
        raise ValueError(f"{where}: bucketnaam '{shown_location(authority, 70)}' is ongeldig: {bad}")
    if "?" in prefix or "#" in prefix:
        raise ValueError(f"{where}: een s3-adres heeft geen vraagdeel of fragment ('?', '#'); verwacht s3://bucket/pad")
    if _UNSAFE.search(prefix):
        raise ValueError(
            f"{where}: het pad bevat een spatie, backslash of stuurteken; verwacht s3://bucket/pad met "
            "letters, cijfers, '-', '_', '.' en '/'"
        )
    segments = [s for s in prefix.split("/") if s]
    if any(s in (".", "..") for s in segments):
        raise ValueError(f"{where}: het pad bevat '.' of '..'; verwacht s3://bucket/pad zonder verwijzingen")
    return S3 + "/".join([authority, *segments])


def _bucket_problem(bucket: str) -> str | None:
    """Why `bucket` is no S3 bucket name, or None."""
    rule = (
        "verwacht 3 t/m 63 kleine letters, cijfers, punten of streepjes, "
        "beginnend en eindigend met een letter of cijfer"
    )
    if not _BUCKET.match(bucket):
        return rule
    if ".." in bucket:
        return "twee punten op een rij; " + rule
    if _IPV4.match(bucket):
        return "een IP-adres is geen bucketnaam; " + rule
    return None


def location_key(location: str | Path) -> str:
    """What two store locations are compared on: the normalised s3 address, or the absolute folder with
    `..` and symbolic links resolved (a folder not there yet: resolved as far as it exists)."""
    text = str(location)
    if text.startswith(S3):
        try:
            return checked_location(text)
        except ValueError:
            return text
    return str(Path(text).resolve())
