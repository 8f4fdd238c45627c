"""Markdown, DOCX and PDF renderings of a tailored resume and a cover letter.

Every format is drawn from the same short list of blocks (a heading, a line, a bullet), so the
three files carry the same text in the same order and nothing appears in one that is missing
from another. Only what the document holds is written: an empty field or section is left out.

Output is deterministic: the same document renders to the same bytes, so an artifact can be
cached and compared. DOCX and PDF timestamps are pinned (to the letter's date when it has one).
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.shared import Mm, Pt, RGBColor
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import TTFFont

from jobpilot.agents.documents import (
    CoverLetter,
    TailoredCertification,
    TailoredEducation,
    TailoredExperience,
    TailoredProject,
    TailoredPublication,
    TailoredResume,
)

ExportFormat = Literal["md", "docx", "pdf"]

MEDIA_TYPES: dict[ExportFormat, str] = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

_BlockKind = Literal[
    "title", "contact", "strong", "text", "section", "entry", "note", "bullet", "signature"
]


@dataclass(frozen=True, slots=True)
class _Block:
    """One unit of a rendered document. ``parts`` are shown joined by a middle dot."""

    kind: _BlockKind
    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        return _SEPARATOR.join(self.parts)


@dataclass(frozen=True, slots=True)
class PdfFont:
    """A TrueType family with broad Unicode coverage: the files of its regular and bold faces."""

    regular: Path
    bold: Path


def _family(directory: str, regular: str, bold: str) -> PdfFont:
    return PdfFont(Path(directory) / regular, Path(directory) / bold)


# DejaVu first for its coverage (Latin, Greek, Cyrillic, many symbols); then the same families
# where other Linux distributions install them, and Arial where there is no Linux font at all.
SYSTEM_FONTS: tuple[PdfFont, ...] = (
    _family("/usr/share/fonts/truetype/dejavu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    _family("/usr/share/fonts/dejavu-sans-fonts", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    _family("/usr/share/fonts/dejavu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    _family("/usr/share/fonts/TTF", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    _family(
        "/usr/share/fonts/truetype/liberation",
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
    ),
    _family(
        "/usr/share/fonts/liberation-sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"
    ),
    _family("/usr/share/fonts/truetype/noto", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    _family("/usr/share/fonts/noto", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    _family("/System/Library/Fonts/Supplemental", "Arial.ttf", "Arial Bold.ttf"),
    _family("C:/Windows/Fonts", "arial.ttf", "arialbd.ttf"),
)

_SEPARATOR = " · "
_RANGE_DASH = " \u2013 "
_TITLE_DASH = " — "
# Stands for "no date": the zip format's earliest timestamp, used wherever a file format insists
# on a creation time and the document has none, so that output does not depend on the clock.
_UNDATED = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-\d{1,2})?)?")
# Space-separated, January first.
_MONTH_NAMES = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}


def render_resume(
    resume: TailoredResume, fmt: ExportFormat, *, fonts: Sequence[PdfFont] = SYSTEM_FONTS
) -> bytes:
    """The resume as a file of the given format.

    ``fonts`` are the TrueType families a PDF may use, first one present wins; with none present
    the PDF falls back to Helvetica and Latin-1 (see :func:`fold_to_latin1`).
    Raises ``ValueError`` for an unknown format.
    """
    blocks = _resume_blocks(resume)
    title = f"{_clean(resume.name)}{_TITLE_DASH}Resume" if _clean(resume.name) else "Resume"
    meta = _Metadata(title=title, author=_clean(resume.name), language=None, created=_UNDATED)
    return _render(blocks, fmt, meta, fonts)


def render_letter(
    letter: CoverLetter,
    fmt: ExportFormat,
    *,
    date: datetime.date | None = None,
    fonts: Sequence[PdfFont] = SYSTEM_FONTS,
) -> bytes:
    """The cover letter as a file of the given format, dated ``date`` when one is given.

    ``fonts`` as for :func:`render_resume`. Raises ``ValueError`` for an unknown format.
    """
    blocks = _letter_blocks(letter, date)
    created = (
        _UNDATED
        if date is None
        else datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)
    )
    meta = _Metadata(
        title=_clean(letter.subject) or "Cover letter",
        author=_clean(letter.signature),
        language=letter.language,
        created=created,
    )
    return _render(blocks, fmt, meta, fonts)


def resume_markdown(resume: TailoredResume) -> str:
    """The resume as Markdown, with user text escaped so that it cannot change the structure."""
    return _markdown(_resume_blocks(resume))


def letter_markdown(letter: CoverLetter, *, date: datetime.date | None = None) -> str:
    """The cover letter as Markdown, dated ``date`` when one is given."""
    return _markdown(_letter_blocks(letter, date))


def format_partial_date(value: str) -> str:
    """A partial ISO date for reading: ``"2019-03"`` is "Mar 2019", ``"2019"`` stays "2019".

    A full date shows its month and year; anything else is returned as written.
    """
    text = _clean(value)
    match = _PARTIAL_DATE.fullmatch(text)
    if match is None:
        return text
    year, month = match.group(1), match.group(2)
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return text
    return f"{_month_name('en', int(month))[:3]} {year}"


def format_period(start: str | None, end: str | None, *, current: bool = False) -> str | None:
    """The span of a job or degree, e.g. "Mar 2019 \u2013 present"; None when no date is known.

    A current entry ends "present" whatever its ``end``; "present" alone, without a start, says
    nothing and is left out.
    """
    first = format_partial_date(start) if start and _clean(start) else None
    last = "present" if current else (format_partial_date(end) if end and _clean(end) else None)
    if first is None:
        return None if current else last
    return first if last is None else f"{first}{_RANGE_DASH}{last}"


def find_pdf_font(candidates: Sequence[PdfFont] = SYSTEM_FONTS) -> PdfFont | None:
    """The first candidate whose regular and bold files both exist on this machine."""
    return next(
        (font for font in candidates if font.regular.is_file() and font.bold.is_file()), None
    )


# Typographic marks the core fonts lack, with their usual ASCII stand-ins, and letters that have
# no decomposition to take an accent off (Ł, đ, œ); zero-width characters are dropped.
_ASCII_FORMS = {
    **dict.fromkeys("\u2018\u2019\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u2022\u2023\u2043\u25aa\u25cf\u25e6", "-"),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
    **{"\u201a": ",", "\u2039": "<", "\u203a": ">", "\u2192": "->", "\u20ac": "EUR"},
    **{"\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u0131": "i"},
    **{"\u0152": "OE", "\u0153": "oe"},
}


def fold_to_latin1(text: str) -> str:
    """``text`` in the Latin-1 characters the PDF core fonts can draw.

    Latin-1 characters stay; typographic quotes, dashes and bullets become their ASCII forms;
    other characters lose their accents (compatibility decomposition); what is left is "?".
    """
    return "".join(_latin1_form(character) for character in text)


def _latin1_form(character: str) -> str:
    if ord(character) < 0x100:
        return character
    if character in _ASCII_FORMS:
        return _ASCII_FORMS[character]
    kept = "".join(
        part
        for part in unicodedata.normalize("NFKD", character)
        if ord(part) < 0x100 and not unicodedata.combining(part)
    )
    return kept or "?"


def _clean(text: str | None) -> str:
    """Text on one line with runs of whitespace made single spaces."""
    return " ".join(text.split()) if text else ""


def _joined(separator: str, *values: str | None) -> str:
    return separator.join(cleaned for cleaned in map(_clean, values) if cleaned)


def _block(kind: _BlockKind, *values: str | None) -> list[_Block]:
    """A block of the non-empty values, or nothing when all are empty."""
    parts = tuple(cleaned for cleaned in map(_clean, values) if cleaned)
    return [_Block(kind, parts)] if parts else []


def _bullets(values: Iterable[str]) -> list[_Block]:
    return [block for value in values for block in _block("bullet", value)]


def _section(heading: str, body: list[_Block]) -> list[_Block]:
    return [_Block("section", (heading,)), *body] if body else []


def _resume_blocks(resume: TailoredResume) -> list[_Block]:
    return [
        *_block("title", resume.name),
        *_block("contact", resume.email, resume.phone, resume.location, *resume.links),
        *_block("strong", resume.headline),
        *_block("text", resume.summary),
        *_section("Experience", [b for job in resume.experience for b in _job_blocks(job)]),
        *_section("Education", [b for degree in resume.education for b in _degree_blocks(degree)]),
        *_section("Skills", _block("text", _joined(", ", *resume.skills))),
        *_section(
            "Certifications",
            _bullets(_certification_line(item) for item in resume.certifications),
        ),
        *_section("Languages", _block("text", _joined(", ", *resume.languages))),
        *_section("Projects", [b for project in resume.projects for b in _project_blocks(project)]),
        *_section("Publications", _bullets(_publication_line(p) for p in resume.publications)),
    ]


def _job_blocks(job: TailoredExperience) -> list[_Block]:
    return [
        *_block("entry", _joined(_TITLE_DASH, job.title, job.company)),
        *_block("note", format_period(job.start, job.end, current=job.current), job.location),
        *_bullets(job.bullets),
    ]


def _degree_blocks(degree: TailoredEducation) -> list[_Block]:
    return [
        *_block(
            "entry",
            _joined(_TITLE_DASH, _joined(", ", degree.degree, degree.field), degree.institution),
        ),
        *_block("note", format_period(degree.start, degree.end)),
        *_bullets(degree.details),
    ]


def _certification_line(certification: TailoredCertification) -> str:
    """The certificate's line, e.g. "AWS Solutions Architect — Amazon (Mar 2021)"."""
    when = _clean(certification.date)
    return _joined(
        " ",
        _joined(_TITLE_DASH, certification.name, certification.issuer),
        f"({format_partial_date(when)})" if when else None,
    )


