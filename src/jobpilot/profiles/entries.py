"""The entries of experience and education sections: jobs and degrees.

Entry sections are read in two steps. First the lines are cut into entries: an entry starts
with header lines (short lines naming the job, the company, the dates, the place) and goes on
with its body (``- `` bullets and prose). A header line after a body, a second dated line, or
a third name-like line starts the next entry; when a section puts dates first, a date line
does. Then each entry's header is cut into parts at "|", dashes, "at", commas and wide gaps;
places and dates are taken out and what remains is told apart with cues: job-title words
(engineer, manager, nurse…) against organisation words (Inc, GmbH, University…). When the
cues are even, the order most entries of the section use decides, else the first part is the
title.

The first step, and the small text tools it needs, also serve the listed sections
(:mod:`jobpilot.profiles.listings`), whose projects are written as entries too.

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
from jobpilot.profiles.resume import Education, Experience
from jobpilot.profiles.sections import fold


def word_list(text: str) -> list[str]:
    """The words of a vocabulary written as one string."""
    return text.split()


_TITLE_WORDS = frozenset(
    word_list(
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
    word_list("senior junior sr jr principal staff chief lead head trainee graduate entry")
)
_COMPANY_SUFFIXES = frozenset(
    word_list(
        "inc incorporated ltd limited llc llp gmbh ag corp corporation co company plc sa s.a "
        "sarl sas bv b.v nv pty kg se oy ab srl spa gbr ug ohg kgaa lp"
    )
)
_ORGANISATION_WORDS = frozenset(
    word_list(
        "group holdings technologies labs lab systems solutions studios studio partners bank "
        "hospital clinic university college school institute agency foundation council "
        "ministry department consulting ventures capital media health games networks services "
        "industries international global enterprises gmbh & universität université "
        "universidad hochschule academy"
    )
)
_INSTITUTION_WORDS = frozenset(
    word_list(
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
_MAX_HEADER_WORDS = 18


EntryLineKind = Literal["bullet", "prose", "header"]


@dataclass(slots=True)
class EntryLine:
    """A line of an entry section: a header (with its dates and the text around them), a
    bullet or prose."""

    kind: EntryLineKind
    text: str
    dates: DateRange | None = None
    rest: str = ""


@dataclass(slots=True)
class EntryBlock:
    """One entry: its header lines, then the bullets and prose of its body."""

    header: list[EntryLine] = field(default_factory=list)
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


def folded_words(text: str) -> list[str]:
    """The words of a text, case- and accent-folded, without the punctuation around them."""
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


def split_trailing_brackets(text: str) -> tuple[str, str] | None:
    """What comes before a text's closing bracketed part and what is inside it
    ("Engineer (Remote)" gives "Engineer" and "Remote"), or None without one."""
    match = _TRAILING_BRACKETS.match(text)
    return (match["text"], match["inner"]) if match else None


def without_urls(text: str) -> str:
    """The text with its web addresses (and the brackets left empty by them) taken out."""
    cleaned = re.sub(r"(?i)(?:https?://|www\.)\S+", "", text)
    for link in find_links(cleaned):
        bare = link.url.removeprefix("https://")
        cleaned = cleaned.replace(bare, "")
    cleaned = re.sub(r"\(\s*\)|\[\s*\]", "", cleaned)
    return cleaned.strip(" ,;:|-\u2013\u2014")


def paragraph(lines: Sequence[str]) -> str | None:
    """The non-blank lines joined into one paragraph, or None when there are none."""
    text = " ".join(line.strip() for line in lines if line.strip())
    return text or None


def _read_lines(lines: Iterable[str]) -> list[EntryLine]:
    read: list[EntryLine] = []
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
                read.append(EntryLine("bullet", bullet))
                continue
            listed_entries = True
            text = bullet
        elif (_LABELLED.match(text) and found is None) or _is_prose(rest):
            read.append(EntryLine("prose", text))
            continue
        read.append(EntryLine("header", text, found[0] if found else None, rest))
    return read


def _count_names(rest: str) -> int:
    return len(_split_header(rest).names) if rest else 0


def split_entries(lines: Iterable[str]) -> list[EntryBlock]:
    """The lines cut into entries, each a header followed by a body."""
    read = _read_lines(lines)
    first_header = next((line for line in read if line.kind == "header"), None)
    dates_first = first_header is not None and first_header.dates is not None
    dates_first = dates_first and first_header is not None and not first_header.rest
    blocks: list[EntryBlock] = []
    for line in read:
        names = _count_names(line.rest) if line.kind == "header" else 0
        if not blocks or (
            line.kind == "header" and _starts_entry(blocks[-1], line, names, dates_first)
        ):
            blocks.append(EntryBlock())
        current = blocks[-1]
        if line.kind == "header":
            current.header.append(line)
            current.name_parts += names
        else:
            (current.bullets if line.kind == "bullet" else current.prose).append(line.text)
    return blocks


def _starts_entry(current: EntryBlock, line: EntryLine, names: int, dates_first: bool) -> bool:
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
        if merged and set(folded_words(part)) and set(folded_words(part)) <= _COMPANY_SUFFIXES:
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def _is_named_thing(text: str) -> bool:
    words = set(folded_words(text))
    return bool(words & (_TITLE_WORDS | _COMPANY_SUFFIXES | _ORGANISATION_WORDS))


def _split_commas(piece: str, into: _Parts) -> None:
    bracketed = split_trailing_brackets(piece)
    if bracketed is not None:
        before, inner = bracketed
        if looks_like_location(inner, allow_work_mode=True):
            into.places.append(inner.strip())
            piece = before
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
        if cleaned and without_urls(cleaned):
            _split_commas(cleaned, parts)
    return parts


def _title_score(text: str) -> int:
    words = set(folded_words(text))
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


def _read_header(block: EntryBlock) -> _Header:
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


def parse_experience(lines: Sequence[str]) -> list[Experience]:
    """The jobs an experience section lists, in the order written."""
    blocks = [block for block in split_entries(lines) if block.header]
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
                description=paragraph(block.prose),
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
    return bool(set(folded_words(text)) & _INSTITUTION_WORDS)


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
    for block in split_entries(lines):
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
