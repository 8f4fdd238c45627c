from __future__ import annotations

import json
from typing import Any

import pytest

from jobpilot.profiles.document import ResumeRejected
from jobpilot.profiles.jsonresume import (
    DATE_MESSAGE,
    EMAIL_MESSAGE,
    MAX_REPORTED_ERRORS,
    field_path,
    read_json_resume,
)
from jobpilot.profiles.resume import (
    Certification,
    Education,
    Experience,
    Language,
    Link,
    Project,
    Publication,
)


def full_resume() -> dict[str, Any]:
    return {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": {
            "name": "Ines Okafor",
            "label": "Senior Backend Engineer",
            "image": "",
            "email": "ines.okafor@example.org",
            "phone": "+49 30 1234567",
            "url": "https://ines.example.org",
            "summary": "Backend engineer who likes  quiet pagers.",
            "location": {
                "address": "Torstr. 1",
                "postalCode": "10119",
                "city": "Berlin",
                "countryCode": "DE",
                "region": "Berlin",
            },
            "profiles": [
                {"network": "LinkedIn", "username": "inesokafor"},
                {"network": "GitHub", "username": "iokafor", "url": "https://github.com/iokafor"},
                {"network": "Mastodon", "url": "https://social.example/@ines"},
                {"network": "Twitter", "username": "ines_no_url"},
            ],
            "pronouns": "she/her",
        },
        "work": [
            {
                "name": "Acme GmbH",
                "position": "Senior Backend Engineer",
                "location": "Berlin",
                "url": "https://acme.example",
                "startDate": "2021-03-01",
                "summary": "Payments platform.",
                "highlights": ["Built Python services", " Ran  Kubernetes clusters "],
            },
            {
                "name": "Beta Ltd",
                "position": "Software Engineer",
                "startDate": "2017",
                "endDate": "2021-02",
                "highlights": [],
            },
            {"name": "Gamma", "position": "Intern"},
        ],
        "volunteer": [
            {
                "organization": "Code Club",
                "position": "Mentor",
                "startDate": "2019-01",
                "highlights": ["Taught Scratch to kids"],
            }
        ],
        "education": [
            {
                "institution": "TU Berlin",
                "area": "Computer Science",
                "studyType": "MSc",
                "startDate": "2014-10",
                "endDate": "2016-09-30",
                "score": "1.3",
                "courses": ["Distributed Systems", "Databases"],
            }
        ],
        "awards": [{"title": "Hackathon winner", "date": "2018-05", "awarder": "PyCon"}],
        "certificates": [
            {"name": "CKA", "date": "2022-05-17", "issuer": "CNCF", "url": "https://cncf.example"},
            {"issuer": "Nameless"},
        ],
        "publications": [
            {
                "name": "Queues at scale",
                "publisher": "ACM Queue",
                "releaseDate": "2020-11-02",
                "url": "https://queue.example/1",
                "summary": "What we learnt.",
            }
        ],
        "skills": [
            {"name": "Backend", "level": "Master", "keywords": ["Python", "Go", "python"]},
            {"name": "Go", "keywords": ["gRPC"]},
        ],
        "languages": [
            {"language": "German", "fluency": "Native speaker"},
            {"language": "English", "fluency": "C1"},
            {"fluency": "Some"},
        ],
        "interests": [{"name": "Climbing", "keywords": ["bouldering"]}],
        "references": [{"name": "Jo Referee", "reference": "Ines is great."}],
        "projects": [
            {
                "name": "tinyqueue",
                "description": "A job queue.",
                "highlights": ["500 stars"],
                "keywords": ["Rust", "Redis"],
                "startDate": "2020",
                "url": "https://github.com/iokafor/tinyqueue",
                "roles": ["Maintainer"],
                "entity": "Personal",
                "type": "application",
            },
            {"description": "A project without a name"},
        ],
        "meta": {"canonical": "https://example.org/resume.json", "version": "v1.0.0"},
    }


def rejected(document: object) -> ResumeRejected:
    with pytest.raises(ResumeRejected) as caught:
        read_json_resume(json.dumps(document))
    assert caught.value.status == 422
    return caught.value


