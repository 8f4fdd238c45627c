"""The test resumes rendered as files, the files a reader must refuse, and what a reader
must read from each rendering.

Every person of :mod:`tests.support.resume_people` renders in each layout of :data:`LAYOUTS`
(DOCX with python-docx: headings and list paragraphs, a label/content layout table, a
two-column table, a page header with a text box; PDF with fpdf2: one column, and a sidebar
beside a main column; plain text; Markdown; JSON Resume). :func:`expected_reading` lists, for
a layout, the text a reader must return in order. :data:`BAD_FILES` builds the files a reader
must refuse, with the status and message.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.section import _Header
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from jobpilot.profiles.document import ResumeFormat
from jobpilot.profiles.resume import ParsedResume
from tests.support.resume_people import (
    PEOPLE,
    BlockKind,
    Expect,
    Item,
    Job,
    Person,
    Reading,
    Study,
    all_bullets,
    block_expectations,
    blocks_of,
    contact_line,
    json_truth_of,
    labelled_links,
    main_blocks,
    sidebar_blocks,
    truth_of,
    urls_line,
)


def expected_reading(sample: Sample, layout: str) -> Reading:
    """What :func:`jobpilot.profiles.readers.read_resume` must return for a rendering."""
    person = sample.person
    blocks = blocks_of(person)
    head = [Expect(person.name), Expect(person.headline), Expect(contact_line(person))]
    headings = [block.heading for block in blocks]
    bullets = all_bullets(blocks)
    if layout == "docx_single":
        return Reading(
            [*head, *labelled_links(person), *block_expectations(blocks, wrapped_prose=False)],
            headings=headings,
            bullets=bullets,
        )
    if layout in ("text", "markdown"):
        links = [Expect(urls_line(person))] if layout == "text" else labelled_links(person)
        upper = layout == "text" and not person.underlined_headings
        return Reading(
            [
                *head,
                *links,
                *block_expectations(blocks, wrapped_prose=False, upper_headings=upper),
            ],
            headings=[] if upper else headings,
            bullets=bullets,
        )
    if layout == "docx_table":
        ordered = [*head, Expect(urls_line(person))]
        for block in blocks:
            ordered.append(Expect(block.heading))
            if block.kind == "skills":
                ordered.extend(Expect(" | ".join(row)) for row in _skill_rows(person))
                continue
            ordered.extend(Expect(item.text) for item in block.items)
        bullets = [
            text for block in blocks if block.kind != "skills" for text in all_bullets([block])
        ]
        return Reading(ordered, headings=headings, bullets=bullets)
    if layout == "docx_two_column":
        side = [
            Expect("Contact"),
            Expect(person.email),
            Expect(person.phone),
            Expect(person.location),
            *(Expect(link.url) for link in person.links),
        ]
        side.extend(block_expectations(sidebar_blocks(person), wrapped_prose=False))
        main = block_expectations(main_blocks(person), wrapped_prose=False)
        return Reading(
            [Expect(person.name), Expect(person.headline), *side, *main],
            headings=[
                "Contact",
                *(block.heading for block in [*sidebar_blocks(person), *main_blocks(person)]),
            ],
            bullets=all_bullets(main_blocks(person)),
        )
    if layout == "docx_textbox_header":
        return Reading(
            [
                *head,
                Expect(urls_line(person)),
                Expect(_FOOTER_NOTE),
                *block_expectations(blocks, wrapped_prose=False),
            ],
            once=[contact_line(person), urls_line(person), _FOOTER_NOTE, person.summary],
            headings=headings,
            bullets=bullets,
        )
    if layout == "pdf_single":
        return Reading(
            [
                *head,
                *labelled_links(person),
                *block_expectations(blocks, wrapped_prose=True),
            ],
            headings=[person.name, *headings],
            bullets=bullets,
        )
    if layout == "pdf_two_column":
        side = [Expect("Contact"), Expect(person.email), Expect(person.phone)]
        side.append(Expect(person.location))
        side.extend(
            part for link in person.links for part in (Expect(link.label), Expect(link.url))
        )
        side.extend(block_expectations(sidebar_blocks(person), wrapped_prose=True))
        main = block_expectations(main_blocks(person), wrapped_prose=True)
        return Reading(
            [Expect(person.name), Expect(person.headline), *side, *main],
            headings=[
                person.name,
                "Contact",
                *(block.heading for block in [*sidebar_blocks(person), *main_blocks(person)]),
            ],
            bullets=all_bullets(main_blocks(person)),
        )
    raise ValueError(f"no reading order for layout {layout}")


_FOOTER_NOTE = "References available on request"
_TEXT_BOX_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rel_id}"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
        f"<w:t>{escape(text)}</w:t></w:r></w:hyperlink>"
    )
    paragraph._p.append(link)


def _add_text_box(paragraph: Paragraph, lines: Sequence[str]) -> None:
    """A floating text box, stored as Word does: a drawing plus a VML fallback copy."""
    content = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines
    )
    run = parse_xml(
        f"<w:r {_TEXT_BOX_NAMESPACES}><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="5486400" cy="1097280"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="7" name="Summary box"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="5486400" cy="1097280"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="SummaryBox" style="width:432pt;height:86pt">'
        f"<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    paragraph._p.append(run)


def _docx_item(container: DocxDocument | _Cell, item: Item, *, bullet_style: bool = True) -> None:
    if item.kind == "bullet" and bullet_style:
        container.add_paragraph(item.text, style="List Bullet")
    elif item.kind == "bullet":
        container.add_paragraph(f"▪\t{item.text}")
    elif item.kind == "entry":
        container.add_paragraph().add_run(item.text).bold = True
    else:
        container.add_paragraph(item.text)


def render_docx_single(person: Person) -> bytes:
    """Headings in heading styles, bullets as list paragraphs, links as hyperlinks."""
    document = docx.Document()
    document.add_heading(person.name, level=0)
    document.add_paragraph(person.headline, style="Subtitle")
    document.add_paragraph(contact_line(person))
    links = document.add_paragraph()
    for index, link in enumerate(person.links):
        if index:
            links.add_run(" · ")
        _add_hyperlink(links, link.label, link.url)
    for block in blocks_of(person):
        document.add_heading(block.heading, level=1)
        for item in block.items:
            _docx_item(document, item)
    return _docx_bytes(document)


def _skill_rows(person: Person) -> list[tuple[str, ...]]:
    skills = [skill for group in person.skills for skill in group.skills]
    return [tuple(skills[index : index + 3]) for index in range(0, len(skills), 3)]


def render_docx_table(person: Person) -> bytes:
    """The whole resume in a label column + content column table; skills in a nested table."""
    document = docx.Document()
    document.add_heading(person.name, level=0)
    document.add_paragraph(person.headline)
    document.add_paragraph(contact_line(person))
    document.add_paragraph(urls_line(person))
    blocks = blocks_of(person)
    table = document.add_table(rows=len(blocks), cols=2)
    for row, block in zip(table.rows, blocks, strict=True):
        label, content = row.cells
        label.paragraphs[0].add_run(block.heading).bold = True
        if block.kind == "skills":
            rows = _skill_rows(person)
            nested = content.add_table(rows=len(rows), cols=3)
            for nested_row, names in zip(nested.rows, rows, strict=True):
                for cell, name in zip(nested_row.cells, names, strict=False):
                    cell.paragraphs[0].add_run(name)
            continue
        first, *rest = block.items
        paragraph = content.paragraphs[0]
        paragraph.add_run(first.text).bold = first.kind == "entry"
        if first.kind == "bullet":
            paragraph.style = document.styles["List Bullet"]
        for item in rest:
            _docx_item(content, item)
    return _docx_bytes(document)


def render_docx_two_column(person: Person) -> bytes:
    """A one-row, two-cell table: a sidebar (contact, skills, languages) beside the main text."""
    document = docx.Document()
    document.add_heading(person.name, level=0)
    document.add_paragraph(person.headline)
    table = document.add_table(rows=1, cols=2)
    side, main = table.rows[0].cells
    side.paragraphs[0].text = "Contact"
    side.paragraphs[0].style = document.styles["Heading 2"]
    for line in (person.email, person.phone, person.location, *(link.url for link in person.links)):
        side.add_paragraph(line)
    for block in sidebar_blocks(person):
        side.add_paragraph(block.heading, style="Heading 2")
        for item in block.items:
            _docx_item(side, item)
    for index, block in enumerate(main_blocks(person)):
        if index == 0:
            main.paragraphs[0].text = block.heading
            main.paragraphs[0].style = document.styles["Heading 2"]
        else:
            main.add_paragraph(block.heading, style="Heading 2")
        for item in block.items:
            _docx_item(main, item)
    return _docx_bytes(document)


def render_docx_textbox_header(person: Person) -> bytes:
    """Contact details in the page header (repeated in a second section), the summary in a
    text box, typed "▪" bullets, a footer note."""
    document = docx.Document()
    sections: list[BlockKind] = [kind for kind in person.order if kind != "summary"]
    first_part = sections[:2]
    second_part = sections[2:]
    _fill_header(document.sections[0].header, person)
    document.sections[0].footer.paragraphs[0].text = _FOOTER_NOTE
    summary_heading = person.headings.summary
    document.add_heading(summary_heading, level=1)
    _add_text_box(document.add_paragraph(), [person.summary])
    for block in blocks_of(person, first_part):
        document.add_heading(block.heading, level=1)
        for item in block.items:
            _docx_item(document, item, bullet_style=False)
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.header.is_linked_to_previous = False
    _fill_header(section.header, person)
    for block in blocks_of(person, second_part):
        document.add_heading(block.heading, level=1)
        for item in block.items:
            _docx_item(document, item, bullet_style=False)
    return _docx_bytes(document)


def _fill_header(header: _Header, person: Person) -> None:
    run = header.paragraphs[0].add_run(person.name)
    run.bold = True
    run.font.size = Pt(18)
    for line in (person.headline, contact_line(person), urls_line(person)):
        header.add_paragraph(line)


_PAGE_TOP = 50.0
_PAGE_BOTTOM = 800.0


class _PdfPen:
    """Writes items down one column of a PDF, starting a new page when the column is full."""

    def __init__(self, pdf: FPDF, *, x: float, width: float, body: float, heading: float) -> None:
        self.pdf = pdf
        self.x = x
        self.width = width
        self.body = body
        self.heading_size = heading
        self.y = _PAGE_TOP

    def _room(self, height: float) -> None:
        if self.y + height > _PAGE_BOTTOM:
            self.pdf.add_page()
            self.y = _PAGE_TOP

    def line(
        self, text: str, *, size: float | None = None, bold: bool = False, link: str = ""
    ) -> None:
        size = size or self.body
        self.pdf.set_font("Helvetica", "B" if bold else "", size)
        if self.pdf.get_string_width(text) > self.width - 2 * self.pdf.c_margin:
            raise ValueError(f"{text!r} does not fit on one line of this layout")
        height = size * 1.35
        self._room(height)
        self.pdf.set_xy(self.x, self.y)
        self.pdf.cell(self.width, height, text, link=link)
        self.y += height

    def heading(self, text: str) -> None:
        self.y += self.heading_size * 0.6
        self.line(text, size=self.heading_size, bold=True)
        self.y += 2

    def prose(self, text: str) -> None:
        self.pdf.set_font("Helvetica", "", self.body)
        height = self.body * 1.35
        lines = self.pdf.multi_cell(self.width, height, text, dry_run=True, output="LINES")
        assert isinstance(lines, list)
        self._room(height * len(lines))
        self.pdf.set_xy(self.x, self.y)
        self.pdf.multi_cell(self.width, height, text, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.y = self.pdf.get_y()

    def bullet(self, text: str) -> None:
        self.pdf.set_font("Helvetica", "", self.body)
        height = self.body * 1.35
        indent = self.body * 1.2
        lines = self.pdf.multi_cell(self.width - indent, height, text, dry_run=True, output="LINES")
        assert isinstance(lines, list)
        self._room(height * len(lines))
        self.pdf.set_xy(self.x, self.y)
        self.pdf.cell(indent, height, "•")
        self.pdf.set_xy(self.x + indent, self.y)
        self.pdf.multi_cell(self.width - indent, height, text, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.y = self.pdf.get_y()

    def gap(self, points: float) -> None:
        self.y += points

    def item(self, item: Item) -> None:
        if item.kind == "bullet":
            self.bullet(item.text)
        elif item.kind == "prose":
            self.prose(item.text)
        elif item.kind == "entry":
            self.gap(3)
            self.line(item.text, bold=True)
        else:
            self.line(item.text)


def _new_pdf() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_creator("jobpilot tests")
    pdf.add_page()
    return pdf


def render_pdf_single(person: Person) -> bytes:
    """One column: a large bold name, bold larger headings, "•" bullets, link annotations."""
    pdf = _new_pdf()
    pen = _PdfPen(pdf, x=50, width=495, body=10, heading=13)
    pen.line(person.name, size=20, bold=True)
    pen.line(person.headline, size=11)
    pen.line(contact_line(person), size=9.5)
    pdf.set_font("Helvetica", "", 9.5)
    pdf.set_xy(pen.x, pen.y)
    for index, link in enumerate(person.links):
        if index:
            pdf.cell(pdf.get_string_width(" · "), 13, " · ")
        pdf.cell(pdf.get_string_width(link.label), 13, link.label, link=link.url)
    pen.gap(13)
    for block in blocks_of(person):
        pen.heading(block.heading)
        for item in block.items:
            pen.item(item)
    return bytes(pdf.output())


def render_pdf_two_column(person: Person) -> bytes:
    """A name band across the page, then a narrow sidebar (contact, skills, languages) beside
    a wide main column, drawn as positioned text."""
    pdf = _new_pdf()
    band = _PdfPen(pdf, x=36, width=523, body=10, heading=12)
    band.line(person.name, size=22, bold=True)
    band.line(person.headline, size=10.5)
    top = band.y + 18
    side = _PdfPen(pdf, x=36, width=150, body=8.5, heading=10)
    side.y = top
    side.heading("Contact")
    for line in (person.email, person.phone, person.location):
        side.line(line)
    for link in person.links:
        side.line(link.label, link=link.url)
    for block in sidebar_blocks(person):
        side.heading(block.heading)
        for item in block.items:
            side.item(item)
    if pdf.page != 1:
        raise ValueError("the sidebar must fit on the first page")
    main = _PdfPen(pdf, x=206, width=353, body=9.5, heading=12)
    main.y = top
    for block in main_blocks(person):
        main.heading(block.heading)
        for item in block.items:
            main.item(item)
    return bytes(pdf.output())


def render_text(person: Person) -> bytes:
    """Plain text: UPPERCASE headings (or underlined ones), the person's own bullet glyph."""
    lines = [person.name, person.headline, contact_line(person), urls_line(person)]
    for block in blocks_of(person):
        lines.append("")
        if person.underlined_headings:
            lines.extend([block.heading, "=" * len(block.heading)])
        else:
            lines.append(block.heading.upper())
        for item in block.items:
            if item.kind == "entry":
                lines.append("")
            lines.append(
                f"{person.text_bullet} {item.text}" if item.kind == "bullet" else item.text
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_markdown(person: Person) -> bytes:
    """Markdown: ``##`` headings, bold entry lines, Markdown links."""
    links = " · ".join(f"[{link.label}]({link.url})" for link in person.links)
    lines = [f"# {person.name}", "", f"**{person.headline}**", "", contact_line(person), links]
    for block in blocks_of(person):
        lines.extend(["", f"## {block.heading}", ""])
        for item in block.items:
            if item.kind == "entry":
                lines.append(f"**{item.text}**  ")
            elif item.kind == "bullet":
                lines.append(f"- {item.text}")
            else:
                lines.append(item.text)
    return ("\n".join(lines) + "\n").encode("utf-8")


def json_resume(person: Person) -> dict[str, object]:
    """``person`` as a JSON Resume v1 document (https://jsonresume.org/schema)."""
    portfolio = next((link.url for link in person.links if link.kind == "portfolio"), None)
    basics: dict[str, object] = {
        "name": person.name,
        "label": person.headline,
        "email": person.email,
        "phone": person.phone,
        "summary": person.summary,
        "location": dict(person.json_location),
        "profiles": [
            {"network": link.label, "url": link.url}
            for link in person.links
            if link.kind != "portfolio"
        ],
    }
    if portfolio:
        basics["url"] = portfolio
    document: dict[str, object] = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": [_json_work(job) for job in person.jobs],
        "education": [_json_study(study) for study in person.studies],
        "skills": [{"name": skill} for group in person.skills for skill in group.skills],
        "languages": [
            {"language": item.language, "fluency": item.level} for item in person.languages
        ],
        "certificates": [
            {
                key: value
                for key, value in (
                    ("name", item.name),
                    ("issuer", item.issuer),
                    ("date", item.date),
                )
                if value
            }
            for item in person.certifications
        ],
        "projects": [
            {
                key: value
                for key, value in (
                    ("name", item.name),
                    ("description", item.description),
                    ("url", item.url),
                    ("highlights", list(item.bullets)),
                )
                if value
            }
            for item in person.projects
        ],
        "publications": [
            {
                key: value
                for key, value in (
                    ("name", item.title),
                    ("publisher", item.venue),
                    ("releaseDate", item.date),
                    ("url", item.url),
                )
                if value
            }
            for item in person.publications
        ],
    }
    return document


