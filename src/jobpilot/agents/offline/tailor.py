"""The offline resume optimiser: the master resume tailored to one job, without new facts.

The job's skills that the resume shows (the match's matched skills, or the profile skills the
job asks for) decide what is relevant. Content is reordered, worded with the posting's terms
where the candidate has the skill, and trimmed by intensity; employers, titles, dates,
degrees, institutions and certifications are copied unchanged, and everything left out is
listed in ``removed``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jobpilot.agents.documents import (
    AgentInputs,
    Intensity,
    MatchedSkillView,
    TailoredCertification,
    TailoredEducation,
    TailoredExperience,
    TailoredProject,
    TailoredPublication,
    TailoredResume,
)
from jobpilot.agents.offline.brief import (
    and_list,
    is_must_have,
    names_term,
    sentences_of,
    term_pattern,
    tiers_given,
)
from jobpilot.jobs.language import detect_language
from jobpilot.profiles.resume import Experience, ParsedResume, Project, Publication

MUST_WEIGHT = 2
NICE_WEIGHT = 1
# Medium keeps this many bullets per role even when they show none of the job's skills.
MEDIUM_KEEPS_BULLETS = 3
# Medium collapses roles that ended longer ago than this to title, company and dates.
COLLAPSE_AFTER_MONTHS = 120
# Strong keeps this many most recent roles even when they show none of the job's skills.
STRONG_KEEPS_RECENT_ROLES = 3
STRONG_MAX_SKILLS = 15
HEADLINE_SKILLS = 3
SUMMARY_SKILLS = 3

_DATE = re.compile(r"^\s*(?P<year>\d{4})(?:-(?P<month>\d{1,2}))?")
_HEADLINE_SEPARATOR = re.compile(r"\s+[\u00b7|\u2022\u2013\u2014-]\s+")
# A trailing clause that can lead without changing what the bullet says:
# "Cut hosting costs by 30 %, using Terraform." -> "Using Terraform, cut hosting costs by 30 %."
_TRAILING_CLAUSE = re.compile(
    r"^(?P<head>[^,;:]+?),\s+(?P<tail>(?:using|with|in|on|via|through|leveraging)\s[^,;:]+?)"
    r"(?P<end>[.!]?)$"
)


@dataclass(frozen=True, slots=True)
class FocusSkill:
    """A job skill the resume shows: the words that name it and how much it counts."""

    concept_id: str
    label: str
    must: bool
    resume_terms: tuple[str, ...]
    posting_terms: tuple[str, ...]
    evidence: tuple[str, ...]
    years: float | None

    @property
    def name(self) -> str:
        """The posting's word for the skill, else its label."""
        return self.posting_terms[0] if self.posting_terms else self.label

    @property
    def terms(self) -> tuple[str, ...]:
        """Every word that names the skill, the resume's first."""
        return tuple(dict.fromkeys((*self.resume_terms, *self.posting_terms, self.label)))

    @property
    def weight(self) -> int:
        return MUST_WEIGHT if self.must else NICE_WEIGHT


def tailor_resume(inputs: AgentInputs) -> TailoredResume:
    """The master resume tailored to the job at ``inputs.tailor.intensity``.

    light reorders bullets and uses the posting's terms; medium also leads with the most
    relevant roles, drops irrelevant bullets beyond three per role, collapses roles older
    than ten years and extends the headline and summary with the best matched skills;
    strong keeps only what supports the job.
    """
    resume = inputs.resume
    intensity = inputs.tailor.intensity
    skills = focus_skills(inputs)
    now = reference_month(inputs)
    experience, dropped_roles = tailored_experience(
        resume.experience, skills, intensity=intensity, now=now
    )
    projects, dropped_projects = tailored_projects(resume.projects, skills, intensity=intensity)
    skill_list, dropped_skills = skills_section(resume.skills, skills, intensity=intensity)
    headline, replaced_headline = tailored_headline(resume, skills, intensity=intensity)
    publications, dropped_publications = tailored_publications(
        resume.publications, skills, intensity=intensity
    )
    education_details = intensity != "strong"
    contact = resume.contact
    return TailoredResume(
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        location=contact.location,
        links=[link.url for link in contact.links],
        headline=headline,
        summary=tailored_summary(resume.summary, skills, intensity=intensity),
        experience=experience,
        education=[
            TailoredEducation(
                degree=e.degree,
                field=e.field,
                institution=e.institution,
                start=e.start,
                end=e.end,
                details=list(e.details) if education_details else [],
            )
            for e in resume.education
        ],
        skills=skill_list,
        certifications=[
            TailoredCertification(name=c.name, issuer=c.issuer, date=c.date)
            for c in resume.certifications
        ],
        languages=[
            f"{language.language} ({language.level})" if language.level else language.language
            for language in resume.languages
        ],
        projects=projects,
        publications=publications,
        removed=[
            *replaced_headline,
            *dropped_roles,
            *dropped_projects,
            *dropped_publications,
            *dropped_skills,
            *(
                f"Left out the details of {e.degree or e.institution}: {detail}"
                for e in resume.education
                if not education_details
                for detail in e.details
            ),
        ],
    )


