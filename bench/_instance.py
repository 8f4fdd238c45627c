"""A throwaway jobpilot instance for benchmarks: embedded PostgreSQL in a temp dir, migrated,
with the built-in taxonomy (and optionally ESCO and O*NET) loaded."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from jobpilot.core import migrations
from jobpilot.core.db import unit_of_work
from jobpilot.core.observability import configure_logging
from jobpilot.core.runtime import Runtime, build_runtime
from jobpilot.core.settings import Settings
from jobpilot.taxonomy import service
from jobpilot.taxonomy.importers.esco import parse_esco
from jobpilot.taxonomy.importers.onet import parse_onet

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ESCO_FILES = (
    SHARED / "esco" / "esco-v1.1.1-classification-en-csv.zip",
    SHARED / "esco" / "esco-v1.1.1-relations-csv.zip",
)
ONET_DIR = SHARED / "onet"


@asynccontextmanager
async def bench_instance(
    *, esco: bool = False, onet: bool = False, data_dir: Path | None = None
) -> AsyncIterator[tuple[Runtime, dict[str, float]]]:
    """Yield a runtime and the seconds each import took."""
    own = data_dir is None
    root = data_dir or Path(tempfile.mkdtemp(prefix="jpb-", dir="/tmp"))
    settings = Settings(data_dir=root)
    # Log lines (slow queries, warnings) go to stderr, as in the app: stdout is the JSON result.
    configure_logging(settings)
    runtime = build_runtime(settings)
    timings: dict[str, float] = {}
    try:
        migrations.upgrade(runtime.libpq_url)
        async with unit_of_work(runtime.sessionmaker) as session:
            await service.ensure_builtin(session)
        if esco:
            started = time.perf_counter()
            parsed = parse_esco(*ESCO_FILES)
            async with unit_of_work(runtime.sessionmaker) as session:
                await service.import_parsed(session, parsed, service.file_digest(*ESCO_FILES))
            timings["esco_import_s"] = round(time.perf_counter() - started, 2)
        if onet:
            started = time.perf_counter()
            parsed = parse_onet(ONET_DIR)
            async with unit_of_work(runtime.sessionmaker) as session:
                await service.import_parsed(session, parsed, service.file_digest(ONET_DIR))
            timings["onet_import_s"] = round(time.perf_counter() - started, 2)
        yield runtime, timings
    finally:
        await runtime.close()
        if own:
            shutil.rmtree(root, ignore_errors=True)
