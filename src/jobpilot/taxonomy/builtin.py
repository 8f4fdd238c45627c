"""The built-in taxonomy: skills and occupations authored for jobpilot, shipped as text files.

Format of ``data/skills/*.txt`` (UTF-8, one skill per line)::

    # category: software            <- sets the category of the lines that follow
    Kubernetes | k8s; kube | Docker; Helm
    Go | ~Go; golang | Python; Rust | context: programming; developer; backend

Fields are separated by `` | ``: the canonical name, then aliases, then related skills (by their
canonical names), then optionally ``context:`` words. Lists are separated by ``;``. An alias
starting with ``=`` matches case-sensitively (``=IT``); one starting with ``~`` is ambiguous
(``~R``, ``~Go``): it matches case-sensitively and only where the text shows the sense (a
context word, or another skill of the same category nearby). The canonical name itself is always
an alias; write it with ``~`` as an alias to make it ambiguous too.

Format of ``data/occupations/*.txt``::

    # family: software
    Software Engineer | Software Developer; Programmer; SWE | Python; Git; Algorithms

The canonical title (without seniority), alternative titles, typical skills (canonical names).

Run ``python -m jobpilot.taxonomy.builtin`` to validate the files and print counts.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

CATEGORIES = (
    "software",
    "data_ml",
    "cloud_devops",
    "security",
    "design",
    "product",
    "marketing",
    "sales",
    "finance_accounting",
    "healthcare",
    "education",
    "logistics_supply_chain",
    "manufacturing_trades",
    "legal",
    "hr",
    "customer_support",
    "spoken_languages",
    "soft_skills",
    "certifications",
    "business",
)


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    case_sensitive: bool = False
    ambiguous: bool = False


@dataclass(slots=True)
class BuiltinSkill:
    name: str
    category: str
    aliases: list[Alias]
    related: list[str]
    context: list[str]
    source: str  # file:line, for error messages

    @property
    def key(self) -> str:
        return skill_key(self.name)


@dataclass(slots=True)
class BuiltinOccupation:
    title: str
    family: str
    alternative_titles: list[str]
    skills: list[str]
    source: str

    @property
    def key(self) -> str:
        return skill_key(self.title)


@dataclass(slots=True)
class BuiltinTaxonomy:
    skills: list[BuiltinSkill] = field(default_factory=list)
    occupations: list[BuiltinOccupation] = field(default_factory=list)


def skill_key(name: str) -> str:
    """A stable id fragment: lower case, runs of anything but letters and digits become '-',
    with ``+`` and ``#`` spelled out so that C, C++ and C# stay apart."""
    text = name.lower().replace("+", " plus ").replace("#", " sharp ").replace("&", " and ")
    text = text.replace(".", " dot ") if text.startswith(".") else text
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _split(field_text: str) -> list[str]:
    return [part.strip() for part in field_text.split(";") if part.strip()]


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&/]{1,4}$")


def _alias(raw: str) -> Alias:
    if raw.startswith("~"):
        return Alias(raw[1:].strip(), case_sensitive=True, ambiguous=True)
    if raw.startswith("="):
        return Alias(raw[1:].strip(), case_sensitive=True)
    # Short acronyms ("REST", "SOC", "ADR") are words in lower case ("rest"): match them as
    # written.
    return Alias(raw, case_sensitive=bool(_ACRONYM.match(raw)))


class TaxonomyFileError(ValueError):
    pass


def _records(text: str, source: str, header: str) -> Iterator[tuple[str, str, list[str]]]:
    """(place, current header value, fields) for every data line; ``# <header>: value`` lines
    set the header value for the lines below them."""
    current: str | None = None
    pattern = re.compile(rf"#\s*{header}:\s*(\S+)")
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        where = f"{source}:{number}"
        if not stripped:
            continue
        if stripped.startswith("#"):
            match = pattern.match(stripped)
            if match:
                current = match.group(1)
                if header == "category" and current not in CATEGORIES:
                    raise TaxonomyFileError(f"{where}: unknown category {current!r}")
            continue
        if current is None:
            raise TaxonomyFileError(f"{where}: a line before any '# {header}:' line")
        yield where, current, [f.strip() for f in stripped.split(" | ")]


def parse_skills(text: str, source: str) -> list[BuiltinSkill]:
    skills: list[BuiltinSkill] = []
    for where, category, fields in _records(text, source, "category"):
        if not fields[0] or len(fields) > 4:
            raise TaxonomyFileError(f"{where}: expected 'name | aliases | related [| context: …]'")
        name = fields[0]
        raw_aliases = _split(fields[1]) if len(fields) > 1 else []
        related = _split(fields[2]) if len(fields) > 2 else []
        context: list[str] = []
        if len(fields) > 3:
            if not fields[3].startswith("context:"):
                raise TaxonomyFileError(f"{where}: the fourth field must start with 'context:'")
            context = _split(fields[3][len("context:") :])
        aliases = [_alias(a) for a in raw_aliases]
        if not any(a.text == name for a in aliases):
            aliases.insert(0, Alias(name))
        skills.append(BuiltinSkill(name, category, aliases, related, context, where))
    return skills


