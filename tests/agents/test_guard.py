"""The truthfulness guard against a truthful copy of a master resume and a fabricating stub."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from jobpilot.agents.documents import (
    ClaimsReport,
    CoverLetter,
    TailoredCertification,
    TailoredEducation,
    TailoredExperience,
    TailoredProject,
    TailoredPublication,
    TailoredResume,
)
from jobpilot.agents.guard import (
    Confirmation,
    ExperienceSpan,
    FoundSkill,
    check_letter,
    check_resume,
    experience_span,
    normalise_date,
    normalise_organisation,
    normalise_title,
)
from jobpilot.profiles.resume import (
    Certification,
    Contact,
    Education,
    Experience,
    Language,
    ParsedResume,
    Project,
    Publication,
    Section,
)
from tests.support.resume_people import ELENA, KWAME, MARA, PRIYA, Person, truth_of
from tests.support.taxonomy_index import builtin_index

AS_OF = date(2024, 1, 31)

MASTER = ParsedResume(
    contact=Contact(name="Zoë Ångström"),
    headline="Backend Engineer",
    summary="Backend engineer building payment services in Python and PostgreSQL.",
    experience=[
        Experience(
            title="Senior Backend Engineer",
            company="Acme Payments GmbH",
            start="2021-03",
            current=True,
            bullets=[
                "Built payment APIs in Python and FastAPI.",
                "Scaled the PostgreSQL cluster to 4 TB.",
                "Introduced Kubernetes deployments with Helm.",
            ],
        ),
        Experience(
            title="Software Engineer",
            company="Müller & Söhne AG",
            start="2019-01",
            end="2021-02",
            bullets=[
                "Maintained Django services.",
                "Ran ledger design reviews with the finance team.",
            ],
        ),
    ],
    education=[
        Education(
            degree="BSc",
            field="Computer Science",
            institution="Technische Universität München",
            start="2015",
            end="2018",
        )
    ],
    skills=["Python", "PostgreSQL", "Docker", "Kubernetes"],
    certifications=[
        Certification(name="Certified Kubernetes Administrator", issuer="CNCF", date="2022-05")
    ],
    languages=[Language(language="German", level="C1"), Language(language="English")],
    projects=[Project(name="ledger-cli", description="A command-line ledger written in Python.")],
    sections=[
        Section(
            kind="experience",
            heading="Experience",
            text="Preparing for the Certified Kubernetes Application Developer exam.",
        ),
        Section(
            kind="certifications",
            heading="Certificates",
            text="Certified Kubernetes Administrator, CNCF (2022)\nScrum Master (PSM I), Scrum.org",
        ),
    ],
)


def find_skills(text: str) -> list[FoundSkill]:
    """The shipped taxonomy as the guard's skill finder: one FoundSkill per mention."""
    return [
        FoundSkill(mention.concept.id, mention.concept.label, surface, start, end)
        for mention in builtin_index().extract_skills(text)
        for (start, end), surface in zip(mention.spans, mention.surface, strict=True)
    ]


def truthful_resume() -> TailoredResume:
    """What an honest optimiser returns: the master reordered and reworded, nothing added."""
    return TailoredResume(
        headline="Backend engineer for payment platforms",
        summary="Backend engineer building payment services in Python and Postgres.",
        experience=[
            TailoredExperience(
                title="Sr. Backend Engineer",
                company="ACME Payments",
                start="2021-03",
                current=True,
                bullets=[
                    "Scaled the Postgres cluster to 4 TB.",
                    "Built payment APIs in Python and FastAPI.",
                ],
            ),
            TailoredExperience(
                title="software engineer",
                company="Muller & Sohne",
                start="Jan 2019",
                end="2021-02",
                bullets=["Maintained Django services."],
            ),
        ],
        education=[
            TailoredEducation(
                degree="B.Sc.",
                field="Computer Science",
                institution="TECHNISCHE UNIVERSITÄT MÜNCHEN",
                start="2015",
                end="2018",
            )
        ],
        skills=["Postgres", "kubernetes", "Python", "Docker"],
        certifications=[
            TailoredCertification(
                name="Certified Kubernetes Administrator", issuer="CNCF", date="2022-05"
            )
        ],
        languages=["German (C1)", "English"],
        projects=[
            TailoredProject(name="ledger-cli", description="A command-line ledger in Python.")
        ],
    )


