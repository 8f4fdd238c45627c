"""Candidate profiles: importing resumes, building the profile from the master, preferences.

A profile is the master resume's parse with the candidate's hand edits laid over it; the facts
(skills with evidence, years, seniority, occupations) and the facet vectors are recomputed from
that merge whenever either side changes. Parsing runs in a worker thread: a PDF can take a
second of CPU, and the event loop keeps serving meanwhile.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from jobpilot.core.runtime import Runtime
from jobpilot.jobs.locations import parse_locations
from jobpilot.profiles import repository
from jobpilot.profiles.derive import derive_facts
from jobpilot.profiles.document import ResumeDocument, ResumeRejected
from jobpilot.profiles.jsonresume import read_json_resume
from jobpilot.profiles.models import CandidateProfile, Resume, ResumeVersion
from jobpilot.profiles.parser import parse_resume
from jobpilot.profiles.readers import read_resume
from jobpilot.profiles.resume import DerivedFacts, ParsedResume
from jobpilot.profiles.schemas import PlaceOut, Preferences, ProfilePatch
from jobpilot.taxonomy import service as taxonomy
from jobpilot.taxonomy.index import TaxonomyIndex

# Fields of ParsedResume a candidate may edit by hand (``ProfilePatch``).
EDITABLE_FIELDS = (
    "contact",
    "headline",
    "summary",
    "experience",
    "education",
    "skills",
    "certifications",
    "languages",
    "projects",
    "publications",
)
# Occupation names in preferences resolve to a concept only when the match is this close.
_OCCUPATION_MATCH = 0.6
# Facet texts are cut here: the vector of a long text is no better than of its start.
_FACET_CHARS = 4000


@dataclass(frozen=True, slots=True)
class ReadResume:
    """A resume file read and parsed, not stored."""

    document: ResumeDocument
    parsed: ParsedResume
    facts: DerivedFacts


@dataclass(frozen=True, slots=True)
class ImportedResume:
    resume: Resume
    version: ResumeVersion
    read: ReadResume
    is_master: bool
    profile: CandidateProfile | None


def today() -> date:
    return datetime.now(UTC).date()


def _rejection(exc: ResumeRejected) -> DomainError:
    extra: dict[str, Any] = {"errors": exc.errors} if exc.errors else {}
    if exc.status == 413:
        return PayloadTooLarge(str(exc), extra=extra)
    if exc.status == 415:
        return UnsupportedMediaType(str(exc), extra=extra)
    return InvalidInput(str(exc), extra=extra)


def _has_content(parsed: ParsedResume) -> bool:
    contact = parsed.contact
    return bool(
        contact.name
        or contact.email
        or parsed.experience
        or parsed.education
        or parsed.skills
        or parsed.summary
    )


def read_and_parse(
    content: bytes,
    *,
    filename: str | None,
    content_type: str | None,
    max_bytes: int,
    index: TaxonomyIndex,
    source: str,
    on: date,
) -> ReadResume:
    """Read a resume file, parse it and derive its facts; raises a 4xx domain error if bad."""
    try:
        document = read_resume(
            content, filename=filename, content_type=content_type, max_bytes=max_bytes
        )
        if document.format == "json":
            parsed = read_json_resume(document.text)
        else:
            parsed = parse_resume(document)
    except ResumeRejected as exc:
        raise _rejection(exc) from None
    if not _has_content(parsed):
        raise InvalidInput(
            "no resume content found: no name, email, experience, education or skills"
        )
    facts = derive_facts(parsed, index, source=source, today=on)
    return ReadResume(document, parsed, facts)


async def parse_resume_file(
    runtime: Runtime,
    session: AsyncSession,
    content: bytes,
    *,
    filename: str | None,
    content_type: str | None = None,
    max_bytes: int | None = None,
) -> ReadResume:
    """Parse a resume file without storing anything (the CLI's dry run)."""
    index = await taxonomy.get_index(runtime, session)
    settings = runtime.settings.profiles
    return await to_thread.run_sync(
        lambda: read_and_parse(
            content,
            filename=filename,
            content_type=content_type,
            max_bytes=max_bytes if max_bytes is not None else settings.max_upload_bytes,
            index=index,
            source=settings.taxonomy,
            on=today(),
        )
    )


async def import_resume(
    runtime: Runtime,
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    content: bytes,
    filename: str | None,
    content_type: str | None,
    resume_id: uuid.UUID | None = None,
    name: str | None = None,
    new_resume: bool = False,
) -> ImportedResume:
    """Store an uploaded resume as a new version and, for the master, rebuild the profile.

    Without ``resume_id`` the file becomes the next version of the master resume (created on
    the first upload); with ``new_resume`` it starts a resume of its own beside the master.
    Nothing is stored when the file is refused.
    """
    settings = runtime.settings.profiles
    profile = await get_or_create_profile(session, user_id, for_update=True)
    if resume_id is not None and new_resume:
        raise InvalidInput("give resume_id to add a version, or new_resume, not both")
    if resume_id is not None:
        resume = await repository.get_resume(session, user_id, resume_id, for_update=True)
        if resume is None:
            raise NotFound("resume not found")
    elif profile.master_resume_id is not None and not new_resume:
        resume = await repository.get_resume(
            session, user_id, profile.master_resume_id, for_update=True
        )
    else:
        resume = None
    if resume is None and await repository.count_resumes(session, user_id) >= settings.max_resumes:
        raise Conflict(f"a candidate may keep at most {settings.max_resumes} resumes")

    read = await parse_resume_file(
        runtime, session, content, filename=filename, content_type=content_type
    )
    if resume is None:
        becomes_master = profile.master_resume_id is None
        resume = Resume(
            user_id=user_id,
            name=name or _default_name(read.parsed, filename),
            kind="master" if becomes_master else "other",
            current_version=0,
        )
        await repository.add(session, resume)
        if becomes_master:
            profile.master_resume_id = resume.id
    elif name:
        resume.name = name
    resume.current_version += 1
    version = ResumeVersion(
        resume_id=resume.id,
        version=resume.current_version,
        filename=(filename or "")[:255] or None,
        content_type=_content_type_of(read.document.format),
        format=read.document.format,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        pages=read.document.pages,
        content=content,
        parsed=read.parsed.model_dump(mode="json"),
        derived=read.facts.model_dump(mode="json"),
    )
    await repository.add(session, version)
    await repository.prune_versions(session, resume.id, keep=settings.max_versions)
    is_master = profile.master_resume_id == resume.id
    if is_master:
        profile.parsed = version.parsed
        await rebuild_profile(runtime, session, profile)
    return ImportedResume(resume, version, read, is_master, profile if is_master else None)


def _default_name(parsed: ParsedResume, filename: str | None) -> str:
    if parsed.contact.name:
        return f"{parsed.contact.name} — resume"[:200]
    return (filename or "Resume")[:200]


_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text": "text/plain; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "json": "application/json",
}


