"""Throughput of the taxonomy on one core: explicit extraction (≈ 400-word postings, built-in
taxonomy), ranking (sentences, ESCO loaded), title normalisation, and the full ESCO and O*NET
imports into a fresh database. Prints JSON.

    uv run python bench/taxonomy_speed.py --size 2000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _instance import bench_instance

from jobpilot.core.embedding import create_embedder
from jobpilot.taxonomy import service
from jobpilot.taxonomy.builtin import load_builtin

FILLER = (
    "We are a fast-growing company with offices in several cities and a friendly team.",
    "You will work closely with colleagues across the business to deliver results for customers.",
    "Our benefits include flexible hours, a pension plan, private health insurance and training.",
    "The role reports to the head of the department and involves occasional travel.",
    "We value diversity and welcome applications from people of all backgrounds.",
    "You will take ownership of your work, communicate clearly and help others succeed.",
)
TEMPLATES = (
    "Experience with {a} and {b} is required.",
    "You will use {a} every day, and {b} is a plus.",
    "Must have strong {a} skills; knowledge of {b} preferred.",
    "Nice to have: {a}, {b}.",
    "Responsibilities include {a} and supporting the team with {b}.",
)


def make_postings(count: int, seed: int = 7) -> list[str]:
    """Postings of about 400 words mixing skill mentions with ordinary prose (seeded)."""
    rng = random.Random(seed)
    names = [s.name for s in load_builtin().skills]
    postings = []
    for _ in range(count):
        parts: list[str] = []
        words = 0
        while words < 400:
            if rng.random() < 0.45:
                sentence = rng.choice(TEMPLATES).format(a=rng.choice(names), b=rng.choice(names))
            else:
                sentence = rng.choice(FILLER)
            parts.append(sentence)
            words += len(sentence.split())
        postings.append("\n".join(parts))
    return postings


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--size", type=int, default=2000, help="postings (and sentences) to process"
    )
    args = parser.parse_args()
    postings = make_postings(args.size)
    sentences = [p.splitlines()[0] for p in postings]
    words = sum(len(p.split()) for p in postings) / len(postings)
    result: dict[str, object] = {
        "benchmark": "taxonomy_speed",
        "size": args.size,
        "words_per_posting": round(words),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
    }
    async with bench_instance(esco=True, onet=True) as (runtime, timings):
        result.update(timings)
        started = time.perf_counter()
        async with runtime.sessionmaker() as session:
            index = await service.build_index(session, create_embedder("hashing"))
        result["index_build_s"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        mentions = sum(len(index.extract_skills(p)) for p in postings)
        elapsed = time.perf_counter() - started
        result["extract_builtin_postings_per_s"] = round(len(postings) / elapsed)
        result["extract_mentions_per_posting"] = round(mentions / len(postings), 1)

        started = time.perf_counter()
        for p in postings[: max(1, len(postings) // 4)]:
            index.extract_skills(p, source="esco")
        result["extract_esco_postings_per_s"] = round(
            max(1, len(postings) // 4) / (time.perf_counter() - started)
        )

        started = time.perf_counter()
        for s in sentences:
            index.rank_skills(s, source="esco", top=10)
        result["rank_esco_sentences_per_s"] = round(
            len(sentences) / (time.perf_counter() - started)
        )

        titles = [s.split(".")[0][:60] for s in sentences]
        started = time.perf_counter()
        for t in titles:
            index.normalise_title(t, source="all", top=5)
        result["titles_all_per_s"] = round(len(titles) / (time.perf_counter() - started))
        # The same titles in batches of 500, as ingestion and the batch endpoints score them.
        started = time.perf_counter()
        for start in range(0, len(titles), 500):
            index.normalise_titles(titles[start : start + 500], source="all", top=5)
        result["titles_all_batched_per_s"] = round(len(titles) / (time.perf_counter() - started))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
