from __future__ import annotations

import pytest

from jobpilot.profiles.listings import is_spoken_language
from jobpilot.profiles.resume import SectionKind
from jobpilot.profiles.sections import classify_heading, read_heading, split_sections


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Experience", "experience"),
        ("Work Experience", "experience"),
        ("Professional Experience", "experience"),
        ("Work History", "experience"),
        ("Employment", "experience"),
        ("Employment History", "experience"),
        ("Career History", "experience"),
        ("Relevant Experience", "experience"),
        ("Where I've Worked", "experience"),
        ("Berufserfahrung", "experience"),
        ("Exp\u00e9rience professionnelle", "experience"),
        ("Experiencia laboral", "experience"),
        ("Education", "education"),
        ("Academic Background", "education"),
        ("Qualifications", "education"),
        ("Ausbildung", "education"),
        ("Formaci\u00f3n acad\u00e9mica", "education"),
        ("Skills", "skills"),
        ("Technical Skills", "skills"),
        ("Core Competencies", "skills"),
        ("Tools & Technologies", "skills"),
        ("Programming Languages", "skills"),
        ("Kenntnisse", "skills"),
        ("Comp\u00e9tences", "skills"),
        ("Summary", "summary"),
        ("Profile", "summary"),
        ("About Me", "summary"),
        ("Professional Summary", "summary"),
        ("Objective", "summary"),
        ("\u00dcber mich", "summary"),
        ("Certifications", "certifications"),
        ("Licenses & Certifications", "certifications"),
        ("Certificates", "certifications"),
        ("Languages", "languages"),
        ("Language Skills", "languages"),
        ("Sprachkenntnisse", "languages"),
        ("Idiomas", "languages"),
        ("Projects", "projects"),
        ("Side Projects", "projects"),
        ("Publications", "publications"),
        ("Talks & Papers", "publications"),
        ("Awards", "other"),
        ("Hobbies & Interests", "other"),
        ("Contact Information", "contact"),
    ],
)
def test_vocabulary(heading: str, kind: SectionKind) -> None:
    assert classify_heading(heading) == kind


@pytest.mark.parametrize("text", ["Senior Engineer", "Acme Corp", "Jane Doe", "Project Manager"])
def test_other_text_is_no_heading(text: str) -> None:
    assert classify_heading(text) is None


@pytest.mark.parametrize(
    ("line", "kind", "text"),
    [
        ("EXPERIENCE", "experience", "EXPERIENCE"),
        ("Work Experience:", "experience", "Work Experience"),
        ("work history:", "experience", "work history"),
        ("E X P E R I E N C E", "experience", "EXPERIENCE"),
        ("\u2014 SKILLS \u2014", "skills", "SKILLS"),
        ("# Education", "education", "Education"),
        ("## Selected Publications", "publications", "Selected Publications"),
        ("# Experience at a Glance", "experience", "Experience at a Glance"),
        ("# Volunteering", "other", "Volunteering"),
        ("# Something Else Entirely", "other", "Something Else Entirely"),
    ],
)
def test_read_heading(line: str, kind: SectionKind, text: str) -> None:
    heading = read_heading(line)
    assert heading is not None
    assert (heading.kind, heading.text) == (kind, text)


@pytest.mark.parametrize(
    "line",
    [
        "- Skills",
        "Senior Engineer",
        "experience",
        "Experience in Python and Go for over ten years across several teams",
        "Skills: Python, Go",
        "",
    ],
)
def test_lines_that_are_not_headings(line: str) -> None:
    assert read_heading(line) is None


def test_split_sections_keeps_the_contact_block_and_each_section() -> None:
    text = "\n".join(
        [
            "Jane Doe",
            "jane@example.com",
            "",
            "SUMMARY",
            "Engineer who likes queues.",
            "",
            "# Work History",
            "Engineer, Acme",
            "- Built things",
            "Skills",
            "Python, Go",
        ]
    )
    sections = split_sections(text)
    assert [(section.kind, section.heading) for section in sections] == [
        ("contact", None),
        ("summary", "SUMMARY"),
        ("experience", "Work History"),
        ("skills", "Skills"),
    ]
    assert sections[0].text == "Jane Doe\njane@example.com"
    assert sections[2].lines == ["Engineer, Acme", "- Built things"]


def test_unknown_marked_headings_are_entries_inside_entry_sections() -> None:
    text = "\n".join(
        [
            "# Jane Doe",
            "Backend Engineer",
            "# Experience",
            "# Senior Engineer \u2014 Acme (2019 - 2021)",
            "- Built queues",
            "# Summary",
            "Likes queues.",
            "# Awards and Grants",
            "Best Queue 2020",
        ]
    )
    sections = split_sections(text)
    assert [(section.kind, section.heading) for section in sections] == [
        ("contact", None),
        ("experience", "Experience"),
        ("summary", "Summary"),
        ("other", "Awards and Grants"),
    ]
    assert sections[0].lines == ["Jane Doe", "Backend Engineer"]
    assert sections[1].lines[0] == "Senior Engineer \u2014 Acme (2019 - 2021)"


def test_levels_separate_sections_when_the_file_uses_several() -> None:
    text = "\n".join(
        [
            "# Jane Doe",
            "## Experience",
            "### Engineer, Acme",
            "- Built queues",
            "## Miscellany",
            "Chess",
        ]
    )
    sections = split_sections(text)
    assert [(section.kind, section.heading) for section in sections] == [
        ("contact", None),
        ("experience", "Experience"),
        ("other", "Miscellany"),
    ]
    assert sections[1].lines == ["Engineer, Acme", "- Built queues"]


def test_inline_headings_open_sections() -> None:
    text = "\n".join(
        [
            "Jane Doe",
            "Summary: Engineer who likes queues.",
            "Skills: Python, Go",
            "Languages: Rust, C",
            "Languages: English (native), German (B2)",
            "Experience",
            "Engineer, Acme, 2019 - 2021",
            "Technologies: Python, Kafka",
        ]
    )
    sections = split_sections(text, is_language=is_spoken_language)
    assert [(section.kind, section.heading, section.text) for section in sections] == [
        ("contact", None, "Jane Doe"),
        ("summary", "Summary", "Engineer who likes queues."),
        ("skills", "Skills", "Python, Go\nLanguages: Rust, C"),
        ("languages", "Languages", "English (native), German (B2)"),
        ("experience", "Experience", "Engineer, Acme, 2019 - 2021\nTechnologies: Python, Kafka"),
    ]


def test_contact_labels_with_addresses_do_not_open_sections() -> None:
    sections = split_sections("Jane Doe\nPortfolio: janedoe.dev\nProfile: linkedin.com/in/jd")
    assert [section.kind for section in sections] == ["contact"]
