"""Remote, hybrid or on-site: from provider flags and values, and from phrases in text.

Phrases are read in English, German, French, Spanish, Portuguese, Italian, Dutch, the
Scandinavian languages and Polish. Negations ("not remote", "no remote work", "kein
Homeoffice", "remote: no") mean on-site and are never read as remote.
"""

from __future__ import annotations

import re
from typing import Literal

Workplace = Literal["remote", "hybrid", "on_site"]

_NEGATED_REMOTE = (
    r"(?:not|no|non|kein(?:e|en)?|pas\s+de|sans|sin|sem|geen|ingen|ikke|nie|bez)[- ]+"
    r"(?:fully\s+)?(?:remote|home[- ]?office|homeoffice|télétravail|teletrabajo|wfh|"
    r"work\s+from\s+home)"
    r"|remote(?:\s+work)?\s*(?:is\s+)?(?::\s*no\b|not\s+(?:possible|available|an\s+option|"
    r"offered|supported|eligible))"
)
_HYBRID = (
    r"hybrid|hybride|híbrido|hibrido|ibrido|hybrydow\w*|partially\s+remote|partly\s+remote|"
    r"part[- ]remote|remote\s*/\s*(?:office|on[- ]?site)|(?:office|on[- ]?site)\s*/\s*remote|"
    r"flexible\s+remote"
)
_REMOTE = (
    r"remote(?:[- ](?:first|friendly|only|ok))?|fully\s+remote|100\s*%\s*remote|"
    r"work\s+from\s+home|work\s+from\s+anywhere|wfh|home[- ]?office|homeoffice|"
    r"home[- ]based|telecommut\w*|telework\w*|tele[- ]?travail|télétravail|teletrabajo|"
    r"remoto|remota|a\s+distancia|à\s+distance|thuiswerk\w*|distansarbete|fjernarbeid|"
    r"praca\s+zdalna|zdaln\w+|anywhere|worldwide|distributed\s+team"
)
_ON_SITE = (
    r"on[- ]?site|in[- ]office|office[- ]based|in[- ]person|onsite|vor\s+ort|präsenz\w*|"
    r"sur\s+site|présentiel|presencial\w*|op\s+locatie|på\s+plats|på\s+kontoret|"
    r"stacjonarn\w+"
)
_HINTS = re.compile(
    rf"(?<!\w)(?:(?P<negated>{_NEGATED_REMOTE})|(?P<hybrid>{_HYBRID})|(?P<remote>{_REMOTE})"
    rf"|(?P<on_site>{_ON_SITE}))(?!\w)",
    re.IGNORECASE,
)
_VALUES: dict[str, Workplace] = {
    "remote": "remote",
    "fullyremote": "remote",
    "remoteonly": "remote",
    "telecommute": "remote",
    "telecommuting": "remote",
    "wfh": "remote",
    "hybrid": "hybrid",
    "hybridremote": "hybrid",
    "onsite": "on_site",
    "inoffice": "on_site",
    "office": "on_site",
    "inperson": "on_site",
    "onpremise": "on_site",
    "onpremises": "on_site",
    "notremote": "on_site",
}
_NOT_LETTERS = re.compile(r"[^a-z]+")


def workplace_hints(text: str) -> list[tuple[int, int, Workplace]]:
    """Every workplace phrase in ``text`` as ``(start, end, workplace)``, in order."""
    found: list[tuple[int, int, Workplace]] = []
    for match in _HINTS.finditer(text):
        kind = match.lastgroup
        workplace: Workplace = (
            "hybrid" if kind == "hybrid" else "remote" if kind == "remote" else "on_site"
        )
        found.append((match.start(), match.end(), workplace))
    return found


def strongest_workplace(hints: list[Workplace] | tuple[Workplace, ...]) -> Workplace | None:
    """Hybrid over remote over on-site: a posting that offers remote work at all is remote."""
    order: tuple[Workplace, ...] = ("hybrid", "remote", "on_site")
    return next((workplace for workplace in order if workplace in hints), None)


def detect_workplace(*values: str | bool | None) -> Workplace | None:
    """The workplace the first informative value states, else None.

    Values are provider fields in order of trust: ``True`` for a provider's remote flag
    (``isRemote``, ``telecommuting``; ``False`` says nothing), a workplace value ("remote",
    "HYBRID", "onsite", "TELECOMMUTE") or free text such as a location or title.
    """
    for value in values:
        if value is True:
            return "remote"
        if not value or not isinstance(value, str):
            continue
        exact = _VALUES.get(_NOT_LETTERS.sub("", value.lower()))
        if exact is not None:
            return exact
        workplace = strongest_workplace([hint for _, _, hint in workplace_hints(value)])
        if workplace is not None:
            return workplace
    return None
