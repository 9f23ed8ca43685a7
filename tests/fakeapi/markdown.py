"""A MarkdownV2 reader just strict enough to catch what Telegram refuses.

Telegram rejects any unescaped reserved character and any unclosed entity; the
most common bot bug is an unescaped '.' or '-' in dynamic text, so that and
length-after-parsing are what this models. Blockquotes are accepted but not
turned into entities.
"""

from __future__ import annotations

from typing import Any

from .markup import MarkupError, Parsed, utf16_len

RESERVED = set("_*[]()~`>#+-=|{}.!")
_TOGGLES = (("__", "underline"), ("||", "spoiler"), ("*", "bold"), ("_", "italic"), ("~", "strikethrough"))


class _Reader:
    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0
        self.out: list[str] = []
        self.pos16 = 0
        self.open: list[tuple[str, str, int, int]] = []  # marker, type, utf16 start, byte offset
        self.entities: list[dict[str, Any]] = []

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.pos16 += utf16_len(text)

    def byte_offset(self) -> int:
        return len(self.src[: self.i].encode("utf-8"))

    def escaped(self) -> str:
        """The character after a backslash; only codes 1-126 may be escaped."""
        if self.i + 1 >= len(self.src) or not 1 <= ord(self.src[self.i + 1]) <= 126:
            raise MarkupError("Character '\\' is reserved and must be escaped with the preceding '\\'")
        self.i += 2
        return self.src[self.i - 1]

    def read_verbatim(self, closer: str, kind: str) -> str:
        """Body of code/pre: only '`' and '\\' need escaping; ends at `closer`."""
        start = self.byte_offset()
        chunk: list[str] = []
        while not self.src.startswith(closer, self.i):
            if self.i >= len(self.src):
                raise MarkupError(f"Can't find end of {kind} entity at byte offset {start}")
            if self.src[self.i] == "\\":
                chunk.append(self.escaped())
            else:
                chunk.append(self.src[self.i])
                self.i += 1
        self.i += len(closer)
        return "".join(chunk)

    def code(self, fence: str) -> None:
        self.i += len(fence)
        body = self.read_verbatim(fence, "Pre" if fence == "```" else "Code")
        entity: dict[str, Any] = {"type": "pre" if fence == "```" else "code"}
        if fence == "```" and "\n" in body:
            language, rest = body.split("\n", 1)
            if language and " " not in language:
                entity["language"], body = language, rest
        start = self.pos16
        self.emit(body)
        if body:
            self.entities.append({**entity, "offset": start, "length": self.pos16 - start})

    def toggle(self, marker: str, kind: str) -> None:
        if self.open and self.open[-1][0] == marker:
            _, _, start, _ = self.open.pop()
            if self.pos16 > start:
                self.entities.append({"type": kind, "offset": start, "length": self.pos16 - start})
        elif any(entry[0] == marker for entry in self.open):
            _, kind, _, offset = self.open[-1]
            raise MarkupError(f"Can't find end of {kind.title()} entity at byte offset {offset}")
        else:
            self.open.append((marker, kind, self.pos16, self.byte_offset()))
        self.i += len(marker)

    def link_end(self) -> None:
        """']' closing '[text' must be followed by '(url)'."""
        _, kind, start, _ = self.open.pop()
        self.i += 1
        if not self.src.startswith("(", self.i):
            raise MarkupError("Character ']' is reserved and must be escaped with the preceding '\\'")
        self.i += 1
        url = self.read_verbatim(")", "TextUrl")
        key = "custom_emoji_id" if kind == "custom_emoji" else "url"
        self.entities.append({"type": kind, "offset": start, "length": self.pos16 - start, key: url})

    def step(self) -> None:
        src, i = self.src, self.i
        char, line_start = src[i], i == 0 or src[i - 1] == "\n"
        if char == "\\":
            self.emit(self.escaped())
        elif line_start and src.startswith("**>", i):
            self.i += 3
        elif line_start and char == ">":
            self.i += 1
        elif src.startswith("```", i) or char == "`":
            self.code("```" if src.startswith("```", i) else "`")
        elif src.startswith("![", i) or char == "[":
            kind = "custom_emoji" if char == "!" else "text_link"
            self.open.append(("[", kind, self.pos16, self.byte_offset()))
            self.i += 2 if char == "!" else 1
        elif char == "]" and self.open and self.open[-1][0] == "[":
            self.link_end()
        elif marker := next((m for m, _ in _TOGGLES if src.startswith(m, i)), None):
            self.toggle(marker, dict(_TOGGLES)[marker])
        elif char in RESERVED:
            raise MarkupError(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")
        else:
            self.emit(char)
            self.i += 1


def parse_markdown_v2(source: str) -> Parsed:
    reader = _Reader(source)
    while reader.i < len(source):
        reader.step()
    if reader.open:
        _, kind, _, offset = reader.open[-1]
        raise MarkupError(f"Can't find end of {kind.replace('_', ' ').title()} entity at byte offset {offset}")
    reader.entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return Parsed("".join(reader.out), reader.entities)
