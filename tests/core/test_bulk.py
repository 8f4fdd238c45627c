"""Binary COPY inserts and updates against the real database, for every column type the
catalogue uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.bulk import copy_rows, update_rows
from jobpilot.jobs.models import Job

WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def job_row(**changes: object) -> dict[str, object]:
    vector = np.zeros(384, dtype=np.float32)
    vector[[0, 5, 383]] = [0.6, -0.8, 0.0]
    row: dict[str, object] = {
        "id": uuid.uuid4(),
        "status": "open",
        "title": "Forklift Driver",
        "title_key": "-|forklift driver",
        "company_name": "Acme Logistics",
        "company_key": "acme logistics",
        "locations": [{"city": "Leeds", "region": None, "country": "GB"}],
        "countries": ["GB"],
        "cities": ["leeds", "bradford"],
        "salary_min": 24000.5,
        "experience_min_years": 2,
        "visa_sponsorship": False,
        "benefits": ["pension"],
        "skills": [{"id": "forklift", "required": True}],
        "skill_ids": ["forklift"],
        "description": "Drive forklifts.",
        "first_seen_at": WHEN,
        "last_seen_at": WHEN,
        "repost_count": 0,
        "created_at": WHEN,
        "embedding": vector,
        "valid_through": None,
    }
    row.update(changes)
    return row


async def test_copied_rows_read_back_with_every_type(session: AsyncSession) -> None:
    row = job_row()
    await copy_rows(session, Job, [row, job_row(title="Warehouse Associate")])
    job = (await session.scalars(select(Job).where(Job.id == row["id"]))).one()
    assert (job.title, job.company_key, job.status) == ("Forklift Driver", "acme logistics", "open")
    assert (job.countries, job.cities) == (["GB"], ["leeds", "bradford"])
    assert job.locations == [{"city": "Leeds", "region": None, "country": "GB"}]
    assert job.skills == [{"id": "forklift", "required": True}]
    assert (job.salary_min, job.experience_min_years, job.visa_sponsorship) == (24000.5, 2, False)
    assert (job.first_seen_at, job.valid_through) == (WHEN, None)
    stored = np.asarray(job.embedding, dtype=np.float32)
    assert stored.shape == (384,)
    assert (stored[0], stored[5], stored[1]) == (pytest.approx(0.6), pytest.approx(-0.8), 0.0)
    # The generated full-text column is computed by the server.
    assert "forklift" in str(job.search)
    assert len((await session.scalars(select(Job.id))).all()) == 2


async def test_updated_rows_change_only_their_columns(session: AsyncSession) -> None:
    first, second = job_row(), job_row(title="Warehouse Associate")
    await copy_rows(session, Job, [first, second])
    await update_rows(
        session,
        Job,
        [
            {"id": first["id"], "title": "Reach Truck Driver", "cities": ["york"], "skills": []},
            {"id": second["id"], "title": "Picker", "cities": [], "skills": [{"id": "x"}]},
        ],
    )
    rows = dict((await session.execute(select(Job.id, Job.title))).all())
    assert rows == {first["id"]: "Reach Truck Driver", second["id"]: "Picker"}
    job = (await session.scalars(select(Job).where(Job.id == first["id"]))).one()
    await session.refresh(job)
    assert (job.cities, job.skills, job.company_key) == (["york"], [], "acme logistics")


async def test_an_update_needs_its_key_column(session: AsyncSession) -> None:
    with pytest.raises(ValueError, match="key column"):
        await update_rows(session, Job, [{"title": "Picker"}])


async def test_nothing_to_write_is_no_statement(session: AsyncSession) -> None:
    await copy_rows(session, Job, [])
    await update_rows(session, Job, [])
    assert (await session.scalars(select(Job.id))).all() == []
