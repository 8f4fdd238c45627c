"""Alembic environment: runs against the URL handed over by :mod:`jobpilot.core.migrations`."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from pgvector.sqlalchemy import Vector
from sqlalchemy import create_engine, pool, text

from jobpilot.core.db import UTCDateTime, sqlalchemy_url
from jobpilot.migrations.env_support import include_object
from jobpilot.models import Base

config = context.config
target_metadata = Base.metadata

# Serialises migrations when several processes start at once (API and workers).
MIGRATION_LOCK_KEY = 7_271_532_019


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations stay free of our Python types: a UTC column is a plain timestamptz there.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, Vector):
        autogen_context.imports.add("from pgvector.sqlalchemy import Vector")
        return f"Vector({obj.dim})" if obj.dim else "Vector()"
    return False


def run_migrations_online() -> None:
    url = config.attributes.get("libpq_url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to the migration environment")
    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                include_object=include_object,
                compare_type=True,
                render_item=render_item,
                transaction_per_migration=True,
            )
            with context.begin_transaction():
                context.run_migrations()
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
            connection.commit()
    engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
