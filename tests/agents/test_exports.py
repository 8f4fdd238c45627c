"""Exports of a tailored resume and a cover letter, read back from the bytes of each format."""

# Resumes are full of en dashes and typographic quotes: the exports must keep them as written.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from jobpilot.agents.documents import (
    CoverLetter,
    TailoredCertification,
    TailoredEducation,
    TailoredExperience,
    TailoredProject,
    TailoredPublication,
    TailoredResume,
)
from jobpilot.agents.exports import (
    MEDIA_TYPES,
    PdfFont,
    find_pdf_font,
    fold_to_latin1,
    format_letter_date,
    format_partial_date,
    format_period,
    letter_markdown,
    render_letter,
    render_resume,
    resume_markdown,
)
from jobpilot.profiles.parser import parse_resume
from jobpilot.profiles.readers import read_resume

LETTER_DATE = datetime.date(2024, 5, 2)


def long_resume() -> TailoredResume:
    """A realistic resume long enough for two pages, with text outside Latin-1."""
    return TailoredResume(
        name="Zoë Müller",
        email="zoe.mueller@example.org",
        phone="+49 30 5550 1234",
        location="Berlin, Germany",
        links=["https://github.com/zoe-mueller", "https://www.linkedin.com/in/zoe-mueller"],
        headline="Staff Backend Engineer — payments and data platforms",
        summary=(
            "Backend engineer with twelve years of Python, Go and PostgreSQL in fintech and "
            "logistics. Led teams of up to eight across Berlin and São Paulo, from query plans "
            "to a calm “on-call” culture."
        ),
        experience=[
            TailoredExperience(
                title="Staff Backend Engineer",
                company="Ledgerly GmbH",
                location="Berlin",
                start="2021-04",
                current=True,
                bullets=[
                    "Designed the double-entry ledger service in Python and PostgreSQL that "
                    "books 4 million payments a day with exactly-once semantics.",
                    "Cut p99 settlement latency from 900 ms to 140 ms by replacing row locks "
                    "with advisory locks and batching writes.",
                    "Led a team of eight engineers across Berlin and São Paulo; introduced "
                    "design reviews and a blameless “incident retro” format.",
                    "Moved 30 services from a hand-rolled deploy script to Kubernetes with "
                    "Helm charts and progressive delivery.",
                    "Wrote the company’s data retention policy with legal – 18 months for "
                    "payment records, 30 days for logs.",
                    "Mentored four engineers to promotion, two of them to senior.",
                ],
            ),
            TailoredExperience(
                title="Senior Software Engineer",
                company="Pagar Rápido Ltda.",
                location="São Paulo",
                start="2018-01",
                end="2021-03",
                bullets=[
                    "Built the card-issuing API in Go serving 1,200 requests per second at "
                    "peak with a 99.95% monthly availability.",
                    "Replaced nightly batch reconciliation with a streaming pipeline on Kafka, "
                    "finding mismatches within minutes instead of a day.",
                    "Ran the migration from MySQL 5.6 to PostgreSQL 12 without downtime using "
                    "logical replication and dual writes.",
                    "Introduced property-based tests for the fee calculator, finding eleven "
                    "rounding errors before release.",
                    "Interviewed more than 60 candidates and rewrote the take-home exercise.",
                ],
            ),
            TailoredExperience(
                title="Software Engineer",
                company="Frachtwerk AG",
                location="Hamburg",
                start="2015-09",
                end="2017-12",
                bullets=[
                    "Wrote the route-planning service that assigns 20,000 parcels a day to "
                    "drivers, saving 11% of kilometres driven.",
                    "Added PostGIS queries for delivery zones and tuned their indexes, making "
                    "the slowest report 40 times faster.",
                    "Maintained the Django back office used by 150 dispatchers.",
                    "Set up Prometheus and Grafana dashboards for every service the team owned.",
                ],
            ),
            TailoredExperience(
                title="Software Engineer",
                company="Łódź Software House",
                location="Łódź",
                start="2013-06",
                end="2015-08",
                bullets=[
                    "Delivered seven client projects in Python and JavaScript, from "
                    "e-commerce shops to an internal booking tool.",
                    "Wrote the shared Flask project template adopted by every later project.",
                    "Reduced the median page load of the largest shop from 3.1 s to 0.9 s.",
                    "Ran workshops on testing for the whole company – twelve sessions in a year.",
                ],
            ),
            TailoredExperience(
                title="Junior Developer",
                company="C++/C# Labs",
                location="Munich",
                start="2011",
                end="2013",
                bullets=[
                    "Ported a C++ image pipeline to C# for a desktop inspection tool.",
                    "Wrote unit tests for the plugin loader, raising coverage from 20% to 75%.",
                    "Fixed memory leaks found with Valgrind in the legacy C++ modules.",
                ],
            ),
            TailoredExperience(
                title="Research Assistant",
                company="Universität Stuttgart",
                location="Stuttgart",
                start="2009-10",
                end="2011-03",
                bullets=[
                    "Implemented graph-partitioning experiments in Python and NumPy for a "
                    "paper on distributed query processing.",
                    "Taught the weekly exercise class of the databases course to 40 students.",
                ],
            ),
        ],
        education=[
            TailoredEducation(
                degree="MSc",
                field="Computer Science",
                institution="Universität Stuttgart",
                start="2007",
                end="2009",
            ),
            TailoredEducation(
                degree="BSc",
                field="Mathematics",
                institution="Universidade de São Paulo",
                start="2003",
                end="2007",
            ),
        ],
        skills=[
            "Python",
            "Go",
            "PostgreSQL",
            "Kafka",
            "Kubernetes",
            "Helm",
            "Django",
            "Flask",
            "PostGIS",
            "Prometheus",
            "Grafana",
            "C++",
            "C#",
            "AWS",
            "Terraform",
            "gRPC",
        ],
        certifications=[
            TailoredCertification(
                name="Certified Kubernetes Administrator", issuer="CNCF", date="2022-06"
            ),
            TailoredCertification(
                name="AWS Certified Solutions Architect – Associate",
                issuer="Amazon Web Services",
                date="2020",
            ),
        ],
        languages=["German (native)", "English (C2)", "Portuguese (B2)", "Japanese (日本語, A2)"],
        projects=[
            TailoredProject(
                name="pgsleuth",
                description="An open-source tool that explains slow PostgreSQL query plans.",
                bullets=[
                    "1,400 stars on GitHub and packaged for Debian.",
                    "Talk at PGConf.EU 2022: “Reading plans without tears”.",
                ],
            ),
        ],
    )


