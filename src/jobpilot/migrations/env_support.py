"""Pieces of the migration environment that are importable outside Alembic's runner."""

from __future__ import annotations


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Procrastinate's objects come from its own SQL inside our migrations, not from models."""
    return name is None or not name.startswith(("procrastinate_", "idx_procrastinate_"))
