"""Reading resume files: every generated layout in reading order, refusals, encodings, and the
PDF and DOCX layout rules on small hand-built files."""

# Resume text is full of en dashes: the readers must keep them as written.
# ruff: noqa: RUF001

from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from fpdf import FPDF

from jobpilot.profiles.document import ResumeDocument, ResumeRejected
from jobpilot.profiles.docx_reader import check_docx_archive
from jobpilot.profiles.pdf_reader import MAX_PAGES
from jobpilot.profiles.readers import is_page_number, read_resume, to_light_markdown
from tests.support.resumes import (
    BAD_FILES,
    LAYOUT_FILES,
    LAYOUTS,
    SAMPLES,
    Expect,
    Sample,
    encrypted_pdf,
    expected_reading,
    json_resume,
    sidebar_blocks,
)

LIMIT = 10 * 1024 * 1024
DOCX_TYPE = LAYOUT_FILES["docx_single"].content_type

CASES = [
    pytest.param(sample, layout, id=f"{sample.name}-{layout}")
    for sample in SAMPLES
    for layout in LAYOUTS
    if layout != "json_resume"
]


def read(
    content: bytes,
    filename: str | None = None,
    content_type: str | None = None,
    *,
    max_bytes: int = LIMIT,
) -> ResumeDocument:
    return read_resume(content, filename=filename, content_type=content_type, max_bytes=max_bytes)


def read_layout(sample: Sample, layout: str) -> ResumeDocument:
    file_type = LAYOUT_FILES[layout]
    return read(sample.render(layout), sample.filename(layout), file_type.content_type)


def line_of(lines: list[str], expected: Expect, start: int) -> int:
    """Index of the line (from ``start``) holding ``expected``; prose may wrap over lines."""
    if expected.kind == "line":
        for index in range(start, len(lines)):
            if expected.text in lines[index]:
                return index
        raise AssertionError(
            f"{expected.text!r} is not on any line from {lines[start : start + 4]}"
        )
    offsets: list[int] = []
    joined = ""
    for index in range(start, len(lines)):
        offsets.append(len(joined))
        joined += lines[index] + " "
    found = joined.find(expected.text)
    assert found >= 0, f"{expected.text!r} is not in the text from {lines[start : start + 4]}"
    end = found + len(expected.text)
    return start + max(i for i, offset in enumerate(offsets) if offset < end)


@pytest.mark.parametrize(("sample", "layout"), CASES)
def test_every_layout_reads_in_order(sample: Sample, layout: str) -> None:
    document = read_layout(sample, layout)
    reading = expected_reading(sample, layout)
    lines = document.text.split("\n")

    assert document.format == LAYOUT_FILES[layout].format
    position = 0
    for expected in reading.ordered:
        position = line_of(lines, expected, position)
    for text in reading.once:
        assert document.text.count(text) == 1, text
    for heading in reading.headings:
        assert f"# {heading}" in lines
    for bullet in reading.bullets:
        assert f"- {bullet}" in lines


def surface_texts(sample: Sample) -> list[str]:
    """Every truth field as it is written in the resume (dates as written, not as parsed)."""
    truth = sample.truth
    contact = truth.contact
    texts = [contact.name, contact.email, contact.phone, contact.location]
    texts += [link.url for link in contact.links]
    texts += [truth.headline, truth.summary, *truth.skills]
    for job in truth.experience:
        texts += [job.title, job.company, job.location, job.description, *job.bullets]
    for study in truth.education:
        texts += [study.degree, study.field, study.institution, study.location, *study.details]
    for item in truth.certifications:
        texts += [item.name, item.issuer]
    for spoken in truth.languages:
        texts += [spoken.language, spoken.level]
    for project in truth.projects:
        texts += [project.name, project.url, project.description, *project.bullets]
    for paper in truth.publications:
        texts += [paper.title, paper.venue, paper.url]
    person = sample.person
    texts += [job.dates for job in person.jobs] + [study.dates for study in person.studies]
    texts += [item.date_text for item in person.certifications]
    texts += [paper.date_text for paper in person.publications]
    return [text for text in texts if text]


