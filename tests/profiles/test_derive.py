from __future__ import annotations

import json
from datetime import date

import pytest

from jobpilot.profiles.derive import (
    MAX_EVIDENCE,
    derive_facts,
    occupation_guesses,
    recency_order,
    select_evidence,
    seniority_for_years,
    sentence_spans,
)
from jobpilot.profiles.jsonresume import read_json_resume
from jobpilot.profiles.resume import (
    Certification,
    Education,
    Evidence,
    Experience,
    Language,
    ParsedResume,
    ProfileSkill,
    Project,
    Section,
)
from jobpilot.profiles.years import period_of
from jobpilot.taxonomy.index import TaxonomyIndex
from tests.support.taxonomy_index import builtin_index as in_memory_builtin_index

TODAY = date(2026, 6, 15)
PYTHON = "jp:skill:python"
JAVA = "jp:skill:java"
KUBERNETES = "jp:skill:kubernetes"
TERRAFORM = "jp:skill:terraform"
BACKEND = "jp:occupation:backend-developer"


@pytest.fixture(scope="module")
def index() -> TaxonomyIndex:
    """The shipped built-in taxonomy, indexed in memory (no database)."""
    return in_memory_builtin_index()


def engineer_resume() -> ParsedResume:
    return ParsedResume(
        headline="Backend engineer",
        summary="Backend engineer building payment systems. No Java, please.",
        experience=[
            Experience(
                title="Senior Backend Engineer",
                company="Acme GmbH",
                start="2021-01",
                current=True,
                bullets=[
                    "Designed event-driven services in Python.",
                    "Ran Kubernetes clusters on three clouds. Cut costs by 30%.",
                ],
            ),
            Experience(
                title="Software Engineer",
                company="Beta Ltd",
                start="2019-01",
                end="2021-06",
                bullets=["Built REST APIs in Python and Django without Java."],
                description="Payments team.",
            ),
            Experience(
                title="Sabbatical",
                start="2016-01",
                end="2016-12",
                bullets=["Travelled."],
            ),
        ],
        skills=["Python", "Terraform", "K8s"],
        sections=[
            Section(
                kind="skills", heading="Skills", text="- Languages: Python\n- Infra: Terraform, K8s"
            )
        ],
    )


def skill(facts_skills: list[ProfileSkill], concept_id: str) -> ProfileSkill:
    return next(s for s in facts_skills if s.concept_id == concept_id)


def test_a_skill_in_two_overlapping_jobs_counts_its_years_once(index: TaxonomyIndex) -> None:
    facts = derive_facts(engineer_resume(), index, today=TODAY)
    python = skill(facts.skills, PYTHON)
    # 2019-01 .. 2026-06 once, although the two jobs share 2021-01 .. 2021-06.
    assert python.years == 7.5
    assert [(e.section, e.entry, e.text) for e in python.evidence] == [
        ("experience", 0, "Designed event-driven services in Python."),
        ("experience", 1, "Built REST APIs in Python and Django without Java."),
        ("skills", None, "Languages: Python"),
    ]
    assert python.listed is True
    assert python.label == "Python"
    assert python.source == "builtin"
    assert python.category == "software"


def test_a_skill_only_in_the_skills_list(index: TaxonomyIndex) -> None:
    terraform = skill(derive_facts(engineer_resume(), index, today=TODAY).skills, TERRAFORM)
    assert terraform.years is None
    assert terraform.listed is True
    assert terraform.evidence == [Evidence(section="skills", text="Infra: Terraform, K8s")]


def test_a_listed_alias_joins_the_skill_found_in_experience(index: TaxonomyIndex) -> None:
    kubernetes = skill(derive_facts(engineer_resume(), index, today=TODAY).skills, KUBERNETES)
    assert kubernetes.listed is True
    assert kubernetes.years == 5.5
    assert [e.text for e in kubernetes.evidence] == [
        "Ran Kubernetes clusters on three clouds.",
        "Infra: Terraform, K8s",
    ]


