from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from jobpilot.core.settings import (
    HttpSettings,
    Settings,
    mask_url,
    masked_settings,
    resolve_secret_key,
    secret_weakness,
)

STRONG = "Zq8Vt3Lr9Wm2Kp7Xc4Bn6Hj1Fd5Gs0Ay-eU_iO"


def test_environment_variables_with_prefix_and_nesting(monkeypatch, tmp_path):
    monkeypatch.setenv("JOBPILOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JOBPILOT_CACHE_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("JOBPILOT_AUTH__ACCESS_TOKEN_MINUTES", "5")
    monkeypatch.setenv("JOBPILOT_DATABASE__POOL_SIZE", "7")
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.cache_url.startswith("redis://")
    assert settings.auth.access_token_minutes == 5
    assert settings.database.pool_size == 7
    assert settings.embedded


def test_blank_database_url_means_embedded(monkeypatch):
    monkeypatch.setenv("JOBPILOT_DATABASE_URL", "  ")
    assert Settings().embedded


def test_bad_urls_are_refused():
    with pytest.raises(ValidationError, match="cache_url"):
        Settings(cache_url="memcached://x")
    with pytest.raises(ValidationError, match="ratelimit_url"):
        Settings(ratelimit_url="mem://")


def test_production_requires_a_strong_secret():
    with pytest.raises(ValidationError, match="required"):
        Settings(env="production")
    for weak in ("changethis", "short", "a" * 64):
        with pytest.raises(ValidationError, match="too weak"):
            Settings(env="production", secret_key=SecretStr(weak))
    assert Settings(env="production", secret_key=SecretStr(STRONG)).env == "production"


def test_secret_weakness_reasons():
    assert secret_weakness("secret") == "it is a well-known placeholder"
    assert "fewer than" in (secret_weakness("Ab1" * 5) or "")
    assert "entropy" in (secret_weakness("ab" * 40) or "")
    assert secret_weakness(STRONG) is None


def test_secret_is_generated_once_per_data_dir(tmp_path):
    a = Settings(data_dir=tmp_path / "a")
    b = Settings(data_dir=tmp_path / "b")
    first = resolve_secret_key(a)
    assert resolve_secret_key(a) == first
    assert resolve_secret_key(b) != first
    key_file = tmp_path / "a" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert secret_weakness(first) is None


def test_configured_secret_wins(tmp_path):
    assert resolve_secret_key(Settings(data_dir=tmp_path, secret_key=SecretStr(STRONG))) == STRONG
    assert not (tmp_path / "secret_key").exists()


def test_masked_settings_hide_secrets():
    settings = Settings(
        secret_key=SecretStr(STRONG),
        database_url=SecretStr("postgresql://app:s3cret@db.internal:5432/jobpilot"),
        cache_url="redis://:redispass@cache:6379/0",
        http=HttpSettings(proxies=["socks5://scraper:proxypass@10.0.0.9:1080"]),
    )
    data = masked_settings(settings)
    text = str(data)
    assert "proxypass" not in text
    assert data["http"]["proxies"] == ["socks5://scraper:***@10.0.0.9:1080"]
    assert STRONG not in text
    assert "s3cret" not in text
    assert "redispass" not in text
    assert data["database_url"] == "postgresql://app:***@db.internal:5432/jobpilot"
    assert data["embedded"] is False


def test_mask_url():
    assert mask_url("mem://") == "mem://"
    assert mask_url("redis://cache:6379") == "redis://cache:6379"
    assert mask_url("redis://user@cache") == "redis://user@cache"
    assert mask_url("postgresql://u:p@h/db") == "postgresql://u:***@h/db"
