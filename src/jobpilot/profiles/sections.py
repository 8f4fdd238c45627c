"""Resume section headings: finding them in the text and telling what each section holds.

A heading is either marked (``# Heading``, as readers write what the file styles as one) or a
line of its own that reads like one: short, Title Case, UPPER CASE or ending with ":", and
found in the vocabulary below (English, with common German, French and Spanish words).
Qualifiers in front are looked through ("Relevant Experience", "Selected Projects"). A marked
heading outside the vocabulary is classified by a key word it contains ("Experience at a
Glance") or else as ``other``; inside an entry section such as experience it is taken as an
entry line instead (Markdown resumes often mark each job as a sub-heading).

"Label: content" lines open a section too when the label is a heading ("Skills: Python, Go"),
except inside sections whose lines are often labelled themselves (experience entries list
"Technologies: …", skills group items as "Frameworks: …").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from jobpilot.profiles.resume import SectionKind


def _word_list(text: str) -> list[str]:
    """The words of a vocabulary written as one string."""
    return text.split()


_VOCABULARY: dict[SectionKind, tuple[str, ...]] = {
    "contact": (
        "contact",
        "contacts",
        "contact details",
        "contact information",
        "contact info",
        "personal details",
        "personal information",
        "personal data",
        "links",
        "profiles",
        "online profiles",
        "social",
        "online",
        "find me online",
        "kontakt",
        "kontaktdaten",
        "persönliche daten",
        "coordonnées",
        "informations personnelles",
        "contacto",
        "datos personales",
    ),
    "summary": (
        "summary",
        "profile",
        "about",
        "about me",
        "objective",
        "career objective",
        "overview",
        "introduction",
        "personal statement",
        "executive summary",
        "summary of qualifications",
        "who i am",
        "kurzprofil",
        "profil",
        "über mich",
        "zusammenfassung",
        "à propos",
        "à propos de moi",
        "profil professionnel",
        "perfil",
        "perfil profesional",
        "resumen",
        "resumen profesional",
        "sobre mí",
        "acerca de mí",
    ),
    "experience": (
        "experience",
        "work experience",
        "work history",
        "employment",
        "employment history",
        "career history",
        "career",
        "professional background",
        "professional history",
        "positions",
        "positions held",
        "work",
        "jobs",
        "internships",
        "where i have worked",
        "where i've worked",
        "berufserfahrung",
        "berufliche erfahrung",
        "beruflicher werdegang",
        "werdegang",
        "praxiserfahrung",
        "expérience",
        "expériences",
        "expérience professionnelle",
        "expériences professionnelles",
        "parcours professionnel",
        "experiencia",
        "experiencia laboral",
        "experiencia profesional",
        "trayectoria profesional",
    ),
    "education": (
        "education",
        "academic background",
        "qualifications",
        "education and training",
        "academic history",
        "academic qualifications",
        "educational background",
        "studies",
        "schooling",
        "degrees",
        "academic record",
        "ausbildung",
        "bildung",
        "bildungsweg",
        "studium",
        "akademischer werdegang",
        "formation",
        "formations",
        "éducation",
        "parcours académique",
        "educación",
        "formación",
        "formación académica",
        "estudios",
    ),
    "skills": (
        "skills",
        "skill set",
        "skillset",
        "core competencies",
        "competencies",
        "tools and technologies",
        "technologies",
        "tools",
        "expertise",
        "areas of expertise",
        "skills and expertise",
        "tech stack",
        "stack",
        "toolbox",
        "proficiencies",
        "abilities",
        "strengths",
        "programming languages",
        "what i know",
        "what i work with",
        "kenntnisse",
        "fähigkeiten",
        "fachkenntnisse",
        "it-kenntnisse",
        "kompetenzen",
        "compétences",
        "compétences techniques",
        "habilidades",
        "competencias",
        "conocimientos",
        "aptitudes",
    ),
    "certifications": (
        "certifications",
        "certification",
        "certificates",
        "licenses and certifications",
        "licences and certifications",
        "certifications and licenses",
        "licenses",
        "licences",
        "credentials",
        "accreditations",
        "zertifikate",
        "zertifizierungen",
        "certificats",
        "certificaciones",
    ),
    "languages": (
        "languages",
        "language skills",
        "spoken languages",
        "language proficiency",
        "sprachen",
        "sprachkenntnisse",
        "langues",
        "compétences linguistiques",
        "idiomas",
        "lenguas",
    ),
    "projects": (
        "projects",
        "open source",
        "open source contributions",
        "portfolio",
        "things i have built",
        "things i've built",
        "projekte",
        "projets",
        "proyectos",
    ),
    "publications": (
        "publications",
        "papers",
        "research",
        "talks",
        "presentations",
        "talks and publications",
        "publications and talks",
        "articles",
        "writing",
        "veröffentlichungen",
        "publikationen",
        "publicaciones",
    ),
    "other": (
        "awards",
        "other",
        "miscellaneous",
        "misc",
        "extras",
        "honors",
        "honours",
        "awards and honors",
        "honors and awards",
        "achievements",
        "accomplishments",
        "volunteering",
        "volunteer experience",
        "volunteer work",
        "interests",
        "hobbies",
        "hobbies and interests",
        "references",
        "activities",
        "extracurricular activities",
        "leadership",
        "leadership experience",
        "courses",
        "coursework",
        "training",
        "memberships",
        "affiliations",
        "additional information",
        "patents",
        "conferences",
        "hobbys",
        "interessen",
        "ehrenamt",
        "auszeichnungen",
        "centres d'intérêt",
        "intereses",
        "referencias",
        "referenzen",
    ),
}
# Words in front of a heading that do not change what the section holds.
_QUALIFIERS = frozenset(
    _word_list(
        "selected key relevant recent professional technical personal other additional my core "
        "main notable academic previous prior industry side work career full complete detailed"
    )
)
# Marked headings outside the vocabulary: the first key word found decides, in this order.
_KEY_WORDS: tuple[tuple[SectionKind, frozenset[str]], ...] = (
    ("skills", frozenset({"skills", "competencies", "technologies", "expertise"})),
    ("experience", frozenset({"experience", "experiences", "employment", "career"})),
    ("education", frozenset({"education", "academic", "degrees"})),
    ("certifications", frozenset({"certifications", "certificates", "licenses", "licences"})),
    ("languages", frozenset({"languages"})),
    ("projects", frozenset({"projects"})),
    ("publications", frozenset({"publications", "papers", "talks"})),
    ("summary", frozenset({"summary", "profile", "about", "objective"})),
    ("contact", frozenset({"contact"})),
)
# Sections whose lines are entries; an unknown marked heading inside one is an entry line.
ENTRY_KINDS: frozenset[SectionKind] = frozenset(
    {"experience", "education", "projects", "publications", "certifications"}
)
_MAX_HEADING_WORDS = 6
_MAX_HEADING_CHARS = 50
_MARKED = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MARKER = re.compile(r"^#{1,6}\s+")
_DECORATION = re.compile(r"^[\W_]+|[\W_]+$")
# Whether a list item names a spoken language ("German (C1)"); the caller supplies it.
LanguageTest = Callable[[str], bool]
_INLINE = re.compile(r"^([^:]{2,40}):\s+(\S.*)$")
# "Portfolio: jane.dev" or "Profile: linkedin.com/in/jane" are contact lines, not headings.
_ADDRESS_LIKE = re.compile(
    r"(?i:https?://|www\.)|@|\b[\w\-]+\.(?:com|org|net|io|dev|me|co|app|de|uk)(?:/|\b)"
)
_LIST_SPLIT = re.compile(r"\s*[,;|\u2022\u00b7]\s*")


def fold(text: str) -> str:
    """Lower case without accents, "&" and "+" as "and", spaces collapsed: a lookup key."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("&", " and ").replace("+", " and ")
    plain = re.sub(r"[^\w' \-]", " ", plain)
    return " ".join(plain.split())


