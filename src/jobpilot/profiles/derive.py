"""Facts a profile derives from a parsed resume: years, current role, occupations, skills.

Nothing here goes beyond the text. A skill is added only where the taxonomy finds it in a
sentence of the resume (or a skills-list item names it), and it carries that sentence as its
evidence; a negated mention ("no Java") is never one. Years come from the dates the resume
gives, by the rules of :mod:`jobpilot.profiles.years`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from jobpilot.profiles.resume import (
    DerivedFacts,
    Evidence,
    Experience,
    OccupationGuess,
    ParsedResume,
    ProfileSkill,
    SectionKind,
)
from jobpilot.profiles.years import Period, period_of, total_years
from jobpilot.taxonomy.index import ConceptEntry, TaxonomyIndex, TitleResult, normalise_title_key

# A title names an occupation only when its best match scores at least this and leads the
# runner-up by the margin. With the built-in taxonomy, real titles ("Senior Backend Engineer",
# "Line Cook", "Freelance Web Developer") score 0.64-1.0 with a clear lead; bare words
# ("Engineer", "Analyst", "Developer", "Team Lead") score 0.5-0.58 with several occupations
# within a few hundredths, and non-titles ("Sabbatical", "Freelancer") stay below 0.2.
OCCUPATION_MIN_SCORE = 0.6
OCCUPATION_MIN_MARGIN = 0.08
# Evidence kept per skill: enough to show where it comes from, not the whole resume.
MAX_EVIDENCE = 5
# Seniority from total years when the current title does not state one.
SENIORITY_BY_YEARS = ((2.0, "junior"), (5.0, "mid"), (8.0, "senior"))
SENIORITY_ABOVE = "lead"

# A sentence ends at . ! or ? followed by space and a capital, digit or opening quote, so
# "Node.js" stays whole; a few abbreviations do not end one ("e.g. Redis").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "incl.", "approx.", "ca.", "cf.", "esp.")
_LIST_MARK = re.compile(r"^(?:[-*\u2022]|#+)\s+")
# Between the elements of a skills line: "Languages: Python, Go | Rust; SQL".
_LIST_SEPARATOR = re.compile(r"[,;|\u2022\u00b7]|:\s")

TitleNormaliser = Callable[[str], TitleResult]


def derive_facts(
    resume: ParsedResume, index: TaxonomyIndex, *, source: str = "builtin", today: date
) -> DerivedFacts:
    """Total years, current title and company, seniority, occupations of past titles and
    skills with their evidence, from ``resume`` and the taxonomy ``index``.

    ``source`` picks the taxonomy (``builtin``, ``esco``, ``onet`` or ``all``); ``today``
    ends current entries.
    """
    experience = resume.experience
    periods = [period_of(e.start, e.end, e.current, today=today) for e in experience]
    dated = [p for p in periods if p is not None]
    years = total_years(dated)
    order = recency_order(experience, periods)
    titles = _TitleCache(index, source)
    latest = latest_entry(experience, order)
    current_title = _text(latest.title) if latest else None
    seniority = titles.normalise(current_title).seniority if current_title else None
    if seniority is None and dated:
        seniority = seniority_for_years(years)
    return DerivedFacts(
        total_years=years,
        current_title=current_title,
        current_company=_text(latest.company) if latest else None,
        seniority=seniority,
        occupations=occupation_guesses([experience[i].title for i in order], titles.normalise),
        skills=profile_skills(resume, index, periods, source=source),
    )


def seniority_for_years(years: float) -> str:
    """The seniority band of ``years`` of experience: under 2 junior, under 5 mid, under 8
    senior, otherwise lead."""
    for limit, level in SENIORITY_BY_YEARS:
        if years < limit:
            return level
    return SENIORITY_ABOVE


def recency_order(experience: Sequence[Experience], periods: Sequence[Period | None]) -> list[int]:
    """Indexes of ``experience``, most recent first: current entries (latest start first),
    then the others by end and start month, then entries without dates as written."""

    def key(i: int) -> tuple[int, int, int, int]:
        period = periods[i]
        if experience[i].current:
            return (0, -period.start_month if period else 0, 0, i)
        if period is not None:
            return (1, -period.end_month, -period.start_month, i)
        return (2, 0, 0, i)

    return sorted(range(len(experience)), key=key)


def latest_entry(experience: Sequence[Experience], order: Iterable[int]) -> Experience | None:
    """The first entry in ``order`` that names a title or a company."""
    return next(
        (
            experience[i]
            for i in order
            if _text(experience[i].title) or _text(experience[i].company)
        ),
        None,
    )


def occupation_guesses(
    titles: Iterable[str | None], normalise: TitleNormaliser
) -> list[OccupationGuess]:
    """The best occupation of each distinct title, in the order given, where the match is
    clear (``OCCUPATION_MIN_SCORE``, ``OCCUPATION_MIN_MARGIN``); an occupation already
    guessed for an earlier title is not repeated."""
    guesses: list[OccupationGuess] = []
    seen_titles: set[str] = set()
    seen_occupations: set[str] = set()
    for raw in titles:
        title = _text(raw)
        key = normalise_title_key(title) if title else ""
        if not title or not key or key in seen_titles:
            continue
        seen_titles.add(key)
        ranked = normalise(title).occupations
        if not ranked or ranked[0].concept.id in seen_occupations:
            continue
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if best.score < OCCUPATION_MIN_SCORE or best.score - runner_up < OCCUPATION_MIN_MARGIN:
            continue
        seen_occupations.add(best.concept.id)
        guesses.append(
            OccupationGuess(
                title=title, concept_id=best.concept.id, label=best.concept.label, score=best.score
            )
        )
    return guesses


class _TitleCache:
    """``normalise_title`` once per distinct title within one derivation."""

    def __init__(self, index: TaxonomyIndex, source: str) -> None:
        self._index = index
        self._source = source
        self._results: dict[str, TitleResult] = {}

    def normalise(self, title: str) -> TitleResult:
        result = self._results.get(title)
        if result is None:
            result = self._index.normalise_title(title, source=self._source)
            self._results[title] = result
        return result


@dataclass(frozen=True, slots=True)
class EvidenceBlock:
    """The lines of one part of a resume that a skill's evidence can be taken from."""

    section: SectionKind
    entry: int | None
    lines: tuple[str, ...]


