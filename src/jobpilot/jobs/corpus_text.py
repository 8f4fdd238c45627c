"""Posting descriptions for the demo corpus: drafted once per position from the language's
templates, lightly varied for the copies other sites carry, rendered as HTML or plain text."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from jobpilot.jobs.corpus_draws import draw_sample
from jobpilot.jobs.corpus_vocabulary import Company, Industry, LanguageText, Occupation

_NAMED = re.compile(r"\{([^{}]+)\}")
_HTML_HEADINGS = (
    "<h2>{}</h2>",
    "<h3>{}</h3>",
    "<h3>{}</h3>",
    "<p><strong>{}</strong></p>",
    "<h4>{}</h4>",
    "<p><b>{}:</b></p>",
)
# Share of skill mentions written with an alias ("k8s") instead of the canonical name.
ALIAS_SHARE = 0.15
_THOUSANDS = {"en": ",", "de": ".", "fr": " ", "es": ".", "nl": "."}
_PLAIN_HEADINGS = ("{}:", "{}", "## {}", "{}:")
_PLAIN_BULLETS = ("- ", "• ", "* ", "- ")


@dataclass(slots=True)
class Section:
    kind: str
    heading: str | None
    paragraphs: list[str]
    bullets: list[str]


@dataclass(slots=True)
class DescriptionDraft:
    """A description as sections of sentences, before it is written as HTML or text."""

    sections: list[Section]
    # A second company introduction, for copies of the posting on other sites.
    other_intro: str


@dataclass(slots=True)
class DescriptionInputs:
    """Everything a description says about its position."""

    text: LanguageText
    occupation: Occupation
    company: Company
    industry: Industry
    title: str
    department: str
    place: str
    city: str
    region: str
    country_name: str
    benefit_regions: tuple[str, ...]
    workplace: str
    employment: str
    years: tuple[int, int | None] | None
    visa: str | None
    required: tuple[str, ...]
    nice: tuple[str, ...]
    spoken: str | None
    salary_text: str | None
    show_nice: bool


def _pick(rng: random.Random, options: tuple[str, ...] | list[str]) -> str:
    return options[int(rng.random() * len(options))] if options else ""


def surface_form(rng: random.Random, name: str, aliases: dict[str, tuple[str, ...]]) -> str:
    """How a posting writes a skill: mostly its canonical name, now and then an alias."""
    forms = aliases.get(name)
    if forms and rng.random() < ALIAS_SHARE:
        return _pick(rng, forms)
    return name


def fill_named_skills(
    rng: random.Random, template: str, aliases: dict[str, tuple[str, ...]]
) -> str:
    """Replace every ``{A|B}`` with one of the skills, as a posting would write it."""
    if "{" not in template:
        return template
    return _NAMED.sub(
        lambda m: surface_form(rng, _pick(rng, m.group(1).split("|")), aliases), template
    )


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values) if "{" in template else template


def _intro(rng: random.Random, text: LanguageText, values: dict[str, str]) -> str:
    sentence = _fill(_pick(rng, text.lists["intro"]), values)
    if rng.random() < 0.6:
        sentence += " " + _fill(_pick(rng, text.lists["intro_extra"]), values)
    return sentence


def _skill_lines(
    rng: random.Random,
    skills: tuple[str, ...],
    single: tuple[str, ...],
    pair: tuple[str, ...],
) -> list[str]:
    """One line per skill, or now and then one line for two."""
    lines = []
    draw = rng.random
    index = 0
    last = len(skills) - 1
    while index <= last:
        if index < last and draw() < 0.25:
            template = pair[int(draw() * len(pair))]
            lines.append(template.format(skill=skills[index], skill2=skills[index + 1]))
            index += 2
        else:
            lines.append(single[int(draw() * len(single))].format(skill=skills[index]))
            index += 1
    return lines


def _responsibilities(
    rng: random.Random, inputs: DescriptionInputs, aliases: dict[str, tuple[str, ...]]
) -> list[str]:
    count = 4 + int(rng.random() * 3)
    if inputs.text.language == "en":
        lines = inputs.occupation.responsibilities
        chosen = sorted(draw_sample(rng, range(len(lines)), count))
        return [fill_named_skills(rng, lines[i], aliases) for i in chosen]
    templates = inputs.text.lists["responsibility"]
    skills = inputs.required or ("",)
    result = []
    for n, template in enumerate(draw_sample(rng, templates, count)):
        skill = skills[n % len(skills)]
        result.append(template.format(skill=skill, skill2=skills[(n + 1) % len(skills)]))
    return result


def _requirements(rng: random.Random, inputs: DescriptionInputs) -> list[str]:
    lists = inputs.text.lists
    english = inputs.text.language == "en"
    lines: list[str] = []
    field_name = inputs.occupation.field
    if inputs.years is not None:
        low, high = inputs.years
        if high is not None:
            template = _pick(rng, lists["years_range"])
            lines.append(template.format(years=low, years_max=high, field=field_name))
        elif low > 0:
            lines.append(_pick(rng, lists["years"]).format(years=low, field=field_name))
        else:
            lines.append(_pick(rng, lists["no_experience"]))
    if rng.random() < 0.75:
        if english:
            degree = _pick(rng, inputs.occupation.education)
            suffix = "" if "equivalent" in degree else _pick(rng, lists["education_suffix"])
            lines.append(degree + suffix)
        else:
            lines.append(_pick(rng, lists["education"]))
    lines.extend(
        _skill_lines(rng, inputs.required, lists["requirement"], lists["requirement_pair"])
    )
    if english:
        if rng.random() < 0.5:
            first, second = draw_sample(rng, lists["soft_skills"], 2)
            template = _pick(rng, lists["soft"])
            lines.append(template.format(skill=first.lower(), skill2=second.lower()))
        if inputs.spoken and rng.random() < 0.15:
            lines.append(_pick(rng, lists["language_req"]).format(language=inputs.spoken))
    elif rng.random() < 0.5:
        lines.append(_pick(rng, lists["language_line"]))
    return lines


def _benefits(rng: random.Random, inputs: DescriptionInputs) -> list[str]:
    benefits = inputs.text.groups["benefits"]
    regional: tuple[str, ...] = ()
    for region in inputs.benefit_regions:
        regional += benefits.get(region, ())
    count = 3 + int(rng.random() * 4)
    chosen = draw_sample(rng, regional, 1 + int(rng.random() * 3))
    chosen += draw_sample(rng, benefits["*"], count - len(chosen))
    return chosen


def draft_description(
    rng: random.Random, inputs: DescriptionInputs, aliases: dict[str, tuple[str, ...]]
) -> DescriptionDraft:
    """The sections of a new posting's description."""
    text = inputs.text
    lists = text.lists
    headings = text.groups["headings"]
    draw = rng.random
    company = inputs.company
    english = text.language == "en"
    values = {
        "company": company.name,
        "industry": _pick(rng, inputs.industry.nouns[text.language]),
        "mission": _pick(rng, inputs.industry.missions),
        "hq": company.hq.name if english else company.hq.local_name,
        "size": f"{company.size:,}".replace(",", _THOUSANDS[text.language]),
        "founded": str(company.founded),
        "title": inputs.title,
        "department": inputs.department,
        "place": inputs.place,
        "city": inputs.city,
        "region": inputs.region,
        "country": inputs.country_name,
        "days": "2" if draw() < 0.5 else "3",
        "hours": _pick(rng, ("20", "24", "30", "32")),
        "months": _pick(rng, ("3", "6", "6", "9", "12")),
    }
    about = Section("about", _fill(_pick(rng, headings["about"]), values), [], [])
    about.paragraphs.append(_intro(rng, text, values))
    sections = [about]

    role = Section("role", _pick(rng, headings["role"]) if draw() < 0.5 else None, [], [])
    role.paragraphs.append(_fill(_pick(rng, lists["role"]), values))
    workplace = _pick(rng, text.groups["workplace"][inputs.workplace])
    if workplace and draw() < 0.7:
        role.paragraphs.append(_fill(workplace, values))
    if draw() < 0.6:
        employment = _pick(rng, text.groups["employment"][inputs.employment])
        role.paragraphs.append(_fill(employment, values))
    sections.append(role)

    responsibilities = _responsibilities(rng, inputs, aliases)
    heading = _pick(rng, headings["responsibilities"])
    sections.append(Section("responsibilities", heading, [], responsibilities))
    requirements = Section(
        "requirements", _pick(rng, headings["requirements"]), [], _requirements(rng, inputs)
    )
    sections.append(requirements)
    if inputs.nice and inputs.show_nice:
        nice = _skill_lines(rng, inputs.nice, lists["nice"], lists["nice_pair"])
        sections.append(Section("nice", _pick(rng, headings["nice"]), [], nice))
    if draw() < 0.8:
        benefits = _benefits(rng, inputs)
        sections.append(Section("benefits", _pick(rng, headings["benefits"]), [], benefits))
    if inputs.salary_text is not None:
        line = _pick(rng, lists["salary_line"]).format(salary=inputs.salary_text)
        salary = Section("salary", _pick(rng, headings["salary"]), [line], [])
        note = _pick(rng, lists["salary_note"])
        if note:
            salary.paragraphs.append(note)
        sections.append(salary)

    closing = Section("closing", None, [], [])
    if inputs.visa is not None:
        visa = _pick(rng, lists[f"visa_{inputs.visa}"]).format(country=inputs.country_name)
        if draw() < 0.5:
            requirements.bullets.append(visa)
        else:
            closing.paragraphs.append(visa)
    for _ in range(int(draw() * 2.2)):
        closing.paragraphs.append(_pick(rng, lists["extras"]))
    if draw() < 0.4:
        apply = [_pick(rng, lists["apply"])]
        sections.append(Section("apply", _pick(rng, headings["apply"]), apply, []))
    ending = _fill(_pick(rng, lists["closing"]), values)
    if ending:
        closing.paragraphs.append(ending)
    if closing.paragraphs:
        sections.append(closing)
    return DescriptionDraft(sections, _intro(rng, text, values))