def focus_skills(inputs: AgentInputs) -> list[FocusSkill]:
    """The job's skills that the resume shows, must-haves first, then by years of use.

    They come from the match when there is one, else from the profile skills the job asks
    for. A skill counts only if its label, one of the resume's words for it or one of its
    evidence sentences really occurs in the resume, so a doctored match cannot slip in a
    skill the candidate lacks. The posting's words for a skill are used only when the
    posting is in the resume's language, so an English resume does not get German terms.
    """
    job = inputs.job
    tiered = tiers_given(job.skills)
    job_required = {s.concept_id: s.required for s in job.skills}
    profile = {s.concept_id: s for s in inputs.skills}
    matched = inputs.match.matched if inputs.match is not None else derived_matches(inputs)
    passages = resume_passages(inputs.resume)
    same_language = posting_language(inputs) == resume_language(inputs.resume)
    found: list[tuple[int, FocusSkill]] = []
    seen: set[str] = set()
    for position, view in enumerate(matched):
        if view.concept_id in seen:
            continue
        seen.add(view.concept_id)
        owned = profile.get(view.concept_id)
        evidence = view.candidate_evidence or (
            [e.text for e in owned.evidence] if owned is not None else []
        )
        required = view.required
        if required is None:
            required = job_required.get(view.concept_id)
        skill = FocusSkill(
            concept_id=view.concept_id,
            label=view.label,
            must=is_must_have(required, tiered=tiered),
            resume_terms=_unique(view.candidate_terms),
            posting_terms=_unique(view.job_terms) if same_language else (),
            evidence=_unique(evidence),
            years=view.years if view.years is not None else (owned.years if owned else None),
        )
        if shown_in_resume(skill, passages):
            found.append((position, skill))
    found.sort(key=lambda item: (not item[1].must, -(item[1].years or 0.0), item[0]))
    return [skill for _, skill in found]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def posting_language(inputs: AgentInputs) -> str:
    """The posting's language: as parsed, else detected, else English."""
    return inputs.job.language or detect_language(inputs.job.description) or "en"


def resume_language(resume: ParsedResume) -> str:
    """The language of the resume's prose (summary and role texts), else English."""
    prose = [resume.summary or ""]
    for entry in resume.experience:
        prose.extend((entry.description or "", *entry.bullets))
    return detect_language(" ".join(prose)) or "en"


def derived_matches(inputs: AgentInputs) -> list[MatchedSkillView]:
    """Without a match: each job skill that is also a profile skill, with the profile's
    evidence and years, and the profile's label as the resume's word for it."""
    profile = {s.concept_id: s for s in inputs.skills}
    return [
        MatchedSkillView(
            concept_id=job_skill.concept_id,
            label=job_skill.label,
            required=job_skill.required,
            candidate_evidence=[e.text for e in owned.evidence],
            candidate_terms=[owned.label],
            job_terms=job_skill.terms,
            years=owned.years,
        )
        for job_skill in inputs.job.skills
        if (owned := profile.get(job_skill.concept_id)) is not None
    ]


def resume_passages(resume: ParsedResume) -> list[str]:
    """Every piece of text in the resume, as written."""
    texts: list[str | None] = [resume.headline, resume.summary, *resume.skills]
    for entry in resume.experience:
        texts.extend((entry.title, entry.company, entry.description, *entry.bullets))
    for school in resume.education:
        texts.extend((school.degree, school.field, school.institution, *school.details))
    for cert in resume.certifications:
        texts.extend((cert.name, cert.issuer))
    for project in resume.projects:
        texts.extend((project.name, project.description, *project.bullets))
    texts.extend(p.title for p in resume.publications)
    texts.extend(language.language for language in resume.languages)
    texts.extend(section.text for section in resume.sections)
    return [text for text in texts if text]


def shown_in_resume(skill: FocusSkill, passages: Sequence[str]) -> bool:
    """Whether the resume itself names ``skill`` or holds one of its evidence sentences."""
    words = (*skill.resume_terms, skill.label)
    return any(
        any(names_term(passage, word) for word in words)
        or any(sentence in passage for sentence in skill.evidence)
        for passage in passages
    )


