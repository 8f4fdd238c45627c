"""Whole resumes in different styles, each compared field by field with what it says."""

from __future__ import annotations

import pytest

from jobpilot.profiles.document import ResumeDocument, ResumeFormat
from jobpilot.profiles.parser import normalise_text, parse_resume
from jobpilot.profiles.resume import (
    Certification,
    Contact,
    Education,
    Experience,
    Language,
    Link,
    ParsedResume,
    Project,
    Publication,
    SectionKind,
)

EN = "\u2013"
EM = "\u2014"

PLAIN_UPPERCASE = f"""MARIA GARCIA
Registered Nurse
maria.garcia@example.org | (555) 123-4567 | Austin, TX
linkedin.com/in/mariagarcia

SUMMARY
Compassionate registered nurse with eight years of experience in emergency and intensive
care units.

EXPERIENCE
Charge Nurse, St. David's Medical Center, Austin, TX {EM} Jan 2019 {EN} Present
* Lead a team of 12 nurses on night shifts in the emergency department
* Reduced patient wait times by 20% through triage improvements
Staff Nurse, Seton Hospital {EM} 06/2015 - 12/2018
* Cared for up to six ICU patients per shift, including
  post-operative cardiac patients

EDUCATION
Bachelor of Science in Nursing, University of Texas at Austin {EM} 2011 {EN} 2015

SKILLS
Patient Care, Triage, IV Therapy; Electronic Health Records | Epic

CERTIFICATIONS
Basic Life Support (BLS) {EM} American Heart Association, 2023
Advanced Cardiovascular Life Support, American Heart Association, 2022

LANGUAGES
English (native), Spanish (fluent)
"""

PLAIN_UPPERCASE_TRUTH = ParsedResume(
    contact=Contact(
        name="MARIA GARCIA",
        email="maria.garcia@example.org",
        phone="(555) 123-4567",
        location="Austin, TX",
        links=[Link(kind="linkedin", url="https://linkedin.com/in/mariagarcia")],
    ),
    headline="Registered Nurse",
    summary=(
        "Compassionate registered nurse with eight years of experience in emergency and "
        "intensive care units."
    ),
    experience=[
        Experience(
            title="Charge Nurse",
            company="St. David's Medical Center",
            location="Austin, TX",
            start="2019-01",
            current=True,
            bullets=[
                "Lead a team of 12 nurses on night shifts in the emergency department",
                "Reduced patient wait times by 20% through triage improvements",
            ],
        ),
        Experience(
            title="Staff Nurse",
            company="Seton Hospital",
            start="2015-06",
            end="2018-12",
            bullets=[
                "Cared for up to six ICU patients per shift, including post-operative "
                "cardiac patients"
            ],
        ),
    ],
    education=[
        Education(
            degree="Bachelor of Science",
            field="Nursing",
            institution="University of Texas at Austin",
            start="2011",
            end="2015",
        )
    ],
    skills=["Patient Care", "Triage", "IV Therapy", "Electronic Health Records", "Epic"],
    certifications=[
        Certification(
            name="Basic Life Support (BLS)", issuer="American Heart Association", date="2023"
        ),
        Certification(
            name="Advanced Cardiovascular Life Support",
            issuer="American Heart Association",
            date="2022",
        ),
    ],
    languages=[
        Language(language="English", level="native"),
        Language(language="Spanish", level="fluent"),
    ],
)

MARKDOWN = f"""# Jonas Weber

**Senior Backend Engineer**

jonas.weber@example.de · +49 30 1234567 · Berlin, Germany
GitHub https://github.com/jweber · LinkedIn https://www.linkedin.com/in/jonasweber
https://jonasweber.dev

## Professional Experience

### Senior Backend Engineer {EM} Nordwind Logistics GmbH {EM} Mar 2020 {EN} Present

Berlin, Germany

- Designed event-driven order services in Go and Kafka handling 2M events per day
- Mentored four engineers

### Software Engineer at Kiezkauf (2017 {EN} 2020)

Built the first version of the marketplace backend in Python and Django.

- Introduced PostgreSQL partitioning

## Education

### M.Sc. Computer Science {EM} Technische Universität Berlin {EM} 2015 {EN} 2017

### B.Sc. Informatik, Universität Leipzig, 2012{EN}2015

## Skills

- Languages: Go, Python, SQL
- Infrastructure: Kubernetes, Terraform, AWS
- Kafka • PostgreSQL • Redis

## Projects

### tinyqueue {EM} https://github.com/jweber/tinyqueue

A minimal persistent job queue for Go services.

- 1.2k stars on GitHub

## Publications

- "Scaling Event Sourcing at a Mid-Size Logistics Company." GopherCon EU, 2022.
- Partitioning Postgres for Fun and Profit {EM} PGConf.DE, 2021

## Languages

- German {EN} native
- English {EN} C1
- French: basic
"""

