"""The language a posting is written in, from the short function words every text uses.

Each language has a profile of its most frequent words (articles, pronouns, prepositions,
conjunctions and a few posting words). The words of the first part of the text vote; words
that several languages share vote for each of them, so the words only one language uses
decide between neighbours (Danish "af", "efter", "vores" against Norwegian "av", "etter",
"vår"). Texts too short to tell, or with no clear winner, give None.
"""

from __future__ import annotations

import re

_PROFILES: dict[str, str] = {
    "en": "the and to of a in you we for with is are our on as be will your that this an or "
    "at by have from experience team work who what about us it can all their they has",
    "de": "der die das und ist mit für von zu den im ein eine einen auf wir sie du dich dein "
    "deine uns unser unsere unseren bei als auch oder nicht sind werden wird über aus des "
    "dem erfahrung kenntnisse sowie ihre ihr zum zur suchen",
    "fr": "le la les des et de du un une est pour dans avec sur vous nous notre nos votre vos "
    "qui que en au aux ce cette sont être expérience poste équipe travail ou pas plus "
    "recherchons",
    "es": "el la los las y en de que con para por una un es del al nuestro nuestra nuestros "
    "más como también experiencia trabajo usted tu serás muy se buscamos equipo",
    "pt": "não você com uma para os as da do das dos em que é são mais como também nossa "
    "nosso na no ao pelo pela experiência trabalho será buscamos equipe você",
    "it": "il di che e la per un una con del della dei le gli non sono è nel nella alla "
    "anche più lavoro esperienza nostro nostra ti si cerchiamo",
    "nl": "de het een en van in is op te met voor die dat je jij wij we onze ons zijn niet "
    "als bij ook of naar aan door wordt worden ervaring werk hebt heb kun kunt",
    "sv": "och att det är en ett som på med av till för vi du har kan om eller från våra "
    "vår dig arbete erfarenhet hos också ska kommer inte den de söker",
    "da": "og i at det er en til på med af for som vi du har ikke den de kan vil skal os "
    "vores dig din dine eller fra også efter hos blive arbejde erfaring virksomhed "
    "medarbejder nogle mig hvad jer søger",
    "no": "og i at det er en til på med av for som vi du har ikke den de kan vil skal oss "
    "vår våre deg din dine eller fra også etter hos bli arbeid erfaring virksomhet "
    "medarbeider noen meg hva dere søker",
    "pl": "i w na z do się nie jest że oraz dla od po jak to lub przez są o czy za ze we "
    "pracy doświadczenie doświadczenia zespół naszego nasz nasza będzie mile widziane "
    "znajomość",
}
_VOTES: dict[str, tuple[str, ...]] = {}
for _language, _words in _PROFILES.items():
    for _word in _words.split():
        if _language not in _VOTES.get(_word, ()):
            _VOTES[_word] = (*_VOTES.get(_word, ()), _language)
# A word only one language has counts this much more than a shared one.
_DISTINCT_WEIGHT = 3.0
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 5
_MIN_VOTES = 3.0
_SAMPLE_CHARS = 1500


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (en, de, fr, es, pt, it, nl, sv, da, no, pl),
    or None when the text is too short or no language stands out."""
    if not text:
        return None
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    if len(words) < _MIN_WORDS:
        return None
    scores: dict[str, float] = {}
    for word in words:
        voters = _VOTES.get(word)
        if voters is None:
            continue
        weight = _DISTINCT_WEIGHT if len(voters) == 1 else 1.0 / len(voters)
        for language in voters:
            scores[language] = scores.get(language, 0.0) + weight
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, best_score = ranked[0]
    if best_score < _MIN_VOTES:
        return None
    if len(ranked) > 1 and ranked[1][1] == best_score:
        return None
    return best
