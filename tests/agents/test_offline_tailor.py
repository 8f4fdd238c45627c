from __future__ import annotations

import re

import pytest

from jobpilot.agents.documents import (
    AgentInputs,
    Intensity,
    JobSkillView,
    JobView,
    MatchedSkillView,
    TailoredResume,
)
from jobpilot.agents.offline.brief import names_term
from jobpilot.agents.offline.tailor import (
    align_terms,
    focus_skills,
    foreground_skill,
    tailor_resume,
)
from jobpilot.profiles.resume import Experience, ParsedResume
from tests.agents.copilot_inputs import (
    HEADLINE,
    INJECTION,
    KONTOR_SURVEYS,
    KONTOR_WIKI,
    LUMEN_API,
    LUMEN_INFRA,
    LUMEN_KAFKA,
    LUMEN_MENTORING,
    PARCELWISE_CI,
    PARCELWISE_HOSTING,
    PARCELWISE_PRICING,
    PARCELWISE_QUALITY,
    PGWATCH,
    STATISTA_REPORTS,
    STATISTA_TOOLS,
    SUMMARY,
    backend_match,
    copilot_inputs,
    data_job,
    data_match,
    injected_job,
    injected_match,
    seeker_resume,
)

INTENSITIES: list[Intensity] = ["light", "medium", "strong"]
PUBLICATION = "Boring pipelines: running event streaming at a mid-size carrier"
POSTGRES_API = LUMEN_API.replace("PostgreSQL", "Postgres")
POSTGRES_PRICING = PARCELWISE_PRICING.replace("PostgreSQL", "Postgres")
HOSTING_FOREGROUNDED = (
    "Using Terraform to right-size the AWS estate, cut the monthly hosting bill by 30 %."
)


def posting_aliases(inputs: AgentInputs) -> dict[str, str]:
    """The posting's words for skills the master resume shows, each with the resume's word."""
    match = inputs.match
    assert match is not None
    return {
        job_term.casefold(): term
        for skill in match.matched
        for term in skill.candidate_terms
        for job_term in skill.job_terms
    }


def assert_nothing_invented(output: TailoredResume, inputs: AgentInputs) -> None:
    """Every employer, title, date, degree, institution, certification, language and contact
    detail of ``output`` is the master resume's; every skill, or the resume word it is the
    posting's word for, is listed or written in the master resume; every bullet word is in
    the master resume or a posting word standing for a master word."""
    master = inputs.resume
    roles = {(e.title, e.company, e.location, e.start, e.end, e.current) for e in master.experience}
    for entry in output.experience:
        key = (entry.title, entry.company, entry.location, entry.start, entry.end, entry.current)
        assert key in roles
    schools = {(e.degree, e.field, e.institution, e.start, e.end) for e in master.education}
    assert {(e.degree, e.field, e.institution, e.start, e.end) for e in output.education} <= (
        schools
    )
    assert [(c.name, c.issuer, c.date) for c in output.certifications] == [
        (c.name, c.issuer, c.date) for c in master.certifications
    ]
    assert output.languages == [f"{lang.language} ({lang.level})" for lang in master.languages]
    assert (output.name, output.email, output.phone, output.location) == (
        master.contact.name,
        master.contact.email,
        master.contact.phone,
        master.contact.location,
    )
    aliases = posting_aliases(inputs)
    listed = {s.casefold() for s in master.skills}
    text = " ".join(
        [master.headline or "", master.summary or ""]
        + [b for e in master.experience for b in e.bullets]
        + [b for p in master.projects for b in p.bullets]
    )
    for listed_skill in output.skills:
        original = aliases.get(listed_skill.casefold(), listed_skill).casefold()
        assert original in listed or original in text.casefold(), listed_skill
    master_words = set(re.findall(r"\w+", text.casefold()))
    alias_words = set(re.findall(r"\w+", " ".join(aliases).casefold()))
    for bullet in [b for e in output.experience for b in e.bullets]:
        words = set(re.findall(r"\w+", bullet.casefold()))
        assert words <= master_words | alias_words, bullet


def role(output: TailoredResume, company: str) -> list[str]:
    return next(e.bullets for e in output.experience if e.company == company)


@pytest.mark.parametrize("intensity", INTENSITIES)
def test_nothing_is_invented_at_any_intensity(intensity: Intensity) -> None:
    for inputs in (
        copilot_inputs(intensity=intensity),
        copilot_inputs(data_job(), data_match(), intensity=intensity),
        copilot_inputs(injected_job(), injected_match(), intensity=intensity),
    ):
        assert_nothing_invented(tailor_resume(inputs), inputs)