def _json_work(job: Job) -> dict[str, object]:
    work: dict[str, object] = {"name": job.company, "position": job.title}
    for key, value in (
        ("location", job.location),
        ("startDate", job.start),
        ("endDate", job.end),
        ("summary", job.description),
    ):
        if value:
            work[key] = value
    work["highlights"] = list(job.bullets)
    return work


def _json_study(study: Study) -> dict[str, object]:
    entry: dict[str, object] = {
        "institution": study.institution,
        "area": study.field,
        "studyType": study.degree,
    }
    for key, value in (("startDate", study.start), ("endDate", study.end)):
        if value:
            entry[key] = value
    if study.details:
        entry["courses"] = list(study.details)
    return entry


def render_json_resume(person: Person) -> bytes:
    return json.dumps(json_resume(person), ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True, slots=True)
class FileType:
    extension: str
    content_type: str
    format: ResumeFormat


@dataclass(frozen=True, slots=True)
class Sample:
    """One person: a name for test ids, the truth (and the truth of the JSON Resume
    rendering, which cannot say everything), and a rendering per layout."""

    name: str
    person: Person
    truth: ParsedResume
    json_truth: ParsedResume

    def render(self, layout: str) -> bytes:
        return _rendered(self.name, layout)

    def filename(self, layout: str) -> str:
        return f"{self.name}-resume{LAYOUT_FILES[layout].extension}"


