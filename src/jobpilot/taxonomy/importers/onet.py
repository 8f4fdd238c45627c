"""O*NET text files from one directory (tab-separated, header row, keyed by O*NET-SOC code).

- ``Occupation Data.txt``: occupations ``onet:occupation:<code>`` with title and description;
- ``Alternate Titles.txt`` and ``Sample of Reported Titles.txt``: their alternative titles;
- ``Technology Skills.txt``: technology skills ``onet:tech:<slug>`` (e.g. Kubernetes) with
  their commodity class and the Hot Technology / In Demand flags, linked to occupations.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from jobpilot.taxonomy.importers.common import ImportFileError, ParsedTaxonomy, require_columns

SOURCE = "onet"
CODE = "O*NET-SOC Code"
FILES = {
    "occupations": ("Occupation Data.txt", {CODE, "Title", "Description"}),
    "alternate": ("Alternate Titles.txt", {CODE, "Alternate Title"}),
    "reported": ("Sample of Reported Titles.txt", {CODE, "Reported Job Title"}),
    "technology": ("Technology Skills.txt", {CODE, "Example", "Commodity Title", "Hot Technology"}),
}

Progress = Callable[[int], None]


def _rows(path: Path, needed: set[str]) -> Iterator[dict[str, str]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ImportFileError(f"cannot read {path.name}: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        require_columns(list(reader.fieldnames or []), needed, path.name)
        try:
            yield from reader
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFileError(f"{path.name}: unreadable at line {reader.line_num}") from exc


def tech_id(name: str) -> str:
    return "onet:tech:" + re.sub(r"[^a-z0-9+#]+", "-", name.lower()).strip("-")


def parse_onet(directory: Path, *, progress: Progress | None = None) -> ParsedTaxonomy:
    tick = progress or (lambda n: None)
    if not directory.is_dir():
        raise ImportFileError(f"{directory} is not a directory of O*NET files")
    name, needed = FILES["occupations"]
    if not (directory / name).exists():
        raise ImportFileError(f"{directory} has no '{name}'")
    parsed = ParsedTaxonomy(SOURCE)
    titles: dict[str, set[str]] = defaultdict(set)
    parsed.files.append(name)
    for row in _rows(directory / name, needed):
        code = row[CODE].strip()
        concept_id = f"onet:occupation:{code}"
        title = row["Title"].strip()
        parsed.concepts.append(
            (
                concept_id,
                "occupation",
                SOURCE,
                title,
                row["Description"].strip() or None,
                code[:2],
                {"soc_code": code},
            )
        )
        parsed.labels.append((concept_id, title, "preferred", False, False))
        titles[code].add(title.lower())
        tick(1)
    known = set(titles)
    for key, label_type, column in (
        ("alternate", "alternative", "Alternate Title"),
        ("reported", "alternative", "Reported Job Title"),
    ):
        file_name, needed = FILES[key]
        path = directory / file_name
        if not path.exists():
            continue
        parsed.files.append(file_name)
        for row in _rows(path, needed):
            code = row[CODE].strip()
            title = row[column].strip()
            if code in known and title and title.lower() not in titles[code]:
                titles[code].add(title.lower())
                parsed.labels.append((f"onet:occupation:{code}", title, label_type, False, False))
            tick(1)
    file_name, needed = FILES["technology"]
    path = directory / file_name
    if path.exists():
        parsed.files.append(file_name)
        technologies: dict[str, dict[str, object]] = {}
        for row in _rows(path, needed):
            example = row["Example"].strip()
            code = row[CODE].strip()
            if not example:
                continue
            concept_id = tech_id(example)
            tech = technologies.setdefault(
                concept_id,
                {
                    "label": example,
                    "commodity": row["Commodity Title"].strip(),
                    "hot": False,
                    "in_demand": False,
                    "occupations": 0,
                },
            )
            tech["hot"] = bool(tech["hot"]) or row.get("Hot Technology", "").strip() == "Y"
            tech["in_demand"] = bool(tech["in_demand"]) or row.get("In Demand", "").strip() == "Y"
            tech["occupations"] = int(str(tech["occupations"])) + 1
            if code in known:
                relation = "essential" if row.get("In Demand", "").strip() == "Y" else "optional"
                parsed.relations.append((f"onet:occupation:{code}", concept_id, relation))
            tick(1)
        for concept_id, tech in technologies.items():
            label = str(tech["label"])
            parsed.concepts.append(
                (
                    concept_id,
                    "skill",
                    SOURCE,
                    label,
                    None,
                    str(tech["commodity"]),
                    {
                        "hot_technology": tech["hot"],
                        "in_demand": tech["in_demand"],
                        "commodity": tech["commodity"],
                    },
                )
            )
            parsed.labels.append((concept_id, label, "preferred", False, False))
    return parsed
