"""Resumes generated at test time, with the truth a parser should find in each.

Four fictional people (written for these tests; any likeness is accidental) each carry their
resume twice: as written (dates like "Jan 2019 – Present", headings like "Work History") and
as the :class:`ParsedResume` a perfect parser would return ("2019-01", ``current=True``). The
truth leaves ``sections`` empty: how a file splits into sections depends on its layout.

Every person renders in each layout of :data:`LAYOUTS` (DOCX with python-docx: headings and
list paragraphs, a label/content layout table, a two-column table, a page header with a text
box; PDF with fpdf2: one column, and a sidebar beside a main column; plain text; Markdown;
JSON Resume). :func:`expected_reading` lists, for a layout, the text a reader must return in
order. :data:`BAD_FILES` builds the files a reader must refuse, with the status and message.
"""

# The resumes are written with the dashes people really type (en and em dashes).
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.section import _Header
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from jobpilot.profiles.document import ResumeFormat
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
    """A resume as its owner wrote it, with the parsed form of every date alongside."""

    name: str
    headline: str
    email: str
    phone: str
    location: str
    json_location: dict[str, str]
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
    json_location={"city": "Berlin", "countryCode": "DE"},
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
    location, and keeps the portfolio (``basics.url``) apart from, so after, the profiles."""
    truth = truth_of(person)
    links = [link for link in truth.contact.links if link.kind != "portfolio"]
    links += [link for link in truth.contact.links if link.kind == "portfolio"]
    contact = truth.contact.model_copy(update={"links": links})
    education = [study.model_copy(update={"location": None}) for study in truth.education]
    return truth.model_copy(update={"contact": contact, "education": education})


def _contact_line(person: Person) -> str:
    return f"{person.email} | {person.phone} | {person.location}"


def _urls_line(person: Person) -> str:
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
    ordered: list[Expect]
    once: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def _block_expectations(
    blocks: Sequence[Block], *, wrapped_prose: bool, upper_headings: bool = False
) -> list[Expect]:
    expected: list[Expect] = []
    for block in blocks:
        expected.append(Expect(block.heading.upper() if upper_headings else block.heading))
        for item in block.items:
            kind: Literal["line", "prose"] = (
                "prose" if item.kind == "prose" and wrapped_prose else "line"
            )
            expected.append(Expect(item.text, kind))
    return expected


def _labelled_links(person: Person) -> list[Expect]:
    return [Expect(part) for link in person.links for part in (link.label, link.url)]


def _all_bullets(blocks: Sequence[Block]) -> list[str]:
    return [item.text for block in blocks for item in block.items if item.kind == "bullet"]


def expected_reading(sample: Sample, layout: str) -> Reading:
    """What :func:`jobpilot.profiles.readers.read_resume` must return for a rendering."""
    person = sample.person
    blocks = blocks_of(person)
    head = [Expect(person.name), Expect(person.headline), Expect(_contact_line(person))]
    headings = [block.heading for block in blocks]
    bullets = _all_bullets(blocks)
    if layout == "docx_single":
        return Reading(
            [*head, *_labelled_links(person), *_block_expectations(blocks, wrapped_prose=False)],
            headings=headings,
            bullets=bullets,
        )
    if layout in ("text", "markdown"):
        links = [Expect(_urls_line(person))] if layout == "text" else _labelled_links(person)
        upper = layout == "text" and not person.underlined_headings
        return Reading(
            [
                *head,
                *links,
                *_block_expectations(blocks, wrapped_prose=False, upper_headings=upper),
            ],
            headings=[] if upper else headings,
            bullets=bullets,
        )
    if layout == "docx_table":
        ordered = [*head, Expect(_urls_line(person))]
        for block in blocks:
            ordered.append(Expect(block.heading))
            if block.kind == "skills":
                ordered.extend(Expect(" | ".join(row)) for row in _skill_rows(person))
                continue
            ordered.extend(Expect(item.text) for item in block.items)
        bullets = [
            text for block in blocks if block.kind != "skills" for text in _all_bullets([block])
        ]
        return Reading(ordered, headings=headings, bullets=bullets)
    if layout == "docx_two_column":
        side = [
            Expect("Contact"),
            Expect(person.email),
            Expect(person.phone),
            Expect(person.location),
            *(Expect(link.url) for link in person.links),
        ]
        side.extend(_block_expectations(sidebar_blocks(person), wrapped_prose=False))
        main = _block_expectations(main_blocks(person), wrapped_prose=False)
        return Reading(
            [Expect(person.name), Expect(person.headline), *side, *main],
            headings=[
                "Contact",
                *(block.heading for block in [*sidebar_blocks(person), *main_blocks(person)]),
            ],
            bullets=_all_bullets(main_blocks(person)),
        )
    if layout == "docx_textbox_header":
        return Reading(
            [
                *head,
                Expect(_urls_line(person)),
                Expect(_FOOTER_NOTE),
                *_block_expectations(blocks, wrapped_prose=False),
            ],
            once=[_contact_line(person), _urls_line(person), _FOOTER_NOTE, person.summary],
            headings=headings,
            bullets=bullets,
        )
    if layout == "pdf_single":
        return Reading(
            [
                *head,
                *_labelled_links(person),
                *_block_expectations(blocks, wrapped_prose=True),
            ],
            headings=[person.name, *headings],
            bullets=bullets,
        )
    if layout == "pdf_two_column":
        side = [Expect("Contact"), Expect(person.email), Expect(person.phone)]
        side.append(Expect(person.location))
        side.extend(
            part for link in person.links for part in (Expect(link.label), Expect(link.url))
        )
        side.extend(_block_expectations(sidebar_blocks(person), wrapped_prose=True))
        main = _block_expectations(main_blocks(person), wrapped_prose=True)
        return Reading(
            [Expect(person.name), Expect(person.headline), *side, *main],
            headings=[
                person.name,
                "Contact",
                *(block.heading for block in [*sidebar_blocks(person), *main_blocks(person)]),
            ],
            bullets=_all_bullets(main_blocks(person)),
        )
    raise ValueError(f"no reading order for layout {layout}")


_FOOTER_NOTE = "References available on request"
_TEXT_BOX_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rel_id}"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
        f"<w:t>{escape(text)}</w:t></w:r></w:hyperlink>"
    )
    paragraph._p.append(link)


def _add_text_box(paragraph: Paragraph, lines: Sequence[str]) -> None:
    """A floating text box, stored as Word does: a drawing plus a VML fallback copy."""
    content = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines
    )
    run = parse_xml(
        f"<w:r {_TEXT_BOX_NAMESPACES}><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="5486400" cy="1097280"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="7" name="Summary box"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="5486400" cy="1097280"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="SummaryBox" style="width:432pt;height:86pt">'
        f"<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    paragraph._p.append(run)


def _docx_item(container: DocxDocument | _Cell, item: Item, *, bullet_style: bool = True) -> None:
    if item.kind == "bullet" and bullet_style:
        container.add_paragraph(item.text, style="List Bullet")
    elif item.kind == "bullet":
        container.add_paragraph(f"▪\t{item.text}")
    elif item.kind == "entry":
        container.add_paragraph().add_run(item.text).bold = True
    else:
        container.add_paragraph(item.text)


def render_docx_single(person: Person) -> bytes:
    """Headings in heading styles, bullets as list paragraphs, links as hyperlinks."""
    document = docx.Document()
    document.add_heading(person.name, level=0)
    document.add_paragraph(person.headline, style="Subtitle")
    document.add_paragraph(_contact_line(person))
    links = document.add_paragraph()
    for index, link in enumerate(person.links):
        if index:
            links.add_run(" · ")
        _add_hyperlink(links, link.label, link.url)
    for block in blocks_of(person):
        document.add_heading(block.heading, level=1)
        for item in block.items:
            _docx_item(document, item)
    return _docx_bytes(document)


def _skill_rows(person: Person) -> list[tuple[str, ...]]:
    skills = [skill for group in person.skills for skill in group.skills]
    return [tuple(skills[index : index + 3]) for index in range(0, len(skills), 3)]


def render_docx_table(person: Person) -> bytes:
    """The whole resume in a label column + content column table; skills in a nested table."""
    document = docx.Document()
    document.add_heading(person.name, level=0)
    document.add_paragraph(person.headline)
    document.add_paragraph(_contact_line(person))
    document.add_paragraph(_urls_line(person))
    blocks = blocks_of(person)
    table = document.add_table(rows=len(blocks), cols=2)
    for row, block in zip(table.rows, blocks, strict=True):
        label, content = row.cells
        label.paragraphs[0].add_run(block.heading).bold = True
        if block.kind == "skills":
            rows = _skill_rows(person)
            nested = content.add_table(rows=len(rows), cols=3)
            for nested_row, names in zip(nested.rows, rows, strict=True):
                for cell, name in zip(nested_row.cells, names, strict=False):
                    cell.paragraphs[0].add_run(name)
            continue
        first, *rest = block.items
        paragraph = content.paragraphs[0]
        paragraph.add_run(first.text).bold = first.kind == "entry"
        if first.kind == "bullet":
            paragraph.style = document.styles["List Bullet"]
        for item in rest:
            _docx_item(content, item)
    return _docx_bytes(document)


def render_docx_two_column(person: Person) -> bytes:
    """A one-row, two-cell table: a sidebar (contact, skills, languages) beside the main text."""
    document = docx.Document()
    document.add_heading(person.name, level=0)
    document.add_paragraph(person.headline)
    table = document.add_table(rows=1, cols=2)
    side, main = table.rows[0].cells
    side.paragraphs[0].text = "Contact"
    side.paragraphs[0].style = document.styles["Heading 2"]
    for line in (person.email, person.phone, person.location, *(link.url for link in person.links)):
        side.add_paragraph(line)
    for block in sidebar_blocks(person):
        side.add_paragraph(block.heading, style="Heading 2")
        for item in block.items:
            _docx_item(side, item)
    for index, block in enumerate(main_blocks(person)):
        if index == 0:
            main.paragraphs[0].text = block.heading
            main.paragraphs[0].style = document.styles["Heading 2"]
        else:
            main.add_paragraph(block.heading, style="Heading 2")
        for item in block.items:
            _docx_item(main, item)
    return _docx_bytes(document)


def render_docx_textbox_header(person: Person) -> bytes:
    """Contact details in the page header (repeated in a second section), the summary in a
    text box, typed "▪" bullets, a footer note."""
    document = docx.Document()
    sections: list[BlockKind] = [kind for kind in person.order if kind != "summary"]
    first_part = sections[:2]
    second_part = sections[2:]
    _fill_header(document.sections[0].header, person)
    document.sections[0].footer.paragraphs[0].text = _FOOTER_NOTE
    summary_heading = person.headings.summary
    document.add_heading(summary_heading, level=1)
    _add_text_box(document.add_paragraph(), [person.summary])
    for block in blocks_of(person, first_part):
        document.add_heading(block.heading, level=1)
        for item in block.items:
            _docx_item(document, item, bullet_style=False)
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.header.is_linked_to_previous = False
    _fill_header(section.header, person)
    for block in blocks_of(person, second_part):
        document.add_heading(block.heading, level=1)
        for item in block.items:
            _docx_item(document, item, bullet_style=False)
    return _docx_bytes(document)


def _fill_header(header: _Header, person: Person) -> None:
    run = header.paragraphs[0].add_run(person.name)
    run.bold = True
    run.font.size = Pt(18)
    for line in (person.headline, _contact_line(person), _urls_line(person)):
        header.add_paragraph(line)


_PAGE_TOP = 50.0
_PAGE_BOTTOM = 800.0


class _PdfPen:
    """Writes items down one column of a PDF, starting a new page when the column is full."""

    def __init__(self, pdf: FPDF, *, x: float, width: float, body: float, heading: float) -> None:
        self.pdf = pdf
        self.x = x
        self.width = width
        self.body = body
        self.heading_size = heading
        self.y = _PAGE_TOP

    def _room(self, height: float) -> None:
        if self.y + height > _PAGE_BOTTOM:
            self.pdf.add_page()
            self.y = _PAGE_TOP

    def line(
        self, text: str, *, size: float | None = None, bold: bool = False, link: str = ""
    ) -> None:
        size = size or self.body
        self.pdf.set_font("Helvetica", "B" if bold else "", size)
        if self.pdf.get_string_width(text) > self.width - 2 * self.pdf.c_margin:
            raise ValueError(f"{text!r} does not fit on one line of this layout")
        height = size * 1.35
        self._room(height)
        self.pdf.set_xy(self.x, self.y)
        self.pdf.cell(self.width, height, text, link=link)
        self.y += height

    def heading(self, text: str) -> None:
        self.y += self.heading_size * 0.6
        self.line(text, size=self.heading_size, bold=True)
        self.y += 2

    def prose(self, text: str) -> None:
        self.pdf.set_font("Helvetica", "", self.body)
        height = self.body * 1.35
        lines = self.pdf.multi_cell(self.width, height, text, dry_run=True, output="LINES")
        assert isinstance(lines, list)
        self._room(height * len(lines))
        self.pdf.set_xy(self.x, self.y)
        self.pdf.multi_cell(self.width, height, text, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.y = self.pdf.get_y()

    def bullet(self, text: str) -> None:
        self.pdf.set_font("Helvetica", "", self.body)
        height = self.body * 1.35
        indent = self.body * 1.2
        lines = self.pdf.multi_cell(self.width - indent, height, text, dry_run=True, output="LINES")
        assert isinstance(lines, list)
        self._room(height * len(lines))
        self.pdf.set_xy(self.x, self.y)
        self.pdf.cell(indent, height, "•")
        self.pdf.set_xy(self.x + indent, self.y)
        self.pdf.multi_cell(self.width - indent, height, text, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.y = self.pdf.get_y()

    def gap(self, points: float) -> None:
        self.y += points

    def item(self, item: Item) -> None:
        if item.kind == "bullet":
            self.bullet(item.text)
        elif item.kind == "prose":
            self.prose(item.text)
        elif item.kind == "entry":
            self.gap(3)
            self.line(item.text, bold=True)
        else:
            self.line(item.text)


def _new_pdf() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_creator("jobpilot tests")
    pdf.add_page()
    return pdf


def render_pdf_single(person: Person) -> bytes:
    """One column: a large bold name, bold larger headings, "•" bullets, link annotations."""
    pdf = _new_pdf()
    pen = _PdfPen(pdf, x=50, width=495, body=10, heading=13)
    pen.line(person.name, size=20, bold=True)
    pen.line(person.headline, size=11)
    pen.line(_contact_line(person), size=9.5)
    pdf.set_font("Helvetica", "", 9.5)
    pdf.set_xy(pen.x, pen.y)
    for index, link in enumerate(person.links):
        if index:
            pdf.cell(pdf.get_string_width(" · "), 13, " · ")
        pdf.cell(pdf.get_string_width(link.label), 13, link.label, link=link.url)
    pen.gap(13)
    for block in blocks_of(person):
        pen.heading(block.heading)
        for item in block.items:
            pen.item(item)
    return bytes(pdf.output())


def render_pdf_two_column(person: Person) -> bytes:
    """A name band across the page, then a narrow sidebar (contact, skills, languages) beside
    a wide main column, drawn as positioned text."""
    pdf = _new_pdf()
    band = _PdfPen(pdf, x=36, width=523, body=10, heading=12)
    band.line(person.name, size=22, bold=True)
    band.line(person.headline, size=10.5)
    top = band.y + 18
    side = _PdfPen(pdf, x=36, width=150, body=8.5, heading=10)
    side.y = top
    side.heading("Contact")
    for line in (person.email, person.phone, person.location):
        side.line(line)
    for link in person.links:
        side.line(link.label, link=link.url)
    for block in sidebar_blocks(person):
        side.heading(block.heading)
        for item in block.items:
            side.item(item)
    if pdf.page != 1:
        raise ValueError("the sidebar must fit on the first page")
    main = _PdfPen(pdf, x=206, width=353, body=9.5, heading=12)
    main.y = top
    for block in main_blocks(person):
        main.heading(block.heading)
        for item in block.items:
            main.item(item)
    return bytes(pdf.output())


def render_text(person: Person) -> bytes:
    """Plain text: UPPERCASE headings (or underlined ones), the person's own bullet glyph."""
    lines = [person.name, person.headline, _contact_line(person), _urls_line(person)]
    for block in blocks_of(person):
        lines.append("")
        if person.underlined_headings:
            lines.extend([block.heading, "=" * len(block.heading)])
        else:
            lines.append(block.heading.upper())
        for item in block.items:
            if item.kind == "entry":
                lines.append("")
            lines.append(
                f"{person.text_bullet} {item.text}" if item.kind == "bullet" else item.text
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_markdown(person: Person) -> bytes:
    """Markdown: ``##`` headings, bold entry lines, Markdown links."""
    links = " · ".join(f"[{link.label}]({link.url})" for link in person.links)
    lines = [f"# {person.name}", "", f"**{person.headline}**", "", _contact_line(person), links]
    for block in blocks_of(person):
        lines.extend(["", f"## {block.heading}", ""])
        for item in block.items:
            if item.kind == "entry":
                lines.append(f"**{item.text}**  ")
            elif item.kind == "bullet":
                lines.append(f"- {item.text}")
            else:
                lines.append(item.text)
    return ("\n".join(lines) + "\n").encode("utf-8")


def json_resume(person: Person) -> dict[str, object]:
    """``person`` as a JSON Resume v1 document (https://jsonresume.org/schema)."""
    portfolio = next((link.url for link in person.links if link.kind == "portfolio"), None)
    basics: dict[str, object] = {
        "name": person.name,
        "label": person.headline,
        "email": person.email,
        "phone": person.phone,
        "summary": person.summary,
        "location": dict(person.json_location),
        "profiles": [
            {"network": link.label, "url": link.url}
            for link in person.links
            if link.kind != "portfolio"
        ],
    }
    if portfolio:
        basics["url"] = portfolio
    document: dict[str, object] = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": [_json_work(job) for job in person.jobs],
        "education": [_json_study(study) for study in person.studies],
        "skills": [{"name": skill} for group in person.skills for skill in group.skills],
        "languages": [
            {"language": item.language, "fluency": item.level} for item in person.languages
        ],
        "certificates": [
            {
                key: value
                for key, value in (
                    ("name", item.name),
                    ("issuer", item.issuer),
                    ("date", item.date),
                )
                if value
            }
            for item in person.certifications
        ],
        "projects": [
            {
                key: value
                for key, value in (
                    ("name", item.name),
                    ("description", item.description),
                    ("url", item.url),
                    ("highlights", list(item.bullets)),
                )
                if value
            }
            for item in person.projects
        ],
        "publications": [
            {
                key: value
                for key, value in (
                    ("name", item.title),
                    ("publisher", item.venue),
                    ("releaseDate", item.date),
                    ("url", item.url),
                )
                if value
            }
            for item in person.publications
        ],
    }
    return document


