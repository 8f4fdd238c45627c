from __future__ import annotations

import psycopg
from psycopg import sql

from jobpilot.core import migrations
from jobpilot.core.db import Base
from jobpilot.core.embedded import ensure_embedded_server


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return {r[0] for r in rows}


def test_models_and_migrations_agree(libpq_url):
    assert migrations.model_drift(libpq_url) == []
    assert migrations.current_revisions(libpq_url) == migrations.head_revisions()


def test_upgrade_downgrade_upgrade(settings, libpq_url):
    url = ensure_embedded_server(settings.data_dir, "jobpilot_migrations")
    try:
        migrations.upgrade(url)
        upgraded = _tables(url)
        assert set(Base.metadata.tables) <= upgraded
        assert "procrastinate_jobs" in upgraded

        migrations.downgrade(url, "base")
        assert _tables(url) == {"alembic_version"}
        with psycopg.connect(url) as conn:
            leftovers = conn.execute(
                "SELECT count(*) FROM pg_proc WHERE proname LIKE 'procrastinate%'"
            ).fetchone()
        assert leftovers == (0,)

        migrations.upgrade(url)
        assert _tables(url) == upgraded
        assert migrations.model_drift(url) == []
    finally:
        with psycopg.connect(libpq_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier("jobpilot_migrations")
                )
            )


def test_migration_files_have_dated_names():
    names = [p.name for p in (migrations.MIGRATIONS_DIR / "versions").glob("*.py")]
    assert names
    for name in names:
        date, _, _ = name.partition("_")
        assert name[:16].replace("_", "").isdigit(), name
        assert len(date) == 4