def vary_description(
    rng: random.Random, draft: DescriptionDraft, text: LanguageText
) -> DescriptionDraft:
    """The same description as another site carries it: other headings or intro, sections
    moved, a sentence added or removed."""
    sections = [
        Section(s.kind, s.heading, list(s.paragraphs), list(s.bullets)) for s in draft.sections
    ]
    if rng.random() < 0.5:
        sections[0].paragraphs[0] = draft.other_intro
    if rng.random() < 0.5:
        headings = text.groups["headings"]
        for section in sections:
            if section.heading is not None and section.kind not in ("about", "closing"):
                section.heading = _pick(rng, headings[section.kind])
    roll = rng.random()
    kinds = [s.kind for s in sections]
    if roll < 0.3 and "benefits" in kinds:
        benefits = sections.pop(kinds.index("benefits"))
        sections.insert(kinds.index("requirements"), benefits)
    elif roll < 0.5:
        sections.append(sections.pop(0))
    elif roll < 0.65 and "nice" in kinds:
        nice = sections.pop(kinds.index("nice"))
        sections[kinds.index("requirements")].bullets.extend(nice.bullets)
    responsibilities = next(s for s in sections if s.kind == "responsibilities")
    if rng.random() < 0.35 and len(responsibilities.bullets) > 3:
        responsibilities.bullets.pop(int(rng.random() * len(responsibilities.bullets)))
    closing = next((s for s in sections if s.kind == "closing"), None)
    if closing is None:
        closing = Section("closing", None, [], [])
        sections.append(closing)
    if closing.paragraphs and rng.random() < 0.4:
        closing.paragraphs.pop(0)
    else:
        closing.paragraphs.insert(0, _pick(rng, text.lists["extras"]))
    if not closing.paragraphs:
        sections.remove(closing)
    return DescriptionDraft(sections, draft.other_intro)


