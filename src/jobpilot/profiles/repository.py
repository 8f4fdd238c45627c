"""All SQL of the profiles domain. Every query for a candidate's rows filters by its owner."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from jobpilot.profiles.models import CandidateProfile, Resume, ResumeVersion


async def get_profile(
    session: AsyncSession, user_id: uuid.UUID, *, for_update: bool = False
) -> CandidateProfile | None:
    query = select(CandidateProfile).where(CandidateProfile.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    result: CandidateProfile | None = await session.scalar(query)
    return result


async def add_profile(session: AsyncSession, user_id: uuid.UUID) -> CandidateProfile:
    """A new empty profile, or the one a concurrent request created first."""
    async with session.begin_nested():
        existing = await session.get(CandidateProfile, user_id)
        if existing is not None:
            return existing
        profile = CandidateProfile(
            user_id=user_id,
            parsed={},
            overrides={},
            derived={},
            preferences={},
            ranking_weights={},
            discoverable=False,
            skill_ids=[],
            total_years=0.0,
        )
        session.add(profile)
        await session.flush()
    return profile


async def list_resumes(session: AsyncSession, user_id: uuid.UUID) -> list[Resume]:
    rows = await session.scalars(
        select(Resume).where(Resume.user_id == user_id).order_by(Resume.created_at, Resume.id)
    )
    return list(rows)


async def get_resume(
    session: AsyncSession, user_id: uuid.UUID, resume_id: uuid.UUID, *, for_update: bool = False
) -> Resume | None:
    query = select(Resume).where(Resume.id == resume_id, Resume.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    result: Resume | None = await session.scalar(query)
    return result


async def count_resumes(session: AsyncSession, user_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Resume).where(Resume.user_id == user_id)
    )
    return int(count or 0)


async def add(session: AsyncSession, row: Resume | ResumeVersion) -> None:
    session.add(row)
    await session.flush()


async def list_versions(session: AsyncSession, resume_id: uuid.UUID) -> list[ResumeVersion]:
    rows = await session.scalars(
        select(ResumeVersion)
        .where(ResumeVersion.resume_id == resume_id)
        .order_by(ResumeVersion.version.desc())
    )
    return list(rows)


async def get_version(
    session: AsyncSession, resume_id: uuid.UUID, version: int, *, with_content: bool = False
) -> ResumeVersion | None:
    query = select(ResumeVersion).where(
        ResumeVersion.resume_id == resume_id, ResumeVersion.version == version
    )
    if with_content:
        query = query.options(undefer(ResumeVersion.content))
    result: ResumeVersion | None = await session.scalar(query)
    return result


async def prune_versions(session: AsyncSession, resume_id: uuid.UUID, *, keep: int) -> int:
    """Delete all but the newest ``keep`` versions of a resume; returns how many went."""
    newest = (
        select(ResumeVersion.version)
        .where(ResumeVersion.resume_id == resume_id)
        .order_by(ResumeVersion.version.desc())
        .limit(keep)
    )
    result = await session.execute(
        delete(ResumeVersion).where(
            ResumeVersion.resume_id == resume_id, ResumeVersion.version.not_in(newest)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def delete_resume(session: AsyncSession, resume: Resume) -> None:
    await session.delete(resume)
    await session.flush()


async def versions_of_user(session: AsyncSession, user_id: uuid.UUID) -> list[ResumeVersion]:
    """Every stored version of every resume of a user, files included (for data export)."""
    rows = await session.scalars(
        select(ResumeVersion)
        .join(Resume, Resume.id == ResumeVersion.resume_id)
        .where(Resume.user_id == user_id)
        .options(undefer(ResumeVersion.content))
        .order_by(ResumeVersion.resume_id, ResumeVersion.version)
    )
    return list(rows)
