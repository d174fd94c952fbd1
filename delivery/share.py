"""Copies of the reports to a configured folder (a network share in practice), atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path


class ShareError(Exception):
    """The folder cannot be written; the message names it."""


def copy_to_folder(paths: Sequence[Path], folder: Path, subfolder: str) -> list[Path]:
    """Copy each file to folder/subfolder under a temporary name, then rename: a reader of the
    share never sees half a workbook."""
    if not folder.is_dir():
        raise ShareError(f"map {folder} voor de kopie van de rapporten bestaat niet of is niet bereikbaar")
    target = folder / subfolder
    copied = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for path in paths:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=target)
            try:
                with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
                    shutil.copyfileobj(src, out)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, target / path.name)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            copied.append(target / path.name)
    except OSError as exc:
        raise ShareError(f"map {target}: kopiëren mislukt: {exc.strerror or exc}") from None
    return copied