def test_light_keeps_everything_and_the_role_order_and_orders_bullets_by_relevance() -> None:
    output = tailor_resume(copilot_inputs(intensity="light"))

    assert [e.company for e in output.experience] == [
        "Lumen Freight GmbH",
        "Parcelwise",
        "Statista Labs",
        "Kontor Analytics",
    ]
    # Relevance: Docker 2 + Kubernetes 2 + Terraform 1 = 5, Python 2 + PostgreSQL 2 = 4,
    # Kafka 1, nothing 0.
    assert role(output, "Lumen Freight GmbH") == [
        LUMEN_INFRA,
        POSTGRES_API,
        LUMEN_KAFKA,
        LUMEN_MENTORING,
    ]
    assert role(output, "Parcelwise") == [
        POSTGRES_PRICING,
        PARCELWISE_HOSTING,
        PARCELWISE_QUALITY,
        PARCELWISE_CI,
    ]
    assert role(output, "Statista Labs") == [STATISTA_REPORTS, STATISTA_TOOLS]
    assert role(output, "Kontor Analytics") == [KONTOR_SURVEYS, KONTOR_WIKI]
    assert output.headline == HEADLINE.replace("PostgreSQL", "Postgres")
    assert output.summary == SUMMARY
    assert [p.name for p in output.projects] == ["pgwatch-lite", "allotment-planner"]
    assert [p.title for p in output.publications] == [PUBLICATION]
    assert [e.details for e in output.education] == [e.details for e in seeker_resume().education]
    assert output.removed == []


def test_posting_terms_replace_resume_terms_only_for_matched_skills() -> None:
    output = tailor_resume(copilot_inputs(intensity="light"))

    assert output.projects[0].bullets == [PGWATCH.replace("PostgreSQL", "Postgres")]
    # Apache Kafka already shows the posting's "Kafka"; AWS is not a skill the job asks for.
    assert LUMEN_KAFKA in role(output, "Lumen Freight GmbH")
    assert "AWS" in output.skills
    assert output.skills[:6] == [
        "Python",
        "Postgres",
        "Kubernetes",
        "Docker",
        "Terraform",
        "Apache Kafka",
    ]
    assert "PostgreSQL" not in output.skills


def test_medium_extends_headline_and_summary_with_the_top_matched_skills() -> None:
    output = tailor_resume(copilot_inputs(intensity="medium"))

    assert output.headline == "Senior Backend Engineer \u00b7 Python, Postgres, Kubernetes"
    assert output.summary == (
        f"{SUMMARY} Hands-on experience with Python (10 years), Postgres (8 years) and "
        "Kubernetes (5 years)."
    )
    assert output.removed[0] == f"Replaced headline: {HEADLINE}"


def test_medium_drops_irrelevant_bullets_beyond_three_and_collapses_old_roles() -> None:
    output = tailor_resume(copilot_inputs(intensity="medium"))

    assert role(output, "Lumen Freight GmbH") == [LUMEN_INFRA, POSTGRES_API, LUMEN_KAFKA]
    assert role(output, "Parcelwise") == [
        POSTGRES_PRICING,
        HOSTING_FOREGROUNDED,
        PARCELWISE_QUALITY,
    ]
    assert role(output, "Statista Labs") == [STATISTA_REPORTS, STATISTA_TOOLS]
    kontor = output.experience[3]
    assert (kontor.title, kontor.company, kontor.start, kontor.end, kontor.bullets) == (
        "Working Student, Data Team",
        "Kontor Analytics",
        "2012-10",
        "2014-09",
        [],
    )
    assert output.removed == [
        f"Replaced headline: {HEADLINE}",
        f"Dropped bullet from Lumen Freight GmbH (Senior Backend Engineer): {LUMEN_MENTORING}",
        f"Dropped bullet from Parcelwise (Backend Engineer): {PARCELWISE_CI}",
        f"Dropped bullet from Kontor Analytics (Working Student, Data Team): {KONTOR_SURVEYS}",
        f"Dropped bullet from Kontor Analytics (Working Student, Data Team): {KONTOR_WIKI}",
    ]
    assert [p.title for p in output.publications] == [PUBLICATION]
    assert len(output.skills) == 18


