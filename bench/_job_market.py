"""The synthetic labour market the judged set is drawn from: occupation families with their
titles, skills (built-in taxonomy names), employers and pay, the towns and countries people
live and work in, and the sentences resumes and postings are written with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jobpilot.taxonomy.builtin import skill_id

# Inside the texts, ranges and entries use the dashes people type.
EN_DASH = "\u2013"
EM_DASH = "\u2014"


@dataclass(frozen=True, slots=True)
class Town:
    city: str
    country: str  # ISO 3166-1 alpha-2
    label: str  # as resumes and postings write it


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    currency: str
    symbol: str
    pay_factor: float  # pay relative to the United States, in the reference currency


COUNTRIES: Mapping[str, Country] = {
    "US": Country("United States", "USD", "$", 1.0),
    "GB": Country("United Kingdom", "GBP", "£", 0.62),
    "DE": Country("Germany", "EUR", "€", 0.6),
    "NL": Country("Netherlands", "EUR", "€", 0.6),
    "CA": Country("Canada", "CAD", "CA$", 0.72),
}
# Each town with how often seekers live there.
TOWNS: tuple[tuple[Town, int], ...] = (
    (Town("New York", "US", "New York, NY"), 14),
    (Town("Austin", "US", "Austin, TX"), 9),
    (Town("Seattle", "US", "Seattle, WA"), 7),
    (Town("London", "GB", "London, United Kingdom"), 14),
    (Town("Manchester", "GB", "Manchester, United Kingdom"), 6),
    (Town("Berlin", "DE", "Berlin, Germany"), 12),
    (Town("Munich", "DE", "Munich, Germany"), 7),
    (Town("Amsterdam", "NL", "Amsterdam, Netherlands"), 10),
    (Town("Rotterdam", "NL", "Rotterdam, Netherlands"), 5),
    (Town("Toronto", "CA", "Toronto, ON"), 12),
)

LEVELS = ("junior", "mid", "senior", "lead")
LEVEL_WEIGHTS = (20, 35, 30, 15)
LEVEL_PREFIX = {"junior": "Junior ", "mid": "", "senior": "Senior ", "lead": "Lead "}
LEVEL_PAY = {"junior": 0.72, "mid": 1.0, "senior": 1.28, "lead": 1.5}
LEVEL_YEARS = {"junior": (0.8, 2.0), "mid": (2.5, 4.8), "senior": (5.5, 7.8), "lead": (8.5, 14.0)}
LEVEL_ASKS_YEARS = {"junior": 1, "mid": 3, "senior": 5, "lead": 8}

# The first six are values the culture factor recognises in a seeker's goals.
BENEFITS = (
    "learning budget",
    "parental leave",
    "flexible hours",
    "four-day week",
    "equity",
    "mentoring",
    "pension plan",
    "health insurance",
)
GOALS = (
    "Looking for a team that offers {a} and {b}.",
    "I want to keep growing; {a} and {b} matter to me.",
    "Next I would like a place with {a}, ideally also {b}.",
)
# fmt: off
FIRST_NAMES = (
    "Amara", "Bruno", "Chen", "Dalia", "Emil", "Farah", "Gustav", "Hana", "Ivo", "Jana",
    "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tess",
)
LAST_NAMES = (
    "Abbott", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Jansen", "Kowalski", "Laine", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi",
    "Silva", "Tanaka",
)
# fmt: on
UNIVERSITIES = (
    "Northfield University",
    "University of Westbrook",
    "Lakeshore Institute",
    "Eastgate University",
)

DUTY_PAIR = (
    "Used {a} and {b} on {project}",
    "Worked with {a} and {b} to improve {project}",
    "Brought {a} and {b} together for {project}",
)
DUTY_ONE = (
    "Took ownership of {a} for {project}",
    "Relied on {a} every day while running {project}",
    "Introduced {a} to {project}",
)
ROLE = (
    "- Work with {a} and {b} on {project}",
    "- Take ownership of {project}, using {a} and {b}",
)
REQUIRED = (
    "- Hands-on experience with {a}",
    "- Solid {a} skills",
    "- Confident with {a} in daily work",
    "- A track record in {a}",
)
NICE = ("- {a}", "- Familiarity with {a}", "- Some exposure to {a}")
# Single-word skill names that are ordinary nouns, written in lower case inside a sentence.
# fmt: off
COMMON_NOUNS = frozenset({
    "Accounting", "Budgeting", "Microservices", "Negotiation", "Observability", "Payroll",
    "Pedagogy", "Phlebotomy", "Procurement", "Prospecting", "Prototyping", "Reconciliation",
    "Safeguarding", "Sales", "Scheduling", "Statistics", "Typography", "Wireframing",
})
# fmt: on


@dataclass(frozen=True, slots=True)
class Track:
    """An occupation family: its titles, skills (most common first), employers and pay."""

    family: str
    titles: tuple[str, ...]
    noun: str
    core: tuple[str, ...]
    extras: tuple[str, ...]
    projects: tuple[str, ...]
    companies: tuple[tuple[str, str], ...]  # (name, country)
    industry: str
    degree: str
    pay: float  # a mid-level yearly salary in the United States, in USD
    office_work: bool  # remote and hybrid work exist in this occupation
    hourly_in_us: bool  # US postings and floors often state an hourly rate


def _items(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";"))


def _companies(text: str) -> tuple[tuple[str, str], ...]:
    """ "Name/CC; Name/CC" as (name, country) pairs."""
    pairs = []
    for item in _items(text):
        name, country = item.rsplit("/", 1)
        pairs.append((name, country))
    return tuple(pairs)


def _track(
    family: str,
    *,
    titles: str,
    noun: str,
    core: str,
    extras: str,
    projects: str,
    companies: str,
    industry: str,
    degree: str,
    pay: float,
    office_work: bool = True,
    hourly_in_us: bool = False,
) -> Track:
    return Track(
        family,
        _items(titles),
        noun,
        _items(core),
        _items(extras),
        _items(projects),
        _companies(companies),
        industry,
        degree,
        pay,
        office_work,
        hourly_in_us,
    )


TRACKS: tuple[Track, ...] = (
    _track(
        "backend",
        titles="Backend Engineer; Backend Developer; Server Engineer",
        noun="backend engineer",
        core="Python; SQL; REST APIs; PostgreSQL; Docker; Microservices; Java; Git",
        extras="Go; Redis; Apache Kafka; Kubernetes; GraphQL; Django; Spring Boot; Node.js; "
        "Amazon Web Services",
        projects="the payments platform; an order tracking service; "
        "the customer accounts system; the invoicing engine",
        companies="Lindenpay/DE; Harbor Ledger/US; Quayside Systems/GB; Maplestack/CA; "
        "Tulip Commerce/NL; Brightwire/US; Fernhaus/DE",
        industry="software",
        degree="BSc in Computer Science",
        pay=130_000,
    ),
    _track(
        "frontend",
        titles="Frontend Engineer; Frontend Developer; UI Engineer",
        noun="frontend developer",
        core="JavaScript; TypeScript; React; HTML; CSS; Responsive design; Web accessibility; Git",
        extras="Vue.js; Angular; Next.js; Redux; Jest; GraphQL; Figma; Webpack",
        projects="the checkout pages; a booking web app; the customer dashboard; "
        "the marketing site",
        companies="Pixelmint/US; Canalview/NL; Brightwire/US; Hollow Oak Studio/GB; "
        "Spreeline/DE; Northlake Apps/CA",
        industry="e-commerce",
        degree="BSc in Computer Science",
        pay=120_000,
    ),
    _track(
        "data",
        titles="Data Analyst; Data Scientist; Analytics Engineer",
        noun="data analyst",
        core="SQL; Python; Data analysis; Statistics; Data visualisation; Tableau; "
        "Microsoft Power BI; Microsoft Excel; pandas",
        extras="Machine learning; scikit-learn; A/B testing; R programming; dbt; Apache Spark; "
        "Snowflake; Looker",
        projects="the weekly sales reports; a churn study; the pricing review; "
        "the customer survey programme",
        companies="Insightful Labs/US; Kestrel Retail/GB; Datenwerk/DE; Polder Insights/NL; "
        "Tundra Metrics/CA; Harbor Ledger/US",
        industry="retail",
        degree="BSc in Economics",
        pay=115_000,
    ),
    _track(
        "devops",
        titles="DevOps Engineer; Site Reliability Engineer; Platform Engineer",
        noun="devops engineer",
        core="Docker; Kubernetes; CI/CD; Terraform; Linux; Amazon Web Services; Ansible; Bash; "
        "Prometheus",
        extras="Jenkins; Python; Go; Microsoft Azure; Google Cloud Platform; Helm; "
        "Observability; Incident management",
        projects="the build farm; a fleet of two hundred servers; the release process; "
        "the hosting platform",
        companies="Cloudmeadow/US; Stackyard/GB; Lindenpay/DE; Dijkstra Hosting/NL; "
        "Maplestack/CA; Brightwire/US",
        industry="cloud services",
        degree="BSc in Computer Engineering",
        pay=135_000,
    ),
    _track(
        "nursing",
        titles="Registered Nurse; Staff Nurse; Clinical Nurse",
        noun="registered nurse",
        core="Patient care; Medication administration; Patient assessment; Care planning; "
        "Electronic health records; Basic Life Support; Infection control; Wound care; "
        "Vital signs monitoring",
        extras="Advanced Cardiovascular Life Support; Phlebotomy; IV therapy; Palliative care; "
        "Patient education",
        projects="a 30-bed surgical ward; the cardiology unit; the day clinic; "
        "the emergency department",
        companies="St Anselm Hospital/US; Riverside Health/US; Kingsgate NHS Trust/GB; "
        "Charlottenklinik/DE; Amstel Zorg/NL; Lakeview General/CA",
        industry="healthcare",
        degree="BSc in Nursing",
        pay=85_000,
        office_work=False,
        hourly_in_us=True,
    ),
    _track(
        "accounting",
        titles="Accountant; Staff Accountant; Financial Accountant",
        noun="accountant",
        core="Accounting; Financial reporting; General ledger; Reconciliation; IFRS; US GAAP; "
        "Month-end close; Microsoft Excel; Tax accounting",
        extras="QuickBooks; Xero; SAP ERP; Payroll; VAT; Budgeting; Internal audit; "
        "Accounts payable",
        projects="the group's quarterly close; the subsidiary ledgers; the annual statements; "
        "the expense process",
        companies="Barrow & Finch/GB; Ledgerline/US; Koenig Treuhand/DE; Van Dijk Advisory/NL; "
        "Northstar Accounting/CA; Harbor Ledger/US",
        industry="professional services",
        degree="BA in Accounting and Finance",
        pay=75_000,
    ),
    _track(
        "sales",
        titles="Account Executive; Sales Representative; Business Development Manager",
        noun="account executive",
        core="Sales; Negotiation; Prospecting; Salesforce; Pipeline management; Closing deals; "
        "B2B sales; Cold calling; Customer relationship management",
        extras="SaaS sales; Sales forecasting; Account management; Lead generation; "
        "Presentation skills",
        projects="the mid-market territory; the Benelux region; a portfolio of 60 accounts; "
        "the new logistics vertical",
        companies="Brightwire/US; Quotient Software/US; Stackyard/GB; Vertrieb Nord/DE; "
        "Tulip Commerce/NL; Maplestack/CA",
        industry="software",
        degree="BA in Business Administration",
        pay=80_000,
    ),
    _track(
        "teaching",
        titles="Secondary School Teacher; Primary School Teacher; Mathematics Teacher",
        noun="teacher",
        core="Lesson planning; Classroom management; Pedagogy; Student assessment; "
        "Curriculum development; Differentiated instruction; Safeguarding; Child development",
        extras="Special educational needs; Google Classroom; Behaviour management",
        projects="a year 9 class; the lower school; the after-school club; "
        "the exam preparation course",
        companies="Oakridge Academy/GB; Lincoln Heights School/US; Willow Creek Elementary/US; "
        "Gesamtschule am See/DE; Het Lyceum/NL; Maple Grove School/CA",
        industry="education",
        degree="BEd in Education",
        pay=60_000,
        office_work=False,
    ),
    _track(
        "logistics",
        titles="Logistics Coordinator; Warehouse Supervisor; Supply Chain Coordinator",
        noun="logistics coordinator",
        core="Logistics management; Shipping operations; Inventory management; "
        "Warehouse management systems; Transport management systems; Scheduling; "
        "Microsoft Excel; Supply chain management",
        extras="SAP ERP; Forklift operation; Lean manufacturing; Key performance indicators; "
        "Occupational health and safety; Procurement; Freight forwarding",
        projects="the regional distribution centre; the night shift; the inbound dock; "
        "the cross-border routes",
        companies="Swiftline Freight/US; Rhenus Hub/DE; Port Meridian/NL; Crossdock UK/GB; "
        "Laurentian Logistics/CA; Tulip Commerce/NL",
        industry="logistics",
        degree="BSc in Business Logistics",
        pay=55_000,
        office_work=False,
        hourly_in_us=True,
    ),
    _track(
        "design",
        titles="Product Designer; UX Designer; Interaction Designer",
        noun="product designer",
        core="Figma; Prototyping; User research; Wireframing; Usability testing; Design systems; "
        "Interaction design; Information architecture",
        extras="Adobe Illustrator; Adobe Photoshop; Sketch; Typography; Web accessibility; "
        "User journey mapping",
        projects="the onboarding flow; a banking app; the self-service portal; the booking journey",
        companies="Pixelmint/US; Hollow Oak Studio/GB; Formhaus/DE; Canalview/NL; "
        "Northlake Apps/CA; Quotient Software/US",
        industry="digital products",
        degree="BA in Interaction Design",
        pay=110_000,
    ),
)
TRACK_BY_FAMILY: Mapping[str, Track] = {track.family: track for track in TRACKS}


def track_skill_ids() -> frozenset[str]:
    """The concept ids of every skill the tracks name (each must exist in the taxonomy)."""
    return frozenset(skill_id(name) for t in TRACKS for name in (*t.core, *t.extras))
