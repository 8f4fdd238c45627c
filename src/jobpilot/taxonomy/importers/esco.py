"""ESCO v1.x CSV archives: the classification zip and, optionally, the relations zip.

Read: ``skills_en.csv`` (preferred, alternative and hidden labels, description, skill type,
reuse level), ``occupations_en.csv`` (labels, description, ISCO group, code),
``skillsHierarchy_en.csv`` / ``skillGroups_en.csv`` (the skill pillar's groups) and, from the
relations zip, ``occupationSkillRelations.csv`` (essential / optional),
``skillSkillRelations.csv`` and ``broaderRelationsSkillPillar.csv``. Concept ids are the
official concept URIs.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from jobpilot.taxonomy.importers.common import (
    ImportFileError,
    ParsedTaxonomy,
    require_columns,
    split_labels,
)

SOURCE = "esco"
SKILL_COLUMNS = {
    "conceptUri",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "skillType",
    "reuseLevel",
    "description",
}
OCCUPATION_COLUMNS = {
    "conceptUri",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "iscoGroup",
    "description",
}
GROUP_COLUMNS = {"conceptUri", "preferredLabel", "altLabels", "description"}
OCC_SKILL_COLUMNS = {"occupationUri", "relationType", "skillUri"}
SKILL_SKILL_COLUMNS = {"originalSkillUri", "relationType", "relatedSkillUri"}
BROADER_COLUMNS = {"conceptUri", "broaderUri"}
HIERARCHY_COLUMNS = {"Level 0 URI", "Level 1 URI"}

Progress = Callable[[int], None]


def _open_zip(path: Path, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(f"{path.name} is not a readable zip archive ({what})") from exc


def _member(archive: zipfile.ZipFile, suffix: str) -> str | None:
    """The archive member whose name ends with ``suffix`` (ESCO names vary by language)."""
    for name in archive.namelist():
        if name.rsplit("/", 1)[-1].lower().startswith(suffix.lower()) and name.lower().endswith(
            ".csv"
        ):
            return name
    return None


def _rows(archive: zipfile.ZipFile, name: str, needed: set[str]) -> Iterator[dict[str, str]]:
    with archive.open(name) as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        require_columns(list(reader.fieldnames or []), needed, name)
        yield from reader


def parse_esco(
    classification: Path, relations: Path | None = None, *, progress: Progress | None = None
) -> ParsedTaxonomy:
    """Read the archives completely before anything is written, so a bad file writes nothing."""
    tick = progress or (lambda n: None)
    parsed = ParsedTaxonomy(SOURCE)
    with _open_zip(classification, "ESCO classification") as archive:
        skills_name = _member(archive, "skills_")
        occupations_name = _member(archive, "occupations_")
        if skills_name is None or occupations_name is None:
            raise ImportFileError(
                f"{classification.name} does not look like an ESCO classification archive "
                "(no skills_*.csv or occupations_*.csv)"
            )
        parsed.files += [skills_name, occupations_name]
        for row in _rows(archive, skills_name, SKILL_COLUMNS):
            _add_concept(
                parsed,
                row,
                "skill",
                category=row.get("skillType") or None,
                attributes={
                    "reuse_level": row.get("reuseLevel") or None,
                    "skill_type": row.get("skillType") or None,
                },
            )
            tick(1)
        for row in _rows(archive, occupations_name, OCCUPATION_COLUMNS):
            _add_concept(
                parsed,
                row,
                "occupation",
                category=row.get("iscoGroup") or None,
                attributes={
                    "isco_group": row.get("iscoGroup") or None,
                    "code": row.get("code") or None,
                },
            )
            tick(1)
        groups_name = _member(archive, "skillGroups_")
        if groups_name is not None:
            parsed.files.append(groups_name)
            for row in _rows(archive, groups_name, GROUP_COLUMNS):
                _add_concept(
                    parsed,
                    row,
                    "skill_group",
                    category=None,
                    attributes={"code": row.get("code") or None},
                )
                tick(1)
        hierarchy_name = _member(archive, "skillsHierarchy_")
        if hierarchy_name is not None:
            # Levels 0-3 of the skill pillar: each level's group is narrower than the one above.
            parsed.files.append(hierarchy_name)
            for row in _rows(archive, hierarchy_name, HIERARCHY_COLUMNS):
                levels = [(row.get(f"Level {n} URI") or "").strip() for n in range(4)]
                present = [uri for uri in levels if uri]
                for narrower, broader in itertools.pairwise(present):
                    parsed.relations.append((narrower, broader, "broader"))
                tick(1)
    if relations is not None:
        with _open_zip(relations, "ESCO relations") as archive:
            occ_skill = _member(archive, "occupationSkillRelations")
            if occ_skill is None:
                raise ImportFileError(
                    f"{relations.name} does not look like an ESCO relations archive "
                    "(no occupationSkillRelations.csv)"
                )
            parsed.files.append(occ_skill)
            for row in _rows(archive, occ_skill, OCC_SKILL_COLUMNS):
                relation = row["relationType"].strip().lower()
                if relation in {"essential", "optional"}:
                    parsed.relations.append((row["occupationUri"], row["skillUri"], relation))
                tick(1)
            skill_skill = _member(archive, "skillSkillRelations")
            if skill_skill is not None:
                parsed.files.append(skill_skill)
                for row in _rows(archive, skill_skill, SKILL_SKILL_COLUMNS):
                    parsed.relations.append(
                        (row["originalSkillUri"], row["relatedSkillUri"], "related")
                    )
                    tick(1)
            for prefix in ("broaderRelationsSkillPillar", "broaderRelationsOccPillar"):
                broader_name = _member(archive, prefix)
                if broader_name is None:
                    continue
                parsed.files.append(broader_name)
                for row in _rows(archive, broader_name, BROADER_COLUMNS):
                    parsed.relations.append((row["conceptUri"], row["broaderUri"], "broader"))
                    tick(1)
    if not any(c[1] == "skill" for c in parsed.concepts):
        raise ImportFileError(f"{classification.name}: no skills found")
    return parsed


def _add_concept(
    parsed: ParsedTaxonomy,
    row: dict[str, str],
    kind: str,
    *,
    category: str | None,
    attributes: dict[str, str | None],
) -> None:
    uri = (row.get("conceptUri") or "").strip()
    label = (row.get("preferredLabel") or "").strip()
    if not uri or not label:
        return
    description = (row.get("description") or "").strip() or None
    parsed.concepts.append(
        (
            uri,
            kind,
            SOURCE,
            label,
            description,
            category,
            {k: v for k, v in attributes.items() if v},
        )
    )
    seen = {label.lower()}
    parsed.labels.append((uri, label, "preferred", False, False))
    for label_type, field_name in (("alternative", "altLabels"), ("hidden", "hiddenLabels")):
        for alt in split_labels(row.get(field_name)):
            if alt.lower() not in seen:
                seen.add(alt.lower())
                parsed.labels.append((uri, alt, label_type, False, False))