# What each format must show, in order, hand-written from long_resume().
HEADINGS = [
    "Staff Backend Engineer — Ledgerly GmbH",
    "Senior Software Engineer — Pagar Rápido Ltda.",
    "Software Engineer — Frachtwerk AG",
    "Software Engineer — Łódź Software House",
    "Junior Developer — C++/C# Labs",
    "Research Assistant — Universität Stuttgart",
    "MSc, Computer Science — Universität Stuttgart",
    "BSc, Mathematics — Universidade de São Paulo",
    "pgsleuth",
]
NOTES = [
    "Apr 2021 – present · Berlin",
    "Jan 2018 – Mar 2021 · São Paulo",
    "Sep 2015 – Dec 2017 · Hamburg",
    "Jun 2013 – Aug 2015 · Łódź",
    "2011 – 2013 · Munich",
    "Oct 2009 – Mar 2011 · Stuttgart",
    "2007 – 2009",
    "2003 – 2007",
]
SECTIONS = ["Experience", "Education", "Skills", "Certifications", "Languages", "Projects"]
CERTIFICATION_LINES = [
    "Certified Kubernetes Administrator — CNCF (Jun 2022)",
    "AWS Certified Solutions Architect – Associate — Amazon Web Services (2020)",
]
CONTACT_LINE = (
    "zoe.mueller@example.org · +49 30 5550 1234 · Berlin, Germany · "
    "https://github.com/zoe-mueller · https://www.linkedin.com/in/zoe-mueller"
)
SKILLS_LINE = (
    "Python, Go, PostgreSQL, Kafka, Kubernetes, Helm, Django, Flask, PostGIS, Prometheus, "
    "Grafana, C++, C#, AWS, Terraform, gRPC"
)
LANGUAGES_LINE = "German (native), English (C2), Portuguese (B2), Japanese (日本語, A2)"


def all_bullets(resume: TailoredResume) -> list[str]:
    return [
        *(bullet for job in resume.experience for bullet in job.bullets),
        *CERTIFICATION_LINES,
        *(bullet for project in resume.projects for bullet in project.bullets),
    ]


