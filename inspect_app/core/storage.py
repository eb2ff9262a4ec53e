"""Crash-safe file writes and server-made names for stored uploads."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import uuid
from pathlib import Path

_SUFFIX = re.compile(r"\.?[a-z0-9]{1,10}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so readers see the old file or the whole new one, never a partial one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            if hasattr(os, "fchmod"):
                os.fchmod(tmp.fileno(), 0o644)  # mkstemp makes 0600; stored files are plain readable data
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_stored_name(suffix: str) -> str:
    """A random relative name like 'ab/ab12…ef.jpg', sharded by its first two hex digits."""
    suffix = suffix.lower()
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"unsafe file suffix: {suffix!r}")
    token = uuid.uuid4().hex
    return f"{token[:2]}/{token}.{suffix.lstrip('.')}"