def _project_blocks(project: TailoredProject) -> list[_Block]:
    return [
        *_block("entry", project.name),
        *_block("text", project.description),
        *_block("note", project.url),
        *_bullets(project.bullets),
    ]


def _publication_line(publication: TailoredPublication) -> str:
    """The publication's line, e.g. "Boring pipelines — PyCon DE (Apr 2023) · https://…"."""
    when = _clean(publication.date)
    return _joined(
        " · ",
        _joined(
            " ",
            _joined(_TITLE_DASH, publication.title, publication.venue),
            f"({format_partial_date(when)})" if when else None,
        ),
        publication.url,
    )


def _letter_blocks(letter: CoverLetter, dated: datetime.date | None) -> list[_Block]:
    return [
        *_block("text", format_letter_date(dated, letter.language) if dated else None),
        *(block for line in letter.recipient.splitlines() for block in _block("text", line)),
        *_block("strong", letter.subject),
        *_block("text", letter.greeting),
        *(block for paragraph in letter.paragraphs for block in _block("text", paragraph)),
        *_block("text", letter.closing),
        *_block("signature", letter.signature),
    ]


def _month_name(language: str, month: int) -> str:
    return _MONTH_NAMES.get(language, _MONTH_NAMES["en"]).split()[month - 1]


def format_letter_date(day: datetime.date, language: str) -> str:
    """A letter's date written the way its language writes it; English for other languages.

    "2 May 2024", "2. Mai 2024", "2 mai 2024" ("1er mai" on the first), "2 de mayo de 2024".
    """
    code = language.split("-")[0].split("_")[0].lower()
    month = _month_name(code, day.month)
    if code == "de":
        return f"{day.day}. {month} {day.year}"
    if code == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    if code == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


