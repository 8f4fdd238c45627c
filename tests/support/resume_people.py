"""The people of the test resumes, and the truth a parser should find in each resume.

Four fictional people (written for these tests; any likeness is accidental) each carry their
resume twice: as written (dates like "Jan 2019 – Present", headings like "Work History") and
as the :class:`ParsedResume` a perfect parser would return ("2019-01", ``current=True``). The
truth leaves ``sections`` empty: how a file splits into sections depends on its layout.

:func:`blocks_of` gives a person's sections as written, in their order, layout aside: the
renderers of :mod:`tests.support.resume_render` lay these blocks out on the page.
"""

# The resumes are written with the dashes people really type (en and em dashes).
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from jobpilot.profiles.resume import (
    Certification,
    Contact,
    Education,
    Experience,
    Language,
    Link,
    LinkKind,
    ParsedResume,
    Project,
    Publication,
)


@dataclass(frozen=True, slots=True)
class WebLink:
    label: str
    kind: LinkKind
    url: str


@dataclass(frozen=True, slots=True)
class Job:
    title: str
    company: str
    location: str | None
    dates: str | None
    start: str | None
    end: str | None
    current: bool
    bullets: tuple[str, ...]
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Study:
    degree: str
    field: str
    institution: str
    location: str | None
    dates: str | None
    start: str | None
    end: str | None
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Credential:
    name: str
    issuer: str | None
    date_text: str | None
    date: str | None


@dataclass(frozen=True, slots=True)
class Spoken:
    language: str
    level: str


@dataclass(frozen=True, slots=True)
class SideProject:
    name: str
    url: str | None
    description: str | None
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Paper:
    title: str
    venue: str
    date_text: str
    date: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SkillGroup:
    label: str | None
    skills: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Headings:
    summary: str
    experience: str
    education: str
    skills: str
    certifications: str
    languages: str
    projects: str
    publications: str


EntryStyle = Literal["title_dash_company", "company_pipe_title", "title_comma_company"]
BlockKind = Literal[
    "summary",
    "experience",
    "education",
    "skills",
    "certifications",
    "languages",
    "projects",
    "publications",
]
_DEFAULT_ORDER: tuple[BlockKind, ...] = (
    "summary",
    "experience",
    "education",
    "skills",
    "certifications",
    "languages",
    "projects",
    "publications",
)


@dataclass(frozen=True, slots=True)
class Person:
    """A resume as its owner wrote it, with the parsed form of every date alongside
    (``json_location_text``: the place of the JSON Resume rendering, as the mapper gives it)."""

    name: str
    headline: str
    email: str
    phone: str
    location: str
    json_location: dict[str, str]
    json_location_text: str
    links: tuple[WebLink, ...]
    summary: str
    headings: Headings
    jobs: tuple[Job, ...]
    studies: tuple[Study, ...]
    skills: tuple[SkillGroup, ...]
    certifications: tuple[Credential, ...]
    languages: tuple[Spoken, ...]
    projects: tuple[SideProject, ...]
    publications: tuple[Paper, ...]
    entry_style: EntryStyle
    skills_as_bullets: bool
    language_separator: str
    text_bullet: str
    underlined_headings: bool
    order: tuple[BlockKind, ...] = _DEFAULT_ORDER


