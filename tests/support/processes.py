"""Real server processes for end-to-end tests: PostgreSQL (pgserver's binaries), Redis and
jobpilot commands, each logging to a file that is shown when a test fails."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import psycopg
from psycopg import sql

PG_SYSTEM_USER = "pgserver"  # PostgreSQL refuses to run as root; pgserver uses this account
JOBPILOT = Path(sys.executable).parent / "jobpilot"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tail(path: Path, lines: int = 80) -> str:
    if not path.exists():
        return f"(no log at {path})"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:]) or "(empty)"


def wait_until(
    condition: Callable[[], bool], *, timeout: float, interval: float = 0.25, what: str
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


class Process:
    """A child process whose stdout and stderr go to ``log``."""

    def __init__(
        self, name: str, argv: Sequence[str], *, log: Path, env: Mapping[str, str] | None = None
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.log = log
        self._log_file = log.open("wb")
        self.popen = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
        )

    def alive(self) -> bool:
        return self.popen.poll() is None

    def check_alive(self) -> None:
        if not self.alive():
            raise RuntimeError(
                f"{self.name} exited with code {self.popen.returncode}; log:\n{tail(self.log)}"
            )

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout`` seconds."""
        if self.alive():
            self.popen.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)
        self._log_file.close()
        return self.popen.returncode

    def report(self, lines: int = 80) -> str:
        state = "running" if self.alive() else f"exited {self.popen.returncode}"
        return f"----- {self.name} ({state}) {self.log} -----\n{tail(self.log, lines)}"


def _pg_bin() -> Path:
    with warnings.catch_warnings():
        # pgserver resolves a runtime dir at import and warns when XDG_RUNTIME_DIR is unset.
        warnings.simplefilter("ignore")
        from pgserver._commands import POSTGRES_BIN_PATH
    path: Path = POSTGRES_BIN_PATH
    return path


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1:``port`` built from pgserver's binaries.

    Trust authentication, TCP on 127.0.0.1 only, a unix socket in ``root``. As root the
    binaries run as the ``pgserver`` system user, the way pgserver itself runs them.
    """

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.home = root / "pg"  # owned by the system user PostgreSQL runs as
        self.pgdata = self.home / "data"
        self.socket_dir = self.home / "sock"
        self.log = self.home / "postgres.log"
        self.bin = _pg_bin()
        self.user: str | None = None
        self.started = False

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        argv = [str(self.bin / program), *args]
        result = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            user=self.user,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv)} failed ({result.returncode})\nstdout:\n{result.stdout}\n"
                f"stderr:\n{result.stderr}\nserver log:\n{tail(self.log)}"
            )

    def _prepare_user(self) -> None:
        if os.geteuid() != 0:
            return
        from pgserver.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        ensure_user_exists(PG_SYSTEM_USER)
        self.user = PG_SYSTEM_USER
        # The same permissions pgserver grants before it runs its binaries as that user.
        read = stat.S_IRGRP | stat.S_IROTH
        execute = stat.S_IXGRP | stat.S_IXOTH
        ensure_prefix_permissions(self.bin)
        ensure_folder_permissions(self.bin, read | execute)
        ensure_folder_permissions(self.bin.parent / "lib", read)
        ensure_prefix_permissions(self.home)
        entry = pwd.getpwnam(PG_SYSTEM_USER)
        for path in (self.home, self.pgdata, self.socket_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> None:
        for path in (self.home, self.pgdata, self.socket_dir):
            path.mkdir(mode=0o700)
        self._prepare_user()
        self._run(
            "initdb",
            "-D",
            str(self.pgdata),
            "--auth=trust",
            "--auth-local=trust",
            "--encoding=utf8",
            "-U",
            "postgres",
        )
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.socket_dir} -c max_connections=200"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.started = True  # from here on, stop() must run even if start fails halfway
        self._run(
            "pg_ctl", "-D", str(self.pgdata), "-w", "-t", "60", "-l", str(self.log),
            "-o", options, "start",
            timeout=90,
        )  # fmt: skip

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def stop(self) -> None:
        if not self.started:
            return
        self.started = False
        try:
            self._run("pg_ctl", "-D", str(self.pgdata), "-w", "-m", "fast", "stop", timeout=60)
        except (RuntimeError, subprocess.TimeoutExpired):
            self._kill_postmaster()
            raise

    def _kill_postmaster(self) -> None:
        """Last resort when pg_ctl cannot stop the server: kill the postmaster outright."""
        pid_file = self.pgdata / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError, IndexError):
            os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGKILL)


class RedisServer:
    """``redis-server`` on 127.0.0.1:``port`` without persistence."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.process: Process | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server is not on PATH: install it (apt-get install -y redis-server); "
                "the scaled-mode test needs a real Redis"
            )
        self.process = Process(
            "redis",
            [
                binary,
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.root),
                "--protected-mode", "yes",
            ],
            log=self.root / "redis.log",
        )  # fmt: skip
        wait_until(self._pong, timeout=15, what="redis-server to answer PING")

    def _pong(self) -> bool:
        assert self.process is not None
        self.process.check_alive()
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(Exception):
                self.process.stop()