MARKDOWN_TRUTH = ParsedResume(
    contact=Contact(
        name="Jonas Weber",
        email="jonas.weber@example.de",
        phone="+49 30 1234567",
        location="Berlin, Germany",
        links=[
            Link(kind="github", url="https://github.com/jweber"),
            Link(kind="linkedin", url="https://www.linkedin.com/in/jonasweber"),
            Link(kind="portfolio", url="https://jonasweber.dev"),
        ],
    ),
    headline="Senior Backend Engineer",
    experience=[
        Experience(
            title="Senior Backend Engineer",
            company="Nordwind Logistics GmbH",
            location="Berlin, Germany",
            start="2020-03",
            current=True,
            bullets=[
                "Designed event-driven order services in Go and Kafka handling 2M events per day",
                "Mentored four engineers",
            ],
        ),
        Experience(
            title="Software Engineer",
            company="Kiezkauf",
            start="2017",
            end="2020",
            bullets=["Introduced PostgreSQL partitioning"],
            description="Built the first version of the marketplace backend in Python and Django.",
        ),
    ],
    education=[
        Education(
            degree="M.Sc.",
            field="Computer Science",
            institution="Technische Universität Berlin",
            start="2015",
            end="2017",
        ),
        Education(
            degree="B.Sc.",
            field="Informatik",
            institution="Universität Leipzig",
            start="2012",
            end="2015",
        ),
    ],
    skills=[
        "Go",
        "Python",
        "SQL",
        "Kubernetes",
        "Terraform",
        "AWS",
        "Kafka",
        "PostgreSQL",
        "Redis",
    ],
    projects=[
        Project(
            name="tinyqueue",
            description="A minimal persistent job queue for Go services.",
            url="https://github.com/jweber/tinyqueue",
            bullets=["1.2k stars on GitHub"],
        )
    ],
    publications=[
        Publication(
            title="Scaling Event Sourcing at a Mid-Size Logistics Company",
            venue="GopherCon EU",
            date="2022",
        ),
        Publication(
            title="Partitioning Postgres for Fun and Profit", venue="PGConf.DE", date="2021"
        ),
    ],
    languages=[
        Language(language="German", level="native"),
        Language(language="English", level="C1"),
        Language(language="French", level="basic"),
    ],
)

TITLE_CASE_TWO_LINE_HEADERS = f"""Lukas Novák
Mechanical Design Engineer
Munich, Germany | lukas.novak@example.eu | +49 89 2345678
www.linkedin.com/in/lukasnovak

Profile
Mechanical engineer focused on lightweight structures for electric vehicles.

Experience

BMW Group
Senior Design Engineer, Jan 2020 {EN} Present
Munich, Germany
- Led the redesign of a battery housing, saving 4 kg per vehicle
- Introduced topology optimisation with Altair OptiStruct

Bosch GmbH
Design Engineer, 09/2016 {EN} 12/2019
Stuttgart, Germany
- Designed injection-moulded parts in CATIA V5

Freelance CAD Consultant
2015 {EN} 2016

Education

Master of Science in Mechanical Engineering
Technical University of Munich, 2014 {EN} 2016
Thesis: Crash behaviour of aluminium foams

Bachelor of Engineering, Czech Technical University in Prague, 2010 {EN} 2014

Skills
CAD: CATIA V5, SolidWorks, Siemens NX
Simulation: ANSYS, Altair OptiStruct
GD&T, DFMEA

Languages
Czech (native), German (C1), English (C1)
"""

