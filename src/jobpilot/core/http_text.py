"""Decoding fetched bodies to text the way browsers do, without ever failing.

Order of precedence: a byte-order mark, the ``charset`` of the Content-Type header, a
declaration inside the first 2 KB of an HTML or XML document, then UTF-8, then windows-1252.
"""

from __future__ import annotations

import codecs
import re

SNIFF_BYTES = 2048

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Covers both <meta charset="x"> and <meta http-equiv="Content-Type" content="...; charset=x">.
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# Browsers read these labels as windows-1252, which is what such pages really contain.
_READ_AS_CP1252 = frozenset({"ascii", "iso8859-1"})


def known_codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if not _is_text_codec(name):
        return None
    return "cp1252" if name in _READ_AS_CP1252 else name


def _is_text_codec(name: str) -> bool:
    # Bytes-to-bytes codecs (base64, zlib …) that a hostile header could name are refused.
    try:
        b"x".decode(name)
    except LookupError:
        return False
    except UnicodeDecodeError:
        return True
    return True


def sniffed_charset(head: bytes) -> str | None:
    """The charset a document declares about itself in its first bytes (meta or XML)."""
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    codec = known_codec(match.group(1).decode("ascii"))
    # A document that can declare its charset in ASCII is not UTF-16/32 (WHATWG rule).
    if codec is not None and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def looks_like_markup(content_type: str, content: bytes) -> bool:
    if "html" in content_type or "xml" in content_type:
        return True
    return content.lstrip()[:1] == b"<"


def decode_body(content: bytes, *, charset: str | None, content_type: str = "") -> str:
    """``content`` as text: BOM, header charset, in-document declaration, UTF-8, cp1252."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(codec, errors="replace")
    declared = known_codec(charset)
    if declared is None and looks_like_markup(content_type.lower(), content):
        declared = sniffed_charset(content[:SNIFF_BYTES])
    if declared is not None:
        return content.decode(declared, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")