MARA = Person(
    name="Mara Lindqvist",
    headline="Senior Backend Engineer",
    email="mara.lindqvist@example.com",
    phone="+49 30 5550 1234",
    location="Berlin, Germany",
    json_location={"city": "Berlin", "region": "Berlin", "countryCode": "DE"},
    json_location_text="Berlin, Germany",
    links=(
        WebLink("LinkedIn", "linkedin", "https://www.linkedin.com/in/mara-lindqvist"),
        WebLink("GitHub", "github", "https://github.com/maralindqvist"),
        WebLink("Portfolio", "portfolio", "https://maralindqvist.dev"),
    ),
    summary=(
        "Backend engineer with nine years of experience building event-driven logistics "
        "platforms in Go and Python. I care about reliable data pipelines, observability and "
        "mentoring."
    ),
    headings=Headings(
        summary="Profile",
        experience="Professional Experience",
        education="Education",
        skills="Technical Skills",
        certifications="Certifications",
        languages="Languages",
        projects="Projects",
        publications="Publications",
    ),
    jobs=(
        Job(
            title="Senior Backend Engineer",
            company="Northwind Logistics",
            location="Berlin, Germany",
            dates="Jan 2019 – Present",
            start="2019-01",
            end=None,
            current=True,
            bullets=(
                "Designed an event pipeline in Go and Kafka that processes 40 million parcel "
                "scans a day",
                "Cut p99 latency of the tracking API from 900 ms to 120 ms with PostgreSQL read "
                "replicas and Redis caching",
                "Mentored four engineers and led the migration of twelve services to Kubernetes",
            ),
        ),
        Job(
            title="Backend Engineer",
            company="Parcelo GmbH",
            location="Hamburg, Germany",
            dates="03/2016 - 12/2018",
            start="2016-03",
            end="2018-12",
            current=False,
            bullets=(
                "Built the billing service in Python and Django, invoicing 3,000 business "
                "customers",
                "Introduced contract tests that reduced failed deployments by 60%",
            ),
        ),
        Job(
            title="Software Engineering Intern",
            company="Kvarn Systems",
            location="Stockholm, Sweden",
            dates="Summer 2015 – Autumn 2015",
            start="2015-06",
            end="2015-09",
            current=False,
            bullets=("Wrote integration tests for a warehouse management system in Java",),
        ),
    ),
    studies=(
        Study(
            degree="MSc",
            field="Computer Science",
            institution="KTH Royal Institute of Technology",
            location="Stockholm, Sweden",
            dates="2013 – 2015",
            start="2013",
            end="2015",
            details=("Thesis on backpressure in stream processing systems",),
        ),
        Study(
            degree="BSc",
            field="Software Engineering",
            institution="Uppsala University",
            location="Uppsala, Sweden",
            dates="2010 – 2013",
            start="2010",
            end="2013",
        ),
    ),
    skills=(
        SkillGroup("Programming", ("Go", "Python", "SQL")),
        SkillGroup("Infrastructure", ("Kafka", "PostgreSQL", "Redis", "Kubernetes", "Terraform")),
        SkillGroup("Practices", ("Observability", "Event-driven architecture")),
    ),
    certifications=(
        Credential(
            "Certified Kubernetes Administrator", "The Linux Foundation", "May 2022", "2022-05"
        ),
        Credential("Confluent Certified Developer for Apache Kafka", "Confluent", "2021", "2021"),
    ),
    languages=(Spoken("Swedish", "native"), Spoken("English", "fluent"), Spoken("German", "C1")),
    projects=(
        SideProject(
            name="routewise",
            url="https://github.com/maralindqvist/routewise",
            description="An open-source route optimiser for cargo bikes, written in Go.",
            bullets=("Used by three courier cooperatives in Berlin and Leipzig",),
        ),
    ),
    publications=(
        Paper(
            title="Backpressure patterns for parcel tracking pipelines",
            venue="Proceedings of the Logistics Software Workshop",
            date_text="2021",
            date="2021",
        ),
    ),
    entry_style="title_dash_company",
    skills_as_bullets=False,
    language_separator="parentheses",
    text_bullet="*",
    underlined_headings=False,
)

