"""parse_mode handling modelled on Telegram's (tdlib's) HTML parser.

Length limits apply to the text *after* parsing, and a message with broken
markup is refused outright, so the fake server must parse exactly as strictly.
It is deliberately a little stricter than Telegram about '&': any '&' that does
not start &lt; &gt; &amp; &quot; or a numeric entity is an error here, because
unescaped user input is the bug we want to catch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .params import bad_request

PARSE_MODES = ("HTML", "MarkdownV2", "Markdown")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z0-9]+));")
_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler",
}
_TAGS = set(_SIMPLE) | {"span", "a", "code", "pre", "blockquote", "tg-emoji", "tg-time"}
_SPACE = " \t\r\n"


class MarkupError(Exception):
    """Telegram's 'can't parse entities' reason."""


@dataclass
class Parsed:
    """Text as the recipient sees it, with entities in UTF-16 offsets like Telegram."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse(text: str, parse_mode: str | None) -> Parsed:
    """Parse like Telegram; broken markup becomes the matching 400 Bad Request."""
    mode = _normalise_mode(parse_mode)
    try:
        if mode == "HTML":
            return _HtmlParser(text).run()
        if mode == "MarkdownV2":
            from .markdown import parse_markdown_v2

            return parse_markdown_v2(text)
    except MarkupError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    return Parsed(text)


def _normalise_mode(parse_mode: str | None) -> str | None:
    if parse_mode is None or parse_mode == "":
        return None
    for mode in PARSE_MODES:
        if parse_mode.lower() == mode.lower():
            return mode
    raise bad_request("unsupported parse_mode")


@dataclass
class _Open:
    tag: str
    start16: int
    entity: dict[str, Any] | None