TITLE_CASE_TRUTH = ParsedResume(
    contact=Contact(
        name="Lukas Novák",
        email="lukas.novak@example.eu",
        phone="+49 89 2345678",
        location="Munich, Germany",
        links=[Link(kind="linkedin", url="https://www.linkedin.com/in/lukasnovak")],
    ),
    headline="Mechanical Design Engineer",
    summary="Mechanical engineer focused on lightweight structures for electric vehicles.",
    experience=[
        Experience(
            title="Senior Design Engineer",
            company="BMW Group",
            location="Munich, Germany",
            start="2020-01",
            current=True,
            bullets=[
                "Led the redesign of a battery housing, saving 4 kg per vehicle",
                "Introduced topology optimisation with Altair OptiStruct",
            ],
        ),
        Experience(
            title="Design Engineer",
            company="Bosch GmbH",
            location="Stuttgart, Germany",
            start="2016-09",
            end="2019-12",
            bullets=["Designed injection-moulded parts in CATIA V5"],
        ),
        Experience(title="Freelance CAD Consultant", start="2015", end="2016"),
    ],
    education=[
        Education(
            degree="Master of Science",
            field="Mechanical Engineering",
            institution="Technical University of Munich",
            start="2014",
            end="2016",
            details=["Thesis: Crash behaviour of aluminium foams"],
        ),
        Education(
            degree="Bachelor of Engineering",
            institution="Czech Technical University in Prague",
            start="2010",
            end="2014",
        ),
    ],
    skills=[
        "CATIA V5",
        "SolidWorks",
        "Siemens NX",
        "ANSYS",
        "Altair OptiStruct",
        "GD&T",
        "DFMEA",
    ],
    languages=[
        Language(language="Czech", level="native"),
        Language(language="German", level="C1"),
        Language(language="English", level="C1"),
    ],
)

COMPANY_TITLE_DATES = f"""Priya Raman
Data Scientist · Machine Learning · Forecasting
priya.raman@example.com
+44 20 7946 0958
London, UK
github.com/priyaraman | priyaraman.io

Professional Summary
Data scientist who turns messy retail data into forecasts that buyers trust.
I care about well-tested pipelines and clear communication.

Work History
Ocado Technology | Senior Data Scientist | Jan 2021 {EN} Present
- Built demand forecasting models in Python (LightGBM) for 50k products
- Cut forecast error by 18%
Deliveroo | Data Scientist | 03/2018 - 12/2020
- Designed A/B tests for the rider app
Unilever | Data Analyst Intern | Summer 2017

Academic Background
MSc Statistics | University College London | 2016 {EN} 2017
BSc (Hons) Mathematics | University of Manchester | 2013 {EN} 2016

Technical Skills
Programming: Python, R, SQL
ML: scikit-learn, LightGBM, PyTorch
Tools: Airflow; dbt; Looker

Licenses & Certifications
- Google Cloud Professional Data Engineer (Google Cloud) - 2022
- AWS Certified Machine Learning {EN} Specialty, Amazon Web Services, 2021

Language Skills
English: native · Tamil: fluent · German: A2
"""

COMPANY_TITLE_TRUTH = ParsedResume(
    contact=Contact(
        name="Priya Raman",
        email="priya.raman@example.com",
        phone="+44 20 7946 0958",
        location="London, UK",
        links=[
            Link(kind="github", url="https://github.com/priyaraman"),
            Link(kind="portfolio", url="https://priyaraman.io"),
        ],
    ),
    headline="Data Scientist · Machine Learning · Forecasting",
    summary=(
        "Data scientist who turns messy retail data into forecasts that buyers trust. "
        "I care about well-tested pipelines and clear communication."
    ),
    experience=[
        Experience(
            title="Senior Data Scientist",
            company="Ocado Technology",
            start="2021-01",
            current=True,
            bullets=[
                "Built demand forecasting models in Python (LightGBM) for 50k products",
                "Cut forecast error by 18%",
            ],
        ),
        Experience(
            title="Data Scientist",
            company="Deliveroo",
            start="2018-03",
            end="2020-12",
            bullets=["Designed A/B tests for the rider app"],
        ),
        Experience(title="Data Analyst Intern", company="Unilever", start="2017-06"),
    ],
    education=[
        Education(
            degree="MSc",
            field="Statistics",
            institution="University College London",
            start="2016",
            end="2017",
        ),
        Education(
            degree="BSc",
            field="Mathematics",
            institution="University of Manchester",
            start="2013",
            end="2016",
        ),
    ],
    skills=[
        "Python",
        "R",
        "SQL",
        "scikit-learn",
        "LightGBM",
        "PyTorch",
        "Airflow",
        "dbt",
        "Looker",
    ],
    certifications=[
        Certification(
            name="Google Cloud Professional Data Engineer", issuer="Google Cloud", date="2022"
        ),
        Certification(
            name=f"AWS Certified Machine Learning {EN} Specialty",
            issuer="Amazon Web Services",
            date="2021",
        ),
    ],
    languages=[
        Language(language="English", level="native"),
        Language(language="Tamil", level="fluent"),
        Language(language="German", level="A2"),
    ],
)

