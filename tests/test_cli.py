"""The command line, run as a user would: real processes against their own data dirs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.cli import JOBPILOT, run
from tests.support.processes import free_port


@pytest.fixture(scope="module")
def instance_a() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="jpa-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def instance_b() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="jpb-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_version_and_about(tmp_path):
    assert run(tmp_path, "--version").stdout.startswith("jobpilot ")
    about = run(tmp_path, "--about").stdout
    assert "ESCO classification of the European Commission" in about
    assert "CC BY 4.0" in about


def test_demo_is_idempotent_and_prints_accounts(instance_a):
    # The demo catalogue has its own test (tests/jobs/test_cli.py); accounts only here.
    first = json.loads(run(instance_a, "demo", "--no-jobs", "--json").stdout)
    second = json.loads(run(instance_a, "demo", "--no-jobs", "--json").stdout)
    assert first == second
    assert first["jobs"] is None
    seeker = first["profile"]
    assert seeker["email"] == "seeker@demo.jobpilot.dev"
    assert seeker["current_title"] == "Senior Backend Engineer"
    assert seeker["total_years"] > 5
    assert seeker["skills"] >= 10
    roles = {a["role"] for a in first["accounts"]}
    assert roles == {"seeker", "recruiter"}
    assert all(a["email"] and a["password"] for a in first["accounts"])
    table = run(instance_a, "demo", "--no-jobs").stdout
    assert "seeker@demo.jobpilot.dev" in table


def test_users_orgs_and_keys(instance_a):
    created = json.loads(
        run(
            instance_a,
            "users",
            "create",
            "owner@example.com",
            "--password",
            "a long password",
            "--role",
            "recruiter",
            "--json",
        ).stdout
    )
    assert created["email"] == "owner@example.com"
    assert created["role"] == "recruiter"

    duplicate = run(
        instance_a,
        "users",
        "create",
        "owner@example.com",
        "--password",
        "a long password",
        check=False,
    )
    assert duplicate.returncode == 1
    assert "already exists" in duplicate.stderr
    bad_email = run(
        instance_a, "users", "create", "nope", "--password", "a long password", check=False
    )
    assert bad_email.returncode == 2
    bad_role = run(
        instance_a,
        "users",
        "create",
        "x@example.com",
        "--password",
        "a long password",
        "--role",
        "boss",
        check=False,
    )
    assert bad_role.returncode == 2

    org = json.loads(
        run(
            instance_a, "orgs", "create", "Owner Co", "--owner", "owner@example.com", "--json"
        ).stdout
    )
    assert org["slug"] == "owner-co"
    no_owner = run(instance_a, "orgs", "create", "X", "--owner", "ghost@example.com", check=False)
    assert no_owner.returncode == 1

    key = json.loads(
        run(
            instance_a,
            "api-keys",
            "create",
            "--user",
            "owner@example.com",
            "--name",
            "ci",
            "--scope",
            "jobs:read",
            "--json",
        ).stdout
    )
    assert key["key"].startswith("jp_")
    assert key["scopes"] == ["jobs:read"]
    bad_scope = run(
        instance_a,
        "api-keys",
        "create",
        "--user",
        "owner@example.com",
        "--name",
        "x",
        "--scope",
        "root",
        check=False,
    )
    assert bad_scope.returncode == 2


def test_db_commands(instance_a):
    current = json.loads(run(instance_a, "db", "current", "--json").stdout)
    assert current["up_to_date"] is True
    assert json.loads(run(instance_a, "db", "check", "--json").stdout) == {
        "agree": True,
        "differences": [],
    }
    head = current["head"]
    down = json.loads(run(instance_a, "db", "downgrade", "base", "--json").stdout)
    assert down == {"current": []}
    behind = run(instance_a, "db", "current", check=False)
    assert behind.returncode == 1
    up = json.loads(run(instance_a, "db", "upgrade", "--json").stdout)
    assert up == {"current": head}


def test_config_show_masks_secrets(instance_a):
    secret = "Zq8Vt3Lr9Wm2Kp7Xc4Bn6Hj1Fd5Gs0Ay-eU_iO"
    shown = json.loads(
        run(
            instance_a,
            "config",
            "show",
            "--json",
            env={"JOBPILOT_SECRET_KEY": secret, "JOBPILOT_AUTH__ACCESS_TOKEN_MINUTES": "7"},
        ).stdout
    )
    assert shown["secret_key"] == "********"
    assert shown["auth"]["access_token_minutes"] == 7
    assert shown["data_dir"] == str(instance_a)
    assert secret not in json.dumps(shown)


def test_invalid_settings_exit_2_with_a_clear_message(instance_a):
    result = run(instance_a, "config", "show", env={"JOBPILOT_ENV": "production"}, check=False)
    assert result.returncode == 2
    assert "JOBPILOT_SECRET_KEY is required" in result.stderr


def test_two_data_dirs_are_independent(instance_a, instance_b):
    run(instance_b, "users", "create", "solo@example.com", "--password", "a long password")
    # The same email is free in the other instance, and the keys differ.
    run(instance_a, "users", "create", "solo@example.com", "--password", "a long password")
    key_a = (instance_a / "secret_key").read_text()
    key_b = (instance_b / "secret_key").read_text()
    assert key_a != key_b
    assert (instance_a / "pgdata").is_dir()
    assert (instance_b / "pgdata").is_dir()


def test_serve_with_demo_data_is_ready_and_a_user_can_log_in(instance_b):
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("JOBPILOT_")}
    environment["JOBPILOT_DATA_DIR"] = str(instance_b)
    log_path = instance_b / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [JOBPILOT, "serve", "--demo", "--port", str(port)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status = httpx.get(f"{base}/health/ready", timeout=2).status_code
                if status == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        assert status == 200, log_path.read_text()
        login = httpx.post(
            f"{base}/api/v1/auth/login",
            json={"email": "seeker@demo.jobpilot.dev", "password": "demo-seeker-2026"},
            timeout=10,
        )
        assert login.status_code == 200
        registered = httpx.post(
            f"{base}/api/v1/auth/register",
            json={"email": "new.person@example.com", "password": "a fresh password"},
            timeout=10,
        )
        assert registered.status_code == 201, registered.text
        fresh = httpx.post(
            f"{base}/api/v1/auth/login",
            json={"email": "new.person@example.com", "password": "a fresh password"},
            timeout=10,
        )
        fresh_me = httpx.get(
            f"{base}/api/v1/me",
            headers={"Authorization": f"Bearer {fresh.json()['access_token']}"},
            timeout=10,
        )
        assert fresh_me.json()["email"] == "new.person@example.com"
        me = httpx.get(
            f"{base}/api/v1/me",
            headers={"Authorization": f"Bearer {login.json()['access_token']}"},
            timeout=10,
        )
        assert me.json()["email"] == "seeker@demo.jobpilot.dev"
        profile = httpx.get(
            f"{base}/api/v1/me/profile",
            headers={"Authorization": f"Bearer {login.json()['access_token']}"},
            timeout=10,
        ).json()
        assert profile["resume"]["contact"]["name"] == "Sam Seeker"
        assert profile["preferences"]["min_salary"]["currency"] == "EUR"
        assert all(skill["evidence"] for skill in profile["facts"]["skills"])
        assert httpx.get(f"{base}/docs", timeout=10).status_code == 200
        assert httpx.get(f"{base}/openapi.json", timeout=10).json()["info"]["title"] == "jobpilot"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    logged = log_path.read_text()
    # uvicorn re-raises the signal it stopped on, so a clean Ctrl-C exits with 130.
    assert process.returncode in (0, 130), logged
    assert "Application shutdown complete" in logged
    assert "demo-seeker-2026" in logged or "seeker@demo.jobpilot.dev" in logged  # the demo table
    assert "Traceback" not in logged