def resume_texts(resume: TailoredResume) -> list[str]:
    """Every line the long resume must show, in reading order."""
    jobs = resume.experience
    texts = ["Zoë Müller", CONTACT_LINE, "Staff Backend Engineer — payments and data platforms"]
    texts.append(" ".join((resume.summary or "").split()))
    texts.append("Experience")
    for heading, note, job in zip(HEADINGS[:6], NOTES[:6], jobs, strict=True):
        texts.extend([heading, note, *job.bullets])
    texts.extend(["Education", HEADINGS[6], NOTES[6], HEADINGS[7], NOTES[7]])
    texts.extend(["Skills", SKILLS_LINE, "Certifications", *CERTIFICATION_LINES])
    texts.extend(["Languages", LANGUAGES_LINE, "Projects", "pgsleuth"])
    texts.append("An open-source tool that explains slow PostgreSQL query plans.")
    texts.extend(resume.projects[0].bullets)
    return texts


def letter() -> CoverLetter:
    return CoverLetter(
        recipient="Hiring team, Ledgerly GmbH",
        subject="Application: Staff Backend Engineer (Payments)",
        greeting="Dear hiring team,",
        paragraphs=[
            "I would like to bring twelve years of backend work on payments to Ledgerly’s "
            "ledger team.",
            "At Pagar Rápido I built the card-issuing API in Go and moved reconciliation to a "
            "streaming pipeline on Kafka – the same problems your posting describes.",
            "I would be glad to talk about how I cut settlement latency from 900 ms to 140 ms.",
        ],
        closing="Kind regards,",
        signature="Zoë Müller",
        language="en",
        tone="warm",
    )


LETTER_TEXTS = [
    "2 May 2024",
    "Hiring team, Ledgerly GmbH",
    "Application: Staff Backend Engineer (Payments)",
    "Dear hiring team,",
    "I would like to bring twelve years of backend work on payments to Ledgerly’s ledger team.",
    "At Pagar Rápido I built the card-issuing API in Go and moved reconciliation to a "
    "streaming pipeline on Kafka – the same problems your posting describes.",
    "I would be glad to talk about how I cut settlement latency from 900 ms to 140 ms.",
    "Kind regards,",
    "Zoë Müller",
]


def normalised(text: str) -> str:
    return " ".join(text.split())


def unescaped(markdown: str) -> str:
    """Markdown text with CommonMark backslash escapes of ASCII punctuation resolved."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def assert_in_order(haystack: str, needles: Sequence[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"{needle!r} missing after position {position}"
        position = found + len(needle)


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return normalised("\n".join(page.extract_text() for page in reader.pages)), len(reader.pages)


def font_names(content: bytes) -> set[str]:
    """The base names of the fonts the PDF's pages use."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        fonts = resources["/Font"].get_object()
        assert isinstance(fonts, DictionaryObject)
        for font in fonts.values():
            described = font.get_object()
            assert isinstance(described, DictionaryObject)
            names.add(str(described["/BaseFont"]))
    return names


def synthetic_font(path: Path, characters: str, *, style: str) -> Path:
    """A TrueType font drawing every character of ``characters`` as a box half an em wide."""
    codepoints = sorted({ord(character) for character in characters} - {ord(" ")})
    names = [".notdef", "space", *(f"uni{codepoint:04X}" for codepoint in codepoints)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(
        {ord(" "): "space", **{codepoint: f"uni{codepoint:04X}" for codepoint in codepoints}}
    )
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((450, 700))
    pen.lineTo((450, 0))
    pen.closePath()
    box = pen.glyph()
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty if name in (".notdef", "space") else box for name in names})
    builder.setupHorizontalMetrics(dict.fromkeys(names, (500, 50)))
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Synthetic", "styleName": style})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


LATIN = "".join(chr(codepoint) for codepoint in [*range(0x21, 0x7F), *range(0xA0, 0x100)])
BEYOND_LATIN1 = "–—“”‘’•Łłźć€…日本語"


def synthetic_family(directory: Path, characters: str) -> PdfFont:
    return PdfFont(
        regular=synthetic_font(directory / "Synthetic.ttf", characters, style="Regular"),
        bold=synthetic_font(directory / "Synthetic-Bold.ttf", characters, style="Bold"),
    )