DATES_ON_THEIR_OWN_LINES = f"""Sofia Rossi
UX Designer
sofia.rossi@example.it
Milan, Italy
https://sofiarossi.design

EMPLOYMENT

2021 {EN} present
Lead UX Designer @ Satispay
Milan, Italy
Leading a team of five designers across payments and onboarding.
- Redesigned the onboarding flow, raising activation by 12%

2018 {EN} 2021
UX Designer, Yoox Net-a-Porter Group
- Ran usability studies with 200+ customers

2017
Design Intern, Frog Design

EDUCATION

2015 {EN} 2017
MA Interaction Design
Politecnico di Milano

PROJECTS

Colour Contrast Checker (github.com/sofiarossi/contrast)
A Figma plugin that checks WCAG contrast ratios.

SKILLS
Figma • Sketch • Prototyping • User Research • Accessibility (WCAG 2.1)

LANGUAGES
Italian {EN} native; English {EN} C2; Spanish {EN} B1
"""

DATES_ON_THEIR_OWN_LINES_TRUTH = ParsedResume(
    contact=Contact(
        name="Sofia Rossi",
        email="sofia.rossi@example.it",
        location="Milan, Italy",
        links=[Link(kind="portfolio", url="https://sofiarossi.design")],
    ),
    headline="UX Designer",
    experience=[
        Experience(
            title="Lead UX Designer",
            company="Satispay",
            location="Milan, Italy",
            start="2021",
            current=True,
            bullets=["Redesigned the onboarding flow, raising activation by 12%"],
            description="Leading a team of five designers across payments and onboarding.",
        ),
        Experience(
            title="UX Designer",
            company="Yoox Net-a-Porter Group",
            start="2018",
            end="2021",
            bullets=["Ran usability studies with 200+ customers"],
        ),
        Experience(title="Design Intern", company="Frog Design", start="2017"),
    ],
    education=[
        Education(
            degree="MA",
            field="Interaction Design",
            institution="Politecnico di Milano",
            start="2015",
            end="2017",
        )
    ],
    skills=["Figma", "Sketch", "Prototyping", "User Research", "Accessibility (WCAG 2.1)"],
    projects=[
        Project(
            name="Colour Contrast Checker",
            description="A Figma plugin that checks WCAG contrast ratios.",
            url="https://github.com/sofiarossi/contrast",
        )
    ],
    languages=[
        Language(language="Italian", level="native"),
        Language(language="English", level="C2"),
        Language(language="Spanish", level="B1"),
    ],
)

UNUSUAL_HEADINGS = f"""Tom Becker
tom.becker@example.net
(555) 987-6543
Portland, Oregon

About Me
Maths teacher turned learning designer.

Where I've Worked

Learning Designer
Brightwheel Inc.
Portland, OR
September 2020 - Current
Designing onboarding courses for 3,000 schools.
- Wrote interactive lessons
- Ran workshops for teachers

Mathematics Teacher
Lincoln High School
Aug 2014 {EN} Jun 2020
- Taught algebra and statistics to grades 9{EN}12

Volunteer Tutor
Reading Partners

Schooling
Master of Arts in Teaching
Lewis & Clark College
2013 {EN} 2014
B.A. Mathematics
Reed College
Graduated 2012

Toolbox
Articulate 360 / Canva / Google Workspace
Moodle, Canvas LMS

Credentials
Oregon Teaching License by Teacher Standards and Practices Commission (2014)

Spoken Languages
English, Spanish (conversational)

Side Projects
- Fraction Wall: an open-source web app for teaching fractions (fractionwall.org)
- Mathcasts {EM} a podcast about learning maths

Talks & Papers
Becker, T. (2021). Designing for Busy Teachers. EdTech Summit.
"""