RENDERERS: dict[str, Callable[[Person], bytes]] = {
    "docx_single": render_docx_single,
    "docx_table": render_docx_table,
    "docx_two_column": render_docx_two_column,
    "docx_textbox_header": render_docx_textbox_header,
    "pdf_single": render_pdf_single,
    "pdf_two_column": render_pdf_two_column,
    "text": render_text,
    "markdown": render_markdown,
    "json_resume": render_json_resume,
}

_DOCX = FileType(
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
_PDF = FileType(".pdf", "application/pdf", "pdf")
LAYOUT_FILES: dict[str, FileType] = {
    "docx_single": _DOCX,
    "docx_table": _DOCX,
    "docx_two_column": _DOCX,
    "docx_textbox_header": _DOCX,
    "pdf_single": _PDF,
    "pdf_two_column": _PDF,
    "text": FileType(".txt", "text/plain", "text"),
    "markdown": FileType(".md", "text/markdown", "markdown"),
    "json_resume": FileType(".json", "application/json", "json"),
}

SAMPLES: tuple[Sample, ...] = tuple(
    Sample(
        name=person.name.split()[0].lower(),
        person=person,
        truth=truth_of(person),
        json_truth=json_truth_of(person),
    )
    for person in PEOPLE
)
_BY_NAME = {sample.name: sample for sample in SAMPLES}


@cache
def _rendered(name: str, layout: str) -> bytes:
    return RENDERERS[layout](_BY_NAME[name].person)


def _layout_renderer(layout: str) -> Callable[[Sample], bytes]:
    def render(sample: Sample) -> bytes:
        return sample.render(layout)

    return render


LAYOUTS: dict[str, Callable[[Sample], bytes]] = {
    layout: _layout_renderer(layout) for layout in RENDERERS
}


@dataclass(frozen=True, slots=True)
class BadFile:
    content: bytes
    filename: str | None
    content_type: str | None
    status: int
    message: str


PDF_PASSWORD = "correct horse"


def encrypted_pdf(*, user_password: str = PDF_PASSWORD) -> bytes:
    """A resume PDF encrypted with RC4 (readable without extra crypto libraries); with an
    empty ``user_password`` anyone can open it, only the owner's permissions are protected."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(SAMPLES[0].render("pdf_single"))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A scanned-looking PDF: an image and shapes, no text layer."""
    pdf = _new_pdf()
    scan = Image.new("L", (300, 400), color=255)
    drawing = ImageDraw.Draw(scan)
    for row in range(20, 380, 18):
        drawing.rectangle((20, row, 280 - (row % 50), row + 6), fill=40)
    pdf.image(scan, x=50, y=50, w=300, h=400)
    pdf.set_fill_color(200, 200, 200)
    pdf.rect(50, 500, 400, 20, style="F")
    pdf.ellipse(60, 560, 80, 80, style="D")
    return bytes(pdf.output())


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF"


def _entry_offset(content: bytes, name: str) -> tuple[int, int]:
    """Where an entry's compressed data starts in a ZIP, and how long it is."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(name)
    header = info.header_offset
    name_length, extra_length = struct.unpack("<HH", content[header + 26 : header + 30])
    return header + 30 + name_length + extra_length, info.compress_size


def corrupt_docx() -> bytes:
    """A DOCX whose word/document.xml data is overwritten: the directory reads, the data not."""
    content = bytearray(SAMPLES[0].render("docx_single"))
    start, length = _entry_offset(bytes(content), "word/document.xml")
    content[start + length // 4 : start + length // 2] = b"\xff" * (length // 2 - length // 4)
    return bytes(content)


def truncated_docx() -> bytes:
    content = SAMPLES[0].render("docx_single")
    return content[: len(content) // 2]


_BOMB_ENTRY = "word/media/filler.bin"


@cache
def zip_bomb_docx(megabytes: int = 100) -> bytes:
    """A valid DOCX plus an entry of ``megabytes`` MB of zeros (about 100 KB compressed)."""
    buffer = io.BytesIO(SAMPLES[0].render("docx_single"))
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(_BOMB_ENTRY, "w") as entry,
    ):
        for _ in range(megabytes):
            entry.write(chunk)
    return buffer.getvalue()


@cache
def lying_zip_bomb_docx() -> bytes:
    """The ZIP bomb with its directory (and local header) claiming the entry is 1,000 bytes."""
    content = bytearray(zip_bomb_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo(_BOMB_ENTRY)
    struct.pack_into("<I", content, info.header_offset + 22, 1000)
    central = bytes(content).rfind(b"PK\x01\x02", 0, bytes(content).rfind(_BOMB_ENTRY.encode()))
    struct.pack_into("<I", content, central + 24, 1000)
    return bytes(content)


def many_entries_docx(entries: int = 600) -> bytes:
    buffer = io.BytesIO(SAMPLES[0].render("docx_single"))
    with zipfile.ZipFile(buffer, "a") as archive:
        for index in range(entries):
            archive.writestr(f"customXml/extra{index}.xml", "<x/>")
    return buffer.getvalue()


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def zip_without_document() -> bytes:
    return _zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<styles/>"})


def odt_file() -> bytes:
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


def empty_docx() -> bytes:
    return _docx_bytes(docx.Document())


def png_image() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), color=(200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


_DOCX_TYPE = _DOCX.content_type


def _bad_files() -> dict[str, Callable[[], BadFile]]:
    render = SAMPLES[0].render
    return {
        "empty": lambda: BadFile(b"", "cv.pdf", "application/pdf", 422, "the file is empty"),
        "whitespace": lambda: BadFile(
            b" \n\t \r\n", "cv.txt", "text/plain", 422, "the file is empty"
        ),
        "utf16_whitespace": lambda: BadFile(
            "   \n ".encode("utf-16"), "cv.txt", None, 422, "the file is empty"
        ),
        "encrypted_pdf": lambda: BadFile(
            encrypted_pdf(), "cv.pdf", "application/pdf", 422, "the PDF is password-protected"
        ),
        "image_only_pdf": lambda: BadFile(
            image_only_pdf(),
            "scan.pdf",
            "application/pdf",
            422,
            "no text layer — OCR is not supported",
        ),
        "corrupt_pdf": lambda: BadFile(corrupt_pdf(), "cv.pdf", None, 422, "corrupt"),
        "corrupt_docx": lambda: BadFile(corrupt_docx(), "cv.docx", _DOCX_TYPE, 422, "corrupt"),
        "truncated_docx": lambda: BadFile(truncated_docx(), "cv.docx", None, 422, "corrupt"),
        "zip_bomb_docx": lambda: BadFile(zip_bomb_docx(), "cv.docx", _DOCX_TYPE, 422, "ZIP bomb"),
        "lying_zip_bomb_docx": lambda: BadFile(
            lying_zip_bomb_docx(), "cv.docx", _DOCX_TYPE, 422, "corrupt"
        ),
        "many_entries_docx": lambda: BadFile(
            many_entries_docx(), "cv.docx", None, 422, "more than 500 entries"
        ),
        "empty_docx": lambda: BadFile(empty_docx(), "cv.docx", None, 422, "no text"),
        "zip_named_docx": lambda: BadFile(
            zip_without_document(), "cv.docx", None, 415, "a ZIP archive without word/document.xml"
        ),
        "docx_named_pdf": lambda: BadFile(
            SAMPLES[0].render("docx_single"),
            "cv.pdf",
            None,
            415,
            "found a Word document (DOCX), but the file is named .pdf",
        ),
        "pdf_named_docx": lambda: BadFile(
            render("pdf_single"),
            "cv.docx",
            None,
            415,
            "found a PDF document, but the file is named .docx",
        ),
        "pdf_sent_as_text": lambda: BadFile(
            render("pdf_single"),
            None,
            "text/plain",
            415,
            "found a PDF document, but the file was sent as text/plain",
        ),
        "text_named_pdf": lambda: BadFile(
            render("text"), "cv.pdf", None, 415, "found plain text, but the file is named .pdf"
        ),
        "binary_named_txt": lambda: BadFile(
            bytes(range(256)) * 4, "cv.txt", "text/plain", 415, "binary data"
        ),
        "png_named_txt": lambda: BadFile(png_image(), "cv.txt", None, 415, "a PNG image"),
        "png_upload": lambda: BadFile(png_image(), "scan.png", "image/png", 415, ".png"),
        "legacy_doc": lambda: BadFile(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "cv.doc",
            "application/msword",
            415,
            ".doc",
        ),
        "ole_named_docx": lambda: BadFile(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "cv.docx",
            None,
            415,
            "legacy Word .doc",
        ),
        "odt_named_docx": lambda: BadFile(odt_file(), "cv.docx", None, 415, "OpenDocument"),
        "msword_content_type": lambda: BadFile(
            render("text"), None, "application/msword", 415, "application/msword is not read"
        ),
        "html_named_txt": lambda: BadFile(
            b"<!DOCTYPE html><html><body>CV</body></html>", "cv.txt", None, 415, "an HTML page"
        ),
        "rtf_named_txt": lambda: BadFile(b"{\\rtf1\\ansi CV}", "cv.txt", None, 415, "RTF"),
        "invalid_json": lambda: BadFile(
            b'{\n  "basics": {\n    "name": "Mara"\n    "email": "x@example.com"\n  }\n}',
            "cv.json",
            "application/json",
            422,
            "invalid JSON at line 4, column 5",
        ),
        "json_not_a_resume": lambda: BadFile(
            b'{"title": "not a resume"}', "cv.json", None, 422, "not a JSON Resume"
        ),
        "json_array": lambda: BadFile(
            b'[{"basics": {}}]', "cv.json", None, 422, "not a JSON Resume"
        ),
        "text_named_json": lambda: BadFile(
            render("text"), "cv.json", None, 422, "invalid JSON at line 1, column 1"
        ),
    }


BAD_FILES: dict[str, Callable[[], BadFile]] = _bad_files()
