from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from jobpilot.core.embedding import create_embedder
from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import HttpSettings, IngestSettings
from jobpilot.taxonomy import repository as taxonomy_repository
from jobpilot.taxonomy import service as taxonomy
from jobpilot.taxonomy.index import TaxonomyIndex

_indexes: dict[int, TaxonomyIndex] = {}


@pytest.fixture
async def catalogue(runtime: Runtime, engine: AsyncEngine) -> Runtime:
    """The test runtime with the taxonomy index ready (built once per taxonomy version),
    outbound HTTP allowed to 127.0.0.1, and no grace period before jobs close."""
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
    runtime.settings = runtime.settings.model_copy(
        update={
            "http": HttpSettings(
                allow_private_networks=True,
                backoff_initial_seconds=0.01,
                backoff_max_seconds=0.05,
                max_retries=2,
            ),
            "ingest": IngestSettings(close_after_hours=0),
        }
    )
    return runtime
