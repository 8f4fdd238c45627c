"""Alembic, driven programmatically so that an installed jobpilot can migrate itself."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool

from jobpilot.core.db import sqlalchemy_url

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(libpq_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option(
        "file_template",
        "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d_%%(slug)s",
    )
    config.set_main_option("truncate_slug_length", "40")
    config.attributes["libpq_url"] = libpq_url
    return config


def upgrade(libpq_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(libpq_url), revision)


def downgrade(libpq_url: str, revision: str) -> None:
    command.downgrade(alembic_config(libpq_url), revision)


def head_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(""))
    return set(script.get_heads())


def current_revisions(libpq_url: str) -> set[str]:
    engine = create_engine(sqlalchemy_url(libpq_url), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()


def model_drift(libpq_url: str) -> list[object]:
    """Differences between the models and the migrated database (empty when they agree)."""
    from jobpilot.migrations.env_support import include_object
    from jobpilot.models import Base

    engine = create_engine(sqlalchemy_url(libpq_url), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"include_object": include_object, "compare_type": True},
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def revision(libpq_url: str, message: str, *, autogenerate: bool) -> None:
    command.revision(alembic_config(libpq_url), message=message, autogenerate=autogenerate)
