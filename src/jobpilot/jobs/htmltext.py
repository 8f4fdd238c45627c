"""Job descriptions from HTML to readable text that keeps the structure people rely on.

Headings and paragraphs become blocks separated by a blank line, list items ``- item`` lines,
``<br>`` a line break and table rows ``cell | cell`` lines. Scripts, styles and embedded
documents are dropped and entities decoded. Descriptions that a provider escaped once more
(``&lt;p&gt;…``) are unescaped first, and text without any HTML tags keeps its own lines.

Block tags are replaced by marker characters *before* parsing, so one pass of the C parser and
one text extraction do all the work: walking the tree node by node in Python costs several
times more for a typical description. Table tags are replaced too, which also keeps the
parser from moving stray text out of malformed tables.
"""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser

# Private-use characters: they never occur in real descriptions (and are removed if they do).
_PARA = "\ue000"
_LINE = "\ue001"
_BULLET = "\ue002"
_CELL = "\ue003"
_MARKERS = (_PARA, _LINE, _BULLET, _CELL)
_NO_MARKERS = {ord(c): None for c in _MARKERS}
# Characters people type as bullets; at the start of a line they become "- ".
_BULLET_CHARS = (
    "\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25cb\u25a0\u25a1\u27a2\u25ba\u25b8\u2713\u2714\u2043*"
)

_PARA_TAGS = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "hr",
    "figure",
    "main",
    "aside",
    "nav",
    "form",
    "fieldset",
    "address",
    "details",
    "dl",
]
_LINE_TAGS = [
    "div",
    "br",
    "tr",
    "dt",
    "dd",
    "summary",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "colgroup",
    "center",
    "figcaption",
    "legend",
    "option",
    "ul",
    "ol",
    "menu",
]
_DROPPED = ["script", "style", "noscript", "svg", "iframe", "template", "object", "embed", "math"]

_BLOCK_MARK: dict[str, str] = {}
for _tag in _PARA_TAGS:
    _BLOCK_MARK[_tag] = _BLOCK_MARK["/" + _tag] = _PARA
for _tag in _LINE_TAGS:
    _BLOCK_MARK[_tag] = _BLOCK_MARK["/" + _tag] = _LINE
_BLOCK_MARK.update({"li": _BULLET, "/li": _LINE, "td": _CELL, "th": _CELL, "/td": "", "/th": ""})

_BLOCK_NAMES = "|".join(
    sorted((t for t in _BLOCK_MARK if not t.startswith("/")), key=len, reverse=True)
)
_BLOCK_TAG = re.compile(rf"<(/?(?:{_BLOCK_NAMES}))(?=[\s/>])[^>]*>")
# Tag names are matched in lower case (a case-insensitive pattern is several times slower);
# the rare upper-case markup is lowered first.
_UPPER_TAG = re.compile(r"</?[A-Z][A-Za-z0-9]*(?=[\s/>])")

# Tags that real descriptions use; "salary <b" or "x<y" in plain text must not count as HTML.
_KNOWN_TAGS = (
    "a abbr b big blockquote body br center code dd div dl dt em font h1 h2 h3 h4 h5 h6 head "
    "header hr html i img li link meta ol p pre s section small span strong style sub sup "
    "script table tbody td th thead tr u ul iframe noscript svg article footer nav main"
)
_TAG_NAMES = "|".join(sorted(_KNOWN_TAGS.split(), key=len, reverse=True))
_RAW_TAG = re.compile(rf"<(?:/?(?:{_TAG_NAMES})(?=[\s/>])|!--)", re.IGNORECASE)
_ESCAPED_TAG = re.compile(rf"&(?:amp;)*lt;/?(?:{_TAG_NAMES})(?:\s|/|&(?:amp;)*gt;)", re.IGNORECASE)