@dataclass(slots=True)
class _SkillFound:
    concept: ConceptEntry
    evidence: list[Evidence] = field(default_factory=list)
    sentences: set[str] = field(default_factory=set)
    experience_entries: set[int] = field(default_factory=set)
    listed: bool = False

    def add(self, evidence: Evidence) -> None:
        key = " ".join(evidence.text.split()).casefold()
        if key not in self.sentences:
            self.sentences.add(key)
            self.evidence.append(evidence)


def profile_skills(
    resume: ParsedResume,
    index: TaxonomyIndex,
    periods: Sequence[Period | None],
    *,
    source: str = "builtin",
) -> list[ProfileSkill]:
    """Every taxonomy skill the resume supports, each with its evidence, listed flag and
    years (from the dated experience entries that mention it), most experienced first.

    ``periods`` are the experience entries' periods, entry for entry."""
    found: dict[str, _SkillFound] = {}

    def record(concept: ConceptEntry, evidence: Evidence) -> _SkillFound:
        skill = found.get(concept.id)
        if skill is None:
            skill = found[concept.id] = _SkillFound(concept)
        skill.add(evidence)
        return skill

    blocks = evidence_blocks(resume)
    for block in (b for b in blocks if b.section == "experience"):
        for concept, sentence in mentions(block.lines, index, source):
            skill = record(
                concept, Evidence(section="experience", entry=block.entry, text=sentence)
            )
            if block.entry is not None:
                skill.experience_entries.add(block.entry)
    for concept, line in listed_skills(resume, index, source):
        record(concept, Evidence(section="skills", text=line)).listed = True
    for block in (b for b in blocks if b.section != "experience"):
        for concept, sentence in mentions(block.lines, index, source):
            record(concept, Evidence(section=block.section, entry=block.entry, text=sentence))

    skills = [_profile_skill(skill, periods) for skill in found.values()]
    counts = {skill.concept.id: len(skill.evidence) for skill in found.values()}
    skills.sort(
        key=lambda s: (
            -(s.years if s.years is not None else -1.0),
            -counts[s.concept_id],
            s.label.casefold(),
        )
    )
    return skills


def _profile_skill(skill: _SkillFound, periods: Sequence[Period | None]) -> ProfileSkill:
    covered = [p for i in skill.experience_entries if (p := periods[i]) is not None]
    return ProfileSkill(
        concept_id=skill.concept.id,
        label=skill.concept.label,
        source=skill.concept.source,
        category=skill.concept.category,
        years=total_years(covered) if covered else None,
        listed=skill.listed,
        evidence=select_evidence(skill.evidence, MAX_EVIDENCE),
    )