def _json_work(job: Job) -> dict[str, object]:
    work: dict[str, object] = {"name": job.company, "position": job.title}
    for key, value in (
        ("location", job.location),
        ("startDate", job.start),
        ("endDate", job.end),
        ("summary", job.description),
    ):
        if value:
            work[key] = value
    work["highlights"] = list(job.bullets)
    return work


def _json_study(study: Study) -> dict[str, object]:
    entry: dict[str, object] = {
        "institution": study.institution,
        "area": study.field,
        "studyType": study.degree,
    }
    for key, value in (("startDate", study.start), ("endDate", study.end)):
        if value:
            entry[key] = value
    if study.details:
        entry["courses"] = list(study.details)
    return entry


def render_json_resume(person: Person) -> bytes:
    return json.dumps(json_resume(person), ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True, slots=True)
class FileType:
    extension: str
    content_type: str
    format: ResumeFormat


@dataclass(frozen=True, slots=True)
class Sample:
    """One person: a name for test ids, the truth (and the truth of the JSON Resume
    rendering, which cannot say everything), and a rendering per layout."""

    name: str
    person: Person
    truth: ParsedResume
    json_truth: ParsedResume

    def render(self, layout: str) -> bytes:
        return _rendered(self.name, layout)

    def filename(self, layout: str) -> str:
        return f"{self.name}-resume{LAYOUT_FILES[layout].extension}"


