"""Facts about a posting read from provider values and text: employment type, seniority,
years of experience and education.

Each reader returns None when the text is silent, never a guess. Workplace, visa sponsorship,
benefits, language, dates and company names live in their own modules
(:mod:`~jobpilot.jobs.workplace`, :mod:`~jobpilot.jobs.visa`, :mod:`~jobpilot.jobs.benefits`,
:mod:`~jobpilot.jobs.language`, :mod:`~jobpilot.jobs.dates`, :mod:`~jobpilot.jobs.companies`)
and are re-exported here so that one import serves the normaliser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from jobpilot.jobs.benefits import extract_benefits
from jobpilot.jobs.companies import JOB_BOARD_HOSTS, company_domain, normalise_company
from jobpilot.jobs.dates import parse_date
from jobpilot.jobs.language import detect_language
from jobpilot.jobs.phrases import PhraseFinder, Rule
from jobpilot.jobs.visa import detect_visa_sponsorship
from jobpilot.jobs.workplace import Workplace, detect_workplace

__all__ = [
    "JOB_BOARD_HOSTS",
    "Education",
    "EmploymentType",
    "Seniority",
    "Workplace",
    "company_domain",
    "detect_education",
    "detect_employment_type",
    "detect_language",
    "detect_seniority",
    "detect_visa_sponsorship",
    "detect_workplace",
    "extract_benefits",
    "normalise_company",
    "parse_date",
    "parse_experience_years",
    "seniority_from_facts",
]

EmploymentType = Literal[
    "full_time",
    "part_time",
    "contract",
    "temporary",
    "internship",
    "apprenticeship",
    "volunteer",
    "per_diem",
]
Seniority = Literal["intern", "junior", "mid", "senior", "lead", "principal", "executive"]
Education = Literal[
    "none", "high_school", "vocational", "associate", "bachelor", "master", "doctorate"
]

_NOT_KEY = re.compile(r"[^0-9a-zäöüßàâçéèêëîïôûùœæøåłñãõá]+")

# Provider values, compared without case, spaces or punctuation ("FULL_TIME", "Full-time").
_EMPLOYMENT_WORDS: list[tuple[EmploymentType, str]] = [
    (
        "full_time",
        "fulltime permanent permanentfulltime fulltimepermanent regular regularfulltime "
        "fulltimeemployee permanentemployee employee salaried ft w2 cdi vollzeit "
        "festanstellung unbefristet tempscomplet tempsplein tiempocompleto jornadacompleta "
        "tempointegral heltid fuldtid voltijd vast pełnyetat pelnyetat",
    ),
    (
        "part_time",
        "parttime parttimeemployee pt teilzeit tempspartiel mediajornada tiempoparcial "
        "tempoparcial deltid deeltijd werkstudent werkstudentin workingstudent minijob "
        "niepełnyetat",
    ),
    (
        "contract",
        "contract contractor contracttohire contracttoperm c2h freelance freelancer "
        "freiberuflich selbstständig selbststaendig independent independentcontractor "
        "indépendant autonomo autónomo consultant contractual corptocorp c2c 1099 zzp b2b "
        "prestataire",
    ),
    (
        "temporary",
        "temporary temp fixedterm fixedtermcontract befristet cdd interim intérim seasonal "
        "saisonal saisonnier temporal temporário temporario tijdelijk vikariat aushilfe casual",
    ),
    (
        "internship",
        "intern internship praktikum praktikant praktikantin pflichtpraktikum stage "
        "stagiaire pasantía pasantia pasante prácticas practicas estágio estagio stagiair "
        "trainee traineeship staż praktyki",
    ),
    (
        "apprenticeship",
        "apprentice apprenticeship ausbildung azubi lehre lehrstelle dualesstudium "
        "alternance apprentissage apprenti aprendiz aprendizaje lærling lärling leerling",
    ),
    (
        "volunteer",
        "volunteer voluntary ehrenamt ehrenamtlich bénévole benevole bénévolat voluntario "
        "voluntariado vrijwilliger frivillig unpaid",
    ),
    ("per_diem", "perdiem prn asneeded"),
]
_EMPLOYMENT_VALUES: dict[str, EmploymentType] = {
    word: kind for kind, words in _EMPLOYMENT_WORDS for word in words.split()
}
# Phrases in free text, most specific first: "Internship (full-time)" is an internship.
_EMPLOYMENT_PATTERNS: list[tuple[EmploymentType, str]] = [
    (
        "internship",
        r"intern(?:ship)?s?|praktikum|praktikant(?:in)?|pflichtpraktikum|stagiaire|"
        r"pasant[ií]a|prácticas|estágio|stagiair|trainee(?:ship)?|summer\s+student",
    ),
    (
        "apprenticeship",
        r"apprentice(?:ship)?s?|ausbildung(?:splatz)?|azubi|duales\s+studium|"
        r"alternance|apprentissage|aprendiz(?:aje)?|lærling|lärling",
    ),
    ("volunteer", r"volunteer(?:ing)?|ehrenamt(?:lich)?|bénévol(?:e|at)|voluntariado"),
    ("per_diem", r"per[- ]diem|PRN"),
    (
        "temporary",
        r"temporary|temp\s+(?:role|position|job)|fixed[- ]term|befristet\w*|CDD|"
        r"seasonal|interim\s+(?:role|position)|intérim|tijdelijk|maternity\s+cover|"
        r"(?:parental|maternity)\s+leave\s+cover",
    ),
    (
        "contract",
        r"contract(?:or)?(?:[- ]to[- ](?:hire|perm))?|freelance[r]?|freiberuflich|B2B|"
        r"1099|corp[- ]to[- ]corp|C2C|C2H|independent\s+contractor",
    ),
    (
        "part_time",
        r"part[- ]?time|teilzeit|temps\s+partiel|media\s+jornada|tiempo\s+parcial|"
        r"tempo\s+parcial|deltid|deeltijd|werkstudent(?:in)?|working\s+student|minijob",
    ),
    (
        "full_time",
        r"full[- ]?time|vollzeit|temps\s+(?:plein|complet)|tiempo\s+completo|"
        r"jornada\s+completa|tempo\s+integral|heltid|fuldtid|voltijd|CDI|"
        r"permanent(?:\s+(?:role|position|contract|employment))?|festanstellung|"
        r"unbefristet",
    ),
]
_EMPLOYMENT_PHRASES = [
    (kind, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE))
    for kind, pattern in _EMPLOYMENT_PATTERNS
]
_VALUE_SEPARATORS = re.compile(r"[,;/|+]| or | and ")


def detect_employment_type(*texts: str | None) -> EmploymentType | None:
    """The employment type the first informative text states, else None.

    Each text is tried as a provider value ("FULL_TIME", "Vollzeit", "CDI", "Contractor",
    "Werkstudent" — a working student's part-time job), then, read as free text such as a
    title, for phrases; the most specific type found wins.
    """
    for text in texts:
        if not text:
            continue
        for value in _VALUE_SEPARATORS.split(text.lower()):
            kind = _EMPLOYMENT_VALUES.get(_NOT_KEY.sub("", value))
            if kind is not None:
                return kind
        for kind, pattern in _EMPLOYMENT_PHRASES:
            if pattern.search(text):
                return kind
    return None


_SENIORITY_PATTERNS: list[tuple[Seniority, str]] = [
    (
        "executive",
        r"executive|c[- ]level|director|vice\s+president|vp|head\s+of|chief|partner|"
        r"geschäftsführ\w*|direktor\w*|directeur|directora?",
    ),
    ("principal", r"principal|distinguished|fellow|expert"),
    ("lead", r"lead|staff|team\s+lead|manager|führungskraft|teamleitung"),
    # LinkedIn's "Mid-Senior level" covers experienced individual contributors.
    ("senior", r"mid[- ]senior(?:\s+level)?|senior|sr|experienced|berufserfahren|confirmé"),
    ("mid", r"mid(?:[- ]level)?|intermediate|professional|associate\s+level"),
    (
        "junior",
        r"entry(?:[- ]level)?|junior|jr|associate|graduate|new\s+grad|young\s+professional|"
        r"berufseinsteiger\w*|débutant|einsteiger",
    ),
    ("intern", r"intern(?:ship)?|trainee|student|werkstudent\w*|praktikum|apprentice"),
]
_SENIORITY_VALUES = [
    (level, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE))
    for level, pattern in _SENIORITY_PATTERNS
]
_SENIORITY_KEYS = ("seniority", "level", "experience", "career", "grade")


def detect_seniority(*texts: str | None) -> Seniority | None:
    """The seniority a provider value names ("Mid-Senior level", "Entry level", "Director"),
    else None. Levels are those of the taxonomy: intern … principal, executive."""
    for text in texts:
        if not text:
            continue
        for level, pattern in _SENIORITY_VALUES:
            if pattern.search(text):
                return level
    return None


def seniority_from_facts(facts: Mapping[str, str]) -> Seniority | None:
    """The seniority stated in a posting's provider facts (keys naming a level), else None."""
    for key, value in facts.items():
        if isinstance(value, str) and any(word in key.lower() for word in _SENIORITY_KEYS):
            level = detect_seniority(value)
            if level is not None:
                return level
    return None


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "ein": 1,
    "einem": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "zehn": 10,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "três": 3,
}
_NUM = r"\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_YEARS = (
    r"(?:years?|yrs?|yoe|jahren?|jahre|ans|années|años|anos|jaar|jaren|års?|år|lat|lata|"
    r"anni)"
)
_EXPERIENCE_WORD = (
    r"(?:experience|exp\b|berufserfahrung|erfahrung|expérience|experiencia|experiência|"
    r"ervaring|werkervaring|erfarenhet|erfaring|doświadczeni[ae]|esperienza)"
)
_EXPERIENCE = re.compile(
    rf"""(?<![\w.,])(?:
        (?P<low>{_NUM})\s*(?:-|\u2013|\u2014|to|bis|à|a|até|tot|till|til|do)\s*(?P<high>{_NUM})
            \s*\+?\s*{_YEARS}(?P<range_tail>[^.;\n]{{0,60}})
      | (?P<plus>{_NUM})\s*\+\s*{_YEARS}(?P<plus_tail>[^.;\n]{{0,60}})
      | (?P<least>at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than|mindestens|
            au\s+moins|al\s+menos|como\s+mínimo|pelo\s+menos|no\s+mínimo|minimaal|minst|
            minimum|co\s+najmniej|ponad|oltre|almeno)\s+(?P<least_n>{_NUM})\s*\+?\s*
            {_YEARS}(?P<least_tail>[^.;\n]{{0,60}})
      | (?P<plain>{_NUM})\s+(?:or\s+more\s+)?{_YEARS}(?P<plain_tail>[^.;\n]{{0,60}})
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_EXPERIENCE_NEAR = re.compile(rf"^\W*(?:\w+\W+){{0,5}}?{_EXPERIENCE_WORD}", re.IGNORECASE)
_NOT_EXPERIENCE_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:ago|old|age|later|from\s+now|warranty|guarantee|in\s+business|history|"
    r"anniversary|running|in\s+a\s+row|vesting|cliff|contract|term|alt|her|zurück|fa\b|"
    r"geleden|sedan|siden)(?!\w)",
    re.IGNORECASE,
)
_NOT_EXPERIENCE_BEFORE = re.compile(
    r"\b(?:founded|established|since|for\s+the\s+(?:past|last)|over\s+the\s+(?:past|last)|"
    r"in\s+the\s+(?:past|last)|aged?|age|older\s+than|under|within|during|vesting|vest|"
    r"cliff|contract\s+of|fixed[- ]term|duration|period|been\s+(?:around|operating)|"
    r"trusted\s+for|serving|for|seit|vor|depuis|desde|há)\W*$",
    re.IGNORECASE,
)


# Every phrase _EXPERIENCE matches has one of these (see jobpilot.jobs.phrases).
_EXPERIENCE_CUES = (
    " year",
    " yr",
    "+year",
    "+yr",
    "yoe",
    " jahr",
    " ans",
    " année",
    " año",
    " ano",
    " jaar",
    " år",
    " års",
    " lat",
    " anni",
)
_EXPERIENCE_FINDER = PhraseFinder(
    [Rule("experience", _EXPERIENCE, _EXPERIENCE_CUES)], before=60, after=80
)


def parse_experience_years(text: str) -> tuple[int, int | None] | None:
    """``(minimum, maximum)`` years of experience asked, the maximum None when open-ended.

    "5+ years" → (5, None), "3-5 years of experience" → (3, 5), "at least two years" →
    (2, None), "mindestens 3 Jahre Berufserfahrung" → (3, None). A bare "N years" counts only
    next to an experience word; company ages ("founded 10 years ago"), ages, durations of
    contracts and 401(k)s do not count. The first qualifying mention wins.
    """
    if not text:
        return None
    for _, match in _EXPERIENCE_FINDER.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if _NOT_EXPERIENCE_BEFORE.search(before):
            continue
        found = _experience(match)
        if found is not None:
            return found
    return None


def _experience(match: re.Match[str]) -> tuple[int, int | None] | None:
    kind = next(k for k in ("low", "plus", "least", "plain") if match.group(k))
    tail = match.group(f"{'range' if kind == 'low' else kind}_tail") or ""
    if _NOT_EXPERIENCE_AFTER.match(tail):
        return None
    if kind == "low":
        low, high = _count(match.group("low")), _count(match.group("high"))
        if low is None or high is None or not low <= high <= 40:
            return None
        return low, high
    number = match.group("least_n") if kind == "least" else match.group(kind)
    years = _count(number)
    if years is None or years > 40:
        return None
    if kind == "plain" and not _EXPERIENCE_NEAR.match(tail):
        return None
    return years, None


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


_EDUCATION_ORDER: tuple[Education, ...] = (
    "none",
    "high_school",
    "vocational",
    "associate",
    "bachelor",
    "master",
    "doctorate",
)
# Degree abbreviations count only where a degree is meant: "BSc in", "BS/MS", "(MSc)".
_ABBREVIATION_CONTEXT = r"(?=\s*(?:/|,|\)|or\b|in\b|degree|oder\b|ou\b|o\b|\.\s|$))"
_EDUCATION = re.compile(
    rf"""(?<!\w)(?:
    (?P<none>no\s+(?:formal\s+)?(?:degree|diploma|qualifications?)\s+(?:is\s+)?
        (?:required|needed|necessary)|degree\s+(?:is\s+)?not\s+required|without\s+a\s+degree|
        kein\s+(?:Studium|Abschluss)\s+(?:erforderlich|notwendig|nötig)|sans\s+diplôme)
    |(?P<doctorate>Ph\.?\s?D\.?s?|doctorate|doctoral\s+degree|DPhil|promoviert\w*|
        Promotion\s+in|doctorat|doctorado|doutorado|doutoramento|dottorato)
    |(?P<master>master['\u2019]?s(?:\s+degree)?|masters?\s+(?:degree|in|of)|
        master\s*(?=/)|(?<=/)\s*master|Masterabschluss|Master-Abschluss|Masterstudium|
        Diplom(?:-\w+)?|bac\s*\+\s*5|máster|maestría|mestrado|MBA|
        M\.?\s?Sc\.?{_ABBREVIATION_CONTEXT}|MS{_ABBREVIATION_CONTEXT}|
        M\.?\s?Eng{_ABBREVIATION_CONTEXT}|M\.A\.{_ABBREVIATION_CONTEXT}|
        postgraduate|post-graduate|graduate\s+degree|advanced\s+degree)
    |(?P<bachelor>bachelor['\u2019]?s(?:\s+degree)?|bachelors?\s+(?:degree|in|of)|
        bachelor\b|B\.?\s?Sc\.?{_ABBREVIATION_CONTEXT}|BS{_ABBREVIATION_CONTEXT}|
        B\.?\s?Eng{_ABBREVIATION_CONTEXT}|B\.?\s?Tech{_ABBREVIATION_CONTEXT}|
        B\.A\.{_ABBREVIATION_CONTEXT}|BA{_ABBREVIATION_CONTEXT}|
        undergraduate\s+degree|university\s+degree|college\s+degree|
        (?:four|4)[- ]year\s+degree|degree\s+in|abgeschlossenes\s+(?:\w+\s+)?Studium|
        Hochschulabschluss|Hochschulstudium|Studienabschluss|FH-Abschluss|
        licence(?=\s*(?:/|en\b|pro\b|professionnelle|universitaire|ou\b))|(?<=/)\s*licence|
        bac\s*\+\s*[34]|licenciatura|grado\s+universitario|título\s+universitario|
        graduação|bacharelado|HBO|WO-bachelor|kandidatexamen|högskoleexamen|licencjat|
        laurea)
    |(?P<associate>associate['\u2019]?s?\s+degree|two[- ]year\s+degree|HND|
        foundation\s+degree|DUT|BTS|bac\s*\+\s*2)
    |(?P<vocational>vocational\s+(?:training|qualification|degree|school)|trade\s+school|
        abgeschlossene\s+(?:\w+\s+)?(?:Berufs)?ausbildung|Berufsausbildung|Ausbildung\s+als|
        Ausbildung\s+zum|Ausbildung\s+zur|formación\s+profesional|NVQ|BTEC|MBO|
        CAP\s+ou\s+BEP|apprenticeship\s+(?:completed|qualification))
    |(?P<high_school>high[- ]school(?:\s+diploma)?|GED|secondary\s+school|A[- ]levels?|
        GCSEs?|Abitur|Fachabitur|Hochschulreife|baccalauréat|bachillerato|ensino\s+médio|
        Matura|gymnasieexamen|HAVO|VWO)
    )(?!\w)""",
    re.VERBOSE | re.IGNORECASE,
)
_ABBREVIATIONS = frozenset({"MS", "BS", "BA", "HBO", "MBO", "DUT", "BTS", "HND", "GED", "CAP"})
# Every phrase _EDUCATION matches contains one of these (see jobpilot.jobs.phrases).
_EDUCATION_CUES = (
    "degree",
    "diploma",
    "qualification",
    "studium",
    "abschluss",
    "diplôme",
    "phd",
    "ph.d",
    "ph d",
    "doctora",
    "dphil",
    "promovi",
    "promotion",
    "doutor",
    "dottorato",
    "master",
    "diplom",
    "bac+",
    "bac +",
    "baccalauréat",
    "máster",
    "maestría",
    "mestrado",
    "mba",
    "graduate",
    "msc",
    "m.sc",
    "m. sc",
    "meng",
    "m.eng",
    "bachelor",
    "bsc",
    "b.sc",
    "b. sc",
    "beng",
    "b.eng",
    "btech",
    "b.tech",
    "b. tech",
    "hochschul",
    "licence",
    "licenciatura",
    "grado",
    "título",
    "graduação",
    "bacharelado",
    "wo-bachelor",
    "kandidatexamen",
    "högskoleexamen",
    "licencjat",
    "laurea",
    "associate",
    "foundation",
    "vocational",
    "trade school",
    "ausbildung",
    "formación",
    "btec",
    "apprenticeship",
    "high school",
    "high-school",
    "secondary",
    "a-level",
    "a level",
    "gcse",
    "abitur",
    "matura",
    "gymnasieexamen",
    "bachillerato",
    "ensino",
)
_EDUCATION_FINDER = PhraseFinder(
    [
        Rule(
            "education",
            _EDUCATION,
            _EDUCATION_CUES,
            exact_cues=("MS", "BS", "BA", "GED", "HBO", "MBO", "DUT", "BTS", "HND", "NVQ", "CAP"),
        )
    ],
    before=40,
    after=60,
)


def detect_education(text: str) -> Education | None:
    """The lowest education level a posting asks for, else None.

    "Bachelor's or Master's" asks for a bachelor's; "no degree required" gives ``none``.
    Abbreviations count only in capitals and where a degree is meant ("BS/MS in", "(MSc)").
    """
    if not text:
        return None
    found: set[Education] = set()
    for _, match in _EDUCATION_FINDER.finditer(text):
        word = match.group(0)
        if word.upper() in _ABBREVIATIONS and word != word.upper():
            continue
        level = match.lastgroup
        for candidate in _EDUCATION_ORDER:
            if candidate == level:
                found.add(candidate)
    return next((level for level in _EDUCATION_ORDER if level in found), None)