_LOOKUP: dict[str, SectionKind] = {
    fold(phrase): kind for kind, phrases in _VOCABULARY.items() for phrase in phrases
}


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading line: its kind, its text as written (without markers) and its ``#`` level."""

    kind: SectionKind
    text: str
    level: int


@dataclass(slots=True)
class RawSection:
    """A run of lines under one heading (``heading`` is None for the text before any)."""

    kind: SectionKind
    heading: str | None
    lines: list[str] = field(default_factory=list)
    level: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def _heading_text(text: str) -> str:
    stripped = _DECORATION.sub("", text.strip())
    letters = stripped.split()
    if len(letters) >= 3 and all(len(letter) == 1 for letter in letters):
        # "E X P E R I E N C E", words kept apart by wider gaps: "W O R K   H I S T O R Y".
        stripped = " ".join(word.replace(" ", "") for word in re.split(r"\s{2,}", stripped))
    return stripped


def classify_heading(text: str) -> SectionKind | None:
    """The section kind a heading names when it is in the vocabulary, else None.

    Qualifiers in front are skipped one by one ("Relevant Work Experience").
    """
    key = fold(_heading_text(text))
    kind = _lookup_qualified(key.split())
    if kind is None and " and " in key:
        # "Talks & Papers", "Education and Certifications": the first known side names it.
        sides = [_lookup_qualified(side.split()) for side in key.split(" and ")]
        kind = next((side for side in sides if side is not None), None)
    return kind


