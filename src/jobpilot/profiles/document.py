"""What a resume reader hands to the parser: the file's text in reading order, as light Markdown.

Every reader (PDF, DOCX, plain text, Markdown) produces the same shape so that one parser serves
them all. Readers keep what the layout tells them and drop the rest:

- a heading the file marks as such (a DOCX heading style, a Markdown ``#`` line, a PDF line set
  in a clearly larger or bold font) becomes ``# Heading``;
- a list item becomes ``- item`` whatever bullet glyph the file used;
- a table used for layout is read cell by cell, column by column, each cell's paragraphs on
  their own lines; two-column pages are read left column first, then right;
- blocks are separated by one blank line; no line carries trailing spaces.

Lines that the reader cannot classify are passed on as they are: the parser decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ResumeFormat = Literal["pdf", "docx", "text", "markdown", "json"]


@dataclass(frozen=True, slots=True)
class ResumeDocument:
    """A resume file turned into text, ready for :func:`jobpilot.profiles.parser.parse_resume`."""

    text: str
    format: ResumeFormat
    pages: int = 1


class ResumeRejected(ValueError):
    """The file cannot be read as a resume; ``status`` is the HTTP status to answer with.

    413 for a file over the size limit, 415 for a type we do not read or a content that does
    not match its extension or declared type, 422 for a file of the right type that is empty,
    encrypted, corrupt, has no text layer, or fails the JSON Resume schema.
    """

    def __init__(self, message: str, *, status: int = 422, errors: list[str] | None = None):
        super().__init__(message)
        self.status = status
        self.errors = errors or []
