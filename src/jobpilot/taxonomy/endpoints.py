from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from jobpilot.auth.dependencies import requires
from jobpilot.auth.service import Principal
from jobpilot.core.deps import RuntimeDep, SessionDep
from jobpilot.taxonomy import batch, service
from jobpilot.taxonomy.schemas import (
    BatchIn,
    ConceptOut,
    ConceptSummary,
    RankIn,
    SkillsOut,
    TitleOut,
)

router = APIRouter(prefix="/api/v1", tags=["taxonomy"])
Reader = Annotated[Principal, Depends(requires("taxonomy:read"))]
SourceFilter = Annotated[
    str | None, Query(pattern="^(builtin|esco|onet)$", description="Only this source")
]


@router.post("/skills/extract", response_model=list[SkillsOut])
async def extract_skills(
    body: BatchIn, principal: Reader, runtime: RuntimeDep, session: SessionDep
) -> list[SkillsOut]:
    """Skills mentioned in each text (up to 1,000 texts): ids, labels, spans, confidence and
    whether the text makes them required (signed-in users; `taxonomy:read`)."""
    index = await service.get_index(runtime, session)
    return await asyncio.to_thread(
        lambda: [batch.extract(index, item.id, item.text, body.taxonomy) for item in body.texts]
    )


@router.post("/skills/rank", response_model=list[SkillsOut])
async def rank_skills(
    body: RankIn, principal: Reader, runtime: RuntimeDep, session: SessionDep
) -> list[SkillsOut]:
    """The taxonomy skills that best describe each text, mentioned or not (signed-in users)."""
    index = await service.get_index(runtime, session)
    return await asyncio.to_thread(
        lambda: [
            batch.rank(index, item.id, item.text, body.taxonomy, body.top) for item in body.texts
        ]
    )


@router.post("/occupations/normalize", response_model=list[TitleOut])
async def normalize_titles(
    body: RankIn, principal: Reader, runtime: RuntimeDep, session: SessionDep
) -> list[TitleOut]:
    """Each job title mapped to ranked occupations, with seniority and qualifiers split off
    (signed-in users)."""
    index = await service.get_index(runtime, session)
    items = [(item.id, item.text) for item in body.texts]
    return await asyncio.to_thread(batch.normalise, index, items, body.taxonomy, body.top)


@router.get("/skills", response_model=list[ConceptSummary])
async def autocomplete_skills(
    principal: Reader,
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="Start of a skill name")],
    source: SourceFilter = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[ConceptSummary]:
    """Skills whose name or alias starts with `q`, exact matches first (signed-in users)."""
    rows = await service.autocomplete(session, prefix=q, kind="skill", source=source, limit=limit)
    return [
        ConceptSummary(
            id=c.id, label=c.label, source=c.source, category=c.category, matched_label=label
        )
        for c, label in rows
    ]


@router.get("/skills/{concept_id:path}", response_model=ConceptOut)
async def get_skill(concept_id: str, principal: Reader, session: SessionDep) -> ConceptOut:
    """One skill with its labels and relations (ids may be ESCO URIs; signed-in users)."""
    return ConceptOut.model_validate(await service.get_concept_detail(session, concept_id, "skill"))


@router.get("/occupations/{concept_id:path}", response_model=ConceptOut)
async def get_occupation(concept_id: str, principal: Reader, session: SessionDep) -> ConceptOut:
    """One occupation with its alternative titles and skills (signed-in users)."""
    return ConceptOut.model_validate(
        await service.get_concept_detail(session, concept_id, "occupation")
    )