def mentions(text: str, skill: FocusSkill) -> bool:
    """Whether ``text`` names ``skill`` or contains one of its evidence sentences."""
    return any(names_term(text, term) for term in skill.terms) or any(
        sentence in text for sentence in skill.evidence
    )


def relevance(text: str, skills: Sequence[FocusSkill]) -> int:
    """How much ``text`` shows of what the job asks: the weights of the skills it mentions
    (``MUST_WEIGHT`` for must-haves, ``NICE_WEIGHT`` otherwise)."""
    return sum(skill.weight for skill in skills if mentions(text, skill))


def month_index(value: str | None, *, end: bool) -> int | None:
    """A partial ISO date as a count of months; a bare year is its last month for an end
    and its first for a start."""
    match = _DATE.match(value or "")
    if match is None:
        return None
    month = match.group("month")
    number = int(month) - 1 if month else (11 if end else 0)
    return int(match.group("year")) * 12 + number


def reference_month(inputs: AgentInputs) -> int | None:
    """The month "now" for ages: ``inputs.now``, else the latest date the resume states, so
    that the same inputs always tailor the same way."""
    if inputs.now is not None:
        return inputs.now.year * 12 + inputs.now.month - 1
    resume = inputs.resume
    ranges = [(e.start, e.end) for e in resume.experience]
    ranges += [(e.start, e.end) for e in resume.education]
    dates = [month_index(value, end=True) for pair in ranges for value in pair]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def recency_key(entry: Experience) -> tuple[int, int]:
    """Sort key putting current roles first, then the latest ending (or starting)."""
    start = month_index(entry.start, end=False)
    if entry.current:
        return (1, start if start is not None else 0)
    last = month_index(entry.end, end=True)
    if last is None:
        last = start
    return (0, last if last is not None else -1)


def is_old(entry: Experience, now: int | None) -> bool:
    """Whether ``entry`` ended more than ``COLLAPSE_AFTER_MONTHS`` before ``now``."""
    if entry.current or now is None:
        return False
    last = month_index(entry.end, end=True)
    if last is None:
        last = month_index(entry.start, end=True)
    return last is not None and now - last > COLLAPSE_AFTER_MONTHS


def role_name(entry: Experience) -> str:
    """The role as "Company (Title)", or whichever of the two the entry has."""
    if entry.company and entry.title:
        return f"{entry.company} ({entry.title})"
    return entry.company or entry.title or "an untitled role"


def role_line(entry: Experience) -> str:
    """The role as "Title at Company (start to end)", with whatever the entry states."""
    who = " at ".join(part for part in (entry.title, entry.company) if part) or "Untitled role"
    end = "present" if entry.current else entry.end
    dates = "\u2013".join(part for part in (entry.start, end) if part)
    return f"{who} ({dates})" if dates else who


def role_lines(entry: Experience) -> list[str]:
    """The role's bullets, then the sentences of its description."""
    lines = [b.strip() for b in entry.bullets if b.strip()]
    if entry.description:
        for line in entry.description.splitlines():
            lines.extend(sentences_of(line.strip()))
    return lines


def tailored_experience(
    experience: Sequence[Experience],
    skills: Sequence[FocusSkill],
    *,
    intensity: Intensity,
    now: int | None,
) -> tuple[list[TailoredExperience], list[str]]:
    """The roles, ordered and trimmed for ``intensity``, bullets most relevant first, with
    notes on the roles and bullets left out."""
    # A stable sort (reverse keeps it stable): equally recent roles stay in resume order.
    by_recency = sorted(
        range(len(experience)), key=lambda i: recency_key(experience[i]), reverse=True
    )
    recent = set(by_recency[:STRONG_KEEPS_RECENT_ROLES])
    lines = [role_lines(entry) for entry in experience]
    scores = [[relevance(line, skills) for line in role] for role in lines]
    weights = [
        relevance("\n".join(filter(None, (e.title, *lines[i]))), skills)
        for i, e in enumerate(experience)
    ]
    order = list(range(len(experience)))
    if intensity != "light" and by_recency:
        first = by_recency[0]
        rest = sorted(
            (i for i in order if i != first), key=lambda i: (-weights[i], -sum(scores[i]), i)
        )
        order = [first, *rest]
    kept: list[TailoredExperience] = []
    removed: list[str] = []
    for i in order:
        entry = experience[i]
        ranked = sorted(range(len(lines[i])), key=lambda j: (-scores[i][j], j))
        if intensity == "strong" and weights[i] == 0 and i not in recent:
            removed.append(f"Dropped role: {role_line(entry)}")
            continue
        keep = _bullets_kept(ranked, scores[i], entry, intensity=intensity, now=now)
        removed.extend(
            f"Dropped bullet from {role_name(entry)}: {lines[i][j]}"
            for j in sorted(set(ranked) - set(keep))
        )
        bullets = [rewrite_bullet(lines[i][j], skills, intensity=intensity) for j in keep]
        kept.append(
            TailoredExperience(
                title=entry.title,
                company=entry.company,
                location=entry.location,
                start=entry.start,
                end=entry.end,
                current=entry.current,
                bullets=bullets,
            )
        )
    return kept, removed


