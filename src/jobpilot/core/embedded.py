"""The embedded PostgreSQL: a pgserver instance under the data dir, shared by every local process.

pgserver keeps one postmaster per data directory and counts the processes that hold it; the
last one to exit stops it. We only add the database and the pgvector extension on first use.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg
from psycopg import sql

_lock = threading.Lock()
_servers: dict[Path, Any] = {}
_databases: set[tuple[Path, str]] = set()


def pgdata_path(data_dir: Path) -> Path:
    return data_dir / "pgdata"


def ensure_embedded_server(data_dir: Path, database: str) -> str:
    """Start (or join) the embedded server and return a libpq URL for ``database``."""
    with warnings.catch_warnings():
        # pgserver resolves a runtime dir at import and warns when XDG_RUNTIME_DIR is unset.
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = pgdata_path(data_dir).resolve()
    with _lock:
        server = _servers.get(pgdata)
        if server is None:
            server = get_server(pgdata, cleanup_mode="stop")
            _servers[pgdata] = server
        if (pgdata, database) not in _databases:
            _ensure_database(server.get_uri("postgres"), database)
            _databases.add((pgdata, database))
    url: str = server.get_uri(database)
    return url


def prestart_embedded_server(data_dir: Path, database: str) -> threading.Thread:
    """Start the embedded server in the background while the caller imports the rest.

    Starting PostgreSQL is mostly waiting on a child process; overlapping it with Python's
    imports shortens a cold start. A later :func:`ensure_embedded_server` joins the same server.
    """
    thread = threading.Thread(
        target=ensure_embedded_server, args=(data_dir, database), name="pg-prestart", daemon=True
    )
    thread.start()
    return thread


def _ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if exists is None:
            # Another process may create it between our check and our create.
            with contextlib.suppress(
                psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation
            ):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def socket_dir_of(url: str) -> str | None:
    """The unix socket directory in a pgserver URL (``...?host=/path``), if any."""
    values = parse_qs(urlsplit(url).query).get("host")
    return values[0] if values else None