@pytest.fixture(scope="module")
def unicode_font(tmp_path_factory: pytest.TempPathFactory) -> PdfFont:
    return synthetic_family(tmp_path_factory.mktemp("fonts"), LATIN + BEYOND_LATIN1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-03", "Mar 2019"),
        ("2019", "2019"),
        ("2019-12-24", "Dec 2019"),
        ("2019-1", "Jan 2019"),
        ("2019-13", "2019-13"),
        ("Summer 2017", "Summer 2017"),
        (" 2020-02 ", "Feb 2020"),
    ],
)
def test_format_partial_date(value: str, expected: str) -> None:
    assert format_partial_date(value) == expected


@pytest.mark.parametrize(
    ("start", "end", "current", "expected"),
    [
        ("2019-03", None, True, "Mar 2019 – present"),
        ("2019-03", "2021-01", True, "Mar 2019 – present"),
        ("2015", "2019-02", False, "2015 – Feb 2019"),
        ("2012-01", "2014-12", False, "Jan 2012 – Dec 2014"),
        ("2010", None, False, "2010"),
        (None, "2014", False, "2014"),
        (None, None, True, None),
        (None, None, False, None),
        ("", "  ", False, None),
    ],
)
def test_format_period(
    start: str | None, end: str | None, current: bool, expected: str | None
) -> None:
    assert format_period(start, end, current=current) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "2 May 2024"),
        ("de", "2. Mai 2024"),
        ("de-AT", "2. Mai 2024"),
        ("fr", "2 mai 2024"),
        ("es", "2 de mayo de 2024"),
        ("pt", "2 May 2024"),
    ],
)
def test_format_letter_date(language: str, expected: str) -> None:
    assert format_letter_date(LETTER_DATE, language) == expected


def test_format_letter_date_french_first_of_month() -> None:
    assert format_letter_date(datetime.date(2024, 3, 1), "fr") == "1er mars 2024"


def test_fold_to_latin1() -> None:
    assert fold_to_latin1("Zoë “Łódź” – São Paulo… 5 €\u200b 日本") == (
        'Zoë "Lódz" - São Paulo... 5 EUR ??'
    )
    assert fold_to_latin1("‘C++/C#’ — ﬁne • ő ™") == "'C++/C#' - fine - o TM"


def test_media_types() -> None:
    assert MEDIA_TYPES == {
        "md": "text/markdown; charset=utf-8",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
    }


def test_resume_markdown_of_a_small_resume() -> None:
    resume = TailoredResume(
        name="Zoë Müller",
        email="zoe@example.org",
        location="Berlin",
        links=["https://github.com/zoe"],
        headline="Backend Engineer",
        summary="Ten years of Python.",
        experience=[
            TailoredExperience(
                title="Staff Engineer",
                company="Ledgerly GmbH",
                location="Berlin",
                start="2021-04",
                current=True,
                bullets=["Built the ledger.", "Led a team of eight."],
            ),
            TailoredExperience(company="Frachtwerk AG", start="2015", end="2017-12"),
        ],
        education=[TailoredEducation(degree="MSc", institution="Universität Stuttgart")],
        skills=["Python", "C++", "C#"],
        certifications=[TailoredCertification(name="CKA", issuer="CNCF", date="2022-06")],
        languages=["German (native)", "English (C2)"],
        projects=[TailoredProject(name="pgsleuth", bullets=["1,400 stars."])],
    )
    assert resume_markdown(resume) == (
        "# Zoë Müller\n"
        "\n"
        "zoe@example.org · Berlin · <https://github.com/zoe>\n"
        "\n"
        "**Backend Engineer**\n"
        "\n"
        "Ten years of Python.\n"
        "\n"
        "## Experience\n"
        "\n"
        "### Staff Engineer — Ledgerly GmbH\n"
        "\n"
        "Apr 2021 – present · Berlin\n"
        "\n"
        "- Built the ledger.\n"
        "- Led a team of eight.\n"
        "\n"
        "### Frachtwerk AG\n"
        "\n"
        "2015 – Dec 2017\n"
        "\n"
        "## Education\n"
        "\n"
        "### MSc — Universität Stuttgart\n"
        "\n"
        "## Skills\n"
        "\n"
        "Python, C++, C#\n"
        "\n"
        "## Certifications\n"
        "\n"
        "- CKA — CNCF (Jun 2022)\n"
        "\n"
        "## Languages\n"
        "\n"
        "German (native), English (C2)\n"
        "\n"
        "## Projects\n"
        "\n"
        "### pgsleuth\n"
        "\n"
        "- 1,400 stars.\n"
    )