class _HtmlParser:
    """A single pass over the source, like tdlib's parse_html."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0
        self.out: list[str] = []
        self.pos16 = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def run(self) -> Parsed:
        while self.i < len(self.src):
            char = self.src[self.i]
            if char == "&":
                self._emit(self._entity(in_attribute=False))
            elif char != "<":
                self._emit(char)
                self.i += 1
            elif self.src.startswith("</", self.i):
                self._end_tag()
            else:
                self._start_tag()
        if self.stack:
            raise MarkupError(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return Parsed("".join(self.out), self.entities)

    def _byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.pos16 += utf16_len(text)

    def _entity(self, in_attribute: bool) -> str:
        match = _ENTITY.match(self.src, self.i)
        decoded = _decode_entity(match)
        if decoded is None:
            where = " in an attribute value" if in_attribute else ""
            raise MarkupError(
                f"Unsupported HTML entity or unescaped \"&\"{where} at byte offset {self._byte_offset(self.i)}"
            )
        assert match is not None
        self.i = match.end()
        return decoded

    def _read_until(self, stop: str) -> str:
        begin = self.i
        while self.i < len(self.src) and self.src[self.i] not in stop:
            self.i += 1
        return self.src[begin:self.i]

    def _skip_spaces(self) -> None:
        while self.i < len(self.src) and self.src[self.i] in _SPACE:
            self.i += 1

    def _start_tag(self) -> None:
        tag_offset = self._byte_offset(self.i)
        self.i += 1
        tag = self._read_until(_SPACE + ">").lower()
        if self.i >= len(self.src):
            raise MarkupError(f"Unclosed start tag at byte offset {tag_offset}")
        if tag not in _TAGS:
            raise MarkupError(f'Unsupported start tag "{tag}" at byte offset {tag_offset}')
        attributes = self._attributes(tag, tag_offset)
        self.i += 1  # the '>'
        self.stack.append(_Open(tag, self.pos16, _entity_for(tag, attributes, tag_offset)))

    def _attributes(self, tag: str, tag_offset: int) -> dict[str, str]:
        attributes: dict[str, str] = {}
        while True:
            self._skip_spaces()
            if self.i >= len(self.src):
                raise MarkupError(f"Unclosed start tag at byte offset {tag_offset}")
            if self.src[self.i] == ">":
                return attributes
            name_at = self._byte_offset(self.i)
            name = self._read_until(_SPACE + "=>").lower()
            if not name:
                raise MarkupError(f'Empty attribute name in the tag "{tag}" at byte offset {name_at}')
            self._skip_spaces()
            if self.i < len(self.src) and self.src[self.i] == "=":
                self.i += 1
                self._skip_spaces()
                attributes[name] = self._attribute_value(tag_offset)
            elif tag == "blockquote" and name == "expandable":
                attributes[name] = ""
            else:
                raise MarkupError(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {tag_offset}"
                )

    def _attribute_value(self, tag_offset: int) -> str:
        if self.i >= len(self.src):
            raise MarkupError(f"Unclosed start tag at byte offset {tag_offset}")
        quote = self.src[self.i]
        if quote not in "'\"":
            token_at = self.i
            while self.i < len(self.src) and (self.src[self.i].isalnum() or self.src[self.i] in ".-"):
                self.i += 1
            if self.i >= len(self.src) or self.src[self.i] not in _SPACE + ">":
                raise MarkupError(f"Unexpected end of name token at byte offset {self._byte_offset(token_at)}")
            return self.src[token_at:self.i].lower()
        self.i += 1
        value: list[str] = []
        while self.i < len(self.src) and self.src[self.i] != quote:
            if self.src[self.i] == "&":
                value.append(self._entity(in_attribute=True))
            else:
                value.append(self.src[self.i])
                self.i += 1
        if self.i >= len(self.src):
            raise MarkupError(f"Unclosed start tag at byte offset {tag_offset}")
        self.i += 1
        return "".join(value)

    def _end_tag(self) -> None:
        tag_offset = self._byte_offset(self.i)
        if not self.stack:
            raise MarkupError(f"Unexpected end tag at byte offset {tag_offset}")
        self.i += 2
        name = self._read_until(_SPACE + ">").lower()
        self._skip_spaces()
        if self.i >= len(self.src) or self.src[self.i] != ">":
            raise MarkupError(f"Unclosed end tag at byte offset {tag_offset}")
        self.i += 1
        opened = self.stack.pop()
        if name and name != opened.tag:
            raise MarkupError(
                f'Unmatched end tag at byte offset {tag_offset}, expected "</{opened.tag}>", found "</{name}>"'
            )
        self._close(opened)

    def _close(self, opened: _Open) -> None:
        entity, length = opened.entity, self.pos16 - opened.start16
        if entity is None or length == 0:
            return
        parent = self.stack[-1] if self.stack else None
        if opened.tag == "code" and "language" in entity and parent and parent.tag == "pre":
            assert parent.entity is not None
            parent.entity["language"] = entity["language"]
            return
        if entity["type"] == "code":
            entity.pop("language", None)
        self.entities.append({**entity, "offset": opened.start16, "length": length})


def _decode_entity(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _NAMED.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _entity_for(tag: str, attributes: dict[str, str], tag_offset: int) -> dict[str, Any] | None:
    if tag in _SIMPLE:
        return {"type": _SIMPLE[tag]}
    if tag == "span":
        if attributes.get("class") != "tg-spoiler":
            raise MarkupError(f'Tag "span" must have class "tg-spoiler" at byte offset {tag_offset}')
        return {"type": "spoiler"}
    if tag == "a":
        href = attributes.get("href", "")
        return {"type": "text_link", "url": href} if href else None
    if tag == "code":
        language = attributes.get("class", "")
        return {"type": "code", "language": language[9:]} if language.startswith("language-") else {"type": "code"}
    if tag == "pre":
        return {"type": "pre"}
    if tag == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attributes else "blockquote"}
    if tag == "tg-emoji":
        emoji_id = attributes.get("emoji-id")
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id} if emoji_id else None
    return None  # tg-time: rendering only, no entity worth modelling here
