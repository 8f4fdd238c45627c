"""File imports uploaded through the API: stored, then read and ingested by a worker.

The file is kept in the database (any worker machine can read it) until its import finishes.
Progress — bytes read and postings counted so far — is written after every batch, so the
status endpoint shows it while the import runs.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import get_args

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.db import unit_of_work, utcnow
from jobpilot.core.errors import InvalidInput, NotFound
from jobpilot.core.runtime import Runtime
from jobpilot.jobs import repository
from jobpilot.jobs.ingest import IngestCounts
from jobpilot.jobs.models import FeedRun, JobImport
from jobpilot.jobs.service import finish_run, new_ingestor
from jobpilot.sources import files
from jobpilot.sources.base import ItemError, RawPosting, SourceError

log = structlog.get_logger(__name__)


def check_format(filename: str, head: bytes, fmt: str | None) -> str:
    """The import format: the one asked for, or the one the file's name and start show."""
    if fmt is not None:
        if fmt not in get_args(files.FileFormat):
            raise InvalidInput(
                f"unknown format '{fmt}'; use one of {', '.join(get_args(files.FileFormat))}"
            )
        return fmt
    try:
        return files.detect_format(filename, head)
    except SourceError as exc:
        raise InvalidInput(str(exc)) from exc


async def create_import(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    org_id: uuid.UUID | None,
    filename: str,
    content: bytes,
    fmt: str | None,
    encoding: str | None,
) -> JobImport:
    """Store an uploaded file for import (the caller queues the work in the same transaction)."""
    if not content.strip():
        raise InvalidInput("the file is empty")
    if encoding is not None:
        try:
            # Refuses unknown names and codecs that are not text encodings (rot13, base64).
            b"a\n".decode(encoding)
        except LookupError as exc:
            raise InvalidInput(f"unknown text encoding '{encoding}'") from exc
        except UnicodeDecodeError:
            pass  # a real text encoding that needs more bytes (UTF-32, say)
    chosen = check_format(filename, content[:4096], fmt)
    item = JobImport(
        user_id=user_id,
        org_id=org_id,
        filename=filename[:300],
        format=chosen,
        encoding=encoding,
        content=content,
        size_bytes=len(content),
        bytes_read=0,
        status="queued",
    )
    return await repository.add_import(session, item)


async def get_import(
    session: AsyncSession, import_id: uuid.UUID
) -> tuple[JobImport, FeedRun | None]:
    item = await repository.get_import(session, import_id)
    if item is None:
        raise NotFound("import not found")
    run = await repository.get_run(session, item.run_id) if item.run_id else None
    return item, run


class _Progress:
    def __init__(self) -> None:
        self.bytes_read = 0

    def __call__(self, bytes_read: int) -> None:
        self.bytes_read = bytes_read


def _postings(
    entries: Iterator[RawPosting | ItemError], counts: IngestCounts
) -> Iterator[RawPosting]:
    for entry in entries:
        if isinstance(entry, ItemError):
            counts.record_error(entry)
        else:
            yield entry


async def run_import(runtime: Runtime, import_id: uuid.UUID) -> None:
    """Read a stored file and ingest its postings, recording progress and the outcome."""
    started = utcnow()
    async with unit_of_work(runtime.sessionmaker) as session:
        item = await repository.get_import(session, import_id)
        if item is None or item.status in ("succeeded", "failed"):
            return
        content = await repository.import_content(session, import_id)
        run = await repository.add_run(
            session,
            FeedRun(
                feed_id=None,
                source="file",
                trigger="upload",
                status="running",
                started_at=started,
                errors=[],
            ),
        )
        item.status, item.run_id = "running", run.id
        fmt, encoding, org_id, run_id = item.format, item.encoding, item.org_id, run.id

    progress = _Progress()
    status, problem = "succeeded", None
    async with runtime.sessionmaker() as session:
        ingestor = await new_ingestor(runtime, session, org_id=org_id)
        counts = ingestor.counts

        async def save_progress() -> None:
            await repository.record_import_progress(
                session, import_id, run_id, bytes_read=progress.bytes_read, counts=counts
            )
            await session.commit()

        ingestor.after_batch = save_progress
        try:
            entries = files.read_postings(
                io.BytesIO(content or b""),
                fmt,  # type: ignore[arg-type]
                encoding=encoding,
                on_progress=progress,
            )
            await ingestor.add_all(_postings(entries, counts))
            await ingestor.flush()
        except SourceError as exc:
            status, problem = "failed", str(exc)
            await ingestor.flush()
        except Exception as exc:
            await session.rollback()
            log.exception("import_crashed", import_id=str(import_id))
            status, problem = "failed", f"internal error ({type(exc).__name__})"
        await session.commit()

    async with unit_of_work(runtime.sessionmaker) as session:
        item = await repository.get_import(session, import_id)
        finished_run = await repository.get_run(session, run_id)
        assert item is not None
        assert finished_run is not None
        item.status, item.error = status, problem
        item.bytes_read = item.size_bytes if status == "succeeded" else progress.bytes_read
        item.content = None
        if problem:
            counts.errors.insert(0, ItemError("file", problem))
        finish_run(finished_run, counts, status, None, utcnow())