def _bullets_kept(
    ranked: Sequence[int],
    scores: Sequence[int],
    entry: Experience,
    *,
    intensity: Intensity,
    now: int | None,
) -> list[int]:
    if intensity == "light":
        return list(ranked)
    if intensity == "medium":
        if is_old(entry, now):
            return []
        return [
            j
            for position, j in enumerate(ranked)
            if scores[j] > 0 or position < MEDIUM_KEEPS_BULLETS
        ]
    relevant = [j for j in ranked if scores[j] > 0]
    return relevant or list(ranked[:1])


def rewrite_bullet(text: str, skills: Sequence[FocusSkill], *, intensity: Intensity) -> str:
    """``text`` in the posting's terms; at medium and strong also with a trailing clause
    that names a skill moved to the front."""
    aligned = align_terms(text, skills)
    return aligned if intensity == "light" else foreground_skill(aligned, skills)


def align_terms(text: str, skills: Sequence[FocusSkill]) -> str:
    """``text`` with the resume's word for each skill replaced by the posting's word
    ("PostgreSQL" becomes "Postgres" when the posting says Postgres).

    Only skills the resume shows are touched, and a place that already shows one of the
    posting's words for the skill ("Apache Kafka" for "Kafka") is left as written.
    """
    for skill in skills:
        if not skill.posting_terms:
            continue
        posting = {term.casefold() for term in skill.posting_terms}
        for word in sorted(skill.resume_terms, key=len, reverse=True):
            if word.casefold() not in posting:
                text = _replace_outside(text, word, skill.posting_terms)
    return text


