"""The test resume generator: its people cover the variety the parser must handle, its
layouts produce the files they claim, and its bad files are what they say."""

# The resumes are written with the dashes people really type.
# ruff: noqa: RUF001

from __future__ import annotations

import io
import re
import zipfile

import pytest

from jobpilot.profiles.resume import ParsedResume
from tests.support.resumes import (
    BAD_FILES,
    LAYOUT_FILES,
    LAYOUTS,
    PEOPLE,
    SAMPLES,
    Sample,
    json_resume,
    lying_zip_bomb_docx,
    zip_bomb_docx,
)

PARTIAL_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")
SIGNATURES = {"docx": b"PK\x03\x04", "pdf": b"%PDF-"}


def test_people_cover_the_heading_words_and_date_styles_of_the_issue() -> None:
    experience_headings = {person.headings.experience for person in PEOPLE}
    date_texts = {job.dates for person in PEOPLE for job in person.jobs}

    assert {"Work History", "Professional Experience", "Employment", "Experience"} <= (
        experience_headings
    )
    assert {"Jan 2019 – Present", "2019-2021", "03/2018 - 11/2020", "since 2021"} <= date_texts
    assert any(text and text.startswith("Summer") for text in date_texts)
    assert None in date_texts
    assert {link.kind for person in PEOPLE for link in person.links} == {
        "linkedin",
        "github",
        "portfolio",
    }


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_truth_holds_parsed_forms(sample: Sample) -> None:
    truth = ParsedResume.model_validate(sample.truth.model_dump())
    spans = [(job.start, job.end) for job in truth.experience]
    spans += [(study.start, study.end) for study in truth.education]
    dates = [value for span in spans for value in span if value is not None]

    assert all(PARTIAL_DATE.fullmatch(value) for value in dates)
    assert all(job.end is None for job in truth.experience if job.current)
    filled = (truth.experience, truth.education, truth.skills, truth.languages)
    assert all(len(part) >= 1 for part in filled)
    assert truth.sections == []


def test_json_truth_drops_only_what_json_resume_cannot_hold() -> None:
    kwame = SAMPLES[3]

    assert [link.kind for link in kwame.json_truth.contact.links] == ["linkedin", "portfolio"]
    assert all(study.location is None for study in kwame.json_truth.education)
    assert kwame.json_truth.experience == kwame.truth.experience


def test_raw_dates_and_truth_differ_as_the_parser_must_bridge() -> None:
    mara = SAMPLES[0]
    first_job = mara.person.jobs[0]

    assert first_job.dates == "Jan 2019 – Present"
    assert (mara.truth.experience[0].start, mara.truth.experience[0].current) == ("2019-01", True)
    assert mara.truth.experience[2].start == "2015-06"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_renders_its_file_type(layout: str) -> None:
    file_type = LAYOUT_FILES[layout]
    for sample in SAMPLES:
        content = LAYOUTS[layout](sample)

        assert content.startswith(SIGNATURES.get(file_type.format, b"")), sample.name
        assert sample.filename(layout).endswith(file_type.extension)
        if file_type.format in ("text", "markdown", "json"):
            assert sample.person.name in content.decode("utf-8")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_json_resume_uses_schema_field_names_and_iso_dates(sample: Sample) -> None:
    document = json_resume(sample.person)
    work = document["work"]

    assert set(document) >= {"basics", "work", "education", "skills", "languages"}
    assert isinstance(work, list)
    for entry in work:
        assert {"name", "position", "highlights"} <= set(entry)
        for key in ("startDate", "endDate"):
            assert key not in entry or PARTIAL_DATE.fullmatch(entry[key])


def test_zip_bomb_is_small_on_disk_but_declares_a_huge_entry() -> None:
    content = zip_bomb_docx()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        declared = sum(info.file_size for info in archive.infolist())

    assert len(content) < 1024 * 1024
    assert declared > 100 * 1000 * 1000
    with zipfile.ZipFile(io.BytesIO(lying_zip_bomb_docx())) as archive:
        assert sum(info.file_size for info in archive.infolist()) < 1024 * 1024


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_build(name: str) -> None:
    bad = BAD_FILES[name]()

    assert bad.status in (413, 415, 422)
    assert bad.message