@pytest.mark.parametrize(("sample", "layout"), CASES)
def test_every_truth_field_is_in_the_text_as_written(sample: Sample, layout: str) -> None:
    flat = " ".join(read_layout(sample, layout).text.split())

    missing = [text for text in surface_texts(sample) if " ".join(text.split()) not in flat]

    assert missing == []


@pytest.mark.parametrize(("sample", "layout"), CASES)
def test_every_layout_keeps_the_light_markdown_contract(sample: Sample, layout: str) -> None:
    text = read_layout(sample, layout).text
    lines = text.split("\n")

    assert text == text.strip()
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in lines)
    assert not any(re.match(r"[•▪◦*·–]\s", line) for line in lines)
    assert not any(line.startswith("#") and not line.startswith("# ") for line in lines)
    assert "**" not in text


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_json_resume_is_detected_and_handed_on_as_text(sample: Sample) -> None:
    document = read(sample.render("json_resume"), sample.filename("json_resume"))

    assert document.format == "json"
    assert json.loads(document.text) == json_resume(sample.person)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_two_column_pdf_reads_the_whole_sidebar_before_the_main_column(sample: Sample) -> None:
    lines = read_layout(sample, "pdf_two_column").text.split("\n")
    sidebar = [item.text for block in sidebar_blocks(sample.person) for item in block.items]
    last_sidebar_line = max(lines.index(text) for text in sidebar)
    main_heading = lines.index(f"# {sample.person.headings.summary}")

    assert last_sidebar_line < main_heading
    for job in sample.person.jobs:
        for bullet in job.bullets:
            assert f"- {bullet}" in lines


def test_docx_page_header_repeated_in_every_section_is_read_once_and_first() -> None:
    sample = SAMPLES[0]
    text = read_layout(sample, "docx_textbox_header").text

    assert text.count(sample.person.email) == 1
    assert text.index(sample.person.email) < text.index(sample.person.headings.experience)
    assert text.count(sample.person.summary) == 1


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_with_status_and_reason(name: str) -> None:
    bad = BAD_FILES[name]()

    with pytest.raises(ResumeRejected) as refused:
        read(bad.content, bad.filename, bad.content_type)

    assert refused.value.status == bad.status
    assert bad.message in str(refused.value)


def test_a_file_over_the_limit_is_refused_with_413() -> None:
    content = SAMPLES[0].render("text")

    with pytest.raises(ResumeRejected) as refused:
        read(content, "cv.txt", max_bytes=len(content) - 1)

    assert refused.value.status == 413
    assert "over the limit" in str(refused.value)
    assert read(content, "cv.txt", max_bytes=len(content)).format == "text"


def test_invalid_json_names_line_and_column_in_errors() -> None:
    bad = BAD_FILES["invalid_json"]()

    with pytest.raises(ResumeRejected) as refused:
        read(bad.content, bad.filename)

    assert refused.value.errors == ["line 4, column 5: Expecting ',' delimiter"]


@pytest.mark.parametrize(
    ("layout", "filename", "content_type"),
    [
        ("pdf_single", None, None),
        ("pdf_single", "upload.bin", "application/octet-stream"),
        ("pdf_single", "CV.PDF", "application/pdf; name=cv.pdf"),
        ("docx_single", None, "application/zip"),
        ("docx_single", "cv", DOCX_TYPE),
        ("text", None, "text/plain; charset=utf-8"),
        ("markdown", "cv.markdown", None),
        ("json_resume", "resume.txt", "text/plain"),
    ],
)
def test_missing_or_neutral_type_information_trusts_the_content(
    layout: str, filename: str | None, content_type: str | None
) -> None:
    document = read(SAMPLES[1].render(layout), filename, content_type)

    assert document.format == LAYOUT_FILES[layout].format


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8-sig", b""),
        ("utf-16", b""),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-32", b""),
        ("cp1252", b""),
    ],
)
def test_text_encodings_are_decoded(encoding: str, prefix: bytes) -> None:
    text = "Zoë Müller\nIngénieure – Berlin\n\nEXPÉRIENCE\n• Développé des API à 99,9 %\n"

    document = read(prefix + text.encode(encoding), "cv.txt")

    assert document.text == (
        "Zoë Müller\nIngénieure – Berlin\n\nEXPÉRIENCE\n- Développé des API à 99,9 %"
    )
    assert document.format == "text"