PRIYA = Person(
    name="Priya Raman",
    headline="Data Analyst",
    email="priya.raman@example.org",
    phone="(512) 555-0187",
    location="Austin, TX",
    json_location={"city": "Austin", "region": "TX", "countryCode": "US"},
    json_location_text="Austin, TX, United States",
    links=(
        WebLink("LinkedIn", "linkedin", "https://www.linkedin.com/in/priyaraman"),
        WebLink("GitHub", "github", "https://github.com/priya-raman"),
    ),
    summary=(
        "Data analyst who turns messy operational data into dashboards and forecasts that "
        "managers actually use. Strong in SQL, Python and experiment design."
    ),
    headings=Headings(
        summary="Summary",
        experience="Work History",
        education="Education",
        skills="Skills",
        certifications="Licenses & Certifications",
        languages="Languages",
        projects="Selected Projects",
        publications="Publications",
    ),
    jobs=(
        Job(
            title="Senior Data Analyst",
            company="Brightwave Analytics",
            location=None,
            dates="since 2021",
            start="2021",
            end=None,
            current=True,
            bullets=(
                "Built a demand forecasting model in Python that reduced stock-outs by 18%",
                "Owns the weekly revenue dashboard in Tableau used by 40 store managers",
                "Designed A/B tests for the loyalty programme with the marketing team",
            ),
        ),
        Job(
            title="Data Analyst",
            company="Lone Star Health Partners",
            location=None,
            dates="2019-2021",
            start="2019",
            end="2021",
            current=False,
            bullets=(
                "Automated claims reporting with SQL and Airflow, saving ten hours a week",
                "Cleaned and merged patient survey data from five clinics",
            ),
        ),
        Job(
            title="Volunteer Data Mentor",
            company="Code Club Austin",
            location=None,
            dates=None,
            start=None,
            end=None,
            current=False,
            bullets=("Teaches spreadsheet and SQL basics to high-school students on weekends",),
        ),
    ),
    studies=(
        Study(
            degree="Bachelor of Science",
            field="Statistics",
            institution="The University of Texas at Austin",
            location="Austin, TX",
            dates="2015 – 2019",
            start="2015",
            end="2019",
            details=("Minor in Economics",),
        ),
    ),
    skills=(
        SkillGroup(None, ("SQL", "Python", "pandas", "Tableau", "Airflow", "A/B testing", "Excel")),
    ),
    certifications=(
        Credential("Tableau Desktop Specialist", "Tableau", "Aug 2020", "2020-08"),
        Credential("Google Data Analytics Certificate", "Google", "2019", "2019"),
    ),
    languages=(
        Spoken("English", "native"),
        Spoken("Tamil", "conversational"),
        Spoken("Spanish", "B1"),
    ),
    projects=(
        SideProject(
            name="Austin bike-share demand",
            url="https://github.com/priya-raman/bikeshare-demand",
            description="A public notebook forecasting hourly bike-share demand from weather.",
        ),
    ),
    publications=(
        Paper(
            title="Forecasting clinic no-shows with gradient boosting",
            venue="Texas Health Analytics Forum",
            date_text="2020",
            date="2020",
            url="https://example.org/papers/no-shows",
        ),
    ),
    entry_style="company_pipe_title",
    skills_as_bullets=False,
    language_separator="parentheses",
    text_bullet="-",
    underlined_headings=True,
)

ELENA = Person(
    name="Elena Novak",
    headline="Clinical Nurse Manager",
    email="elena.novak@example.net",
    phone="+353 1 555 0142",
    location="Dublin, Ireland",
    json_location={"city": "Dublin", "countryCode": "IE"},
    json_location_text="Dublin, Ireland",
    links=(
        WebLink("LinkedIn", "linkedin", "https://www.linkedin.com/in/elena-novak-rn"),
        WebLink("Portfolio", "portfolio", "https://elenanovak.ie"),
    ),
    summary=(
        "Registered nurse with a decade of acute care experience, now leading a team of 14 "
        "nurses on a busy surgical ward. Passionate about patient safety and about training "
        "new graduates."
    ),
    headings=Headings(
        summary="About Me",
        experience="Employment",
        education="Education and Training",
        skills="Core Competencies",
        certifications="Certificates",
        languages="Languages",
        projects="Projects",
        publications="Publications",
    ),
    jobs=(
        Job(
            title="Clinical Nurse Manager",
            company="St. Brigid's University Hospital",
            location="Dublin, Ireland",
            dates="Dec 2020 – Present",
            start="2020-12",
            end=None,
            current=True,
            bullets=(
                "Leads a team of 14 nurses on a 32-bed surgical ward",
                "Introduced a sepsis screening checklist that cut escalation times by 25%",
                "Coordinates training for newly qualified nurses",
            ),
        ),
        Job(
            title="Staff Nurse",
            company="Liffey General Hospital",
            location="Dublin, Ireland",
            dates="03/2018 - 11/2020",
            start="2018-03",
            end="2020-11",
            current=False,
            bullets=(
                "Cared for up to eight post-operative patients per shift",
                "Mentored nursing students on clinical placements",
            ),
        ),
        Job(
            title="Staff Nurse",
            company="Sava Valley Hospital",
            location="Ljubljana, Slovenia",
            dates="Sept. 2013 — Aug. 2017",
            start="2013-09",
            end="2017-08",
            current=False,
            bullets=("Worked rotating shifts on the orthopaedic and trauma wards",),
            description="Acute care hospital with 600 beds.",
        ),
    ),
    studies=(
        Study(
            degree="Postgraduate Diploma",
            field="Clinical Leadership",
            institution="Royal College of Surgeons",
            location="Dublin, Ireland",
            dates="2021 – 2022",
            start="2021",
            end="2022",
        ),
        Study(
            degree="Bachelor of Science",
            field="Nursing",
            institution="University of Ljubljana",
            location="Ljubljana, Slovenia",
            dates="2009 – 2013",
            start="2009",
            end="2013",
        ),
    ),
    skills=(
        SkillGroup(
            None,
            (
                "Patient assessment",
                "Wound care",
                "Sepsis management",
                "Electronic health records",
                "Staff rostering",
                "Infection control",
            ),
        ),
    ),
    certifications=(
        Credential("Advanced Cardiac Life Support", "Irish Heart Foundation", "2023", "2023"),
        Credential(
            "Registered General Nurse", "Nursing and Midwifery Board of Ireland", "2018", "2018"
        ),
    ),
    languages=(Spoken("Slovenian", "native"), Spoken("English", "C2"), Spoken("Croatian", "B2")),
    projects=(
        SideProject(
            name="Ward safety huddle toolkit",
            url=None,
            description="Printable checklists adopted by three surgical wards.",
        ),
    ),
    publications=(
        Paper(
            title="Nurse-led sepsis screening on a surgical ward",
            venue="Irish Journal of Clinical Nursing",
            date_text="2022",
            date="2022",
        ),
    ),
    entry_style="title_comma_company",
    skills_as_bullets=True,
    language_separator="dash",
    text_bullet="•",
    underlined_headings=False,
    order=(
        "summary",
        "skills",
        "experience",
        "education",
        "certifications",
        "languages",
        "projects",
        "publications",
    ),
)

