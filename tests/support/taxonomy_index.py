"""The taxonomy index for tests that need the database's taxonomy, built once per version."""

from __future__ import annotations

from functools import cache

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from jobpilot.core.embedding import create_embedder
from jobpilot.core.runtime import Runtime
from jobpilot.taxonomy import builtin
from jobpilot.taxonomy import repository as taxonomy_repository
from jobpilot.taxonomy import service as taxonomy
from jobpilot.taxonomy.index import ConceptEntry, TaxonomyIndex

_indexes: dict[int, TaxonomyIndex] = {}


async def attach_index(runtime: Runtime, engine: AsyncEngine) -> TaxonomyIndex:
    """Load the built-in taxonomy (committed, once) and give ``runtime`` its index."""
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    async with sessionmaker() as session:
        version = await taxonomy_repository.version(session)
        if not version:
            await taxonomy.ensure_builtin(session)
            await session.commit()
            version = await taxonomy_repository.version(session)
        if version not in _indexes:
            _indexes[version] = await taxonomy.build_index(session, create_embedder("hashing"))
    runtime.extras[taxonomy.INDEX_KEY] = _indexes[version]
    return _indexes[version]


@cache
def builtin_index() -> TaxonomyIndex:
    """The shipped built-in taxonomy indexed in memory, without a database (built once)."""
    concepts, labels, _ = builtin.to_rows(builtin.load_builtin())
    entries = [
        ConceptEntry(
            id=c[0],
            kind=c[1],
            source=c[2],
            label=c[3],
            category=c[5],
            context=frozenset(c[6].get("context", [])),
        )
        for c in concepts
    ]
    return TaxonomyIndex(entries, labels, create_embedder("hashing"), version=1)
