"""Source health: how each source's feeds have been doing, and its circuit breaker."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.db import utcnow
from jobpilot.core.runtime import Runtime
from jobpilot.jobs import repository
from jobpilot.jobs.schemas import SourceHealthOut


async def source_health(
    runtime: Runtime, session: AsyncSession, *, hours: int
) -> list[SourceHealthOut]:
    """One entry per source that has feeds or recent runs."""
    stats = {
        row.source: row
        for row in await repository.source_run_stats(
            session, since=utcnow() - timedelta(hours=hours)
        )
    }
    latest = await repository.latest_run_by_source(session)
    feeds = await repository.feed_counts_by_source(session)
    report = []
    for source in sorted(set(stats) | set(latest) | set(feeds)):
        row = stats.get(source)
        last = latest.get(source)
        runs = int(row.runs) if row else 0
        failed = int(row.failed_runs) if row else 0
        report.append(
            SourceHealthOut(
                source=source,
                feeds=feeds.get(source, 0),
                runs=runs,
                failed_runs=failed,
                error_rate=round(failed / runs, 4) if runs else None,
                items_per_run=round(float(row.items_per_run), 1)
                if row and row.items_per_run is not None
                else None,
                last_run_at=last.started_at if last else None,
                last_success_at=row.last_success_at if row else None,
                last_status=last.status if last else None,
                last_blocked_reason=last.blocked_reason if last else None,
                circuit_state=runtime.http.circuit_state(source),
            )
        )
    return report
