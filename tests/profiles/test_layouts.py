"""Importing any of the generated resumes gives the right profile: every sample in every layout
through the real read-parse-derive path, one layout per format through the API, bad files
through the API, the JSON Resume place convention, and the ``jobpilot resumes import`` command.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.runtime import Runtime
from jobpilot.profiles.jsonresume import read_json_resume
from jobpilot.profiles.models import Resume, ResumeVersion
from jobpilot.profiles.resume import Experience, ParsedResume
from jobpilot.profiles.service import ReadResume, read_and_parse
from jobpilot.taxonomy.index import TaxonomyIndex
from tests.factories import make_user, sign_in
from tests.support.cli import run
from tests.support.resumes import BAD_FILES, LAYOUT_FILES, LAYOUTS, SAMPLES, Sample
from tests.support.taxonomy_index import builtin_index

ON = date(2025, 6, 1)
MAX_BYTES = 10 * 1024 * 1024
# Skills the taxonomy knows and no sample mentions: Phlebotomy is a nursing skill the nurse
# does not claim, Adobe Photoshop a design tool the designer does not name.
UNMENTIONED_SKILLS = ("COBOL", "Phlebotomy", "Fortran", "Welding", "Adobe Photoshop")
# Months of experience counted by hand from each person's dates, up to and including June 2025.
HAND_COUNTED_MONTHS = {
    "mara": 78 + 34 + 4,  # 2019-01..2025-06, 2016-03..2018-12, 2015-06..2015-09
    "priya": 78,  # "since 2021" and 2019..2021 overlap: 2019-01..2025-06; no dates: nothing
    "elena": 88 + 48,  # 2018-03..2020-11 runs into 2020-12..now; 2013-09..2017-08
    "kwame": 102 + 3,  # 2017..2021 overlaps 2021-04..now; 2016-06..2016-08
}
CASES = [
    pytest.param(sample, layout, id=f"{sample.name}-{layout}")
    for sample in SAMPLES
    for layout in LAYOUTS
]
API_LAYOUTS = (
    "pdf_single",
    "pdf_two_column",
    "docx_two_column",
    "docx_textbox_header",
    "text",
    "markdown",
    "json_resume",
)
API_CASES = [
    pytest.param(SAMPLES[n % len(SAMPLES)], layout, id=f"{SAMPLES[n % len(SAMPLES)].name}-{layout}")
    for n, layout in enumerate(API_LAYOUTS)
]


@pytest.fixture(scope="module")
def index() -> TaxonomyIndex:
    """The built-in taxonomy indexed in memory, as the service indexes it from the database."""
    return builtin_index()


@pytest.fixture(scope="module")
def imported(index: TaxonomyIndex) -> Callable[[Sample, str], ReadResume]:
    """Each sample and layout read, parsed and derived once for the whole module."""
    done: dict[tuple[str, str], ReadResume] = {}

    def read(sample: Sample, layout: str) -> ReadResume:
        key = (sample.name, layout)
        if key not in done:
            done[key] = read_and_parse(
                sample.render(layout),
                filename=sample.filename(layout),
                content_type=LAYOUT_FILES[layout].content_type,
                max_bytes=MAX_BYTES,
                index=index,
                source="builtin",
                on=ON,
            )
        return done[key]

    return read


def truth_for(sample: Sample, layout: str) -> ParsedResume:
    return sample.json_truth if layout == "json_resume" else sample.truth


def differences(path: str, got: object, want: object) -> list[str]:
    """Every field where ``got`` differs from ``want``, named by its path ("experience[1].end");
    ``sections`` are left out: how a file splits into sections depends on its layout."""
    if isinstance(want, BaseModel) and isinstance(got, type(want)):
        return [
            found
            for name in type(want).model_fields
            if name != "sections"
            for found in differences(
                f"{path}.{name}" if path else name, getattr(got, name), getattr(want, name)
            )
        ]
    if (
        isinstance(want, list)
        and isinstance(got, list)
        and any(isinstance(item, BaseModel) for item in want)
    ):
        found = [] if len(got) == len(want) else [f"{path}: {len(got)} entries, want {len(want)}"]
        for n, (got_item, want_item) in enumerate(zip(got, want, strict=False)):
            found += differences(f"{path}[{n}]", got_item, want_item)
        return found
    return [] if got == want else [f"{path}: got {got!r}, want {want!r}"]


def month_number(value: str, *, as_end: bool) -> int:
    year, _, month = value.partition("-")
    if month:
        return int(year) * 12 + int(month[:2]) - 1
    return int(year) * 12 + (11 if as_end else 0)


def months_worked(experience: Sequence[Experience], on: date) -> set[int]:
    """The distinct months the entries cover: a year alone runs January to December, a current
    entry to ``on``'s month, an entry without a start counts for nothing."""
    now = on.year * 12 + on.month - 1
    months: set[int] = set()
    for job in experience:
        if job.start is None:
            continue
        first = month_number(job.start, as_end=False)
        if job.current:
            last = now
        elif job.end is not None:
            last = month_number(job.end, as_end=True)
        else:
            last = first
        months.update(range(first, min(last, now) + 1))
    return months


