"""From an uploaded resume file to a :class:`ResumeDocument`: type detection and the text reader.

:func:`read_resume` decides what the bytes are from their content (PDF and ZIP signatures, a
JSON Resume object, otherwise text in UTF-8, UTF-16 or Windows-1252), checks that against the
file's extension and declared content type, and hands the file to the reader for its type:
:mod:`jobpilot.profiles.pdf_reader`, :mod:`jobpilot.profiles.docx_reader`, or the plain text and
Markdown reader here. Every refusal is a :class:`ResumeRejected` carrying its HTTP status.

:func:`to_light_markdown` is the last step of every reader: it turns the lines a reader
produced into the light Markdown described in :mod:`jobpilot.profiles.document`.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from jobpilot.profiles.document import ResumeDocument, ResumeRejected

__all__ = [
    "BULLET_GLYPHS",
    "MAX_TEXT_CHARS",
    "bare_url",
    "is_page_number",
    "read_resume",
    "to_light_markdown",
]

# A resume is a few thousand characters; the rest of a huge file is not worth parsing.
MAX_TEXT_CHARS = 200_000
# Glyphs that start a bulleted line, as the body of a regular-expression character class.
# Private-use code points are the bullets of Symbol and Wingdings fonts in extracted PDF text.
BULLET_GLYPHS = "•▪◦●○■□►▸‣\u2043✓✔❖➢➤·\uf000-\uf0ff"

Family = Literal["pdf", "docx", "json", "text"]

_FAMILY_NAMES: dict[Family, str] = {
    "pdf": "a PDF document",
    "docx": "a Word document (DOCX)",
    "json": "JSON",
    "text": "plain text",
}

_EXTENSIONS: dict[str, Family] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".json": "json",
}
_MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})
# Types people upload that we do not read; any other suffix ("cv.final") says nothing.
_FOREIGN_EXTENSIONS = frozenset(
    [
        ".doc",
        ".dot",
        ".dotx",
        ".docm",
        ".odt",
        ".ott",
        ".rtf",
        ".pages",
        ".wpd",
        ".html",
        ".htm",
        ".xml",
        ".xls",
        ".xlsx",
        ".ods",
        ".csv",
        ".ppt",
        ".pptx",
        ".odp",
        ".zip",
        ".gz",
        ".rar",
        ".7z",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".bmp",
        ".tif",
        ".tiff",
        ".webp",
        ".heic",
        ".svg",
        ".exe",
    ]
)

_CONTENT_TYPES: dict[str, Family] = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
    "text/markdown": "text",
    "text/x-markdown": "text",
    "application/json": "json",
    "text/json": "json",
}
_MARKDOWN_CONTENT_TYPES = frozenset({"text/markdown", "text/x-markdown"})
# Declared types that say nothing about the content: browsers and clients send them freely.
_NEUTRAL_CONTENT_TYPES = frozenset(
    {
        "",
        "application/octet-stream",
        "binary/octet-stream",
        "application/binary",
        "application/download",
        "application/x-download",
        "application/force-download",
        "application/unknown",
        "application/x-unknown",
    }
)
# Some clients label any ZIP container, DOCX included, as a ZIP archive.
_ZIP_CONTENT_TYPES = frozenset({"application/zip", "application/x-zip-compressed"})

_JSON_RESUME_KEYS = frozenset(
    {
        "basics",
        "work",
        "volunteer",
        "education",
        "awards",
        "certificates",
        "publications",
        "skills",
        "languages",
        "interests",
        "references",
        "projects",
        "meta",
    }
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts like UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word .doc or password-protected Office file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True, slots=True)
class _Claim:
    """What the upload says it is: by extension or by declared content type."""

    family: Family
    markdown: bool
    source: str


@dataclass(frozen=True, slots=True)
class _Found:
    """What the content is. ``family`` is None for a type we do not read (``description``)."""

    family: Family | None
    description: str
    text: str | None = None
    corrupt_zip: bool = False


def read_resume(
    content: bytes, *, filename: str | None, content_type: str | None, max_bytes: int
) -> ResumeDocument:
    """Read an uploaded resume file into light-Markdown text, or refuse it.

    The type comes from the content; the extension and the declared content type must agree
    with it (``application/octet-stream`` and missing values agree with anything). Raises
    :class:`ResumeRejected`: 413 over ``max_bytes``, 415 for a type we do not read or a
    mismatch, 422 for an empty, corrupt, encrypted or text-less file or invalid JSON.
    """
    if len(content) > max_bytes:
        raise ResumeRejected(
            f"the file is {_size_text(len(content))}, over the limit of {_size_text(max_bytes)}",
            status=413,
        )
    if not content.strip():
        raise ResumeRejected("the file is empty")
    claims = _claims(filename, content_type)
    found = _sniff(content)
    family = _agreed_family(found, claims)
    if family == "pdf":
        # Imported here so that reading text never loads pypdf or python-docx, and because
        # those readers import the line normaliser from this module.
        from jobpilot.profiles.pdf_reader import read_pdf

        return read_pdf(content)
    if family == "docx":
        if found.corrupt_zip:
            raise ResumeRejected("the DOCX file is corrupt: its ZIP archive cannot be opened")
        from jobpilot.profiles.docx_reader import read_docx

        return read_docx(content)
    text = found.text if found.text is not None else ""
    if family == "json":
        return ResumeDocument(text=_json_resume_text(text), format="json")
    return _read_text(text, markdown=any(claim.markdown for claim in claims))


def to_light_markdown(lines: Iterable[str]) -> str:
    """Lines from any reader as the light Markdown of :mod:`jobpilot.profiles.document`.

    Bullets of any glyph and numbered items become ``- item``; ``#`` headings of any level
    become ``# Heading``; odd spaces, tabs and invisible characters are cleaned; runs of blank
    lines become one blank line; the text is capped at :data:`MAX_TEXT_CHARS`.
    """
    out: list[str] = []
    size = 0
    pending_bullet = False
    for raw in lines:
        for piece in _VERTICAL_BREAKS.split(raw):
            line = _clean_line(piece)
            if _LONE_BULLET.fullmatch(line):
                pending_bullet = True
                continue
            line = _bulleted(line)
            if pending_bullet and line and not line.startswith(("# ", "- ")):
                line = "- " + line
            pending_bullet = False
            if not line:
                if out and out[-1]:
                    out.append("")
                continue
            out.append(line)
            size += len(line) + 1
        if size > MAX_TEXT_CHARS:
            break
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)[:MAX_TEXT_CHARS].rstrip()


def is_page_number(line: str) -> bool:
    """Whether a line is only a page number ("3", "Page 2", "2 / 5", "Page 1 of 2")."""
    return _PAGE_NUMBER.fullmatch(line.strip()) is not None


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def _claims(filename: str | None, content_type: str | None) -> list[_Claim]:
    claims: list[_Claim] = []
    if filename:
        suffix = PurePath(filename.replace("\\", "/")).suffix.lower()
        if suffix in _FOREIGN_EXTENSIONS:
            raise ResumeRejected(
                f"files named {suffix} are not read; upload a PDF, DOCX, plain text, "
                "Markdown or JSON Resume file",
                status=415,
            )
        family = _EXTENSIONS.get(suffix)
        if family is not None:
            claims.append(_Claim(family, suffix in _MARKDOWN_EXTENSIONS, f"is named {suffix}"))
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared in _NEUTRAL_CONTENT_TYPES or declared in _ZIP_CONTENT_TYPES:
        return claims
    family = _CONTENT_TYPES.get(declared)
    if family is None:
        raise ResumeRejected(
            f"the content type {declared} is not read; upload a PDF, DOCX, plain text, "
            "Markdown or JSON Resume file",
            status=415,
        )
    claims.append(_Claim(family, declared in _MARKDOWN_CONTENT_TYPES, f"was sent as {declared}"))
    return claims


def _agreed_family(found: _Found, claims: list[_Claim]) -> Family:
    """The family to read the file as, or a 415 naming what was found and what was claimed."""
    said = " and ".join(claim.source for claim in claims)
    if found.family is None:
        detail = f", but it {said}" if said else ""
        raise ResumeRejected(
            f"the file is {found.description}{detail}; upload a PDF, DOCX, plain text, "
            "Markdown or JSON Resume file",
            status=415,
        )
    family: Family = found.family
    for claim in claims:
        if claim.family == family:
            continue
        # JSON is text: a JSON Resume sent as text is still read as one, and a file that
        # claims to be JSON but holds other text fails as invalid JSON (422), not as a type.
        if family == "json" and claim.family == "text":
            continue
        if family == "text" and claim.family == "json":
            family = "json"
            continue
        raise ResumeRejected(
            f"the content does not match its type: found {found.description}, "
            f"but the file {claim.source}",
            status=415,
        )
    return family


def _sniff(content: bytes) -> _Found:
    """What the bytes are, judged by their content alone."""
    if b"%PDF-" in content[:1024]:
        return _Found("pdf", _FAMILY_NAMES["pdf"])
    if content.startswith(_ZIP_MAGIC):
        return _sniff_zip(content)
    for signature, description in _SIGNATURES:
        if content.startswith(signature):
            return _Found(None, description)
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return _Found(None, "a WebP image")
    if content[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return _Found(None, "a HEIC image")
    text = _decode(content)
    if text is None:
        return _Found(None, "binary data")
    head = text.lstrip()[:64].lower()
    if head.startswith(("<!doctype html", "<html")):
        return _Found(None, "an HTML page")
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        return _Found("json", _FAMILY_NAMES["json"], text=text)
    if stripped.startswith("[") and stripped.endswith("]") and _looks_like_json(stripped):
        return _Found("json", _FAMILY_NAMES["json"], text=text)
    return _Found("text", _FAMILY_NAMES["text"], text=text)


def _looks_like_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _sniff_zip(content: bytes) -> _Found:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype")[:100].decode("ascii", "replace")
                if "mimetype" in names and archive.getinfo("mimetype").file_size < 200
                else ""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return _Found("docx", "a ZIP archive", corrupt_zip=True)
    except (NotImplementedError, RuntimeError):  # unknown compression, encrypted entries
        return _Found("docx", "a ZIP archive", corrupt_zip=True)
    if "word/document.xml" in names:
        return _Found("docx", _FAMILY_NAMES["docx"])
    if mimetype.startswith("application/vnd.oasis.opendocument.text"):
        return _Found(None, "an OpenDocument text (.odt) file")
    if "xl/workbook.xml" in names:
        return _Found(None, "an Excel workbook")
    if "ppt/presentation.xml" in names:
        return _Found(None, "a PowerPoint presentation")
    return _Found(None, "a ZIP archive without word/document.xml")


def _decode(content: bytes) -> str | None:
    """The bytes as text, or None when they are binary data."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return _text_or_none(content.decode(encoding))
            except UnicodeDecodeError:
                return None
    if b"\x00" in content[:4096]:
        utf16 = _bomless_utf16(content[:4096])
        if utf16 is None:
            return None
        try:
            return _text_or_none(content.decode(utf16))
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return _text_or_none(content.decode(encoding))
        except UnicodeDecodeError:
            continue
    return None


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as a zero byte in every other position."""
    pairs = len(head) // 2
    if pairs == 0:
        return None
    even_zeros = head[0 : pairs * 2 : 2].count(0)
    odd_zeros = head[1 : pairs * 2 : 2].count(0)
    if odd_zeros > 0.4 * pairs and even_zeros < 0.05 * pairs:
        return "utf-16-le"
    if even_zeros > 0.4 * pairs and odd_zeros < 0.05 * pairs:
        return "utf-16-be"
    return None


def _text_or_none(text: str) -> str | None:
    """The text, unless control characters say it is binary data decoded by force."""
    sample = text[:65536]
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    if controls > max(2, len(sample) // 200):
        return None
    return text


def _json_resume_text(text: str) -> str:
    """The JSON text, once it is known to be a JSON object shaped like a JSON Resume."""
    text = text.lstrip("\ufeff")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ResumeRejected(
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
            errors=[f"line {error.lineno}, column {error.colno}: {error.msg}"],
        ) from error
    except (ValueError, RecursionError) as error:
        raise ResumeRejected(f"invalid JSON: {error}") from error
    if not isinstance(value, dict) or not _JSON_RESUME_KEYS.intersection(value):
        raise ResumeRejected(
            "the JSON document is not a JSON Resume: expected an object with basics, work, "
            "education or other JSON Resume sections at the top level"
        )
    return text.strip()


def _read_text(text: str, *, markdown: bool) -> ResumeDocument:
    # Only the start of a huge text file can make it into the document anyway.
    text = text[: 2 * MAX_TEXT_CHARS]
    is_markdown = markdown or _ATX_HEADING.search(text) is not None
    normalised = to_light_markdown(_markdown_lines(text))
    if not normalised:
        raise ResumeRejected("the file is empty")
    return ResumeDocument(text=normalised, format="markdown" if is_markdown else "text")


_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_VERTICAL_BREAKS = re.compile(r"\r\n|[\r\n\f\v\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE_RUNS = re.compile(r" {2,}")
_HEADING_LINE = re.compile(r"#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*")
_GLYPH_BULLET = re.compile(rf"[{BULLET_GLYPHS}→]\s*(?=\S)")
_SPACED_BULLET = re.compile(r"(?:[-*+\u2013]|\(?\d{1,2}[.)])\s+(?=\S)")
_LONE_BULLET = re.compile(f"[{BULLET_GLYPHS}]")
_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?|-\s*\d{1,3}\s*-", re.IGNORECASE
)


def _clean_line(line: str) -> str:
    line = _INVISIBLE.sub("", line)
    line = _CONTROLS.sub("", line)
    line = _ODD_SPACES.sub(" ", line)
    return _SPACE_RUNS.sub(" ", line).strip()


def _bulleted(line: str) -> str:
    """The line with a heading marked ``# `` and a bullet of any kind written ``- ``."""
    if line.startswith("#"):
        heading = _HEADING_LINE.fullmatch(line)
        if heading is not None:
            text = (heading.group("text") or "").strip()
            return f"# {text}" if text else ""
        return line
    for pattern in (_GLYPH_BULLET, _SPACED_BULLET):
        match = pattern.match(line)
        if match is not None:
            return "- " + line[match.end() :]
    return line


