"""What every importer produces: rows for concepts, labels and relations, plus clear errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from jobpilot.core.errors import InvalidInput
from jobpilot.taxonomy.repository import ConceptRow, LabelRow, RelationRow


class ImportFileError(InvalidInput):
    """A file that is not what the importer expects (wrong archive, missing columns …)."""


@dataclass
class ParsedTaxonomy:
    source: str
    concepts: list[ConceptRow] = field(default_factory=list)
    labels: list[LabelRow] = field(default_factory=list)
    relations: list[RelationRow] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def require_columns(found: list[str] | None, needed: set[str], where: str) -> None:
    missing = sorted(needed - set(found or []))
    if missing:
        raise ImportFileError(f"{where}: missing columns {', '.join(missing)}")


def split_labels(value: str | None) -> list[str]:
    """ESCO keeps several labels in one field, one per line."""
    if not value:
        return []
    return [line.strip() for line in value.splitlines() if line.strip()]
