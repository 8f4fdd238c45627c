"""Resume import on one core: read throughput per format (the reader alone, then read + parse +
derive with the built-in taxonomy indexed in memory), latency per resume, a dense five-page
PDF and DOCX, and the fraction of fields read right per layout. Prints JSON (or, with
``--markdown``, the tables for docs/benchmarks.md).

    uv run python bench/resumes.py --size 200
    uv run python bench/resumes.py --size 200 --markdown

The resumes come from the test generator (tests/support/resume_render.py): ``--size`` resumes
per format, cycling through its people and the format's layouts, each person renamed in turn
so that no two consecutive files are the same. No database is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.resumes import LAYOUT_FILES, PEOPLE, RENDERERS, Person, json_truth_of, truth_of
from tests.support.taxonomy_index import builtin_index

from jobpilot.profiles.readers import read_resume
from jobpilot.profiles.resume import ParsedResume
from jobpilot.profiles.service import read_and_parse
from jobpilot.taxonomy.index import TaxonomyIndex

FORMATS: dict[str, tuple[str, ...]] = {
    "pdf": ("pdf_single", "pdf_two_column"),
    "docx": ("docx_single", "docx_table", "docx_two_column", "docx_textbox_header"),
    "text": ("text", "markdown"),
    "json": ("json_resume",),
}
FIRST_NAMES = ("Jonas", "Aisha", "Tomas", "Yuki", "Ines", "Ravi", "Greta", "Omar", "Lena")
MAX_BYTES = 10 * 1024 * 1024
ON = date(2025, 6, 1)
FIELDS = (
    "name",
    "email",
    "phone",
    "location",
    "links",
    "headline",
    "summary",
    "experience.title",
    "experience.company",
    "experience.location",
    "experience.dates",
    "experience.bullets",
    "education.degree",
    "education.field",
    "education.institution",
    "education.dates",
    "skills",
    "certifications",
    "languages",
    "projects",
    "publications",
)


@dataclass(frozen=True, slots=True)
class GeneratedResume:
    layout: str
    filename: str
    content_type: str
    content: bytes
    truth: ParsedResume


@dataclass(slots=True)
class Tally:
    correct: int = 0
    total: int = 0

    def count(self, right: bool) -> None:
        self.correct += right
        self.total += 1

    @property
    def fraction(self) -> float | None:
        return round(self.correct / self.total, 3) if self.total else None


def renamed(person: Person, n: int) -> Person:
    """``person`` under the ``n``-th first name (the original for ``n == 0``)."""
    if n == 0:
        return person
    first = FIRST_NAMES[(n - 1) % len(FIRST_NAMES)]
    surname = person.name.split(" ", 1)[1]
    domain = person.email.split("@", 1)[1]
    return replace(
        person,
        name=f"{first} {surname}",
        email=f"{first.lower()}.{surname.split()[-1].lower()}@{domain}",
    )


def generate(layouts: Sequence[str], size: int) -> list[GeneratedResume]:
    """``size`` resumes, each with its truth: every person in every layout in turn, then
    again under the next first name."""
    generated = []
    for n in range(size):
        layout = layouts[n % len(layouts)]
        turn = n // len(layouts)
        person = renamed(PEOPLE[turn % len(PEOPLE)], turn // len(PEOPLE))
        file_type = LAYOUT_FILES[layout]
        generated.append(
            GeneratedResume(
                layout=layout,
                filename=f"resume-{n}{file_type.extension}",
                content_type=file_type.content_type,
                content=RENDERERS[layout](person),
                truth=json_truth_of(person) if layout == "json_resume" else truth_of(person),
            )
        )
    return generated


def dense_person(jobs: int) -> Person:
    """A long resume: ``jobs`` entries of six bullets each, drawn from every person's jobs."""
    pool = [job for person in PEOPLE for job in person.jobs]
    bullets = [bullet for job in pool for bullet in job.bullets]
    entries = tuple(
        replace(
            pool[n % len(pool)],
            company=f"{pool[n % len(pool)].company} {n + 1}",
            bullets=tuple(bullets[(n * 6 + k) % len(bullets)] for k in range(6)),
        )
        for n in range(jobs)
    )
    return replace(PEOPLE[0], jobs=entries)