def expected_total_years(experience: Sequence[Experience], on: date) -> float:
    return round(len(months_worked(experience, on)) / 12, 1)


def current_entry(resume: ParsedResume) -> Experience:
    return next(job for job in resume.experience if job.current)


def plain(text: str) -> str:
    return " ".join(text.split())


def resume_text(read: ReadResume) -> str:
    """The text the skills' evidence must come from: what the reader read from the file, or
    for a JSON Resume (whose file is JSON) the sections the mapper wrote out."""
    if read.document.format == "json":
        return plain("\n".join(section.text for section in read.parsed.sections))
    return plain(read.document.text)


@pytest.mark.parametrize(("sample", "layout"), CASES)
def test_every_field_is_read(
    sample: Sample, layout: str, imported: Callable[[Sample, str], ReadResume]
) -> None:
    read = imported(sample, layout)

    assert read.document.format == LAYOUT_FILES[layout].format
    wrong = differences("", read.parsed, truth_for(sample, layout))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("sample", "layout"), CASES)
def test_derived_facts_follow_the_text(
    sample: Sample,
    layout: str,
    imported: Callable[[Sample, str], ReadResume],
    index: TaxonomyIndex,
) -> None:
    read = imported(sample, layout)
    facts = read.facts
    truth = truth_for(sample, layout)
    text = resume_text(read)
    found = {skill.concept_id: skill for skill in facts.skills}

    assert facts.total_years == expected_total_years(truth.experience, ON)
    assert facts.current_title == current_entry(truth).title
    assert facts.current_company == current_entry(truth).company
    unsupported = [
        f"{skill.label}: {[evidence.text for evidence in skill.evidence]}"
        for skill in facts.skills
        if not any(plain(evidence.text) in text for evidence in skill.evidence)
    ]
    assert not unsupported, "skills whose evidence is not in the resume:\n" + "\n".join(unsupported)
    for name in truth.skills:
        concept_id = index.resolve_skill(name)
        if concept_id is not None:
            assert concept_id in found, f"listed skill {name!r} is not in the profile"
            assert found[concept_id].listed, f"{name!r} is not marked as listed"
    for name in UNMENTIONED_SKILLS:
        concept_id = index.resolve_skill(name)
        assert concept_id is not None, f"the taxonomy should know {name!r}"
        assert concept_id not in found, f"{name!r} was added without being mentioned"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_the_years_arithmetic_matches_a_hand_count(sample: Sample) -> None:
    months = months_worked(sample.truth.experience, ON)

    assert len(months) == HAND_COUNTED_MONTHS[sample.name]
    assert expected_total_years(sample.truth.experience, ON) == round(len(months) / 12, 1)


def test_a_wrong_field_is_named_by_its_path() -> None:
    truth = SAMPLES[0].truth
    jobs = [job.model_copy() for job in truth.experience]
    jobs[1] = jobs[1].model_copy(update={"end": "2018-11", "bullets": jobs[1].bullets[:1]})
    contact = truth.contact.model_copy(update={"links": truth.contact.links[:2]})
    parsed = truth.model_copy(update={"experience": jobs, "contact": contact})

    assert differences("", parsed, truth) == [
        "contact.links: 2 entries, want 3",
        "experience[1].end: got '2018-11', want '2018-12'",
        f"experience[1].bullets: got {jobs[1].bullets!r}, want {truth.experience[1].bullets!r}",
    ]


@pytest.mark.parametrize(
    ("location", "written"),
    [
        ({"city": "Berlin", "region": "Berlin", "countryCode": "DE"}, "Berlin, Germany"),
        ({"city": "Austin", "region": "TX", "countryCode": "US"}, "Austin, TX, United States"),
        ({"city": "Toronto", "region": "Ontario", "countryCode": "ca"}, "Toronto, Ontario, Canada"),
        ({"city": "Zürich", "region": "Zurich", "countryCode": "CH"}, "Zürich, Switzerland"),
        ({"city": "Singapore", "countryCode": "SG"}, "Singapore"),
        ({"city": "Munich", "countryCode": "DEU"}, "Munich, Germany"),
        ({"city": "Munich", "countryCode": "Deutschland"}, "Munich, Germany"),
        ({"region": "Leinster", "countryCode": "IE"}, "Leinster, Ireland"),
        ({"countryCode": "IE"}, "Ireland"),
        ({"city": "Lyon", "region": "", "countryCode": "ZZ"}, "Lyon, ZZ"),
        ({"city": " ", "region": None}, None),
        ({"address": "Torstr. 1", "postalCode": "10119"}, None),
    ],
)
def test_json_resume_location_reads_city_region_country(
    location: dict[str, str | None], written: str | None
) -> None:
    resume = read_json_resume(json.dumps({"basics": {"name": "A", "location": location}}))

    assert resume.contact.location == written
    if written:
        assert written in resume.sections[0].text


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    content: bytes,
    filename: str | None,
    content_type: str | None,
) -> httpx.Response:
    # A multipart file part always has a name and a type: a neutral name and type stand for
    # the ones a client did not send.
    return await client.post(
        "/api/v1/me/resumes",
        headers=headers,
        files={
            "file": (
                filename or "upload",
                content,
                content_type or "application/octet-stream",
            )
        },
    )


