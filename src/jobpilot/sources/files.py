"""Importing postings from files: CSV, JSON and JSON Lines in our schema
(``docs/file-format.md``), JobSpy's CSV and JSON exports, and schema.org ``JobPosting`` JSON.

:func:`read_postings` streams a file of any size in constant memory, yielding a
:class:`RawPosting` per good record and an :class:`ItemError` naming the line of each bad
one; the good records around a bad one still import. Only a file that cannot be read at all
(a CSV without a title column, an unknown encoding) raises :class:`FileFormatError`, before
any item. :class:`FileSource` is the same reader as a feed source (kind ``"file"``).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from collections.abc import AsyncIterator, Callable, Iterator
from itertools import islice
from pathlib import Path, PurePath
from typing import BinaryIO, ClassVar, Literal, Protocol

from jobpilot.sources.base import (
    FeedConfig,
    FetchContext,
    ItemError,
    RawPosting,
    SourceError,
)
from jobpilot.sources.files_json import (
    WRAPPER_KEYS,
    JsonDocumentReader,
    JsonItem,
    json_error_text,
    json_kind,
)
from jobpilot.sources.files_records import (
    DEFAULT_SOURCE,
    JOBSPY_MARKER_COLUMNS,
    FileRecord,
    RecordError,
    fact_text,
    normalise_key,
    normalise_keys,
    posting_from_jobspy,
    posting_from_ours,
)
from jobpilot.sources.files_text import (
    HEAD_BYTES,
    READ_CHUNK_BYTES,
    ChunkDecoder,
    CountingReader,
    FileFormatError,
    LineProblems,
    ProgressCallback,
    charge_problems,
    decoded_lines,
    read_head,
    resolve_encoding,
)

__all__ = [
    "FileFeedConfig",
    "FileFormat",
    "FileFormatError",
    "FileSource",
    "ProgressCallback",
    "detect_format",
    "read_postings",
]

FileFormat = Literal["csv", "json", "jsonl", "jobspy", "jsonld"]
_Schema = Literal["ours", "jobspy", "jsonld"]
_Container = Literal["csv", "lines", "document"]

# Large enough for any real description; a runaway quote still fails instead of eating the file.
_CSV_FIELD_LIMIT = 32 * 1024 * 1024
# Postings handed from the reading thread to the event loop at a time.
_BATCH = 500

_JSONLD_MARKER = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:https?://schema\.org/)?JobPosting"'
    r'|"@context"\s*:\s*"https?://schema\.org'
)
_JOBSPY_JSON_MARKER = re.compile(r'"job_url"\s*:')
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b")


def detect_format(path_or_name: str, head: bytes) -> FileFormat:
    """The format of a file from its name and first bytes: JobSpy and schema.org content
    is recognised whatever the extension; otherwise ``.csv``, ``.jsonl``/``.ndjson``,
    ``.json``, else the content decides. Raises :class:`FileFormatError` for binary files
    (spreadsheets, archives, PDFs)."""
    if head.startswith(_BINARY_MAGIC) or (b"\x00" in head and not _has_wide_bom(head)):
        raise FileFormatError(
            "this is not a text file (a spreadsheet or an archive?); export it as CSV or JSON first"
        )
    encoding, skip = resolve_encoding(head, None)
    text = head[skip:].decode(encoding, "replace")
    suffix = PurePath(path_or_name).suffix.lower()
    first = text.lstrip()[:1]
    if suffix == ".csv" or (
        suffix not in (".json", ".jsonl", ".ndjson", ".jsonld") and first not in ("[", "{")
    ):
        return "jobspy" if set(_csv_header(text)) >= JOBSPY_MARKER_COLUMNS else "csv"
    if _JSONLD_MARKER.search(text):
        return "jsonld"
    if _JOBSPY_JSON_MARKER.search(text):
        return "jobspy"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".jsonld":
        return "jsonld"
    return "jsonl" if _json_container(text) == "lines" else "json"


def read_postings(
    stream: BinaryIO,
    fmt: FileFormat,
    *,
    source_key: str = "",
    encoding: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Iterator[RawPosting | ItemError]:
    """Every posting in ``stream`` (read lazily, in constant memory), with an
    :class:`ItemError` in place of each record that cannot be read.

    ``encoding`` applies when the file has no byte-order mark (default UTF-8).
    ``on_progress`` is called with the number of bytes consumed so far as reading advances,
    for a progress bar sized by the file's length. Nothing is read before the first item is
    asked for. Raises :class:`FileFormatError` (before any item) when the file as a whole
    cannot be read.
    """
    head = read_head(stream)
    chosen_encoding, skip = resolve_encoding(head, encoding)
    source = io.BufferedReader(
        CountingReader(head, stream, on_progress), buffer_size=READ_CHUNK_BYTES
    )
    source.read(skip)
    sniff = head[skip:].decode(chosen_encoding, "replace")
    schema, container = _layout(fmt, sniff)
    problems = LineProblems()
    records: Iterator[FileRecord | ItemError]
    if container == "csv":
        lines = decoded_lines(source, chosen_encoding, problems)
        records = _csv_records(lines, problems, schema)
    elif container == "lines":
        lines = decoded_lines(source, chosen_encoding, problems)
        records = _json_line_records(lines, problems, schema)
    else:
        decoder = ChunkDecoder(source, chosen_encoding, problems)
        records = _json_document_records(decoder.read, problems, schema)
    if schema == "jsonld":
        yield from _jsonld_postings(records, source_key)
    else:
        mapper = posting_from_jobspy if schema == "jobspy" else posting_from_ours
        yield from _mapped(records, mapper, source_key)


class FileFeedConfig(FeedConfig):
    """A feed that imports a file on this machine on every run."""

    path: str
    format: FileFormat | None = None
    encoding: str | None = None
    # Tells apart postings of different files that reuse the same ids.
    source_key: str = ""


class FileSource:
    """The file importer as a feed source: reads the configured path on every run."""

    kind: ClassVar[str] = "file"
    config_model: ClassVar[type[FeedConfig]] = FileFeedConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Every posting in the file; unreadable records go to ``ctx.errors``."""
        if not isinstance(config, FileFeedConfig):
            raise SourceError("the file source needs a FileFeedConfig")
        path = Path(config.path)
        try:
            stream = await asyncio.to_thread(path.open, "rb")
        except OSError as exc:
            raise SourceError(f"cannot open {path}: {exc.strerror or exc}") from exc
        try:
            fmt: FileFormat = (
                config.format
                if config.format is not None
                else await asyncio.to_thread(_detect_file_format, stream, path)
            )
            items = read_postings(
                stream, fmt, source_key=config.source_key, encoding=config.encoding
            )
            while batch := await asyncio.to_thread(_next_batch, items):
                for item in batch:
                    if isinstance(item, ItemError):
                        ctx.errors.append(item)
                    else:
                        yield item
        except OSError as exc:
            raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
        finally:
            stream.close()


