"""The offline job analyser: a brief of one posting, read from its parsed fields and its text.

Nothing is guessed. Responsibilities are the posting's own lines; skills come from the parsed
skills with the sentence that asks for each; salary, location and workplace are the parsed
fields written for people; each red flag states the fact that raised it. Text that addresses
AI tools is reported, never followed, and never copied into the brief.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from jobpilot.agents.documents import (
    BriefSkill,
    GapSkillView,
    JobBrief,
    JobSkillView,
    JobView,
    RedFlag,
)

# A posting first published (or first seen) longer ago than this is likely filled or dormant.
STALE_AFTER_DAYS = 45
ENDLESS_REPOSTS = 3
# More must-haves than this reads as a wish list no one person meets.
MAX_MUST_HAVE = 15
# An entry-level role that demands this many years of experience contradicts itself.
ENTRY_LEVEL_MAX_YEARS = 5
# Under this many words a description cannot say what the job is.
VAGUE_BELOW_WORDS = 60
MAX_RESPONSIBILITIES = 8
MIN_QUESTIONS = 4
MAX_QUESTIONS = 8
# Longer items are cut to their first sentence, then at a word.
MAX_ITEM_CHARS = 240

# First public release of technologies postings often ask "N years of" for; a demand for
# more years than a technology has existed is a well-known sign of a careless or fake posting.
FIRST_RELEASED: dict[str, int] = {
    "Kubernetes": 2014,
    "K8s": 2014,
    "Docker": 2013,
    "Rust": 2012,
    "Swift": 2014,
    "SwiftUI": 2019,
    "Golang": 2009,
    "TypeScript": 2012,
    "React": 2013,
    "React Native": 2015,
    "Kotlin": 2011,
    "Terraform": 2014,
    "FastAPI": 2018,
    "Flutter": 2015,
    "Vue": 2014,
    "Vue.js": 2014,
    "GraphQL": 2015,
    "Next.js": 2016,
    "Svelte": 2016,
    "PyTorch": 2016,
    "TensorFlow": 2015,
    "Kafka": 2011,
    "Snowflake": 2014,
    "dbt": 2016,
    "Airflow": 2015,
    "GitHub Actions": 2018,
    "ChatGPT": 2022,
    "LangChain": 2022,
}

SectionKind = Literal["responsibilities", "requirements", "benefits", "company", "other"]

_SECTION_PATTERNS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (
        "responsibilities",
        re.compile(
            r"what you(?:'ll| will) (?:do|be doing|work on|own|build|achieve)|responsibilit"
            r"|your (?:role|tasks|mission|day|impact)|the role|role overview|in this role"
            r"|duties|day[- ]to[- ]day|key tasks|aufgaben|deine rolle|ihre rolle"
            r"|das erwartet (?:dich|sie)|was (?:dich|sie) erwartet|deine mission|missions"
            r"|responsabilit|le poste|ce que vous ferez|tus funciones|funciones"
            r"|qu[ée] har[áa]s"
        ),
    ),
    (
        "requirements",
        re.compile(
            r"requirement|qualification|what you(?:'ll| will)? bring|who you are|about you"
            r"|your profile|must[- ]haves?|nice[- ]to[- ]haves?|skills|experience"
            r"|(?:we're|we are|what we're|what we are) looking for|you have|you bring"
            r"|profil|mitbringst|mitbringen|anforderungen|voraussetzungen|requis|requisitos"
            r"|perfil|buscamos"
        ),
    ),
    (
        "benefits",
        re.compile(
            r"benefit|we offer|perks|why (?:join|us|work)|wir bieten|bieten wir|avantages"
            r"|nous offrons|ofrecemos|beneficios|compensation|salary|gehalt"
        ),
    ),
    (
        "company",
        re.compile(
            r"^about\b|who we are|über uns|qui sommes|sobre nosotros|our (?:team|story|mission)"
        ),
    ),
]
# A line that starts with a known heading and goes on: "Responsibilities: build the API".
_INLINE_HEADING = re.compile(
    r"^(?P<heading>(?:key |your |main )?(?:responsibilities|duties|tasks|aufgaben|requirements"
    r"|qualifications|benefits|what you(?:'ll| will) do))\s*:\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7\u25aa\u25e6\u2023\u2013]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u00c0-\u00dd\"'(])")
_WORD = re.compile(r"\w+")
_YOU_WILL = re.compile(r"^you(?:'ll| will)(?: be)?\s+", re.IGNORECASE)
_ACTION_VERB = re.compile(
    r"analy[sz]e|architect|automate|build|champion|coach|collaborate|communicate|contribute"
    r"|coordinate|create|define|deliver|deploy|design|develop|drive|ensure|establish|evaluate"
    r"|help|implement|improve|integrate|lead|maintain|manage|mentor|migrate|model|monitor"
    r"|operate|optimi[sz]e|own|partner|plan|prepare|present|research|review|run|scale|shape"
    r"|ship|support|take|test|translate|work|write"
)
_GERMAN_ACTION = re.compile(r"^(?:du|sie)\s+\w+", re.IGNORECASE)

# Characters that hide text from a human reader, and styling left over from hidden HTML.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\b"
    r"|opacity\s*:\s*0(?:\.0+)?\b|color\s*:\s*(?:#fff(?:fff)?|white)\b",
    re.IGNORECASE,
)
_INSTRUCTION_PATTERNS = [
    re.compile(pattern)
    for pattern in (
        r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}"
        r"\b(?:instructions?|prompts?|directions|rules|guidelines)\b",
        r"\bif you are an? (?:ai|a\.i\.|llm|large language model|language model|chatbot|bot"
        r"|assistant|gpt|automated (?:system|tool|screener))\b",
        r"\b(?:ai|llm|gpt|chatgpt|claude|gemini|copilot|language model)"
        r"(?: assistants?| tools?| models?| systems?| agents?)?"
        r" (?:reading|processing|parsing|screening|reviewing|evaluating) this\b",
        r"\b(?:note|message|attention|instructions?) (?:to|for) (?:the |any |all )?"
        r"(?:ai|llm|chatgpt|gpt|claude|assistant|language model)s?\b",
        r"\b(?:add|insert|include|put)\b[^.!?\n]{0,40}"
        r"\b(?:skills?|keywords?|certifications?)\b[^.!?\n]{0,40}"
        r"\b(?:to|in|into|on) (?:the|your|my|their|this) "
        r"(?:resume|cv|curriculum vitae|cover letter|profile)\b",
        r"\b(?:new|updated|system) (?:instructions?|prompt)\s*:",
        r"\bsystem prompt\b",
        r"\byou (?:must|should) (?:now )?(?:respond|reply|answer|output|say|rate|rank|score)\b",
        r"\b(?:ignoriere|vergiss)\b[^.!?\n]{0,40}\b(?:anweisungen|instruktionen|vorgaben)\b",
        r"\bwenn du (?:eine? )?(?:ki|ai|sprachmodell|assistent)\b",
        r"\bignorez?\b[^.!?\n]{0,30}\binstructions\b",
        r"\bignora\b[^.!?\n]{0,30}\binstrucciones\b",
    )
]

_COMPANY_PLACEHOLDER = re.compile(
    r"a company|anonymous|company|confidentiel|employer|hiring company|n/?a|none"
    r"|not disclosed|our client|private|stealth(?: startup)?|undisclosed|unknown|vertraulich"
)
_AGENCY = re.compile(
    r"staffing|recruitment|recruiting|recruiters?\b|personnel|headhunt|talent acquisition"
    r"|talent solutions|executive search|employment agency|personalvermittlung"
    r"|personaldienstleist|zeitarbeit|arbeitnehmerüberlassung|intérim|interim staffing",
    re.IGNORECASE,
)
_FOR_A_CLIENT = re.compile(
    r"\b(?:our client(?: is|,)|for our client|on behalf of (?:our|a) client"
    r"|für unseren kunden|unser kunde)\b",
    re.IGNORECASE,
)
_ENTRY_TITLE = re.compile(
    r"\b(?:junior|jr\.?|entry[- ]level|graduate|trainee|intern(?:ship)?|werkstudent\w*"
    r"|berufseinsteiger\w*|einsteiger\w*|débutant\w*)\b",
    re.IGNORECASE,
)
_YEARS_DEMANDED = re.compile(
    r"(?<![\d.])(?P<years>\d{1,2})\s*\+?\s*(?:years?|yrs?|jahre)\b", re.IGNORECASE
)

_SENIORITY_WORDS = {"mid": "mid-level", "intern": "intern-level"}
_EMPLOYMENT_WORDS = {
    "full_time": "full-time",
    "part_time": "part-time",
    "per_diem": "per-diem",
}
_WORKPLACE_WORDS = {"remote": "fully remote", "hybrid": "hybrid", "on_site": "on-site"}
RANGE_DASH = "\u2013"
_CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}


@dataclass(frozen=True, slots=True)
class DescriptionBlock:
    """A run of description lines under one heading (None before the first heading)."""

    heading: str | None
    kind: SectionKind | None
    items: tuple[str, ...]


def analyse_job(job: JobView, *, now: datetime, gaps: Sequence[GapSkillView] = ()) -> JobBrief:
    """The brief of ``job`` as of ``now``; ``gaps`` (the candidate's missing skills, when a
    match is known) make the questions to the employer more specific."""
    blocks = description_blocks(job.description)
    must_have, nice_to_have = tiered_skills(job)
    salary = salary_text(job)
    location = location_text(job.locations)
    flags = red_flags(job, must_have_count=len(must_have), now=now)
    return JobBrief(
        title=job.title,
        company=job.company,
        summary=job_summary(job, location),
        responsibilities=responsibilities(blocks),
        must_have=must_have,
        nice_to_have=nice_to_have,
        seniority=job.seniority,
        salary=salary,
        location=location,
        workplace=job.workplace,
        red_flags=flags,
        questions=employer_questions(
            job, flags=flags, must_have=must_have, gaps=gaps, location=location
        ),
    )


def job_summary(job: JobView, location: str | None) -> str:
    """One or two sentences: the role and company, then its level, contract, workplace and
    place, saying only what the posting states."""
    company = job.company.strip()
    if company_unnamed(company):
        first = f"{job.title} (company not named)."
    else:
        first = f"{job.title} at {company}."
    traits = [
        word
        for word in (
            _word_for(job.seniority, _SENIORITY_WORDS),
            _word_for(job.employment_type, _EMPLOYMENT_WORDS),
            _word_for(job.workplace, _WORKPLACE_WORDS),
        )
        if word
    ]
    place = f" based in {location}" if location else ""
    if traits:
        article = "An" if traits[0][0] in "aeiou" else "A"
        return f"{first} {article} {', '.join(traits)} role{place}."
    if location:
        return f"{first} Based in {location}."
    return first


def _word_for(value: str | None, words: dict[str, str]) -> str | None:
    if not value:
        return None
    return words.get(value, value.replace("_", " "))


def location_text(locations: Iterable[str]) -> str | None:
    """The posting's locations joined for reading, duplicates left out; None if none."""
    seen: list[str] = []
    for location in locations:
        text = location.strip()
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen.append(text)
    return "; ".join(seen) or None


