"""Streaming the items out of a JSON document without loading it whole.

A document is read through a bounded text buffer. Each array item is decoded on its own with
``json.JSONDecoder.raw_decode``, so memory holds one item (plus a read-ahead chunk), never the
file. Accepted shapes: a top-level array; an object holding the array under one of
:data:`WRAPPER_KEYS` (``{"jobs": [...]}``, a JSON-LD ``@graph``); a single object (one item);
several of these one after another.

An item that is not valid JSON becomes an :class:`ItemError`; reading then resumes where the
next object item most likely starts (a ``,`` before a ``{``), so a broken item costs only
itself. Line numbers stay exact; item numbers after a broken item are counted from there. A
file that ends inside the array (truncated) reports the tail and keeps every item before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

from jobpilot.sources.base import ItemError

WRAPPER_KEYS = frozenset({"jobs", "data", "results", "postings", "@graph"})

# A single item larger than this is not a posting; reading gives up on it.
MAX_ITEM_CHARS = 64 * 1024 * 1024
# A consumed prefix longer than this is dropped from the buffer.
_COMPACT_AT = 1024 * 1024
# How much of the buffer's end is kept while hunting for the next item boundary.
_BOUNDARY_OVERLAP = 1024

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A comma after the end of a value and before an object: where the next item most likely starts.
_ITEM_BOUNDARY = re.compile(r"(?<=[}\]\"0-9el])\s*,\s*(?=\{)")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class JsonItem:
    """One value read from the document and where it was."""

    value: object
    first_line: int
    last_line: int
    # 1-based position in its array; None for a top-level object read as one item.
    index: int | None

    @property
    def where(self) -> str:
        if self.index is None:
            return f"line {self.first_line}"
        return f"line {self.first_line} (item {self.index})"


class _Malformed(Exception):
    def __init__(self, message: str, line: int, resume_at: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.resume_at = resume_at


def json_kind(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def json_error_text(message: str) -> str:
    """A JSON decoder message without its dangling position ("Unterminated string starting
    at" — the position is reported separately)."""
    return message.removesuffix(" at").removesuffix(" starting")


class JsonDocumentReader:
    """The items of a JSON document, read from ``read`` (a function returning the next
    piece of text, ``""`` at the end)."""

    def __init__(self, read: Callable[[], str]) -> None:
        self._read = read
        self._buf = ""
        self._pos = 0
        self._eof = False
        # Newlines are counted lazily: ``_line`` is the line number at buffer index ``_counted``.
        self._counted = 0
        self._line = 1

    def items(self) -> Iterator[JsonItem | ItemError]:
        """Every item of the document in order, with an :class:`ItemError` for each part
        that could not be read."""
        while True:
            char = self._skip_whitespace()
            if not char:
                return
            if char == "[":
                self._pos += 1
                if not (yield from self._array()):
                    return
            elif char == "{":
                if not (yield from self._object()):
                    return
            else:
                line = self._line_at(self._pos)
                try:
                    value, _, _ = self._decode_value()
                except _Malformed as exc:
                    yield ItemError(f"line {exc.line}", exc.message)
                    return
                yield ItemError(
                    f"line {line}", f"expected a JSON object or array, found {json_kind(value)}"
                )

    def _array(self) -> Generator[JsonItem | ItemError, None, bool]:
        """The items of an array whose ``[`` was just read; False when the input ended or
        broke before its ``]``."""
        index = 0
        if self._skip_whitespace() == "]":
            self._pos += 1
            return True
        while True:
            index += 1
            if not self._skip_whitespace():
                yield self._ended_early(f"item {index}")
                return False
            try:
                value, first_line, last_line = self._decode_value()
            except _Malformed as exc:
                yield ItemError(f"line {exc.line} (item {index})", exc.message)
                if not self._skip_to_next_item(exc.resume_at):
                    return False
                continue
            yield JsonItem(value, first_line, last_line, index)
            char = self._skip_whitespace()
            if char == ",":
                self._pos += 1
                if self._skip_whitespace() == "]":
                    self._pos += 1
                    return True
                continue
            if char == "]":
                self._pos += 1
                return True
            if not char:
                yield self._ended_early("the array's closing ]")
                return False
            yield ItemError(
                f"line {self._line_at(self._pos)}",
                f"expected ',' or ']' after item {index}, found {char!r}",
            )
            if not self._skip_to_next_item(self._pos):
                return False

    def _object(self) -> Generator[JsonItem | ItemError, None, bool]:
        """A top-level object: the items of its wrapper array, or the object itself as one
        item. False when the input ended or broke before its ``}``."""
        first_line = self._line_at(self._pos)
        self._pos += 1
        fields: dict[str, object] = {}
        wrapped = False
        char = self._skip_whitespace()
        while char != "}":
            if not char:
                yield self._ended_early("the object's closing }")
                return False
            try:
                key = self._decode_key()
                if key in WRAPPER_KEYS and self._skip_whitespace() == "[":
                    self._pos += 1
                    wrapped = True
                    if not (yield from self._array()):
                        return False
                else:
                    fields[key], _, _ = self._decode_value()
            except _Malformed as exc:
                yield ItemError(f"line {exc.line}", exc.message)
                return False
            char = self._skip_whitespace()
            if char == ",":
                self._pos += 1
                char = self._skip_whitespace()
            elif char and char != "}":
                yield ItemError(
                    f"line {self._line_at(self._pos)}", f"expected ',' or '}}', found {char!r}"
                )
                return False
        self._pos += 1
        if not wrapped:
            yield JsonItem(fields, first_line, self._line_at(self._pos), None)
        return True

    def _decode_key(self) -> str:
        if self._skip_whitespace() != '"':
            line = self._line_at(self._pos)
            raise _Malformed("invalid JSON: expected a property name", line, self._pos)
        key, _, _ = self._decode_value()
        if self._skip_whitespace() != ":":
            line = self._line_at(self._pos)
            raise _Malformed("invalid JSON: expected ':' after a property name", line, self._pos)
        self._pos += 1
        self._skip_whitespace()
        assert isinstance(key, str)
        return key

    def _decode_value(self) -> tuple[object, int, int]:
        """The JSON value at the read position, with its first and last line numbers."""
        first_line = self._line_at(self._pos)
        last_failure: tuple[str, int] | None = None
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as err:
                failure = (err.msg, err.pos - self._pos)
                # The buffer may just end inside the item: read on unless the same error
                # comes back at the same place with more text after it.
                incomplete = failure != last_failure or err.msg.startswith("Unterminated")
                if incomplete and not self._eof and len(self._buf) - self._pos < MAX_ITEM_CHARS:
                    last_failure = failure
                    self._read_more(max(len(self._buf) - self._pos, _COMPACT_AT))
                    continue
                raise self._malformed(err) from None
            self._pos = end
            return value, first_line, self._line_at(end)

    def _malformed(self, err: json.JSONDecodeError) -> _Malformed:
        line = self._line_at(err.pos)
        if len(self._buf) - self._pos >= MAX_ITEM_CHARS:
            message = f"an item larger than {MAX_ITEM_CHARS >> 20} MiB"
        else:
            message = f"invalid JSON: {json_error_text(err.msg)} (line {line})"
            if self._eof and (
                err.msg.startswith("Unterminated") or err.pos >= len(self._buf.rstrip())
            ):
                message += "; the file ends inside this item (truncated?)"
        return _Malformed(message, self._line_at(self._pos), err.pos)

    def _ended_early(self, missing: str) -> ItemError:
        return ItemError(
            f"line {self._line_at(self._pos)}",
            f"the file ends before {missing} (truncated?)",
        )

    def _skip_to_next_item(self, search_from: int) -> bool:
        """Move past a broken item to the start of the next one; False if there is none."""
        search_from = max(search_from, self._pos + 1)
        while True:
            boundary = _ITEM_BOUNDARY.search(self._buf, search_from)
            if boundary is not None:
                self._pos = boundary.end()
                return True
            self._pos = max(search_from, len(self._buf) - _BOUNDARY_OVERLAP)
            if not self._read_more(1):
                return False
            search_from = self._pos

    def _skip_whitespace(self) -> str:
        """Skip whitespace; the next character, or ``""`` at the end of the input."""
        while True:
            match = _WHITESPACE.match(self._buf, self._pos)
            assert match is not None
            self._pos = match.end()
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._read_more(1):
                return ""

    def _read_more(self, at_least: int) -> bool:
        """Append at least ``at_least`` characters (unless the input ends first), dropping
        the consumed prefix; False when nothing more could be read."""
        if self._eof:
            return False
        if self._pos >= _COMPACT_AT:
            self._line_at(self._pos)
            dropped = self._pos
            self._buf = self._buf[dropped:]
            self._pos = 0
            self._counted -= dropped
        pieces = [self._buf]
        added = 0
        while added < at_least:
            text = self._read()
            if not text:
                self._eof = True
                break
            pieces.append(text)
            added += len(text)
        self._buf = "".join(pieces)
        return added > 0

    def _line_at(self, index: int) -> int:
        """The 1-based line number of buffer position ``index``."""
        if index >= self._counted:
            self._line += self._buf.count("\n", self._counted, index)
            self._counted = index
            return self._line
        return self._line - self._buf.count("\n", index, self._counted)
