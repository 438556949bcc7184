"""Atomic file writes that keep the usual permissions.

Every result file of the project (report pages, results.json, figures, cached stages) is
written to a temporary file in the target folder and renamed over the target, so a reader
never sees half a file.  ``tempfile.mkstemp`` creates its file with mode 0600 whatever the
umask; the file gets the mode a plain ``open`` would have given it (0666 less the umask,
so 0644 by default) before the rename, so a web server or a CI artifact step running as
another user can read it.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable


def default_file_mode() -> int:
    """0666 less the process umask (the mode ``open(path, 'w')`` gives a new file)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Create ``path`` atomically: ``write`` fills a temporary file beside it, which is renamed
    over ``path`` with the default file mode; on failure nothing is left behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(tmp, default_file_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda handle: handle.write(data))


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