def _content_type_of(fmt: str) -> str:
    # The stored type is what the content is, not what the uploader claimed.
    return _CONTENT_TYPES.get(fmt, "application/octet-stream")


# -- the profile ---------------------------------------------------------------------------


async def get_or_create_profile(
    session: AsyncSession, user_id: uuid.UUID, *, for_update: bool = False
) -> CandidateProfile:
    profile = await repository.get_profile(session, user_id, for_update=for_update)
    if profile is None:
        profile = await repository.add_profile(session, user_id)
    return profile


def effective_resume(profile: CandidateProfile) -> ParsedResume:
    """The master's parse with the candidate's hand edits laid over it."""
    data = dict(profile.parsed or {})
    overrides = profile.overrides or {}
    for field in EDITABLE_FIELDS:
        if field not in overrides:
            continue
        if field == "contact":
            contact = dict(data.get("contact") or {})
            contact.update(overrides["contact"])
            data["contact"] = contact
        else:
            data[field] = overrides[field]
    return ParsedResume.model_validate(data)


def profile_facts(profile: CandidateProfile) -> DerivedFacts:
    return DerivedFacts.model_validate(profile.derived or {})


def preferences_of(profile: CandidateProfile) -> Preferences:
    return Preferences.model_validate(profile.preferences or {})


async def rebuild_profile(
    runtime: Runtime, session: AsyncSession, profile: CandidateProfile
) -> None:
    """Recompute facts, summary columns and facet vectors from parse, edits and preferences."""
    index = await taxonomy.get_index(runtime, session)
    resume = effective_resume(profile)
    excluded = set((profile.overrides or {}).get("excluded_skills", []))
    preferences = preferences_of(profile)
    source = runtime.settings.profiles.taxonomy
    facts, vectors = await to_thread.run_sync(
        lambda: _facts_and_vectors(runtime, index, resume, preferences, excluded, source)
    )
    profile.derived = facts.model_dump(mode="json")
    profile.skill_ids = [skill.concept_id for skill in facts.skills]
    profile.total_years = facts.total_years
    profile.seniority = facts.seniority
    profile.current_title = facts.current_title
    profile.discoverable = preferences.discoverable
    profile.skills_embedding, profile.experience_embedding, profile.goals_embedding = vectors
    profile.embedder = runtime.embedder.name
    profile.updated_at = datetime.now(UTC)
    await session.flush()


