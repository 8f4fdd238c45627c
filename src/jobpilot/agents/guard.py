"""The truthfulness guard: every claim of a tailored resume or cover letter, traced to the master.

A claim is a skill, employer, job title, date, degree, institution or certification that a
generated document states about the candidate. Each one is looked up in the master resume and
reported with the master's passage that backs it, or as untraceable. The candidate may confirm
an untraceable claim with evidence; what is neither traced nor confirmed blocks the export.

Everything here is pure: the skill finder (the taxonomy index in production) is passed in, and
so is the date that "current" jobs run until.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from jobpilot.agents.documents import (
    Claim,
    ClaimKind,
    ClaimsReport,
    CoverLetter,
    TailoredCertification,
    TailoredEducation,
    TailoredExperience,
    TailoredPublication,
    TailoredResume,
)
from jobpilot.profiles.resume import Education, Experience, ParsedResume


@dataclass(frozen=True, slots=True)
class FoundSkill:
    """One mention of a skill concept in a text, at ``text[start:end]``."""

    concept_id: str
    label: str
    surface: str
    start: int
    end: int


SkillFinder = Callable[[str], Sequence[FoundSkill]]


@dataclass(frozen=True, slots=True)
class Confirmation:
    """The candidate's word that a claim is true, with the evidence they give for it."""

    kind: ClaimKind
    value: str
    evidence: str


@dataclass(frozen=True, slots=True)
class _Finding:
    """A claim before confirmations: traced when ``source`` is set."""

    kind: ClaimKind
    value: str
    where: str
    source: str | None
    # Other names the candidate may confirm it by (a skill's label or concept id).
    aliases: tuple[str, ...] = ()


# fmt: off
_LEGAL_SUFFIXES = frozenset({
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "corp", "corporation",
    "co", "company", "gmbh", "mbh", "ag", "kg", "ug", "ohg", "ev", "se", "sa", "sas", "sarl",
    "srl", "spa", "bv", "nv", "oy", "ab", "as", "aps", "pty", "pte", "kk",
})
# fmt: on
_TITLE_ABBREVIATIONS = {"sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager"}
_DEGREE_FILLERS = frozenset({"in", "of"})
_PRESENT = frozenset({"present", "current", "now", "today", "ongoing", "heute", "actuel"})
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# Separates the pieces of a text scanned in one go: a clause break, so no label or negation
# reaches from one piece into the next, while the pieces still lend each other context.
_PIECE_BREAK = "\n;\n"
_SENTENCE_BREAK = re.compile(r"[.!?]+\s+|\n+")
# Where a resume lists its certifications, as opposed to prose that merely mentions one
# ("preparing for the CKA exam").
_CREDENTIAL_SECTIONS = frozenset({"certifications", "education", "skills", "other"})