KWAME = Person(
    name="Kwame Asante",
    headline="Lead Product Designer",
    email="kwame.asante@example.com",
    phone="+1 416 555 0199",
    location="Toronto, ON",
    json_location={"city": "Toronto", "region": "ON", "countryCode": "CA"},
    json_location_text="Toronto, ON, Canada",
    links=(
        WebLink("Portfolio", "portfolio", "https://kwameasante.design"),
        WebLink("LinkedIn", "linkedin", "https://www.linkedin.com/in/kwame-asante"),
    ),
    summary=(
        "Product designer focused on accessible mobile banking, with seven years of shipping "
        "research-led design systems alongside engineers and product managers."
    ),
    headings=Headings(
        summary="Summary",
        experience="Experience",
        education="Education",
        skills="Skills",
        certifications="Certifications",
        languages="Languages",
        projects="Projects",
        publications="Publications",
    ),
    jobs=(
        Job(
            title="Lead Product Designer",
            company="Maple Ledger Bank",
            location="Toronto, ON",
            dates="Apr 2021 – Current",
            start="2021-04",
            end=None,
            current=True,
            bullets=(
                "Leads the design system used by nine product teams",
                "Raised the mobile app's accessibility audit score from 62 to 94",
            ),
        ),
        Job(
            title="Product Designer",
            company="Fernway",
            location="Toronto, ON",
            dates="2017 – 2021",
            start="2017",
            end="2021",
            current=False,
            bullets=("Redesigned onboarding, lifting completion from 54% to 71%",),
        ),
        Job(
            title="Design Intern",
            company="Studio Okoye",
            location="Accra, Ghana",
            dates="Jun 2016 – Aug 2016",
            start="2016-06",
            end="2016-08",
            current=False,
            bullets=("Produced wireframes for a mobile money app",),
        ),
    ),
    studies=(
        Study(
            degree="Bachelor of Design",
            field="Interaction Design",
            institution="OCAD University",
            location="Toronto, ON",
            dates="2012 – 2016",
            start="2012",
            end="2016",
        ),
    ),
    skills=(
        SkillGroup("Design", ("Figma", "Prototyping", "Design systems", "Usability testing")),
        SkillGroup("Research", ("User interviews", "Journey mapping")),
    ),
    certifications=(
        Credential(
            "Certified Professional in Accessibility Core Competencies", "IAAP", "2022", "2022"
        ),
    ),
    languages=(Spoken("English", "native"), Spoken("Twi", "fluent"), Spoken("French", "B1")),
    projects=(
        SideProject(
            name="Open Banking Patterns",
            url="https://kwameasante.design/patterns",
            description="A free library of accessible banking interface patterns.",
            bullets=("Downloaded by more than 5,000 designers",),
        ),
    ),
    publications=(),
    entry_style="title_dash_company",
    skills_as_bullets=False,
    language_separator="parentheses",
    text_bullet="-",
    underlined_headings=False,
)