def _facts_and_vectors(
    runtime: Runtime,
    index: TaxonomyIndex,
    resume: ParsedResume,
    preferences: Preferences,
    excluded: set[str],
    source: str,
) -> tuple[DerivedFacts, list[np.ndarray | None]]:
    facts = derive_facts(resume, index, source=source, today=today())
    if excluded:
        facts.skills = [s for s in facts.skills if s.concept_id not in excluded]
    texts = facet_texts(resume, facts, preferences)
    present = [n for n, text in enumerate(texts) if text]
    vectors: list[np.ndarray | None] = [None] * len(texts)
    if present:
        matrix = runtime.embedder.embed([texts[n] for n in present])
        for row, n in enumerate(present):
            if np.any(matrix[row]):
                vectors[n] = matrix[row]
    return facts, vectors


def facet_texts(
    resume: ParsedResume, facts: DerivedFacts, preferences: Preferences
) -> tuple[str, str, str]:
    """The texts behind the skills, experience and goals vectors ("" when a facet is empty)."""
    skills = ", ".join(skill.label for skill in facts.skills)
    parts: list[str] = [resume.headline or ""]
    for entry in resume.experience[:8]:
        parts.append(" ".join(filter(None, [entry.title, entry.company])))
        parts.extend(entry.bullets)
        if entry.description:
            parts.append(entry.description)
    experience = "\n".join(p for p in parts if p)
    goals = "\n".join(
        p
        for p in [
            ", ".join(preferences.desired_titles),
            ", ".join(preferences.industries),
            preferences.goals or "",
        ]
        if p
    )
    return skills[:_FACET_CHARS], experience[:_FACET_CHARS], goals[:_FACET_CHARS]


async def get_profile(session: AsyncSession, user_id: uuid.UUID) -> CandidateProfile:
    """The candidate's profile; an empty one (not stored) for a candidate who has none yet."""
    profile = await repository.get_profile(session, user_id)
    if profile is None:
        profile = CandidateProfile(
            user_id=user_id,
            master_resume_id=None,
            parsed={},
            overrides={},
            derived={},
            preferences={},
            ranking_weights={},
            embedder=None,
            updated_at=datetime.now(UTC),
        )
    return profile


async def update_profile(
    runtime: Runtime, session: AsyncSession, user_id: uuid.UUID, patch: ProfilePatch
) -> CandidateProfile:
    """Apply hand edits (they override the parser from now on) and rebuild the profile."""
    unknown = [f for f in patch.reset if f not in (*EDITABLE_FIELDS, "excluded_skills")]
    if unknown:
        raise InvalidInput(f"cannot reset {', '.join(unknown)}: not an editable field")
    profile = await get_or_create_profile(session, user_id, for_update=True)
    overrides = dict(profile.overrides or {})
    for field in patch.reset:
        overrides.pop(field, None)
    given = patch.model_dump(mode="json", exclude_unset=True, exclude={"reset"})
    if "contact" in given:
        edits = patch.contact.model_dump(mode="json", exclude_unset=True) if patch.contact else {}
        overrides["contact"] = {**overrides.get("contact", {}), **edits}
    for field in EDITABLE_FIELDS:
        if field != "contact" and field in given:
            overrides[field] = given[field]
    if patch.excluded_skills is not None:
        index = await taxonomy.get_index(runtime, session)
        overrides["excluded_skills"] = _resolve_skills(index, patch.excluded_skills)
    profile.overrides = overrides
    await rebuild_profile(runtime, session, profile)
    return profile


def _resolve_skills(index: TaxonomyIndex, names: Sequence[str]) -> list[str]:
    resolved: list[str] = []
    missing: list[str] = []
    for name in names:
        concept_id = index.resolve_skill(name)
        if concept_id is None:
            missing.append(name)
        elif concept_id not in resolved:
            resolved.append(concept_id)
    if missing:
        raise InvalidInput(f"unknown skills: {', '.join(missing[:10])}")
    return resolved


async def put_preferences(
    runtime: Runtime, session: AsyncSession, user_id: uuid.UUID, preferences: Preferences
) -> Preferences:
    """Replace the candidate's preferences (places and occupations resolved) and rebuild."""
    index = await taxonomy.get_index(runtime, session)
    source = runtime.settings.profiles.taxonomy
    for location in preferences.locations:
        parsed = parse_locations(location.name)
        place = parsed.places[0] if parsed.places else None
        location.resolved = (
            PlaceOut(city=place.city, region=place.region, country=place.country) if place else None
        )
    preferences.desired_occupations = [
        _resolve_occupation(index, name, source) for name in preferences.desired_occupations
    ]
    profile = await get_or_create_profile(session, user_id, for_update=True)
    profile.preferences = preferences.model_dump(mode="json")
    await rebuild_profile(runtime, session, profile)
    return preferences


def _resolve_occupation(index: TaxonomyIndex, name: str, source: str) -> str:
    row = index.by_id.get(name)
    if row is not None and index.concepts[row].kind == "occupation":
        return name
    result = index.normalise_title(name, source=source, top=1)
    if result.occupations and result.occupations[0].score >= _OCCUPATION_MATCH:
        return result.occupations[0].concept.id
    raise InvalidInput(f"unknown occupation {name!r}: give an occupation id or a known title")