def _fold(text: str) -> str:
    """Case- and accent-free text: "MÜLLER" and "Muller" read the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise_text(text: str) -> str:
    """Words of ``text`` without case, accents or punctuation ("C++" and "C#" keep theirs)."""
    folded = _fold(text).replace("&", " and ")
    folded = re.sub(r"[.'\u2019`]", "", folded)
    return " ".join(re.sub(r"[^\w+#]+|_", " ", folded).split())


def normalise_organisation(name: str) -> str:
    """An employer or institution name without case, punctuation or legal form ("Acme, Inc.")."""
    words = normalise_text(name).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and (words[-1] in _LEGAL_SUFFIXES or words[-1] == "and"):
        words.pop()
    return " ".join(words)


def normalise_title(title: str) -> str:
    """A job title without case or punctuation, common abbreviations spelled out ("Sr.")."""
    return " ".join(_TITLE_ABBREVIATIONS.get(w, w) for w in normalise_text(title).split())


def _degree_key(*parts: str | None) -> str:
    words = normalise_text(" ".join(p for p in parts if p)).split()
    return " ".join(w for w in words if w not in _DEGREE_FILLERS)


def normalise_date(text: str) -> str:
    """A date as a partial ISO string ("2019", "2019-03"), or "present" for an ongoing end."""
    folded = _fold(text).strip()
    iso = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?", folded)
    if iso:
        year, month, day = iso.groups()
        return "-".join([year, *(f"{int(p):02d}" for p in (month, day) if p)])
    month_first = re.fullmatch(r"(\d{1,2})[/.](\d{4})", folded)
    if month_first:
        return f"{month_first.group(2)}-{int(month_first.group(1)):02d}"
    named = re.fullmatch(r"([a-z]+)\.?,?\s+(\d{4})", folded)
    if named and named.group(1)[:3] in _MONTHS:
        return f"{named.group(2)}-{_MONTHS[named.group(1)[:3]]:02d}"
    if folded in _PRESENT:
        return "present"
    return normalise_text(folded)


def _date_backed(claimed: str, actual: str | None) -> bool:
    """Whether ``actual`` supports ``claimed``: the same date, or ``claimed`` less precise."""
    if actual is None:
        return False
    known = normalise_date(actual)
    return claimed == known or known.startswith(claimed + "-")


def _contains_phrase(haystack: str, needle: str) -> bool:
    """Whether the words of ``needle`` occur together, whole, in ``haystack``."""
    words = normalise_text(needle)
    return bool(words) and f" {words} " in f" {normalise_text(haystack)} "


def _sentence_at(text: str, offset: int) -> str:
    """The sentence (or line) of ``text`` that holds ``offset``."""
    start, end = 0, len(text)
    for gap in _SENTENCE_BREAK.finditer(text):
        if gap.end() <= offset:
            start = gap.end()
        elif gap.start() >= offset:
            end = gap.start()
            break
    return text[start:end].strip()


def _first_sentence_with(passages: Sequence[str], phrase: str) -> str | None:
    for passage in passages:
        for sentence in (s for s in _SENTENCE_BREAK.split(passage) if s.strip()):
            if _contains_phrase(sentence, phrase):
                return sentence.strip()
    return None


def _find_in_pieces(
    pieces: Sequence[str], find_skills: SkillFinder
) -> Iterator[tuple[int, FoundSkill]]:
    """Skills in ``pieces`` scanned as one text, each with its piece and offsets in that piece."""
    if not any(p.strip() for p in pieces):
        return
    starts: list[int] = []
    position = 0
    for piece in pieces:
        starts.append(position)
        position += len(piece) + len(_PIECE_BREAK)
    for skill in find_skills(_PIECE_BREAK.join(pieces)):
        index = bisect_right(starts, skill.start) - 1
        offset = starts[index]
        if skill.end - offset > len(pieces[index]):
            continue
        local = FoundSkill(
            skill.concept_id, skill.label, skill.surface, skill.start - offset, skill.end - offset
        )
        yield index, local


def _optional(*texts: str | None) -> list[str]:
    return [t for t in texts if t]


def _dates_text(start: str | None, end: str | None, current: bool) -> str:
    until = "present" if current else end
    if start and until:
        return f" ({start} to {until})"
    if start:
        return f" (from {start})"
    return f" (until {until})" if until else ""


def _experience_line(entry: Experience) -> str:
    """A master job as one line: "title at company (start to end)"."""
    who = " at ".join(_optional(entry.title, entry.company)) or "an untitled job"
    return who + _dates_text(entry.start, entry.end, entry.current)


def _education_line(entry: Education) -> str:
    """A master study as one line: "degree in field, institution (start to end)"."""
    what = " in ".join(_optional(entry.degree, entry.field))
    return ", ".join(_optional(what, entry.institution)) + _dates_text(
        entry.start, entry.end, entry.current
    )


def _master_passages(master: ParsedResume) -> list[list[str]]:
    """The master's text in groups scanned together, evidence in prose first."""
    groups = [
        [_experience_line(e), *e.bullets, *_optional(e.description)] for e in master.experience
    ]
    groups += [[p.name, *_optional(p.description), *p.bullets] for p in master.projects]
    groups.append(_optional(master.headline, master.summary))
    groups += [[_education_line(e), *e.details] for e in master.education]
    groups.append([", ".join(_optional(c.name, c.issuer)) for c in master.certifications])
    groups.append(list(master.skills))
    groups.append([lang.language for lang in master.languages])
    groups.append([p.title for p in master.publications])
    groups += [[s.text] for s in master.sections]
    return [g for g in groups if g]


