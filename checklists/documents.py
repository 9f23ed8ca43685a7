"""The documents a submitted form is delivered as, registered in one place.

The .xlsx is the official, editable record; the PDF opens in Telegram's own
viewer on any phone. Each is an outbox row of its own (keyed by its kind), so
each reaches each chat exactly once and is retried on its own. A row's kind
is read from its file name, which the bot writes, so rows queued before the
PDF existed stay .xlsx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checklists.form import FormStats

Renderer = Callable[..., "FormStats"]  # (filled, read_photo, out, *, tz) -> FormStats


def _render_xlsx(*args: Any, **kwargs: Any) -> FormStats:
    from checklists.form import render_form  # imported on use: storage reads this module too

    return render_form(*args, **kwargs)


def _render_pdf(*args: Any, **kwargs: Any) -> FormStats:
    from checklists.pdf_form import render_pdf

    return render_pdf(*args, **kwargs)


@dataclass(frozen=True)
class DocumentKind:
    name: str  # also the file extension and the outbox's `document` value
    mime_type: str
    render: Renderer


XLSX = DocumentKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _render_xlsx)
PDF = DocumentKind("pdf", "application/pdf", _render_pdf)
KINDS: dict[str, DocumentKind] = {kind.name: kind for kind in (XLSX, PDF)}
DELIVERED: tuple[DocumentKind, ...] = (XLSX, PDF)  # what a submission sends, in this order


def kind_of(file_name: str) -> DocumentKind:
    """The kind a file name stands for; anything unknown is the .xlsx, as before the PDF."""
    return KINDS.get(Path(file_name).suffix.lower().lstrip("."), XLSX)
