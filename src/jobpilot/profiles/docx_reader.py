"""Reading a DOCX resume, in document order, as light Markdown.

The archive is checked before anything parses it: a corrupt ZIP, too many entries, or an
archive that unpacks to more than :data:`MAX_UNPACKED_BYTES` (by its directory, by an entry's
compression ratio, or by the bytes it really yields) is refused. python-docx then opens the
package and the XML is walked directly, because python-docx does not expose text boxes,
content controls or nested tables in reading order.

Page headers and footers come first (contact details often live there), each distinct one
once; then the body: heading styles become ``# `` headings, numbered and bulleted paragraphs
``- `` items, text boxes are read where they are anchored (the fallback copy Word stores
beside the drawing is skipped), hyperlinks keep their address, and tables are read by shape:
a table used for layout cell by cell and column by column, a data table row by row with its
cells joined by `` | ``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import docx
from docx.document import Document
from docx.opc.part import Part

from jobpilot.profiles.document import ResumeDocument, ResumeRejected
from jobpilot.profiles.readers import (
    BULLET_GLYPHS,
    bare_url,
    is_page_number,
    to_light_markdown,
)

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_ENTRIES",
    "MAX_UNPACKED_BYTES",
    "check_docx_archive",
    "read_docx",
]

MAX_ENTRIES = 500
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Entries smaller than this cannot add up to a bomb within MAX_ENTRIES, whatever their ratio
# (500 x 64 KiB stays under the size cap), and tiny XML parts compress very well.
_RATIO_CHECK_MIN_BYTES = 64 * 1024
_CHUNK = 64 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

_P = _W + "p"
_TBL = _W + "tbl"
_TR = _W + "tr"
_TC = _W + "tc"
_SDT = _W + "sdt"
_SDT_CONTENT = _W + "sdtContent"
_CUSTOM_XML = _W + "customXml"
_T = _W + "t"
_TXBX_CONTENT = _W + "txbxContent"
_HYPERLINK = _W + "hyperlink"
_INSTR_TEXT = _W + "instrText"
_FLD_SIMPLE = _W + "fldSimple"
_ALTERNATE_CONTENT = _MC + "AlternateContent"
_CHOICE = _MC + "Choice"
_VAL = _W + "val"

_BREAKS = frozenset({_W + "br", _W + "cr"})
_TABS = frozenset({_W + "tab", _W + "ptab"})
# Not text a reader sees: properties, deleted revisions, the fallback copy of a drawing
# (mc:Fallback repeats mc:Choice), footnote marks.
_SKIPPED = frozenset(
    {
        _W + "pPr",
        _W + "rPr",
        _W + "tblPr",
        _W + "trPr",
        _W + "tcPr",
        _W + "sdtPr",
        _W + "del",
        _W + "moveFrom",
        _W + "delText",
        _W + "footnoteReference",
        _W + "endnoteReference",
        _W + "commentReference",
        _MC + "Fallback",
    }
)
_BLOCK_CONTAINERS = frozenset({_CUSTOM_XML, _W + "ins", _W + "moveTo"})

_HEADING_STYLE = re.compile(r"(?:heading\s*[1-9]|title)", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list\s*(?:bullet|number|continue)", re.IGNORECASE)
_FIELD_HYPERLINK = re.compile(r'HYPERLINK\s+"(?P<url>[^"]+)"')
_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d{1,5})\s*</")
_LONE_BULLET = re.compile(f"[{BULLET_GLYPHS}]")
_LABEL_HEADING = re.compile(r"[^\d|@/]{2,40}")

ParagraphKind = Literal["heading", "list", "body"]


class _Node(Protocol):
    """The part of an lxml element this reader uses (python-docx elements are lxml ones)."""

    @property
    def tag(self) -> object: ...

    @property
    def text(self) -> str | None: ...

    def get(self, key: str) -> str | None: ...

    def find(self, path: str) -> _Node | None: ...

    def __iter__(self) -> Iterator[_Node]: ...


@dataclass(frozen=True, slots=True)
class _StyleFacts:
    name: str
    based_on: str | None
    outline_level: int | None
    num_id: str | None


@dataclass(frozen=True, slots=True)
class _Cell:
    column: int
    lines: list[str]


def read_docx(content: bytes) -> ResumeDocument:
    """The text of a DOCX resume in reading order, as light Markdown.

    Raises :class:`ResumeRejected` (422) for an archive that is corrupt, a likely ZIP bomb,
    not a Word document, or holds no text.
    """
    pages = check_docx_archive(content)
    document = _open(content)
    try:
        reader = _StoryReader(_style_facts(document))
        lines = [*reader.header_footer_lines(document), ""]
        lines.extend(reader.story(document.element.body, document.part))
    except (ValueError, KeyError, AttributeError, TypeError) as error:
        raise ResumeRejected("the DOCX file is corrupt or unreadable") from error
    text = to_light_markdown(lines)
    if not text:
        raise ResumeRejected("the document has no text")
    return ResumeDocument(text=text, format="docx", pages=pages)


def check_docx_archive(content: bytes) -> int:
    """Check that a DOCX archive is safe to unpack, and return its page count (1 if unknown).

    Raises :class:`ResumeRejected` (422) for a corrupt archive, more than
    :data:`MAX_ENTRIES` entries, more than :data:`MAX_UNPACKED_BYTES` unpacked (as declared
    or as really read), or an entry compressed more than :data:`MAX_COMPRESSION_RATIO` times.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            _check_directory(entries)
            return _page_count(_checked_unpack(archive, entries))
    except ResumeRejected:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
        raise ResumeRejected("the DOCX file is corrupt: its ZIP archive cannot be read") from error
    except (RuntimeError, NotImplementedError) as error:
        raise ResumeRejected(
            "the DOCX file cannot be unpacked: it is encrypted or uses an unsupported compression"
        ) from error


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise ResumeRejected(f"the DOCX archive has more than {MAX_ENTRIES} entries")
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise _bomb()
    for entry in entries:
        if (
            entry.file_size >= _RATIO_CHECK_MIN_BYTES
            and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            raise _bomb()
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise ResumeRejected("the DOCX file is corrupt: it has no word/document.xml")


def _checked_unpack(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> bytes:
    """Decompress every entry, counting real bytes: a directory can lie about sizes. Returns
    ``docProps/app.xml`` (or nothing)."""
    total = 0
    app_properties = b""
    for entry in entries:
        if entry.is_dir():
            continue
        taken = 0
        kept: list[bytes] = []
        with archive.open(entry) as member:
            while chunk := member.read(_CHUNK):
                taken += len(chunk)
                total += len(chunk)
                if total > MAX_UNPACKED_BYTES or taken > entry.file_size:
                    raise _bomb()
                if entry.filename == "docProps/app.xml" and taken <= _CHUNK * 4:
                    kept.append(chunk)
        if kept:
            app_properties = b"".join(kept)
    return app_properties


def _bomb() -> ResumeRejected:
    return ResumeRejected(
        "the DOCX archive unpacks to far more than a resume "
        f"(over {MAX_UNPACKED_BYTES // (1024 * 1024)} MB or compressed over "
        f"{MAX_COMPRESSION_RATIO} times): refused as a possible ZIP bomb"
    )


def _page_count(app_properties: bytes) -> int:
    match = _PAGES.search(app_properties)
    return max(1, int(match.group(1))) if match else 1


def _open(content: bytes) -> Document:
    try:
        return docx.Document(io.BytesIO(content))
    except Exception as error:  # python-docx and lxml fail in many ways on broken packages
        raise ResumeRejected("the DOCX file is corrupt or not a Word document") from error


def _style_facts(document: Document) -> dict[str, _StyleFacts]:
    facts: dict[str, _StyleFacts] = {}
    styles: _Node = document.styles.element
    for style in styles:
        if style.tag != _W + "style" or style.get(_W + "type") != "paragraph":
            continue
        style_id = style.get(_W + "styleId")
        if not style_id:
            continue
        facts[style_id] = _StyleFacts(
            name=_child_value(style, "name") or style_id,
            based_on=_child_value(style, "basedOn"),
            outline_level=_outline_level(style.find(_W + "pPr")),
            num_id=_num_id(style.find(_W + "pPr")),
        )
        if style.get(_W + "default") in ("1", "true"):
            facts[""] = facts[style_id]
    return facts


def _child_value(node: _Node, name: str) -> str | None:
    child = node.find(_W + name)
    return child.get(_VAL) if child is not None else None


def _outline_level(paragraph_properties: _Node | None) -> int | None:
    if paragraph_properties is None:
        return None
    value = _child_value(paragraph_properties, "outlineLvl")
    return int(value) if value is not None and value.isdigit() else None


def _num_id(paragraph_properties: _Node | None) -> str | None:
    if paragraph_properties is None:
        return None
    numbering = paragraph_properties.find(_W + "numPr")
    return _child_value(numbering, "numId") if numbering is not None else None


class _StoryReader:
    """Reads the block content of a document part (body, header, cell, text box) as lines."""

    def __init__(self, styles: dict[str, _StyleFacts]) -> None:
        self._styles = styles
        self._seen_boxes: set[str] = set()

    def header_footer_lines(self, document: Document) -> list[str]:
        """Every distinct page header, then every distinct footer, as lines."""
        seen: set[str] = set()
        lines: list[str] = []
        for section in document.sections:
            for header in (section.first_page_header, section.header, section.even_page_header):
                if not header.is_linked_to_previous:
                    lines.extend(self._distinct(header.part.element, header.part, seen))
        for section in document.sections:
            for footer in (section.first_page_footer, section.footer, section.even_page_footer):
                if not footer.is_linked_to_previous:
                    lines.extend(self._distinct(footer.part.element, footer.part, seen))
        return lines

    def _distinct(self, root: _Node, part: Part, seen: set[str]) -> list[str]:
        lines = [line for line in self.story(root, part) if not is_page_number(line)]
        key = "\n".join(line.strip() for line in lines if line.strip())
        if not key or key in seen:
            return []
        seen.add(key)
        return [*lines, ""]

    def story(self, container: _Node, part: Part) -> list[str]:
        """The lines of the paragraphs, tables and content controls in ``container``."""
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == _P:
                lines.extend(self._paragraph(child, part))
            elif tag == _TBL:
                lines.extend(["", *self._table(child, part), ""])
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    lines.extend(self.story(content, part))
            elif tag in _BLOCK_CONTAINERS:
                lines.extend(self.story(child, part))
            elif tag == _ALTERNATE_CONTENT:
                choice = child.find(_CHOICE)
                if choice is not None:
                    lines.extend(self.story(choice, part))
        return lines

    def _paragraph(self, paragraph: _Node, part: Part) -> list[str]:
        pieces: list[str] = []
        boxes: list[_Node] = []
        instructions: list[str] = []
        self._inline(paragraph, part, pieces, boxes, instructions)
        text = "".join(pieces)
        for match in _FIELD_HYPERLINK.finditer("".join(instructions)):
            text = _with_address(text, match.group("url"))
        lines = [_joined_tabs(line) for line in text.split("\n")]
        shown = [line for line in lines if line]
        kind = self._paragraph_kind(paragraph) if shown else "body"
        out: list[str]
        if not shown:
            out = [""]
        elif kind == "heading":
            out = ["", "# " + " ".join(shown)]
        elif kind == "list":
            out = ["- " + shown[0], *shown[1:]]
        else:
            out = shown
        for box in boxes:
            out.extend(self._text_box(box, part))
        return out

    def _text_box(self, box: _Node, part: Part) -> list[str]:
        lines = self.story(box, part)
        key = "\n".join(line.strip() for line in lines if line.strip())
        if not key or key in self._seen_boxes:
            return []
        self._seen_boxes.add(key)
        return ["", *lines, ""]

    def _inline(
        self,
        node: _Node,
        part: Part,
        pieces: list[str],
        boxes: list[_Node],
        instructions: list[str],
    ) -> None:
        """Collect the text under ``node`` in order, and the text boxes anchored there."""
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == _T:
                pieces.append(child.text or "")
            elif tag in _TABS:
                pieces.append("\t")
            elif tag in _BREAKS:
                pieces.append("\n")
            elif tag == _W + "noBreakHyphen":
                pieces.append("-")
            elif tag == _TXBX_CONTENT:
                boxes.append(child)
            elif tag == _INSTR_TEXT:
                instructions.append(child.text or "")
            elif tag == _HYPERLINK:
                inner: list[str] = []
                self._inline(child, part, inner, boxes, instructions)
                pieces.append(_with_address("".join(inner), _hyperlink_target(child, part)))
            elif tag == _FLD_SIMPLE:
                inner = []
                self._inline(child, part, inner, boxes, instructions)
                found = _FIELD_HYPERLINK.search(child.get(_W + "instr") or "")
                pieces.append(_with_address("".join(inner), found.group("url") if found else None))
            else:
                self._inline(child, part, pieces, boxes, instructions)

    def _paragraph_kind(self, paragraph: _Node) -> ParagraphKind:
        properties = paragraph.find(_W + "pPr")
        style_id = (_child_value(properties, "pStyle") if properties is not None else None) or ""
        chain = self._style_chain(style_id)
        outline = _outline_level(properties)
        if outline is None:
            outline = next(
                (style.outline_level for style in chain if style.outline_level is not None), None
            )
        if any(_HEADING_STYLE.fullmatch(style.name.strip()) for style in chain) or (
            outline is not None and outline < 9
        ):
            return "heading"
        num_id = _num_id(properties)
        if num_id is None:
            num_id = next((style.num_id for style in chain if style.num_id is not None), None)
        if num_id is not None:
            return "list" if num_id != "0" else "body"
        if any(_LIST_STYLE.match(style.name) for style in chain):
            return "list"
        return "body"

    def _style_chain(self, style_id: str) -> list[_StyleFacts]:
        chain: list[_StyleFacts] = []
        current: str | None = style_id
        while current is not None and len(chain) < 20:
            facts = self._styles.get(current) or (self._styles.get("") if not chain else None)
            if facts is None or facts in chain:
                break
            chain.append(facts)
            current = facts.based_on
        return chain

    def _table(self, table: _Node, part: Part) -> list[str]:
        rows: list[list[_Cell]] = []
        for row in _children(table, _TR):
            column = _grid_before(row)
            cells: list[_Cell] = []
            for cell in _children(row, _TC):
                properties = cell.find(_W + "tcPr")
                span, continued = _cell_span(properties)
                lines = [] if continued else self.story(cell, part)
                cells.append(_Cell(column, lines))
                column += span
            rows.append(cells)
        return _table_lines(rows)


def _table_lines(rows: Sequence[Sequence[_Cell]]) -> list[str]:
    """A table's cells as lines: by reading order for a layout table, row by row for data."""
    filled = [[cell for cell in row if _shown(cell.lines)] for row in rows]
    filled = [row for row in filled if row]
    if not filled:
        return []
    if not _is_layout_table(filled):
        return [" | ".join(_cell_text(cell.lines) for cell in row) for row in filled]
    if len(filled) == 1:
        return [line for cell in filled[0] for line in ("", *cell.lines)]
    if _has_label_column(filled):
        lines: list[str] = []
        for row in filled:
            label, *content = row
            lines.append("")
            lines.extend(_as_label(label.lines) if content else label.lines)
            for cell in content:
                lines.extend(cell.lines)
        return lines
    columns = sorted({cell.column for row in filled for cell in row})
    return [
        line
        for column in columns
        for row in filled
        for cell in row
        if cell.column == column
        for line in ("", *cell.lines)
    ]


def _is_layout_table(rows: list[list[_Cell]]) -> bool:
    """Layout tables hold one to three columns of long or many-paragraph cells."""
    columns = max(len(row) for row in rows)
    if columns == 1:
        return True
    if columns > 3:
        return False
    return any(
        len(_shown(cell.lines)) >= 2 or len(_cell_text(cell.lines)) >= 100
        for row in rows
        for cell in row
    )


def _has_label_column(rows: list[list[_Cell]]) -> bool:
    """Two columns whose left cells are short labels ("Experience", "2019-2021")."""
    if max(len(row) for row in rows) != 2:
        return False
    labels = [row[0] for row in rows if len(row) == 2]
    return bool(labels) and all(
        len(_shown(cell.lines)) == 1 and len(_cell_text(cell.lines)) <= 40 for cell in labels
    )


def _as_label(lines: list[str]) -> list[str]:
    text = _cell_text(lines)
    if lines and any(line.startswith("# ") for line in lines):
        return ["# " + text]
    if _LABEL_HEADING.fullmatch(text) and len(text.split()) <= 4:
        return ["# " + text]
    return [text]


def _shown(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip()]


def _cell_text(lines: list[str]) -> str:
    return " ".join(line.strip().removeprefix("# ").removeprefix("- ") for line in _shown(lines))


def _children(node: _Node, tag: str) -> Iterator[_Node]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == _CUSTOM_XML:
            yield from _children(child, tag)


def _grid_before(row: _Node) -> int:
    properties = row.find(_W + "trPr")
    value = _child_value(properties, "gridBefore") if properties is not None else None
    return int(value) if value is not None and value.isdigit() else 0


def _cell_span(properties: _Node | None) -> tuple[int, bool]:
    """How many grid columns a cell spans, and whether it continues a merge from above."""
    if properties is None:
        return 1, False
    span = _child_value(properties, "gridSpan")
    merge = properties.find(_W + "vMerge")
    continued = merge is not None and merge.get(_VAL) != "restart"
    return (int(span) if span is not None and span.isdigit() else 1), continued


def _hyperlink_target(link: _Node, part: Part) -> str | None:
    rel_id = link.get(_R + "id")
    if not rel_id:
        return None
    relationship = part.rels.get(rel_id)
    if relationship is None or not relationship.is_external:
        return None
    target: str = relationship.target_ref
    return target


def _with_address(text: str, url: str | None) -> str:
    """Link text followed by its address, unless the text already shows it."""
    if not url:
        return text
    address = url.strip().removeprefix("mailto:")
    if not address or address.startswith("#"):
        return text
    if bare_url(address) in bare_url(text):
        return text
    return f"{text} {address}" if text.strip() else address


def _joined_tabs(line: str) -> str:
    """Tab-separated parts joined by `` | ``: a tab stop sets text apart like a table cell,
    except after a bullet glyph or a label ending in a colon."""
    parts = [part.strip() for part in line.split("\t")]
    joined = ""
    for part in parts:
        if not part:
            continue
        if not joined:
            joined = part
        elif joined.endswith(":") or _LONE_BULLET.fullmatch(joined):
            joined = f"{joined} {part}"
        else:
            joined = f"{joined} | {part}"
    return joined