@dataclass(frozen=True, slots=True)
class _MasterSkills:
    by_concept: dict[str, str]
    by_name: dict[str, str]
    passages: list[str]

    def source_of(self, skill: FoundSkill) -> str | None:
        """The master passage for a skill found in the output, if the master has it."""
        if skill.concept_id in self.by_concept:
            return self.by_concept[skill.concept_id]
        for name in (skill.label, skill.surface):
            listed = self.by_name.get(normalise_text(name))
            if listed is not None:
                return listed
        return None


def _master_skills(master: ParsedResume, find_skills: SkillFinder) -> _MasterSkills:
    by_concept: dict[str, str] = {}
    groups = _master_passages(master)
    for pieces in groups:
        for index, skill in _find_in_pieces(pieces, find_skills):
            by_concept.setdefault(skill.concept_id, _sentence_at(pieces[index], skill.start))
    by_name = {normalise_text(s): s for s in master.skills if normalise_text(s)}
    return _MasterSkills(by_concept, by_name, [p for g in groups for p in g])


def _located_skills(
    texts: Sequence[tuple[str | None, str]], find_skills: SkillFinder
) -> list[tuple[str, FoundSkill]]:
    """Skills found in the texts with their places; texts without a place lend context only."""
    located = []
    for index, skill in _find_in_pieces([text for _, text in texts], find_skills):
        where = texts[index][0]
        if where is not None:
            located.append((where, skill))
    return located


def _skill_findings(
    located: Sequence[tuple[str, FoundSkill]], known: _MasterSkills
) -> list[_Finding]:
    """A claim for every skill found in prose: one per concept and place, however spelled."""
    first: dict[tuple[str, str], FoundSkill] = {}
    for where, skill in located:
        first.setdefault((skill.concept_id, where), skill)
    return [
        _Finding(
            "skill", skill.surface, where, known.source_of(skill), (skill.label, skill.concept_id)
        )
        for (_, where), skill in first.items()
    ]


def _skill_list_findings(
    skills: Sequence[str], find_skills: SkillFinder, known: _MasterSkills
) -> list[_Finding]:
    """A claim for every entry of the skills list; an entry naming several skills needs all."""
    found: dict[int, list[FoundSkill]] = {}
    for index, skill in _find_in_pieces(skills, find_skills):
        found.setdefault(index, []).append(skill)
    findings = []
    for index, entry in enumerate(skills):
        if not entry.strip():
            continue
        listed = known.by_name.get(normalise_text(entry))
        concepts = found.get(index, [])
        sources = [known.source_of(s) for s in concepts]
        if concepts and all(sources):
            source: str | None = sources[0]
        elif listed is not None or concepts:
            source = listed
        else:
            # A skill the taxonomy does not know is traced by its words in the master's text.
            source = _first_sentence_with(known.passages, entry)
        aliases = tuple(a for s in concepts for a in (s.label, s.concept_id))
        findings.append(_Finding("skill", entry, f"skills[{index}]", source, aliases))
    return findings


def _language_findings(languages: Sequence[str], master: ParsedResume) -> list[_Finding]:
    """Spoken languages are skills too: the language must be in the master (levels are not
    compared: "C1" and "fluent" are the same claim in different words)."""
    spoken = {
        normalise_text(lang.language): " ".join(_optional(lang.language, lang.level))
        for lang in master.languages
    }
    findings = []
    for index, entry in enumerate(languages):
        name = re.split(r"[(:,\u2013\u2014]|\s-\s", entry, maxsplit=1)[0].strip()
        if name:
            source = spoken.get(normalise_text(name))
            findings.append(_Finding("skill", name, f"languages[{index}]", source))
    return findings