def truthful_letter() -> CoverLetter:
    return CoverLetter(
        recipient="Globex Corporation",
        greeting="Dear hiring team,",
        paragraphs=[
            "I am applying for the Senior Backend Engineer role at Globex.",
            "At Acme Payments I built payment APIs in Python and scaled our Postgres cluster.",
            "Before that I maintained Django services at Müller & Söhne, after studying at "
            "Technische Universität München. With 5 years of experience, I am ready for Globex.",
        ],
        closing="Kind regards,",
        signature="Zoë Ångström",
    )


def fabricate(resume: TailoredResume, change: Callable[[TailoredResume], None]) -> TailoredResume:
    """The fabricating provider stub: a truthful answer with one fabrication injected."""
    fabricated = resume.model_copy(deep=True)
    change(fabricated)
    return fabricated


def blocking(report: ClaimsReport) -> list[tuple[str, str, str]]:
    return [(c.kind, c.value, c.where) for c in report.blocking]


def _add_skill(resume: TailoredResume) -> None:
    resume.skills.append("Rust")


def _add_skill_to_bullet(resume: TailoredResume) -> None:
    resume.experience[0].bullets.append("Rewrote the settlement engine in Rust.")


def _invent_employer(resume: TailoredResume) -> None:
    resume.experience[1].company = "Initech"


def _change_title(resume: TailoredResume) -> None:
    resume.experience[1].title = "Engineering Manager"


def _move_title(resume: TailoredResume) -> None:
    resume.experience[1].title = "Senior Backend Engineer"


def _shift_start(resume: TailoredResume) -> None:
    resume.experience[1].start = "2018-01"


def _shift_end(resume: TailoredResume) -> None:
    resume.experience[1].end = "2022-02"


def _claim_current(resume: TailoredResume) -> None:
    resume.experience[1].current = True


def _invent_degree(resume: TailoredResume) -> None:
    resume.education[0].degree = "MSc"


def _invent_institution(resume: TailoredResume) -> None:
    resume.education.append(
        TailoredEducation(degree="MSc", field="Data Science", institution="ETH Zürich")
    )


def _fake_certification(resume: TailoredResume) -> None:
    resume.certifications.append(
        TailoredCertification(name="AWS Certified Solutions Architect", issuer="Amazon")
    )


def _shift_certification_date(resume: TailoredResume) -> None:
    resume.certifications[0].date = "2020-05"


def _add_language(resume: TailoredResume) -> None:
    resume.languages.append("Japanese (fluent)")


def _inflate_years(resume: TailoredResume) -> None:
    resume.summary = "Backend engineer with 12+ years of experience."


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_add_skill, [("skill", "Rust", "skills[4]")]),
        (_add_skill_to_bullet, [("skill", "Rust", "experience[0].bullets[2]")]),
        (
            _invent_employer,
            # The job at Initech never existed, so neither did its title or dates.
            [
                ("employer", "Initech", "experience[1].company"),
                ("title", "software engineer", "experience[1].title"),
                ("date", "Jan 2019", "experience[1].start"),
                ("date", "2021-02", "experience[1].end"),
            ],
        ),
        (
            _change_title,
            [
                ("title", "Engineering Manager", "experience[1].title"),
                ("date", "Jan 2019", "experience[1].start"),
                ("date", "2021-02", "experience[1].end"),
            ],
        ),
        (
            _move_title,
            [
                ("title", "Senior Backend Engineer", "experience[1].title"),
                ("date", "Jan 2019", "experience[1].start"),
                ("date", "2021-02", "experience[1].end"),
            ],
        ),
        (_shift_start, [("date", "2018-01", "experience[1].start")]),
        (_shift_end, [("date", "2022-02", "experience[1].end")]),
        (_claim_current, [("date", "present", "experience[1].current")]),
        (
            _invent_degree,
            [
                ("degree", "MSc in Computer Science", "education[0].degree"),
                ("date", "2015", "education[0].start"),
                ("date", "2018", "education[0].end"),
            ],
        ),
        (
            _invent_institution,
            [
                ("institution", "ETH Zürich", "education[1].institution"),
                ("degree", "MSc in Data Science", "education[1].degree"),
            ],
        ),
        (
            _fake_certification,
            [("certification", "AWS Certified Solutions Architect", "certifications[1].name")],
        ),
        (_shift_certification_date, [("date", "2020-05", "certifications[0].date")]),
        (_add_language, [("skill", "Japanese", "languages[2]")]),
        (_inflate_years, [("date", "12+ years", "summary")]),
    ],
)
def test_each_fabrication_is_reported_untraceable_at_its_place(
    change: Callable[[TailoredResume], None], expected: list[tuple[str, str, str]]
) -> None:
    fabricated = fabricate(truthful_resume(), change)

    report = check_resume(fabricated, MASTER, find_skills=find_skills, as_of=AS_OF)

    assert blocking(report) == expected
    assert all(c.source is None and not c.confirmed for c in report.blocking)


