from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from jobpilot.core.runtime import Runtime
from jobpilot.taxonomy.index import TaxonomyIndex
from tests.support.taxonomy_index import attach_index


@pytest.fixture
async def profiles_runtime(runtime: Runtime, engine: AsyncEngine) -> Runtime:
    """The test runtime with the built-in taxonomy's index ready (built once per session)."""
    await attach_index(runtime, engine)
    return runtime


@pytest.fixture
async def taxonomy_index(runtime: Runtime, engine: AsyncEngine) -> TaxonomyIndex:
    """The database's built-in taxonomy index (the one the service uses)."""
    return await attach_index(runtime, engine)