def test_empty_fields_and_sections_are_left_out() -> None:
    resume = TailoredResume(
        name="Zoë Müller",
        email="  ",
        summary="",
        experience=[TailoredExperience(bullets=[" ", ""])],
        education=[TailoredEducation()],
        skills=["Python", " "],
        languages=[],
    )
    assert resume_markdown(resume) == "# Zoë Müller\n\n## Skills\n\nPython\n"


def test_long_resume_markdown_read_back_by_lines() -> None:
    resume = long_resume()
    lines = resume_markdown(resume).splitlines()
    assert lines[0] == "# Zoë Müller"
    assert [line[3:] for line in lines if line.startswith("## ")] == SECTIONS
    assert [unescaped(line[4:]) for line in lines if line.startswith("### ")] == HEADINGS
    assert [unescaped(line[2:]) for line in lines if line.startswith("- ")] == all_bullets(resume)
    texts = [unescaped(line) for line in lines if line and not line.startswith(("#", "- "))]
    assert texts == [
        "zoe.mueller@example.org · +49 30 5550 1234 · Berlin, Germany · "
        "<https://github.com/zoe-mueller> · <https://www.linkedin.com/in/zoe-mueller>",
        "**Staff Backend Engineer — payments and data platforms**",
        normalised(resume.summary or ""),
        *NOTES,
        SKILLS_LINE,
        LANGUAGES_LINE,
        "An open-source tool that explains slow PostgreSQL query plans.",
    ]


def test_markdown_escapes_user_text_that_would_change_the_structure() -> None:
    resume = TailoredResume(
        name="# Root *admin*",
        headline="- not a list",
        summary="> not a quote, 1) not a list, <b>not html</b> &amp; [not](a link) ~no~ `code`",
        experience=[
            TailoredExperience(
                title="snake_case engineer",
                company="Team #",
                bullets=[
                    "# not a heading",
                    "- not nested",
                    "+ not nested either",
                    "2019. not an ordered list",
                    "---",
                    "**not bold** and a \\ backslash",
                    "C++/C# and #hashtags stay as they are",
                ],
            )
        ],
        skills=["C#", "F#"],
    )
    assert resume_markdown(resume).splitlines() == [
        "# \\# Root \\*admin\\*",
        "",
        "**\\- not a list**",
        "",
        "\\> not a quote, 1) not a list, \\<b>not html\\</b> \\&amp; \\[not\\](a link) "
        "\\~no\\~ \\`code\\`",
        "",
        "## Experience",
        "",
        "### snake\\_case engineer — Team \\#",
        "",
        "- \\# not a heading",
        "- \\- not nested",
        "- \\+ not nested either",
        "- 2019\\. not an ordered list",
        "- \\---",
        "- \\*\\*not bold\\*\\* and a \\\\ backslash",
        "- C++/C# and #hashtags stay as they are",
        "",
        "## Skills",
        "",
        "C#, F#",
    ]


def test_markdown_escaping_reads_back_as_the_original_text() -> None:
    text = "# *a* _b_ `c` [d](e) <f> ~g~ \\h &amp; - 1. x"
    resume = TailoredResume(experience=[TailoredExperience(bullets=[text])])
    (bullet,) = [line for line in resume_markdown(resume).splitlines() if line.startswith("- ")]
    assert unescaped(bullet[2:]) == text


def test_letter_markdown() -> None:
    assert letter_markdown(letter(), date=LETTER_DATE) == (
        "2 May 2024\n"
        "\n"
        "Hiring team, Ledgerly GmbH\n"
        "\n"
        "**Application: Staff Backend Engineer (Payments)**\n"
        "\n"
        "Dear hiring team,\n"
        "\n"
        "I would like to bring twelve years of backend work on payments to Ledgerly’s ledger "
        "team.\n"
        "\n"
        "At Pagar Rápido I built the card-issuing API in Go and moved reconciliation to a "
        "streaming pipeline on Kafka – the same problems your posting describes.\n"
        "\n"
        "I would be glad to talk about how I cut settlement latency from 900 ms to 140 ms.\n"
        "\n"
        "Kind regards,\n"
        "\n"
        "Zoë Müller\n"
    )


def test_letter_markdown_without_a_date_and_in_german() -> None:
    german = letter().model_copy(update={"language": "de", "subject": None})
    undated = letter_markdown(german).splitlines()
    assert undated[0] == "Hiring team, Ledgerly GmbH"
    assert "**Application: Staff Backend Engineer (Payments)**" not in undated
    # A German date starts with "2." and would otherwise open an ordered list.
    assert letter_markdown(german, date=LETTER_DATE).splitlines()[0] == "2\\. Mai 2024"