def parse_occupations(text: str, source: str) -> list[BuiltinOccupation]:
    occupations: list[BuiltinOccupation] = []
    for where, family, fields in _records(text, source, "family"):
        if len(fields) != 3 or not fields[0]:
            raise TaxonomyFileError(f"{where}: expected 'title | alternative titles | skills'")
        occupations.append(
            BuiltinOccupation(fields[0], family, _split(fields[1]), _split(fields[2]), where)
        )
    return occupations


def load_builtin(data_dir: Path | None = None) -> BuiltinTaxonomy:
    """Read every data file (the package's own unless ``data_dir`` is given)."""
    root = data_dir or Path(str(resources.files("jobpilot.taxonomy") / "data"))
    taxonomy = BuiltinTaxonomy()
    for path in sorted((root / "skills").glob("*.txt")):
        taxonomy.skills.extend(parse_skills(path.read_text(encoding="utf-8"), path.name))
    for path in sorted((root / "occupations").glob("*.txt")):
        taxonomy.occupations.extend(parse_occupations(path.read_text(encoding="utf-8"), path.name))
    return taxonomy


def validate(taxonomy: BuiltinTaxonomy) -> list[str]:
    """Problems that would make the taxonomy ambiguous or inconsistent (empty when it is fine)."""
    problems: list[str] = []
    by_key: dict[str, BuiltinSkill] = {}
    for skill in taxonomy.skills:
        if skill.key in by_key:
            problems.append(
                f"{skill.source}: duplicate skill {skill.name!r}"
                f" (first at {by_key[skill.key].source})"
            )
        else:
            by_key[skill.key] = skill
    alias_owner: dict[tuple[str, bool], str] = {}
    for skill in taxonomy.skills:
        for alias in skill.aliases:
            form = (
                alias.text if alias.case_sensitive else alias.text.lower(),
                alias.case_sensitive,
            )
            owner = alias_owner.get(form)
            if owner is not None and owner != skill.key:
                problems.append(f"{skill.source}: alias {alias.text!r} also belongs to {owner!r}")
            alias_owner.setdefault(form, skill.key)
        for name in skill.related:
            if skill_key(name) not in by_key:
                problems.append(f"{skill.source}: related skill {name!r} is not defined")
            if skill_key(name) == skill.key:
                problems.append(f"{skill.source}: {skill.name!r} is related to itself")
    titles: dict[str, str] = {}
    for occupation in taxonomy.occupations:
        if occupation.key in titles:
            problems.append(f"{occupation.source}: duplicate occupation {occupation.title!r}")
        titles.setdefault(occupation.key, occupation.source)
        for name in occupation.skills:
            if skill_key(name) not in by_key:
                problems.append(f"{occupation.source}: skill {name!r} is not defined")
    return problems


def main() -> int:
    taxonomy = load_builtin(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    problems = validate(taxonomy)
    for problem in problems:
        print(problem)
    per_category = Counter(s.category for s in taxonomy.skills)
    aliases = sum(len(s.aliases) for s in taxonomy.skills)
    print(
        f"{len(taxonomy.skills)} skills ({aliases} surface forms),"
        f" {len(taxonomy.occupations)} occupations"
    )
    for category in CATEGORIES:
        print(f"  {category:24} {per_category.get(category, 0)}")
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())


def skill_id(name: str) -> str:
    return f"jp:skill:{skill_key(name)}"


def occupation_id(title: str) -> str:
    return f"jp:occupation:{skill_key(title)}"


def data_digest(data_dir: Path | None = None) -> str:
    """A digest of every data file: the built-in load is skipped when it has not changed."""
    import hashlib

    root = data_dir or Path(str(resources.files("jobpilot.taxonomy") / "data"))
    digest = hashlib.sha256()
    for path in sorted(root.glob("*/*.txt")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _label_type(alias: Alias, name: str) -> str:
    if alias.text == name:
        return "preferred"
    compact = alias.text.replace(".", "").replace("&", "").replace("/", "")
    if compact.isupper() and len(compact) <= 6:
        return "abbreviation"
    return "alternative"


def to_rows(taxonomy: BuiltinTaxonomy) -> tuple[list, list, list]:  # type: ignore[type-arg]
    """Concept, label and relation rows (ids ``jp:skill:…`` and ``jp:occupation:…``)."""
    concepts = []
    labels = []
    relations = []
    for skill in taxonomy.skills:
        sid = skill_id(skill.name)
        attributes: dict[str, object] = {}
        if skill.context:
            attributes["context"] = [c.lower() for c in skill.context]
        concepts.append((sid, "skill", "builtin", skill.name, None, skill.category, attributes))
        for alias in skill.aliases:
            labels.append(
                (
                    sid,
                    alias.text,
                    _label_type(alias, skill.name),
                    alias.case_sensitive,
                    alias.ambiguous,
                )
            )
        for name in skill.related:
            relations.append((sid, skill_id(name), "related"))
    for occupation in taxonomy.occupations:
        oid = occupation_id(occupation.title)
        concepts.append(
            (oid, "occupation", "builtin", occupation.title, None, occupation.family, {})
        )
        labels.append((oid, occupation.title, "preferred", False, False))
        for alt in dict.fromkeys(occupation.alternative_titles):
            if alt.lower() != occupation.title.lower():
                labels.append((oid, alt, "alternative", False, False))
        for name in occupation.skills:
            relations.append((oid, skill_id(name), "typical"))
    return concepts, labels, relations