PEOPLE: tuple[Person, ...] = (MARA, PRIYA, ELENA, KWAME)


def truth_of(person: Person) -> ParsedResume:
    """What a perfect parser returns for ``person``'s resume (``sections`` left empty)."""
    return ParsedResume(
        contact=Contact(
            name=person.name,
            email=person.email,
            phone=person.phone,
            location=person.location,
            links=[Link(kind=link.kind, url=link.url) for link in person.links],
        ),
        headline=person.headline,
        summary=person.summary,
        experience=[
            Experience(
                title=job.title,
                company=job.company,
                location=job.location,
                start=job.start,
                end=job.end,
                current=job.current,
                bullets=list(job.bullets),
                description=job.description,
            )
            for job in person.jobs
        ],
        education=[
            Education(
                degree=study.degree,
                field=study.field,
                institution=study.institution,
                location=study.location,
                start=study.start,
                end=study.end,
                details=list(study.details),
            )
            for study in person.studies
        ],
        skills=[skill for group in person.skills for skill in group.skills],
        certifications=[
            Certification(name=item.name, issuer=item.issuer, date=item.date)
            for item in person.certifications
        ],
        languages=[Language(language=item.language, level=item.level) for item in person.languages],
        projects=[
            Project(
                name=item.name,
                description=item.description,
                url=item.url,
                bullets=list(item.bullets),
            )
            for item in person.projects
        ],
        publications=[
            Publication(title=item.title, venue=item.venue, date=item.date, url=item.url)
            for item in person.publications
        ],
    )


ItemKind = Literal["name", "headline", "contact", "links", "entry", "plain", "prose", "bullet"]


@dataclass(frozen=True, slots=True)
class Item:
    kind: ItemKind
    text: str


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    heading: str
    items: tuple[Item, ...]


def json_truth_of(person: Person) -> ParsedResume:
    """The truth for the JSON Resume rendering: JSON Resume has no place for a school's
    location, keeps the portfolio (``basics.url``) apart from, so after, the profiles, and
    gives the person's place as parts ("City, Region, Country")."""
    truth = truth_of(person)
    links = [link for link in truth.contact.links if link.kind != "portfolio"]
    links += [link for link in truth.contact.links if link.kind == "portfolio"]
    contact = truth.contact.model_copy(
        update={"links": links, "location": person.json_location_text}
    )
    education = [study.model_copy(update={"location": None}) for study in truth.education]
    return truth.model_copy(update={"contact": contact, "education": education})


def contact_line(person: Person) -> str:
    """The e-mail, phone and place line under the name."""
    return f"{person.email} | {person.phone} | {person.location}"


def urls_line(person: Person) -> str:
    """The person's links as bare URLs on one line."""
    return " | ".join(link.url for link in person.links)


def _job_items(person: Person, job: Job) -> list[Item]:
    items: list[Item] = []
    place_and_dates = " | ".join(part for part in (job.location, job.dates) if part)
    if person.entry_style == "company_pipe_title":
        parts = [job.company, job.title, *([job.dates] if job.dates else [])]
        items.append(Item("entry", " | ".join(parts)))
    elif person.entry_style == "title_comma_company":
        items.append(Item("entry", f"{job.title}, {job.company}"))
        if place_and_dates:
            items.append(Item("plain", place_and_dates))
    else:
        items.append(Item("entry", f"{job.title} — {job.company}"))
        if place_and_dates:
            items.append(Item("plain", place_and_dates))
    if job.description:
        items.append(Item("prose", job.description))
    items.extend(Item("bullet", bullet) for bullet in job.bullets)
    return items


def _study_items(study: Study) -> list[Item]:
    items = [Item("entry", f"{study.degree} in {study.field} — {study.institution}")]
    place_and_dates = " | ".join(part for part in (study.location, study.dates) if part)
    if place_and_dates:
        items.append(Item("plain", place_and_dates))
    items.extend(Item("bullet", detail) for detail in study.details)
    return items


def _skill_items(person: Person) -> list[Item]:
    if person.skills_as_bullets:
        return [Item("bullet", skill) for group in person.skills for skill in group.skills]
    return [
        Item(
            "plain",
            f"{group.label}: {', '.join(group.skills)}" if group.label else ", ".join(group.skills),
        )
        for group in person.skills
    ]