def _experience_findings(
    index: int, entry: TailoredExperience, master: ParsedResume
) -> list[_Finding]:
    where = f"experience[{index}]"
    findings = []
    same_employer = master.experience
    if entry.company is not None and entry.company.strip():
        company = normalise_organisation(entry.company)
        same_employer = [
            e
            for e in master.experience
            if e.company and normalise_organisation(e.company) == company
        ]
        source = _experience_line(same_employer[0]) if same_employer else None
        findings.append(_Finding("employer", entry.company, f"{where}.company", source))
    candidates = same_employer
    if entry.title is not None and entry.title.strip():
        title = normalise_title(entry.title)
        candidates = [e for e in same_employer if e.title and normalise_title(e.title) == title]
        source = _experience_line(candidates[0]) if candidates else None
        findings.append(_Finding("title", entry.title, f"{where}.title", source))
    findings += _date_findings(where, entry.start, entry.end, entry.current, candidates)
    return findings


def _date_findings(
    where: str,
    start: str | None,
    end: str | None,
    current: bool,
    candidates: Sequence[Experience | Education],
) -> list[_Finding]:
    """Dates of one output entry, each backed by one of the master entries it may be."""

    def line(entry: Experience | Education) -> str:
        return _experience_line(entry) if isinstance(entry, Experience) else _education_line(entry)

    findings = []
    if start and start.strip():
        claimed = normalise_date(start)
        backing = [c for c in candidates if _date_backed(claimed, c.start)]
        findings.append(
            _Finding("date", start, f"{where}.start", line(backing[0]) if backing else None)
        )
    if end and end.strip():
        claimed = normalise_date(end)
        backing = [
            c
            for c in candidates
            if (c.current if claimed == "present" else _date_backed(claimed, c.end))
        ]
        findings.append(
            _Finding("date", end, f"{where}.end", line(backing[0]) if backing else None)
        )
    if current:
        backing = [c for c in candidates if c.current]
        findings.append(
            _Finding("date", "present", f"{where}.current", line(backing[0]) if backing else None)
        )
    return findings


def _education_findings(
    index: int, entry: TailoredEducation, master: ParsedResume
) -> list[_Finding]:
    where = f"education[{index}]"
    findings = []
    candidates = master.education
    if entry.institution is not None and entry.institution.strip():
        institution = normalise_organisation(entry.institution)
        candidates = [
            e
            for e in master.education
            if e.institution and normalise_organisation(e.institution) == institution
        ]
        source = _education_line(candidates[0]) if candidates else None
        findings.append(_Finding("institution", entry.institution, f"{where}.institution", source))
    if entry.degree or entry.field:
        candidates = [e for e in candidates if _same_degree(entry, e)]
        value = " in ".join(_optional(entry.degree, entry.field))
        place = f"{where}.degree" if entry.degree else f"{where}.field"
        source = _education_line(candidates[0]) if candidates else None
        findings.append(_Finding("degree", value, place, source))
    findings += _date_findings(where, entry.start, entry.end, False, candidates)
    return findings


def _same_degree(claimed: TailoredEducation, actual: Education) -> bool:
    """Whether a master study has the degree claimed, the field written inside the degree
    ("BSc Physics") or beside it."""
    whole = _degree_key(actual.degree, actual.field)
    if claimed.degree and claimed.field:
        return _degree_key(claimed.degree, claimed.field) == whole
    if claimed.degree:
        return _degree_key(claimed.degree) in (whole, _degree_key(actual.degree))
    return _degree_key(claimed.field) == _degree_key(actual.field)


