"""Reading a PDF resume's text layer, in reading order, as light Markdown.

pypdf reports each run of text with its position, font and size. The runs are rebuilt into
lines; a page laid out in two columns (a steady vertical gutter with text on both sides) is read
left column first, then right; lines set in a clearly larger font than the body, or short lines
set wholly in bold, become ``# `` headings; a bullet wrapped onto a second line is joined back
into one line; link annotations add their address to the line they cover. Page numbers and
lines repeated in the margins of every page are dropped. Scanned pages (no text layer) are
refused: there is no OCR.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

from jobpilot.profiles.document import ResumeDocument, ResumeRejected
from jobpilot.profiles.readers import (
    BULLET_GLYPHS,
    MAX_TEXT_CHARS,
    bare_url,
    is_page_number,
    to_light_markdown,
)

__all__ = ["MAX_PAGES", "read_pdf"]

# Resumes run to a few pages; a longer PDF is read only this far.
MAX_PAGES = 30

# A heading's font is at least this much larger than the body's.
_HEADING_SIZE_RATIO = 1.15
# Horizontal gap, in font sizes, that separates two cells of a line (a tab stop, a column).
_CELL_GAP = 2.5
# Vertical gap, in font sizes, that starts a new block.
_BLOCK_GAP = 1.8
# Share of a page's height at the top and bottom where running headers and footers sit.
_MARGIN_SHARE = 0.08

_BULLET_START = re.compile(f"[{BULLET_GLYPHS}]")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_NOT_A_HEADING = re.compile(r"[\d|,@/•;]|\s[-\u2013\u2014]\s|https?:|www\.")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_FORCE_BOLD_FLAG = 1 << 18
# Average glyph width, in ems, of the built-in width estimate (:func:`_char_em`).
_AVERAGE_EM = 0.55


@dataclass(frozen=True, slots=True)
class _Fragment:
    """A run of text on one baseline, as drawn: position in points from the page's lower left."""

    text: str
    x: float
    y: float
    size: float
    width: float
    bold: bool
    space_before: bool
    space_after: bool

    @property
    def end(self) -> float:
        return self.x + self.width


@dataclass(frozen=True, slots=True)
class _LinkArea:
    x0: float
    y0: float
    x1: float
    y1: float
    url: str


@dataclass(frozen=True, slots=True)
class _PageText:
    fragments: list[_Fragment]
    links: list[_LinkArea]
    height: float


@dataclass(slots=True)
class _Line:
    """Fragments read as one line, plus the wrapped continuation lines joined onto it."""

    fragments: list[_Fragment]
    continuation: list[str] = field(default_factory=list)
    bottom: float = 0.0
    # Link addresses to show after the fragment (by index) that each link covers.
    links: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.fragments.sort(key=lambda fragment: fragment.x)
        self.bottom = self.y

    @property
    def x0(self) -> float:
        return self.fragments[0].x

    @property
    def y(self) -> float:
        return self.fragments[0].y

    @property
    def size(self) -> float:
        return max(fragment.size for fragment in self.fragments)

    @property
    def bold(self) -> bool:
        return all(fragment.bold for fragment in self.fragments)

    def urls(self) -> list[str]:
        return [url for urls in self.links.values() for url in urls]

    def text(self) -> str:
        shown = bare_url(" ".join([_joined_fragments(self.fragments, {}), *self.continuation]))
        inserts = {
            index: [url for url in urls if bare_url(url) not in shown]
            for index, urls in self.links.items()
        }
        return " ".join([_joined_fragments(self.fragments, inserts), *self.continuation])

    def bullet_text_x(self) -> float | None:
        """Where the text after a leading bullet glyph starts, when the line is a bullet."""
        first = self.fragments[0]
        if not _BULLET_START.match(first.text):
            return None
        if len(first.text) == 1 and len(self.fragments) > 1:
            return self.fragments[1].x
        return first.x + _text_em(first.text[:2]) * first.size


@dataclass(frozen=True, slots=True)
class _FontFacts:
    bold: bool
    widths: dict[str, float]
    scale: float

    def width(self, text: str) -> float:
        """Width of ``text`` at size 1: exact where the font lists widths, estimated elsewhere."""
        return sum(self.widths.get(char, _char_em(char) * self.scale) for char in text)


_PLAIN_FONT = _FontFacts(bold=False, widths={}, scale=1.0)