def five_page_person() -> tuple[Person, int]:
    """The longest dense person whose one-column PDF still fits on five pages, and its page
    count: five full pages of text."""
    found: tuple[Person, int] | None = None
    for jobs in range(6, 80):
        person = dense_person(jobs)
        pages = read_resume(
            RENDERERS["pdf_single"](person),
            filename="dense.pdf",
            content_type="application/pdf",
            max_bytes=MAX_BYTES,
        ).pages
        if pages > 5:
            break
        found = (person, pages)
    if found is None or found[1] < 5:
        raise RuntimeError("no dense resume fills five pages")
    return found


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def read_only(resume: GeneratedResume) -> Callable[[], object]:
    return lambda: read_resume(
        resume.content,
        filename=resume.filename,
        content_type=resume.content_type,
        max_bytes=MAX_BYTES,
    )


def full_path(resume: GeneratedResume, index: TaxonomyIndex) -> Callable[[], ParsedResume]:
    return lambda: (
        read_and_parse(
            resume.content,
            filename=resume.filename,
            content_type=resume.content_type,
            max_bytes=MAX_BYTES,
            index=index,
            source="builtin",
            on=ON,
        ).parsed
    )


def score(parsed: ParsedResume, truth: ParsedResume, tallies: dict[str, Tally]) -> None:
    """Count each truth value as right or wrong: entries are compared position by position,
    links, skills and the short lists by whether the parse holds them."""
    contact, want = parsed.contact, truth.contact
    for name in ("name", "email", "phone", "location"):
        tallies[name].count(getattr(contact, name) == getattr(want, name))
    for link in want.links:
        tallies["links"].count(link in contact.links)
    tallies["headline"].count(parsed.headline == truth.headline)
    tallies["summary"].count(parsed.summary == truth.summary)
    for n, job in enumerate(truth.experience):
        got = parsed.experience[n] if n < len(parsed.experience) else None
        tallies["experience.title"].count(got is not None and got.title == job.title)
        tallies["experience.company"].count(got is not None and got.company == job.company)
        tallies["experience.location"].count(got is not None and got.location == job.location)
        tallies["experience.dates"].count(
            got is not None
            and (got.start, got.end, got.current) == (job.start, job.end, job.current)
        )
        tallies["experience.bullets"].count(got is not None and got.bullets == job.bullets)
    for n, study in enumerate(truth.education):
        found = parsed.education[n] if n < len(parsed.education) else None
        tallies["education.degree"].count(found is not None and found.degree == study.degree)
        tallies["education.field"].count(found is not None and found.field == study.field)
        tallies["education.institution"].count(
            found is not None and found.institution == study.institution
        )
        tallies["education.dates"].count(
            found is not None and (found.start, found.end) == (study.start, study.end)
        )
    for skill in truth.skills:
        tallies["skills"].count(skill in parsed.skills)
    for certification in truth.certifications:
        tallies["certifications"].count(certification in parsed.certifications)
    for language in truth.languages:
        tallies["languages"].count(language in parsed.languages)
    for project in truth.projects:
        tallies["projects"].count(project in parsed.projects)
    for publication in truth.publications:
        tallies["publications"].count(publication in parsed.publications)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


@dataclass(frozen=True, slots=True)
class FormatRow:
    resumes: int
    mean_kb: float
    read_per_s: float
    full_per_s: float
    full_p50_ms: float
    full_p95_ms: float
    full_max_ms: float


@dataclass(frozen=True, slots=True)
class DenseRow:
    pdf_pages: int
    kb: float
    jobs: int
    median_s: float
    max_s: float


@dataclass(frozen=True, slots=True)
class BenchResult:
    size_per_format: int
    index_build_s: float
    generate_s: float
    formats: dict[str, FormatRow]
    all_formats: dict[str, float]
    five_pages: dict[str, DenseRow]
    accuracy: dict[str, dict[str, float | None]]
    machine: dict[str, str | int | None]


def format_row(
    resumes: Sequence[GeneratedResume], read_s: float, latencies: list[float]
) -> FormatRow:
    return FormatRow(
        resumes=len(resumes),
        mean_kb=round(sum(len(r.content) for r in resumes) / len(resumes) / 1024, 1),
        read_per_s=round(len(resumes) / read_s, 1),
        full_per_s=round(len(resumes) / sum(latencies), 1),
        full_p50_ms=ms(statistics.median(latencies)),
        full_p95_ms=ms(percentile(latencies, 0.95)),
        full_max_ms=ms(max(latencies)),
    )