SOURCE = FileSource


def _detect_file_format(stream: BinaryIO, path: Path) -> FileFormat:
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return detect_format(path.name, head)


def _next_batch(items: Iterator[RawPosting | ItemError]) -> list[RawPosting | ItemError]:
    return list(islice(items, _BATCH))


def _has_wide_bom(head: bytes) -> bool:
    return resolve_encoding(head, None)[0] in ("utf-16", "utf-32")


def _layout(fmt: FileFormat, sniff: str) -> tuple[_Schema, _Container]:
    """Which column vocabulary a format uses and how its records are laid out."""
    if fmt == "csv":
        return "ours", "csv"
    if fmt == "jsonl":
        return "ours", "lines"
    if fmt == "json":
        return "ours", _json_container(sniff)
    if fmt == "jobspy":
        if sniff.lstrip()[:1] in ("[", "{"):
            return "jobspy", _json_container(sniff)
        return "jobspy", "csv"
    if fmt == "jsonld":
        return "jsonld", _json_container(sniff)
    raise FileFormatError(f"unknown format {fmt!r}")


def _json_container(sniff: str) -> _Container:
    """JSON Lines when the first line holds one whole object (and not a wrapper of the
    whole file), else a JSON document."""
    text = sniff.lstrip()
    if not text.startswith("{"):
        return "document"
    first_line, newline, _ = text.partition("\n")
    if not newline:
        return "document"
    try:
        value = json.loads(first_line)
    except ValueError:
        return "document"
    if not isinstance(value, dict):
        return "document"
    wraps = any(isinstance(value.get(key), list) for key in WRAPPER_KEYS)
    return "document" if wraps else "lines"


def _csv_header(text: str) -> list[str]:
    for row in csv.reader(io.StringIO(text, newline="")):
        if row:
            return [normalise_key(name) for name in row]
    return []


def _csv_records(
    lines: Iterator[str], problems: LineProblems, schema: _Schema
) -> Iterator[FileRecord | ItemError]:
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    keys: list[str] = []
    last_line = 0
    while True:
        first_line = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            last_line = reader.line_num
            alone, _ = charge_problems(problems, first_line, last_line)
            yield from alone
            yield ItemError(f"line {first_line}", f"broken CSV: {exc}")
            continue
        last_line = reader.line_num
        alone, spoiling = charge_problems(problems, first_line, last_line)
        yield from alone
        if spoiling is not None:
            if header is None:
                raise FileFormatError(f"the CSV header on {spoiling.where} is {spoiling.message}")
            yield spoiling
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if header is None:
            header = [name.strip() for name in row]
            keys = _checked_columns(header, schema)
            continue
        if len(row) != len(keys):
            yield ItemError(f"line {first_line}", f"expected {len(keys)} fields, found {len(row)}")
            continue
        yield FileRecord(
            dict(zip(keys, row, strict=True)),
            dict(zip(header, row, strict=True)),
            f"line {first_line}",
        )
    for line, message in problems.take_all():
        yield ItemError(f"line {line}", message)


