"""The taxonomy: loading the built-in data, importing ESCO and O*NET, and the index that
answers extraction, ranking and title normalisation."""

from __future__ import annotations

import asyncio
import hashlib
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.db import utcnow
from jobpilot.core.embedding import Embedder
from jobpilot.core.errors import NotFound
from jobpilot.core.runtime import Runtime
from jobpilot.taxonomy import builtin, repository
from jobpilot.taxonomy.importers.common import ParsedTaxonomy
from jobpilot.taxonomy.index import ConceptEntry, TaxonomyIndex
from jobpilot.taxonomy.models import TaxonomyImport

Progress = Callable[[int], None]
INDEX_KEY = "taxonomy_index"
_index_lock = asyncio.Lock()


async def ensure_builtin(session: AsyncSession, *, force: bool = False) -> dict[str, Any] | None:
    """Load the built-in taxonomy when it is missing or its data files changed (idempotent)."""
    digest = builtin.data_digest()
    latest = await repository.latest_import(session, "builtin")
    if latest is not None and latest.digest == digest and not force:
        return None
    taxonomy = builtin.load_builtin()
    concepts, labels, relations = builtin.to_rows(taxonomy)
    parsed = ParsedTaxonomy("builtin", concepts, labels, relations, files=["builtin"])
    return await _write(session, parsed, digest)


async def import_parsed(
    session: AsyncSession, parsed: ParsedTaxonomy, digest: str
) -> dict[str, Any]:
    """Write an import already parsed from files; re-importing the same files changes nothing."""
    await ensure_builtin(session)
    return await _write(session, parsed, digest)


async def _write(session: AsyncSession, parsed: ParsedTaxonomy, digest: str) -> dict[str, Any]:
    record = TaxonomyImport(source=parsed.source, digest=digest)
    await repository.add_import(session, record)
    counts = await repository.replace_source(
        session, parsed.source, parsed.concepts, parsed.labels, parsed.relations
    )
    counts["links_to_esco"] = await link_builtin_to_esco(session)
    record.counts = {**counts, "files": parsed.files}
    record.finished_at = utcnow()
    await session.flush()
    return record.counts


async def link_builtin_to_esco(session: AsyncSession) -> int:
    """``same_as`` links from built-in concepts to ESCO concepts with the same name (an ESCO
    name's trailing qualifier in parentheses aside)."""
    await session.execute(text("DELETE FROM taxonomy_relations WHERE origin = 'link'"))
    result = await session.execute(
        text(
            """
            WITH builtin_forms AS MATERIALIZED (
              SELECT DISTINCT l.lower_label, c.id, c.kind
              FROM taxonomy_labels l JOIN taxonomy_concepts c ON c.id = l.concept_id
              WHERE c.source = 'builtin' AND NOT l.ambiguous
            ), esco_names AS MATERIALIZED (
              -- ESCO qualifies some names: "Python (computer programming)" is "Python".
              SELECT lower(label) AS lower_label, id, kind
              FROM taxonomy_concepts WHERE source = 'esco'
              UNION
              SELECT regexp_replace(lower(label), ' *[(][^)]*[)]$', ''), id, kind
              FROM taxonomy_concepts WHERE source = 'esco' AND label LIKE '%%)'
            )
            INSERT INTO taxonomy_relations (source_id, target_id, relation, origin)
            SELECT DISTINCT b.id, e.id, 'same_as', 'link'
            FROM builtin_forms b
            JOIN esco_names e ON e.lower_label = b.lower_label AND e.kind = b.kind
            ON CONFLICT DO NOTHING
            """
        )
    )
    return max(int(getattr(result, "rowcount", 0) or 0), 0)


def file_digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        if path.is_dir():
            for child in sorted(path.glob("*.txt")):
                digest.update(child.name.encode())
                digest.update(child.read_bytes())
        else:
            digest.update(path.read_bytes())
    return digest.hexdigest()


async def stats(session: AsyncSession) -> dict[str, Any]:
    counts = await repository.counts_by_source(session)
    imports = {}
    for source in counts:
        latest = await repository.latest_import(session, source)
        if latest is not None:
            imports[source] = latest.finished_at.isoformat() if latest.finished_at else None
    return {"sources": counts, "imported_at": imports}


# -- the index ----------------------------------------------------------------------------


