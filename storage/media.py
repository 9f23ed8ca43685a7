"""Content-addressed photo files under `{data_dir}/media/ab/cd/<sha256>`.

Photos are evidence on an official form, so a file must be complete before
a database row points at it: it is written to a temporary file in the same
directory, fsynced, renamed into place, and the directory fsynced. Naming
files by their hash makes writing idempotent and deduplicates re-sent photos.
Files are 0600 and directories 0700: the photos show private premises.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_SHA256 = re.compile(r"[0-9a-f]{64}")


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        """Where the file lives; the name is checked so no path can leave the store."""
        if not isinstance(sha256, str) or _SHA256.fullmatch(sha256) is None:
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def write(self, data: bytes) -> str:
        """Store `data` durably and return its sha256; storing it again is a no-op."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        try:
            if target.stat().st_size == len(data):
                return sha256
        except FileNotFoundError:
            pass
        self._make_dirs(target.parent)
        _write_atomically(target, data)
        return sha256

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def _make_dirs(self, directory: Path) -> None:
        """Create the fan-out levels below the root, each made durable in its parent."""
        missing: list[Path] = []
        current = directory
        while current != self.root and not current.exists():
            missing.append(current)
            current = current.parent
        for level in reversed(missing):
            try:
                level.mkdir(mode=0o700)
            except FileExistsError:  # a concurrent writer made it first
                continue
            level.chmod(0o700)  # mkdir's mode is filtered by the umask
            _fsync_dir(level.parent)


def _write_atomically(target: Path, data: bytes) -> None:
    # mkstemp creates the file 0600 and in the target's directory, so the
    # rename below is atomic (same file system).
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    """Make a rename or a new entry in `directory` survive a power cut."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