@dataclass(frozen=True, slots=True)
class _Metadata:
    title: str
    author: str
    language: str | None
    created: datetime.datetime


def _render(
    blocks: list[_Block], fmt: ExportFormat, meta: _Metadata, fonts: Sequence[PdfFont]
) -> bytes:
    if fmt == "md":
        return _markdown(blocks).encode("utf-8")
    if fmt == "docx":
        return _docx(blocks, meta)
    if fmt == "pdf":
        return _pdf(blocks, meta, find_pdf_font(fonts))
    raise ValueError(f"unknown export format {fmt!r}: expected one of md, docx, pdf")


_MARKDOWN_PREFIXES: dict[_BlockKind, str] = {"title": "# ", "section": "## ", "entry": "### "}
# Characters that open inline structure anywhere in a line: emphasis, code, links, raw HTML,
# strikethrough, and the backslash itself.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Line starts that open a heading, a list item or a block quote, and a line of only dashes or
# equals signs, which is a rule or a heading underline.
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|>|[-=](?=[-=\s]*$))")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# In a heading, a run of hashes after a space at the end of the line is a closing sequence.
_CLOSING_HASHES = re.compile(r"(^|\s)(#+)$")
_URL = re.compile(r"(?:https?://|mailto:)[^\s<>]+", re.IGNORECASE)


