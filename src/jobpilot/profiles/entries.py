"""The entries of a resume section: jobs, degrees, certificates, languages, projects, papers.

Entry sections are read in two steps. First the lines are cut into entries: an entry starts
with header lines (short lines naming the job, the company, the dates, the place) and goes on
with its body (``- `` bullets and prose). A header line after a body, a second dated line, or
a third name-like line starts the next entry; when a section puts dates first, a date line
does. Then each entry's header is cut into parts at "|", dashes, "at", commas and wide gaps;
places and dates are taken out and what remains is told apart with cues: job-title words
(engineer, manager, nurse…) against organisation words (Inc, GmbH, University…). When the
cues are even, the order most entries of the section use decides, else the first part is the
title.

Nothing is invented: an entry without a company has ``company=None``, one without dates has no
dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from jobpilot.profiles.contact import find_links, looks_like_location
from jobpilot.profiles.dates import DateRange, find_date_range
from jobpilot.profiles.resume import (
    Certification,
    Education,
    Experience,
    Language,
    Project,
    Publication,
)
from jobpilot.profiles.sections import fold


def _word_list(text: str) -> list[str]:
    """The words of a vocabulary written as one string."""
    return text.split()


_TITLE_WORDS = frozenset(
    _word_list(
        "engineer developer programmer manager analyst nurse teacher designer consultant "
        "scientist architect lead director intern internship specialist coordinator "
        "administrator officer assistant associate head vp president founder co-founder "
        "cofounder cto ceo cfo coo cio cmo owner technician accountant editor writer "
        "researcher professor lecturer tutor instructor trainer coach representative agent "
        "clerk cashier chef cook driver mechanic electrician pharmacist physician doctor "
        "therapist advisor adviser executive supervisor operator strategist marketer recruiter "
        "principal staff trainee apprentice volunteer fellow postdoc attorney lawyer paralegal "
        "counsel auditor economist planner buyer producer journalist photographer artist "
        "midwife caregiver dentist surgeon paramedic pilot sre devops qa tester partner "
        "secretary receptionist bookkeeper controller underwriter actuary banker broker "
        "librarian counselor counsellor psychologist worker carpenter plumber welder machinist "
        "foreman superintendent inspector estimator surveyor steward barista waiter waitress "
        "bartender housekeeper guard evangelist advocate maintainer contributor freelancer "
        "freelance contractor self-employed student werkstudent praktikant entwickler "
        "entwicklerin ingenieur ingenieurin berater beraterin leiter leiterin referent "
        "sachbearbeiter ingénieur développeur développeuse responsable stagiaire desarrollador "
        "ingeniero gerente jefe analista consultor becario"
    )
)
_SENIORITY_WORDS = frozenset(
    _word_list("senior junior sr jr principal staff chief lead head trainee graduate entry")
)
_COMPANY_SUFFIXES = frozenset(
    _word_list(
        "inc incorporated ltd limited llc llp gmbh ag corp corporation co company plc sa s.a "
        "sarl sas bv b.v nv pty kg se oy ab srl spa gbr ug ohg kgaa lp"
    )
)
_ORGANISATION_WORDS = frozenset(
    _word_list(
        "group holdings technologies labs lab systems solutions studios studio partners bank "
        "hospital clinic university college school institute agency foundation council "
        "ministry department consulting ventures capital media health games networks services "
        "industries international global enterprises gmbh & universität université "
        "universidad hochschule academy"
    )
)
_INSTITUTION_WORDS = frozenset(
    _word_list(
        "university universität universitat université universidad universidade università "
        "college institute institut instituto school academy akademie hochschule "
        "fachhochschule polytechnic politecnico polytechnique gymnasium lycée lycee escuela "
        "école ecole conservatory conservatoire tu eth epfl mit ucl lmu kit rwth"
    )
)
_DEGREE_WORDS = re.compile(
    r"(?<![\w])(?:"
    r"(?:bachelor|master|doctor|associate)(?:['\u2019]?s)?(?:\s+degree)?"
    r"(?:\s+of\s+(?:arts|science|sciences|engineering|business\s+administration|laws|"
    r"fine\s+arts|education|philosophy|technology|applied\s+science|commerce|music|nursing|"
    r"architecture|public\s+health|public\s+administration))?"
    r"|doctorate|postgraduate\s+diploma|graduate\s+certificate|high\s+school\s+diploma"
    r"|dipl[oô]me(?:\s+d['\u2019]ing[ée]nieur)?|diploma|diplom(?:-\w+)?|promotion|abitur|a-levels?|a\s+levels|gcses?|ged|hnd|licence|licenciatura"
    r"|grado|máster|maîtrise|baccalauréat|doctorat|doctorado|magister|staatsexamen"
    r"|certificate|apprenticeship"
    r")(?![\w])",
    re.IGNORECASE,
)
_DEGREE_ABBREVIATIONS = re.compile(
    r"(?<![\w.])(?:B\.?Sc\.?|M\.?Sc\.?|B\.?S\.?|M\.?S\.?|B\.?A\.?|M\.?A\.?|B\.?Eng\.?|M\.?Eng\.?"
    r"|B\.?Tech\.?|M\.?Tech\.?|BBA|BFA|MFA|E?MBA|MPH|MPA|BCom|MCom|M\.?Phil\.?|D\.?Phil\.?"
    r"|M\.?Res\.?|Ph\.?D\.?|LL\.?[BM]\.?|J\.?D\.?|M\.?D\.?|B\.?Ed\.?|M\.?Ed\.?|Dipl\.?-\w+\.?)"
    r"(?![\w])"
)
_BULLET = re.compile(
    r"^(?:[-*+\u2022\u25aa\u25e6\u2023\u25cf\u25a0\u27a2\u2013\u00b7>\u2192\u2714\u2713]"
    r"|\d{1,2}[.)])\s+"
)
_AT = re.compile(r"\s+(?:at|@|bei|chez|en)\s+", re.IGNORECASE)
_HEADER_SEPARATORS = re.compile(
    r"\s*\|\s*|\s+[\u2013\u2014\u2022\u00b7\u2219\-/]\s+|\s*\u2014\s*|\t|\s{2,}"
)
_TRAILING_BRACKETS = re.compile(r"^(?P<text>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_DURATION = re.compile(
    r"\(?\s*\b\d+\+?\s*(?:years?|yrs?|months?|mos?)\b(?:\s*,?\s*\d+\s*(?:months?|mos?)\b)?\s*\)?",
    re.IGNORECASE,
)
_LABEL_ONLY = re.compile(r"^[^:]{1,40}:$")
_LABELLED = re.compile(r"^[\w][\w &/\-]{0,30}:\s+\S")
_EXPECTED = re.compile(r"^(?:expected|anticipated|voraussichtlich|prévu)\b\W*", re.IGNORECASE)
_LIST_SEPARATORS = frozenset(",;|\u2022\u00b7\u2219\u25aa\u25e6")
_CATEGORY = re.compile(r"^(?P<label>[^:,;|]{1,40}):\s*(?P<items>.*)$")
# "Becker, T. (2021). Title. Venue." - authors and year first, as citation styles write it.
_AUTHOR_YEAR = re.compile(
    r"^(?P<authors>[^()]+?)\s*\((?P<year>(?:19|20)\d\d)[a-z]?\)\.?\s*"
    r"(?P<title>[^.?!]+[.?!]?)\s*(?P<venue>.*)$"
)
_MAX_SKILL_WORDS = 6
_MAX_HEADER_WORDS = 18

_LANGUAGE_NAMES = frozenset(
    fold(name)
    for name in _word_list(
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
    _word_list(
        "associate professional specialty foundation foundations practitioner expert "
        "fundamentals advanced intermediate beginner level part i ii iii"
    )
)

_LineKind = Literal["bullet", "prose", "header"]


@dataclass(slots=True)
class _Line:
    kind: _LineKind
    text: str
    dates: DateRange | None = None
    rest: str = ""


@dataclass(slots=True)
class _Block:
    header: list[_Line] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    name_parts: int = 0

    @property
    def has_body(self) -> bool:
        return bool(self.bullets or self.prose)

    @property
    def dates(self) -> DateRange | None:
        return next((line.dates for line in self.header if line.dates is not None), None)


@dataclass(slots=True)
class _Parts:
    """A header cut into parts: names (title, company…), places, and whether "at" was used."""

    names: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    title_first: bool = False


def _words(text: str) -> list[str]:
    return [word.strip(".,;:()[]") for word in fold(text).split()]


def _is_prose(text: str) -> bool:
    """Whether a line is a sentence rather than a header: mostly lower-case words, or long."""
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    if len(words) > _MAX_HEADER_WORDS:
        return True
    lower = sum(1 for word in words if word[0].islower())
    if len(words) >= 6 and lower * 2 > len(words):
        return True
    return text.endswith(".") and len(words) >= 5 and lower * 2 >= len(words)


def strip_bullet(line: str) -> str | None:
    """The text of a bullet line without its bullet, or None when the line is no bullet."""
    match = _BULLET.match(line.strip())
    return line.strip()[match.end() :].strip() if match else None


def _read_lines(lines: Iterable[str]) -> list[_Line]:
    read: list[_Line] = []
    listed_entries = False
    for raw in lines:
        text = raw.strip()
        if not text or _LABEL_ONLY.match(text):
            continue
        bullet = strip_bullet(text)
        if bullet == "":
            continue
        previous = read[-1] if read else None
        if bullet is None and previous and previous.kind != "header" and text[0].islower():
            previous.text = f"{previous.text} {text}"
            continue
        found = find_date_range(bullet if bullet is not None else text)
        rest = found[1] if found else (bullet if bullet is not None else text)
        rest = _DURATION.sub("", rest).strip(" ,;|-\u2013\u2014\u00b7")
        if bullet is not None:
            # A listed job ("- Engineer, Acme, 2019-2021") is a header, not a bullet; once a
            # section lists entries so, a lone date is enough ("- Intern, Beta (Summer 2014)").
            dated = found is not None and (
                listed_entries or found[0].end is not None or found[0].current
            )
            if not (dated and len(rest.split()) <= 10 and not _is_prose(rest)):
                read.append(_Line("bullet", bullet))
                continue
            listed_entries = True
            text = bullet
        elif (_LABELLED.match(text) and found is None) or _is_prose(rest):
            read.append(_Line("prose", text))
            continue
        read.append(_Line("header", text, found[0] if found else None, rest))
    return read


def _count_names(rest: str) -> int:
    return len(_split_header(rest).names) if rest else 0


def _split_blocks(lines: Iterable[str]) -> list[_Block]:
    """The lines cut into entries, each a header followed by a body."""
    read = _read_lines(lines)
    first_header = next((line for line in read if line.kind == "header"), None)
    dates_first = first_header is not None and first_header.dates is not None
    dates_first = dates_first and first_header is not None and not first_header.rest
    blocks: list[_Block] = []
    for line in read:
        names = _count_names(line.rest) if line.kind == "header" else 0
        if not blocks or (
            line.kind == "header" and _starts_entry(blocks[-1], line, names, dates_first)
        ):
            blocks.append(_Block())
        current = blocks[-1]
        if line.kind == "header":
            current.header.append(line)
            current.name_parts += names
        else:
            (current.bullets if line.kind == "bullet" else current.prose).append(line.text)
    return blocks


def _starts_entry(current: _Block, line: _Line, names: int, dates_first: bool) -> bool:
    """Whether a header line opens a new entry rather than continuing the current header."""
    if current.has_body:
        return True
    if line.dates is not None and current.dates is not None:
        return True
    if dates_first:
        return line.dates is not None and current.name_parts > 0
    if line.dates is None and current.dates is not None and current.name_parts >= 2 and names:
        return True
    return current.name_parts >= 3 and names > 0


def _merge_suffixes(parts: list[str]) -> list[str]:
    """Comma pieces rejoined where a comma only sets off a company form ("Acme, Inc.")."""
    merged: list[str] = []
    for part in parts:
        if merged and set(_words(part)) and set(_words(part)) <= _COMPANY_SUFFIXES:
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def _is_named_thing(text: str) -> bool:
    words = set(_words(text))
    return bool(words & (_TITLE_WORDS | _COMPANY_SUFFIXES | _ORGANISATION_WORDS))


def _split_commas(piece: str, into: _Parts) -> None:
    bracketed = _TRAILING_BRACKETS.match(piece)
    if bracketed and looks_like_location(bracketed["inner"], allow_work_mode=True):
        into.places.append(bracketed["inner"].strip())
        piece = bracketed["text"]
    parts = _merge_suffixes([part.strip() for part in piece.split(",") if part.strip()])
    if not parts:
        return
    place: str | None = None
    if len(parts) >= 3 and looks_like_location(", ".join(parts[-3:])):
        place, parts = ", ".join(parts[-3:]), parts[:-3]
    elif (
        len(parts) >= 2
        and looks_like_location(", ".join(parts[-2:]))
        and (len(parts) > 2 or not _is_named_thing(parts[0]))
    ):
        place, parts = ", ".join(parts[-2:]), parts[:-2]
    if (
        place is None
        and looks_like_location(parts[-1], allow_work_mode=True)
        and (len(parts) > 1 or not _is_named_thing(parts[0]))
    ):
        place, parts = parts[-1], parts[:-1]
    if place is not None:
        into.places.append(place)
    into.names.extend(part for part in parts if part)


def _split_header(text: str) -> _Parts:
    """A header line cut into name parts and places."""
    parts = _Parts()
    at = _AT.search(text)
    if at is not None and len(text[: at.start()].split()) <= 6 and text[at.end() :].strip():
        parts.title_first = True
        pieces = [text[: at.start()], *_HEADER_SEPARATORS.split(text[at.end() :])]
    else:
        pieces = _HEADER_SEPARATORS.split(text)
    for piece in pieces:
        cleaned = piece.strip(" ,;:-\u2013\u2014|")
        if cleaned and _without_urls(cleaned):
            _split_commas(cleaned, parts)
    return parts


def _title_score(text: str) -> int:
    words = set(_words(text))
    score = 2 if words & _TITLE_WORDS else 0
    score += 1 if words & _SENIORITY_WORDS else 0
    if words & _COMPANY_SUFFIXES:
        score -= 3
    elif words & _ORGANISATION_WORDS:
        score -= 1
    if re.search(r"\b[\w\-]+\.(?:com|io|ai|dev|co|de|net|org)\b", text):
        score -= 2
    return score


def _title_is_first(first: str, second: str) -> bool | None:
    """Whether the first of two parts is the job title, or None when the cues are even."""
    difference = _title_score(first) - _title_score(second)
    return None if difference == 0 else difference > 0


@dataclass(slots=True)
class _Header:
    names: list[str]
    places: list[str]
    dates: DateRange | None
    title_first: bool | None


def _read_header(block: _Block) -> _Header:
    names: list[str] = []
    places: list[str] = []
    explicit = False
    for line in block.header:
        split = _split_header(line.rest) if line.rest else _Parts()
        if not names:
            explicit = split.title_first
        names.extend(split.names)
        places.extend(split.places)
    order: bool | None = True if explicit else None
    if order is None and len(names) >= 2:
        order = _title_is_first(names[0], names[1])
    return _Header(names=names, places=places, dates=block.dates, title_first=order)


def _majority(orders: Iterable[bool | None]) -> bool:
    decided = [order for order in orders if order is not None]
    return sum(decided) * 2 >= len(decided)


def _title_and_company(header: _Header, default_title_first: bool) -> tuple[str | None, str | None]:
    names = header.names
    if not names:
        return None, None
    if len(names) == 1:
        score = _title_score(names[0])
        return (names[0], None) if score >= 0 else (None, names[0])
    if len(names) == 2:
        title_first = header.title_first
        if title_first is None:
            title_first = default_title_first
        return (names[0], names[1]) if title_first else (names[1], names[0])
    ranked = sorted(range(len(names)), key=lambda index: (-_title_score(names[index]), index))
    title_index = ranked[0]
    company_index = min(
        (index for index in range(len(names)) if index != title_index),
        key=lambda index: (_title_score(names[index]), index),
    )
    return names[title_index], names[company_index]


def _paragraph(lines: Sequence[str]) -> str | None:
    text = " ".join(line.strip() for line in lines if line.strip())
    return text or None


def parse_experience(lines: Sequence[str]) -> list[Experience]:
    """The jobs an experience section lists, in the order written."""
    blocks = [block for block in _split_blocks(lines) if block.header]
    headers = [_read_header(block) for block in blocks]
    default_order = _majority(header.title_first for header in headers)
    entries = []
    for block, header in zip(blocks, headers, strict=True):
        title, company = _title_and_company(header, default_order)
        dates = header.dates
        if title is None and company is None and dates is None:
            continue
        entries.append(
            Experience(
                title=title,
                company=company,
                location=header.places[0] if header.places else None,
                start=dates.start if dates else None,
                end=dates.end if dates else None,
                current=dates.current if dates else False,
                bullets=block.bullets,
                description=_paragraph(block.prose),
            )
        )
    return entries


def _degree_in(text: str) -> re.Match[str] | None:
    return _DEGREE_ABBREVIATIONS.search(text) or _DEGREE_WORDS.search(text)


def _degree_and_field(part: str, match: re.Match[str]) -> tuple[str, str | None]:
    degree = match.group(0).strip()
    before = part[: match.start()].strip(" ,:-\u2013(")
    after = part[match.end() :].strip()
    after = re.sub(r"^\([^()]*\)\s*", "", after)
    if re.match(r"(?i)of\s+\S", after):
        # "Master of Computer Science" names its field; "Bachelor of Design in X" names X.
        named, found_in, field_text = after[3:].strip().partition(" in ")
        if found_in:
            return f"{degree} of {named.strip()}", field_text.strip() or None
        return f"{degree} of {named.strip()}", named.strip() or None
    after = re.sub(r"(?i)^(?:[,:\-\u2013\u2014]\s*|in\s+|im\s+fach\s+|en\s+)+", "", after)
    after = re.sub(r"\s*\([^()]*\)$", "", after).strip(" ,()")
    return degree, (after or before or None)


def _is_institution(text: str) -> bool:
    return bool(set(_words(text)) & _INSTITUTION_WORDS)


def _merge_institution_tail(names: list[str]) -> list[str]:
    """ "University of California" and "Berkeley" rejoined: a short tail after an institution."""
    merged: list[str] = []
    for name in names:
        if (
            merged
            and _is_institution(merged[-1])
            and len(name.split()) <= 2
            and not _is_institution(name)
            and _degree_in(name) is None
            and name[:1].isupper()
        ):
            merged[-1] = f"{merged[-1]}, {name}"
        else:
            merged.append(name)
    return merged


def parse_education(lines: Sequence[str]) -> list[Education]:
    """The degrees and schools an education section lists, in the order written.

    A single date on an entry is read as its end (the graduation date).
    """
    entries = []
    for block in _split_blocks(lines):
        if not block.header:
            continue
        header = _read_header(block)
        names = _merge_institution_tail(header.names)
        degree = field_name = institution = None
        unassigned: list[str] = []
        for name in names:
            match = _degree_in(name) if degree is None else None
            if match is not None:
                degree, field_name = _degree_and_field(name, match)
            elif institution is None and _is_institution(name):
                institution = name
            else:
                unassigned.append(name)
        if degree is not None and field_name is None and len(unassigned) >= 2 - bool(institution):
            # Written in the usual order: degree, field, institution.
            field_name = unassigned.pop(0)
        if institution is None and unassigned:
            institution = unassigned.pop(0)
        start, end, current = _education_dates(header.dates)
        if not (degree or institution or field_name):
            continue
        entries.append(
            Education(
                degree=degree,
                field=field_name,
                institution=institution,
                location=header.places[0] if header.places else None,
                start=start,
                end=end,
                current=current,
                details=[*unassigned, *block.bullets, *block.prose],
            )
        )
    return entries


def _education_dates(dates: DateRange | None) -> tuple[str | None, str | None, bool]:
    if dates is None:
        return None, None, False
    if dates.end is None and not dates.current:
        return None, dates.start, False
    return dates.start, dates.end, dates.current


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
    bracketed = _TRAILING_BRACKETS.match(text)
    if bracketed and not set(_words(bracketed["inner"])) <= _CERTIFICATE_LEVELS:
        return bracketed["text"].strip(), bracketed["inner"].strip() or None
    by = re.search(r"\s+(?:issued\s+by|by|from|von)\s+", text, re.IGNORECASE)
    if by is not None and by.start() > 0:
        return text[: by.start()].strip(), text[by.end() :].strip() or None
    for separator in (" \u2014 ", " | ", " \u00b7 ", " \u2022 ", ", ", " \u2013 ", " - "):
        head, found, tail = text.rpartition(separator)
        if not found or not head.strip():
            continue
        if separator in (" \u2013 ", " - ") and set(_words(tail)) <= _CERTIFICATE_LEVELS:
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
    bracketed = _TRAILING_BRACKETS.match(text)
    if bracketed and bracketed["text"].strip():
        return Language(language=bracketed["text"].strip(), level=bracketed["inner"].strip())
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


def _without_urls(text: str) -> str:
    cleaned = re.sub(r"(?i)(?:https?://|www\.)\S+", "", text)
    for link in find_links(cleaned):
        bare = link.url.removeprefix("https://")
        cleaned = cleaned.replace(bare, "")
    cleaned = re.sub(r"\(\s*\)|\[\s*\]", "", cleaned)
    return cleaned.strip(" ,;:|-\u2013\u2014")


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
    text = _without_urls(text)
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
    blocks = _split_blocks(lines)
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
        description_lines += [_without_urls(text) for text in header_texts[1:]]
        projects.append(
            Project(
                name=head.name,
                description=_paragraph([*description_lines, *block.prose]),
                url=url,
                bullets=block.bullets,
            )
        )
    return projects


def _publication_from_line(text: str) -> Publication | None:
    url = _first_url([text])
    cited = _AUTHOR_YEAR.match(_without_urls(text))
    if cited is not None:
        venue = cited["venue"].strip(" .,")
        return Publication(
            title=cited["title"].strip(" ."), venue=venue or None, date=cited["year"], url=url
        )
    found = find_date_range(_without_urls(text))
    date = found[0].start if found else None
    body = _without_urls(found[1] if found else text)
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
