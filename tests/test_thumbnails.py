"""Thumbnails made in a thread pool come back in order, errors as values, a few at a time."""

from __future__ import annotations

import threading

from checklists import thumbnails as thumbs
from checklists.thumbnails import Thumbnail, thumbnails
from tests.test_form import photo_bytes


def test_results_keep_the_order_and_errors_do_not_stop_the_rest() -> None:
    sizes = [(40 + n, 30) for n in range(12)]
    reads = [lambda size=size: photo_bytes(size=size) for size in sizes]
    reads[3] = lambda: b"not an image"
    reads[7] = lambda: (_ for _ in ()).throw(KeyError("missing from the media store"))
    results = list(thumbnails(reads, 800))
    assert isinstance(results[3], Exception) and isinstance(results[7], KeyError)
    ok = [(r.width, r.height) for r in results if isinstance(r, Thumbnail)]
    assert ok == [s for n, s in enumerate(sizes) if n not in (3, 7)]


def test_only_a_few_photos_are_read_ahead() -> None:
    """Memory stays bounded: the generator reads at most 2 x WORKERS photos ahead of the consumer."""
    read = 0
    lock = threading.Lock()

    def reader() -> bytes:
        nonlocal read
        with lock:
            read += 1
        return photo_bytes(size=(8, 8))

    stream = thumbnails([reader] * 50, 800)
    next(stream)
    assert read <= 2 * thumbs.WORKERS + 1
    assert len(list(stream)) == 49 and read == 50
