"""Problems found in checklist templates, with one catalogue of error codes.

Whoever writes a template edits YAML by hand, so every problem names the file,
the line and the field, and all problems of a load are reported together: a
bureau fixes its file in one round instead of one error per restart.
"""

from __future__ import annotations

from dataclasses import dataclass

# Every code a Problem may carry, with what it means. Codes are stable (tests and
# users grep for them); messages may be reworded.
CODES: dict[str, str] = {
    "yaml-syntax": "the file is not valid YAML",
    "unreadable-file": "the file cannot be read as UTF-8 text",
    "missing-dir": "an extra checklist folder does not exist",
    "not-a-mapping": "a mapping (key: value) was expected",
    "unknown-key": "a key that the template format does not define",
    "duplicate-key": "the same key appears twice in one mapping",
    "missing-field": "a required key is absent",
    "wrong-type": "a value of the wrong type (e.g. a number where text belongs)",
    "empty-text": "a text that is empty once surrounding whitespace is removed",
    "text-too-long": "a text longer than fits where the bot shows it",
    "bad-checklist-id": "a checklist id that is not a short lowercase ASCII slug",
    "bad-item-id": "an item id that is not a short lowercase ASCII slug",
    "duplicate-item-id": "two items of one checklist share an id",
    "duplicate-checklist-id": "two template files define the same checklist id",
    "bad-enum-value": "a value outside the allowed set",
    "duplicate-value": "the same value listed twice",
    "empty-list": "a list that must name at least one value is empty",
    "no-items": "a checklist without groups or a group without items",
    "bad-version": "a version that is not a positive integer",
    "bad-number": "a value that should be a number (min, max)",
    "bad-range": "min above max",
    "bad-options": "options that are empty, too many or repeated",
    "bad-fields": "a ledger (records) without fields or with too many",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one template file, located well enough to fix it blind."""

    file: str
    line: int | None
    field: str
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what} [{self.code}]"


class ChecklistError(Exception):
    """Raised once per load with every problem found, so none hides behind another."""

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in checklist templates:"
        return "\n".join([header, *(f"  {p}" for p in self.problems)])