def test_a_truthful_resume_has_no_blocking_claim_and_every_claim_has_its_source() -> None:
    report = check_resume(truthful_resume(), MASTER, find_skills=find_skills)

    assert report.blocking == []
    sources = {(c.kind, c.where): c.source for c in report.claims}
    acme = "Senior Backend Engineer at Acme Payments GmbH (2021-03 to present)"
    assert sources[("employer", "experience[0].company")] == acme
    assert sources[("title", "experience[0].title")] == acme
    assert sources[("date", "experience[0].current")] == acme
    assert sources[("employer", "experience[1].company")] == (
        "Software Engineer at Müller & Söhne AG (2019-01 to 2021-02)"
    )
    assert sources[("degree", "education[0].degree")] == (
        "BSc in Computer Science, Technische Universität München (2015 to 2018)"
    )
    # "Postgres" is the taxonomy's alias of PostgreSQL: traced to the master's sentence.
    assert sources[("skill", "skills[0]")] == "Scaled the PostgreSQL cluster to 4 TB."
    assert sources[("skill", "experience[0].bullets[0]")] == (
        "Scaled the PostgreSQL cluster to 4 TB."
    )
    assert sources[("certification", "certifications[0].name")] == (
        "Certified Kubernetes Administrator, CNCF"
    )
    assert sources[("skill", "languages[0]")] == "German C1"


def test_the_claims_of_a_truthful_resume_are_all_found() -> None:
    report = check_resume(truthful_resume(), MASTER, find_skills=find_skills)

    places = {(c.kind, c.value, c.where) for c in report.claims}
    assert {
        ("employer", "ACME Payments", "experience[0].company"),
        ("title", "Sr. Backend Engineer", "experience[0].title"),
        ("date", "2021-03", "experience[0].start"),
        ("date", "present", "experience[0].current"),
        ("date", "Jan 2019", "experience[1].start"),
        ("institution", "TECHNISCHE UNIVERSITÄT MÜNCHEN", "education[0].institution"),
        ("skill", "Postgres", "summary"),
        ("skill", "Python", "summary"),
        ("skill", "FastAPI", "experience[0].bullets[1]"),
        ("skill", "Django", "experience[1].bullets[0]"),
        ("skill", "Python", "projects[0].description"),
        ("skill", "kubernetes", "skills[1]"),
    } <= places


@pytest.mark.parametrize("person", [MARA, PRIYA, ELENA, KWAME], ids=lambda p: p.name)
def test_a_reordered_copy_of_a_real_master_resume_passes(person: Person) -> None:
    master = truth_of(person)
    copy = TailoredResume(
        headline=master.headline,
        summary=master.summary,
        experience=[
            TailoredExperience(
                title=e.title,
                company=e.company,
                start=e.start,
                end=e.end,
                current=e.current,
                bullets=list(reversed(e.bullets)),
            )
            for e in reversed(master.experience)
        ],
        education=[
            TailoredEducation(
                degree=e.degree, field=e.field, institution=e.institution, start=e.start, end=e.end
            )
            for e in master.education
        ],
        skills=list(reversed(master.skills)),
        certifications=[
            TailoredCertification(name=c.name, issuer=c.issuer, date=c.date)
            for c in master.certifications
        ],
        languages=[lang.language for lang in master.languages],
        projects=[
            TailoredProject(name=p.name, description=p.description, bullets=p.bullets)
            for p in master.projects
        ],
    )

    # Mara's summary claims nine years: June 2015 to June 2024 holds them.
    report = check_resume(copy, master, find_skills=find_skills, as_of=date(2024, 6, 1))

    assert report.blocking == []
    assert len(report.claims) > 20