def salary_text(job: JobView) -> str | None:
    """The pay as people write it ("€70,000 to 85,000 per year", with an en dash for "to"),
    from the parsed amounts or else the posting's own salary text; None when it gives none."""
    low, high = job.salary_min, job.salary_max
    if low is None and high is None:
        text = (job.salary_text or "").strip()
        return text or None
    per = f" per {job.salary_interval}" if job.salary_interval else ""
    if low is not None and high is not None and low != high:
        return f"{_money(low, job.salary_currency)}{RANGE_DASH}{_amount(high)}{per}"
    if low is not None and high is not None:
        return f"{_money(low, job.salary_currency)}{per}"
    if low is not None:
        return f"from {_money(low, job.salary_currency)}{per}"
    assert high is not None
    return f"up to {_money(high, job.salary_currency)}{per}"


def _money(value: float, currency: str | None) -> str:
    if not currency:
        return _amount(value)
    sign = _CURRENCY_SIGNS.get(currency.upper())
    return f"{sign}{_amount(value)}" if sign else f"{currency.upper()} {_amount(value)}"


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def tiers_given(skills: Iterable[JobSkillView]) -> bool:
    """Whether the posting marks any skill as required, drawing its own must/nice line."""
    return any(skill.required is True for skill in skills)


def is_must_have(required: bool | None, *, tiered: bool) -> bool:
    """Whether a skill is a must-have: marked required, or unmarked in a posting that marks
    none as required (such a posting lists what it expects without tiers)."""
    return required is True or (required is None and not tiered)