_RENDERERS: dict[str, Callable[[Person], bytes]] = {
    "docx_single": render_docx_single,
    "docx_table": render_docx_table,
    "docx_two_column": render_docx_two_column,
    "docx_textbox_header": render_docx_textbox_header,
    "pdf_single": render_pdf_single,
    "pdf_two_column": render_pdf_two_column,
    "text": render_text,
    "markdown": render_markdown,
    "json_resume": render_json_resume,
}

_DOCX = FileType(
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
_PDF = FileType(".pdf", "application/pdf", "pdf")
LAYOUT_FILES: dict[str, FileType] = {
    "docx_single": _DOCX,
    "docx_table": _DOCX,
    "docx_two_column": _DOCX,
    "docx_textbox_header": _DOCX,
    "pdf_single": _PDF,
    "pdf_two_column": _PDF,
    "text": FileType(".txt", "text/plain", "text"),
    "markdown": FileType(".md", "text/markdown", "markdown"),
    "json_resume": FileType(".json", "application/json", "json"),
}

SAMPLES: tuple[Sample, ...] = tuple(
    Sample(
        name=person.name.split()[0].lower(),
        person=person,
        truth=truth_of(person),
        json_truth=json_truth_of(person),
    )
    for person in PEOPLE
)
_BY_NAME = {sample.name: sample for sample in SAMPLES}


@cache
def _rendered(name: str, layout: str) -> bytes:
    return _RENDERERS[layout](_BY_NAME[name].person)


def _layout_renderer(layout: str) -> Callable[[Sample], bytes]:
    def render(sample: Sample) -> bytes:
        return sample.render(layout)

    return render


LAYOUTS: dict[str, Callable[[Sample], bytes]] = {
    layout: _layout_renderer(layout) for layout in _RENDERERS
}


@dataclass(frozen=True, slots=True)
class BadFile:
    content: bytes
    filename: str | None
    content_type: str | None
    status: int
    message: str


PDF_PASSWORD = "correct horse"


def encrypted_pdf(*, user_password: str = PDF_PASSWORD) -> bytes:
    """A resume PDF encrypted with RC4 (readable without extra crypto libraries); with an
    empty ``user_password`` anyone can open it, only the owner's permissions are protected."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(SAMPLES[0].render("pdf_single"))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A scanned-looking PDF: an image and shapes, no text layer."""
    pdf = _new_pdf()
    scan = Image.new("L", (300, 400), color=255)
    drawing = ImageDraw.Draw(scan)
    for row in range(20, 380, 18):
        drawing.rectangle((20, row, 280 - (row % 50), row + 6), fill=40)
    pdf.image(scan, x=50, y=50, w=300, h=400)
    pdf.set_fill_color(200, 200, 200)
    pdf.rect(50, 500, 400, 20, style="F")
    pdf.ellipse(60, 560, 80, 80, style="D")
    return bytes(pdf.output())


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF"


def _entry_offset(content: bytes, name: str) -> tuple[int, int]:
    """Where an entry's compressed data starts in a ZIP, and how long it is."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(name)
    header = info.header_offset
    name_length, extra_length = struct.unpack("<HH", content[header + 26 : header + 30])
    return header + 30 + name_length + extra_length, info.compress_size


def corrupt_docx() -> bytes:
    """A DOCX whose word/document.xml data is overwritten: the directory reads, the data not."""
    content = bytearray(SAMPLES[0].render("docx_single"))
    start, length = _entry_offset(bytes(content), "word/document.xml")
    content[start + length // 4 : start + length // 2] = b"\xff" * (length // 2 - length // 4)
    return bytes(content)


def truncated_docx() -> bytes:
    content = SAMPLES[0].render("docx_single")
    return content[: len(content) // 2]


_BOMB_ENTRY = "word/media/filler.bin"


@cache
def zip_bomb_docx(megabytes: int = 100) -> bytes:
    """A valid DOCX plus an entry of ``megabytes`` MB of zeros (about 100 KB compressed)."""
    buffer = io.BytesIO(SAMPLES[0].render("docx_single"))
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(_BOMB_ENTRY, "w") as entry,
    ):
        for _ in range(megabytes):
            entry.write(chunk)
    return buffer.getvalue()


@cache
def lying_zip_bomb_docx() -> bytes:
    """The ZIP bomb with its directory (and local header) claiming the entry is 1,000 bytes."""
    content = bytearray(zip_bomb_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo(_BOMB_ENTRY)
    struct.pack_into("<I", content, info.header_offset + 22, 1000)
    central = bytes(content).rfind(b"PK\x01\x02", 0, bytes(content).rfind(_BOMB_ENTRY.encode()))
    struct.pack_into("<I", content, central + 24, 1000)
    return bytes(content)


def many_entries_docx(entries: int = 600) -> bytes:
    buffer = io.BytesIO(SAMPLES[0].render("docx_single"))
    with zipfile.ZipFile(buffer, "a") as archive:
        for index in range(entries):
            archive.writestr(f"customXml/extra{index}.xml", "<x/>")
    return buffer.getvalue()


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def zip_without_document() -> bytes:
    return _zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<styles/>"})


def odt_file() -> bytes:
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


def empty_docx() -> bytes:
    return _docx_bytes(docx.Document())


def png_image() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), color=(200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


_DOCX_TYPE = _DOCX.content_type


def _bad_files() -> dict[str, Callable[[], BadFile]]:
    render = SAMPLES[0].render
    return {
        "empty": lambda: BadFile(b"", "cv.pdf", "application/pdf", 422, "the file is empty"),
        "whitespace": lambda: BadFile(
            b" \n\t \r\n", "cv.txt", "text/plain", 422, "the file is empty"
        ),
        "utf16_whitespace": lambda: BadFile(
            "   \n ".encode("utf-16"), "cv.txt", None, 422, "the file is empty"
        ),
        "encrypted_pdf": lambda: BadFile(
            encrypted_pdf(), "cv.pdf", "application/pdf", 422, "the PDF is password-protected"
        ),
        "image_only_pdf": lambda: BadFile(
            image_only_pdf(),
            "scan.pdf",
            "application/pdf",
            422,
            "no text layer — OCR is not supported",
        ),
        "corrupt_pdf": lambda: BadFile(corrupt_pdf(), "cv.pdf", None, 422, "corrupt"),
        "corrupt_docx": lambda: BadFile(corrupt_docx(), "cv.docx", _DOCX_TYPE, 422, "corrupt"),
        "truncated_docx": lambda: BadFile(truncated_docx(), "cv.docx", None, 422, "corrupt"),
        "zip_bomb_docx": lambda: BadFile(zip_bomb_docx(), "cv.docx", _DOCX_TYPE, 422, "ZIP bomb"),
        "lying_zip_bomb_docx": lambda: BadFile(
            lying_zip_bomb_docx(), "cv.docx", _DOCX_TYPE, 422, "corrupt"
        ),
        "many_entries_docx": lambda: BadFile(
            many_entries_docx(), "cv.docx", None, 422, "more than 500 entries"
        ),
        "empty_docx": lambda: BadFile(empty_docx(), "cv.docx", None, 422, "no text"),
        "zip_named_docx": lambda: BadFile(
            zip_without_document(), "cv.docx", None, 415, "a ZIP archive without word/document.xml"
        ),
        "docx_named_pdf": lambda: BadFile(
            SAMPLES[0].render("docx_single"),
            "cv.pdf",
            None,
            415,
            "found a Word document (DOCX), but the file is named .pdf",
        ),
        "pdf_named_docx": lambda: BadFile(
            render("pdf_single"),
            "cv.docx",
            None,
            415,
            "found a PDF document, but the file is named .docx",
        ),
        "pdf_sent_as_text": lambda: BadFile(
            render("pdf_single"),
            None,
            "text/plain",
            415,
            "found a PDF document, but the file was sent as text/plain",
        ),
        "text_named_pdf": lambda: BadFile(
            render("text"), "cv.pdf", None, 415, "found plain text, but the file is named .pdf"
        ),
        "binary_named_txt": lambda: BadFile(
            bytes(range(256)) * 4, "cv.txt", "text/plain", 415, "binary data"
        ),
        "png_named_txt": lambda: BadFile(png_image(), "cv.txt", None, 415, "a PNG image"),
        "png_upload": lambda: BadFile(png_image(), "scan.png", "image/png", 415, ".png"),
        "legacy_doc": lambda: BadFile(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "cv.doc",
            "application/msword",
            415,
            ".doc",
        ),
        "ole_named_docx": lambda: BadFile(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "cv.docx",
            None,
            415,
            "legacy Word .doc",
        ),
        "odt_named_docx": lambda: BadFile(odt_file(), "cv.docx", None, 415, "OpenDocument"),
        "msword_content_type": lambda: BadFile(
            render("text"), None, "application/msword", 415, "application/msword is not read"
        ),
        "html_named_txt": lambda: BadFile(
            b"<!DOCTYPE html><html><body>CV</body></html>", "cv.txt", None, 415, "an HTML page"
        ),
        "rtf_named_txt": lambda: BadFile(b"{\\rtf1\\ansi CV}", "cv.txt", None, 415, "RTF"),
        "invalid_json": lambda: BadFile(
            b'{\n  "basics": {\n    "name": "Mara"\n    "email": "x@example.com"\n  }\n}',
            "cv.json",
            "application/json",
            422,
            "invalid JSON at line 4, column 5",
        ),
        "json_not_a_resume": lambda: BadFile(
            b'{"title": "not a resume"}', "cv.json", None, 422, "not a JSON Resume"
        ),
        "json_array": lambda: BadFile(
            b'[{"basics": {}}]', "cv.json", None, 422, "not a JSON Resume"
        ),
        "text_named_json": lambda: BadFile(
            render("text"), "cv.json", None, 422, "invalid JSON at line 1, column 1"
        ),
    }


BAD_FILES: dict[str, Callable[[], BadFile]] = _bad_files()
