"""Benefits a posting offers, named from one vocabulary so postings can be compared.

Each benefit has one canonical name (``BENEFITS``) and the phrases that mean it, in English
and the common European languages, matched on word boundaries. Phrases that only look like
benefits are left out: "bonus" alone ("Go is a bonus"), "equity" in "diversity, equity and
inclusion", "vision" without insurance words.
"""

from __future__ import annotations

import re

from jobpilot.jobs.phrases import PhraseFinder, Rule
from jobpilot.jobs.visa import detect_visa_sponsorship

# (canonical name, pattern, cues) in the order results are listed; every phrase the pattern
# matches contains one of the cues (see jobpilot.jobs.phrases).
_VOCABULARY: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "health insurance",
        r"health\s*(?:insurance|care|coverage|plan|benefits?)|medical(?=,?\s*(?:&|and|/)?\s*dental)|"
        r"medical\s+(?:insurance|"
        r"coverage|benefits?|plan|care)|private\s+medical|Krankenversicherung|"
        r"Krankenzusatzversicherung|mutuelle|seguro\s+(?:médico|de\s+salud|de\s+saúde)|"
        r"plano\s+de\s+saúde|zorgverzekering|sjukvårdsförsäkring|helseforsikring|"
        r"sundhedsforsikring|prywatna\s+opieka\s+medyczna",
        (
            "health",
            "medical",
            "krankenversicherung",
            "krankenzusatz",
            "mutuelle",
            "seguro",
            "plano de saúde",
            "zorgverzekering",
            "sjukvårdsförsäkring",
            "helseforsikring",
            "sundhedsforsikring",
            "opieka medyczna",
        ),
    ),
    (
        "dental insurance",
        r"dental(?:\s+(?:insurance|coverage|care|plan))?|Zahnzusatz\w*",
        ("dental", "zahnzusatz"),
    ),
    (
        "vision insurance",
        r"vision\s+(?:insurance|coverage|care|plan|benefits?)|(?<=dental,\s)vision|"
        r"(?<=dental\s&\s)vision|(?<=dental\sand\s)vision|(?<=dental/)vision|optical\s+care",
        ("vision", "optical"),
    ),
    (
        "life insurance",
        r"life\s+(?:insurance|assurance)|Lebensversicherung|death\s+in\s+service",
        ("life insurance", "life assurance", "lebensversicherung", "death in service"),
    ),
    (
        "disability insurance",
        r"disability\s+(?:insurance|coverage)|(?:short|long)[- ]term\s+disability|"
        r"income\s+protection",
        ("disability", "income protection"),
    ),
    (
        "retirement plan",
        r"401\s?\(?k\)?|403\s?\(?b\)?|pension(?:\s+(?:plan|scheme|contributions?))?|"
        r"retirement\s+(?:plan|savings|benefits?|contributions?)|superannuation|RRSP|"
        r"KiwiSaver|Altersvorsorge|betriebliche\s+Altersvorsorge|bAV|Pensionskasse|"
        r"plan\s+de\s+pensiones|previdência\s+privada|tjänstepension|pensjon(?:sordning)?|"
        r"pensioen(?:regeling)?|plan\s+d['\u2019]épargne\s+retraite|PER\s+collectif",
        (
            "401",
            "403",
            "pension",
            "retirement",
            "superannuation",
            "rrsp",
            "kiwisaver",
            "altersvorsorge",
            "bav",
            "previdência",
            "pensjon",
            "pensioen",
            "retraite",
            "per collectif",
        ),
    ),
    (
        "equity",
        r"(?<!diversity\s)(?<!diversity,\s)(?<!pay\s)(?<!health\s)equity"
        r"(?!\s*(?:&|and|,)\s*(?:inclusion|belonging))|stock\s+options?|share\s+options?|"
        r"RSUs?|ESOP|ESPP|employee\s+stock(?:\s+purchase)?|VSOP|virtual\s+(?:shares|stock)|"
        r"Mitarbeiterbeteiligung|BSPCE|stock\s+grants?|ownership\s+stake|"
        r"(?:company\s+)?shares\s+in\s+the\s+company",
        (
            "equity",
            "stock",
            "share option",
            "rsu",
            "esop",
            "espp",
            "vsop",
            "virtual shares",
            "mitarbeiterbeteiligung",
            "bspce",
            "ownership stake",
            "shares in the company",
        ),
    ),
    (
        "bonus",
        r"(?:annual|yearly|performance|signing|sign[- ]on|cash|quarterly|target|"
        r"discretionary|company|referral|holiday|christmas)[- ](?:based\s+)?bonus(?:es)?|"
        r"bonus\s+(?:scheme|plan|program(?:me)?|structure|potential|eligibility|"
        r"opportunit\w+|payments?)|(?<=\+\s)bonus|(?<=plus\s)bonus|(?<=&\s)bonus|"
        r"profit[- ]sharing|13th\s+(?:month\s+)?salary|13\.\s*Monatsgehalt|"
        r"Weihnachtsgeld|Urlaubsgeld|Jahresbonus|Bonuszahlung\w*|prime\s+annuelle|"
        r"treizième\s+mois|variable\s+(?:pay|compensation|bonus)",
        (
            "bonus",
            "profit",
            "13th",
            "monatsgehalt",
            "weihnachtsgeld",
            "urlaubsgeld",
            "prime annuelle",
            "treizième",
            "variable",
        ),
    ),
    (
        "remote work stipend",
        r"(?:remote|home[- ]?office|work[- ]from[- ]home|WFH|co-?working|internet|phone|"
        r"mobile)\s+(?:work\s+)?(?:stipend|allowance|budget|reimbursement|subsidy)|"
        r"Homeoffice-?(?:Pauschale|Zuschuss|Budget)|Home-Office-(?:Pauschale|Zuschuss)",
        ("stipend", "allowance", "budget", "reimbursement", "subsidy", "homeoffice", "home-office"),
    ),
    (
        "home office setup",
        r"(?:home[- ]?office|remote)\s+(?:setup|set-up|equipment)|equipment\s+budget|"
        r"laptop\s+of\s+your\s+choice|hardware\s+of\s+your\s+choice",
        ("setup", "set-up", "equipment", "of your choice"),
    ),
    (
        "learning budget",
        r"(?:learning|training|education(?:al)?|development|conference|L&D|growth|"
        r"professional\s+development|personal\s+development)\s+(?:budget|stipend|allowance|"
        r"fund|credits?)|tuition\s+(?:reimbursement|assistance)|Weiterbildungsbudget|"
        r"Weiterbildung(?:smöglichkeiten|sangebote)?|Fortbildung\w*|budget\s+formation|"
        r"conference\s+(?:tickets|attendance)|Udemy|Coursera|O['\u2019]Reilly",
        (
            "budget",
            "stipend",
            "allowance",
            "fund",
            "credit",
            "tuition",
            "weiterbildung",
            "fortbildung",
            "conference",
            "udemy",
            "coursera",
            "reilly",
        ),
    ),
    (
        "parental leave",
        r"parental\s+leave|maternity\s+(?:leave|pay)|paternity\s+(?:leave|pay)|"
        r"family\s+leave|Elternzeit|congé\s+(?:parental|maternité|paternité)|"
        r"baja\s+(?:por\s+)?(?:maternidad|paternidad)|ouderschapsverlof|föräldraledighet",
        (
            "parental",
            "maternity",
            "paternity",
            "family leave",
            "elternzeit",
            "congé",
            "maternidad",
            "paternidad",
            "ouderschapsverlof",
            "föräldraledighet",
        ),
    ),
    (
        "unlimited PTO",
        r"unlimited\s+(?:PTO|paid\s+time\s+off|vacation|holidays?|annual\s+leave|leave|"
        r"time\s+off)|flexible\s+(?:PTO|time\s+off|vacation)|self[- ]managed\s+"
        r"(?:time\s+off|holidays?|leave)|open\s+vacation|uncapped\s+(?:holidays?|leave|PTO)|"
        r"unbegrenzte[rn]?\s+Urlaub",
        (
            "unlimited",
            "flexible pto",
            "flexible time off",
            "flexible vacation",
            "self-managed",
            "self managed",
            "open vacation",
            "uncapped",
            "unbegrenzte",
        ),
    ),
    (
        "paid time off",
        r"(?P<days>\d{1,2})\s*\+?\s*(?:(?:working\s+|business\s+|paid\s+|calendar\s+)?days?"
        r"\s+(?:of\s+)?(?:paid\s+)?(?:vacation|holidays?|annual\s+leave|PTO|time\s+off|"
        r"leave|off)|Urlaubstage|Tage\s+(?:bezahlter\s+)?Urlaub|jours\s+de\s+(?:congés?|RTT)|"
        r"días\s+(?:laborables\s+)?de\s+vacaciones|dias\s+(?:úteis\s+)?de\s+férias|"
        r"vakantiedagen|semesterdagar|feriedage|feriedager|dni\s+urlopu)|"
        r"PTO|paid\s+time\s+off|paid\s+(?:vacation|holidays?|leave)|annual\s+leave|"
        r"holiday\s+allowance|vacation\s+days|congés\s+payés|vacaciones\s+pagadas",
        (
            "vacation",
            "holiday",
            "annual leave",
            "pto",
            "time off",
            "leave",
            "days off",
            "day off",
            "urlaub",
            "congé",
            "rtt",
            "vacaciones",
            "férias",
            "vakantiedagen",
            "semesterdagar",
            "feriedage",
            "urlopu",
        ),
    ),
    (
        "sabbatical",
        r"sabbaticals?|Sabbatjahr",
        ("sabbat",),
    ),
    (
        "gym",
        r"gym|fitness\s+(?:membership|allowance|subsidy|studio|center|centre)|"
        r"Urban\s+Sports\s+Club|EGYM\s+Wellpass|Wellpass|ClassPass|Gympass|Wellhub|"
        r"Hansefit|sports?\s+(?:membership|subsidy|allowance)|Fitnessstudio",
        ("gym", "fitness", "sport", "wellpass", "classpass", "wellhub", "hansefit"),
    ),
    (
        "wellness budget",
        r"(?:wellness|wellbeing|well-being)\s+(?:stipend|allowance|budget|program(?:me)?|"
        r"benefits?)",
        ("wellness", "wellbeing", "well-being"),
    ),
    (
        "mental health support",
        r"mental\s+health\s+(?:support|benefits?|days?|app|platform|coverage)|therapy\s+"
        r"sessions|counsell?ing\s+(?:services|sessions)|employee\s+assistance\s+program(?:me)?|"
        r"EAP|OpenUp|Headspace|Spring\s+Health|Lyra\s+Health|Modern\s+Health",
        (
            "mental health",
            "therapy",
            "counsel",
            "employee assistance",
            "eap",
            "openup",
            "headspace",
            "spring health",
            "lyra",
            "modern health",
        ),
    ),
    (
        "meals",
        r"(?:free|catered|daily|subsidi[sz]ed|team|healthy|complimentary)\s+(?:lunch(?:es)?|"
        r"meals?|breakfast|food|snacks|dinners?)|meal\s+(?:vouchers?|allowance|card|stipend|"
        r"benefits?)|lunch\s+(?:vouchers?|allowance|benefit|stipend)|tickets?[- ]restaurants?|"
        r"titres?[- ]restaurants?|Essenszuschuss|Essensgutscheine?|fully\s+stocked\s+"
        r"(?:kitchen|fridge)|snacks\s+and\s+drinks|Sodexo|Swile|Lunchit",
        (
            "lunch",
            "meal",
            "breakfast",
            "food",
            "snack",
            "dinner",
            "restaurant",
            "essenszuschuss",
            "essensgutschein",
            "stocked",
            "sodexo",
            "swile",
        ),
    ),
    (
        "commuter benefits",
        r"commuter\s+benefits?|transit\s+(?:pass|benefits?|subsidy)|public\s+transport"
        r"(?:ation)?\s+(?:ticket|pass|subsidy|allowance)|Deutschlandticket|Job-?[Tt]icket|"
        r"travel\s+allowance|bike\s+(?:leasing|to\s+work|scheme)|JobRad|Bikeleasing|"
        r"cycle\s+to\s+work|Navigo|abono\s+(?:de\s+)?transporte",
        (
            "commuter",
            "transit",
            "public transport",
            "ticket",
            "travel allowance",
            "bike",
            "jobrad",
            "cycle to work",
            "navigo",
            "abono",
        ),
    ),
    (
        "relocation",
        r"relocation(?:\s+(?:package|support|assistance|bonus|allowance|budget|help))?|"
        r"Umzugs(?:unterstützung|kosten|pauschale)|aide\s+(?:à\s+la|au)\s+(?:relocalisation|"
        r"déménagement)|ayuda\s+(?:a\s+la|para\s+la)\s+reubicación",
        ("relocation", "umzug", "relocalisation", "déménagement", "reubicación"),
    ),
    (
        "childcare",
        r"child\s*care|daycare|day\s+care|Kita-?(?:Zuschuss|Platz|Plätze)|"
        r"Kinderbetreuung(?:szuschuss)?|crèche|creche|guardería|kinderopvang",
        (
            "child",
            "daycare",
            "day care",
            "kita",
            "kinderbetreuung",
            "crèche",
            "creche",
            "guardería",
            "kinderopvang",
        ),
    ),
    (
        "company car",
        r"company\s+car|car\s+allowance|Firmenwagen|Dienstwagen|voiture\s+de\s+fonction|"
        r"coche\s+de\s+empresa|lease\s+car|car\s+lease|leaseauto|tjänstebil|firmabil",
        (
            "company car",
            "car allowance",
            "firmenwagen",
            "dienstwagen",
            "voiture de fonction",
            "coche de empresa",
            "lease car",
            "car lease",
            "leaseauto",
            "tjänstebil",
            "firmabil",
        ),
    ),
    (
        "flexible hours",
        r"flexible\s+(?:working\s+)?(?:hours|schedules?|working\s+time|work\s+hours|"
        r"start\s+times?|working\s+arrangements)|flexi-?time|flextime|Gleitzeit|"
        r"flexible\s+Arbeitszeit(?:en|modelle)?|Vertrauensarbeitszeit|horaires?\s+flexibles?|"
        r"horario\s+flexible|flexibele\s+werktijden|flexibla\s+arbetstider",
        (
            "flexible",
            "flexi",
            "flextime",
            "gleitzeit",
            "vertrauensarbeitszeit",
            "horaire",
            "horario",
            "flexibele",
            "flexibla",
        ),
    ),
    (
        "4-day week",
        r"(?:4|four)[- ]days?\s+(?:work(?:ing)?\s*)?week|4-Tage-Woche|"
        r"semaine\s+de\s+(?:4|quatre)\s+jours|semana\s+de\s+(?:4|cuatro)\s+días|"
        r"32[- ]hour\s+(?:work\s*)?week",
        (
            "day week",
            "days week",
            "day work",
            "days work",
            "4-tage",
            "semaine de",
            "semana de",
            "hour week",
            "hour work",
        ),
    ),
    (
        "employee discounts",
        r"(?:employee|staff)\s+discounts?|corporate\s+benefits|Mitarbeiterrabatte?|"
        r"Mitarbeiterangebote",
        ("discount", "corporate benefits", "mitarbeiterrabatt", "mitarbeiterangebote"),
    ),
    (
        "team events",
        r"team\s+(?:events|offsites?|retreats?|outings)|company\s+(?:retreats?|offsites?|"
        r"events)|offsites|Teamevents?|Firmenevents?",
        (
            "team event",
            "team offsite",
            "team retreat",
            "team outing",
            "company retreat",
            "company offsite",
            "company event",
            "offsites",
            "teamevent",
            "firmenevent",
        ),
    ),
]
_NAMES = [name for name, _, _ in _VOCABULARY]
# Visa support is read by jobpilot.jobs.visa; it is listed after relocation.
BENEFITS: tuple[str, ...] = (
    *_NAMES[: _NAMES.index("relocation") + 1],
    "visa support",
    *_NAMES[_NAMES.index("relocation") + 1 :],
)
_FINDER = PhraseFinder(
    [
        Rule(name, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), cues)
        for name, pattern, cues in _VOCABULARY
    ]
)
# "PTO", "EAP", "RSU" and the like mean the benefit only in capitals.
_CAPITALS_ONLY = frozenset({"PTO", "EAP", "RSU", "ESOP", "ESPP", "VSOP", "RRSP"})
_DAYS_OFF_RANGE = range(5, 61)


def extract_benefits(text: str) -> list[str]:
    """The canonical names of the benefits ``text`` mentions, each once, in vocabulary order.

    Paid time off with a stated number of days is named with it: "paid time off (30 days)".
    """
    if not text:
        return []
    found: set[str] = set()
    days_off: int | None = None
    for name, match in _FINDER.finditer(text, overlapping=False):
        word = match.group(0)
        if word.upper().rstrip("S") in _CAPITALS_ONLY and word != word.upper():
            continue
        if name == "paid time off" and match.group("days"):
            days = int(match.group("days"))
            if days not in _DAYS_OFF_RANGE:
                continue
            days_off = max(days_off or 0, days)
        found.add(name)
    if detect_visa_sponsorship(text) is True:
        found.add("visa support")
    names = [name for name in BENEFITS if name in found]
    if days_off is not None:
        names = [f"paid time off ({days_off} days)" if n == "paid time off" else n for n in names]
    return names