def test_contact_headline_and_summary() -> None:
    resume = read_json_resume(json.dumps(full_resume()))
    assert resume.contact.name == "Ines Okafor"
    assert resume.contact.email == "ines.okafor@example.org"
    assert resume.contact.phone == "+49 30 1234567"
    assert resume.contact.location == "Berlin, Germany"
    assert resume.headline == "Senior Backend Engineer"
    assert resume.summary == "Backend engineer who likes quiet pagers."


def test_profiles_become_classified_links_and_the_url_a_portfolio() -> None:
    resume = read_json_resume(json.dumps(full_resume()))
    assert resume.contact.links == [
        Link(kind="linkedin", url="https://www.linkedin.com/in/inesokafor"),
        Link(kind="github", url="https://github.com/iokafor"),
        Link(kind="other", url="https://social.example/@ines"),
        Link(kind="portfolio", url="https://ines.example.org"),
    ]


def test_work_becomes_experience() -> None:
    resume = read_json_resume(json.dumps(full_resume()))
    assert resume.experience == [
        Experience(
            title="Senior Backend Engineer",
            company="Acme GmbH",
            location="Berlin",
            start="2021-03",
            end=None,
            current=True,
            bullets=["Built Python services", "Ran Kubernetes clusters"],
            description="Payments platform.",
        ),
        Experience(title="Software Engineer", company="Beta Ltd", start="2017", end="2021-02"),
        # Without a start date an open end says nothing about being current.
        Experience(title="Intern", company="Gamma", current=False),
    ]


def test_education_certifications_publications_languages_projects() -> None:
    resume = read_json_resume(json.dumps(full_resume()))
    assert resume.education == [
        Education(
            degree="MSc",
            field="Computer Science",
            institution="TU Berlin",
            start="2014-10",
            end="2016-09",
            details=["Distributed Systems", "Databases", "Score: 1.3"],
        )
    ]
    assert resume.certifications == [Certification(name="CKA", issuer="CNCF", date="2022-05")]
    assert resume.publications == [
        Publication(
            title="Queues at scale",
            venue="ACM Queue",
            date="2020-11",
            url="https://queue.example/1",
        )
    ]
    assert resume.languages == [
        Language(language="German", level="Native speaker"),
        Language(language="English", level="C1"),
    ]
    assert resume.projects == [
        Project(
            name="tinyqueue",
            description="A job queue.",
            url="https://github.com/iokafor/tinyqueue",
            bullets=["500 stars", "Rust, Redis"],
        )
    ]


def test_skills_are_names_and_keywords_once_each() -> None:
    resume = read_json_resume(json.dumps(full_resume()))
    assert resume.skills == ["Backend", "Python", "Go", "gRPC"]


def test_one_section_per_part_present() -> None:
    resume = read_json_resume(json.dumps(full_resume()))
    headings = [(s.kind, s.heading) for s in resume.sections]
    assert headings == [
        ("contact", "basics"),
        ("summary", "summary"),
        ("experience", "work"),
        ("other", "volunteer"),
        ("education", "education"),
        ("other", "awards"),
        ("certifications", "certificates"),
        ("publications", "publications"),
        ("skills", "skills"),
        ("languages", "languages"),
        ("projects", "projects"),
        ("other", "interests"),
    ]
    sections = {s.heading: s.text for s in resume.sections}
    assert sections["work"].split("\n\n")[0] == (
        "Senior Backend Engineer — Acme GmbH — Berlin | 2021-03 \u2013 present\n"
        "Payments platform.\n"
        "- Built Python services\n"
        "- Ran Kubernetes clusters"
    )
    assert sections["skills"] == "Backend: Python, Go, python\nGo: gRPC"
    assert "Taught Scratch to kids" in sections["volunteer"]
    assert "ines.okafor@example.org" in sections["basics"]


def test_references_are_never_read() -> None:
    resume = read_json_resume(json.dumps(full_resume()))
    dumped = resume.model_dump_json()
    assert "Jo Referee" not in dumped
    assert "Ines is great" not in dumped


def test_an_empty_document_is_an_empty_resume() -> None:
    resume = read_json_resume("{}")
    assert resume.experience == []
    assert resume.contact.name is None
    assert resume.sections == []


def test_a_byte_order_mark_is_ignored() -> None:
    assert read_json_resume('\ufeff{"basics": {"name": "A"}}').contact.name == "A"


