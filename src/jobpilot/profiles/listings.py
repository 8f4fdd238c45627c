"""The listed sections of a resume: certifications, languages, skills, projects, publications.

These sections are lists rather than entries: mostly one item per line or bullet, or items cut
at commas, semicolons and pipes ("Python, Go | Docker"; "Native: English; Fluent: German").
Projects are the exception, written either one per bullet ("Name: what it does") or as entries
with a header and a body, which are cut as :mod:`jobpilot.profiles.entries` cuts jobs.

Nothing is invented: an item without an issuer, level, date or link has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from jobpilot.profiles.contact import find_links
from jobpilot.profiles.dates import find_date_range
from jobpilot.profiles.entries import (
    folded_words,
    paragraph,
    split_entries,
    split_trailing_brackets,
    strip_bullet,
    without_urls,
    word_list,
)
from jobpilot.profiles.resume import Certification, Language, Project, Publication
from jobpilot.profiles.sections import fold

_LIST_SEPARATORS = frozenset(",;|\u2022\u00b7\u2219\u25aa\u25e6")
_CATEGORY = re.compile(r"^(?P<label>[^:,;|]{1,40}):\s*(?P<items>.*)$")
# "Becker, T. (2021). Title. Venue." - authors and year first, as citation styles write it.
_AUTHOR_YEAR = re.compile(
    r"^(?P<authors>[^()]+?)\s*\((?P<year>(?:19|20)\d\d)[a-z]?\)\.?\s*"
    r"(?P<title>[^.?!]+[.?!]?)\s*(?P<venue>.*)$"
)
_MAX_SKILL_WORDS = 6

_LANGUAGE_NAMES = frozenset(
    fold(name)
    for name in word_list(
        "english german french spanish italian portuguese dutch swedish norwegian danish "
        "finnish polish czech slovak hungarian romanian bulgarian greek turkish russian "
        "ukrainian arabic hebrew persian farsi hindi urdu bengali punjabi tamil telugu marathi "
        "gujarati chinese mandarin cantonese japanese korean vietnamese thai indonesian malay "
        "tagalog filipino swahili amharic yoruba igbo hausa zulu afrikaans catalan basque "
        "galician irish welsh icelandic estonian latvian lithuanian serbian croatian bosnian "
        "slovenian macedonian albanian armenian georgian azerbaijani kazakh uzbek latin "
        "esperanto luxembourgish maltese asl bsl englisch deutsch französisch spanisch "
        "italienisch portugiesisch niederländisch russisch polnisch türkisch arabisch "
        "chinesisch japanisch anglais allemand français espagnol italien portugais néerlandais "
        "russe arabe chinois japonais inglés alemán francés español italiano portugués ruso "
        "árabe chino japonés catalán"
    )
) | {"american sign language", "british sign language", "sign language", "brazilian portuguese"}
_LEVEL_WORDS = frozenset(
    fold(level)
    for level in (
        "native",
        "native speaker",
        "mother tongue",
        "first language",
        "bilingual",
        "native or bilingual",
        "native or bilingual proficiency",
        "fluent",
        "proficient",
        "advanced",
        "upper intermediate",
        "upper-intermediate",
        "intermediate",
        "pre-intermediate",
        "lower intermediate",
        "basic",
        "beginner",
        "elementary",
        "conversational",
        "working proficiency",
        "professional working proficiency",
        "limited working proficiency",
        "full professional proficiency",
        "elementary proficiency",
        "business fluent",
        "business",
        "good",
        "very good",
        "excellent",
        "muttersprache",
        "muttersprachlich",
        "fließend",
        "verhandlungssicher",
        "sehr gut",
        "gut",
        "grundkenntnisse",
        "langue maternelle",
        "courant",
        "natif",
        "bilingue",
        "notions",
        "nativo",
        "nativa",
        "lengua materna",
        "bilingüe",
        "avanzado",
        "intermedio",
        "básico",
        "fluido",
    )
)
_CEFR = re.compile(r"^(?:[ABC][12]\+?)(?:\s*[-/]\s*[ABC][12]\+?)?$", re.IGNORECASE)
# Words that end a certificate's name ("Solutions Architect - Associate") rather than start
# its issuer.
_CERTIFICATE_LEVELS = frozenset(
    word_list(
        "associate professional specialty foundation foundations practitioner expert "
        "fundamentals advanced intermediate beginner level part i ii iii"
    )
)


def _items(lines: Iterable[str], *, lists: bool = False) -> list[str]:
    """Non-empty lines without bullets, wrapped lines joined to the line they continue.

    A line starting in lower case continues the one before, except in ``lists`` (skills,
    languages), where items like "pandas" stand alone unless the line before ends with a
    separator.
    """
    items: list[str] = []
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        bullet = strip_bullet(text)
        wrapped = not lists or items[-1].endswith((",", ";", "|", "/", "&")) if items else False
        if bullet is None and items and text[0].islower() and wrapped:
            items[-1] = f"{items[-1]} {text}"
            continue
        if bullet == "":
            continue
        items.append(bullet if bullet is not None else text)
    return items


def _split_issuer(text: str) -> tuple[str, str | None]:
    bracketed = split_trailing_brackets(text)
    if bracketed is not None:
        name, inner = bracketed
        if not set(folded_words(inner)) <= _CERTIFICATE_LEVELS:
            return name.strip(), inner.strip() or None
    by = re.search(r"\s+(?:issued\s+by|by|from|von)\s+", text, re.IGNORECASE)
    if by is not None and by.start() > 0:
        return text[: by.start()].strip(), text[by.end() :].strip() or None
    for separator in (" \u2014 ", " | ", " \u00b7 ", " \u2022 ", ", ", " \u2013 ", " - "):
        head, found, tail = text.rpartition(separator)
        if not found or not head.strip():
            continue
        if separator in (" \u2013 ", " - ") and set(folded_words(tail)) <= _CERTIFICATE_LEVELS:
            continue
        return head.strip(), tail.strip() or None
    return text.strip(), None


def parse_certifications(lines: Sequence[str]) -> list[Certification]:
    """Certificates with their issuer and date, one per line or bullet."""
    certifications: list[Certification] = []
    for item in _items(lines):
        found = find_date_range(item)
        text = found[1] if found else item
        text = re.sub(r"(?i)\s*[,|\u2013\u2014-]?\s*credential id\b.*$", "", text).strip()
        date = found[0].start if found else None
        if not text:
            if certifications and certifications[-1].date is None and date is not None:
                certifications[-1] = certifications[-1].model_copy(update={"date": date})
            continue
        name, issuer = _split_issuer(text)
        certifications.append(Certification(name=name, issuer=issuer, date=date))
    return certifications


def is_spoken_language(item: str) -> bool:
    """Whether a list item names a spoken language, with or without its level."""
    language = _read_language(item)
    return language is not None and fold(language.language) in _LANGUAGE_NAMES


def _is_level(text: str) -> bool:
    key = fold(text).strip(" .")
    return bool(_CEFR.match(key.strip())) or key in _LEVEL_WORDS or _level_suffix(key) is not None


def _level_suffix(key: str) -> str | None:
    words = key.split()
    for size in range(min(4, len(words)), 0, -1):
        tail = " ".join(words[-size:])
        if tail in _LEVEL_WORDS or _CEFR.match(tail):
            return tail
    return None


def _read_language(item: str) -> Language | None:
    text = item.strip().strip(".")
    if not text:
        return None
    bracketed = split_trailing_brackets(text)
    if bracketed is not None and bracketed[0].strip():
        language, level = bracketed
        return Language(language=language.strip(), level=level.strip())
    split = re.match(
        r"^(?P<language>[^:\-\u2013\u2014|]+?)\s*[:\-\u2013\u2014|]\s*(?P<level>.+)$", text
    )
    if split is not None:
        language, level = split["language"].strip(), split["level"].strip()
        if _is_level(language) and not _is_level(level):
            language, level = level, language
        return Language(language=language, level=level)
    words = text.split()
    for size in range(min(4, len(words) - 1), 0, -1):
        tail = " ".join(words[-size:])
        if _is_level(tail) and fold(" ".join(words[:-size])) in _LANGUAGE_NAMES:
            return Language(language=" ".join(words[:-size]), level=tail)
    return Language(language=text, level=None)


def _split_list(text: str) -> list[str]:
    """A list line cut at commas, semicolons, pipes, dots and " / ", brackets kept whole."""
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        spaced_slash = char == "/" and text[index - 1 : index + 2] == " / "
        if depth == 0 and (char in _LIST_SEPARATORS or spaced_slash):
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def parse_languages(lines: Sequence[str]) -> list[Language]:
    """Spoken languages with their level as written ("English (native)", "German: C1")."""
    languages: list[Language] = []
    chunks = (chunk for item in _items(lines, lists=True) for chunk in item.split(";"))
    for chunk in chunks:
        shared_level: str | None = None
        category = _CATEGORY.match(chunk.strip())
        if category is not None and _is_level(category["label"]):
            shared_level, chunk = category["label"].strip(), category["items"]
        for piece in _split_list(chunk):
            language = _read_language(piece)
            if language is None:
                continue
            if shared_level is not None and language.level is None:
                language = Language(language=language.language, level=shared_level)
            known = fold(language.language) in _LANGUAGE_NAMES
            single_word = len(language.language.split()) == 1
            if known or language.level is not None or single_word:
                languages.append(language)
    return languages


def parse_skills(lines: Sequence[str]) -> list[str]:
    """Skills as written, from lists cut at commas, semicolons, pipes and bullets.

    A "Category: a, b" line gives its items without the category; sentences are skipped.
    """
    skills: list[str] = []
    seen: set[str] = set()
    for item in _items(lines, lists=True):
        category = _CATEGORY.match(item)
        if category is not None and len(category["label"].split()) <= 4:
            item = category["items"]
        for piece in _split_list(item):
            skill = piece.strip().rstrip(".")
            if not skill or len(skill.split()) > _MAX_SKILL_WORDS or skill.endswith(":"):
                continue
            key = skill.casefold()
            if key not in seen:
                seen.add(key)
                skills.append(skill)
    return skills


def _first_url(texts: Iterable[str]) -> str | None:
    for text in texts:
        links = find_links(text)
        if links:
            return links[0].url
    return None


def _project_from_line(text: str) -> Project | None:
    url = _first_url([text])
    found = find_date_range(text)
    text = found[1] if found else text
    text = without_urls(text)
    name, separator, description = text.partition(": ")
    if not separator:
        for candidate in (" \u2014 ", " \u2013 ", " - ", " | "):
            name, separator, description = text.partition(candidate)
            if separator:
                break
    name = name.strip(" ,;:|-")
    if not name:
        return None
    return Project(name=name, description=description.strip() or None, url=url)


def parse_projects(lines: Sequence[str]) -> list[Project]:
    """Projects with name, link, description and bullets.

    A section of bullets only lists one project per bullet ("Name: what it does").
    """
    blocks = split_entries(lines)
    if all(not block.header for block in blocks):
        listed = [_project_from_line(bullet) for block in blocks for bullet in block.bullets]
        return [project for project in listed if project is not None]
    projects: list[Project] = []
    for block in blocks:
        if not block.header:
            continue
        header_texts = [line.text for line in block.header]
        head = _project_from_line(header_texts[0])
        if head is None:
            continue
        url = _first_url(header_texts) or _first_url([*block.bullets, *block.prose])
        description_lines = [head.description or ""]
        description_lines += [without_urls(text) for text in header_texts[1:]]
        projects.append(
            Project(
                name=head.name,
                description=paragraph([*description_lines, *block.prose]),
                url=url,
                bullets=block.bullets,
            )
        )
    return projects


def _publication_from_line(text: str) -> Publication | None:
    url = _first_url([text])
    cited = _AUTHOR_YEAR.match(without_urls(text))
    if cited is not None:
        venue = cited["venue"].strip(" .,")
        return Publication(
            title=cited["title"].strip(" ."), venue=venue or None, date=cited["year"], url=url
        )
    found = find_date_range(without_urls(text))
    date = found[0].start if found else None
    body = without_urls(found[1] if found else text)
    quoted = re.search(r"[\"\u201c\u201e](?P<title>[^\"\u201c\u201d\u201e]+)[\"\u201d\u201c]", body)
    if quoted is not None:
        title = quoted["title"].strip().rstrip(".,")
        venue = body[quoted.end() :].strip(" .,:;|-\u2013\u2014")
        venue = re.sub(r"(?i)^in\s+", "", venue)
        return Publication(title=title, venue=venue or None, date=date, url=url)
    for separator in (" \u2014 ", " \u2013 ", " | ", " - "):
        title, found_separator, venue = body.partition(separator)
        if found_separator:
            break
    else:
        title, found_separator, venue = body.partition(". ")
        if not found_separator:
            title, _, venue = body.rpartition(", ") if ", " in body else (body, "", "")
    title = title.strip(" .,")
    venue = re.sub(r"(?i)^in\s+", "", venue.strip(" .,:;|"))
    if not title:
        return None
    return Publication(title=title, venue=venue or None, date=date, url=url)


def parse_publications(lines: Sequence[str]) -> list[Publication]:
    """Publications (and talks), one per line or bullet: title, venue, date and link."""
    publications = [_publication_from_line(item) for item in _items(lines)]
    return [publication for publication in publications if publication is not None]