def test_every_fabrication_at_once_is_listed() -> None:
    fabricated = truthful_resume()
    for change in (_add_skill, _add_skill_to_bullet, _invent_institution, _fake_certification):
        fabricated = fabricate(fabricated, change)

    report = check_resume(fabricated, MASTER, find_skills=find_skills)

    assert sorted(blocking(report)) == sorted(
        [
            ("skill", "Rust", "skills[4]"),
            ("skill", "Rust", "experience[0].bullets[2]"),
            ("institution", "ETH Zürich", "education[1].institution"),
            ("degree", "MSc in Data Science", "education[1].degree"),
            ("certification", "AWS Certified Solutions Architect", "certifications[1].name"),
        ]
    )


def test_confirmed_claims_stop_blocking_and_carry_the_candidates_evidence() -> None:
    fabricated = fabricate(fabricate(truthful_resume(), _add_skill), _add_skill_to_bullet)
    confirmations = [Confirmation("skill", "rust", "Open-source contributor to tokio since 2022")]

    report = check_resume(fabricated, MASTER, find_skills=find_skills, confirmed=confirmations)

    assert report.blocking == []
    rust = [c for c in report.claims if c.value == "Rust"]
    assert [c.where for c in rust] == ["skills[4]", "experience[0].bullets[2]"]
    assert all(c.confirmed and not c.traced for c in rust)
    assert {c.source for c in rust} == {
        "confirmed by the candidate: Open-source contributor to tokio since 2022"
    }


@pytest.mark.parametrize(
    "confirmation",
    [
        Confirmation("skill", "Rust", ""),
        Confirmation("skill", "Rust", "   "),
        Confirmation("employer", "Rust", "I promise"),
        Confirmation("skill", "Rusty", "I promise"),
    ],
)
def test_a_confirmation_without_evidence_or_of_another_claim_confirms_nothing(
    confirmation: Confirmation,
) -> None:
    fabricated = fabricate(truthful_resume(), _add_skill)

    report = check_resume(fabricated, MASTER, find_skills=find_skills, confirmed=[confirmation])

    assert blocking(report) == [("skill", "Rust", "skills[4]")]


def test_an_employer_is_confirmed_by_its_name_in_any_legal_form() -> None:
    fabricated = fabricate(truthful_resume(), _invent_employer)
    confirmations = [
        Confirmation("employer", "Initech, Inc.", "Contract work, see the attached reference"),
        Confirmation("title", "Software Engineer", "Contract title"),
        Confirmation("date", "2019-01", "Contract dates"),
        Confirmation("date", "Feb 2021", "Contract dates"),
    ]

    report = check_resume(fabricated, MASTER, find_skills=find_skills, confirmed=confirmations)

    assert report.blocking == []


def test_empty_documents_make_no_claims() -> None:
    assert check_resume(TailoredResume(), MASTER, find_skills=find_skills).claims == []
    letter = CoverLetter(recipient="", greeting="", paragraphs=[""], closing="", signature="")
    report = check_letter(
        letter, MASTER, find_skills=find_skills, company="Globex", role="Engineer", as_of=AS_OF
    )
    assert report.claims == []


def test_against_an_empty_master_everything_is_untraceable() -> None:
    report = check_resume(truthful_resume(), ParsedResume(), find_skills=find_skills)

    assert report.claims
    assert report.blocking == report.claims


def test_missing_employer_or_title_is_not_a_claim_and_the_rest_is_still_traced() -> None:
    resume = TailoredResume(
        experience=[
            TailoredExperience(title=None, company="Acme Payments", start="2021-03"),
            TailoredExperience(title="Software Engineer", company=None, end="2021-02"),
            TailoredExperience(title=None, company=None, start="2019-01"),
            TailoredExperience(title=None, company=None, start="2017-01"),
        ],
        education=[TailoredEducation(field="Computer Science"), TailoredEducation(degree="BSc")],
    )

    report = check_resume(resume, MASTER, find_skills=find_skills)

    assert [(c.kind, c.where, c.traced) for c in report.claims] == [
        ("employer", "experience[0].company", True),
        ("date", "experience[0].start", True),
        ("title", "experience[1].title", True),
        ("date", "experience[1].end", True),
        ("date", "experience[2].start", True),
        ("date", "experience[3].start", False),
        ("degree", "education[0].field", True),
        ("degree", "education[1].degree", True),
    ]