def test_null_fields_and_empty_dates_or_email_count_as_missing() -> None:
    document = {
        "basics": {"name": "A", "email": "", "location": None, "profiles": None},
        "work": [{"position": "Engineer", "startDate": "2020-01", "endDate": ""}],
        "skills": None,
    }
    resume = read_json_resume(json.dumps(document))
    assert resume.contact.email is None
    assert resume.experience[0].current is True
    assert resume.experience[0].end is None


@pytest.mark.parametrize(
    ("document", "error"),
    [
        ({"work": [{"startDate": "2019-3"}]}, f"work[0].startDate: {DATE_MESSAGE}"),
        ({"work": [{}, {"endDate": "March 2019"}]}, f"work[1].endDate: {DATE_MESSAGE}"),
        ({"work": [{"endDate": "Present"}]}, f"work[0].endDate: {DATE_MESSAGE}"),
        ({"education": [{"startDate": "2019-13"}]}, f"education[0].startDate: {DATE_MESSAGE}"),
        ({"certificates": [{"date": "2019-02-30"}]}, f"certificates[0].date: {DATE_MESSAGE}"),
        (
            {"publications": [{"releaseDate": 2019}]},
            "publications[0].releaseDate: expected a string",
        ),
        ({"basics": {"email": "not-an-address"}}, f"basics.email: {EMAIL_MESSAGE}"),
        ({"basics": {"email": "a@b"}}, f"basics.email: {EMAIL_MESSAGE}"),
        ({"basics": []}, "basics: expected an object"),
        ({"basics": {"location": "Berlin"}}, "basics.location: expected an object"),
        ({"basics": {"profiles": [{"url": 5}]}}, "basics.profiles[0].url: expected a string"),
        ({"work": {"name": "Acme"}}, "work: expected an array"),
        ({"work": ["Acme"]}, "work[0]: expected an object"),
        ({"work": [{"highlights": "did things"}]}, "work[0].highlights: expected an array"),
        ({"work": [{"highlights": ["ok", 3]}]}, "work[0].highlights[1]: expected a string"),
        ({"work": [{"name": True}]}, "work[0].name: expected a string"),
        ({"skills": [{"keywords": [["nested"]]}]}, "skills[0].keywords[0]: expected a string"),
        ({"meta": "v1"}, "meta: expected an object"),
    ],
)
def test_schema_errors_name_the_field(document: dict[str, Any], error: str) -> None:
    assert rejected(document).errors == [error]


def test_every_error_is_reported() -> None:
    document = {
        "basics": {"email": "nope"},
        "work": [{"startDate": "2019/01", "highlights": "x"}],
        "languages": "English",
    }
    assert rejected(document).errors == [
        f"basics.email: {EMAIL_MESSAGE}",
        f"work[0].startDate: {DATE_MESSAGE}",
        "work[0].highlights: expected an array",
        "languages: expected an array",
    ]


def test_many_errors_are_capped() -> None:
    document = {"work": [{"startDate": "soon"} for _ in range(MAX_REPORTED_ERRORS + 5)]}
    errors = rejected(document).errors
    assert len(errors) == MAX_REPORTED_ERRORS + 1
    assert errors[-1] == "... and 5 more"


@pytest.mark.parametrize("document", [[], "resume", 42, None])
def test_a_top_level_that_is_not_an_object_is_refused(document: object) -> None:
    error = rejected(document)
    assert "must be a JSON object" in str(error)


def test_invalid_json_is_refused_with_line_and_column() -> None:
    with pytest.raises(ResumeRejected) as caught:
        read_json_resume('{\n  "basics": {"name": "A",}\n}')
    assert caught.value.status == 422
    assert "line 2, column 26" in str(caught.value)


def test_deeply_nested_json_is_refused() -> None:
    with pytest.raises(ResumeRejected) as caught:
        read_json_resume("[" * 100_000 + "]" * 100_000)
    assert caught.value.status == 422


@pytest.mark.parametrize(
    ("location", "path"),
    [
        (("work", 0, "startDate"), "work[0].startDate"),
        (("basics", "profiles", 2, "url"), "basics.profiles[2].url"),
        (("skills",), "skills"),
        ((), "(document)"),
    ],
)
def test_field_path(location: tuple[int | str, ...], path: str) -> None:
    assert field_path(location) == path
