"""The ingestion pipeline: raw postings in, canonical de-duplicated jobs out.

Postings arrive in batches. For each batch, one query finds the postings already known by
(source, source key, external id): unchanged ones are only marked as seen, changed ones are
re-parsed and update their job. New ones are parsed, embedded, and either attached to an
existing job that is the same position (same company and title, overlapping location,
similar text) or become a new job. The caller owns the transaction; each batch only flushes.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.db import new_id, utcnow
from jobpilot.core.embedding.base import Embedder
from jobpilot.core.settings import IngestSettings
from jobpilot.jobs import repository
from jobpilot.jobs.dedup import best_duplicate
from jobpilot.jobs.normalise import (
    NormalisedPosting,
    PostingNormaliser,
    is_employer_url,
    raw_fingerprint,
)
from jobpilot.sources.base import ItemError, RawPosting

# Characters of the description that go into a job's vector with its title.
EMBED_DESCRIPTION_CHARS = 1500
# Errors kept per run in full; beyond this only the count grows.
MAX_KEPT_ERRORS = 200


@dataclass(slots=True)
class IngestCounts:
    fetched: int = 0
    new: int = 0
    merged: int = 0
    reposts: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    failed: int = 0
    errors: list[ItemError] = field(default_factory=list)

    def record_error(self, error: ItemError) -> None:
        self.failed += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(error)

    def as_dict(self) -> dict[str, Any]:
        return {
            "fetched": self.fetched,
            "new": self.new,
            "merged": self.merged,
            "reposts": self.reposts,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "closed": self.closed,
            "failed": self.failed,
            "errors": [{"where": e.where, "message": e.message} for e in self.errors],
        }


def embedding_text(posting: NormalisedPosting) -> str:
    return f"{posting.title}\n{posting.description[:EMBED_DESCRIPTION_CHARS]}"


@dataclass(slots=True)
class _Prepared:
    unchanged: list[repository.PostingKey]
    normalised: list[NormalisedPosting]
    vectors: np.ndarray
    failures: list[ItemError]


@dataclass(slots=True)
class _Staged:
    """A batch looked up and being parsed, waiting for its turn to be written."""

    keys: set[repository.PostingKey]
    known: dict[repository.PostingKey, repository.KnownPosting]
    parsing: asyncio.Future[_Prepared]


class Ingestor:
    """Feeds postings through the pipeline in batches inside the caller's transaction."""

    def __init__(
        self,
        session: AsyncSession,
        normaliser: PostingNormaliser,
        embedder: Embedder,
        settings: IngestSettings,
        *,
        feed_id: uuid.UUID | None = None,
        org_id: uuid.UUID | None = None,
        now: datetime | None = None,
    ) -> None:
        self.session = session
        self.normaliser = normaliser
        self.embedder = embedder
        self.settings = settings
        self.feed_id = feed_id
        self.org_id = org_id
        self.now = now or utcnow()
        self.counts = IngestCounts()
        self.job_ids: set[uuid.UUID] = set()
        self._batch: list[RawPosting] = []
        self._staged: _Staged | None = None
        # Called after each batch is flushed (runs commit here to show progress).
        self.after_batch: Callable[[], Awaitable[None]] | None = None
        # Called with the ids of the canonical jobs a batch created, in its transaction.
        self.on_new_jobs: Callable[[list[uuid.UUID]], Awaitable[None]] | None = None

    async def add(self, raw: RawPosting) -> None:
        self._batch.append(raw)
        if len(self._batch) >= self.settings.batch_size:
            await self._stage()

    async def add_all(self, postings: AsyncIterable[RawPosting] | Iterable[RawPosting]) -> None:
        if isinstance(postings, AsyncIterable):
            async for raw in postings:
                await self.add(raw)
        else:
            for raw in postings:
                await self.add(raw)

    async def flush(self) -> None:
        """Write everything added so far."""
        await self._stage()
        await self._write_staged()

    async def _stage(self) -> None:
        """Look the collected batch up and start parsing it in a thread; while it parses, the
        previous batch is written. Parsing (CPU in this process) and writing (mostly the
        database's work) overlap."""
        batch, self._batch = _last_per_key(self._batch), []
        if not batch:
            return
        self.counts.fetched += len(batch)
        batch = [raw for raw in batch if self._storable(raw)]
        if self.org_id is not None:
            # An organisation's postings live in its own key space: a file or feed of one
            # organisation can never name (and so overwrite) another's or the shared ones.
            for raw in batch:
                raw.source_key = f"{self.org_id}:{raw.source_key}"[:200]
        keys = [(r.source, r.source_key, r.external_id) for r in batch]
        if self._staged is not None:
            await asyncio.shield(self._staged.parsing)  # one parse at a time
            if not self._staged.keys.isdisjoint(keys):
                # A posting listed again in the next batch: look it up after its first write.
                await self._write_staged()
        known = await repository.known_postings(self.session, keys, org_id=self.org_id)
        parsing = asyncio.ensure_future(asyncio.to_thread(self._prepare, batch, known))
        try:
            await self._write_staged()
        finally:
            self._staged = _Staged(set(keys), known, parsing)

    async def _write_staged(self) -> None:
        staged, self._staged = self._staged, None
        if staged is None:
            return
        prepared = await staged.parsing
        await self._write(staged.known, prepared)
        if self.after_batch is not None:
            await self.after_batch()

    async def _write(
        self, known: dict[repository.PostingKey, repository.KnownPosting], prepared: _Prepared
    ) -> None:
        touched_jobs = {known[key].job_id for key in prepared.unchanged}
        self.counts.unchanged += len(prepared.unchanged)
        await repository.touch_postings(
            self.session,
            [known[key].id for key in prepared.unchanged],
            now=self.now,
            feed_id=self.feed_id,
        )
        for error in prepared.failures:
            self.counts.record_error(error)

        new: list[tuple[NormalisedPosting, np.ndarray]] = []
        changed: list[tuple[repository.KnownPosting, NormalisedPosting, np.ndarray]] = []
        for posting, vector in zip(prepared.normalised, prepared.vectors, strict=True):
            raw = posting.raw
            seen = known.get((raw.source, raw.source_key, raw.external_id))
            if seen is None:
                new.append((posting, vector))
            else:
                changed.append((seen, posting, vector))
        if new and self.org_id is None:
            new = await self._claim_new(new, changed)
        await self._update(changed)
        touched_jobs.update(seen.job_id for seen, _, _ in changed)
        await self._insert_new(new, touched_jobs)
        await repository.touch_jobs(self.session, touched_jobs, now=self.now)
        self.job_ids.update(touched_jobs)
        await self.session.flush()

    async def _claim_new(
        self,
        new: list[tuple[NormalisedPosting, np.ndarray]],
        changed: list[tuple[repository.KnownPosting, NormalisedPosting, np.ndarray]],
    ) -> list[tuple[NormalisedPosting, np.ndarray]]:
        """Take the job-key locks of the new postings, then look them up again: a run of
        another feed of the same board may have written one since this batch was looked up.
        Those go to ``changed``; the rest are returned, still new."""
        # Another run creating one of these jobs right now: wait for it, then find it.
        await repository.lock_job_keys(self.session, [(p.company_key, p.title_key) for p, _ in new])
        keys = [(p.raw.source, p.raw.source_key, p.raw.external_id) for p, _ in new]
        written = await repository.known_postings(self.session, keys, org_id=None)
        if not written:
            return new
        still_new = []
        for key, (posting, vector) in zip(keys, new, strict=True):
            seen = written.get(key)
            if seen is None:
                still_new.append((posting, vector))
            else:
                changed.append((seen, posting, vector))
        return still_new

    def _storable(self, raw: RawPosting) -> bool:
        """Whether the posting's identity fits its columns; if not, it is reported, not written."""
        if len(raw.source) <= 30 and len(raw.source_key) <= 160 and len(raw.external_id) <= 300:
            return True
        where = f"{raw.source[:30]}:{raw.external_id[:60]}"
        self.counts.record_error(ItemError(where, "source, source key or id is too long"))
        return False

    def _prepare(
        self,
        batch: list[RawPosting],
        known: dict[repository.PostingKey, repository.KnownPosting],
    ) -> _Prepared:
        """Parse and embed the postings that are new or changed (CPU work, run in a thread to
        keep the event loop free)."""
        normalised: list[NormalisedPosting] = []
        failures: list[ItemError] = []
        unchanged: list[repository.PostingKey] = []
        to_parse: list[tuple[RawPosting, str]] = []
        for raw in batch:
            key = (raw.source, raw.source_key, raw.external_id)
            fingerprint = raw_fingerprint(raw)
            seen = known.get(key)
            if seen is not None and seen.content_hash == fingerprint:
                unchanged.append(key)
            else:
                to_parse.append((raw, fingerprint))
        self.normaliser.learn_titles(raw for raw, _ in to_parse)
        for raw, fingerprint in to_parse:
            try:
                normalised.append(self.normaliser.normalise(raw, fingerprint=fingerprint))
            except (ValueError, TypeError, KeyError) as exc:
                failures.append(ItemError(f"{raw.source}:{raw.external_id}", str(exc)))
        if normalised:
            vectors = self.embedder.embed([embedding_text(p) for p in normalised])
        else:
            vectors = np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return _Prepared(unchanged, normalised, vectors, failures)

    async def _update(
        self, changed: list[tuple[repository.KnownPosting, NormalisedPosting, np.ndarray]]
    ) -> None:
        """Write changed postings, and their jobs where the posting speaks for the job."""
        if not changed:
            return
        apply_urls = await repository.job_apply_urls(
            self.session, [seen.job_id for seen, _, _ in changed]
        )
        posting_rows: list[dict[str, Any]] = []
        job_rows: dict[uuid.UUID, dict[str, Any]] = {}
        for seen, posting, vector in changed:
            raw = posting.raw
            posting_rows.append(
                {
                    "id": seen.id,
                    "url": raw.url,
                    "apply_url": posting.apply_url,
                    "content_hash": posting.content_hash,
                    "payload": raw.payload,
                    "parsed": posting.parsed(),
                    "last_seen_at": self.now,
                    "status": "active",
                    "gone_at": None,
                    **({"feed_id": self.feed_id} if self.feed_id else {}),
                }
            )
            job_apply_url = apply_urls.get(seen.job_id)
            if is_employer_url(job_apply_url) and not is_employer_url(posting.apply_url):
                # The employer's own posting speaks for the job; a board's edit does not.
                continue
            columns = posting.job_columns()
            # The keys that matched the job stay: an edit does not move it to another position.
            del columns["company_key"], columns["title_key"]
            job_rows[seen.job_id] = {
                "id": seen.job_id,
                **columns,
                "embedding": vector,
                "embedder": self.embedder.name,
            }
        await repository.update_postings(self.session, posting_rows)
        await repository.update_jobs(self.session, list(job_rows.values()))
        self.counts.updated += len(posting_rows)

    async def _insert_new(
        self, new: list[tuple[NormalisedPosting, np.ndarray]], touched: set[uuid.UUID]
    ) -> None:
        if not new:
            return
        candidates: dict[tuple[str, str], list[repository.CandidateJob]] = defaultdict(list)
        if self.org_id is None:
            window = self.now - timedelta(days=self.settings.repost_window_days)
            # The keys are locked (``_claim_new``): no other run adds jobs under them now.
            keys = [(p.company_key, p.title_key) for p, _ in new]
            found = await repository.candidate_jobs(self.session, keys, closed_since=window)
            for candidate in found:
                candidates[(candidate.company_key, candidate.title_key)].append(candidate)

        job_rows: list[dict[str, Any]] = []
        posting_rows: list[dict[str, Any]] = []
        reposts: Counter[uuid.UUID] = Counter()
        better_apply_urls: dict[uuid.UUID, str | None] = {}
        for posting, vector in new:
            raw = posting.raw
            board = (raw.source, raw.source_key)
            same_key = candidates[(posting.company_key, posting.title_key)]
            match = (
                best_duplicate(posting, vector, same_key, self.settings.dedup_similarity)
                if self.org_id is None
                else None
            )
            is_repost = False
            if match is None:
                job_id = new_id()
                job_rows.append(self._job_row(job_id, posting, vector))
                same_key.append(
                    repository.CandidateJob(
                        id=job_id,
                        company_key=posting.company_key,
                        title_key=posting.title_key,
                        status="open",
                        countries=posting.countries,
                        cities=posting.cities,
                        workplace=posting.workplace,
                        apply_url=posting.apply_url,
                        closed_at=None,
                        vector=vector,
                        boards={board},
                        posted_at=posting.posted_at,
                    )
                )
                self.counts.new += 1
            else:
                job_id = match.id
                is_repost = self._is_repost(posting, board, match)
                if is_repost:
                    reposts[job_id] += 1
                    self.counts.reposts += 1
                else:
                    self.counts.merged += 1
                if is_employer_url(posting.apply_url) and not is_employer_url(match.apply_url):
                    better_apply_urls[job_id] = match.apply_url = posting.apply_url
                match.status = "open"
                match.boards.add(board)
                touched.add(job_id)
            posting_rows.append(self._posting_row(job_id, posting, is_repost))

        await repository.insert_jobs(self.session, job_rows)
        await repository.insert_postings(self.session, posting_rows)
        await repository.record_reposts(self.session, reposts, at=self.now)
        await repository.update_jobs(
            self.session,
            [{"id": job_id, "apply_url": url} for job_id, url in better_apply_urls.items()],
        )
        self.job_ids.update(row["id"] for row in job_rows)
        if job_rows and self.on_new_jobs is not None:
            await self.on_new_jobs([row["id"] for row in job_rows])

    def _is_repost(
        self, posting: NormalisedPosting, board: tuple[str, str], job: repository.CandidateJob
    ) -> bool:
        """A closed job coming back, or the same board listing the job under a new id after
        its earlier listing went away or was posted well before. Two listings a board posted
        together are one job listed twice, not a repost."""
        if job.status == "closed":
            return True
        if board not in job.boards:
            return False
        if board in job.gone_boards:
            return True
        gap = timedelta(days=self.settings.repost_min_gap_days)
        return (
            posting.posted_at is not None
            and job.posted_at is not None
            and posting.posted_at - job.posted_at >= gap
        )

    def _job_row(
        self, job_id: uuid.UUID, posting: NormalisedPosting, vector: np.ndarray
    ) -> dict[str, Any]:
        return {
            "id": job_id,
            "org_id": self.org_id,
            "status": "open",
            **posting.job_columns(),
            "first_seen_at": self.now,
            "last_seen_at": self.now,
            "repost_count": 0,
            "embedder": self.embedder.name,
            "embedding": vector,
            "created_at": self.now,
        }

    def _posting_row(
        self, job_id: uuid.UUID, posting: NormalisedPosting, is_repost: bool
    ) -> dict[str, Any]:
        raw = posting.raw
        return {
            "id": new_id(),
            "job_id": job_id,
            "feed_id": self.feed_id,
            "source": raw.source,
            "source_key": raw.source_key,
            "external_id": raw.external_id,
            "url": raw.url,
            "apply_url": posting.apply_url,
            "content_hash": posting.content_hash,
            "status": "active",
            "is_repost": is_repost,
            "payload": raw.payload,
            "parsed": posting.parsed(),
            "first_seen_at": self.now,
            "last_seen_at": self.now,
        }


def _last_per_key(batch: list[RawPosting]) -> list[RawPosting]:
    """One posting per key within a batch (a feed listing the same id twice keeps the last)."""
    by_key: dict[tuple[str, str, str], RawPosting] = {}
    for raw in batch:
        by_key[(raw.source, raw.source_key, raw.external_id)] = raw
    return list(by_key.values())