def test_negated_skills_are_never_added(index: TaxonomyIndex) -> None:
    facts = derive_facts(engineer_resume(), index, today=TODAY)
    assert JAVA not in {s.concept_id for s in facts.skills}


def test_every_skill_has_evidence_from_the_resume(index: TaxonomyIndex) -> None:
    resume = engineer_resume()
    facts = derive_facts(resume, index, today=TODAY)
    written = resume.model_dump_json()
    assert facts.skills
    for profile_skill in facts.skills:
        assert 1 <= len(profile_skill.evidence) <= MAX_EVIDENCE
        for evidence in profile_skill.evidence:
            assert evidence.text in written


def test_skills_are_ordered_by_years_then_evidence_then_label(index: TaxonomyIndex) -> None:
    skills = derive_facts(engineer_resume(), index, today=TODAY).skills
    keys = [
        (-(s.years if s.years is not None else -1), -len(s.evidence), s.label.casefold())
        for s in skills
    ]
    assert keys == sorted(keys)
    assert skills[0].concept_id == PYTHON


def test_current_title_company_and_seniority_from_the_title(index: TaxonomyIndex) -> None:
    facts = derive_facts(engineer_resume(), index, today=TODAY)
    assert facts.current_title == "Senior Backend Engineer"
    assert facts.current_company == "Acme GmbH"
    assert facts.seniority == "senior"


def test_total_years_merge_overlaps_and_skip_gaps(index: TaxonomyIndex) -> None:
    facts = derive_facts(engineer_resume(), index, today=TODAY)
    # 2019-01 .. 2026-06 (90 months) and 2016 (12 months), with a gap in between.
    assert facts.total_years == 8.5


def test_occupations_of_distinct_titles_most_recent_first(index: TaxonomyIndex) -> None:
    resume = engineer_resume()
    resume.experience.append(
        Experience(title="Software Engineer II", start="2017-01", end="2018-12")
    )
    facts = derive_facts(resume, index, today=TODAY)
    guesses = [(g.title, g.concept_id, g.score) for g in facts.occupations]
    # "Software Engineer II" names the occupation already guessed; "Sabbatical" names none.
    assert guesses == [
        ("Senior Backend Engineer", BACKEND, 1.0),
        ("Software Engineer", "jp:occupation:software-engineer", 1.0),
    ]
    assert facts.occupations[0].label == "Backend Developer"


@pytest.mark.parametrize("title", ["Engineer", "Developer", "Analyst", "Sabbatical", "Freelancer"])
def test_vague_titles_name_no_occupation(index: TaxonomyIndex, title: str) -> None:
    assert occupation_guesses([title], index.normalise_title) == []


@pytest.mark.parametrize(
    ("title", "occupation"),
    [
        ("Registered Nurse", "jp:occupation:registered-nurse"),
        ("Staff Data Scientist", "jp:occupation:data-scientist"),
        ("Line Cook", "jp:occupation:cook"),
        ("Freelance Web Developer", "jp:occupation:web-developer"),
    ],
)
def test_clear_titles_name_their_occupation(
    index: TaxonomyIndex, title: str, occupation: str
) -> None:
    [guess] = occupation_guesses([title], index.normalise_title)
    assert guess.concept_id == occupation
    assert guess.title == title


def test_seniority_from_years_when_the_title_states_none(index: TaxonomyIndex) -> None:
    resume = ParsedResume(
        experience=[
            Experience(title="Backend Developer", start="2020-01", current=True),
            Experience(title="Web Developer", start="2018-01", end="2019-12"),
        ]
    )
    facts = derive_facts(resume, index, today=TODAY)
    assert facts.total_years == 8.5
    assert facts.seniority == "lead"


@pytest.mark.parametrize(
    ("years", "level"),
    [(0.0, "junior"), (1.9, "junior"), (2.0, "mid"), (4.9, "mid"), (5.0, "senior"), (8.0, "lead")],
)
def test_seniority_bands(years: float, level: str) -> None:
    assert seniority_for_years(years) == level


