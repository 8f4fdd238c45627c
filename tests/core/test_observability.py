from __future__ import annotations

import json
import logging

import structlog

from jobpilot.core.observability import configure_logging, mask_pii, mask_text
from jobpilot.core.settings import ObservabilitySettings, Settings


def test_mask_text_covers_emails_phones_tokens_and_keys():
    text = (
        "user ada@example.com phoned +44 20 7946 0958 and (555) 123-4567 with "
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl and key jp_0a1b2c3d_secretsecret"
    )
    masked = mask_text(text)
    for leaked in ("ada@example.com", "7946", "123-4567", "eyJ", "jp_0a1b2c3d"):
        assert leaked not in masked
    # Not personal data: left readable.
    keep = "listening on http://127.0.0.1:8000 at 2026-11-22 version 1.2.3 took 1763835352 ms"
    assert mask_text(keep) == keep


def test_mask_pii_masks_secret_keys_and_nested_values():
    event = mask_pii(
        None,
        "info",
        {
            "event": "signup for bob@example.org",
            "password": "hunter2hunter2",
            "headers": {"Authorization": "Bearer abc.def.ghi", "accept": "json"},
            "emails": ["a@b.io"],
            "request_id": "r1",
        },
    )
    assert event["event"] == "signup for [email]"
    assert event["password"] == "[masked]"
    assert event["headers"] == {"Authorization": "[masked]", "accept": "json"}
    assert event["emails"] == ["[email]"]
    assert event["request_id"] == "r1"


def test_json_logs_in_production_mode_are_masked(capsys):
    settings = Settings(observability=ObservabilitySettings(log_format="json"))
    configure_logging(settings)
    try:
        structlog.get_logger("t").info("login", email="carol@example.com", token="abcdef123456")
        logging.getLogger("plain").warning("stdlib says hi to dave@example.com")
        lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    finally:
        logging.getLogger().handlers[:] = []
    assert lines[0]["event"] == "login"
    assert lines[0]["email"] == "[email]"
    assert lines[0]["token"] == "[masked]"
    assert lines[1]["event"] == "stdlib says hi to [email]"
    assert all("timestamp" in line and "level" in line for line in lines)
