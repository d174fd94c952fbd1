"""Recognising export files: which source, which export moment, which content."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from core.errors import FileRejected, UserError
from core.registry import READ_SOURCES, SOURCES

PREFIXES = {s.prefix: s.name for s in READ_SOURCES}  # from the registry: export file name prefix -> source
EXTENSIONS = sorted({e for s in SOURCES for e in s.extensions})  # of the exports a system delivers (the registry)
_NAME = re.compile(
    r"^(?P<prefix>[a-z]+_[a-z]+)_(?P<date>\d{8})(?:T(?P<time>\d{4}))?\.(?P<ext>"
    + "|".join(map(re.escape, EXTENSIONS))
    + ")$"
)
# A file the monitor writes itself from an API (sources/zgw.py): the gemeente's name (a slug), then the moment
# to the second (before: to the minute) and, for a second pull in the same second, `_2`, `_3`, ...; its
# export moment is the minute, as for every export.
_PULLED = re.compile(
    r"^(?P<prefix>[a-z]+_[a-z]+)_(?P<part>[a-z0-9]+(?:-[a-z0-9]+)*)_(?P<date>\d{8})T(?P<time>\d{4})"
    r"(?:\d{2}(?:_[1-9]\d*)?)?\.(?P<ext>jsonl\.gz)$"
)


def _match(name: str) -> re.Match[str] | None:
    return _NAME.fullmatch(name) or _PULLED.fullmatch(name)


@dataclass(frozen=True)
class ExportFile:
    path: Path
    source: str  # its source's name in the registry (core/registry.py READ_SOURCES): "kcc", "corsa", "zgw", ...
    stamp: str  # export moment, sortable: "YYYYMMDDTHHMM"
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def content_hash(path: Path) -> str:
    """The file's SHA-256, or, when the file cannot be read, a mark that is new on every attempt
    ("onleesbaar-..."): the reader then rejects the file, and a later attempt is never taken for
    a file already seen."""
    try:
        return sha256_of(path)
    except OSError:
        return f"onleesbaar-{uuid.uuid4().hex}"


def source_of(name: str) -> str | None:
    """The source an export file name belongs to (`kcc_gesprekken_20260701.csv` -> `kcc`), None if unknown."""
    m = _match(name)
    return PREFIXES.get(m["prefix"]) if m else None


def identify(path: Path, sha256: str | None = None) -> ExportFile:
    """Name the source and export moment from the file name, hash the content (see `content_hash`)
    unless the caller has hashed it already (`sha256`)."""
    m = _match(path.name)
    if not m or m["prefix"] not in PREFIXES:  # a known name with another file type: its reader says so
        raise FileRejected(
            re.sub(r"[\x00-\x1f\x7f]", "?", path.name),  # one line, whatever the name holds
            "bestandsnaam niet herkend; verwacht "
            + " of ".join(f"{s.prefix}_JJJJMMDD[TUUMM].{'/'.join(s.extensions)}" for s in SOURCES),
        )
    return ExportFile(path, PREFIXES[m["prefix"]], f"{m['date']}T{m['time'] or '0000'}", sha256 or content_hash(path))


def discover(paths: list[Path]) -> list[Path]:
    """Files given, or the files in folders given (not recursive), oldest export first."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")))
        elif p.is_file():
            found.append(p)
        else:
            raise UserError(f"'{p}' bestaat niet of is geen bestand of map")

    def order(f: Path) -> tuple[str, tuple[str | int, ...]]:
        m = _match(f.name)
        # within a minute by name, its numbers as numbers: a tenth pull in one second (`_10`) after a second (`_2`)
        parts = re.split(r"(\d+)", f.name)  # text, digits, text, ...: the digits at the odd places
        name = tuple(int(part) if place % 2 else part for place, part in enumerate(parts))
        return (f"{m['date']}T{m['time'] or '0000'}" if m else "", name)

    return sorted(found, key=order)