def _checked_columns(header: list[str], schema: _Schema) -> list[str]:
    """The normalised column names of a CSV header; raises when a column the schema needs
    is missing or a name appears twice."""
    keys = [normalise_key(name) for name in header]
    found = ", ".join(name for name in header if name) or "none"
    id_column = "job_url" if schema == "jobspy" else "url"
    if "title" not in keys:
        raise FileFormatError(f"the CSV has no 'title' column (columns found: {found})")
    if "id" not in keys and id_column not in keys:
        raise FileFormatError(
            f"the CSV needs an 'id' or a '{id_column}' column (columns found: {found})"
        )
    seen: set[str] = set()
    for name, key in zip(header, keys, strict=True):
        if key in seen and key:
            raise FileFormatError(f"the CSV has the column {name!r} twice")
        seen.add(key)
    return keys


def _json_line_records(
    lines: Iterator[str], problems: LineProblems, schema: _Schema
) -> Iterator[FileRecord | ItemError]:
    keep_keys = schema == "jsonld"
    for number, line in enumerate(lines, start=1):
        alone, spoiling = charge_problems(problems, number, number)
        yield from alone
        if spoiling is not None:
            yield spoiling
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            yield ItemError(f"line {number}", f"invalid JSON: {_json_error_text(exc)}")
            continue
        if not isinstance(value, dict):
            yield ItemError(f"line {number}", f"expected a JSON object, found {json_kind(value)}")
            continue
        fields = value if keep_keys else normalise_keys(value)
        yield FileRecord(fields, value, f"line {number}")
    for line_number, message in problems.take_all():
        yield ItemError(f"line {line_number}", message)


def _json_document_records(
    read: Callable[[], str], problems: LineProblems, schema: _Schema
) -> Iterator[FileRecord | ItemError]:
    keep_keys = schema == "jsonld"
    for item in JsonDocumentReader(read).items():
        if isinstance(item, ItemError):
            yield item
            continue
        alone, spoiling = charge_problems(problems, item.first_line, item.last_line)
        yield from alone
        if spoiling is not None:
            yield ItemError(_item_where(item, spoiling.where), spoiling.message)
            continue
        value = item.value
        if not isinstance(value, dict):
            yield ItemError(item.where, f"expected a JSON object, found {json_kind(value)}")
            continue
        fields = value if keep_keys else normalise_keys(value)
        yield FileRecord(fields, value, item.where)
    for line, message in problems.take_all():
        yield ItemError(f"line {line}", message)


def _item_where(item: JsonItem, line_where: str) -> str:
    return line_where if item.index is None else f"{line_where} (item {item.index})"


def _json_error_text(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{json_error_text(exc.msg)} (column {exc.colno})"
    return str(exc)


class _RecordMapper(Protocol):
    def __call__(self, record: FileRecord, *, source_key: str) -> RawPosting: ...


def _mapped(
    records: Iterator[FileRecord | ItemError],
    mapper: _RecordMapper,
    source_key: str,
) -> Iterator[RawPosting | ItemError]:
    for record in records:
        if isinstance(record, ItemError):
            yield record
            continue
        try:
            yield mapper(record, source_key=source_key)
        except RecordError as exc:
            yield ItemError(record.where, str(exc))


def _jsonld_postings(
    records: Iterator[FileRecord | ItemError], source_key: str
) -> Iterator[RawPosting | ItemError]:
    """The JobPostings among the records. Other schema.org nodes (an Organization next to
    the postings in a ``@graph``) are passed over; a file with none at all is an error."""
    # Imported on first use: the JSON-LD module brings the HTML parser with it.
    from jobpilot.sources.jsonld import JobPostingError, iter_jobpostings, jobposting_to_raw

    postings_seen = 0
    other_types: dict[str, None] = {}
    for record in records:
        if isinstance(record, ItemError):
            yield record
            continue
        found = list(iter_jobpostings(record.payload))
        if not found:
            other_types[fact_text(record.payload.get("@type")) or "no @type"] = None
        for obj in found:
            postings_seen += 1
            try:
                yield jobposting_to_raw(
                    obj, source=DEFAULT_SOURCE, source_key=source_key, page_url=None
                )
            except JobPostingError as exc:
                yield ItemError(record.where, str(exc))
    if not postings_seen and other_types:
        yield ItemError("file", f"no schema.org JobPosting found (found: {', '.join(other_types)})")
