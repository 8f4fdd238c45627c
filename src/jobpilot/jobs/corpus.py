"""A seeded generator of realistic job postings, for ``jobpilot demo`` and the benchmarks.

Records are plain dicts in the file-import schema (``docs/file-format.md``): ``id``, ``source``,
``source_key``, ``title``, ``company``, ``description_html`` or ``description``, ``location`` or
``locations``, salary as text or as structured fields, ``posted_at`` … Every record also carries
the ground truth in ``facts`` (all values strings): ``demo_position`` names the real position,
so the ~15 % of positions that several sites carry and the ~2 % re-posted with a new id can be
checked after de-duplication (``demo_variant`` is ``primary``, ``duplicate`` or ``repost``;
``demo_repost_of`` is the id of the record a repost replaces). Other ``demo_*`` facts give the
occupation, seniority, country, workplace, language, employment type, visa statement, years of
experience and salary the text was written from.

The same seed gives the same records in every process; records are produced one at a time, so
a million cost no more memory than ten.
"""

from __future__ import annotations

import csv
import heapq
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from jobpilot.jobs.corpus_positions import Position, PositionFactory
from jobpilot.jobs.corpus_records import SOURCES, RecordWriter
from jobpilot.jobs.corpus_vocabulary import load_vocabulary

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_REFERENCE_DATE",
    "LOCATIONS_SEPARATOR",
    "SOURCES",
    "CorpusFormat",
    "CorpusSummary",
    "csv_row",
    "generate_postings",
    "write_corpus",
]

DEFAULT_REFERENCE_DATE = date(2026, 11, 1)
CorpusFormat = Literal["jsonl", "csv"]
# Columns of the CSV flavour of the file-import schema: ``locations`` are joined with
# LOCATIONS_SEPARATOR and ``facts`` is a JSON object.
CSV_COLUMNS = (
    "id",
    "source",
    "source_key",
    "title",
    "company",
    "company_url",
    "url",
    "apply_url",
    "location",
    "locations",
    "workplace",
    "employment_type",
    "salary",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_interval",
    "posted_at",
    "valid_through",
    "department",
    "description_html",
    "description",
    "facts",
)
LOCATIONS_SEPARATOR = " | "
# Copies of a position turn up at most this many records after the original.
_MAX_COPY_DELAY = 400


def _records(count: int, seed: int, reference_date: date) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    vocabulary = load_vocabulary()
    positions = PositionFactory(rng, vocabulary, seed)
    writer = RecordWriter(rng, vocabulary, seed, reference_date)
    # (due record number, tie-breaker, position, source, kind): copies waiting for their turn.
    waiting: list[tuple[int, int, Position, str, str]] = []
    scheduled = 0
    number = 0
    for emitted in range(count):
        if waiting and waiting[0][0] <= emitted:
            _, _, position, source, kind = heapq.heappop(waiting)
            yield writer.record(position, source, kind)
            continue
        position = positions.new_position(number)
        number += 1
        yield writer.record(position, position.primary_source, "primary")
        later = [(source, "duplicate") for source in position.copies]
        if position.repost:
            later.append((position.primary_source, "repost"))
        for source, kind in later:
            due = emitted + 1 + int(rng.random() * _MAX_COPY_DELAY)
            heapq.heappush(waiting, (due, scheduled, position, source, kind))
            scheduled += 1


def generate_postings(
    count: int, *, seed: int = 7, reference_date: date = DEFAULT_REFERENCE_DATE
) -> Iterator[dict[str, object]]:
    """``count`` realistic postings in the file-import schema, the same for the same seed,
    produced one at a time (a million need no more memory than ten)."""
    if count < 0:
        raise ValueError("count must not be negative")
    return _records(count, seed, reference_date)


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """What a written corpus holds: records, and how many of them copy another record."""

    count: int
    duplicates: int
    reposts: int


def csv_row(record: dict[str, object]) -> dict[str, str]:
    """A record as a row of the CSV flavour (locations joined, facts as JSON)."""
    row: dict[str, str] = {}
    for column in CSV_COLUMNS:
        value = record.get(column)
        if value is None:
            row[column] = ""
        elif column == "locations" and isinstance(value, list):
            row[column] = LOCATIONS_SEPARATOR.join(str(v) for v in value)
        elif column == "facts":
            row[column] = json.dumps(value, ensure_ascii=False)
        else:
            row[column] = str(value)
    return row


def write_corpus(
    path: Path | str,
    count: int,
    *,
    seed: int = 7,
    fmt: CorpusFormat = "jsonl",
    reference_date: date = DEFAULT_REFERENCE_DATE,
) -> CorpusSummary:
    """Write ``count`` generated postings to ``path`` as JSON Lines or CSV."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown corpus format {fmt!r}")
    duplicates = 0
    reposts = 0
    written = 0
    postings = generate_postings(count, seed=seed, reference_date=reference_date)
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS) if fmt == "csv" else None
        if writer is not None:
            writer.writeheader()
        for record in postings:
            facts = record["facts"]
            assert isinstance(facts, dict)
            variant = facts["demo_variant"]
            duplicates += variant != "primary"
            reposts += variant == "repost"
            if writer is None:
                out.write(json.dumps(record, ensure_ascii=False))
                out.write("\n")
            else:
                writer.writerow(csv_row(record))
            written += 1
    return CorpusSummary(count=written, duplicates=duplicates, reposts=reposts)