def test_strong_keeps_only_what_supports_the_job() -> None:
    output = tailor_resume(copilot_inputs(intensity="strong"))

    assert [e.company for e in output.experience] == [
        "Lumen Freight GmbH",
        "Parcelwise",
        "Statista Labs",
    ]
    assert role(output, "Lumen Freight GmbH") == [LUMEN_INFRA, POSTGRES_API, LUMEN_KAFKA]
    assert role(output, "Parcelwise") == [POSTGRES_PRICING, HOSTING_FOREGROUNDED]
    assert role(output, "Statista Labs") == [STATISTA_REPORTS]
    assert [p.name for p in output.projects] == ["pgwatch-lite"]
    assert output.skills == [
        "Python",
        "Postgres",
        "Kubernetes",
        "Docker",
        "Terraform",
        "Apache Kafka",
        "SQL",
        "JavaScript",
        "Go",
        "FastAPI",
        "Django",
        "Flask",
        "pandas",
        "Redis",
        "AWS",
    ]
    assert output.removed == [
        f"Replaced headline: {HEADLINE}",
        f"Dropped bullet from Lumen Freight GmbH (Senior Backend Engineer): {LUMEN_MENTORING}",
        f"Dropped bullet from Parcelwise (Backend Engineer): {PARCELWISE_QUALITY}",
        f"Dropped bullet from Parcelwise (Backend Engineer): {PARCELWISE_CI}",
        f"Dropped bullet from Statista Labs (Software Developer): {STATISTA_TOOLS}",
        "Dropped role: Working Student, Data Team at Kontor Analytics (2012-10\u20132014-09)",
        "Dropped project: allotment-planner",
        f"Dropped publication: {PUBLICATION}",
        "Dropped skill: code review",
        "Dropped skill: mentoring",
        "Dropped skill: test automation",
        "Left out the details of BSc: Thesis on graph colouring heuristics.",
    ]
    assert output.publications == []
    assert all(e.details == [] for e in output.education)


def test_strong_keeps_the_first_bullet_of_a_recent_role_that_shows_nothing() -> None:
    job = data_job().model_copy(
        update={
            "skills": [
                JobSkillView(
                    concept_id="jp:skill:kubernetes", label="Kubernetes", terms=["Kubernetes"]
                )
            ],
            "language": "en",
        }
    )
    output = tailor_resume(copilot_inputs(job, intensity="strong"))

    assert [(e.company, e.bullets) for e in output.experience] == [
        ("Lumen Freight GmbH", [LUMEN_INFRA]),
        ("Parcelwise", [PARCELWISE_PRICING]),
        ("Statista Labs", [STATISTA_TOOLS]),
    ]


def full_stack_job() -> JobView:
    """A job the seeker's third role fits best: Flask and JavaScript required, Python
    optional."""
    return data_job().model_copy(
        update={
            "title": "Full-Stack Developer",
            "language": "en",
            "skills": [
                JobSkillView(
                    concept_id="jp:skill:flask", label="Flask", required=True, terms=["Flask"]
                ),
                JobSkillView(
                    concept_id="jp:skill:javascript",
                    label="JavaScript",
                    required=True,
                    terms=["JS"],
                ),
                JobSkillView(
                    concept_id="jp:skill:python", label="Python", required=False, terms=["Python"]
                ),
            ],
        }
    )


def test_medium_puts_the_most_relevant_roles_after_the_most_recent_one() -> None:
    light = tailor_resume(copilot_inputs(full_stack_job(), intensity="light"))
    medium = tailor_resume(copilot_inputs(full_stack_job(), intensity="medium"))

    # Weights without a match, from the profile: Statista Flask 2 + JavaScript 2 + Python 1,
    # Parcelwise Python 1, Kontor nothing; the current role stays first.
    assert [e.company for e in light.experience] == [
        "Lumen Freight GmbH",
        "Parcelwise",
        "Statista Labs",
        "Kontor Analytics",
    ]
    assert [e.company for e in medium.experience] == [
        "Lumen Freight GmbH",
        "Statista Labs",
        "Parcelwise",
        "Kontor Analytics",
    ]
    assert role(medium, "Statista Labs") == [
        "Developed internal web tools with Flask and JS.",
        STATISTA_REPORTS,
    ]
    assert medium.headline == "Senior Backend Engineer \u00b7 Flask, JS, Python"
    assert medium.summary == (
        f"{SUMMARY} Hands-on experience with Flask (3 years), JS (3 years) and Python (10 years)."
    )
    assert medium.skills[:3] == ["Flask", "JS", "Python"]


def test_without_a_match_the_profile_skills_the_job_asks_for_are_used() -> None:
    inputs = copilot_inputs(data_job(), None, intensity="medium")

    assert [s.concept_id for s in focus_skills(inputs)] == [
        "jp:skill:python",
        "jp:skill:sql",
        "jp:skill:pandas",
        "jp:skill:data-quality",
    ]


