from __future__ import annotations

import pytest

from jobpilot.profiles.entries import (
    is_spoken_language,
    parse_certifications,
    parse_education,
    parse_experience,
    parse_languages,
    parse_projects,
    parse_publications,
    parse_skills,
    strip_bullet,
)
from jobpilot.profiles.resume import (
    Certification,
    Education,
    Experience,
    Language,
    Project,
    Publication,
)

EN = "\u2013"
EM = "\u2014"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [f"Senior Engineer at Acme Corp (Remote) | 2019 {EN} 2021", "- Built queues"],
            [
                Experience(
                    title="Senior Engineer",
                    company="Acme Corp",
                    location="Remote",
                    start="2019",
                    end="2021",
                    bullets=["Built queues"],
                )
            ],
        ),
        (
            [
                f"Acme Corp {EM} Berlin, Germany",
                f"Senior Engineer {EM} Jan 2019 {EN} Present",
                "- Built queues",
                f"Beta Ltd {EM} London, UK",
                f"Engineer {EM} 2016 {EN} 2018",
            ],
            [
                Experience(
                    title="Senior Engineer",
                    company="Acme Corp",
                    location="Berlin, Germany",
                    start="2019-01",
                    current=True,
                    bullets=["Built queues"],
                ),
                Experience(
                    title="Engineer",
                    company="Beta Ltd",
                    location="London, UK",
                    start="2016",
                    end="2018",
                ),
            ],
        ),
        (
            [
                "Acme Corp",
                "Senior Engineer",
                "January 2019 - Present (5 years 2 months)",
                "Berlin, Germany",
                "Built the payments platform for the company.",
                "Beta Inc",
                "Engineer",
                "2016 - 2018 \u00b7 2 yrs",
                "Austin, Texas",
            ],
            [
                Experience(
                    title="Senior Engineer",
                    company="Acme Corp",
                    location="Berlin, Germany",
                    start="2019-01",
                    current=True,
                    description="Built the payments platform for the company.",
                ),
                Experience(
                    title="Engineer",
                    company="Beta Inc",
                    location="Austin, Texas",
                    start="2016",
                    end="2018",
                ),
            ],
        ),
        (
            [
                f"Google, Software Engineer, Mountain View, CA, 2015 {EN} 2017",
                f"Microsoft, Program Manager, Redmond, WA, 2013 {EN} 2015",
            ],
            [
                Experience(
                    title="Software Engineer",
                    company="Google",
                    location="Mountain View, CA",
                    start="2015",
                    end="2017",
                ),
                Experience(
                    title="Program Manager",
                    company="Microsoft",
                    location="Redmond, WA",
                    start="2013",
                    end="2015",
                ),
            ],
        ),
        (
            [
                f"- Software Engineer, Google (2015 {EN} 2017)",
                "- Built search",
                "- Intern, Microsoft (Summer 2014)",
            ],
            [
                Experience(
                    title="Software Engineer",
                    company="Google",
                    start="2015",
                    end="2017",
                    bullets=["Built search"],
                ),
                Experience(title="Intern", company="Microsoft", start="2014-06"),
            ],
        ),
        (
            ["SENIOR SOFTWARE ENGINEER | SPOTIFY | STOCKHOLM, SWEDEN | 2020 - PRESENT"],
            [
                Experience(
                    title="SENIOR SOFTWARE ENGINEER",
                    company="SPOTIFY",
                    location="STOCKHOLM, SWEDEN",
                    start="2020",
                    current=True,
                )
            ],
        ),
        (
            ["Acme Corp, Inc., New York, NY", "VP of Engineering    Mar 2018 \u2013 Present"],
            [
                Experience(
                    title="VP of Engineering",
                    company="Acme Corp, Inc.",
                    location="New York, NY",
                    start="2018-03",
                    current=True,
                )
            ],
        ),
        (
            [
                "Engineer, Acme",
                "- Built a queue that",
                "handles retries",
                "Technologies: Python, Kafka",
            ],
            [
                Experience(
                    title="Engineer",
                    company="Acme",
                    bullets=["Built a queue that handles retries"],
                    description="Technologies: Python, Kafka",
                )
            ],
        ),
    ],
)
def test_experience(lines: list[str], expected: list[Experience]) -> None:
    assert parse_experience(lines) == expected


def test_experience_order_follows_the_section_when_cues_are_even() -> None:
    lines = [
        "Acme GmbH | Wizard | 2019 - 2021",
        "Hogwarts | Sorcerer | 2015 - 2019",
    ]
    assert [(entry.title, entry.company) for entry in parse_experience(lines)] == [
        ("Wizard", "Acme GmbH"),
        ("Sorcerer", "Hogwarts"),
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "University of California, Berkeley",
                "B.S. in Electrical Engineering and Computer Sciences, May 2016",
                "GPA: 3.8/4.0",
            ],
            Education(
                degree="B.S.",
                field="Electrical Engineering and Computer Sciences",
                institution="University of California, Berkeley",
                end="2016-05",
                details=["GPA: 3.8/4.0"],
            ),
        ),
        (
            [f"Stanford University, Stanford, CA {EM} PhD Computer Science, 2010{EN}2015"],
            Education(
                degree="PhD",
                field="Computer Science",
                institution="Stanford University",
                location="Stanford, CA",
                start="2010",
                end="2015",
            ),
        ),
        (
            ["Abitur, Goethe-Gymnasium Frankfurt, 2009"],
            Education(degree="Abitur", institution="Goethe-Gymnasium Frankfurt", end="2009"),
        ),
        (
            ["MBA, Harvard Business School, Boston, MA, Expected 2026"],
            Education(
                degree="MBA",
                institution="Harvard Business School",
                location="Boston, MA",
                end="2026",
            ),
        ),
        (
            [f"Bachelor's degree in Economics {EM} Universidad de Buenos Aires (2008 {EN} 2012)"],
            Education(
                degree="Bachelor's degree",
                field="Economics",
                institution="Universidad de Buenos Aires",
                start="2008",
                end="2012",
            ),
        ),
        (
            ["Master of Computer Science | Carleton University | since 2024"],
            Education(
                degree="Master of Computer Science",
                field="Computer Science",
                institution="Carleton University",
                start="2024",
                current=True,
            ),
        ),
        (
            ["2005 - 2010    Diplom-Informatikerin, Universit\u00e4t Stuttgart"],
            Education(
                degree="Diplom-Informatikerin",
                institution="Universit\u00e4t Stuttgart",
                start="2005",
                end="2010",
            ),
        ),
        (
            ["Computer Science (BSc), Aalto University"],
            Education(degree="BSc", field="Computer Science", institution="Aalto University"),
        ),
    ],
)
def test_education(lines: list[str], expected: Education) -> None:
    assert parse_education(lines) == [expected]


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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- item", "item"),
        ("\u2022 item", "item"),
        ("* item", "item"),
        ("1. item", "item"),
        ("\u27a2 item", "item"),
        ("-item", None),
        ("item", None),
    ],
)
def test_strip_bullet(line: str, expected: str | None) -> None:
    assert strip_bullet(line) == expected