UNUSUAL_HEADINGS_TRUTH = ParsedResume(
    contact=Contact(
        name="Tom Becker",
        email="tom.becker@example.net",
        phone="(555) 987-6543",
        location="Portland, Oregon",
    ),
    summary="Maths teacher turned learning designer.",
    experience=[
        Experience(
            title="Learning Designer",
            company="Brightwheel Inc.",
            location="Portland, OR",
            start="2020-09",
            current=True,
            bullets=["Wrote interactive lessons", "Ran workshops for teachers"],
            description="Designing onboarding courses for 3,000 schools.",
        ),
        Experience(
            title="Mathematics Teacher",
            company="Lincoln High School",
            start="2014-08",
            end="2020-06",
            bullets=[f"Taught algebra and statistics to grades 9{EN}12"],
        ),
        Experience(title="Volunteer Tutor", company="Reading Partners"),
    ],
    education=[
        Education(
            degree="Master of Arts",
            field="Teaching",
            institution="Lewis & Clark College",
            start="2013",
            end="2014",
        ),
        Education(degree="B.A.", field="Mathematics", institution="Reed College", end="2012"),
    ],
    skills=["Articulate 360", "Canva", "Google Workspace", "Moodle", "Canvas LMS"],
    certifications=[
        Certification(
            name="Oregon Teaching License",
            issuer="Teacher Standards and Practices Commission",
            date="2014",
        )
    ],
    languages=[
        Language(language="English"),
        Language(language="Spanish", level="conversational"),
    ],
    projects=[
        Project(
            name="Fraction Wall",
            description="an open-source web app for teaching fractions",
            url="https://fractionwall.org",
        ),
        Project(name="Mathcasts", description="a podcast about learning maths"),
    ],
    publications=[
        Publication(title="Designing for Busy Teachers", venue="EdTech Summit", date="2021")
    ],
)

# As a PDF reader hands over a two-column page: the sidebar first, bold lines marked.
SIDEBAR_FIRST = f"""# Amira Haddad
Product Manager
amira.haddad@example.fr
+33 6 12 34 56 78
Paris, France
linkedin.com/in/amirahaddad

# Skills
- Roadmapping
- SQL
- A/B Testing
- Stakeholder Management

# Languages
- Arabic (native)
- French (native)
- English (fluent)

# Summary
Product manager with six years in fintech, shipping payment features used by millions.

# Experience
# Senior Product Manager
Qonto | Paris, France | 2021 {EN} Present
- Owned the card payments roadmap
# Product Manager
Lydia | Paris, France | 2018 {EN} 2021
- Launched instant transfers to 4M users

# Education
# MBA
INSEAD | 2016 {EN} 2017
# Diplôme d'ingénieur
École Centrale Paris | 2011 {EN} 2014
"""

SIDEBAR_FIRST_TRUTH = ParsedResume(
    contact=Contact(
        name="Amira Haddad",
        email="amira.haddad@example.fr",
        phone="+33 6 12 34 56 78",
        location="Paris, France",
        links=[Link(kind="linkedin", url="https://linkedin.com/in/amirahaddad")],
    ),
    headline="Product Manager",
    summary=(
        "Product manager with six years in fintech, shipping payment features used by millions."
    ),
    experience=[
        Experience(
            title="Senior Product Manager",
            company="Qonto",
            location="Paris, France",
            start="2021",
            current=True,
            bullets=["Owned the card payments roadmap"],
        ),
        Experience(
            title="Product Manager",
            company="Lydia",
            location="Paris, France",
            start="2018",
            end="2021",
            bullets=["Launched instant transfers to 4M users"],
        ),
    ],
    education=[
        Education(degree="MBA", institution="INSEAD", start="2016", end="2017"),
        Education(
            degree="Diplôme d'ingénieur",
            institution="École Centrale Paris",
            start="2011",
            end="2014",
        ),
    ],
    skills=["Roadmapping", "SQL", "A/B Testing", "Stakeholder Management"],
    languages=[
        Language(language="Arabic", level="native"),
        Language(language="French", level="native"),
        Language(language="English", level="fluent"),
    ],
)