_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|[=━─═—_]{3,})")
_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_TABLE_ROW = re.compile(r"\|(?P<cells>.*\|.*)\|")
_QUOTE = re.compile(r"(?:>[ \t]?)+")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?://|mailto:)[^>\s]+)>")
_STRONG = re.compile(
    r"\*\*(?=\S)(?P<stars>.+?)(?<=\S)\*\*|(?<!\w)__(?=\S)(?P<lines>.+?)(?<=\S)__(?!\w)"
)
_CODE = re.compile(r"`(?P<text>[^`]+)`")
_ESCAPE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!|>])")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _markdown_lines(text: str) -> list[str]:
    """Plain text or Markdown with Markdown-only syntax rewritten as light Markdown."""
    source = _VERTICAL_BREAKS.split(_HTML_BREAK.sub("\n", text))
    out: list[str] = []
    index = 0
    while index < len(source):
        line = source[index]
        following = source[index + 1] if index + 1 < len(source) else ""
        if _is_setext_heading(line, following):
            out.append("# " + _inline_markdown(line.strip()))
            index += 2
            continue
        index += 1
        if _TABLE_SEPARATOR.fullmatch(line.strip()) and "|" in line:
            continue
        if _RULE.fullmatch(line.rstrip()):
            out.append("")
            continue
        if line.lstrip().startswith(">"):
            line = _QUOTE.sub("", line.lstrip(), count=1)
        row = _TABLE_ROW.fullmatch(line.strip())
        if row is not None:
            cells = [cell.strip() for cell in row.group("cells").split("|")]
            line = " | ".join(cell for cell in cells if cell)
        out.append(_inline_markdown(line))
    return out