def tiered_skills(job: JobView) -> tuple[list[BriefSkill], list[BriefSkill]]:
    """The posting's skills as (must-have, nice-to-have), each with the sentence asking for
    it (never a sentence addressed to AI tools)."""
    skills = merged_skills(job.skills)
    tiered = tiers_given(skills)
    sentences = [s for s in description_sentences(job.description) if not is_instruction(s)]
    must: list[BriefSkill] = []
    nice: list[BriefSkill] = []
    for skill in skills:
        brief = BriefSkill(
            label=skill.label,
            concept_id=skill.concept_id,
            evidence=_sentence_naming(sentences, skill.terms or [skill.label]),
        )
        (must if is_must_have(skill.required, tiered=tiered) else nice).append(brief)
    return must, nice


def merged_skills(skills: Iterable[JobSkillView]) -> list[JobSkillView]:
    """Each skill once, in first-listed order: a skill listed twice keeps its strongest flag
    (required, then unflagged, then optional) and all of its terms."""
    merged: dict[str, JobSkillView] = {}
    strength = {True: 2, None: 1, False: 0}
    for skill in skills:
        known = merged.get(skill.concept_id)
        if known is None:
            merged[skill.concept_id] = skill
            continue
        required = max(known.required, skill.required, key=lambda r: strength[r])
        terms = list(dict.fromkeys((*known.terms, *skill.terms)))
        merged[skill.concept_id] = known.model_copy(update={"required": required, "terms": terms})
    return list(merged.values())


