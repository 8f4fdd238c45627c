"""End-to-end file import: parse + normalise + skills + default embedding + de-duplication +
upsert into a fresh embedded database. Prints JSON.

    uv run python bench/ingest.py --size 10000
    uv run python bench/ingest.py --size 100000 --reimport

The corpus comes from the demo generator (seeded), written to a JSON Lines file first; the
import then streams that file like `jobpilot ingest file` does. Reported: wall-clock rate,
the rate per CPU-second of the jobpilot process, the CPU milliseconds per posting of the
jobpilot process and of the PostgreSQL processes (which run beside it, on another core), the
peak resident memory of the jobpilot process, and the catalogue's counts. The taxonomy index
is built before the import is timed (a server or worker builds it once) and its build time is
reported on its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _instance import bench_instance
from _machine import machine_info

from jobpilot.core.runtime import Runtime
from jobpilot.jobs.corpus import write_corpus
from jobpilot.jobs.models import JobPosting
from jobpilot.jobs.service import ingest_postings
from jobpilot.sources import files
from jobpilot.sources.base import RawPosting
from jobpilot.taxonomy.service import get_index


class PeakMemory:
    """Samples this process's resident memory every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._process = psutil.Process()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._process.memory_info().rss)
            self._stop.wait(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def import_file(path: Path) -> dict[str, object]:
    async with bench_instance() as (runtime, _):
        result: dict[str, object] = {}
        # Built once per process (a server or worker keeps it): timed apart from the import.
        started = time.perf_counter()
        async with runtime.sessionmaker() as session:
            await get_index(runtime, session)
        result["taxonomy_index_seconds"] = round(time.perf_counter() - started, 2)
        for label in ("import", "reimport") if ARGS.reimport else ("import",):
            with path.open("rb") as stream, PeakMemory() as memory:
                postings = (
                    e for e in files.read_postings(stream, "jsonl") if isinstance(e, RawPosting)
                )
                database_cpu = postgres_cpu_seconds()
                wall, cpu = time.perf_counter(), time.process_time()
                _, counts = await ingest_postings(runtime, postings, trigger="bench")
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                database_cpu = postgres_cpu_seconds() - database_cpu
            summary = counts.as_dict()
            summary.pop("errors")
            if label == "import":
                result["dedup"] = await dedup_quality(runtime)
            result[label] = {
                **summary,
                "seconds": round(wall, 2),
                "postings_per_second": round(counts.fetched / wall, 1),
                "postings_per_cpu_second": round(counts.fetched / cpu, 1),
                # PostgreSQL's share (its own processes: indexes, WAL, the HNSW graph).
                "postgres_cpu_ms_per_posting": round(database_cpu * 1000 / counts.fetched, 2),
                "jobpilot_cpu_ms_per_posting": round(cpu * 1000 / counts.fetched, 2),
                "peak_rss_mb": round(memory.peak / 2**20, 1),
            }
        return result


def postgres_cpu_seconds() -> float:
    """CPU time used so far by this machine's PostgreSQL servers: each postmaster, the
    backends it has reaped (counted on it) and those still running."""
    total = 0.0
    for process in psutil.process_iter(["name", "ppid"]):
        if "postgres" not in (process.info["name"] or ""):
            continue
        try:
            parent = psutil.Process(process.info["ppid"]).name()
            if "postgres" in parent:
                continue  # a backend: counted with its postmaster below
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
            for child in process.children(recursive=True):
                child_times = child.cpu_times()
                total += child_times.user + child_times.system
        except psutil.Error:
            continue
    return total


async def dedup_quality(runtime: Runtime) -> dict[str, object]:
    """Compare jobs with the corpus's ground truth (``facts.demo_position`` per posting)."""
    async with runtime.sessionmaker() as session:
        rows = (
            await session.execute(
                select(JobPosting.job_id, JobPosting.payload["facts"]["demo_position"].astext)
            )
        ).all()
    positions_of_job: dict[object, set[str]] = defaultdict(set)
    jobs_of_position: dict[str, set[object]] = defaultdict(set)
    for job_id, position in rows:
        positions_of_job[job_id].add(position)
        jobs_of_position[position].add(job_id)
    return {
        "positions": len(jobs_of_position),
        "jobs": len(positions_of_job),
        # A job holding postings of two positions is a wrong merge; a position spread over
        # two jobs is a missed one.
        "jobs_mixing_positions": sum(1 for p in positions_of_job.values() if len(p) > 1),
        "positions_split_over_jobs": sum(1 for j in jobs_of_position.values() if len(j) > 1),
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="jpb-ingest-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        started = time.perf_counter()
        write_corpus(path, ARGS.size, seed=ARGS.seed, fmt="jsonl")
        generated = time.perf_counter() - started
        result = asyncio.run(import_file(path))
        print(
            json.dumps(
                {
                    "size": ARGS.size,
                    "file_mb": round(path.stat().st_size / 2**20, 1),
                    "generate_seconds": round(generated, 2),
                    **result,
                    "max_rss_mb_lifetime": round(
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                    ),
                    "machine": machine_info(),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="postings to import")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reimport", action="store_true", help="import the same file twice")
    ARGS = parser.parse_args()
    main()
