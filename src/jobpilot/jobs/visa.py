"""Whether a posting offers visa sponsorship, rules it out, or says nothing.

A refusal ("no visa sponsorship", "unable to sponsor", "must be authorized to work in the US
without sponsorship", "keine Visa-Unterstützung") outweighs an offer ("visa sponsorship
available", "we sponsor visas", "relocation and visa support") in the same text.
"""

from __future__ import annotations

import re

from jobpilot.jobs.phrases import PhraseFinder, Rule

_NO_SPONSORSHIP = re.compile(
    r"""(?:
    (?:no|not|unable\s+to|cannot|can['\u2019]?t|won['\u2019]?t|will\s+not|do\s+not|does\s+not|
        don['\u2019]t|doesn['\u2019]t|are\s+not\s+able\s+to|is\s+not\s+able\s+to|not\s+able\s+to|
        not\s+in\s+a\s+position\s+to|neither)\s+(?:\w+\s+){0,4}?
        (?:sponsor\w*|provide\s+(?:\w+\s+)?(?:visas?|sponsorship)|offer\s+(?:\w+\s+)?(?:visas?|
        sponsorship)|support\s+(?:\w+\s+)?visas?)
    |without\s+(?:the\s+need\s+for\s+|requiring\s+|needing\s+)?(?:\w+\s+){0,4}?
        (?:visa\s+|employment\s+|immigration\s+)?sponsorship
    |sponsorship\s+(?:is\s+)?(?:not|unavailable|isn['\u2019]t)
    |visa\s+sponsorship\s*[:\-]\s*(?:no\b|none|not\s+available|unavailable)
    |kein\w*\s+(?:\w+\s+)?(?:Visum|Visa|Sponsoring|Arbeitserlaubnis\s+stellen)
    |(?:pas\s+de|aucun)\s+(?:parrainage|sponsoring|visa)
    |sin\s+patrocinio|no\s+ofrecemos\s+patrocinio
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_SPONSORSHIP = re.compile(
    r"""(?:
    visa\s+sponsorship\s+(?:is\s+)?(?:available|provided|offered|possible|included)
    |visa\s+sponsorship\s*[:\-]\s*(?:yes|available)
    |(?:sponsorship|sponsor\s+visas?)\s+(?:is\s+)?(?:available|possible|offered)
    |(?:we|will|can|able\s+to|happy\s+to|glad\s+to|willing\s+to)\s+(?:\w+\s+){0,2}?
        sponsor\s+(?:\w+\s+){0,3}?(?:visas?|work\s+permits?|H-?1B|blue\s+cards?|
        employment\s+pass|skilled\s+worker|candidates|applicants)
    |sponsor(?:ship)?\s+(?:of\s+|for\s+)?(?:your\s+)?(?:visas?|work\s+permits?|H-?1B)
    |(?:relocation|immigration)\s+(?:and|&|\+)\s+visa
    |visa\s+(?:support|assistance|help|and\s+relocation|&\s+relocation|sponsoring)
    |(?:open\s+to|offer|provide|providing|offering|including|includes)\s+(?:\w+\s+){0,3}?
        (?:visa\s+sponsorship|sponsorship)
    |Visa-?Unterstützung|Visumsunterstützung|Unterstützung\s+(?:beim|bei\s+der)\s+Visum\w*|
        Visa-Sponsoring
    |parrainage\s+de\s+visa|patrocinio\s+de\s+visa|patrocínio\s+de\s+visto
    )""",
    re.IGNORECASE | re.VERBOSE,
)


_CUES = (
    "sponsor",
    "visa",
    "visum",
    "visto",
    "patrocin",
    "patrocín",
    "parrainage",
    "arbeitserlaubnis",
)
_FINDER = PhraseFinder(
    [Rule(False, _NO_SPONSORSHIP, _CUES), Rule(True, _SPONSORSHIP, _CUES)], before=100, after=60
)


def detect_visa_sponsorship(text: str) -> bool | None:
    """True when the posting offers visa sponsorship, False when it rules it out, None when
    silent. A refusal anywhere ("unable to sponsor", "must be authorized to work … without
    sponsorship") outweighs an offer."""
    if not text:
        return None
    said = {offered for offered, _ in _FINDER.finditer(text)}
    if False in said:
        return False
    return True if True in said else None