def _escape_inline(text: str) -> str:
    return _ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", text))


def _escape_line(line: str) -> str:
    """An inline-escaped line with the starts and ends that would change its block escaped."""
    escaped = _ORDERED_ITEM.sub(r"\1\\\2", _BLOCK_START.sub(r"\\\1", line))
    return _CLOSING_HASHES.sub(r"\1\\\2", escaped)


def _markdown_part(part: str) -> str:
    # An autolink keeps an address clickable and needs no escaping inside it.
    return f"<{part}>" if _URL.fullmatch(part) else _escape_inline(part)


def _markdown_line(block: _Block) -> str:
    text = _escape_line(_SEPARATOR.join(_markdown_part(part) for part in block.parts))
    if block.kind in _MARKDOWN_PREFIXES:
        return _MARKDOWN_PREFIXES[block.kind] + text
    if block.kind == "bullet":
        return f"- {text}"
    if block.kind == "strong":
        return f"**{text}**"
    return text


def _markdown(blocks: Sequence[_Block]) -> str:
    lines: list[str] = []
    previous: _BlockKind | None = None
    for block in blocks:
        if lines and not (block.kind == "bullet" and previous == "bullet"):
            lines.append("")
        lines.append(_markdown_line(block))
        previous = block.kind
    return "\n".join(lines) + "\n"


_DOCX_HEADING_LEVELS: dict[_BlockKind, int] = {"title": 1, "section": 2, "entry": 3}
_GREY = RGBColor(0x55, 0x55, 0x55)


def _docx(blocks: Sequence[_Block], meta: _Metadata) -> bytes:
    document = docx.Document()
    _set_a4_page(document)
    properties = document.core_properties
    properties.title = meta.title
    properties.author = meta.author
    properties.created = meta.created
    properties.modified = meta.created
    properties.last_modified_by = meta.author
    properties.comments = ""
    properties.revision = 1
    if meta.language:
        properties.language = meta.language
    for block in blocks:
        _add_docx_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_pinned_timestamps(buffer.getvalue())


def _set_a4_page(document: DocxDocument) -> None:
    for section in document.sections:
        section.page_width = Mm(210)
        section.page_height = Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(18)


def _add_docx_block(document: DocxDocument, block: _Block) -> None:
    if block.kind in _DOCX_HEADING_LEVELS:
        document.add_heading(block.text, level=_DOCX_HEADING_LEVELS[block.kind])
        return
    if block.kind == "bullet":
        document.add_paragraph(block.text, style="List Bullet")
        return
    paragraph = document.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.kind == "strong":
        run.bold = True
    elif block.kind in ("contact", "note"):
        run.font.size = Pt(9.5)
        run.font.color.rgb = _GREY
        run.italic = block.kind == "note"
    elif block.kind == "signature":
        # Room above the name for a handwritten signature.
        paragraph.paragraph_format.space_before = Pt(24)


def _with_pinned_timestamps(archive: bytes) -> bytes:
    """The zip archive rewritten with every entry's time set to the zip epoch.

    python-docx stamps entries with the current time, so two renders would differ.
    """
    target = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as pinned,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            pinned.writestr(info, source.read(entry))
    return target.getvalue()


