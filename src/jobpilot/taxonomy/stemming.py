"""The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980).

Skill ranking needs the forms of one word to meet: "rotate" and "rotation", "interface" and
"interfaces", "document", "documents" and "documentation". The light stemmer of
:mod:`jobpilot.taxonomy.text` keeps explicit matching predictable but leaves those apart;
Porter's rules bring them together, at the price of stems that are not words ("rotat").

Words are taken lower-cased; anything that is not purely alphabetic is returned unchanged.
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")

_STEP2 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
)
_STEP3 = (
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
)
_STEP4 = (
    "al",
    "ance",
    "ence",
    "er",
    "ic",
    "able",
    "ible",
    "ant",
    "ement",
    "ment",
    "ent",
    "ion",
    "ou",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
)
# Within a step only the longest matching suffix is considered.
_STEP2_LONGEST = sorted(_STEP2, key=lambda rule: -len(rule[0]))
_STEP3_LONGEST = sorted(_STEP3, key=lambda rule: -len(rule[0]))
_STEP4_LONGEST = sorted(_STEP4, key=len, reverse=True)


def porter_stem(word: str) -> str:
    """The Porter stem of a lower-case word ("documentation" → "document")."""
    if len(word) <= 2 or not word.isalpha():
        return word
    word = _plurals(word)
    word = _past_and_progressive(word)
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    word = _replace_suffix(word, _STEP2_LONGEST)
    word = _replace_suffix(word, _STEP3_LONGEST)
    word = _drop_suffix(word)
    word = _drop_final_e(word)
    if _measure(word) > 1 and _ends_with_double_consonant(word) and word.endswith("l"):
        word = word[:-1]
    return word


def _is_consonant(word: str, i: int) -> bool:
    letter = word[i]
    if letter in _VOWELS:
        return False
    if letter == "y":
        return i == 0 or not _is_consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    """How many vowel-then-consonant sequences ``stem`` has (Porter's *m*)."""
    count = 0
    after_vowel = False
    for i in range(len(stem)):
        consonant = _is_consonant(stem, i)
        if consonant and after_vowel:
            count += 1
        after_vowel = not consonant
    return count


def _has_vowel(stem: str) -> bool:
    return any(not _is_consonant(stem, i) for i in range(len(stem)))


def _ends_with_double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1)


def _ends_consonant_vowel_consonant(word: str) -> bool:
    """Whether the word ends consonant-vowel-consonant, the last not w, x or y ("hop")."""
    n = len(word)
    return (
        n >= 3
        and _is_consonant(word, n - 3)
        and not _is_consonant(word, n - 2)
        and _is_consonant(word, n - 1)
        and word[-1] not in "wxy"
    )


def _plurals(word: str) -> str:
    if word.endswith(("sses", "ies")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _past_and_progressive(word: str) -> str:
    if word.endswith("eed"):
        return word[:-1] if _measure(word[:-3]) > 0 else word
    for suffix in ("ed", "ing"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and _has_vowel(stem):
            return _restore_ending(stem)
    return word


def _restore_ending(stem: str) -> str:
    """After "-ed"/"-ing": "conflat" → "conflate", "hopp" → "hop", "fil" → "file"."""
    if stem.endswith(("at", "bl", "iz")):
        return stem + "e"
    if _ends_with_double_consonant(stem) and stem[-1] not in "lsz":
        return stem[:-1]
    if _measure(stem) == 1 and _ends_consonant_vowel_consonant(stem):
        return stem + "e"
    return stem


def _replace_suffix(word: str, rules: list[tuple[str, str]]) -> str:
    for suffix, replacement in rules:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            return stem + replacement if _measure(stem) > 0 else word
    return word


def _drop_suffix(word: str) -> str:
    for suffix in _STEP4_LONGEST:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if _measure(stem) > 1 and (suffix != "ion" or stem.endswith(("s", "t"))):
                return stem
            return word
    return word


def _drop_final_e(word: str) -> str:
    if not word.endswith("e"):
        return word
    stem = word[:-1]
    measure = _measure(stem)
    if measure > 1 or (measure == 1 and not _ends_consonant_vowel_consonant(stem)):
        return stem
    return word
