from __future__ import annotations

import pytest

from jobpilot.profiles.listings import (
    is_spoken_language,
    parse_certifications,
    parse_languages,
    parse_projects,
    parse_publications,
    parse_skills,
)
from jobpilot.profiles.resume import Certification, Language, Project, Publication

EN = "\u2013"
EM = "\u2014"


def test_certifications() -> None:
    lines = [
        f"AWS Certified Solutions Architect {EN} Associate (Amazon Web Services), 2021",
        f"- Certified Scrum Master from Scrum Alliance {EM} Mar 2019",
        "PMP | Project Management Institute | 2020",
        f"CKA: Certified Kubernetes Administrator {EM} CNCF, Credential ID LF-12345 {EM} 2022",
        "Google Analytics Individual Qualification",
        "Issued Jun 2018",
    ]
    assert parse_certifications(lines) == [
        Certification(
            name=f"AWS Certified Solutions Architect {EN} Associate",
            issuer="Amazon Web Services",
            date="2021",
        ),
        Certification(name="Certified Scrum Master", issuer="Scrum Alliance", date="2019-03"),
        Certification(name="PMP", issuer="Project Management Institute", date="2020"),
        Certification(name="CKA: Certified Kubernetes Administrator", issuer="CNCF", date="2022"),
        Certification(name="Google Analytics Individual Qualification", date="2018-06"),
    ]


def test_languages() -> None:
    lines = [
        "Native: English; Fluent: German, French",
        "Spanish B2, Italian (basic)",
        f"Mandarin {EN} professional working proficiency",
        "- Portuguese",
        "Jane Doe",
    ]
    assert parse_languages(lines) == [
        Language(language="English", level="Native"),
        Language(language="German", level="Fluent"),
        Language(language="French", level="Fluent"),
        Language(language="Spanish", level="B2"),
        Language(language="Italian", level="basic"),
        Language(language="Mandarin", level="professional working proficiency"),
        Language(language="Portuguese"),
    ]


@pytest.mark.parametrize(
    ("item", "expected"),
    [("German (C1)", True), ("english", True), ("Python", False), ("Go - expert", False)],
)
def test_is_spoken_language(item: str, expected: bool) -> None:
    assert is_spoken_language(item) is expected


def test_skills() -> None:
    lines = [
        "Python (Django, Flask), Go; CI/CD | Docker",
        "- Leadership",
        "Soft skills: Communication, Mentoring",
        "I love solving complex problems with elegant code in a team.",
        "Node.js / React / TypeScript",
        "C++, C#, .NET, python,",
        "pandas",
        "scikit-learn",
    ]
    assert parse_skills(lines) == [
        "Python (Django, Flask)",
        "Go",
        "CI/CD",
        "Docker",
        "Leadership",
        "Communication",
        "Mentoring",
        "Node.js",
        "React",
        "TypeScript",
        "C++",
        "C#",
        ".NET",
        "python",
        "pandas",
        "scikit-learn",
    ]


def test_publications() -> None:
    lines = [
        'J. Doe and A. Smith. "Fast Queues." In Proceedings of VLDB, 2019. https://doi.org/10.1/abc',
        "Learning to Rank Jobs, ACM RecSys 2021",
        "Doe, J. (2020). Queues at Scale. Journal of Systems, 12(3).",
        f"- Talk: Boring Queues {EM} PyCon DE 2023",
    ]
    assert parse_publications(lines) == [
        Publication(
            title="Fast Queues",
            venue="Proceedings of VLDB",
            date="2019",
            url="https://doi.org/10.1/abc",
        ),
        Publication(title="Learning to Rank Jobs", venue="ACM RecSys", date="2021"),
        Publication(title="Queues at Scale", venue="Journal of Systems, 12(3)", date="2020"),
        Publication(title="Talk: Boring Queues", venue="PyCon DE", date="2023"),
    ]


def test_projects_with_headers() -> None:
    lines = [
        "Jobfinder | 2022",
        "https://github.com/x/jobfinder",
        "- Indexed 1M postings",
        "Queue Viz",
        "A small tool that draws queues.",
        "- Visualises queues",
    ]
    assert parse_projects(lines) == [
        Project(
            name="Jobfinder",
            url="https://github.com/x/jobfinder",
            bullets=["Indexed 1M postings"],
        ),
        Project(
            name="Queue Viz",
            description="A small tool that draws queues.",
            bullets=["Visualises queues"],
        ),
    ]


def test_projects_listed_as_bullets() -> None:
    lines = [
        "- Fraction Wall: a web app for teaching fractions (fractionwall.org)",
        f"- Mathcasts {EM} a podcast about maths",
        "- Tiny",
    ]
    assert parse_projects(lines) == [
        Project(
            name="Fraction Wall",
            description="a web app for teaching fractions",
            url="https://fractionwall.org",
        ),
        Project(name="Mathcasts", description="a podcast about maths"),
        Project(name="Tiny"),
    ]
