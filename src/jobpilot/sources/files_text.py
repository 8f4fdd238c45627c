"""From the bytes of an import file to text: byte-order marks, encodings, and lines that
would not decode.

Undecodable bytes never stop an import. They are replaced, and the line they were on is
noted in :class:`LineProblems`, so that the reader can turn the record on that line into an
error that names the line and the fix (``--encoding``) while every other record imports.
"""

from __future__ import annotations

import codecs
import io
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, BinaryIO

from jobpilot.sources.base import ItemError, SourceError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

ProgressCallback = Callable[[int], None]

# Enough of the start of a file to sniff its format and read a CSV header.
HEAD_BYTES = 64 * 1024
READ_CHUNK_BYTES = 1024 * 1024
# A longer line is not a posting; it is skipped so a broken file cannot exhaust memory.
MAX_LINE_BYTES = 64 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str, int], ...] = (
    # (mark, encoding, bytes to skip): UTF-32 first, its LE mark starts like UTF-16's.
    (codecs.BOM_UTF8, "utf-8", len(codecs.BOM_UTF8)),
    (codecs.BOM_UTF32_LE, "utf-32", 0),
    (codecs.BOM_UTF32_BE, "utf-32", 0),
    (codecs.BOM_UTF16_LE, "utf-16", 0),
    (codecs.BOM_UTF16_BE, "utf-16", 0),
)


class FileFormatError(SourceError):
    """The file cannot be imported at all (no title column, unknown encoding, not text)."""


def read_head(stream: BinaryIO) -> bytes:
    """The first bytes of ``stream``: up to :data:`HEAD_BYTES`, but no more than are
    available once the layout can be told (a pipe is not waited on needlessly)."""
    read = getattr(stream, "read1", None) or stream.read
    parts: list[bytes] = []
    size = 0
    while size < HEAD_BYTES:
        chunk: bytes = read(HEAD_BYTES - size)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        if _enough_to_sniff(b"".join(parts)):
            break
    return b"".join(parts)


def _enough_to_sniff(head: bytes) -> bool:
    """Whether ``head`` shows the file's layout: a whole first line, or a first character
    other than ``{`` (only an object needs its first line to tell JSON Lines apart)."""
    if b"\n" in head:
        return True
    first = head.lstrip(b" \t\r\x00" + codecs.BOM_UTF8 + codecs.BOM_UTF16_LE + codecs.BOM_UTF16_BE)
    return first[:1] not in (b"", b"{")


def resolve_encoding(head: bytes, requested: str | None) -> tuple[str, int]:
    """The encoding to read a file with and how many byte-order-mark bytes to skip.

    A byte-order mark decides; otherwise the requested encoding, else UTF-8.
    """
    for mark, encoding, skip in _BOMS:
        if head.startswith(mark):
            return encoding, skip
    if requested is None:
        return "utf-8", 0
    try:
        codecs.lookup(requested)
    except LookupError as exc:
        raise FileFormatError(f"unknown encoding {requested!r}") from exc
    return requested, 0


def is_ascii_compatible(encoding: str) -> bool:
    """Whether ASCII text (newlines, JSON and CSV punctuation) has the same bytes in
    ``encoding``, so lines can be split before decoding."""
    sample = '\n\r,;"[]{}:azAZ09 '
    try:
        return sample.encode(encoding) == sample.encode("ascii")
    except UnicodeError:
        return False


def undecodable_message(encoding: str) -> str:
    """What to tell the user about a line that is not valid in ``encoding``."""
    if codecs.lookup(encoding).name == "utf-8":
        return "not valid UTF-8 (re-run with --encoding cp1252)"
    return f"not valid {encoding}"


class CountingReader(io.RawIOBase):
    """``head`` followed by the rest of ``stream``, reporting the bytes handed out so far.

    Wrapped in an :class:`io.BufferedReader` it gives fast line iteration over a stream whose
    head has already been read for sniffing. It reads with ``read1`` when the stream has it,
    so a pipe yields what has arrived instead of blocking for a full buffer.
    """

    def __init__(self, head: bytes, stream: BinaryIO, on_progress: ProgressCallback | None) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._read = getattr(stream, "read1", None) or stream.read
        self._on_progress = on_progress
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        target = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(target), len(self._head))
            target[:size] = self._head[:size]
            self._head = self._head[size:]
        else:
            data: bytes = self._read(len(target))
            size = len(data)
            target[:size] = data
        self.bytes_read += size
        if self._on_progress is not None and size:
            self._on_progress(self.bytes_read)
        return size