def test_markdown_is_told_from_text_by_name_type_or_headings() -> None:
    plain = b"Mara Lindqvist\nEngineer\n"
    headed = b"Mara Lindqvist\n\n## Experience\nEngineer\n"

    assert read(plain, "cv.txt").format == "text"
    assert read(plain, "cv.md").format == "markdown"
    assert read(plain, None, "text/markdown").format == "markdown"
    assert read(headed, "cv.txt").format == "markdown"


def test_text_is_normalised_to_light_markdown() -> None:
    source = "\n".join(
        [
            "Mara   Lindqvist\u00a0\u200b",
            "[GitHub](https://github.com/mara) · <https://mara.dev> · [mara.dev](https://mara.dev/)",
            "[Mail me](mailto:mara@example.com)",
            "",
            "",
            "",
            "Experience",
            "----------",
            "**Senior Engineer** — __Northwind__  ",
            "• glyph bullet",
            "▪ square bullet",
            "◦ hollow bullet",
            "* star bullet",
            "– dash bullet",
            "· middle dot bullet",
            "➢ arrow bullet",
            "\uf0b7 symbol font bullet",
            "1. numbered item",
            "2) numbered item",
            "•",
            "glyph on its own line",
            "Keeps `code` and __init__ and 3.5 years",
            "",
            "Skills",
            "======",
            "| Tool | Level |",
            "|------|-------|",
            "| Go | expert |",
            "***",
            "> quoted",
        ]
    )

    document = read(source.encode(), "cv.md")

    assert document.text.split("\n") == [
        "Mara Lindqvist",
        "GitHub https://github.com/mara · https://mara.dev · https://mara.dev/",
        "Mail me mara@example.com",
        "",
        "# Experience",
        "Senior Engineer — Northwind",
        "- glyph bullet",
        "- square bullet",
        "- hollow bullet",
        "- star bullet",
        "- dash bullet",
        "- middle dot bullet",
        "- arrow bullet",
        "- symbol font bullet",
        "- numbered item",
        "- numbered item",
        "- glyph on its own line",
        "Keeps code and __init__ and 3.5 years",
        "",
        "# Skills",
        "Tool | Level",
        "Go | expert",
        "",
        "quoted",
    ]


def test_atx_headings_of_any_level_become_one_level() -> None:
    document = read(b"# Name\n### Deep heading ###\n#hashtag stays\n", "cv.md")

    assert document.text == "# Name\n# Deep heading\n#hashtag stays"


def test_to_light_markdown_caps_runs_of_blank_lines_and_page_numbers_are_recognised() -> None:
    assert to_light_markdown(["", "a  ", "", "", "\tb", ""]) == "a\n\nb"
    assert all(is_page_number(text) for text in ("3", "Page 2", "2 / 5", "Page 1 of 2", "- 4 -"))
    assert not any(is_page_number(text) for text in ("2019", "Page one", "3 years"))


def test_pdf_with_only_an_owner_password_is_read() -> None:
    document = read(encrypted_pdf(user_password=""), "cv.pdf")

    assert SAMPLES[0].person.email in document.text


