"""Write a demo corpus of generated job postings (seeded) and report how fast it was made.

    uv run python bench/make_corpus.py --size 100000 --out /tmp/corpus.jsonl
    uv run python bench/make_corpus.py --size 1000000 --out /tmp/corpus.csv --format csv
    uv run python bench/make_corpus.py --size 100000 --generate-only

Prints JSON: count, duplicates (records copying another: same position on another site, or a
re-post), reposts, seconds, rate (records per second), and with ``--generate-only`` the rate of
generation alone (no serialisation, no file).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

from jobpilot.jobs.corpus import CorpusSummary, generate_postings, write_corpus


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="number of postings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="file to write (required unless --generate-only)")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument(
        "--generate-only", action="store_true", help="time generation alone; write nothing"
    )
    args = parser.parse_args(argv)
    if args.out is None and not args.generate_only:
        parser.error("--out is required unless --generate-only is given")
    if args.size < 0:
        parser.error("--size must not be negative")
    return args


def generate_only(size: int, seed: int) -> CorpusSummary:
    duplicates = reposts = count = 0
    for record in generate_postings(size, seed=seed):
        facts = record["facts"]
        assert isinstance(facts, dict)
        duplicates += facts["demo_variant"] != "primary"
        reposts += facts["demo_variant"] == "repost"
        count += 1
    return CorpusSummary(count=count, duplicates=duplicates, reposts=reposts)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    if args.generate_only:
        summary = generate_only(args.size, args.seed)
    else:
        summary = write_corpus(args.out, args.size, seed=args.seed, fmt=args.format)
    seconds = time.perf_counter() - started
    result: dict[str, object] = {
        "count": summary.count,
        "duplicates": summary.duplicates,
        "reposts": summary.reposts,
        "seconds": round(seconds, 3),
        "rate": round(summary.count / seconds) if seconds > 0 else None,
        "seed": args.seed,
        "generate_only": args.generate_only,
    }
    if not args.generate_only:
        result |= {"path": str(args.out), "format": args.format, "bytes": args.out.stat().st_size}
    # ru_maxrss is in KiB on Linux.
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["python"] = platform.python_version()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
