"""Batch answers in the public JSON shape, shared by the REST endpoints and the CLI."""

from __future__ import annotations

from collections.abc import Sequence

from jobpilot.taxonomy.index import TaxonomyIndex
from jobpilot.taxonomy.schemas import OccupationHit, SkillHit, SkillsOut, TitleOut


def extract(index: TaxonomyIndex, item_id: str | int | None, text: str, taxonomy: str) -> SkillsOut:
    return SkillsOut(
        id=item_id,
        skills=[
            SkillHit(
                id=m.concept.id,
                label=m.concept.label,
                score=round(m.confidence, 4),
                source=m.concept.source,
                category=m.concept.category,
                spans=m.spans,
                required=m.required,
            )
            for m in index.extract_skills(text, source=taxonomy)
        ],
    )


def rank(
    index: TaxonomyIndex, item_id: str | int | None, text: str, taxonomy: str, top: int
) -> SkillsOut:
    return SkillsOut(
        id=item_id,
        skills=[
            SkillHit(
                id=r.concept.id,
                label=r.concept.label,
                score=r.score,
                source=r.concept.source,
                category=r.concept.category,
            )
            for r in index.rank_skills(text, source=taxonomy, top=top)
        ],
    )


def normalise(
    index: TaxonomyIndex,
    items: Sequence[tuple[str | int | None, str]],
    taxonomy: str,
    top: int,
) -> list[TitleOut]:
    """The answer for each (id, title) of ``items``, in order (the titles are scored together,
    which is much cheaper per title than one by one)."""
    results = index.normalise_titles([title for _, title in items], source=taxonomy, top=top)
    return [
        TitleOut(
            id=item_id,
            title=result.title,
            core_title=result.core_title,
            seniority=result.seniority,
            qualifiers=result.qualifiers,
            occupations=[
                OccupationHit(
                    id=r.concept.id, label=r.concept.label, score=r.score, source=r.concept.source
                )
                for r in result.occupations
            ],
        )
        for (item_id, _), result in zip(items, results, strict=True)
    ]
