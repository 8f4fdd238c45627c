from __future__ import annotations

from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import BigInteger, Boolean, ForeignKey, Identity, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jobpilot.core.db import Base, UTCDateTime, utcnow


class Concept(Base):
    """A skill, an occupation or a skill group, from one source (builtin, esco, onet).

    The id is the source's own identifier: an ESCO concept URI, ``onet:occupation:<SOC code>``,
    ``onet:tech:<slug>``, or ``jp:skill:<key>`` / ``jp:occupation:<key>`` for built-in concepts.
    """

    __tablename__ = "taxonomy_concepts"
    __table_args__ = (Index("ix_taxonomy_concepts_source_kind", "source", "kind"),)

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(100))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ConceptLabel(Base):
    """A surface form of a concept: preferred, alternative, hidden or abbreviation."""

    __tablename__ = "taxonomy_labels"
    __table_args__ = (Index("ix_taxonomy_labels_lower_label", "lower_label"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    concept_id: Mapped[str] = mapped_column(
        ForeignKey("taxonomy_concepts.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(Text)
    lower_label: Mapped[str] = mapped_column(Text)
    label_type: Mapped[str] = mapped_column(String(20))
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    ambiguous: Mapped[bool] = mapped_column(Boolean, default=False)


class ConceptRelation(Base):
    """A typed link: related, broader, essential / optional (occupation → skill), same_as."""

    __tablename__ = "taxonomy_relations"

    source_id: Mapped[str] = mapped_column(
        ForeignKey("taxonomy_concepts.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[str] = mapped_column(
        ForeignKey("taxonomy_concepts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    relation: Mapped[str] = mapped_column(String(20), primary_key=True)
    origin: Mapped[str] = mapped_column(String(20))


class TextEmbedding(Base):
    """A stored vector of a taxonomy text (a skill's label set, an occupation title) for one
    embedder, keyed by the text's digest: slow embedders compute each text once, ever."""

    __tablename__ = "taxonomy_embeddings"

    embedder: Mapped[str] = mapped_column(String(100), primary_key=True)
    text_digest: Mapped[str] = mapped_column(String(40), primary_key=True)
    vector: Mapped[Any] = mapped_column(Vector())


class TaxonomyImport(Base):
    """One load of a source: what was read, what changed, and a digest for idempotence."""

    __tablename__ = "taxonomy_imports"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    source: Mapped[str] = mapped_column(String(20), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