GERMAN_DATE_COLUMN = f"""Dr. Anna Schmidt
Softwarearchitektin
Musterstraße 12, 80331 München
Tel.: +49 89 1234567 · E-Mail: anna.schmidt@example.de

Berufserfahrung
seit 03/2020          Softwarearchitektin, Allianz SE, München
- Verantwortlich für die Cloud-Architektur
01/2016 {EN} 02/2020     Entwicklerin bei SAP SE, Stuttgart
- Entwicklung von ABAP-Modulen

Ausbildung
2010 {EN} 2015           Promotion in Informatik, Technische Universität München
2005 {EN} 2010           Diplom-Informatikerin, Universität Stuttgart

Kenntnisse
Java, Kotlin, Kubernetes, ABAP

Sprachen
Deutsch (Muttersprache), Englisch (verhandlungssicher), Französisch (Grundkenntnisse)
"""

GERMAN_DATE_COLUMN_TRUTH = ParsedResume(
    contact=Contact(
        name="Dr. Anna Schmidt",
        email="anna.schmidt@example.de",
        phone="+49 89 1234567",
        location="80331 München",
    ),
    headline="Softwarearchitektin",
    experience=[
        Experience(
            title="Softwarearchitektin",
            company="Allianz SE",
            location="München",
            start="2020-03",
            current=True,
            bullets=["Verantwortlich für die Cloud-Architektur"],
        ),
        Experience(
            title="Entwicklerin",
            company="SAP SE",
            location="Stuttgart",
            start="2016-01",
            end="2020-02",
            bullets=["Entwicklung von ABAP-Modulen"],
        ),
    ],
    education=[
        Education(
            degree="Promotion",
            field="Informatik",
            institution="Technische Universität München",
            start="2010",
            end="2015",
        ),
        Education(
            degree="Diplom-Informatikerin",
            institution="Universität Stuttgart",
            start="2005",
            end="2010",
        ),
    ],
    skills=["Java", "Kotlin", "Kubernetes", "ABAP"],
    languages=[
        Language(language="Deutsch", level="Muttersprache"),
        Language(language="Englisch", level="verhandlungssicher"),
        Language(language="Französisch", level="Grundkenntnisse"),
    ],
)