async def count_stored(session: AsyncSession, user_id: uuid.UUID) -> tuple[int, int]:
    resumes = await session.scalar(
        select(func.count()).select_from(Resume).where(Resume.user_id == user_id)
    )
    versions = await session.scalar(
        select(func.count())
        .select_from(ResumeVersion)
        .join(Resume, Resume.id == ResumeVersion.resume_id)
        .where(Resume.user_id == user_id)
    )
    return int(resumes or 0), int(versions or 0)


@pytest.mark.parametrize(("sample", "layout"), API_CASES)
async def test_uploading_each_format_through_the_api_gives_the_profile(
    sample: Sample,
    layout: str,
    client: httpx.AsyncClient,
    session: AsyncSession,
    profiles_runtime: Runtime,
) -> None:
    me = await sign_in(client, await make_user(session))
    content = sample.render(layout)
    truth = truth_for(sample, layout)
    file_type = LAYOUT_FILES[layout]

    response = await upload(
        client, me.headers, content, sample.filename(layout), file_type.content_type
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["version"]["format"] == file_type.format
    parsed = body["parsed"]
    assert parsed["contact"]["name"] == truth.contact.name
    assert parsed["contact"]["email"] == truth.contact.email
    assert [
        (e["title"], e["company"], e["start"], e["end"], e["current"]) for e in parsed["experience"]
    ] == [(e.title, e.company, e.start, e.end, e.current) for e in truth.experience]
    assert [e["institution"] for e in parsed["education"]] == [
        e.institution for e in truth.education
    ]
    skills = body["facts"]["skills"]
    assert skills
    assert all(skill["evidence"] for skill in skills)
    assert body["profile"]["resume"]["contact"]["name"] == truth.contact.name
    original = await client.get(
        f"/api/v1/me/resumes/{body['resume']['id']}/file", headers=me.headers
    )
    assert original.status_code == 200
    assert original.content == content


async def test_every_bad_file_is_refused_through_the_api_and_nothing_is_stored(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await sign_in(client, await make_user(session))

    for name, build in BAD_FILES.items():
        bad = build()
        response = await upload(client, me.headers, bad.content, bad.filename, bad.content_type)

        assert response.status_code == bad.status, (name, response.text)
        assert response.headers["content-type"].startswith("application/problem+json"), name
        problem = response.json()
        assert problem["status"] == bad.status, name
        assert bad.message in problem["detail"], (name, problem["detail"])
    assert await count_stored(session, me.user.id) == (0, 0)


@pytest.fixture(scope="module")
def cli_dir() -> Iterator[Path]:
    # Short path: PostgreSQL's unix socket path must stay under ~100 characters.
    path = Path(tempfile.mkdtemp(prefix="jpr-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def printed(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr}"
    return json.loads(result.stdout)


@pytest.mark.slow
def test_resumes_import_command_parses_stores_versions_and_refuses(cli_dir: Path) -> None:
    # Each start of the executable costs about ten seconds (database and taxonomy index),
    # and this test needs five of them: it is slow.
    sample = SAMPLES[2]
    resume = cli_dir / sample.filename("docx_table")
    resume.write_bytes(sample.render("docx_table"))
    scan = cli_dir / "scan.pdf"
    scan.write_bytes(BAD_FILES["image_only_pdf"]().content)
    email = "elena.cli@example.com"

    dry = printed(run(cli_dir, "resumes", "import", str(resume), "--json", check=False))
    run(cli_dir, "users", "create", email, "--password", "a long password")
    first = printed(
        run(cli_dir, "resumes", "import", str(resume), "--user", email, "--json", check=False)
    )
    second = printed(
        run(cli_dir, "resumes", "import", str(resume), "--user", email, "--json", check=False)
    )
    refused = run(cli_dir, "resumes", "import", str(scan), "--json", check=False)

    truth = sample.truth
    assert dry["contact"]["name"] == truth.contact.name
    assert [(e["title"], e["company"], e["start"], e["end"]) for e in dry["experience"]] == [
        (e.title, e.company, e.start, e.end) for e in truth.experience
    ]
    # The command counts up to its own today, in UTC.
    today = datetime.now(UTC).date()
    assert dry["total_years"] == expected_total_years(truth.experience, today)
    assert dry["skills"]
    assert all(skill["evidence"] for skill in dry["skills"])
    assert "stored" not in dry
    assert first["stored"]["version"] == 1
    assert first["stored"]["master"] is True
    assert second["stored"]["version"] == 2
    assert second["stored"]["resume_id"] == first["stored"]["resume_id"]
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert "no text layer — OCR is not supported" in " ".join(refused.stderr.split())