def _certification_findings(
    index: int, entry: TailoredCertification, master: ParsedResume
) -> list[_Finding]:
    where = f"certifications[{index}]"
    name = normalise_text(entry.name)
    issuer = normalise_organisation(entry.issuer) if entry.issuer else None
    matching = [
        c
        for c in master.certifications
        if normalise_text(c.name) == name
        and (
            issuer is None or (c.issuer is not None and normalise_organisation(c.issuer) == issuer)
        )
    ]
    source = ", ".join(_optional(matching[0].name, matching[0].issuer)) if matching else None
    if source is None:
        listed = [s.text for s in master.sections if s.kind in _CREDENTIAL_SECTIONS]
        source = _first_sentence_with(listed, entry.name)
        if source is not None and entry.issuer and not _contains_phrase(source, entry.issuer):
            source = None
    findings = [_Finding("certification", entry.name, f"{where}.name", source)]
    if entry.date and entry.date.strip():
        claimed = normalise_date(entry.date)
        dated = next((c for c in matching if _date_backed(claimed, c.date)), None)
        date_source = f"{dated.name} ({dated.date})" if dated else None
        findings.append(_Finding("date", entry.date, f"{where}.date", date_source))
    return findings


def _publication_findings(
    index: int, entry: TailoredPublication, master: ParsedResume
) -> list[_Finding]:
    """A publication must be one of the master's, by title; its date must be the master's."""
    where = f"publications[{index}]"
    title = normalise_text(entry.title)
    found = next((p for p in master.publications if normalise_text(p.title) == title), None)
    source = ", ".join(_optional(found.title, found.venue, found.date)) if found else None
    findings = [_Finding("publication", entry.title, f"{where}.title", source)]
    if entry.date and entry.date.strip():
        backed = found is not None and _date_backed(normalise_date(entry.date), found.date)
        findings.append(_Finding("date", entry.date, f"{where}.date", source if backed else None))
    return findings


def check_resume(
    output: TailoredResume,
    master: ParsedResume,
    *,
    find_skills: SkillFinder,
    confirmed: Sequence[Confirmation] = (),
    as_of: date | None = None,
) -> ClaimsReport:
    """Every claim of a tailored resume, traced to the master resume or reported untraceable.
    ``as_of`` is the day ongoing jobs run until (today when not given)."""
    known = _master_skills(master, find_skills)
    findings: list[_Finding] = []
    for index, job in enumerate(output.experience):
        findings += _experience_findings(index, job, master)
    for index, study in enumerate(output.education):
        findings += _education_findings(index, study, master)
    for index, certificate in enumerate(output.certifications):
        findings += _certification_findings(index, certificate, master)
    for index, publication in enumerate(output.publications):
        findings += _publication_findings(index, publication, master)
    findings += _skill_list_findings(output.skills, find_skills, known)
    findings += _language_findings(output.languages, master)
    prose: list[Sequence[tuple[str | None, str]]] = [
        [("headline", output.headline or ""), ("summary", output.summary or "")]
    ]
    for index, job in enumerate(output.experience):
        # The title and employer are claims of their own, scanned here only for context.
        prose.append(
            [
                (None, job.title or ""),
                (None, job.company or ""),
                *((f"experience[{index}].bullets[{n}]", b) for n, b in enumerate(job.bullets)),
            ]
        )
    for index, project in enumerate(output.projects):
        where = f"projects[{index}]"
        prose.append(
            [
                (f"{where}.name", project.name),
                (f"{where}.description", project.description or ""),
                *((f"{where}.bullets[{n}]", b) for n, b in enumerate(project.bullets)),
            ]
        )
    for texts in prose:
        findings += _skill_findings(_located_skills(texts, find_skills), known)
    span = experience_span(master, as_of=as_of or date.today())
    for where, text in (("headline", output.headline), ("summary", output.summary)):
        findings += _years_findings(where, text or "", span)
    return _report(findings, confirmed)