def read_pdf(content: bytes) -> ResumeDocument:
    """The text of a PDF resume in reading order, as light Markdown.

    Raises :class:`ResumeRejected` (422) for a PDF that is password-protected, corrupt, or has
    no text layer. At most :data:`MAX_PAGES` pages are read; ``pages`` is the PDF's page count.
    """
    reader = _open(content)
    try:
        page_count = len(reader.pages)
    except Exception as error:  # pypdf raises many kinds of error on malformed files
        raise ResumeRejected("the PDF is corrupt or unreadable") from error
    if page_count == 0:
        raise ResumeRejected("the PDF is corrupt: it has no pages")
    pages = list(_read_pages(reader, min(page_count, MAX_PAGES)))
    fragments = [fragment for page in pages for fragment in page.fragments]
    if not fragments:
        raise ResumeRejected("the PDF has no text layer — OCR is not supported")
    text = to_light_markdown(_document_lines(pages, fragments))
    if not text:
        raise ResumeRejected("the PDF has no text layer — OCR is not supported")
    return ResumeDocument(text=text, format="pdf", pages=page_count)


def _open(content: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if not reader.is_encrypted:
            return reader
        opened = reader.decrypt("")
    except DependencyError as error:
        raise ResumeRejected(
            "the PDF is encrypted with a method this server cannot open; "
            "save it without protection and upload it again"
        ) from error
    except Exception as error:  # malformed input fails in pypdf in many different ways
        raise ResumeRejected("the PDF is corrupt or unreadable") from error
    if opened == PasswordType.NOT_DECRYPTED:
        raise ResumeRejected("the PDF is password-protected")
    return reader


def _read_pages(reader: PdfReader, count: int) -> Iterator[_PageText]:
    chars = 0
    failures = 0
    for index in range(count):
        try:
            page_text = _page_text(reader.pages[index])
        except Exception:  # one broken page should not lose the others
            failures += 1
            continue
        yield page_text
        chars += sum(len(fragment.text) for fragment in page_text.fragments)
        if chars > MAX_TEXT_CHARS:
            return
    if failures == count:
        raise ResumeRejected("the PDF is corrupt or unreadable")


def _page_text(page: PageObject) -> _PageText:
    fragments: list[_Fragment] = []
    fonts: dict[int, _FontFacts] = {}

    def visit(text: Any, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not isinstance(text, str) or not text.strip():
            return
        a, b, c, d, e, f = _matrix_product(tm, cm)
        if a <= 0 or abs(b) > 0.05 * a:
            return  # rotated or mirrored text: margin decorations, not the resume's lines
        facts = _PLAIN_FONT
        if isinstance(font, DictionaryObject):
            facts = fonts.get(id(font)) or fonts.setdefault(id(font), _safe_font_facts(font))
        nominal = float(size) if isinstance(size, (int, float)) else 10.0
        height = nominal * (math.hypot(c, d) or 1.0)
        stretch = math.hypot(a, b)
        for index, piece in enumerate(text.split("\n")):
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            x = e + facts.width(piece[:lead]) * nominal * stretch
            fragments.append(
                _Fragment(
                    text=stripped,
                    x=x,
                    y=f - index * height * 1.2,
                    size=height,
                    width=facts.width(stripped) * nominal * stretch,
                    bold=facts.bold,
                    space_before=lead > 0,
                    space_after=piece[-1].isspace(),
                )
            )

    page.extract_text(visitor_text=visit)
    return _PageText(fragments, _page_links(page), float(page.mediabox.height))


def _matrix_product(tm: Any, cm: Any) -> tuple[float, float, float, float, float, float]:
    """The text matrix times the transformation matrix: where and how large text is drawn."""
    try:
        t = [float(value) for value in tm[:6]]
        m = [float(value) for value in cm[:6]]
    except (TypeError, ValueError):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    if len(t) < 6 or len(m) < 6:
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (
        t[0] * m[0] + t[1] * m[2],
        t[0] * m[1] + t[1] * m[3],
        t[2] * m[0] + t[3] * m[2],
        t[2] * m[1] + t[3] * m[3],
        t[4] * m[0] + t[5] * m[2] + m[4],
        t[4] * m[1] + t[5] * m[3] + m[5],
    )


def _safe_font_facts(font: DictionaryObject) -> _FontFacts:
    try:
        return _font_facts(font)
    except Exception:  # a malformed font only loses its widths and weight, not its text
        return _PLAIN_FONT


def _font_facts(font: DictionaryObject) -> _FontFacts:
    base = _SUBSET_TAG.sub("", str(_entry(font, "/BaseFont") or ""))
    descriptor = _entry(font, "/FontDescriptor")
    descendants = _entry(font, "/DescendantFonts")
    descendant: DictionaryObject | None = None
    if isinstance(descendants, ArrayObject) and descendants:
        first = descendants[0].get_object()
        descendant = first if isinstance(first, DictionaryObject) else None
        if descendant is not None and descriptor is None:
            descriptor = _entry(descendant, "/FontDescriptor")
    bold = _BOLD_NAME.search(base) is not None
    if isinstance(descriptor, DictionaryObject):
        weight = _number(_entry(descriptor, "/FontWeight"))
        flags = _number(_entry(descriptor, "/Flags"))
        bold = bold or weight >= 600 or bool(int(flags) & _FORCE_BOLD_FLAG)
    scale = 1.2 if "courier" in base.lower() else 0.92 if "times" in base.lower() else 1.0
    widths: dict[str, float] = {}
    if descendant is not None:
        scale = _cid_scale(descendant) or scale
    else:
        widths = _simple_widths(font)
    return _FontFacts(bold=bold, widths=widths, scale=scale)


def _simple_widths(font: DictionaryObject) -> dict[str, float]:
    """Widths listed by a simple font, keyed by the Windows-1252 character of each code."""
    listed = _entry(font, "/Widths")
    first = int(_number(_entry(font, "/FirstChar")))
    if not isinstance(listed, ArrayObject) or not 0 <= first < 256:
        return {}
    widths: dict[str, float] = {}
    for code, value in enumerate(listed[:256], start=first):
        if code > 255:
            break
        char = bytes([code]).decode("cp1252", errors="ignore")
        width = _number(value.get_object()) / 1000
        if char and width > 0:
            widths[char] = width
    return widths


def _cid_scale(descendant: DictionaryObject) -> float | None:
    """How wide a composite font's glyphs are on average, relative to the built-in estimate."""
    listed = _entry(descendant, "/W")
    values: list[float] = []
    if isinstance(listed, ArrayObject):
        for item in islice(listed, 2000):
            resolved = item.get_object()
            if isinstance(resolved, ArrayObject):
                values.extend(_number(value.get_object()) for value in resolved)
    if not values:
        default = _number(_entry(descendant, "/DW"))
        return default / 1000 / _AVERAGE_EM if default else None
    positive = [value for value in values if value > 0]
    return (sum(positive) / len(positive)) / 1000 / _AVERAGE_EM if positive else None


def _entry(dictionary: DictionaryObject, key: str) -> PdfObject | None:
    value = dictionary.get(key)
    return value.get_object() if isinstance(value, PdfObject) else None


def _number(value: PdfObject | None) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def _char_em(char: str) -> float:
    """A sans-serif glyph's width in ems, for fonts that list no widths (the standard 14)."""
    if char == " ":
        return 0.28
    if char in "iljI.,:;'|!`":
        return 0.26
    if char in 'ftr()[]-/"':
        return 0.35
    if char in "mwMW@%":
        return 0.85
    if char.isupper():
        return 0.68
    if char.isdigit():
        return 0.556
    return 0.52


def _text_em(text: str) -> float:
    return sum(_char_em(char) for char in text)


def _page_links(page: PageObject) -> list[_LinkArea]:
    """The web and mail addresses of the page's link annotations, with the area they cover."""
    links: list[_LinkArea] = []
    try:
        annotations = _entry(page, "/Annots")
        if not isinstance(annotations, ArrayObject):
            return links
        for reference in islice(annotations, 500):
            annotation = reference.get_object()
            if not isinstance(annotation, DictionaryObject):
                continue
            action = _entry(annotation, "/A")
            rect = _entry(annotation, "/Rect")
            if not isinstance(action, DictionaryObject) or not isinstance(rect, ArrayObject):
                continue
            uri = _entry(action, "/URI")
            if not isinstance(uri, str) or len(rect) < 4:
                continue
            x0, y0, x1, y1 = (_number(value.get_object()) for value in rect[:4])
            url = uri.strip().removeprefix("mailto:")
            if url:
                links.append(_LinkArea(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), url))
    except Exception:  # a broken annotation only loses its link, never the page's text
        return links
    return links


def _document_lines(pages: list[_PageText], fragments: list[_Fragment]) -> Iterator[str]:
    body_size = _body_size(fragments)
    bold_chars = sum(len(fragment.text) for fragment in fragments if fragment.bold)
    bold_body = bold_chars > 0.5 * sum(len(fragment.text) for fragment in fragments)
    seen_margin_lines: set[tuple[str, int]] = set()
    for page in pages:
        columns = _reading_order(page.fragments)
        lines = [line for column in columns for line in column]
        _attach_links(lines, page.links)
        for column in columns:
            kept = [
                line
                for line in column
                if not _is_running_margin(line, page.height, seen_margin_lines)
            ]
            yield from _column_text(kept, body_size, bold_body)
            yield ""
        shown = " ".join(line.text() for line in lines)
        for link in page.links:
            if bare_url(link.url) not in bare_url(shown):
                yield link.url
                shown += " " + link.url
        yield ""


def _body_size(fragments: list[_Fragment]) -> float:
    sizes: Counter[float] = Counter()
    for fragment in fragments:
        sizes[round(fragment.size, 1)] += len(fragment.text)
    return sizes.most_common(1)[0][0]


def _reading_order(fragments: list[_Fragment]) -> list[list[_Line]]:
    """The page's lines grouped in reading order: one column, or header, left, right, footer."""
    rows = _rows(fragments)
    gutter = _gutter(rows)
    if gutter is None:
        return [[_Line(row) for row in rows]]
    spanning = [any(_crosses(fragment, gutter) for fragment in row) for row in rows]
    columned = [index for index, spans in enumerate(spanning) if not spans]
    first, last = columned[0], columned[-1]
    header = [_Line(row) for row in rows[:first]]
    footer = [_Line(row) for row in rows[last + 1 :]]
    left: list[_Line] = []
    right: list[_Line] = []
    for index in range(first, last + 1):
        row = rows[index]
        if spanning[index]:
            left.append(_Line(row))
            continue
        left_part = [fragment for fragment in row if fragment.x < gutter - 2]
        right_part = [fragment for fragment in row if fragment.x >= gutter - 2]
        if left_part:
            left.append(_Line(left_part))
        if right_part:
            right.append(_Line(right_part))
    return [column for column in (header, left, right, footer) if column]


def _rows(fragments: Iterable[_Fragment]) -> list[list[_Fragment]]:
    """Fragments grouped by baseline, top of the page first."""
    rows: list[list[_Fragment]] = []
    for fragment in sorted(fragments, key=lambda item: (-item.y, item.x)):
        if rows:
            anchor = rows[-1][0]
            if abs(anchor.y - fragment.y) <= 0.45 * min(anchor.size, fragment.size):
                rows[-1].append(fragment)
                continue
        rows.append([fragment])
    for row in rows:
        row.sort(key=lambda item: item.x)
    return rows


def _crosses(fragment: _Fragment, gutter: float) -> bool:
    # Widths are partly estimated: a little overshoot must not count as crossing.
    return fragment.x < gutter - 2 and fragment.x + 0.9 * fragment.width > gutter


def _gutter(rows: list[list[_Fragment]]) -> float | None:
    """The x where a second column starts, when the page has a steady two-column layout."""
    fragments = [fragment for row in rows for fragment in row]
    if len(rows) < 6:
        return None
    left = min(fragment.x for fragment in fragments)
    right = max(fragment.end for fragment in fragments)
    span = right - left
    starts: Counter[int] = Counter()
    for row in rows:
        starts.update({round(fragment.x) for fragment in row})
    candidates = [
        x
        for x, count in starts.most_common(12)
        if count >= 3 and left + 0.2 * span <= x <= left + 0.75 * span
    ]
    best: tuple[int, float] | None = None
    for candidate in candidates:
        right_rows = _two_column_rows(rows, float(candidate))
        if right_rows and (best is None or right_rows > best[0]):
            best = (right_rows, float(candidate))
    return best[1] if best is not None else None


def _two_column_rows(rows: list[list[_Fragment]], gutter: float) -> int:
    """How many rows have text right of ``gutter``, or 0 when it is not a real column gutter."""
    spanning = [any(_crosses(fragment, gutter) for fragment in row) for row in rows]
    columned = [index for index, spans in enumerate(spanning) if not spans]
    if len(columned) < 6:
        return 0
    inside = range(columned[0], columned[-1] + 1)
    violations = sum(1 for index in inside if spanning[index])
    if violations > 0.05 * len(inside):
        return 0
    left_rows: list[_Fragment] = []
    right_rows: list[_Fragment] = []
    for index in columned:
        row = rows[index]
        left_part = [fragment for fragment in row if fragment.x < gutter - 2]
        right_part = [fragment for fragment in row if fragment.x >= gutter - 2]
        if left_part:
            left_rows.append(left_part[0])
        if right_part:
            right_rows.append(right_part[0])
    if len(left_rows) < 3 or len(right_rows) < 3:
        return 0
    if not (_is_running_column(left_rows) and _is_running_column(right_rows)):
        return 0
    return len(right_rows)


def _is_running_column(firsts: list[_Fragment]) -> bool:
    """Whether a column's lines follow each other closely, unlike labels or dates set beside
    the text they belong to (which must stay on their rows, not become a column)."""
    close = sum(
        1 for upper, lower in pairwise(firsts) if upper.y - lower.y <= _BLOCK_GAP * upper.size
    )
    return close >= 0.5 * (len(firsts) - 1)


def _attach_links(lines: list[_Line], links: list[_LinkArea]) -> None:
    """Give each link annotation's address to the fragment of text it covers most."""
    for link in links:
        best: tuple[float, _Line, int] | None = None
        for line in lines:
            if not link.y0 - 2 <= line.y <= link.y1 + 2:
                continue
            for index, fragment in enumerate(line.fragments):
                overlap = min(fragment.end, link.x1) - max(fragment.x, link.x0)
                if overlap > 0 and (best is None or overlap > best[0]):
                    best = (overlap, line, index)
        if best is not None and link.url not in best[1].urls():
            best[1].links.setdefault(best[2], []).append(link.url)


def _is_running_margin(line: _Line, height: float, seen: set[tuple[str, int]]) -> bool:
    """Page numbers, and lines already seen at the same place in another page's margin."""
    if height <= 0 or _MARGIN_SHARE * height < line.y < (1 - _MARGIN_SHARE) * height:
        return False
    text = line.text()
    if is_page_number(text):
        return True
    key = (text, round(line.y))
    if key in seen:
        return True
    seen.add(key)
    return False


def _column_text(lines: list[_Line], body_size: float, bold_body: bool) -> Iterator[str]:
    """One column's lines as text: headings marked, wrapped bullets joined, blocks spaced."""
    previous: _Line | None = None
    for line in _joined_bullets(lines):
        text = line.text()
        heading = _is_heading(line, text, body_size, bold_body)
        if previous is not None and (
            heading or previous.bottom - line.y > _BLOCK_GAP * max(line.size, previous.size)
        ):
            yield ""
        yield f"# {text}" if heading else text
        previous = line


def _joined_bullets(lines: list[_Line]) -> list[_Line]:
    """Lines with each bullet's wrapped continuation lines joined onto the bullet."""
    joined: list[_Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if previous is not None and _continues_bullet(previous, line):
            previous.continuation.append(line.text())
            previous.bottom = line.y
            continue
        joined.append(line)
    return joined


def _continues_bullet(bullet: _Line, line: _Line) -> bool:
    text_x = bullet.bullet_text_x()
    if text_x is None or _BULLET_START.match(line.fragments[0].text):
        return False
    return (
        abs(line.x0 - text_x) <= 3
        and 0 < bullet.bottom - line.y <= 1.6 * bullet.size
        and abs(line.size - bullet.size) <= 0.6
    )


def _is_heading(line: _Line, text: str, body_size: float, bold_body: bool) -> bool:
    if not text or len(text) > 80 or _BULLET_START.match(text):
        return False
    if line.size >= body_size * _HEADING_SIZE_RATIO:
        return True
    # Bold alone marks a heading only when it is short and reads like one: job titles and
    # company lines are often bold too, and carry dates, dashes or commas.
    return (
        line.bold
        and not bold_body
        and len(text.split()) <= 5
        and _NOT_A_HEADING.search(text) is None
        and not text.endswith(".")
    )


def _joined_fragments(fragments: list[_Fragment], inserts: dict[int, list[str]]) -> str:
    """The fragments of a line as text, with ``inserts`` written after the fragment of that
    index."""
    parts: list[str] = []
    previous: _Fragment | None = None
    for index, fragment in enumerate(fragments):
        if previous is None:
            parts.append(fragment.text)
            parts.extend(f" {url}" for url in inserts.get(index, []))
            previous = fragment
            continue
        if fragment.text == previous.text and abs(fragment.x - previous.x) < 1.5:
            continue  # drawn twice with a small offset to fake bold
        gap = fragment.x - previous.end
        size = max(fragment.size, previous.size)
        if _BULLET_START.fullmatch(previous.text):
            separator = " "
        elif gap > _CELL_GAP * size:
            separator = " | "
        elif previous.space_after or fragment.space_before or gap > 0.12 * size:
            separator = " "
        else:
            separator = ""
        parts.append(separator + fragment.text)
        parts.extend(f" {url}" for url in inserts.get(index, []))
        previous = fragment
    return "".join(parts)
