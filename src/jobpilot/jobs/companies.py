"""Employer names and domains, normalised so one employer is one key across sources.

"ACME, Inc.", "Acme Inc" and "acme" share the key ``acme``; "Müller GmbH & Co. KG" is shown
as "Müller" with the key ``muller``. The employer's domain comes from its own site
("https://careers.acme.co.uk/jobs/1" → ``acme.co.uk``); job boards and ATS hosts
(:data:`JOB_BOARD_HOSTS`) are never taken for the employer's domain.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

# Legal forms, matched at the end of a name (repeatedly: "GmbH & Co. KG").
_LEGAL_FORMS = (
    r"inc|incorporated|llc|l\.l\.c|ltd|limited|plc|corp|corporation|co|company limited|"
    r"gmbh|ag|kg|ohg|ug|ug\s*\(haftungsbeschränkt\)|e\.?\s?v|se|kgaa|mbh|"
    r"s\.?\s?a|s\.?\s?a\.?\s?s|sas|sarl|s\.?\s?à\s?r\.?\s?l|s\.?\s?a\.?\s?r\.?\s?l|sa de cv|"
    r"s\.?\s?a\.?\s?de\s?c\.?\s?v|s\.?\s?l|s\.?\s?l\.?\s?u|s\.?\s?p\.?\s?a|s\.?\s?r\.?\s?l|"
    r"b\.?\s?v|n\.?\s?v|bvba|srl|ltda|oy|oyj|ab|publ|a/s|as|asa|aps|"
    r"pty|pty ltd|pvt|pvt ltd|private limited|llp|lp|l\.p|pc|p\.c|pllc|gk|k\.k|"
    r"sp\.?\s?z\s?o\.?\s?o|s\.?\s?r\.?\s?o|a\.?\s?s|kft|zrt|nyrt|d\.?\s?o\.?\s?o|"
    r"holding|holdings|group"
)
_SUFFIX = re.compile(rf"(?:[\s,]+|\s*&\s*|\s+and\s+)(?:{_LEGAL_FORMS})\.?\s*$", re.IGNORECASE)
_AND_CO = re.compile(r"(?:\s*&\s*|\s+and\s+)co\.?(?=\s+(?:kg|ohg|kgaa)\b)", re.IGNORECASE)
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "ß": "ss", "œ": "oe"})

JOB_BOARD_HOSTS = frozenset(
    [
        "greenhouse.io",
        "lever.co",
        "ashbyhq.com",
        "smartrecruiters.com",
        "workable.com",
        "linkedin.com",
        "indeed.com",
        "myworkdayjobs.com",
        "myworkdaysite.com",
        "workday.com",
        "bamboohr.com",
        "recruitee.com",
        "personio.de",
        "personio.com",
        "jobvite.com",
        "icims.com",
        "taleo.net",
        "successfactors.com",
        "successfactors.eu",
        "breezy.hr",
        "applytojob.com",
        "jazzhr.com",
        "teamtailor.com",
        "join.com",
        "rippling.com",
        "pinpointhq.com",
        "homerun.co",
        "comeet.com",
        "comeet.co",
        "recruiterbox.com",
        "zohorecruit.com",
        "freshteam.com",
        "jobscore.com",
        "hire.withgoogle.com",
        "eightfold.ai",
        "avature.net",
        "oraclecloud.com",
        "paylocity.com",
        "paycomonline.net",
        "ultipro.com",
        "dayforcehcm.com",
        "glassdoor.com",
        "ziprecruiter.com",
        "monster.com",
        "careerbuilder.com",
        "simplyhired.com",
        "dice.com",
        "stepstone.de",
        "xing.com",
        "welcometothejungle.com",
        "otta.com",
        "wellfound.com",
        "angel.co",
        "workatastartup.com",
        "builtin.com",
        "remoteok.com",
        "remotive.com",
        "weworkremotely.com",
        "jobteaser.com",
        "reed.co.uk",
        "totaljobs.com",
        "seek.com.au",
        "naukri.com",
        "jooble.org",
        "adzuna.com",
        "talent.com",
    ]
)
# Subdomains that name a careers site rather than the employer.
_CAREER_LABEL_WORDS = (
    "www www1 www2 www3 careers career jobs job karriere karriera carrieres carreras "
    "empleo apply join work hire hiring recruiting recruitment talent team boards"
)
_CAREER_LABELS = frozenset(_CAREER_LABEL_WORDS.split())
# Second-level labels under which registrations happen ("acme.co.uk", "acme.com.au").
_SECOND_LEVEL_WORDS = "co com net org gov ac edu ltd plc gob ne or go"
_SECOND_LEVEL = frozenset(_SECOND_LEVEL_WORDS.split())


def normalise_company(name: str) -> tuple[str, str]:
    """``(display name, match key)`` with legal forms removed.

    The key ignores case, accents and punctuation ("ACME, Inc." and "Acme" both give
    ``acme``); a name that is nothing but a legal form is kept as written.
    """
    display = " ".join(name.split()).strip(" ,;")
    stripped = _AND_CO.sub("", display)
    for _ in range(4):
        shorter = _SUFFIX.sub("", stripped).strip(" ,;&")
        if shorter == stripped or not shorter:
            break
        stripped = shorter
    display = stripped or display
    return display, company_key(display)


def company_key(name: str) -> str:
    """The match key of a name: lower case ASCII words joined by single spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NOT_KEY.sub(" ", plain.replace("&", " and ").replace("'", "")).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def company_domain(url: str | None) -> str | None:
    """The employer's registrable domain from a URL, or None for job boards and non-hosts."""
    if not url or not isinstance(url, str):
        return None
    candidate = url.strip()
    if "://" not in candidate:
        candidate = "http://" + candidate
    try:
        host = urlsplit(candidate).hostname
    except ValueError:
        return None
    if not host:
        return None
    return _host_domain(host.rstrip(".").lower())


# Postings repeat hosts (boards, employers' career sites); checking one costs ~100 µs.
@functools.lru_cache(maxsize=16_384)
def _host_domain(host: str) -> str | None:
    """The registrable domain of a lower-case host name, or None for job boards and non-hosts."""
    if _is_ip(host) or "." not in host or host == "localhost":
        return None
    if any(host == board or host.endswith("." + board) for board in JOB_BOARD_HOSTS):
        return None
    labels = [label for label in host.split(".") if label]
    while len(labels) > 2 and labels[0] in _CAREER_LABELS:
        labels = labels[1:]
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