def check_letter(
    letter: CoverLetter,
    master: ParsedResume,
    *,
    find_skills: SkillFinder,
    company: str,
    role: str,
    confirmed: Sequence[Confirmation] = (),
    as_of: date | None = None,
) -> ClaimsReport:
    """Every claim of a cover letter's subject and paragraphs, traced to the master resume or
    reported untraceable. ``as_of`` is the day ongoing jobs run until (today when not given)."""
    known = _master_skills(master, find_skills)
    texts: list[tuple[str, str]] = [("subject", letter.subject or "")]
    texts += [(f"paragraphs[{n}]", p) for n, p in enumerate(letter.paragraphs)]
    by_place = dict(texts)
    located = [
        (where, skill)
        for where, skill in _located_skills(texts, find_skills)
        if not _inside_names(by_place[where], skill, (company, role))
    ]
    findings = _skill_findings(located, known)
    skill_spans: dict[str, list[tuple[int, int]]] = {}
    for where, skill in located:
        skill_spans.setdefault(where, []).append((skill.start, skill.end))
    span = experience_span(master, as_of=as_of or date.today())
    quoted = _master_sentences(master)
    for place, text in texts:
        spans = skill_spans.get(place, [])
        unquoted = _without_quotes(text, quoted)
        findings += _organisation_findings(place, unquoted, master, company, role, spans)
        findings += _years_findings(place, unquoted, span)
    return _report(findings, confirmed)


def _master_sentences(master: ParsedResume) -> list[str]:
    """The master resume's own sentences that a letter may quote word for word."""
    sentences = [master.summary or "", master.headline or ""]
    for job in master.experience:
        sentences.extend([*job.bullets, job.description or ""])
    for project in master.projects:
        sentences.extend([*project.bullets, project.description or ""])
    return sorted({s.strip() for s in sentences if len(s.strip()) >= 20}, key=len, reverse=True)


def _without_quotes(text: str, quoted: Sequence[str]) -> str:
    """``text`` with the master's sentences it quotes blanked out (same length, so spans
    still line up): a quoted sentence is the master's own claim, traced by being there."""
    for sentence in quoted:
        start = text.find(sentence)
        while start != -1:
            text = text[:start] + " " * len(sentence) + text[start + len(sentence) :]
            start = text.find(sentence, start + len(sentence))
    return text


def _inside_names(text: str, skill: FoundSkill, names: Sequence[str]) -> bool:
    """Whether the skill's words are part of the employer's name or the role's title as the
    letter writes them ("Harbour Freight Data", "Data Engineer"): naming them claims nothing."""
    folded = text.casefold()
    for name in names:
        needle = name.strip().casefold()
        if not needle:
            continue
        start = folded.find(needle)
        while start != -1:
            if start <= skill.start and skill.end <= start + len(needle):
                return True
            start = folded.find(needle, start + 1)
    return False


def _report(findings: Sequence[_Finding], confirmed: Sequence[Confirmation]) -> ClaimsReport:
    """The claims, one per kind, value and place, with the candidate's confirmations applied."""
    evidence: dict[tuple[ClaimKind, str], str] = {}
    for confirmation in confirmed:
        if confirmation.evidence.strip():
            key = (confirmation.kind, _claim_key(confirmation.kind, confirmation.value))
            evidence.setdefault(key, confirmation.evidence.strip())
    claims: list[Claim] = []
    seen: set[tuple[ClaimKind, str, str]] = set()
    for finding in findings:
        identity = (finding.kind, _claim_key(finding.kind, finding.value), finding.where)
        if identity in seen:
            continue
        seen.add(identity)
        keys = [
            (finding.kind, _claim_key(finding.kind, n)) for n in (finding.value, *finding.aliases)
        ]
        proof = None if finding.source else next((evidence[k] for k in keys if k in evidence), None)
        claims.append(
            Claim(
                kind=finding.kind,
                value=finding.value,
                where=finding.where,
                traced=finding.source is not None,
                source=finding.source
                or (f"confirmed by the candidate: {proof}" if proof else None),
                confirmed=proof is not None,
            )
        )
    return ClaimsReport(claims=claims)


def _claim_key(kind: ClaimKind, value: str) -> str:
    if kind in ("employer", "institution"):
        return normalise_organisation(value)
    if kind == "title":
        return normalise_title(value)
    if kind == "date":
        return normalise_date(value)
    if kind == "degree":
        return _degree_key(value)
    return normalise_text(value)


