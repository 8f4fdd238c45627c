from __future__ import annotations

import pytest

from jobpilot.profiles.entries import (
    paragraph,
    parse_education,
    parse_experience,
    split_entries,
    split_trailing_brackets,
    strip_bullet,
    without_urls,
)
from jobpilot.profiles.resume import Education, Experience

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Engineer (Remote)", ("Engineer", "Remote")),
        ("Acme Corp (Berlin, Germany)  ", ("Acme Corp", "Berlin, Germany")),
        ("Python (Django, Flask), Go", None),
        ("No brackets", None),
    ],
)
def test_split_trailing_brackets(text: str, expected: tuple[str, str] | None) -> None:
    assert split_trailing_brackets(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jobfinder https://github.com/x/jobfinder", "Jobfinder"),
        ("Jobfinder (github.com/x/jobfinder)", "Jobfinder"),
        ("Queue Viz | www.queueviz.dev", "Queue Viz"),
        ("Fraction Wall - fractionwall.org", "Fraction Wall"),
        ("No link here", "No link here"),
    ],
)
def test_without_urls(text: str, expected: str) -> None:
    assert without_urls(text) == expected


def test_paragraph_joins_non_blank_lines() -> None:
    assert paragraph(["  Built the platform ", "", "for payments."]) == (
        "Built the platform for payments."
    )
    assert paragraph(["", "  "]) is None


def test_split_entries_cuts_at_a_header_after_a_body() -> None:
    blocks = split_entries(
        [
            f"Senior Engineer {EM} Acme Corp {EM} 2019 {EN} 2021",
            "- Built queues",
            "Wrote the runbooks for the on-call team.",
            f"Engineer {EM} Beta Ltd {EM} 2016 {EN} 2018",
        ]
    )
    assert [[line.text for line in block.header] for block in blocks] == [
        [f"Senior Engineer {EM} Acme Corp {EM} 2019 {EN} 2021"],
        [f"Engineer {EM} Beta Ltd {EM} 2016 {EN} 2018"],
    ]
    assert [(block.bullets, block.prose) for block in blocks] == [
        (["Built queues"], ["Wrote the runbooks for the on-call team."]),
        ([], []),
    ]
    assert [block.dates.start if block.dates else None for block in blocks] == ["2019", "2016"]
