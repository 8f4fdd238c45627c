"""Contact details from the top of a resume: name, email, phone, location, links, headline.

Contact lines often pack several items ("jane@example.com | +49 30 1234567 | Berlin, Germany");
addresses (email, URLs) and phone numbers are taken out first, then what is left is cut at
"|", bullets, middle dots, ";", dashes between spaces and wide gaps, and each piece is read as a
place, the name or free text. Commas cut pieces only where the comma-joined text is not a place
("Berlin, Germany" stays whole).

Places are recognised with a small gazetteer (countries, US states, Canadian provinces, some
regions and large cities) so that "Austin, TX" and "Berlin, Germany" are places while
"Python, Go" is not. Phone numbers need 7 to 15 digits and are never dates or year ranges.
Links are classified by host: linkedin.com, github.com, a known platform ("other") or a
personal site ("portfolio"); a link written without a scheme gets ``https://``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from jobpilot.profiles.dates import parse_date, parse_date_range
from jobpilot.profiles.resume import Contact, Link, LinkKind
from jobpilot.profiles.sections import classify_heading, fold


def _word_list(text: str) -> list[str]:
    """The words of a vocabulary written as one string."""
    return text.split()


_COUNTRIES = [
    *_word_list(
        "afghanistan albania algeria andorra angola argentina armenia australia austria "
        "azerbaijan bahrain bangladesh belarus belgium bolivia bosnia brazil bulgaria cambodia "
        "cameroon canada "
        "chile china colombia croatia cuba cyprus czechia denmark ecuador egypt estonia ethiopia "
        "finland france georgia germany ghana greece guatemala hungary iceland india indonesia "
        "iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kosovo kuwait latvia "
        "lebanon lithuania luxembourg malaysia malta mexico moldova monaco mongolia montenegro "
        "morocco nepal netherlands nigeria norway oman pakistan panama paraguay peru philippines "
        "poland portugal qatar romania russia rwanda serbia singapore slovakia slovenia somalia "
        "spain sweden switzerland syria taiwan tanzania thailand tunisia turkey türkiye uganda "
        "ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe"
    ),
    "bosnia and herzegovina",
    "costa rica",
    "czech republic",
    "dominican republic",
    "el salvador",
    "hong kong",
    "new zealand",
    "north macedonia",
    "puerto rico",
    "saudi arabia",
    "south africa",
    "south korea",
    "korea",
    "sri lanka",
    "the netherlands",
    "united arab emirates",
    "united kingdom",
    "united states",
    "united states of america",
    "deutschland",
    "österreich",
    "schweiz",
    "suisse",
    "españa",
    "italia",
    "belgique",
    "nederland",
    "great britain",
    "england",
    "scotland",
    "wales",
    "northern ireland",
]
# Codes and short forms written after a city: countries, US states, Canadian provinces,
# Australian states.
_PLACE_CODES = frozenset(
    _word_list(
        "UK USA US U.S. U.S.A. UAE EU GB DE FR ES IT NL CH AT BE IE PL PT SE NO DK FI IN CN JP "
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
        "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY "
        "AB BC MB NB NL NS NT NU ON PE QC SK YT NSW VIC QLD WA SA TAS ACT NT"
    )
)
_REGIONS = [
    *_word_list(
        "alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii "
        "idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts "
        "michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon "
        "pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming alberta "
        "manitoba ontario quebec québec saskatchewan bavaria bayern hesse hessen saxony sachsen "
        "catalonia cataluña catalunya andalusia lombardy lombardia tuscany brittany normandy "
        "flanders wallonia victoria queensland tasmania"
    ),
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "rhode island",
    "south carolina",
    "south dakota",
    "west virginia",
    "district of columbia",
    "british columbia",
    "nova scotia",
    "new brunswick",
    "new south wales",
    "western australia",
    "baden-württemberg",
    "nordrhein-westfalen",
    "north rhine-westphalia",
    "lower saxony",
    "île-de-france",
    "ile-de-france",
    "greater london",
    "bay area",
    "san francisco bay area",
]
_CITIES = [
    *_word_list(
        "amsterdam athens atlanta auckland austin baltimore bangalore bengaluru bangkok barcelona "
        "basel beijing belgrade berlin bern bilbao birmingham bogota bogotá bologna bonn bordeaux "
        "boston bratislava bremen brighton brisbane bristol brno brussels bucharest budapest "
        "buenos cairo calgary cambridge canberra chennai chicago cologne köln copenhagen cork "
        "dallas delhi denver detroit dortmund dresden dubai dublin düsseldorf dusseldorf edinburgh "
        "eindhoven essen florence frankfurt geneva genève genoa glasgow gothenburg graz hamburg "
        "hanover hannover helsinki houston hyderabad istanbul jakarta johannesburg karlsruhe kiev "
        "kyiv krakow kraków lagos leeds leipzig lille lisbon lisboa liverpool ljubljana london "
        "lyon lyons madrid malmö manchester mannheim marseille melbourne miami milan milano "
        "minneapolis montreal montréal moscow mumbai munich münchen nairobi nantes naples "
        "newcastle nice nuremberg nürnberg oakland osaka oslo ottawa oxford paris perth "
        "philadelphia phoenix pittsburgh porto portland prague pune reykjavik riga rome rotterdam "
        "salzburg seattle seoul seville sevilla shanghai shenzhen singapore sofia stockholm "
        "stuttgart sydney tallinn tokyo toronto toulouse turin utrecht valencia vancouver venice "
        "vienna wien vilnius warsaw wellington zagreb zurich zürich"
    ),
    "abu dhabi",
    "buenos aires",
    "cape town",
    "hong kong",
    "kuala lumpur",
    "las vegas",
    "los angeles",
    "mexico city",
    "new delhi",
    "new york",
    "new york city",
    "palo alto",
    "rio de janeiro",
    "salt lake city",
    "san diego",
    "san francisco",
    "san jose",
    "são paulo",
    "sao paulo",
    "tel aviv",
    "the hague",
    "washington",
    "washington dc",
    "washington d.c.",
]
_COUNTRY_KEYS = frozenset(fold(name) for name in _COUNTRIES)
_REGION_KEYS = frozenset(fold(name) for name in _REGIONS)
_CITY_KEYS = frozenset(fold(name) for name in _CITIES)
_WORK_MODES = frozenset({"remote", "hybrid", "on-site", "onsite", "worldwide", "anywhere"})

# Parts are length-capped so that a long run of letters cannot make the search quadratic.
_EMAIL = re.compile(
    r"(?:mailto:)?([\w.+\-']{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){0,6}\.[A-Za-z]{2,24})"
)
_SCHEME_URL = re.compile(r"(?i:https?://|www\.)[^\s|,;<>\"'()\[\]]+")
_TOP_LEVEL = (
    "com|org|net|io|dev|me|co|app|ai|de|uk|fr|es|it|nl|ch|at|se|eu|us|ca|info|page|site|"
    "tech|xyz|codes|ly|sh|blog|design|online|pro|work|cc|tv|fm|be|pl|pt|ie|dk|no|fi|cz"
)
_BARE_URL = re.compile(
    rf"(?<![@\w.\-/])(?:[a-z0-9][a-z0-9\-]{{0,62}}\.){{1,6}}(?:{_TOP_LEVEL})"
    rf"(?:/[^\s|,;<>\"'()\[\]]*)?"
    rf"(?![\w@])",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w@/.+])"
    r"(?:(?:\+|00)\d{1,3}[ .\-]?)?"
    r"(?:\(\d{1,5}\)[ .\-]?)?"
    r"\d(?:[ .\-/]?\d){5,14}"
    r"(?![\w])"
)
_PIECE_SEPARATORS = re.compile(
    r"\s*[|\u2022\u00b7\u2219\u25e6\u25aa\u2027\u2023\u25cf;]\s*|\s{2,}|\t|\s+[\u2013\u2014-]\s+"
)
_LABEL = re.compile(
    r"^(?:(?:e-?mail|mail|phone|tel|telephone|mobile|mobil|cell|fon|telefon|handy|téléphone|"
    r"location|address|adresse|anschrift|wohnort|city|ort|linkedin|github|website|web|"
    r"homepage|portfolio|blog|site|url|twitter|links?)\s*[:.]\s*|"
    r"(?:based|lives|located)\s+in\s+)",
    re.IGNORECASE,
)
_LABELLED_FIELD = re.compile(
    r"^(?P<label>name|full name|headline|title|current title|position|location|address)"
    r"\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_SYMBOLS = re.compile(r"^[\W_]+|[\s,;:|\u2022\u00b7\u2013\u2014\-_]+$")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'\u2019\-]*\.?|[A-ZÀ-ÖØ-Þ]\.)$")
_NAME_PARTICLES = frozenset(
    _word_list("van von de da del della der den di du la le bin ibn al el dos das ten ter zu y e")
)
_NOT_NAMES = frozenset(
    _word_list(
        "resume résumé cv curriculum vitae lebenslauf profile contact engineer developer "
        "manager designer analyst consultant scientist architect specialist director lead "
        "senior junior software data product marketing sales nurse teacher officer "
        "administrator intern student assistant coordinator technician accountant"
    )
)
_CREDENTIALS = re.compile(r",\s*(?:[A-Z][A-Za-z.]{1,5})(?:\s*,\s*[A-Z][A-Za-z.]{1,5})*$")
_POSTCODE_CITY = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÀ-ÖØ-Þ][\w\-]+(?:\s[\w\-]+)?$")
_TRAILING_ZIP = re.compile(r"\s+\d{5}(?:-\d{4})?$")
_PROSE_MIN_WORDS = 12
_HEADLINE_MAX_WORDS = 14

_PLATFORMS_OTHER = (
    "twitter.com",
    "x.com",
    "stackoverflow.com",
    "medium.com",
    "youtube.com",
    "facebook.com",
    "instagram.com",
    "gitlab.com",
    "bitbucket.org",
    "kaggle.com",
    "orcid.org",
    "scholar.google.com",
    "researchgate.net",
    "xing.com",
    "mastodon.social",
    "dev.to",
    "leetcode.com",
    "hackerrank.com",
    "t.me",
)


@dataclass(frozen=True, slots=True)
class ContactBlock:
    """What the top of a resume says: contact details, a headline, and any prose found there."""

    contact: Contact
    headline: str | None = None
    prose: list[str] = field(default_factory=list)


def find_emails(text: str) -> list[str]:
    """Email addresses in a text, in order, without a ``mailto:`` prefix."""
    return [match.group(1).rstrip(".") for match in _EMAIL.finditer(text)]


def _is_phone(candidate: str) -> bool:
    digits = sum(char.isdigit() for char in candidate)
    if not 7 <= digits <= 15:
        return False
    if parse_date(candidate) is not None or parse_date_range(candidate) is not None:
        return False
    return not re.fullmatch(r"(?:19|20)\d\d\s*[\-/]\s*(?:19|20)\d\d", candidate)


def _phone_matches(text: str) -> list[re.Match[str]]:
    return [match for match in _PHONE.finditer(text) if _is_phone(match.group(0).strip())]


def find_phone(text: str) -> str | None:
    """The first phone number in a text, as written, or None."""
    cleaned = _without_addresses(text)
    matches = _phone_matches(cleaned)
    return matches[0].group(0).strip() if matches else None


def link_kind(url: str) -> LinkKind:
    """Whether a link is a LinkedIn or GitHub profile, another platform, or a personal site."""
    host = urlsplit(_with_scheme(url)).netloc.lower().split(":")[0]
    host = host.removeprefix("www.")
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return "linkedin"
    if host == "github.com":
        return "github"
    if any(host == platform or host.endswith("." + platform) for platform in _PLATFORMS_OTHER):
        return "other"
    return "portfolio"


def _with_scheme(url: str) -> str:
    return url if re.match(r"(?i)https?://", url) else "https://" + url


def _clean_url(raw: str) -> str:
    return raw.rstrip(".,;:!?)]}>'\"")


def _url_matches(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for match in _SCHEME_URL.finditer(text):
        spans.append((match.start(), match.end(), _clean_url(match.group(0))))
    for match in _BARE_URL.finditer(text):
        if any(start <= match.start() < end for start, end, _ in spans):
            continue
        host = match.group(0).split("/")[0]
        if host.rsplit(".", 1)[-1] != host.rsplit(".", 1)[-1].lower():
            continue  # "ASP.NET" is a framework, not a host.
        spans.append((match.start(), match.end(), _clean_url(match.group(0))))
    return sorted(spans)


def find_links(text: str) -> list[Link]:
    """The links in a text, classified, each once, with ``https://`` added when missing."""
    links: list[Link] = []
    seen: set[str] = set()
    for _, _, raw in _url_matches(text):
        url = _with_scheme(raw)
        key = url.lower().rstrip("/").replace("://www.", "://")
        if key in seen:
            continue
        seen.add(key)
        links.append(Link(kind=link_kind(url), url=url))
    return links


