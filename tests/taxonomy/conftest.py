from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from jobpilot.core.embedding import create_embedder
from jobpilot.taxonomy import service
from jobpilot.taxonomy.importers.esco import parse_esco
from jobpilot.taxonomy.importers.onet import parse_onet
from jobpilot.taxonomy.index import TaxonomyIndex
from tests.support.taxonomy_index import builtin_index as in_memory_builtin_index

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
ESCO_CLASSIFICATION = SHARED / "esco" / "esco-v1.1.1-classification-en-csv.zip"
ESCO_RELATIONS = SHARED / "esco" / "esco-v1.1.1-relations-csv.zip"
ONET_DIR = SHARED / "onet"


@pytest.fixture(scope="session")
def builtin_index() -> TaxonomyIndex:
    """The shipped built-in taxonomy, indexed in memory (no database)."""
    return in_memory_builtin_index()


@pytest.fixture(scope="session")
async def imported_taxonomies(engine: AsyncEngine) -> dict[str, dict[str, object]]:
    """Built-in, ESCO and O*NET loaded (and committed) into the test database once."""
    assert ESCO_CLASSIFICATION.exists(), f"missing shared ESCO data at {ESCO_CLASSIFICATION}"
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    results: dict[str, dict[str, object]] = {}
    async with sessionmaker() as session:
        await service.ensure_builtin(session)
        esco = parse_esco(ESCO_CLASSIFICATION, ESCO_RELATIONS)
        results["esco"] = await service.import_parsed(
            session, esco, service.file_digest(ESCO_CLASSIFICATION, ESCO_RELATIONS)
        )
        onet = parse_onet(ONET_DIR)
        results["onet"] = await service.import_parsed(session, onet, service.file_digest(ONET_DIR))
        await session.commit()
    return results


@pytest.fixture(scope="session")
async def full_index(
    imported_taxonomies: object, engine: AsyncEngine
) -> AsyncIterator[TaxonomyIndex]:
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    async with sessionmaker() as session:
        yield await service.build_index(session, create_embedder("hashing"))
