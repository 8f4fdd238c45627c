from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

TaxonomyName = Literal["builtin", "esco", "onet", "all"]
MAX_TEXTS = 1000
MAX_TEXT_CHARS = 100_000

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]


class TextItem(BaseModel):
    id: str | int | None = None
    text: Text


class BatchIn(BaseModel):
    texts: list[TextItem] = Field(min_length=1, max_length=MAX_TEXTS)
    taxonomy: TaxonomyName = "builtin"


class RankIn(BatchIn):
    top: int = Field(10, ge=1, le=100)


class SkillHit(BaseModel):
    id: str
    label: str
    score: float
    source: str
    category: str | None = None
    spans: list[tuple[int, int]] = []
    required: bool | None = None


class SkillsOut(BaseModel):
    id: str | int | None
    skills: list[SkillHit]


class OccupationHit(BaseModel):
    id: str
    label: str
    score: float
    source: str


class TitleOut(BaseModel):
    id: str | int | None
    title: str
    core_title: str
    seniority: str | None
    qualifiers: list[str]
    occupations: list[OccupationHit]


class ConceptSummary(BaseModel):
    id: str
    label: str
    source: str
    category: str | None
    matched_label: str


class ConceptLabelOut(BaseModel):
    label: str
    type: str


class ConceptRelationOut(BaseModel):
    direction: Literal["out", "in"]
    relation: str
    id: str
    label: str


class ConceptOut(BaseModel):
    id: str
    label: str
    source: str
    kind: str
    category: str | None
    description: str | None
    attributes: dict[str, Any]
    labels: list[ConceptLabelOut]
    relations: list[ConceptRelationOut]