def dense_rows(index: TaxonomyIndex) -> dict[str, DenseRow]:
    """The full path on one five-page resume, as a one-column PDF and as a DOCX (best of 5)."""
    person, pages = five_page_person()
    rows: dict[str, DenseRow] = {}
    for fmt, layout in (("pdf", "pdf_single"), ("docx", "docx_single")):
        file_type = LAYOUT_FILES[layout]
        dense = GeneratedResume(
            layout=layout,
            filename=f"dense{file_type.extension}",
            content_type=file_type.content_type,
            content=RENDERERS[layout](person),
            truth=truth_of(person),
        )
        runs = [timed(full_path(dense, index)) for _ in range(5)]
        rows[fmt] = DenseRow(
            pdf_pages=pages,
            kb=round(len(dense.content) / 1024, 1),
            jobs=len(person.jobs),
            median_s=round(statistics.median(runs), 3),
            max_s=round(max(runs), 3),
        )
    return rows


def measure(size: int) -> BenchResult:
    started = time.perf_counter()
    index = builtin_index()
    index_seconds = time.perf_counter() - started

    started = time.perf_counter()
    sets = {fmt: generate(layouts, size) for fmt, layouts in FORMATS.items()}
    generate_seconds = time.perf_counter() - started
    # The first parse pays for lazy imports and caches: keep it out of the numbers.
    full_path(sets["pdf"][0], index)()
    full_path(sets["docx"][0], index)()

    formats: dict[str, FormatRow] = {}
    every_latency: list[float] = []
    accuracy = {
        layout: {field: Tally() for field in FIELDS}
        for layouts in FORMATS.values()
        for layout in layouts
    }
    for fmt, resumes in sets.items():
        read_seconds = sum(timed(read_only(resume)) for resume in resumes)
        latencies = []
        for resume in resumes:
            parse = full_path(resume, index)
            began = time.perf_counter()
            parsed = parse()
            latencies.append(time.perf_counter() - began)
            score(parsed, resume.truth, accuracy[resume.layout])
        every_latency += latencies
        formats[fmt] = format_row(resumes, read_seconds, latencies)

    return BenchResult(
        size_per_format=size,
        index_build_s=round(index_seconds, 2),
        generate_s=round(generate_seconds, 1),
        formats=formats,
        all_formats={
            "resumes": len(every_latency),
            "full_p50_ms": ms(statistics.median(every_latency)),
            "full_p95_ms": ms(percentile(every_latency, 0.95)),
        },
        five_pages=dense_rows(index),
        accuracy={
            layout: {field: tally.fraction for field, tally in tallies.items()}
            for layout, tallies in accuracy.items()
        },
        machine={
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    )


def markdown(result: BenchResult) -> str:
    """The throughput, five-page and accuracy tables of ``result`` in Markdown."""
    lines = [
        "| format | resumes | read only (resumes/s) | read + parse + derive (resumes/s) "
        "| p50 (ms) | p95 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for fmt, row in result.formats.items():
        lines.append(
            f"| {fmt} | {row.resumes} | {row.read_per_s} | {row.full_per_s} "
            f"| {row.full_p50_ms} | {row.full_p95_ms} |"
        )
    lines += [
        "",
        "| five-page resume | PDF pages | KB | median (s) | max (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for fmt, dense in result.five_pages.items():
        lines.append(
            f"| {fmt} | {dense.pdf_pages} | {dense.kb} | {dense.median_s} | {dense.max_s} |"
        )
    layouts = list(result.accuracy)
    lines += ["", "| field | " + " | ".join(layouts) + " |", "|---|" + "---:|" * len(layouts)]
    for field in FIELDS:
        cells = [result.accuracy[layout][field] for layout in layouts]
        shown = ["—" if cell is None else f"{cell:.0%}" for cell in cells]
        lines.append(f"| {field} | " + " | ".join(shown) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200, help="resumes per format")
    parser.add_argument(
        "--markdown", action="store_true", help="print Markdown tables instead of JSON"
    )
    args = parser.parse_args()
    result = measure(args.size)
    if args.markdown:
        print(markdown(result))
    else:
        print(json.dumps({"benchmark": "resumes", **asdict(result)}, indent=2))


if __name__ == "__main__":
    main()