def _period(text: str | None, *, first_day: bool) -> date | None:
    """The first or last day of a partial ISO date's period ("2019" spans the whole year)."""
    if text is None:
        return None
    parts = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", normalise_date(text))
    if parts is None:
        return None
    year = int(parts.group(1))
    month, day = (int(p) if p else None for p in parts.groups()[1:])
    if day is not None and month is not None:
        return date(year, month, day)
    if first_day:
        return date(year, month or 1, 1)
    if month is None or month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


# Rounding a span of 5.6 years to "6 years" is how people count.
_YEARS_ROUNDING = 0.5


@dataclass(frozen=True, slots=True)
class ExperienceSpan:
    """From the first dated job's start to the last one's end, at most."""

    first: date | None
    last: date | None

    @property
    def years(self) -> float:
        if self.first is None or self.last is None or self.last < self.first:
            return 0.0
        return (self.last - self.first).days / 365.25

    def backing(self, years: float) -> str | None:
        """The span as a source for a claim of ``years`` of experience, if it holds them."""
        if self.first is None or self.last is None or years > self.years + _YEARS_ROUNDING:
            return None
        return (
            f"dated experience from {self.first.isoformat()} to {self.last.isoformat()} "
            f"({self.years:.1f} years)"
        )


def experience_span(master: ParsedResume, *, as_of: date) -> ExperienceSpan:
    """The widest span the master's job dates allow (a job still going on runs until
    ``as_of``); a claim of N years of experience must fit in it."""
    starts = [_period(e.start, first_day=True) for e in master.experience]
    ends = [
        as_of if e.current else _period(e.end or e.start, first_day=False)
        for e in master.experience
    ]
    known_starts = [s for s in starts if s is not None]
    known_ends = [e for e in ends if e is not None]
    return ExperienceSpan(
        min(known_starts) if known_starts else None, max(known_ends) if known_ends else None
    )


# fmt: off
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate((
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty",
    ), start=1)
}
# fmt: on
_YEARS_CLAIM = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,2}(?:[.,]\d)?|" + "|".join(_NUMBER_WORDS) + r")"
    r"(?:\s*\+|\s+plus)?[\s-]+(?:years?|jahren?|ans|a\u00f1os)\b(?!\s+(?:ago|old)\b)",
    re.IGNORECASE,
)
# Years that are a plan, not a record ("in the next five years").
_FUTURE_YEARS = re.compile(r"\b(?:next|coming|n\u00e4chsten)\s+$", re.IGNORECASE)


def _years_findings(where: str, text: str, span: ExperienceSpan) -> list[_Finding]:
    """ "N years of experience" claims, each at most the master's span of dated experience."""
    findings = []
    for claim in _YEARS_CLAIM.finditer(text):
        if _FUTURE_YEARS.search(text[: claim.start()]):
            continue
        number = claim.group("number").casefold()
        years = _NUMBER_WORDS.get(number) or float(number.replace(",", "."))
        findings.append(_Finding("date", claim.group(0), where, span.backing(years)))
    return findings


_ORGANISATION_LEAD = re.compile(
    r"\b(?:at|with|for|bei|chez|f\u00fcr)\s+(?:(?:the|der|die|das|dem|den|la|le|les)\s+)?",
    re.IGNORECASE,
)
_JOINERS = frozenset({"&", "and", "und", "et", "y"})
_CONNECTORS = _JOINERS | frozenset(
    {"of", "de", "du", "des", "del", "von", "van", "der", "f\u00fcr"}
)
# Capitalised words after "with"/"bei" that name no organisation (German capitalises nouns and
# the polite pronouns).
# fmt: off
_NOT_ORGANISATIONS = frozenset({
    "i", "me", "you", "us", "ihnen", "ihrem", "ihrer", "ihre", "ihr", "sie", "uns", "euch",
    "fragen", "ruckfragen", "interesse", "bedarf", "gelegenheit", "vous",
})
_ROLE_WORDS = frozenset({
    "role", "position", "team", "job", "opening", "vacancy", "stelle", "poste",
})
# fmt: on
_PHRASE_LENGTH = 8


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    start: int
    end: int
    last: bool  # punctuation after it ends the phrase