def pdf_bytes(draw: list[tuple[float, float, str, float, bool]], pages: int = 1) -> bytes:
    """A PDF with ``(x, y, text, size, bold)`` drawn on each of ``pages`` pages."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    for page in range(1, pages + 1):
        pdf.add_page()
        for x, y, text, size, bold in draw:
            pdf.set_font("Helvetica", "B" if bold else "", size)
            pdf.text(x, y, text.replace("{page}", str(page)))
    return bytes(pdf.output())


def test_pdf_reads_at_most_max_pages_and_reports_the_page_count() -> None:
    content = pdf_bytes([(50, 400, "Body text on page {page}", 10, False)], pages=MAX_PAGES + 5)

    document = read(content, "cv.pdf")

    assert document.pages == MAX_PAGES + 5
    assert f"Body text on page {MAX_PAGES}" in document.text
    assert f"Body text on page {MAX_PAGES + 1}" not in document.text


def test_pdf_running_headers_and_page_numbers_are_dropped() -> None:
    content = pdf_bytes(
        [
            (50, 30, "Mara Lindqvist — Resume", 9, False),
            (50, 400, "Body text on page {page}", 10, False),
            (280, 820, "Page {page} of 3", 9, False),
        ],
        pages=3,
    )

    text = read(content, "cv.pdf").text

    assert text.count("Mara Lindqvist — Resume") == 1
    assert "Page" not in text
    assert "Body text on page 3" in text


def test_pdf_headings_come_from_size_or_short_bold_lines() -> None:
    content = pdf_bytes(
        [
            (50, 60, "Mara Lindqvist", 20, True),
            (50, 100, "Skills", 10, True),
            (
                50,
                114,
                "Go, Python, SQL and a long enough body line to set the body size",
                10,
                False,
            ),
            (50, 140, "Senior Engineer — Northwind", 10, True),
            (50, 154, "Berlin | 2019 – 2021 and more body text to weigh the body size", 10, False),
        ]
    )

    lines = read(content, "cv.pdf").text.split("\n")

    assert "# Mara Lindqvist" in lines
    assert "# Skills" in lines
    assert "Senior Engineer — Northwind" in lines


def test_pdf_dates_column_beside_entries_is_not_read_as_a_column() -> None:
    draw: list[tuple[float, float, str, float, bool]] = []
    for entry, top in enumerate((100, 220, 340)):
        draw.append((50, top, f"20{10 + entry} – 20{11 + entry}", 10, False))
        draw.append((160, top, f"Engineer {entry} — Company {entry}", 10, True))
        for bullet in range(4):
            draw.append(
                (160, top + 14 * (bullet + 1), f"• Achievement {entry}.{bullet}", 10, False)
            )

    lines = read(pdf_bytes(draw), "cv.pdf").text.split("\n")

    assert "2010 – 2011 | Engineer 0 — Company 0" in lines
    assert lines.index("2012 – 2013 | Engineer 2 — Company 2") > lines.index("- Achievement 1.3")


def test_pdf_right_aligned_dates_stay_on_their_line() -> None:
    draw: list[tuple[float, float, str, float, bool]] = []
    for entry, top in enumerate((100, 200, 300, 400)):
        draw.append((50, top, f"Engineer {entry} — Company {entry}", 10, True))
        draw.append((420, top, "Jan 2019 – Present", 10, False))
        for bullet in range(3):
            text = f"- Delivered project {entry}.{bullet} across the whole width of the page text"
            draw.append((50, top + 14 * (bullet + 1), text, 10, False))

    lines = read(pdf_bytes(draw), "cv.pdf").text.split("\n")

    assert "Engineer 0 — Company 0 | Jan 2019 – Present" in lines
    assert lines[lines.index("Engineer 0 — Company 0 | Jan 2019 – Present") + 1] == (
        "- Delivered project 0.0 across the whole width of the page text"
    )


def docx_with_body(body_xml: str) -> bytes:
    """A DOCX whose body holds ``body_xml`` (WordprocessingML, ``w:`` prefix declared)."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != body[-1].tag:
            body.remove(child)
    wrapper = parse_xml(f"<w:body {nsdecls('w', 'r')}>{body_xml}</w:body>")
    for index, child in enumerate(list(wrapper)):
        body.insert(index, child)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paragraph(text: str, properties: str = "") -> str:
    return (
        f"<w:p><w:pPr>{properties}</w:pPr><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"
    )