def _without_addresses(text: str) -> str:
    """The text with emails and URLs replaced by separators, so they cannot read as phones."""
    spans = [(start, end) for start, end, _ in _url_matches(text)]
    spans += [(match.start(), match.end()) for match in _EMAIL.finditer(text)]
    pieces = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(" | ")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _place_part(part: str) -> str:
    return fold(_TRAILING_ZIP.sub("", part.strip()))


def looks_like_location(text: str, *, allow_work_mode: bool = False) -> bool:
    """Whether a short text names a place: "Berlin, Germany", "Austin, TX", "London".

    With ``allow_work_mode`` a work mode alone ("Remote") counts too, as job lines use it.
    """
    stripped = text.strip().strip(".")
    if not stripped or len(stripped) > 60 or "@" in stripped:
        return False
    if _POSTCODE_CITY.match(stripped):
        return True
    parts = [part.strip() for part in stripped.split(",")]
    if not all(parts) or len(parts) > 3:
        return False
    if any(not part[0].isupper() for part in parts if part[0].isalpha()):
        return False
    keys = [_place_part(part) for part in parts]
    if allow_work_mode and keys[0] in _WORK_MODES:
        pairs = zip(keys[1:], parts[1:], strict=True)
        return all(_is_place_key(key, part) for key, part in pairs)
    if any(char.isdigit() for char in _TRAILING_ZIP.sub("", stripped)):
        return False
    if len(parts) == 1:
        return keys[0] in _CITY_KEYS or keys[0] in _COUNTRY_KEYS or keys[0] in _REGION_KEYS
    if len(parts[0].split()) > 4:
        return False
    if len(parts) == 3 and keys[0] not in _CITY_KEYS and not _is_place_key(keys[1], parts[1]):
        return False
    if _is_place_key(keys[-1], parts[-1]):
        return True
    return keys[0] in _CITY_KEYS and len(parts[-1].split()) <= 3


