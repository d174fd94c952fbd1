"""The one place reports touch the file system: write bytes atomically.

The bytes go to a hidden temporary file in the target's folder (same file
system, so the rename is atomic), are flushed to disk, and then replace the
target with `os.replace`. A reader sees the old file or the new one, never a
half-written one; on any error the temporary file is removed and the target is
left as it was. The temporary file is opened normally, so the result gets the
usual permissions (umask), unlike `tempfile.mkstemp`'s 0600.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