CASES: dict[str, tuple[str, ResumeFormat, ParsedResume, list[tuple[SectionKind, str | None]]]] = {
    "plain_uppercase": (
        PLAIN_UPPERCASE,
        "text",
        PLAIN_UPPERCASE_TRUTH,
        [
            ("contact", None),
            ("summary", "SUMMARY"),
            ("experience", "EXPERIENCE"),
            ("education", "EDUCATION"),
            ("skills", "SKILLS"),
            ("certifications", "CERTIFICATIONS"),
            ("languages", "LANGUAGES"),
        ],
    ),
    "markdown": (
        MARKDOWN,
        "markdown",
        MARKDOWN_TRUTH,
        [
            ("contact", None),
            ("experience", "Professional Experience"),
            ("education", "Education"),
            ("skills", "Skills"),
            ("projects", "Projects"),
            ("publications", "Publications"),
            ("languages", "Languages"),
        ],
    ),
    "title_case_two_line_headers": (
        TITLE_CASE_TWO_LINE_HEADERS,
        "docx",
        TITLE_CASE_TRUTH,
        [
            ("contact", None),
            ("summary", "Profile"),
            ("experience", "Experience"),
            ("education", "Education"),
            ("skills", "Skills"),
            ("languages", "Languages"),
        ],
    ),
    "company_title_dates": (
        COMPANY_TITLE_DATES,
        "pdf",
        COMPANY_TITLE_TRUTH,
        [
            ("contact", None),
            ("summary", "Professional Summary"),
            ("experience", "Work History"),
            ("education", "Academic Background"),
            ("skills", "Technical Skills"),
            ("certifications", "Licenses & Certifications"),
            ("languages", "Language Skills"),
        ],
    ),
    "dates_on_their_own_lines": (
        DATES_ON_THEIR_OWN_LINES,
        "text",
        DATES_ON_THEIR_OWN_LINES_TRUTH,
        [
            ("contact", None),
            ("experience", "EMPLOYMENT"),
            ("education", "EDUCATION"),
            ("projects", "PROJECTS"),
            ("skills", "SKILLS"),
            ("languages", "LANGUAGES"),
        ],
    ),
    "unusual_headings": (
        UNUSUAL_HEADINGS,
        "text",
        UNUSUAL_HEADINGS_TRUTH,
        [
            ("contact", None),
            ("summary", "About Me"),
            ("experience", "Where I've Worked"),
            ("education", "Schooling"),
            ("skills", "Toolbox"),
            ("certifications", "Credentials"),
            ("languages", "Spoken Languages"),
            ("projects", "Side Projects"),
            ("publications", "Talks & Papers"),
        ],
    ),
    "german_date_column": (
        GERMAN_DATE_COLUMN,
        "text",
        GERMAN_DATE_COLUMN_TRUTH,
        [
            ("contact", None),
            ("experience", "Berufserfahrung"),
            ("education", "Ausbildung"),
            ("skills", "Kenntnisse"),
            ("languages", "Sprachen"),
        ],
    ),
    "sidebar_first": (
        SIDEBAR_FIRST,
        "pdf",
        SIDEBAR_FIRST_TRUTH,
        [
            ("contact", None),
            ("skills", "Skills"),
            ("languages", "Languages"),
            ("summary", "Summary"),
            ("experience", "Experience"),
            ("education", "Education"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_field(name: str) -> None:
    text, document_format, truth, _ = CASES[name]
    parsed = parse_resume(ResumeDocument(text=text, format=document_format))
    assert parsed.model_dump(exclude={"sections"}) == truth.model_dump(exclude={"sections"})


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_section_is_kept(name: str) -> None:
    text, document_format, _, sections = CASES[name]
    parsed = parse_resume(ResumeDocument(text=text, format=document_format))
    assert [(section.kind, section.heading) for section in parsed.sections] == sections
    written = normalise_text(text)
    for section in parsed.sections:
        assert section.text
        assert all(line in written for line in section.text.splitlines())


def test_flattened_heading_levels_read_the_same() -> None:
    flattened = "\n".join(
        "# " + line.lstrip("#").strip() if line.startswith("#") else line
        for line in MARKDOWN.splitlines()
    )
    parsed = parse_resume(ResumeDocument(text=flattened, format="markdown"))
    assert parsed.model_dump(exclude={"sections"}) == MARKDOWN_TRUTH.model_dump(
        exclude={"sections"}
    )


def test_windows_line_breaks_and_odd_spaces_change_nothing() -> None:
    text = PLAIN_UPPERCASE.replace("\n", "\r\n").replace(" (555)", "\u00a0(555)")
    text = text.replace("Charge Nurse", "Charge\u200b Nurse".replace("\u200b ", " \u200b"))
    parsed = parse_resume(ResumeDocument(text=text, format="text"))
    assert parsed.model_dump(exclude={"sections"}) == PLAIN_UPPERCASE_TRUTH.model_dump(
        exclude={"sections"}
    )


def test_contact_details_outside_the_contact_block_are_found() -> None:
    text = "\n".join(
        [
            "Experience",
            "Engineer, Acme Corp, 2019 - 2021",
            "",
            "Contact",
            "Reach me at jo@example.com or +49 30 1234567",
            "github.com/jo",
        ]
    )
    parsed = parse_resume(ResumeDocument(text=text, format="text"))
    assert parsed.contact == Contact(
        email="jo@example.com",
        phone="+49 30 1234567",
        links=[Link(kind="github", url="https://github.com/jo")],
    )


def test_nothing_is_invented_for_a_bare_resume() -> None:
    parsed = parse_resume(ResumeDocument(text="Jo Smith\n\nExperience\nBaker", format="text"))
    assert parsed.contact == Contact(name="Jo Smith")
    assert parsed.experience == [Experience(title="Baker")]
    assert parsed.headline is None
    assert parsed.summary is None
    assert parsed.education == []


def test_prose_in_the_contact_block_is_the_summary_when_no_section_holds_one() -> None:
    text = "\n".join(
        [
            "Jo Smith",
            "Backend engineer with ten years of building payment systems for European banks.",
            "Skills",
            "Go, SQL",
        ]
    )
    parsed = parse_resume(ResumeDocument(text=text, format="text"))
    assert parsed.summary == (
        "Backend engineer with ten years of building payment systems for European banks."
    )
    assert parsed.headline is None
    assert parsed.skills == ["Go", "SQL"]


def test_empty_text() -> None:
    assert parse_resume(ResumeDocument(text="", format="text")) == ParsedResume()


def test_json_resume_is_not_parsed_as_text() -> None:
    with pytest.raises(ValueError, match="jsonresume"):
        parse_resume(ResumeDocument(text="{}", format="json"))