@dataclass(frozen=True, slots=True)
class _PdfLook:
    size: float
    bold: bool = False
    grey: bool = False
    space_before: float = 0.0


_PDF_LOOKS: dict[_BlockKind, _PdfLook] = {
    "title": _PdfLook(20, bold=True),
    "contact": _PdfLook(9.5, grey=True, space_before=1.5),
    "strong": _PdfLook(11, bold=True, space_before=3),
    "text": _PdfLook(10.5, space_before=2.5),
    "section": _PdfLook(12.5, bold=True, space_before=6),
    "entry": _PdfLook(11, bold=True, space_before=3.5),
    "note": _PdfLook(9.5, grey=True, space_before=0.5),
    "bullet": _PdfLook(10.5, space_before=1),
    "signature": _PdfLook(10.5, space_before=12),
}
_MARGIN_MM = 18.0
_BULLET_INDENT_MM = 5.0
_POINT_MM = 25.4 / 72
_LINE_SPACING = 1.3
_BODY_LINE_MM = 10.5 * _POINT_MM * _LINE_SPACING


def _line_height(look: _PdfLook) -> float:
    return look.size * _POINT_MM * _LINE_SPACING


def _pdf(blocks: Sequence[_Block], meta: _Metadata, font: PdfFont | None) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(left=_MARGIN_MM, top=_MARGIN_MM, right=_MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=_MARGIN_MM)
    pdf.set_title(meta.title)
    if meta.author:
        pdf.set_author(meta.author)
    if meta.language:
        pdf.set_lang(meta.language)
    pdf.set_creator("jobpilot")
    pdf.set_creation_date(meta.created)
    face = _CORE_FACE if font is None else _embedded_face(pdf, font)
    pdf.add_page()
    for block in blocks:
        _draw_block(pdf, block, face)
    return bytes(pdf.output())


@dataclass(frozen=True, slots=True)
class _Face:
    """The font family a PDF is drawn in and the code points both its styles can draw."""

    family: str
    drawable: Container[int]

    def text(self, value: str) -> str:
        """``value`` with what the font cannot draw replaced by its Latin-1 form."""
        return "".join(
            character if ord(character) in self.drawable else _latin1_form(character)
            for character in value
        )


# The PDF core fonts draw Latin-1 only.
_CORE_FACE = _Face("helvetica", range(0x100))


def _embedded_face(pdf: FPDF, font: PdfFont) -> _Face:
    pdf.add_font("body", "", font.regular)
    pdf.add_font("body", "B", font.bold)
    covered = [
        frozenset(face.cmap)
        for face in (pdf.fonts["body"], pdf.fonts["bodyB"])
        if isinstance(face, TTFFont)
    ]
    # A character neither face has would be drawn as nothing; falling back to its Latin-1 form
    # keeps it visible.
    return _Face("body", frozenset.intersection(*covered))


def _draw_block(pdf: FPDF, block: _Block, face: _Face) -> None:
    look = _PDF_LOOKS[block.kind]
    height = _line_height(look)
    if block.kind in ("section", "entry") and pdf.will_page_break(
        look.space_before + height + 2 * _BODY_LINE_MM
    ):
        # A heading is kept with at least two lines of what it introduces.
        pdf.add_page()
    elif block.kind == "bullet" and pdf.will_page_break(look.space_before + height):
        pdf.add_page()
    if pdf.get_y() > pdf.t_margin:
        pdf.ln(look.space_before)
    pdf.set_font(face.family, "B" if look.bold else "", look.size)
    pdf.set_text_color(90 if look.grey else 0)
    if block.kind == "bullet":
        pdf.cell(_BULLET_INDENT_MM, height, face.text("\u2022"))
    pdf.multi_cell(
        0, height, face.text(block.text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    if block.kind == "section":
        rule_y = pdf.get_y() + 0.6
        pdf.set_draw_color(150)
        pdf.set_line_width(0.2)
        pdf.line(pdf.l_margin, rule_y, pdf.w - pdf.r_margin, rule_y)
        pdf.set_y(rule_y + 0.8)