def test_a_coarser_date_is_traced_but_a_different_one_is_not() -> None:
    resume = TailoredResume(
        experience=[
            TailoredExperience(company="Acme Payments", start="2021", end="present"),
            TailoredExperience(company="Acme Payments", start="2021-04"),
            TailoredExperience(company="Acme Payments", start="03/2021"),
        ]
    )

    report = check_resume(resume, MASTER, find_skills=find_skills)

    dates = {c.where: c.traced for c in report.claims if c.kind == "date"}
    assert dates == {
        "experience[0].start": True,
        "experience[0].end": True,
        "experience[1].start": False,
        "experience[2].start": True,
    }


def test_a_skill_named_twice_in_one_place_is_one_claim() -> None:
    resume = TailoredResume(
        summary="PostgreSQL (Postgres) and Rust, Rust, Rust programming.",
        skills=["Python", "python"],
    )

    report = check_resume(resume, MASTER, find_skills=find_skills)

    assert [(c.value, c.where, c.traced) for c in report.claims] == [
        ("Python", "skills[0]", True),
        ("python", "skills[1]", True),
        ("PostgreSQL", "summary", True),
        ("Rust", "summary", False),
    ]


def test_a_skill_the_taxonomy_does_not_know_is_traced_by_the_masters_words() -> None:
    resume = TailoredResume(skills=["Ledger design", "Ledger sharding"])

    report = check_resume(resume, MASTER, find_skills=find_skills)

    assert [(c.value, c.traced, c.source) for c in report.claims] == [
        ("Ledger design", True, "Ran ledger design reviews with the finance team."),
        ("Ledger sharding", False, None),
    ]


def test_a_skill_list_entry_naming_several_skills_needs_them_all() -> None:
    resume = TailoredResume(skills=["Python / Django", "Python / Rust"])

    report = check_resume(resume, MASTER, find_skills=find_skills)

    assert [(c.value, c.traced) for c in report.claims] == [
        ("Python / Django", True),
        ("Python / Rust", False),
    ]


def test_a_certification_is_traced_by_its_listing_but_not_by_a_mention_in_prose() -> None:
    resume = TailoredResume(
        certifications=[
            TailoredCertification(name="Scrum Master (PSM I)", issuer="Scrum.org"),
            TailoredCertification(name="Scrum Master (PSM I)", issuer="Scrum Alliance"),
            TailoredCertification(name="Certified Kubernetes Application Developer"),
            TailoredCertification(name="certified kubernetes administrator", issuer="CNCF"),
        ]
    )

    report = check_resume(resume, MASTER, find_skills=find_skills)

    assert [(c.where, c.traced) for c in report.claims] == [
        ("certifications[0].name", True),
        ("certifications[1].name", False),
        ("certifications[2].name", False),
        ("certifications[3].name", True),
    ]
    assert report.claims[0].source == "Scrum Master (PSM I), Scrum.org"


def test_a_truthful_letter_has_no_blocking_claim() -> None:
    report = check_letter(
        truthful_letter(),
        MASTER,
        find_skills=find_skills,
        company="Globex Corporation",
        role="Senior Backend Engineer",
        as_of=AS_OF,
    )

    assert report.blocking == []
    assert [(c.kind, c.value, c.where) for c in report.claims if c.kind != "skill"] == [
        ("employer", "Acme Payments", "paragraphs[1]"),
        ("employer", "Müller & Söhne", "paragraphs[2]"),
        ("institution", "Technische Universität München", "paragraphs[2]"),
        ("date", "5 years", "paragraphs[2]"),
    ]
    years = next(c for c in report.claims if c.value == "5 years")
    assert years.source == "dated experience from 2019-01-01 to 2024-01-31 (5.1 years)"


