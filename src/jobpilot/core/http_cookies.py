"""Named cookie jars that outlive the process, for sources that need a session.

Each jar is a JSON file ``<data_dir>/cookies/<name>.json`` readable by its owner only. Session
cookies (no expiry) are kept too: they are usually the session a source needs. Expired cookies
are dropped when a jar is loaded.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import urllib.request
from http.cookiejar import Cookie, CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import TypedDict

import httpx

_JAR_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class StoredCookie(TypedDict):
    name: str
    value: str | None
    domain: str
    domain_specified: bool
    domain_initial_dot: bool
    path: str
    path_specified: bool
    secure: bool
    expires: int | None
    http_only: bool


def cookie_to_record(cookie: Cookie) -> StoredCookie:
    return StoredCookie(
        name=cookie.name,
        value=cookie.value,
        domain=cookie.domain,
        domain_specified=cookie.domain_specified,
        domain_initial_dot=cookie.domain_initial_dot,
        path=cookie.path,
        path_specified=cookie.path_specified,
        secure=cookie.secure,
        expires=cookie.expires,
        http_only=cookie.has_nonstandard_attr("HttpOnly"),
    )


def cookie_from_record(record: StoredCookie) -> Cookie:
    return Cookie(
        version=0,
        name=record["name"],
        value=record["value"],
        port=None,
        port_specified=False,
        domain=record["domain"],
        domain_specified=record["domain_specified"],
        domain_initial_dot=record["domain_initial_dot"],
        path=record["path"],
        path_specified=record["path_specified"],
        secure=record["secure"],
        expires=record["expires"],
        discard=record["expires"] is None,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": ""} if record["http_only"] else {},
    )


def jar_records(cookies: httpx.Cookies) -> list[StoredCookie]:
    """The jar's cookies as plain records, in a stable order."""
    records = [cookie_to_record(cookie) for cookie in cookies.jar]
    return sorted(records, key=lambda r: (r["domain"], r["path"], r["name"]))


def check_jar_name(name: str) -> str:
    if not _JAR_NAME.match(name):
        raise ValueError(f"invalid cookie jar name {name!r}: use letters, digits, '_', '.', '-'")
    return name


def _read_records(path: Path) -> list[StoredCookie]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except ValueError:
        # A damaged jar costs a new session, not a failed run.
        return []
    return list(raw) if isinstance(raw, list) else []


def _write_records(path: Path, records: list[StoredCookie]) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(records, handle)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


class CookieJarFiles:
    """Named jars, loaded on first use and written back when their cookies change.

    Without a directory the jars live in memory only.
    """

    def __init__(self, directory: Path | None) -> None:
        self._directory = directory
        self._jars: dict[str, httpx.Cookies] = {}
        self._saved: dict[str, list[StoredCookie]] = {}

    def path(self, name: str) -> Path | None:
        if self._directory is None:
            return None
        return self._directory / f"{check_jar_name(name)}.json"

    async def jar(self, name: str) -> httpx.Cookies:
        jar = self._jars.get(name)
        if jar is not None:
            return jar
        path = self.path(check_jar_name(name))
        records = await asyncio.to_thread(_read_records, path) if path is not None else []
        jar = httpx.Cookies()
        now = int(time.time())
        for record in records:
            try:
                cookie = cookie_from_record(record)
            except (KeyError, TypeError):
                continue
            if not cookie.is_expired(now):
                jar.jar.set_cookie(cookie)
        self._jars[name] = jar
        self._saved[name] = jar_records(jar)
        return jar

    async def save(self, name: str) -> None:
        """Write the jar ``name`` to its file if its cookies changed since the last write."""
        jar = self._jars.get(name)
        path = self.path(name)
        if jar is None or path is None:
            return
        records = jar_records(jar)
        if records == self._saved.get(name):
            return
        await asyncio.to_thread(_write_records, path, records)
        self._saved[name] = records


def refusing_cookie_jar() -> CookieJar:
    """A jar that keeps nothing (for clients whose cookies are managed elsewhere)."""
    return CookieJar(policy=_RefuseAllCookies())


class _RefuseAllCookies(DefaultCookiePolicy):
    def set_ok(self, cookie: Cookie, request: urllib.request.Request) -> bool:
        return False

    def return_ok(self, cookie: Cookie, request: urllib.request.Request) -> bool:
        return False