def _sentence_naming(sentences: Sequence[str], terms: Sequence[str]) -> str | None:
    return next((s for s in sentences if any(names_term(s, t) for t in terms)), None)


def names_term(text: str, term: str) -> bool:
    """Whether ``text`` names ``term`` as a whole word or phrase.

    Terms of three characters or fewer must match in case ("Go", "R", "AWS"), so that the
    ordinary words "go" and "r" do not count; longer terms match in any case.
    """
    return term_pattern(term).search(text) is not None


def term_pattern(term: str) -> re.Pattern[str]:
    """The pattern that finds ``term`` as a whole word or phrase (see :func:`names_term`)."""
    flags = 0 if len(term.strip()) <= 3 else re.IGNORECASE
    body = r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<![\w+#.-]){body}(?![\w+#]|\.\w)", flags)


def description_blocks(description: str) -> list[DescriptionBlock]:
    """The description cut at its headings, with each block's items: list items whole,
    other lines split into sentences."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for paragraph in _paragraphs(description):
        for position, line in enumerate(paragraph):
            inline = _INLINE_HEADING.match(line)
            if inline:
                sections.append((inline.group("heading"), sentences_of(inline.group("rest"))))
            elif _is_heading(paragraph, position):
                sections.append((line.rstrip(":").strip(), []))
            elif bullet := _BULLET.match(line):
                sections[-1][1].append(line[bullet.end() :].strip())
            else:
                sections[-1][1].extend(sentences_of(line))
    return [
        DescriptionBlock(heading, section_kind(heading) if heading else None, tuple(items))
        for heading, items in sections
        if heading is not None or items
    ]


def _paragraphs(text: str) -> Iterator[list[str]]:
    paragraph: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            paragraph.append(line)
        elif paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


def _is_heading(paragraph: Sequence[str], position: int) -> bool:
    line = paragraph[position]
    if _BULLET.match(line) or len(line) > 70 or len(line.split()) > 8:
        return False
    if line.endswith(":"):
        return True
    if line[-1] in ".!?,;":
        return False
    # A short line alone, or first of a paragraph whose next line is a list item.
    if len(paragraph) == 1:
        return True
    if position != 0:
        return False
    # Plain-text postings put a heading straight above its text: trust known headings only.
    return bool(_BULLET.match(paragraph[1])) or section_kind(line) != "other"


def section_kind(heading: str) -> SectionKind:
    """What a description heading introduces: responsibilities, requirements, benefits,
    the company, or something else."""
    key = _plain(heading).strip(" :.-")
    for kind, pattern in _SECTION_PATTERNS:
        if pattern.search(key):
            return kind
    return "other"


def sentences_of(text: str) -> list[str]:
    """The sentences of one line of text."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def description_sentences(description: str) -> list[str]:
    """Every item of the description (list items and sentences), in order."""
    return [item for block in description_blocks(description) for item in block.items]


def responsibilities(blocks: Sequence[DescriptionBlock]) -> list[str]:
    """What the job involves: the items under responsibility headings; without such a
    heading, the items outside requirement, benefit and company sections that start with an
    action ("Build…", "You will design…"). Cleaned, without duplicates, at most
    ``MAX_RESPONSIBILITIES``; text addressed to AI tools is never included."""
    headed = [item for b in blocks if b.kind == "responsibilities" for item in b.items]
    if headed:
        chosen = headed
    else:
        chosen = [
            item
            for b in blocks
            if b.kind in (None, "other")
            for item in b.items
            if _starts_with_action(item)
        ]
    result: list[str] = []
    seen: set[str] = set()
    for item in chosen:
        if is_instruction(item):
            continue
        text = clean_item(item)
        key = text.casefold()
        if text and key not in seen:
            seen.add(key)
            result.append(text)
        if len(result) == MAX_RESPONSIBILITIES:
            break
    return result


def _starts_with_action(item: str) -> bool:
    if _YOU_WILL.match(item) or _GERMAN_ACTION.match(item):
        return True
    first = _WORD.match(item)
    return first is not None and _ACTION_VERB.fullmatch(first.group().casefold()) is not None


def clean_item(item: str) -> str:
    """A description item as a responsibility: no list mark, no "You will", trailing
    separators removed, first letter capitalised, long items shortened."""
    text = " ".join(_INVISIBLE.sub("", item).split())
    text = _BULLET.sub("", text)
    text = _YOU_WILL.sub("", text).strip(" ;,")
    if len(text) > MAX_ITEM_CHARS:
        text = sentences_of(text)[0]
    if len(text) > MAX_ITEM_CHARS:
        text = text[:MAX_ITEM_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text[:1].upper() + text[1:]


def _plain(text: str) -> str:
    """Text as compared by the detectors: no invisible characters, straight apostrophes,
    case folded, single spaces."""
    text = _INVISIBLE.sub("", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def is_instruction(text: str) -> bool:
    """Whether ``text`` addresses an AI tool rather than a human reader ("ignore previous
    instructions", "if you are an AI", "add the skill X to the resume")."""
    plain = _plain(text)
    return any(pattern.search(plain) for pattern in _INSTRUCTION_PATTERNS)


def instruction_passages(text: str) -> list[str]:
    """The sentences of ``text`` that address AI tools, as written."""
    passages: list[str] = []
    for line in text.splitlines():
        passages.extend(s for s in sentences_of(line.strip()) if is_instruction(s))
    return passages


def hides_text(text: str) -> bool:
    """Whether ``text`` carries invisible characters or styling that hides text."""
    return bool(_INVISIBLE.search(text) or _HIDING_STYLE.search(text))


def red_flags(job: JobView, *, must_have_count: int, now: datetime) -> list[RedFlag]:
    """Warning signs about the posting, each a stable code with the fact behind it."""
    found = [
        _stale(job, now),
        _reposted(job),
        _missing_company(job),
        _unrealistic(job, must_have_count, now),
        _no_salary(job),
        _vague(job),
        _expired(job, now),
        _instructions(job),
    ]
    return [flag for flag in found if flag is not None]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def posting_age_days(job: JobView, now: datetime) -> int | None:
    """Days since the posting was first published or first seen, whichever is earlier."""
    known = [_utc(d) for d in (job.posted_at, job.first_seen_at) if d is not None]
    if not known:
        return None
    return (_utc(now) - min(known)).days


def _stale(job: JobView, now: datetime) -> RedFlag | None:
    age = posting_age_days(job, now)
    if age is None or age <= STALE_AFTER_DAYS:
        return None
    return RedFlag(
        code="stale_posting",
        message=f"First posted {age} days ago; a role open this long may be filled, on hold "
        "or not actively hiring.",
    )


def _reposted(job: JobView) -> RedFlag | None:
    if job.repost_count < ENDLESS_REPOSTS:
        return None
    return RedFlag(
        code="endless_reposts",
        message=f"Reposted {job.repost_count} times; endlessly reposted roles are often not "
        "being filled.",
    )


def company_unnamed(company: str) -> bool:
    """Whether ``company`` is empty or a placeholder rather than an employer's name."""
    key = _plain(company).strip(" .-()")
    return not key or bool(_COMPANY_PLACEHOLDER.fullmatch(key)) or "confidential" in key


def _missing_company(job: JobView) -> RedFlag | None:
    if company_unnamed(job.company):
        return RedFlag(
            code="missing_company",
            message="The posting does not name the employer.",
        )
    if _AGENCY.search(job.company) or _FOR_A_CLIENT.search(job.description):
        return RedFlag(
            code="missing_company",
            message=f"Posted by an agency or for an unnamed client ({job.company.strip()}); "
            "the actual employer is not named.",
        )
    return None


def is_entry_level(job: JobView) -> bool:
    """Whether the posting is pitched at juniors, interns or graduates."""
    return job.seniority in ("intern", "junior") or bool(_ENTRY_TITLE.search(job.title))


def demanded_years(job: JobView) -> int | None:
    """The years of experience the posting asks for: the parsed minimum, else the largest
    "N years" its text states."""
    if job.experience_min_years is not None:
        return job.experience_min_years
    stated = [int(m.group("years")) for m in _YEARS_DEMANDED.finditer(job.description)]
    return max(stated) if stated else None


def impossible_years(description: str, now: datetime) -> list[tuple[str, int, int]]:
    """Each (technology, years asked, years it has existed) where the text asks for more
    years of a technology than have passed since its first public release."""
    found: list[tuple[str, int, int]] = []
    for sentence in description_sentences(description):
        for match in _YEARS_DEMANDED.finditer(sentence):
            asked = int(match.group("years"))
            after = sentence[match.end() : match.end() + 60]
            for name, released in FIRST_RELEASED.items():
                age = _utc(now).year - released
                if asked > age and names_term(after, name):
                    found.append((name, asked, age))
                    break
    return found


def _unrealistic(job: JobView, must_have_count: int, now: datetime) -> RedFlag | None:
    reasons: list[str] = []
    if must_have_count > MAX_MUST_HAVE:
        reasons.append(f"{must_have_count} must-have skills")
    years = demanded_years(job)
    if years is not None and years >= ENTRY_LEVEL_MAX_YEARS and is_entry_level(job):
        reasons.append(f"{years} years of experience for an entry-level role")
    for name, asked, age in impossible_years(job.description, now):
        reasons.append(f"{asked} years of {name}, which has existed for about {age}")
    if not reasons:
        return None
    return RedFlag(
        code="unrealistic_requirements",
        message="The requirements look unrealistic: " + "; ".join(reasons) + ".",
    )


def _no_salary(job: JobView) -> RedFlag | None:
    if salary_text(job) is not None:
        return None
    return RedFlag(code="no_salary", message="No salary is given.")


def _vague(job: JobView) -> RedFlag | None:
    words = len(_WORD.findall(job.description))
    if words >= VAGUE_BELOW_WORDS:
        return None
    return RedFlag(
        code="vague_description",
        message=f"The description has only {words} words; it says little about the work.",
    )


def _expired(job: JobView, now: datetime) -> RedFlag | None:
    if job.valid_through is None or _utc(job.valid_through) >= _utc(now):
        return None
    return RedFlag(
        code="expired",
        message=f"The posting expired on {_utc(job.valid_through).date().isoformat()}.",
    )


def _instructions(job: JobView) -> RedFlag | None:
    text = "\n".join((job.title, job.company, job.description))
    passages = instruction_passages(text)
    hidden = hides_text(text)
    if not passages and not hidden:
        return None
    if passages:
        quoted = _INVISIBLE.sub("", passages[0])
        if len(quoted) > 80:
            quoted = quoted[:80].rsplit(" ", 1)[0] + "…"
        found = f'text aimed at AI tools ("{quoted}")'
        if hidden:
            found += " and hidden-looking text"
    else:
        found = "hidden-looking text (invisible characters or styling that hides text)"
    return RedFlag(
        code="instructions_in_posting",
        message=f"The posting contains {found}; it was read as data and not followed.",
    )


def employer_questions(
    job: JobView,
    *,
    flags: Sequence[RedFlag],
    must_have: Sequence[BriefSkill],
    gaps: Sequence[GapSkillView],
    location: str | None,
) -> list[str]:
    """Questions worth asking the employer about what the posting leaves open, most
    specific first, between ``MIN_QUESTIONS`` and ``MAX_QUESTIONS``."""
    title = job.title
    codes = {flag.code for flag in flags}
    questions: list[str] = []
    if "no_salary" in codes:
        questions.append(f"What salary range is budgeted for the {title} role?")
    questions.extend(_workplace_questions(job, location))
    if "missing_company" in codes:
        questions.append("Which company is the role with, and is the position with them directly?")
    if {"endless_reposts", "stale_posting"} & codes:
        questions.append(
            "The role has been advertised for a while; why is it still open, and is it a new "
            "position or a replacement?"
        )
    required_gaps = [g for g in gaps if g.required is not False][:2]
    questions.extend(
        f"How important is {gap.label} on day one, and is there time to learn it on the job?"
        for gap in required_gaps
    )
    if job.employment_type is None:
        questions.append("Is the position permanent or fixed-term, full-time or part-time?")
    if job.seniority is None and job.experience_min_years is None:
        questions.append("What level of seniority and experience is the role pitched at?")
    if len(must_have) >= 2:
        names = and_list([skill.label for skill in must_have[:3]])
        questions.append(f"Which of {names} matters most in the first six months?")
    questions.append(
        f"How large is the team the {title} would join, and who would the role report to?"
    )
    questions.append("What are the steps and the timeline of the interview process?")
    questions.append(f"What would success look like after six months in the {title} role?")
    if len(questions) < MIN_QUESTIONS:
        questions.append(f"What does a typical week look like for the {title}?")
    return questions[:MAX_QUESTIONS]


def _workplace_questions(job: JobView, location: str | None) -> list[str]:
    if job.workplace is None:
        return ["Is the role remote, hybrid or on-site, and how many office days are expected?"]
    if job.workplace == "hybrid":
        where = f" in {location}" if location else ""
        return [f"How many days a week in the office{where} does the hybrid set-up expect?"]
    if job.workplace == "remote":
        return [
            "Which countries and time zones can the remote team hire in, and are there "
            "regular in-person meetings?"
        ]
    if location is None:
        return ["Where is the role based?"]
    return []


def and_list(items: Sequence[str], conjunction: str = "and") -> str:
    """``items`` joined for reading: "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