def fabricate_letter(letter: CoverLetter, sentence: str) -> CoverLetter:
    """The fabricating provider stub for letters: one invented sentence appended."""
    return letter.model_copy(update={"paragraphs": [*letter.paragraphs, sentence]})


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "I bring 12 years of experience in backend work.",
            [("date", "12 years", "paragraphs[3]")],
        ),
        (
            "I sold Salesforce licences at Salesforce.",
            # A name that is also a skill is read as the skill, which the master lacks.
            [("skill", "Salesforce", "paragraphs[3]")],
        ),
        ("I bring twelve years of backend work.", [("date", "twelve years", "paragraphs[3]")]),
        # 5.1 years rounds to 5, not 6.
        ("I bring 6+ years of backend work.", [("date", "6+ years", "paragraphs[3]")]),
        (
            "Earlier I led a platform team at Initech.",
            [("employer", "Initech", "paragraphs[3]")],
        ),
        (
            "I also worked for Hooli and Acme Payments.",
            [("employer", "Hooli", "paragraphs[3]")],
        ),
        (
            "Bei Initech AG habe ich das Team geleitet.",
            [("employer", "Initech AG", "paragraphs[3]")],
        ),
        ("I wrote services in Rust programming.", [("skill", "Rust programming", "paragraphs[3]")]),
    ],
)
def test_each_letter_fabrication_is_reported_untraceable(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    report = check_letter(
        fabricate_letter(truthful_letter(), sentence),
        MASTER,
        find_skills=find_skills,
        company="Globex",
        role="Senior Backend Engineer",
        as_of=AS_OF,
    )

    assert blocking(report) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "In 5+ years at Acme Payments and Müller & Söhne I learned a lot.",
        "I worked with Python and Kubernetes for the Backend Engineer position.",
        "Ich freue mich auf ein Gespräch bei Ihnen und mit dem Team der Globex GmbH.",
        "In the next 10 years I want to grow with Globex.",
        "I joined ACME PAYMENTS GMBH three years ago.",
    ],
)
def test_letter_phrases_that_claim_nothing_false_do_not_block(sentence: str) -> None:
    report = check_letter(
        fabricate_letter(truthful_letter(), sentence),
        MASTER,
        find_skills=find_skills,
        company="Globex",
        role="Backend Engineer",
        as_of=AS_OF,
    )

    assert report.blocking == []


def test_the_letter_subject_is_checked_too() -> None:
    letter = truthful_letter().model_copy(
        update={"subject": "Backend engineer with 12 years of experience at Initech"}
    )

    report = check_letter(
        letter, MASTER, find_skills=find_skills, company="Globex", role="Engineer", as_of=AS_OF
    )

    assert blocking(report) == [
        ("employer", "Initech", "subject"),
        ("date", "12 years", "subject"),
    ]


def test_a_letter_years_claim_is_confirmed_with_evidence() -> None:
    letter = fabricate_letter(truthful_letter(), "I bring 12 years of experience.")
    confirmations = [Confirmation("date", "12 Years", "Freelance work since 2012, not listed")]

    report = check_letter(
        letter,
        MASTER,
        find_skills=find_skills,
        company="Globex",
        role="Backend Engineer",
        confirmed=confirmations,
        as_of=AS_OF,
    )

    assert report.blocking == []
    claim = next(c for c in report.claims if c.value == "12 years")
    assert claim.confirmed
    assert claim.source == "confirmed by the candidate: Freelance work since 2012, not listed"


def test_years_claims_against_a_master_without_dates_are_untraceable() -> None:
    letter = fabricate_letter(truthful_letter(), "I have 1 year of experience.")
    master = MASTER.model_copy(
        update={"experience": [Experience(title="Software Engineer", company="Acme Payments")]}
    )

    report = check_letter(
        letter, master, find_skills=find_skills, company="Globex", role="Engineer", as_of=AS_OF
    )

    assert ("date", "1 year", "paragraphs[3]") in blocking(report)
    assert ("date", "5 years", "paragraphs[2]") in blocking(report)