async def build_index(session: AsyncSession, embedder: Embedder) -> TaxonomyIndex:
    version = await repository.version(session)
    concepts, labels, links = await repository.index_rows(session)
    # A skill's prior: how many occupations list it (essential, optional or typical).
    priors = Counter(skill for _, skill, _ in links)
    highest = max(priors.values(), default=0)
    entries = [
        ConceptEntry(
            id=c.id,
            kind=c.kind,
            source=c.source,
            label=c.label,
            category=c.category,
            description=c.description,
            context=frozenset(c.attributes.get("context", [])),
            prior=math.log1p(priors.get(c.id, 0)) / math.log1p(highest) if highest else 0.0,
        )
        for c in concepts
        if c.kind in {"skill", "occupation"}
    ]
    # Building the index is CPU work (label automata, TF-IDF, embeddings): off the event loop.
    slow = getattr(embedder, "persist_vectors", False)
    index = await asyncio.to_thread(
        TaxonomyIndex,
        entries,
        labels,
        embedder,
        version=version,
        embed_now=not slow,
        occupation_skills=links,
    )
    if slow:
        skill_vectors = await _vectors(session, embedder, index.skill_texts)
        title_vectors = await _vectors(session, embedder, index.title_texts)
        index.attach_vectors(skill_vectors, title_vectors)
    return index


async def _vectors(session: AsyncSession, embedder: Embedder, texts: list[str]) -> Any:
    """Vectors of ``texts``: stored ones from pgvector, the rest computed once and stored."""
    import numpy as np

    digests = [hashlib.sha1(t.encode("utf-8"), usedforsecurity=False).hexdigest() for t in texts]
    stored = await repository.stored_vectors(session, embedder.name, sorted(set(digests)))
    missing = sorted({d: t for d, t in zip(digests, texts, strict=True) if d not in stored}.items())
    if missing:
        computed = await asyncio.to_thread(embedder.embed, [t for _, t in missing])
        await repository.store_vectors(
            session, embedder.name, [(d, computed[n]) for n, (d, _) in enumerate(missing)]
        )
        await session.commit()
        stored.update({d: computed[n] for n, (d, _) in enumerate(missing)})
    matrix = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    for row, digest in enumerate(digests):
        matrix[row] = stored[digest]
    return matrix


async def get_index(runtime: Runtime, session: AsyncSession) -> TaxonomyIndex:
    """The process's index, rebuilt when an import has changed the taxonomy since."""
    current = runtime.extras.get(INDEX_KEY)
    version = await repository.version(session)
    if isinstance(current, TaxonomyIndex) and current.version == version and version:
        return current
    async with _index_lock:
        current = runtime.extras.get(INDEX_KEY)
        if isinstance(current, TaxonomyIndex) and current.version == version and version:
            return current
        if not version:
            await ensure_builtin(session)
            await session.commit()
        index = await build_index(session, runtime.embedder)
        runtime.extras[INDEX_KEY] = index
        return index


async def warm_index(runtime: Runtime) -> None:
    """Build the process's index ahead of the first request that needs it."""
    try:
        async with runtime.sessionmaker() as session:
            await get_index(runtime, session)
    except Exception:
        structlog.get_logger(__name__).warning("taxonomy_index_warmup_failed", exc_info=True)


async def get_concept_detail(session: AsyncSession, concept_id: str, kind: str) -> dict[str, Any]:
    concept = await repository.get_concept(session, concept_id)
    if concept is None or concept.kind != kind:
        raise NotFound(f"no {kind} with id {concept_id!r}")
    labels = await repository.concept_labels(session, concept_id)
    relations = await repository.concept_relations(session, concept_id)
    return {
        "id": concept.id,
        "label": concept.label,
        "source": concept.source,
        "kind": concept.kind,
        "category": concept.category,
        "description": concept.description,
        "attributes": concept.attributes,
        "labels": [{"label": lb.label, "type": lb.label_type} for lb in labels],
        "relations": [
            {"direction": d, "relation": r, "id": other, "label": label}
            for d, r, other, label in relations
        ],
    }


async def autocomplete(
    session: AsyncSession, *, prefix: str, kind: str, source: str | None, limit: int
) -> list[tuple[Any, str]]:
    return await repository.search_labels(
        session, prefix=prefix, kind=kind, source=source, limit=limit
    )


GRAPH_KEY = "taxonomy_related_skills"


async def related_skills(runtime: Runtime, session: AsyncSession) -> dict[str, frozenset[str]]:
    """Each skill's related skills (links taken both ways), cached per taxonomy version."""
    version = await repository.version(session)
    cached = runtime.extras.get(GRAPH_KEY)
    if isinstance(cached, tuple) and cached[0] == version:
        graph: dict[str, frozenset[str]] = cached[1]
        return graph
    neighbours: dict[str, set[str]] = {}
    for source, target in await repository.related_skill_pairs(session):
        neighbours.setdefault(source, set()).add(target)
        neighbours.setdefault(target, set()).add(source)
    graph = {skill: frozenset(others) for skill, others in neighbours.items()}
    runtime.extras[GRAPH_KEY] = (version, graph)
    return graph