async def set_ranking_weights(
    session: AsyncSession, user_id: uuid.UUID, weights: dict[str, float]
) -> CandidateProfile:
    """Store the candidate's own factor-weight overrides (the caller has validated them)."""
    profile = await get_or_create_profile(session, user_id, for_update=True)
    profile.ranking_weights = dict(weights)
    profile.updated_at = datetime.now(UTC)
    await session.flush()
    return profile


# -- resumes -------------------------------------------------------------------------------


async def list_resumes(session: AsyncSession, user_id: uuid.UUID) -> list[Resume]:
    return await repository.list_resumes(session, user_id)


async def get_resume(
    session: AsyncSession, user_id: uuid.UUID, resume_id: uuid.UUID
) -> tuple[Resume, list[ResumeVersion]]:
    """A resume of this candidate with its versions, newest first (404 for anyone else's)."""
    resume = await repository.get_resume(session, user_id, resume_id)
    if resume is None:
        raise NotFound("resume not found")
    return resume, await repository.list_versions(session, resume.id)


async def get_resume_file(
    session: AsyncSession, user_id: uuid.UUID, resume_id: uuid.UUID, version: int | None = None
) -> ResumeVersion:
    """A stored version with its original file (the current one unless ``version`` is given)."""
    resume = await repository.get_resume(session, user_id, resume_id)
    if resume is None:
        raise NotFound("resume not found")
    found = await repository.get_version(
        session, resume.id, version or resume.current_version, with_content=True
    )
    if found is None:
        raise NotFound("resume version not found")
    return found


async def make_master(
    runtime: Runtime, session: AsyncSession, user_id: uuid.UUID, resume_id: uuid.UUID
) -> CandidateProfile:
    """Build the profile from this resume from now on (hand edits stay)."""
    profile = await get_or_create_profile(session, user_id, for_update=True)
    resume = await repository.get_resume(session, user_id, resume_id, for_update=True)
    if resume is None:
        raise NotFound("resume not found")
    current = await repository.get_version(session, resume.id, resume.current_version)
    if current is None:
        raise NotFound("resume version not found")
    if profile.master_resume_id is not None and profile.master_resume_id != resume.id:
        previous = await repository.get_resume(session, user_id, profile.master_resume_id)
        if previous is not None and previous.kind == "master":
            previous.kind = "other"
    resume.kind = "master"
    profile.master_resume_id = resume.id
    profile.parsed = current.parsed
    await rebuild_profile(runtime, session, profile)
    return profile


async def delete_resume(
    runtime: Runtime, session: AsyncSession, user_id: uuid.UUID, resume_id: uuid.UUID
) -> None:
    """Delete a resume and all its versions; deleting the master empties the profile's parse."""
    profile = await get_or_create_profile(session, user_id, for_update=True)
    resume = await repository.get_resume(session, user_id, resume_id, for_update=True)
    if resume is None:
        raise NotFound("resume not found")
    was_master = profile.master_resume_id == resume.id
    await repository.delete_resume(session, resume)
    if was_master:
        profile.master_resume_id = None
        profile.parsed = {}
        await rebuild_profile(runtime, session, profile)


async def export_profile(session: AsyncSession, user_id: uuid.UUID) -> dict[str, Any]:
    """Everything the profiles domain holds about a candidate, files included (base64)."""
    profile = await repository.get_profile(session, user_id)
    resumes = await repository.list_resumes(session, user_id)
    versions = await repository.versions_of_user(session, user_id)
    by_resume: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for v in versions:
        by_resume.setdefault(v.resume_id, []).append(
            {
                "version": v.version,
                "filename": v.filename,
                "content_type": v.content_type,
                "format": v.format,
                "size": v.size,
                "sha256": v.sha256,
                "created_at": v.created_at.isoformat(),
                "parsed": v.parsed,
                "derived": v.derived,
                "file_base64": base64.b64encode(v.content).decode("ascii"),
            }
        )
    return {
        "profile": None
        if profile is None
        else {
            "master_resume_id": str(profile.master_resume_id) if profile.master_resume_id else None,
            "resume": effective_resume(profile).model_dump(mode="json"),
            "overrides": profile.overrides,
            "facts": profile.derived,
            "preferences": profile.preferences,
            "ranking_weights": profile.ranking_weights,
            "updated_at": profile.updated_at.isoformat(),
        },
        "resumes": [
            {
                "id": str(r.id),
                "name": r.name,
                "kind": r.kind,
                "created_at": r.created_at.isoformat(),
                "versions": by_resume.get(r.id, []),
            }
            for r in resumes
        ],
    }