def test_the_experience_span_runs_from_the_first_start_to_the_last_end() -> None:
    # 2019-01-01 to 2024-01-31 is 1856 days.
    assert experience_span(MASTER, as_of=AS_OF) == ExperienceSpan(
        date(2019, 1, 1), date(2024, 1, 31)
    )
    assert experience_span(MASTER, as_of=AS_OF).years == pytest.approx(1856 / 365.25)
    finished = ParsedResume(
        experience=[
            Experience(start="2016", end="2018-02"),
            Experience(start="2019-06", end="2020"),
            Experience(start="garbage"),
        ]
    )
    assert experience_span(finished, as_of=AS_OF) == ExperienceSpan(
        date(2016, 1, 1), date(2020, 12, 31)
    )
    assert experience_span(ParsedResume(), as_of=AS_OF).years == 0.0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme, Inc.", "acme"),
        ("ACME INC", "acme"),
        ("The Coca-Cola Company", "coca cola"),
        ("Müller & Söhne GmbH & Co. KG", "muller and sohne"),
        ("MÜLLER UND SÖHNE", "muller und sohne"),
        ("Straße AG", "strasse"),
        ("Co", "co"),
    ],
)
def test_organisation_names_lose_case_accents_punctuation_and_legal_form(
    name: str, expected: str
) -> None:
    assert normalise_organisation(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", "2019"),
        ("2019-3", "2019-03"),
        ("2019/03/07", "2019-03-07"),
        ("03/2019", "2019-03"),
        ("Mar 2019", "2019-03"),
        ("March, 2019", "2019-03"),
        ("Present", "present"),
        ("Summer 2017", "summer 2017"),
    ],
)
def test_dates_are_read_as_partial_iso_strings(text: str, expected: str) -> None:
    assert normalise_date(text) == expected


def test_titles_are_compared_without_case_punctuation_or_abbreviations() -> None:
    assert normalise_title("Sr. Backend-Engineer") == normalise_title("senior backend engineer")
    assert normalise_title("Lead Engineer") != normalise_title("Engineer")


def test_a_skill_is_confirmed_by_its_taxonomy_label_whatever_words_the_document_uses() -> None:
    letter = fabricate_letter(truthful_letter(), "I wrote services in Rust programming.")
    confirmations = [Confirmation("skill", "Rust", "Maintainer of a Rust crate")]

    report = check_letter(
        letter,
        MASTER,
        find_skills=find_skills,
        company="Globex",
        role="Backend Engineer",
        confirmed=confirmations,
        as_of=AS_OF,
    )

    assert report.blocking == []
    assert [c.value for c in report.claims if c.confirmed] == ["Rust programming"]


def test_a_skill_label_never_reaches_across_two_bullets() -> None:
    resume = TailoredResume(
        experience=[
            TailoredExperience(bullets=["Repaired the coffee machine", "Learning Python daily"])
        ]
    )

    report = check_resume(resume, MASTER, find_skills=find_skills)

    assert [(c.value, c.where) for c in report.claims] == [("Python", "experience[0].bullets[1]")]
    assert find_skills("machine learning")[0].label == "Machine learning"


def test_a_letter_naming_the_company_or_quoting_the_resume_claims_nothing_new() -> None:
    master = ParsedResume(
        experience=[
            Experience(
                title="Platform Engineer",
                company="Fernleaf GmbH",
                start="2019-01",
                current=True,
                bullets=["Cut hosting costs with Terraform-managed AWS accounts for 40 teams."],
            )
        ],
        skills=["Terraform", "AWS"],
    )
    letter = CoverLetter(
        recipient="Hiring team, Harbour Freight Logistics",
        greeting="Hello,",
        paragraphs=[
            "I would love to join Harbour Freight Logistics as a Platform Engineer.",
            "At Fernleaf GmbH: Cut hosting costs with Terraform-managed AWS accounts for 40 teams.",
        ],
        closing="Best regards,",
        signature="Jordan",
    )
    report = check_letter(
        letter,
        master,
        find_skills=find_skills,
        company="Harbour Freight Logistics",
        role="Platform Engineer",
        as_of=date(2026, 11, 1),
    )
    assert report.blocking == []


def test_a_publication_must_be_one_of_the_master_resume() -> None:
    master = ParsedResume(
        publications=[Publication(title="Boring pipelines", venue="PyCon DE", date="2023-04")]
    )
    output = TailoredResume(
        publications=[
            TailoredPublication(title="boring  pipelines", venue="PyCon DE", date="2023-04"),
            TailoredPublication(title="Scaling Kafka to the moon", date="2024"),
            TailoredPublication(title="Boring pipelines", date="2021"),
        ]
    )
    report = check_resume(output, master, find_skills=find_skills, as_of=date(2026, 1, 1))
    assert [(c.kind, c.value, c.where) for c in report.blocking] == [
        ("publication", "Scaling Kafka to the moon", "publications[1].title"),
        ("date", "2024", "publications[1].date"),
        ("date", "2021", "publications[2].date"),
    ]