def _language_text(person: Person, item: Spoken) -> str:
    if person.language_separator == "dash":
        return f"{item.language} – {item.level}"
    return f"{item.language} ({item.level})"


def _credential_text(item: Credential) -> str:
    tail = ", ".join(part for part in (item.issuer, item.date_text) if part)
    return f"{item.name} — {tail}" if tail else item.name


def _paper_text(item: Paper) -> str:
    text = f"{item.title} — {item.venue}, {item.date_text}"
    return f"{text} {item.url}" if item.url else text


def _project_items(item: SideProject) -> list[Item]:
    items = [Item("plain", f"{item.name} — {item.url}" if item.url else item.name)]
    if item.description:
        items.append(Item("prose", item.description))
    items.extend(Item("bullet", bullet) for bullet in item.bullets)
    return items


def blocks_of(person: Person, kinds: Sequence[BlockKind] | None = None) -> list[Block]:
    """The person's sections in their order (or only ``kinds``), skipping empty ones."""
    headings = person.headings
    built: dict[BlockKind, Block] = {
        "summary": Block("summary", headings.summary, (Item("prose", person.summary),)),
        "experience": Block(
            "experience",
            headings.experience,
            tuple(item for job in person.jobs for item in _job_items(person, job)),
        ),
        "education": Block(
            "education",
            headings.education,
            tuple(item for study in person.studies for item in _study_items(study)),
        ),
        "skills": Block("skills", headings.skills, tuple(_skill_items(person))),
        "certifications": Block(
            "certifications",
            headings.certifications,
            tuple(Item("bullet", _credential_text(item)) for item in person.certifications),
        ),
        "languages": Block(
            "languages",
            headings.languages,
            tuple(Item("plain", _language_text(person, item)) for item in person.languages),
        ),
        "projects": Block(
            "projects",
            headings.projects,
            tuple(item for project in person.projects for item in _project_items(project)),
        ),
        "publications": Block(
            "publications",
            headings.publications,
            tuple(Item("bullet", _paper_text(item)) for item in person.publications),
        ),
    }
    wanted = person.order if kinds is None else [kind for kind in person.order if kind in kinds]
    return [built[kind] for kind in wanted if built[kind].items]


_SIDEBAR_KINDS: tuple[BlockKind, ...] = ("skills", "languages")


def sidebar_blocks(person: Person) -> list[Block]:
    """The sidebar of the two-column layouts: skills one per line, then languages."""
    skills = tuple(Item("plain", skill) for group in person.skills for skill in group.skills)
    blocks = [Block("skills", person.headings.skills, skills)]
    blocks.extend(blocks_of(person, ["languages"]))
    return blocks


def main_blocks(person: Person) -> list[Block]:
    return blocks_of(person, [kind for kind in _DEFAULT_ORDER if kind not in _SIDEBAR_KINDS])


@dataclass(frozen=True, slots=True)
class Expect:
    """Text a reader's output must contain, after what came before it. ``line``: within one
    line; ``prose``: possibly wrapped over several lines."""

    text: str
    kind: Literal["line", "prose"] = "line"


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader must return: ``ordered`` in this order, ``once`` exactly once, each of
    ``headings`` as a ``# `` line and each of ``bullets`` as a ``- `` line."""

    ordered: list[Expect]
    once: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def block_expectations(
    blocks: Sequence[Block], *, wrapped_prose: bool, upper_headings: bool = False
) -> list[Expect]:
    """Each block's heading, then its items, as a reader must find them."""
    expected: list[Expect] = []
    for block in blocks:
        expected.append(Expect(block.heading.upper() if upper_headings else block.heading))
        for item in block.items:
            kind: Literal["line", "prose"] = (
                "prose" if item.kind == "prose" and wrapped_prose else "line"
            )
            expected.append(Expect(item.text, kind))
    return expected


def labelled_links(person: Person) -> list[Expect]:
    """Each link's label, then its URL."""
    return [Expect(part) for link in person.links for part in (link.label, link.url)]


def all_bullets(blocks: Sequence[Block]) -> list[str]:
    """The text of every bullet item in ``blocks``."""
    return [item.text for block in blocks for item in block.items if item.kind == "bullet"]
