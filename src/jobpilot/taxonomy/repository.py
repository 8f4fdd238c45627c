"""All taxonomy SQL: bulk loads through COPY, and the reads that build the in-memory index."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.queue import driver_connection
from jobpilot.taxonomy.models import Concept, ConceptLabel, ConceptRelation, TaxonomyImport

ConceptRow = tuple[str, str, str, str, str | None, str | None, dict[str, Any]]
LabelRow = tuple[str, str, str, bool, bool]
RelationRow = tuple[str, str, str]


async def latest_import(session: AsyncSession, source: str) -> TaxonomyImport | None:
    query = (
        select(TaxonomyImport)
        .where(TaxonomyImport.source == source, TaxonomyImport.finished_at.is_not(None))
        .order_by(TaxonomyImport.id.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def version(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.coalesce(func.max(TaxonomyImport.id), 0))) or 0)


async def add_import(session: AsyncSession, record: TaxonomyImport) -> None:
    session.add(record)
    await session.flush()


async def replace_source(
    session: AsyncSession,
    source: str,
    concepts: Sequence[ConceptRow],
    labels: Iterable[LabelRow],
    relations: Iterable[RelationRow],
) -> dict[str, int]:
    """Make ``source``'s concepts, labels and relations exactly these, in the caller's
    transaction: concepts are upserted (ids stay stable for whoever references them),
    concepts of the source that are gone are deleted, labels and relations are rewritten."""
    conn = await driver_connection(session)
    async with conn.cursor() as cur:
        await cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS tmp_concepts"
            " (LIKE taxonomy_concepts INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        await cur.execute("TRUNCATE tmp_concepts")
        async with cur.copy(
            "COPY tmp_concepts"
            " (id, kind, source, label, description, category, attributes, updated_at) FROM STDIN"
        ) as copy:
            for row in concepts:
                await copy.write_row((*row[:6], Jsonb(row[6]), "now"))
        await cur.execute(
            """
            INSERT INTO taxonomy_concepts
            SELECT DISTINCT ON (id) * FROM tmp_concepts ORDER BY id
            ON CONFLICT (id) DO UPDATE SET
              kind = EXCLUDED.kind, source = EXCLUDED.source, label = EXCLUDED.label,
              description = EXCLUDED.description, category = EXCLUDED.category,
              attributes = EXCLUDED.attributes, updated_at = now()
            WHERE (taxonomy_concepts.label, taxonomy_concepts.description,
                   taxonomy_concepts.category, taxonomy_concepts.attributes, taxonomy_concepts.kind)
              IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.description, EXCLUDED.category,
                                EXCLUDED.attributes, EXCLUDED.kind)
            """
        )
        changed = cur.rowcount
        await cur.execute(
            "DELETE FROM taxonomy_concepts c WHERE c.source = %s"
            " AND NOT EXISTS (SELECT 1 FROM tmp_concepts t WHERE t.id = c.id)",
            (source,),
        )
        removed = cur.rowcount
        await cur.execute(
            "DELETE FROM taxonomy_labels l USING taxonomy_concepts c"
            " WHERE l.concept_id = c.id AND c.source = %s",
            (source,),
        )
        label_count = 0
        async with cur.copy(
            "COPY taxonomy_labels"
            " (concept_id, label, lower_label, label_type, case_sensitive, ambiguous) FROM STDIN"
        ) as copy:
            for concept_id, label, label_type, case_sensitive, ambiguous in labels:
                await copy.write_row(
                    (concept_id, label, label.lower(), label_type, case_sensitive, ambiguous)
                )
                label_count += 1
        await cur.execute("DELETE FROM taxonomy_relations WHERE origin = %s", (source,))
        await cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS tmp_relations (LIKE taxonomy_relations) ON COMMIT DROP"
        )
        await cur.execute("TRUNCATE tmp_relations")
        async with cur.copy(
            "COPY tmp_relations (source_id, target_id, relation, origin) FROM STDIN"
        ) as copy:
            for source_id, target_id, relation in relations:
                await copy.write_row((source_id, target_id, relation, source))
        # Relations whose ends are unknown (a partial file, a concept of another source that
        # is not loaded) are skipped rather than failing the whole import.
        await cur.execute(
            """
            INSERT INTO taxonomy_relations
            SELECT DISTINCT t.* FROM tmp_relations t
            JOIN taxonomy_concepts a ON a.id = t.source_id
            JOIN taxonomy_concepts b ON b.id = t.target_id
            ON CONFLICT DO NOTHING
            """
        )
        relation_count = cur.rowcount
        # Fresh statistics: later queries in this transaction join these tables.
        await cur.execute("ANALYZE taxonomy_concepts, taxonomy_labels, taxonomy_relations")
    return {
        "concepts": len(concepts),
        "concepts_changed": max(changed, 0),
        "concepts_removed": max(removed, 0),
        "labels": label_count,
        "relations": max(relation_count, 0),
    }


async def index_rows(
    session: AsyncSession,
) -> tuple[list[Concept], list[LabelRow], list[RelationRow]]:
    """Concepts, labels, and the occupation → skill links (essential, optional, typical)."""
    concepts = list((await session.scalars(select(Concept).order_by(Concept.id))).all())
    label_rows = await session.execute(
        select(
            ConceptLabel.concept_id,
            ConceptLabel.label,
            ConceptLabel.label_type,
            ConceptLabel.case_sensitive,
            ConceptLabel.ambiguous,
        )
    )
    labels = [(r[0], r[1], r[2], r[3], r[4]) for r in label_rows]
    link_rows = await session.execute(
        select(
            ConceptRelation.source_id, ConceptRelation.target_id, ConceptRelation.relation
        ).where(ConceptRelation.relation.in_(("essential", "optional", "typical")))
    )
    links = [(r[0], r[1], r[2]) for r in link_rows]
    return concepts, labels, links


async def counts_by_source(session: AsyncSession) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    rows = await session.execute(
        select(Concept.source, Concept.kind, func.count()).group_by(Concept.source, Concept.kind)
    )
    for source, kind, count in rows:
        out.setdefault(source, {})[f"{kind}s"] = int(count)
    label_rows = await session.execute(
        select(Concept.source, func.count())
        .select_from(ConceptLabel)
        .join(Concept, Concept.id == ConceptLabel.concept_id)
        .group_by(Concept.source)
    )
    for source, count in label_rows:
        out.setdefault(source, {})["labels"] = int(count)
    relation_rows = await session.execute(
        select(ConceptRelation.origin, ConceptRelation.relation, func.count()).group_by(
            ConceptRelation.origin, ConceptRelation.relation
        )
    )
    for origin, relation, count in relation_rows:
        out.setdefault(origin, {})[f"relations_{relation}"] = int(count)
    return out


async def get_concept(session: AsyncSession, concept_id: str) -> Concept | None:
    return await session.get(Concept, concept_id)


async def concept_labels(session: AsyncSession, concept_id: str) -> list[ConceptLabel]:
    query = (
        select(ConceptLabel).where(ConceptLabel.concept_id == concept_id).order_by(ConceptLabel.id)
    )
    return list((await session.scalars(query)).all())


async def concept_relations(
    session: AsyncSession, concept_id: str
) -> list[tuple[str, str, str, str]]:
    """(direction, relation, other id, other label) for links from and to the concept."""
    rows = await session.execute(
        text(
            """
            SELECT 'out', r.relation, c.id, c.label FROM taxonomy_relations r
              JOIN taxonomy_concepts c ON c.id = r.target_id WHERE r.source_id = :id
            UNION ALL
            SELECT 'in', r.relation, c.id, c.label FROM taxonomy_relations r
              JOIN taxonomy_concepts c ON c.id = r.source_id WHERE r.target_id = :id
            LIMIT 500
            """
        ),
        {"id": concept_id},
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


async def search_labels(
    session: AsyncSession, *, prefix: str, kind: str, source: str | None, limit: int
) -> list[tuple[Concept, str]]:
    """Concepts with a label starting with ``prefix`` (case-insensitive), best first."""
    lowered = prefix.lower()
    query = (
        select(Concept, ConceptLabel.label)
        .join(ConceptLabel, ConceptLabel.concept_id == Concept.id)
        .where(Concept.kind == kind)
        .where(ConceptLabel.lower_label.startswith(lowered, autoescape=True))
        .order_by(
            (ConceptLabel.lower_label != lowered),
            (ConceptLabel.label_type != "preferred"),
            func.length(ConceptLabel.label),
            Concept.id,
        )
        .limit(limit * 4)
    )
    if source is not None:
        query = query.where(Concept.source == source)
    seen: dict[str, tuple[Concept, str]] = {}
    for concept, label in (await session.execute(query)).all():
        seen.setdefault(concept.id, (concept, label))
        if len(seen) >= limit:
            break
    return list(seen.values())


async def stored_vectors(
    session: AsyncSession, embedder: str, digests: Sequence[str]
) -> dict[str, Any]:
    """Vectors already computed for these text digests (numpy arrays, binary transfer)."""
    from pgvector.psycopg import register_vector_async

    conn = await driver_connection(session)
    await register_vector_async(conn)
    found: dict[str, Any] = {}
    async with conn.cursor(binary=True) as cur:
        await cur.execute(
            "SELECT text_digest, vector FROM taxonomy_embeddings"
            " WHERE embedder = %s AND text_digest = ANY(%s)",
            (embedder, list(digests)),
        )
        async for digest, vector in cur:
            # pgvector hands back its own Vector type; the index wants numpy rows.
            found[digest] = vector.to_numpy() if hasattr(vector, "to_numpy") else vector
    return found


async def store_vectors(
    session: AsyncSession, embedder: str, rows: Iterable[tuple[str, Any]]
) -> None:
    from pgvector.psycopg import register_vector_async

    conn = await driver_connection(session)
    await register_vector_async(conn)
    async with (
        conn.cursor() as cur,
        cur.copy("COPY taxonomy_embeddings (embedder, text_digest, vector) FROM STDIN") as copy,
    ):
        for digest, vector in rows:
            await copy.write_row((embedder, digest, vector))


async def related_skill_pairs(session: AsyncSession) -> list[tuple[str, str]]:
    """Every ``related`` link between two skills, as (source, target)."""
    rows = await session.execute(
        select(ConceptRelation.source_id, ConceptRelation.target_id).where(
            ConceptRelation.relation == "related"
        )
    )
    return [(source, target) for source, target in rows.all()]