def test_letter_markdown_as_bytes() -> None:
    assert render_letter(letter(), "md", date=LETTER_DATE) == letter_markdown(
        letter(), date=LETTER_DATE
    ).encode("utf-8")


def test_resume_docx_read_back() -> None:
    resume = long_resume()
    document = docx.Document(io.BytesIO(render_resume(resume, "docx")))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert [text for style, text in paragraphs if style == "Heading 1"] == ["Zoë Müller"]
    assert [text for style, text in paragraphs if style == "Heading 2"] == SECTIONS
    assert [text for style, text in paragraphs if style == "Heading 3"] == HEADINGS
    assert [text for style, text in paragraphs if style == "List Bullet"] == all_bullets(resume)
    assert [text for _, text in paragraphs] == resume_texts(resume)
    assert document.core_properties.title == "Zoë Müller — Resume"
    assert document.core_properties.author == "Zoë Müller"
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    # Word stores page sizes in twentieths of a point, so millimetres come back rounded.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_letter_docx_read_back() -> None:
    document = docx.Document(io.BytesIO(render_letter(letter(), "docx", date=LETTER_DATE)))
    assert [p.text for p in document.paragraphs] == LETTER_TEXTS
    subject = document.paragraphs[2]
    assert all(run.bold for run in subject.runs)
    assert document.core_properties.title == "Application: Staff Backend Engineer (Payments)"
    assert document.core_properties.author == "Zoë Müller"
    assert document.core_properties.language == "en"
    assert document.core_properties.created == datetime.datetime(2024, 5, 2, tzinfo=datetime.UTC)


def test_docx_is_the_same_bytes_every_time() -> None:
    first = render_resume(long_resume(), "docx")
    assert render_resume(long_resume(), "docx") == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    created = docx.Document(io.BytesIO(first)).core_properties.created
    assert created == datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


def test_resume_pdf_with_a_unicode_font(unicode_font: PdfFont) -> None:
    content = render_resume(long_resume(), "pdf", fonts=[unicode_font])
    text, pages = pdf_text(content)
    assert pages > 1
    assert_in_order(text, [normalised(line) for line in resume_texts(long_resume())])
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Zoë Müller — Resume"
    assert reader.metadata.author == "Zoë Müller"
    assert font_names(content) == {"/MPDFAA+Synthetic", "/MPDFAA+SyntheticBold"}


def test_resume_pdf_falls_back_to_helvetica_and_latin1() -> None:
    content = render_resume(long_resume(), "pdf", fonts=[])
    text, pages = pdf_text(content)
    assert pages > 1
    for expected in [
        "Zoë Müller",
        "Software Engineer - Lódz Software House",
        "Jun 2013 - Aug 2015 · Lódz",
        "Apr 2021 - present · Berlin",
        "Senior Software Engineer - Pagar Rápido Ltda.",
        "Junior Developer - C++/C# Labs",
        "Led a team of eight engineers across Berlin and São Paulo; introduced design reviews "
        'and a blameless "incident retro" format.',
        "Japanese (???, A2)",
    ]:
        assert expected in text
    assert_in_order(
        text, [fold_to_latin1(normalised(line)) for line in resume_texts(long_resume())]
    )
    assert font_names(content) == {"/Helvetica", "/Helvetica-Bold"}


def test_pdf_draws_a_character_the_font_lacks_in_its_latin1_form(tmp_path: Path) -> None:
    without_polish = synthetic_family(tmp_path, LATIN + "–—")
    resume = TailoredResume(name="Łukasz Żak", skills=["C++ – C#"])
    text, _ = pdf_text(render_resume(resume, "pdf", fonts=[without_polish]))
    assert text == "Lukasz Zak Skills C++ – C#"


def test_pdf_with_the_fonts_of_this_machine() -> None:
    resume = long_resume()
    text, pages = pdf_text(render_resume(resume, "pdf"))
    # Which scripts a system font covers is not known here; the languages line holds Japanese.
    expected = [normalised(line) for line in resume_texts(resume) if line != LANGUAGES_LINE]
    if find_pdf_font() is None:
        expected = [fold_to_latin1(line) for line in expected]
    assert pages > 1
    assert_in_order(text, expected)