def _is_setext_heading(line: str, following: str) -> bool:
    stripped = line.strip()
    if not stripped or len(following.strip()) < 3 or not _SETEXT_UNDERLINE.fullmatch(following):
        return False
    if _RULE.fullmatch(line.rstrip()) or _SETEXT_UNDERLINE.fullmatch(line):
        return False
    return _bulleted(stripped) == stripped


def _inline_markdown(line: str) -> str:
    line = _IMAGE.sub(lambda match: match.group("alt"), line)
    line = _LINK.sub(lambda match: _link_text(match.group("text"), match.group("url")), line)
    line = _AUTOLINK.sub(lambda match: match.group("url").removeprefix("mailto:"), line)
    line = _STRONG.sub(_strong_text, line)
    line = _CODE.sub(lambda match: match.group("text"), line)
    return _ESCAPE.sub(lambda match: match.group("char"), line)


def _link_text(text: str, url: str) -> str:
    """A link as its text followed by its address, unless the text already shows the address."""
    text = _STRONG.sub(_strong_text, text.strip())
    if url.startswith("mailto:"):
        address = url.removeprefix("mailto:")
        return text if address.lower() in text.lower() else f"{text} {address}"
    if bare_url(url) in bare_url(text):
        return url if bare_url(text) == bare_url(url) else text
    return f"{text} {url}"


def bare_url(url: str) -> str:
    """An address without scheme, ``www.`` and trailing slash, lowercased, for comparisons."""
    bare = re.sub(r"^[a-z]+://", "", url.strip().lower())
    return bare.removeprefix("www.").rstrip("/")


def _strong_text(match: re.Match[str]) -> str:
    if match.group("stars"):
        return match.group("stars")
    inner = match.group("lines")
    # A dunder name ("__init__") in a developer's resume is code, not emphasis.
    return match.group(0) if inner.isidentifier() and inner.islower() else inner