def cell(*paragraphs: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{''.join(paragraphs)}</w:tc>"


def table(*rows: str) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"


def test_docx_data_table_is_read_row_by_row() -> None:
    content = docx_with_body(
        table(
            "".join(cell(paragraph(text)) for text in ("Language", "Level", "Since", "Note")),
            "".join(cell(paragraph(text)) for text in ("German", "C1", "2015", "daily")),
        )
    )

    assert (
        read(content, "cv.docx").text
        == "Language | Level | Since | Note\nGerman | C1 | 2015 | daily"
    )


def test_docx_layout_table_is_read_column_by_column_with_merged_and_nested_cells() -> None:
    nested = table(cell(paragraph("Go")) + cell(paragraph("Python")) + cell(paragraph("SQL")))
    content = docx_with_body(
        table(
            cell(paragraph("Left top"), paragraph("Left top second"))
            + cell(
                paragraph("Right top"),
                paragraph("Right top second"),
                properties="<w:vMerge w:val='restart'/>",
            ),
            cell(paragraph("Left bottom"), nested) + cell(paragraph(""), properties="<w:vMerge/>"),
        )
    )

    lines = [line for line in read(content, "cv.docx").text.split("\n") if line]

    assert lines == [
        "Left top",
        "Left top second",
        "Left bottom",
        "Go | Python | SQL",
        "Right top",
        "Right top second",
    ]


def test_docx_label_column_table_reads_each_label_before_its_content() -> None:
    content = docx_with_body(
        table(
            cell(paragraph("Experience"))
            + cell(paragraph("Engineer — Acme"), paragraph("2019 – 2021")),
            cell(paragraph("Education")) + cell(paragraph("MSc — KTH"), paragraph("2013 – 2015")),
        )
    )

    lines = [line for line in read(content, "cv.docx").text.split("\n") if line]

    assert lines == [
        "# Experience",
        "Engineer — Acme",
        "2019 – 2021",
        "# Education",
        "MSc — KTH",
        "2013 – 2015",
    ]


def test_docx_paragraph_rules_outline_numbering_controls_revisions_fields_and_tabs() -> None:
    content = docx_with_body(
        paragraph("Outlined heading", "<w:outlineLvl w:val='0'/>")
        + paragraph("Numbered item", "<w:numPr><w:ilvl w:val='0'/><w:numId w:val='1'/></w:numPr>")
        + paragraph("Not numbered", "<w:numPr><w:numId w:val='0'/></w:numPr>")
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + paragraph("Inside a content control")
        + "</w:sdtContent></w:sdt>"
        + "<w:p><w:r><w:t>Kept </w:t></w:r>"
        + "<w:del><w:r><w:delText>deleted </w:delText></w:r></w:del>"
        + "<w:ins><w:r><w:t>inserted</w:t></w:r></w:ins></w:p>"
        + "<w:p><w:fldSimple w:instr=' HYPERLINK \"https://github.com/mara\" '>"
        + "<w:r><w:t>GitHub</w:t></w:r></w:fldSimple></w:p>"
        + "<w:p><w:r><w:t>Senior Engineer</w:t><w:tab/><w:t>2019 – 2021</w:t></w:r></w:p>"
        + "<w:p><w:r><w:t>•</w:t><w:tab/><w:t>Typed bullet</w:t></w:r></w:p>"
        + "<w:p><w:r><w:t>Skills:</w:t><w:tab/><w:t>Go</w:t><w:br/>"
        + "<w:t>Second line</w:t></w:r></w:p>"
    )

    lines = read(content, "cv.docx").text.split("\n")

    assert lines == [
        "# Outlined heading",
        "- Numbered item",
        "Not numbered",
        "Inside a content control",
        "Kept inserted",
        "GitHub https://github.com/mara",
        "Senior Engineer | 2019 – 2021",
        "- Typed bullet",
        "Skills: Go",
        "Second line",
    ]


def replaced_entry(content: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return buffer.getvalue()


def test_docx_page_count_comes_from_the_app_properties() -> None:
    content = replaced_entry(
        SAMPLES[0].render("docx_single"),
        "docProps/app.xml",
        b"<Properties><Pages>3</Pages></Properties>",
    )

    assert check_docx_archive(content) == 3
    assert read(content, "cv.docx").pages == 3


def test_docx_entry_compressed_over_the_ratio_is_refused_below_the_size_cap() -> None:
    buffer = io.BytesIO(SAMPLES[0].render("docx_single"))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/more-zeros.bin", bytes(5 * 1024 * 1024))

    with pytest.raises(ResumeRejected) as refused:
        read(buffer.getvalue(), "cv.docx")

    assert refused.value.status == 422
    assert "ZIP bomb" in str(refused.value)