def test_letter_pdf(unicode_font: PdfFont) -> None:
    content = render_letter(letter(), "pdf", date=LETTER_DATE, fonts=[unicode_font])
    text, pages = pdf_text(content)
    assert pages == 1
    assert_in_order(text, LETTER_TEXTS)
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Application: Staff Backend Engineer (Payments)"
    assert reader.metadata.creation_date == datetime.datetime(2024, 5, 2, tzinfo=datetime.UTC)


def test_letter_pdf_falls_back_to_latin1() -> None:
    text, _ = pdf_text(render_letter(letter(), "pdf", date=LETTER_DATE, fonts=[]))
    assert_in_order(text, [fold_to_latin1(line) for line in LETTER_TEXTS])
    assert "streaming pipeline on Kafka - the same problems" in text


def test_pdf_is_the_same_bytes_every_time(unicode_font: PdfFont) -> None:
    for fonts in ([unicode_font], []):
        first = render_resume(long_resume(), "pdf", fonts=fonts)
        assert render_resume(long_resume(), "pdf", fonts=fonts) == first
        metadata = PdfReader(io.BytesIO(first)).metadata
        assert metadata is not None
        assert metadata.creation_date == datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


def test_find_pdf_font_takes_the_first_family_present(tmp_path: Path) -> None:
    (tmp_path / "A.ttf").write_bytes(b"")
    (tmp_path / "B.ttf").write_bytes(b"")
    (tmp_path / "B-Bold.ttf").write_bytes(b"")
    (tmp_path / "C.ttf").write_bytes(b"")
    (tmp_path / "C-Bold.ttf").write_bytes(b"")
    missing = PdfFont(tmp_path / "missing.ttf", tmp_path / "missing-Bold.ttf")
    no_bold = PdfFont(tmp_path / "A.ttf", tmp_path / "A-Bold.ttf")
    second = PdfFont(tmp_path / "B.ttf", tmp_path / "B-Bold.ttf")
    third = PdfFont(tmp_path / "C.ttf", tmp_path / "C-Bold.ttf")
    assert find_pdf_font([missing, no_bold, second, third]) == second
    assert find_pdf_font([missing, no_bold]) is None
    assert find_pdf_font([]) is None


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_exported_resume_reimports_with_the_same_jobs(fmt: str, unicode_font: PdfFont) -> None:
    resume = long_resume()
    content = render_resume(resume, fmt, fonts=[unicode_font])  # type: ignore[arg-type]
    parsed = parse_resume(
        read_resume(content, filename=f"resume.{fmt}", content_type=None, max_bytes=10**7)
    )
    assert parsed.contact.name == "Zoë Müller"
    assert [
        (job.title, job.company, job.start, job.end, job.current) for job in parsed.experience
    ] == [(job.title, job.company, job.start, job.end, job.current) for job in resume.experience]


@pytest.mark.parametrize("fmt", ["txt", "html", ""])
def test_unknown_format_is_refused(fmt: str) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        render_resume(long_resume(), fmt)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown export format"):
        render_letter(letter(), fmt)  # type: ignore[arg-type]


def test_publications_project_links_and_degree_details_in_every_format() -> None:
    resume = TailoredResume(
        name="Sam Seeker",
        education=[
            TailoredEducation(
                degree="MSc",
                field="Computer Science",
                institution="Universität Hamburg",
                details=["Thesis on stream joins."],
            )
        ],
        projects=[TailoredProject(name="pgwatch-lite", url="https://github.com/sam/pgwatch")],
        publications=[
            TailoredPublication(
                title="Boring pipelines",
                venue="PyCon DE",
                date="2023-04",
                url="https://example.org/talk",
            )
        ],
    )
    markdown = resume_markdown(resume)
    assert "## Publications" in markdown
    assert "Boring pipelines — PyCon DE (Apr 2023)" in markdown
    assert "Thesis on stream joins." in markdown
    assert "github.com/sam/pgwatch" in markdown
    paragraphs = [
        p.text for p in docx.Document(io.BytesIO(render_resume(resume, "docx"))).paragraphs
    ]
    assert "Publications" in paragraphs
    assert any(p.startswith("Boring pipelines — PyCon DE (Apr 2023)") for p in paragraphs)
    assert "Thesis on stream joins." in paragraphs
    text, _ = pdf_text(render_resume(resume, "pdf"))
    assert "Publications" in text
    assert "Boring pipelines" in text