def _is_place_key(key: str, written: str) -> bool:
    code = _TRAILING_ZIP.sub("", written.strip())
    return key in _COUNTRY_KEYS or key in _REGION_KEYS or code in _PLACE_CODES


def looks_like_name(text: str, *, lenient: bool = False) -> bool:
    """Whether a text reads as a person's name: two to five capitalised words, no digits.

    ``lenient`` (for the first line of a resume) skips the check against job-title words.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 60 or any(char.isdigit() for char in stripped):
        return False
    if any(char in stripped for char in "@/:|()[]{}#=+*&"):
        return False
    tokens = stripped.split()
    if not 2 <= len(tokens) <= 5:
        return False
    capitalised = 0
    for token in tokens:
        if _NAME_TOKEN.match(token):
            capitalised += 1
        elif token.lower() not in _NAME_PARTICLES:
            return False
    if capitalised < 2 or classify_heading(stripped) is not None:
        return False
    if looks_like_location(stripped):
        return False
    words = {fold(token).strip(".") for token in tokens}
    if words & {"resume", "cv", "curriculum", "vitae", "lebenslauf"}:
        return False
    return lenient or not words & _NOT_NAMES


def _name_of(piece: str) -> str:
    """A name without credentials after a comma ("Jane Doe, PhD")."""
    return _CREDENTIALS.sub("", piece).strip()


def _pieces(text: str) -> list[str]:
    pieces = []
    for piece in _PIECE_SEPARATORS.split(text):
        cleaned = _SYMBOLS.sub("", _LABEL.sub("", _SYMBOLS.sub("", piece.strip())))
        if cleaned and not cleaned.startswith(("http", "www")):
            pieces.append(cleaned)
    return pieces


def _split_place(piece: str) -> tuple[str | None, str]:
    """A place inside a piece and the piece without it ("Berlin, Germany" → place, "")."""
    if looks_like_location(piece):
        return piece.strip(), ""
    parts = [part.strip() for part in piece.split(",")]
    for size in (3, 2, 1):
        for first in range(len(parts) - size + 1):
            candidate = ", ".join(parts[first : first + size])
            if candidate and looks_like_location(candidate):
                rest = parts[:first] + parts[first + size :]
                return candidate, ", ".join(part for part in rest if part)
    return None, piece


def find_location(text: str) -> str | None:
    """The first place named in a contact line, as written, or None."""
    for piece in _pieces(_without_addresses(_strip_phones(text))):
        place, _ = _split_place(piece)
        if place is not None:
            return place
    return None


def _strip_phones(text: str) -> str:
    cleaned = _without_addresses(text)
    for match in reversed(_phone_matches(cleaned)):
        cleaned = cleaned[: match.start()] + " | " + cleaned[match.end() :]
    return cleaned


def _is_prose(text: str) -> bool:
    words = text.split()
    return len(words) >= _PROSE_MIN_WORDS or (text.endswith(".") and len(words) >= 6)


@dataclass(slots=True)
class _BlockReading:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    headline: str | None = None
    links: list[Link] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)


def _read_labelled(line: str, reading: _BlockReading) -> bool:
    match = _LABELLED_FIELD.match(line)
    if match is None:
        return False
    label, value = fold(match["label"]), match["value"].strip()
    if label in ("name", "full name") and reading.name is None:
        reading.name = value
    elif label in ("headline", "title", "current title", "position") and reading.headline is None:
        reading.headline = value
    elif label in ("location", "address") and reading.location is None:
        place, _ = _split_place(value)
        reading.location = place or value
    else:
        return False
    return True


def read_contact_block(lines: Sequence[str]) -> ContactBlock:
    """Contact details, headline and prose from the lines before the first section heading.

    The name is the first line that reads as a person's name (the very first line is read
    leniently); the headline is the first short free-text line after it.
    """
    reading = _BlockReading()
    texts = [_unmark(line) for line in lines]
    for index, line in enumerate(text for text in texts if text):
        if _read_labelled(line, reading):
            continue
        emails = find_emails(line)
        if emails and reading.email is None:
            reading.email = emails[0]
        for link in find_links(line):
            if all(link.url != known.url for known in reading.links):
                reading.links.append(link)
        cleaned = _strip_phones(line)
        if reading.phone is None:
            phones = _phone_matches(_without_addresses(line))
            if phones:
                reading.phone = phones[0].group(0).strip()
        _read_free_text(line, _pieces(cleaned), index, reading)
    return ContactBlock(
        contact=Contact(
            name=reading.name,
            email=reading.email,
            phone=reading.phone,
            location=reading.location,
            links=reading.links,
        ),
        headline=reading.headline,
        prose=reading.prose,
    )


def _unmark(line: str) -> str:
    return re.sub(r"^(?:#{1,6}|[-*\u2022])\s+", "", line.strip()).strip()


def _read_free_text(line: str, pieces: list[str], index: int, reading: _BlockReading) -> None:
    """Name, place, headline or prose from what a contact line holds besides addresses."""
    leftovers: list[str] = []
    for piece in pieces:
        if _is_prose(piece):
            leftovers.append(piece)
            continue
        if reading.name is None and looks_like_name(_name_of(piece), lenient=index == 0):
            reading.name = _name_of(piece)
            continue
        place, rest = _split_place(piece)
        if place is not None:
            reading.location = reading.location or place
            piece = rest
        if piece and not _is_link_label(piece):
            leftovers.append(piece)
    if not leftovers:
        return
    # A line read whole keeps its own separators ("Engineer | Python | Go").
    whole = len(leftovers) > 1 and leftovers == _pieces(line)
    text = _SYMBOLS.sub("", line) if whole else " \u00b7 ".join(leftovers)
    if _is_prose(text):
        reading.prose.append(text)
    elif (
        reading.headline is None
        and reading.name is not None
        and len(text.split()) <= _HEADLINE_MAX_WORDS
    ):
        reading.headline = text


def _is_link_label(piece: str) -> bool:
    return fold(piece) in {
        "linkedin",
        "github",
        "website",
        "portfolio",
        "blog",
        "web",
        "homepage",
        "twitter",
        "email",
        "e-mail",
        "phone",
        "mobile",
        "tel",
        "contact",
        "x",
    }
