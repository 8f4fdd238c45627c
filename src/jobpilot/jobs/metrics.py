"""Prometheus metrics of ingestion: postings by outcome and feed runs by status, per source."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

from jobpilot.jobs.models import FeedRun

INGESTED = Counter("ingest_postings_total", "Postings ingested by feed runs", ["source", "outcome"])
RUNS = Counter("ingest_runs_total", "Feed runs finished", ["source", "status"])
LAST_SUCCESS = Gauge(
    "ingest_source_last_success_timestamp_seconds",
    "When a feed of this source last finished with postings",
    ["source"],
)

_OUTCOMES = ("new", "merged", "reposts", "updated", "unchanged", "failed")


def record_run(run: FeedRun) -> None:
    RUNS.labels(run.source, run.status).inc()
    for outcome in _OUTCOMES:
        value = getattr(run, outcome) or 0
        if value:
            INGESTED.labels(run.source, outcome).inc(value)
    if run.status in ("succeeded", "partial") and run.finished_at is not None:
        LAST_SUCCESS.labels(run.source).set(run.finished_at.timestamp())
