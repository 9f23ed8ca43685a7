"""Writing a finished document where the caller wants it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO


def save_bytes(data: bytes, out: Path | BinaryIO) -> int:
    """To a path: written beside it and renamed, so a crash never leaves half a
    document under the real name. To a stream: written as is. Returns the size."""
    if isinstance(out, (str, os.PathLike)):
        path = Path(out)
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_bytes(data)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return len(data)
    out.write(data)
    return len(data)