def _replace_outside(text: str, word: str, posting_terms: Sequence[str]) -> str:
    taken = [m.span() for term in posting_terms for m in term_pattern(term).finditer(text)]
    replacement = posting_terms[0]
    pieces: list[str] = []
    last = 0
    for match in term_pattern(word).finditer(text):
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        pieces.append(text[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def foreground_skill(text: str, skills: Sequence[FocusSkill]) -> str:
    """A one-sentence bullet whose closing clause ("…, using Terraform.") names a skill the
    job asks for and whose main clause names none, with that clause moved to the front."""
    if len(sentences_of(text)) != 1:
        return text
    match = _TRAILING_CLAUSE.match(text.strip())
    if match is None:
        return text
    head, tail = match.group("head"), match.group("tail")
    if relevance(head, skills) > 0 or relevance(tail, skills) == 0:
        return text
    return f"{tail[:1].upper()}{tail[1:]}, {_lower_first(head)}{match.group('end')}"


def _lower_first(text: str) -> str:
    word = text.split(" ", 1)[0]
    # "Cut" reads as a plain verb; "AWS" or "GitHub" are names and keep their case.
    if word[:1].isupper() and word[1:].islower():
        return text[:1].lower() + text[1:]
    return text


def tailored_projects(
    projects: Sequence[Project], skills: Sequence[FocusSkill], *, intensity: Intensity
) -> tuple[list[TailoredProject], list[str]]:
    """The projects in the posting's terms: as written at light, most relevant first at
    medium, only relevant ones at strong; with notes on those dropped."""
    scores = [
        relevance("\n".join(filter(None, (p.name, p.description, *p.bullets))), skills)
        for p in projects
    ]
    order = list(range(len(projects)))
    if intensity != "light":
        order.sort(key=lambda i: (-scores[i], i))
    kept: list[TailoredProject] = []
    removed: list[str] = []
    for i in order:
        project = projects[i]
        if intensity == "strong" and scores[i] == 0:
            removed.append(f"Dropped project: {project.name}")
            continue
        kept.append(
            TailoredProject(
                name=project.name,
                description=align_terms(project.description, skills)
                if project.description
                else None,
                url=project.url,
                bullets=[align_terms(b, skills) for b in project.bullets],
            )
        )
    return kept, removed


def tailored_publications(
    publications: Sequence[Publication], skills: Sequence[FocusSkill], *, intensity: Intensity
) -> tuple[list[TailoredPublication], list[str]]:
    """The publications as written; strong keeps only those whose title or venue shows a
    skill the job asks for, with notes on those dropped."""
    kept: list[TailoredPublication] = []
    removed: list[str] = []
    for publication in publications:
        text = "\n".join(filter(None, (publication.title, publication.venue)))
        if intensity == "strong" and relevance(text, skills) == 0:
            removed.append(f"Dropped publication: {publication.title}")
            continue
        kept.append(
            TailoredPublication(
                title=publication.title,
                venue=publication.venue,
                date=publication.date,
                url=publication.url,
            )
        )
    return kept, removed


def skills_section(
    listed: Sequence[str], skills: Sequence[FocusSkill], *, intensity: Intensity
) -> tuple[list[str], list[str]]:
    """The skills section: the resume's skills plus the job's skills the resume shows
    elsewhere, matched must-haves first, then other matched skills, then the rest in the
    resume's order; strong keeps at most ``STRONG_MAX_SKILLS`` unless more are matched."""
    matched: dict[str, str] = {}
    others: list[str] = []
    for raw in listed:
        entry = raw.strip()
        if not entry:
            continue
        skill = next((s for s in skills if _names_skill(entry, s)), None)
        if skill is None:
            others.append(entry)
        elif skill.concept_id not in matched:
            shows_posting_word = any(names_term(entry, t) for t in skill.posting_terms)
            matched[skill.concept_id] = entry if shows_posting_word else skill.name
    for skill in skills:
        matched.setdefault(skill.concept_id, skill.name)
    ordered = [matched[s.concept_id] for s in skills if s.must]
    ordered += [matched[s.concept_id] for s in skills if not s.must]
    seen = {entry.casefold() for entry in ordered}
    removed: list[str] = []
    for entry in others:
        if entry.casefold() in seen:
            continue
        seen.add(entry.casefold())
        if intensity == "strong" and len(ordered) >= STRONG_MAX_SKILLS:
            removed.append(f"Dropped skill: {entry}")
            continue
        ordered.append(entry)
    return _dedupe(ordered), removed


def _names_skill(entry: str, skill: FocusSkill) -> bool:
    key = entry.casefold()
    return any(term.casefold() == key for term in skill.terms)


def _dedupe(entries: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    for entry in entries:
        if entry.casefold() not in seen:
            seen.add(entry.casefold())
            result.append(entry)
    return result


def current_title(resume: ParsedResume) -> str | None:
    """The title of the most recent role that has one."""
    titled = [e for e in resume.experience if e.title]
    if not titled:
        return None
    return max(enumerate(titled), key=lambda item: (recency_key(item[1]), -item[0]))[1].title


def tailored_headline(
    resume: ParsedResume, skills: Sequence[FocusSkill], *, intensity: Intensity
) -> tuple[str | None, list[str]]:
    """The headline (the resume's, else the current title) in the posting's terms; at
    medium and strong its first part followed by the top matched skills. Returns it with a
    note when the resume's own headline was replaced."""
    base = resume.headline or current_title(resume)
    if base is None:
        return None, []
    aligned = align_terms(base, skills)
    top = [skill.name for skill in skills[:HEADLINE_SKILLS]]
    if intensity == "light" or not top:
        return aligned, []
    lead = _HEADLINE_SEPARATOR.split(base, maxsplit=1)[0].strip()
    headline = f"{align_terms(lead, skills)} \u00b7 {', '.join(top)}"
    note = [f"Replaced headline: {resume.headline}"] if resume.headline else []
    return headline, note if headline != aligned else []


def tailored_summary(
    summary: str | None, skills: Sequence[FocusSkill], *, intensity: Intensity
) -> str | None:
    """The resume's summary in the posting's terms; at medium and strong followed by one
    sentence naming the top matched skills, with years only where the resume dates them."""
    aligned = align_terms(summary, skills) if summary else None
    top = skills[:SUMMARY_SKILLS]
    if intensity == "light" or not top:
        return aligned
    parts = [_with_years(skill) for skill in top]
    sentence = f"Hands-on experience with {and_list(parts)}."
    return f"{aligned} {sentence}" if aligned else sentence


def _with_years(skill: FocusSkill) -> str:
    years = math.floor(skill.years) if skill.years is not None else 0
    if years < 1:
        return skill.name
    return f"{skill.name} ({years} year{'s' if years > 1 else ''})"