def _lookup_qualified(words: list[str]) -> SectionKind | None:
    while words:
        kind = _LOOKUP.get(" ".join(words))
        if kind is not None:
            return kind
        if words[0] not in _QUALIFIERS:
            return None
        words = words[1:]
    return None


def _kind_by_key_word(text: str) -> SectionKind | None:
    words = set(fold(text).split())
    if {"programming", "languages"} <= words:
        return "skills"
    for kind, key_words in _KEY_WORDS:
        if words & key_words:
            return kind
    return None


def _reads_like_heading(text: str) -> bool:
    """Short, and Title Case, UPPER CASE or sentence case with a capital first letter."""
    if not text or len(text) > _MAX_HEADING_CHARS:
        return False
    words = text.split()
    if len(words) > _MAX_HEADING_WORDS or not text[0].isupper():
        return False
    return not any(char.isdigit() for char in text)


def read_heading(line: str) -> Heading | None:
    """The heading a line is, marked with ``#`` or not, or None for an ordinary line.

    A marked heading outside the vocabulary gets its kind from a key word or ``other``.
    """
    stripped = line.strip()
    marked = _MARKED.match(stripped)
    if marked is not None:
        text = _heading_text(marked.group(2))
        if not text:
            return None
        kind = classify_heading(text) or _kind_by_key_word(text) or "other"
        return Heading(kind=kind, text=text, level=len(marked.group(1)))
    if stripped.startswith(("-", "*", "\u2022")):
        return None
    text = _heading_text(stripped)
    ends_with_colon = stripped.endswith(":")
    if not (_reads_like_heading(text) or (ends_with_colon and len(text.split()) <= 4)):
        return None
    known = classify_heading(text)
    if known is None:
        return None
    return Heading(kind=known, text=text, level=0)


def _all_natural_languages(items: Iterable[str], is_language: LanguageTest) -> bool:
    values = [item for item in items if item.strip()]
    return bool(values) and all(is_language(value) for value in values)


def _inline_heading(
    line: str, current: SectionKind, is_language: LanguageTest | None
) -> tuple[Heading, str] | None:
    match = _INLINE.match(line.strip())
    if match is None:
        return None
    label, content = match.group(1), match.group(2)
    if _ADDRESS_LIKE.search(content):
        return None
    kind = classify_heading(label)
    if kind is None or kind in ("other", "contact") or kind == current:
        return None
    items = _LIST_SPLIT.split(content)
    spoken = is_language is not None and _all_natural_languages(items, is_language)
    if kind == "languages" and not spoken:
        # "Languages: Python, Go" lists programming languages: a skills line.
        kind = "skills"
        if kind == current:
            return None
    in_labelled_section = current in ENTRY_KINDS or current == "skills"
    if in_labelled_section and not (kind == "languages" and spoken):
        return None
    return Heading(kind=kind, text=label.strip(), level=0), content


def split_sections(text: str, *, is_language: LanguageTest | None = None) -> list[RawSection]:
    """The text cut into sections at each heading; the text before the first is ``contact``.

    Sections keep their lines as written (headings removed), blank lines included. Sections
    with no heading and no text are dropped. ``is_language`` tells whether a list item is a
    spoken language, so that "Languages: English, German" can open a languages section.
    """
    lines = text.splitlines()
    headings = [read_heading(line) for line in lines]
    # Heading levels tell sections from entries only when the file uses more than one.
    levelled = len({heading.level for heading in headings if heading and heading.level}) > 1
    sections = [RawSection(kind="contact", heading=None)]
    for line, heading in zip(lines, headings, strict=True):
        current = sections[-1]
        if heading is not None and heading.level:
            before_any = len(sections) == 1
            if _is_entry_heading(heading, current, before_any=before_any, levelled=levelled):
                current.lines.append(_MARKER.sub("", line.strip()))
                continue
        if heading is not None:
            sections.append(
                RawSection(kind=heading.kind, heading=heading.text, level=heading.level)
            )
            continue
        inline = _inline_heading(line, current.kind, is_language)
        if inline is not None:
            found, content = inline
            sections.append(RawSection(kind=found.kind, heading=found.text, lines=[content]))
            continue
        current.lines.append(line)
    return [section for section in sections if section.heading is not None or section.text]


def _is_entry_heading(
    heading: Heading, current: RawSection, *, before_any: bool, levelled: bool
) -> bool:
    """Whether a marked heading is a line of the section it is in rather than a new section.

    Headings in the vocabulary always open a section. Before any section, a marked heading
    without a key word is the name or the headline. Inside an entry section an unknown
    heading is an entry (a job, a degree) unless it sits at the section's own level or above,
    when the file keeps levels.
    """
    if classify_heading(heading.text) is not None:
        return False
    if before_any:
        return heading.kind == "other"
    if current.kind not in ENTRY_KINDS:
        return False
    return not (levelled and current.level and heading.level <= current.level)