def render_html(rng: random.Random, draft: DescriptionDraft) -> str:
    """The description as the HTML a job board serves."""
    heading_format = _pick(rng, _HTML_HEADINGS)
    parts: list[str] = []
    for section in draft.sections:
        if section.heading:
            parts.append(heading_format.format(section.heading))
        for paragraph in section.paragraphs:
            parts.append(f"<p>{paragraph}</p>")
        if section.bullets:
            parts.append(f"<ul><li>{'</li><li>'.join(section.bullets)}</li></ul>")
    html = "".join(parts) if rng.random() < 0.6 else "\n".join(parts)
    # The templates hold no markup, so every "&" is text ("R&D"): escaping them here is
    # one pass over the result instead of one check per sentence.
    return html.replace("&", "&amp;") if "&" in html else html


def render_plain(rng: random.Random, draft: DescriptionDraft) -> str:
    """The description as plain text (headings on their own lines, bulleted lists)."""
    heading_format = _pick(rng, _PLAIN_HEADINGS)
    bullet = _pick(rng, _PLAIN_BULLETS)
    blocks: list[str] = []
    for section in draft.sections:
        lines: list[str] = []
        if section.heading:
            lines.append(heading_format.format(section.heading))
        if section.paragraphs:
            lines.append(" ".join(section.paragraphs))
        lines.extend(bullet + b for b in section.bullets)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