def evidence_blocks(resume: ParsedResume) -> list[EvidenceBlock]:
    """The parts of ``resume`` read for skills, experience first (the skills list is read
    separately, item by item)."""
    blocks = [
        EvidenceBlock("experience", i, _lines(e.title, *e.bullets, e.description))
        for i, e in enumerate(resume.experience)
    ]
    blocks.append(EvidenceBlock("summary", None, _lines(resume.summary)))
    blocks.extend(
        EvidenceBlock("projects", i, _lines(p.name, p.description, *p.bullets))
        for i, p in enumerate(resume.projects)
    )
    blocks.extend(
        EvidenceBlock("certifications", i, _lines(c.name, c.issuer))
        for i, c in enumerate(resume.certifications)
    )
    blocks.extend(
        EvidenceBlock("education", i, _lines(e.degree, e.field, *e.details))
        for i, e in enumerate(resume.education)
    )
    language_lines = _section_lines(resume, "languages")
    blocks.extend(
        EvidenceBlock("languages", i, (_line_naming(language.language, language_lines),))
        for i, language in enumerate(resume.languages)
    )
    blocks.append(EvidenceBlock("contact", None, _lines(resume.headline)))
    return [block for block in blocks if block.lines]


def mentions(
    lines: Sequence[str], index: TaxonomyIndex, source: str
) -> Iterator[tuple[ConceptEntry, str]]:
    """Each skill the index finds in ``lines`` with the sentence holding each mention."""
    if not lines:
        return
    # One pass over the block: lines stay apart (a negation never reaches across a line).
    text = "\n".join(lines)
    spans = sentence_spans(text)
    starts = [start for start, _ in spans]
    for mention in index.extract_skills(text, source=source):
        for position, _ in mention.spans:
            at = bisect.bisect_right(starts, position) - 1
            start, end = spans[max(at, 0)]
            yield mention.concept, text[start:end]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, no sentence crossing a line break."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for boundary in _SENTENCE_END.finditer(line):
            if line[: boundary.start()].lower().endswith(_ABBREVIATIONS):
                continue
            spans.append(_trimmed(line, start, boundary.start(), offset))
            start = boundary.end()
        spans.append(_trimmed(line, start, len(line), offset))
        offset += len(line) + 1
    return spans


def listed_skills(
    resume: ParsedResume, index: TaxonomyIndex, source: str
) -> Iterator[tuple[ConceptEntry, str]]:
    """Skills named by the items of the skills list, with the skills line that holds each:
    found in the item's text or looked up by the item as a skill name or alias."""
    items = [item for item in (_text(i) for i in resume.skills) if item]
    if not items:
        return
    skill_lines = _section_lines(resume, "skills")
    text = "\n".join(items)
    starts = list(_line_starts(items))
    named: set[tuple[str, int]] = set()
    for mention in index.extract_skills(text, source=source):
        for position, _ in mention.spans:
            named.add((mention.concept.id, bisect.bisect_right(starts, position) - 1))
    for n, item in enumerate(items):
        resolved = index.resolve_skill(item)
        if resolved is not None:
            named.add((resolved, n))
    for concept_id, n in sorted(named, key=lambda pair: pair[1]):
        concept = index.concepts[index.by_id[concept_id]]
        if source in ("all", concept.source):
            yield concept, _line_naming(items[n], skill_lines)


def select_evidence(evidence: Sequence[Evidence], limit: int) -> list[Evidence]:
    """At most ``limit`` items of ``evidence``, spread over as many entries as possible:
    the first of each (section, entry) in order, then the second of each, and so on."""
    if len(evidence) <= limit:
        return list(evidence)
    groups: dict[tuple[str, int | None], list[int]] = {}
    for position, item in enumerate(evidence):
        groups.setdefault((item.section, item.entry), []).append(position)
    chosen: list[int] = []
    depth = 0
    while len(chosen) < limit:
        for positions in groups.values():
            if depth < len(positions) and len(chosen) < limit:
                chosen.append(positions[depth])
        depth += 1
    return [evidence[position] for position in sorted(chosen)]


def _line_starts(lines: Sequence[str]) -> Iterator[int]:
    offset = 0
    for line in lines:
        yield offset
        offset += len(line) + 1


def _section_lines(resume: ParsedResume, kind: SectionKind) -> list[str]:
    lines: list[str] = []
    for section in resume.sections:
        if section.kind == kind:
            lines.extend(_LIST_MARK.sub("", line).strip() for line in section.text.splitlines())
    return [line for line in lines if line]


def _line_naming(item: str, lines: Sequence[str]) -> str:
    """The line (as written) that lists ``item``: one where it is a whole list element, else
    one where it is a whole word or phrase, else ``item`` itself."""
    wanted = item.casefold()
    for line in lines:
        if wanted in (element.strip().casefold() for element in _LIST_SEPARATOR.split(line)):
            return line
    phrase = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    return next((line for line in lines if phrase.search(line.casefold())), item)


def _trimmed(line: str, start: int, end: int, offset: int) -> tuple[int, int]:
    piece = line[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return (offset + start + left, offset + start + max(left, right))


def _lines(*values: str | None) -> tuple[str, ...]:
    return tuple(line for line in (_text(v) for v in values) if line)


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None
