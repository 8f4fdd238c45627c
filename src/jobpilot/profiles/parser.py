"""A resume's text, as a reader hands it over, parsed into a :class:`ParsedResume`.

The text is cut into sections at their headings (:mod:`jobpilot.profiles.sections`); the text
before the first heading is the contact block, read for name, headline, email, phone, place and
links (:mod:`jobpilot.profiles.contact`); each other section is read by its kind: jobs and
degrees by :mod:`jobpilot.profiles.entries`, skills, languages, certifications, projects and
publications by :mod:`jobpilot.profiles.listings`. Every section is also kept as written in
``ParsedResume.sections`` so that later steps can point at the text they rely on.

Contact details missing from the contact block are looked for in the rest of the text (email,
phone, LinkedIn and GitHub links), since two-column layouts and page footers move them there.
JSON Resume documents are not text: :mod:`jobpilot.profiles.jsonresume` maps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from jobpilot.profiles.contact import find_emails, find_links, find_phone, read_contact_block
from jobpilot.profiles.document import ResumeDocument
from jobpilot.profiles.entries import parse_education, parse_experience, strip_bullet
from jobpilot.profiles.listings import (
    is_spoken_language,
    parse_certifications,
    parse_languages,
    parse_projects,
    parse_publications,
    parse_skills,
)
from jobpilot.profiles.resume import Contact, ParsedResume, Section, SectionKind
from jobpilot.profiles.sections import RawSection, split_sections

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WIDE_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u2002\u2003]")
# Markdown emphasis that a reader left in place: "**Senior Engineer**".
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__)(?=\S)(.{1,200}?)(?<=\S)\1(?!\w)")
# Sections whose links belong to their entries, not to the person.
_ENTRY_LINK_KINDS: frozenset[SectionKind] = frozenset({"projects", "publications"})


def normalise_text(text: str) -> str:
    """The text with one kind of line break and space, without invisible characters, Markdown
    emphasis markers or trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _INVISIBLE.sub("", _WIDE_SPACES.sub(" ", text))
    text = _EMPHASIS.sub(r"\2", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _lines_of(sections: Iterable[RawSection], kind: SectionKind) -> list[list[str]]:
    return [section.lines for section in sections if section.kind == kind]


def _paragraphs(lines: Sequence[str]) -> str | None:
    """Lines joined into paragraphs: wrapped lines with a space, blocks with a blank line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        text = line.strip()
        if not text:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        bullet = strip_bullet(text)
        current.append(bullet if bullet is not None else text)
    return "\n\n".join(paragraphs) or None


def _fill_contact(contact: Contact, sections: Sequence[RawSection], text: str) -> Contact:
    """Contact details the contact block lacks, taken from anywhere else in the resume."""
    update: dict[str, object] = {}
    if contact.email is None:
        emails = find_emails(text)
        if emails:
            update["email"] = emails[0]
    if contact.phone is None:
        for section in sections:
            if section.kind in ("contact", "summary", "other", "skills", "languages"):
                phone = find_phone(section.text)
                if phone is not None:
                    update["phone"] = phone
                    break
    known = {link.url for link in contact.links}
    extra = []
    for section in sections:
        if section.kind in _ENTRY_LINK_KINDS or section.kind == "contact":
            continue
        for link in find_links(section.text):
            if link.kind in ("linkedin", "github") and link.url not in known:
                known.add(link.url)
                extra.append(link)
    if extra:
        update["links"] = [*contact.links, *extra]
    return contact.model_copy(update=update) if update else contact


def parse_resume(document: ResumeDocument) -> ParsedResume:
    """The structured resume a text, Markdown, PDF or DOCX document holds.

    Raises ``ValueError`` for a JSON Resume document, which is mapped, not parsed.
    """
    if document.format == "json":
        raise ValueError("JSON Resume documents are mapped by jobpilot.profiles.jsonresume")
    text = normalise_text(document.text)
    sections = split_sections(text, is_language=is_spoken_language)
    contact_lines = [line for lines in _lines_of(sections, "contact") for line in lines]
    block = read_contact_block(contact_lines)
    summaries = [_paragraphs(lines) for lines in _lines_of(sections, "summary")]
    summary = "\n\n".join(part for part in summaries if part) or None
    if summary is None and block.prose:
        summary = " ".join(block.prose)
    return ParsedResume(
        contact=_fill_contact(block.contact, sections, text),
        headline=block.headline,
        summary=summary,
        experience=[
            entry
            for lines in _lines_of(sections, "experience")
            for entry in parse_experience(lines)
        ],
        education=[
            entry for lines in _lines_of(sections, "education") for entry in parse_education(lines)
        ],
        skills=_unique(
            skill for lines in _lines_of(sections, "skills") for skill in parse_skills(lines)
        ),
        certifications=[
            entry
            for lines in _lines_of(sections, "certifications")
            for entry in parse_certifications(lines)
        ],
        languages=[
            entry for lines in _lines_of(sections, "languages") for entry in parse_languages(lines)
        ],
        projects=[
            entry for lines in _lines_of(sections, "projects") for entry in parse_projects(lines)
        ],
        publications=[
            entry
            for lines in _lines_of(sections, "publications")
            for entry in parse_publications(lines)
        ],
        sections=[
            Section(kind=section.kind, heading=section.heading, text=section.text)
            for section in sections
        ],
    )


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(value)
    return unique