def test_without_dates_there_are_no_years_and_no_estimated_seniority(index: TaxonomyIndex) -> None:
    resume = ParsedResume(
        experience=[
            Experience(title="Backend Developer", company="Acme", bullets=["Wrote Python."])
        ]
    )
    facts = derive_facts(resume, index, today=TODAY)
    assert facts.total_years == 0.0
    assert facts.seniority is None
    assert facts.current_title == "Backend Developer"
    python = skill(facts.skills, PYTHON)
    assert python.years is None
    assert python.evidence == [Evidence(section="experience", entry=0, text="Wrote Python.")]


def test_the_current_entry_with_the_latest_start_is_the_current_role(
    index: TaxonomyIndex,
) -> None:
    resume = ParsedResume(
        experience=[
            Experience(title="Mentor", company="Code Club", start="2015-01", current=True),
            Experience(title="Data Engineer", company="Gamma", start="2022-04", end="2025-01"),
            Experience(title="Data Scientist", company="Delta", start="2023-02", current=True),
        ]
    )
    facts = derive_facts(resume, index, today=TODAY)
    assert (facts.current_title, facts.current_company) == ("Data Scientist", "Delta")


def test_without_a_current_entry_the_latest_end_is_the_current_role(
    index: TaxonomyIndex,
) -> None:
    resume = ParsedResume(
        experience=[
            Experience(title="Junior Accountant", company="Old", start="2010", end="2013"),
            Experience(title="Accountant", company="Newer", start="2014-02", end="2019-08"),
            Experience(title="Bookkeeper", company="Undated"),
        ]
    )
    facts = derive_facts(resume, index, today=TODAY)
    assert (facts.current_title, facts.current_company) == ("Accountant", "Newer")
    # "Accountant" states no seniority: 48 + 67 months of experience make it "lead".
    assert facts.total_years == 9.6
    assert facts.seniority == "lead"


def test_recency_order() -> None:
    experience = [
        Experience(title="a", start="2010", end="2012"),
        Experience(title="b"),
        Experience(title="c", start="2018-01", current=True),
        Experience(title="d", start="2015", end="2019"),
        Experience(title="e", start="2020-03", current=True),
    ]
    periods = [period_of(e.start, e.end, e.current, today=TODAY) for e in experience]
    assert recency_order(experience, periods) == [4, 2, 3, 0, 1]


def test_skills_from_every_part_of_the_resume(index: TaxonomyIndex) -> None:
    resume = ParsedResume(
        headline="Data engineer",
        summary="I build data pipelines.",
        projects=[Project(name="tinyqueue", description="A job queue on Redis.")],
        certifications=[Certification(name="Certified Kubernetes Administrator", issuer="CNCF")],
        education=[
            Education(degree="MSc", field="Computer Science", details=["Thesis on Apache Spark"])
        ],
        languages=[Language(language="German", level="C1")],
        sections=[Section(kind="languages", heading="Languages", text="German \u2013 C1")],
    )
    facts = derive_facts(resume, index, today=TODAY)
    found = {
        s.label: (s.evidence[0].section, s.evidence[0].entry, s.evidence[0].text)
        for s in facts.skills
    }
    assert found["Data pipelines"] == ("summary", None, "I build data pipelines.")
    assert found["Redis"] == ("projects", 0, "A job queue on Redis.")
    assert found["Certified Kubernetes Administrator"] == (
        "certifications",
        0,
        "Certified Kubernetes Administrator",
    )
    assert found["Apache Spark"] == ("education", 0, "Thesis on Apache Spark")
    assert found["German"] == ("languages", 0, "German \u2013 C1")
    assert all(not s.listed and s.years is None for s in facts.skills)


