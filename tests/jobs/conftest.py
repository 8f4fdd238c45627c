from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import HttpSettings, IngestSettings
from tests.support.taxonomy_index import attach_index


@pytest.fixture
async def catalogue(runtime: Runtime, engine: AsyncEngine) -> Runtime:
    """The test runtime with the taxonomy index ready (built once per taxonomy version),
    outbound HTTP allowed to 127.0.0.1, and no grace period before jobs close."""
    await attach_index(runtime, engine)
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