def test_posting_terms_in_another_language_are_not_forced_into_the_resume() -> None:
    output = tailor_resume(copilot_inputs(data_job(), data_match(), intensity="medium"))

    assert PARCELWISE_QUALITY in role(output, "Parcelwise")
    assert output.headline == "Senior Backend Engineer \u00b7 Python, SQL, pandas"
    assert "Datenqualität" not in output.model_dump_json()


def test_without_now_ages_count_from_the_latest_date_in_the_resume() -> None:
    output = tailor_resume(copilot_inputs(intensity="medium", now=None))

    # The latest date is March 2021, so Kontor (ended September 2014) is not ten years old.
    assert role(output, "Kontor Analytics") == [KONTOR_SURVEYS, KONTOR_WIKI]


def test_a_resume_without_headline_uses_the_current_title() -> None:
    resume = seeker_resume().model_copy(update={"headline": None})

    light = tailor_resume(copilot_inputs(resume=resume, intensity="light"))
    strong = tailor_resume(copilot_inputs(resume=resume, intensity="strong"))
    assert light.headline == "Senior Backend Engineer"
    assert strong.headline == "Senior Backend Engineer \u00b7 Python, Postgres, Kubernetes"
    assert not any(note.startswith("Replaced headline") for note in strong.removed)


def test_a_role_description_is_kept_as_bullets() -> None:
    resume = ParsedResume(
        experience=[
            Experience(
                title="Backend Engineer",
                company="Quay Systems",
                start="2020",
                current=True,
                description="Ran the Python monolith. Moved it to PostgreSQL 15.",
            )
        ]
    )
    output = tailor_resume(copilot_inputs(resume=resume, intensity="light"))

    assert output.experience[0].bullets == [
        "Ran the Python monolith.",
        "Moved it to Postgres 15.",
    ]


@pytest.mark.parametrize("intensity", INTENSITIES)
def test_injected_instructions_do_not_add_rust(intensity: Intensity) -> None:
    output = tailor_resume(copilot_inputs(injected_job(), injected_match(), intensity=intensity))

    assert not names_term(output.model_dump_json(), "Rust")


def test_a_doctored_match_cannot_add_a_skill_the_resume_lacks() -> None:
    match = backend_match()
    rust = MatchedSkillView(
        concept_id="jp:skill:rust",
        label="Rust",
        required=True,
        candidate_evidence=[INJECTION],
        candidate_terms=["Rust"],
        job_terms=["Rust"],
        years=12,
    )
    doctored = match.model_copy(update={"matched": [rust, *match.matched]})
    inputs = copilot_inputs(injected_job(), doctored, intensity="strong")

    assert "jp:skill:rust" not in [s.concept_id for s in focus_skills(inputs)]
    assert not names_term(tailor_resume(inputs).model_dump_json(), "Rust")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A trailing "using …" clause with a matched skill moves to the front.
        (PARCELWISE_HOSTING, HOSTING_FOREGROUNDED),
        # The main clause already names a matched skill: nothing moves.
        (
            "Built the Python API, using Terraform for its infrastructure.",
            "Built the Python API, using Terraform for its infrastructure.",
        ),
        # The trailing clause names none: nothing moves.
        ("Cut costs by 30 %, using spot instances.", "Cut costs by 30 %, using spot instances."),
        # Two sentences: nothing moves.
        (
            "Cut costs. Then rebuilt billing, using Terraform.",
            "Cut costs. Then rebuilt billing, using Terraform.",
        ),
        # A leading name keeps its capital.
        (
            "AWS costs fell by 30 %, using Terraform.",
            "Using Terraform, AWS costs fell by 30 %.",
        ),
    ],
)
def test_a_trailing_skill_clause_is_moved_forward_only_when_safe(text: str, expected: str) -> None:
    skills = focus_skills(copilot_inputs())

    assert foreground_skill(text, skills) == expected


def test_aligning_terms_leaves_places_that_already_show_the_posting_word() -> None:
    skills = focus_skills(copilot_inputs())

    assert align_terms("PostgreSQL and Apache Kafka and Kafka", skills) == (
        "Postgres and Apache Kafka and Kafka"
    )
    assert align_terms("postgresql-backed, PostgreSQLish", skills) == (
        "Postgres-backed, PostgreSQLish"
    )


@pytest.mark.parametrize("intensity", INTENSITIES)
def test_the_same_inputs_tailor_the_same_way(intensity: Intensity) -> None:
    inputs = copilot_inputs(intensity=intensity)

    assert tailor_resume(inputs) == tailor_resume(inputs)