_BREAK_RUN = re.compile(
    f"[{_PARA}{_LINE}{_BULLET}{_CELL}][ {_PARA}{_LINE}{_BULLET}{_CELL}]*"
    f"(?P<typed>[{_BULLET_CHARS}] ?(?=[^\\s{_PARA}{_LINE}{_BULLET}{_CELL}]))?"
)
_BULLET_START = re.compile(rf"^[ \t]*[{_BULLET_CHARS}][ \t]*(?=\S)", re.MULTILINE)
_HSPACE = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML tags, raw or entity-escaped."""
    return _RAW_TAG.search(text) is not None or _ESCAPED_TAG.search(text) is not None


_MAY_HIDE = re.compile(r"hidden|display|font-size|opacity", re.IGNORECASE)
_HIDDEN = ", ".join(
    [
        "[hidden]",
        '[aria-hidden="true"]',
        '[style*="display:none" i]',
        '[style*="display: none" i]',
        '[style*="visibility:hidden" i]',
        '[style*="visibility: hidden" i]',
        '[style*="font-size:0" i]',
        '[style*="font-size: 0" i]',
        '[style*="opacity:0;" i]',
        '[style*="opacity: 0;" i]',
        "template",
    ]
)


def html_to_text(html_text: str) -> str:
    """Readable text of an HTML description (or of plain text passed in by mistake).

    Never raises; returns ``""`` for empty input. Lines carry no trailing spaces and there is
    at most one blank line between blocks.
    """
    if not html_text:
        return ""
    text = html_text
    if any(marker in text for marker in _MARKERS):
        text = text.translate(_NO_MARKERS)
    # Unescape only when the escaped form is the markup (Greenhouse escapes its content once).
    for _ in range(2):
        if _RAW_TAG.search(text) is None and _ESCAPED_TAG.search(text) is not None:
            text = html.unescape(text)
        else:
            break
    if _RAW_TAG.search(text) is None:
        return _plain_text(html.unescape(text))
    return _markup_text(text)


def _markup_text(markup: str) -> str:
    if _UPPER_TAG.search(markup) is not None:
        markup = _UPPER_TAG.sub(_lower_tag, markup)
    if _MAY_HIDE.search(markup) is not None:
        markup = _without_hidden(markup)
    tree = LexborHTMLParser(_BLOCK_TAG.sub(_block_marker, markup))
    tree.strip_tags(_DROPPED, recursive=True)
    body = tree.body
    if body is None:
        return ""
    text = " ".join(body.text(deep=True, separator="", strip=False).split())
    for marker in (_PARA, _LINE, _BULLET, _CELL):
        text = text.replace(" " + marker, marker)
    if text and text[0] in _BULLET_CHARS:
        text = _LINE + text
    return _BREAK_RUN.sub(_break, text)


def _without_hidden(markup: str) -> str:
    """The markup without elements a reader never sees: text hidden from people is not part
    of the posting, and is where instructions aimed at AI tools like to hide. A second parse,
    paid only by markup that mentions hiding at all."""
    tree = LexborHTMLParser(markup)
    hidden = tree.css(_HIDDEN)
    if not hidden:
        return markup
    for node in hidden:
        node.decompose()
    body = tree.body
    return body.html or "" if body is not None else ""


def _lower_tag(match: re.Match[str]) -> str:
    return match.group(0).lower()


def _block_marker(match: re.Match[str]) -> str:
    return _BLOCK_MARK[match.group(1)]


def _break(match: re.Match[str]) -> str:
    """What a run of block boundaries between two pieces of text becomes."""
    run = match.group(0)
    if match.end() == len(match.string):
        return ""
    typed = match.group("typed")
    bullet = "- " if typed or _BULLET in run else ""
    if match.start() == 0:
        return bullet
    if _PARA in run:
        return "\n\n" + bullet
    if _LINE in run or _BULLET in run:
        return "\n" + bullet
    return " | " + (typed or "")


def _plain_text(text: str) -> str:
    lines = [_HSPACE.sub(" ", line).strip() for line in text.splitlines()]
    joined = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
    return _BULLET_START.sub("- ", joined)