class LineProblems:
    """Lines that could not be read, in line order, waiting to be charged to a record."""

    def __init__(self) -> None:
        self._pending: deque[tuple[int, str]] = deque()

    def add(self, line: int, message: str) -> None:
        self._pending.append((line, message))

    def take_until(self, line: int) -> list[tuple[int, str]]:
        """The problems on lines up to and including ``line``, removed from the queue."""
        taken: list[tuple[int, str]] = []
        pending = self._pending
        while pending and pending[0][0] <= line:
            taken.append(pending.popleft())
        return taken

    def take_all(self) -> list[tuple[int, str]]:
        taken = list(self._pending)
        self._pending.clear()
        return taken


def charge_problems(
    problems: LineProblems, first_line: int, last_line: int
) -> tuple[list[ItemError], ItemError | None]:
    """Problems before a record (reported on their own) and the one error, if any, that
    spoils the record spanning ``first_line``..``last_line``."""
    alone: list[ItemError] = []
    spoiling: ItemError | None = None
    for line, message in problems.take_until(last_line):
        if line < first_line:
            alone.append(ItemError(f"line {line}", message))
        elif spoiling is None:
            spoiling = ItemError(f"line {line}", message)
    return alone, spoiling


def decoded_lines(
    source: io.BufferedReader[CountingReader], encoding: str, problems: LineProblems
) -> Iterator[str]:
    """The lines of ``source`` as text (line endings kept), numbered from 1 in
    ``problems`` when they do not decode or are too long."""
    if not is_ascii_compatible(encoding):
        # UTF-16/32 cannot be split on newline bytes; decode the stream as a whole,
        # replacing bad sequences (such files come with a byte-order mark from editors).
        yield from io.TextIOWrapper(source, encoding=encoding, errors="replace", newline="")
        return
    message = undecodable_message(encoding)
    readline = partial(source.readline, MAX_LINE_BYTES)
    number = 0
    for raw in iter(readline, b""):
        number += 1
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            _skip_rest_of_line(readline)
            problems.add(number, f"longer than {MAX_LINE_BYTES >> 20} MiB; skipped")
            yield "\n"
            continue
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError:
            problems.add(number, message)
            yield raw.decode(encoding, "replace")


def _skip_rest_of_line(readline: Callable[[], bytes]) -> None:
    while True:
        more = readline()
        if not more or more.endswith(b"\n"):
            return


class ChunkDecoder:
    """Decodes a byte stream chunk by chunk for the JSON reader, noting in ``problems`` the
    lines with bytes that are not valid in the encoding."""

    def __init__(
        self, source: io.BufferedReader[CountingReader], encoding: str, problems: LineProblems
    ) -> None:
        self._read = partial(source.read1, READ_CHUNK_BYTES)
        self._encoding = encoding
        self._tracks_lines = is_ascii_compatible(encoding)
        errors = "strict" if self._tracks_lines else "replace"
        self._decoder = codecs.getincrementaldecoder(encoding)(errors)
        self._problems = problems
        self._message = undecodable_message(encoding)
        self._line = 1
        self._done = False

    def read(self) -> str:
        """The next piece of text; ``""`` once the stream is exhausted."""
        while not self._done:
            chunk = self._read()
            final = not chunk
            self._done = final
            if not self._tracks_lines:
                text: str = self._decoder.decode(chunk, final)
            else:
                text = self._decode_noting_problems(chunk, final)
            if text:
                return text
        return ""

    def _decode_noting_problems(self, chunk: bytes, final: bool) -> str:
        try:
            text: str = self._decoder.decode(chunk, final)
        except UnicodeDecodeError:
            pending, _ = self._decoder.getstate()
            self._decoder.reset()
            text = self._decode_line_by_line(pending + chunk, final)
        else:
            self._line += chunk.count(b"\n")
        return text

    def _decode_line_by_line(self, data: bytes, final: bool) -> str:
        last_newline = data.rfind(b"\n") + 1
        pieces: list[str] = []
        for raw in data[:last_newline].splitlines(keepends=True):
            # splitlines also breaks on \r and other separators; only \n starts a new line.
            try:
                pieces.append(raw.decode(self._encoding))
            except UnicodeDecodeError:
                self._problems.add(self._line, self._message)
                pieces.append(raw.decode(self._encoding, "replace"))
            if raw.endswith(b"\n"):
                self._line += 1
        rest = data[last_newline:]
        try:
            pieces.append(self._decoder.decode(rest, final))
        except UnicodeDecodeError:
            self._problems.add(self._line, self._message)
            self._decoder.reset()
            pieces.append(rest.decode(self._encoding, "replace"))
        return "".join(pieces)