def _words_after(text: str, start: int) -> list[_Word]:
    words = []
    for match in re.finditer(r"\S+", text[start:]):
        raw = match.group(0)
        stripped = re.sub(r"(?:['\u2019]s)?[,;:.!?)\"\u201d]*$", "", raw)
        begin = start + match.start()
        words.append(_Word(stripped, begin, begin + len(stripped), stripped != raw))
        if stripped != raw or len(words) == _PHRASE_LENGTH:
            break
    return words


def _capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and (word[0].isupper() or (word[0].isdigit() and letters[0].isupper()))


def _organisation_phrases(text: str) -> Iterator[list[_Word]]:
    """Runs of capitalised words after "at", "with", "for", "bei", "chez" or "für", split at
    "and"/"&" (a known name containing one is put back together by the caller)."""
    for lead in _ORGANISATION_LEAD.finditer(text):
        phrase: list[_Word] = []
        for word in _words_after(text, lead.end()):
            if _capitalised(word.text) or (phrase and word.text.casefold() in _CONNECTORS):
                phrase.append(word)
            else:
                break
            if word.last:
                break
        while phrase and not _capitalised(phrase[-1].text):
            phrase.pop()
        if phrase:
            yield phrase


def _organisation_findings(
    where: str,
    text: str,
    master: ParsedResume,
    company: str,
    role: str,
    skill_spans: Sequence[tuple[int, int]],
) -> list[_Finding]:
    """Employers and institutions the letter says the candidate was at: each must be in the
    master resume (the company applied to is the addressee, not a claim)."""
    target = normalise_organisation(company)
    known: dict[str, tuple[ClaimKind, str | None]] = {target: ("employer", None)}
    for study in master.education:
        if study.institution:
            known[normalise_organisation(study.institution)] = (
                "institution",
                _education_line(study),
            )
    for job in master.experience:
        if job.company:
            known[normalise_organisation(job.company)] = ("employer", _experience_line(job))
    titles = " ".join([role, *(j.title or "" for j in master.experience)])
    harmless = set(normalise_title(titles).split()) | _ROLE_WORDS | _NOT_ORGANISATIONS
    findings = []
    for phrase in _organisation_phrases(text):
        for words in _name_runs(phrase, known):
            name = text[words[0].start : words[-1].end]
            key = normalise_organisation(name)
            kind, source = known.get(key, ("employer", None))
            if key == target and source is None:
                continue
            covered = all(any(s <= w.start and w.end <= e for s, e in skill_spans) for w in words)
            if covered or set(normalise_title(name).split()) <= harmless:
                continue
            findings.append(_Finding(kind, name, where, source))
    return findings


def _name_runs(
    phrase: Sequence[_Word], known: dict[str, tuple[ClaimKind, str | None]]
) -> Iterator[list[_Word]]:
    """The names in a phrase: the longest known name at each point, else the words up to the
    next "and"/"&"."""
    position = 0
    while position < len(phrase):
        end = next(
            (
                stop
                for stop in range(len(phrase), position, -1)
                if _capitalised(phrase[stop - 1].text)
                and normalise_organisation(" ".join(w.text for w in phrase[position:stop])) in known
            ),
            None,
        )
        if end is not None:
            yield list(phrase[position:end])
            # Words after a known name describe it ("at Acme Payments"): only a joiner
            # starts another name.
            if end < len(phrase) and phrase[end].text.casefold() not in _JOINERS:
                return
            position = end + 1
            continue
        stop = next(
            (
                n
                for n in range(position, len(phrase))
                if phrase[n].text.casefold() in _JOINERS and n > position
            ),
            len(phrase),
        )
        run = list(phrase[position:stop])
        while run and not _capitalised(run[-1].text):
            run.pop()
        if run:
            yield run
        position = stop + 1