def test_identical_sentences_are_one_piece_of_evidence(index: TaxonomyIndex) -> None:
    resume = ParsedResume(
        experience=[
            Experience(
                title="Developer", start="2020-01", end="2020-12", bullets=["Wrote Python."]
            ),
            Experience(
                title="Developer", start="2018-01", end="2018-12", bullets=["Wrote  Python."]
            ),
        ]
    )
    python = skill(derive_facts(resume, index, today=TODAY).skills, PYTHON)
    assert python.evidence == [Evidence(section="experience", entry=0, text="Wrote Python.")]
    # The second job still counts for the years.
    assert python.years == 2.0


def test_evidence_is_capped_and_spread_over_entries(index: TaxonomyIndex) -> None:
    resume = ParsedResume(
        experience=[
            Experience(
                title="Developer",
                start="2020-01",
                end="2020-12",
                bullets=[f"Wrote Python tool number {n}." for n in range(8)],
            ),
            Experience(
                title="Developer",
                start="2018-01",
                end="2018-12",
                bullets=["Taught Python."],
            ),
        ],
        skills=["Python"],
    )
    python = skill(derive_facts(resume, index, today=TODAY).skills, PYTHON)
    assert len(python.evidence) == MAX_EVIDENCE
    assert [(e.section, e.entry) for e in python.evidence] == [
        ("experience", 0),
        ("experience", 0),
        ("experience", 0),
        ("experience", 1),
        ("skills", None),
    ]


def test_select_evidence_keeps_order_and_takes_one_of_each_group_first() -> None:
    evidence = [Evidence(section="experience", entry=0, text=f"a{n}") for n in range(4)]
    evidence += [
        Evidence(section="experience", entry=1, text="b"),
        Evidence(section="summary", text="c"),
    ]
    assert [e.text for e in select_evidence(evidence, 3)] == ["a0", "b", "c"]
    assert [e.text for e in select_evidence(evidence, 4)] == ["a0", "a1", "b", "c"]
    assert select_evidence(evidence[:2], 5) == evidence[:2]


def test_sentence_spans_keep_lines_apart_and_words_with_dots_whole() -> None:
    text = "Built APIs in Node.js. Used e.g. Redis!\nNext line"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Built APIs in Node.js.",
        "Used e.g. Redis!",
        "Next line",
    ]


def test_an_unknown_listed_item_adds_nothing(index: TaxonomyIndex) -> None:
    resume = ParsedResume(skills=["Quantum basket weaving"])
    assert derive_facts(resume, index, today=TODAY).skills == []


def test_a_listed_item_is_found_in_its_line_as_a_whole_element(index: TaxonomyIndex) -> None:
    resume = ParsedResume(
        skills=["Django", "Go"],
        sections=[
            Section(kind="skills", heading="Skills", text="Web: Django, Flask\nLanguages: Go, Rust")
        ],
    )
    skills = derive_facts(resume, index, today=TODAY).skills
    assert skill(skills, "jp:skill:go").evidence == [
        Evidence(section="skills", text="Languages: Go, Rust")
    ]


def test_a_json_resume_end_to_end(index: TaxonomyIndex) -> None:
    document = {
        "basics": {"name": "Ines", "label": "Senior Backend Engineer"},
        "work": [
            {
                "name": "Acme",
                "position": "Senior Backend Engineer",
                "startDate": "2022-01-10",
                "highlights": ["Moved billing to Kubernetes."],
            },
            {
                "name": "Beta",
                "position": "Backend Developer",
                "startDate": "2018-01",
                "endDate": "2022-03",
                "highlights": ["Python services for billing."],
            },
        ],
        "skills": [{"name": "Infrastructure", "keywords": ["Terraform", "Kubernetes"]}],
    }
    facts = derive_facts(read_json_resume(json.dumps(document)), index, today=TODAY)
    assert facts.total_years == 8.5
    assert facts.current_title == "Senior Backend Engineer"
    assert facts.seniority == "senior"
    assert [g.concept_id for g in facts.occupations] == [BACKEND]
    terraform = skill(facts.skills, TERRAFORM)
    assert terraform.evidence == [
        Evidence(section="skills", text="Infrastructure: Terraform, Kubernetes")
    ]
    assert skill(facts.skills, KUBERNETES).years == 4.5
