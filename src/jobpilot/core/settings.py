"""Settings: one pydantic-settings model, read from ``JOBPILOT_*`` variables.

Nested groups are set with a double underscore, e.g. ``JOBPILOT_AUTH__ACCESS_TOKEN_MINUTES=5``.
Infrastructure is chosen by URL, never by environment name.
"""

from __future__ import annotations

import math
import secrets
from collections import Counter
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]

# Values people paste from examples; refused as secret keys in production.
_PLACEHOLDER_SECRETS = frozenset(
    {"changethis", "changeme", "secret", "secret-key", "password", "jobpilot", "development"}
)
MIN_SECRET_LENGTH = 32
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("jobpilot", appauthor=False))


class AuthSettings(BaseModel):
    access_token_minutes: int = Field(15, ge=1)
    refresh_token_days: int = Field(30, ge=1)
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    password_min_length: int = Field(10, ge=8)
    login_rate_limit: str = "5/minute"
    lockout_failures: int = Field(10, ge=1)
    lockout_minutes: int = Field(15, ge=1)


class ApiSettings(BaseModel):
    max_request_bytes: int = Field(12 * 1024 * 1024, ge=1024)
    page_size_default: int = Field(50, ge=1)
    page_size_max: int = Field(200, ge=1)
    cors_origins: list[str] = []


class DatabaseSettings(BaseModel):
    pool_size: int = Field(20, ge=1)
    max_overflow: int = Field(40, ge=0)
    pool_timeout_seconds: float = Field(30.0, gt=0)
    slow_query_ms: int = Field(500, ge=1)
    embedded_database: str = "jobpilot"


class WorkerSettings(BaseModel):
    concurrency: int = Field(4, ge=1)
    queues: list[str] = []
    # Workers beat this often; a job whose worker has been silent for ``stalled_after_seconds``
    # (killed, or its machine lost) is queued again by the stalled-job sweep.
    heartbeat_seconds: float = Field(10.0, gt=0)
    stalled_after_seconds: float = Field(30.0, gt=0)


class ReadinessSettings(BaseModel):
    require_worker: bool = True
    worker_heartbeat_max_age_seconds: int = Field(60, ge=1)


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)


class ObservabilitySettings(BaseModel):
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["console", "json"] | None = None
    otel_exporter_endpoint: str | None = None
    sentry_dsn: SecretStr | None = None


class HttpSettings(BaseModel):
    """Outbound HTTP for every fetching source (one client factory in ``core.http``)."""

    user_agent: str = "jobpilot/0.1 (+https://jobpilot.dev/bot)"
    connect_timeout_seconds: float = Field(10.0, gt=0)
    read_timeout_seconds: float = Field(30.0, gt=0)
    max_retries: int = Field(4, ge=0)
    backoff_initial_seconds: float = Field(0.5, ge=0)
    backoff_max_seconds: float = Field(30.0, ge=0)
    # A Retry-After longer than this is not waited for: the source counts as blocked.
    retry_after_max_seconds: float = Field(120.0, ge=0)
    max_response_bytes: int = Field(20 * 1024 * 1024, ge=1024)
    max_redirects: int = Field(5, ge=0)
    domain_rate_limit: str = "5/second"
    breaker_failure_threshold: int = Field(5, ge=1)
    breaker_reset_seconds: float = Field(60.0, gt=0)
    proxies: list[str] = []
    proxy_max_failures: int = Field(3, ge=1)
    proxy_quarantine_seconds: float = Field(300.0, ge=0)
    respect_robots_txt: bool = True
    # Off: hosts resolving to loopback, private, link-local or reserved addresses are refused.
    allow_private_networks: bool = False


class LinkedInSettings(BaseModel):
    enabled: bool = False
    delay_min_seconds: float = Field(3.0, ge=0)
    delay_max_seconds: float = Field(7.0, ge=0)
    max_results: int = Field(1000, ge=1, le=1000)
    page_size: int = Field(10, ge=1)
    fetch_details: bool = True
    rate_limit: str = "10/minute"


class IngestSettings(BaseModel):
    default_every: str = "6h"
    # Jobs missing from every source for this long are marked closed.
    close_after_hours: float = Field(72.0, ge=0)
    batch_size: int = Field(500, ge=1)
    reference_currency: str = "USD"
    # Units of the reference currency per one unit of each currency.
    currency_rates: dict[str, float] = {
        "USD": 1.0,
        "EUR": 1.08,
        "GBP": 1.27,
        "CHF": 1.13,
        "CAD": 0.73,
        "AUD": 0.66,
        "NZD": 0.60,
        "JPY": 0.0067,
        "INR": 0.012,
        "SEK": 0.095,
        "NOK": 0.093,
        "DKK": 0.145,
        "PLN": 0.25,
        "CZK": 0.043,
        "BRL": 0.18,
        "MXN": 0.055,
        "SGD": 0.74,
        "HKD": 0.128,
        "ZAR": 0.055,
        "CNY": 0.14,
    }
    dedup_similarity: float = Field(0.8, ge=0, le=1)
    repost_window_days: int = Field(90, ge=1)
    # A board's new id for a job it still lists is a repost only if posted this much later.
    repost_min_gap_days: int = Field(7, ge=0)
    # Uploads through the API are also bounded by api.max_request_bytes; the CLI has no limit.
    max_upload_bytes: int = Field(12 * 1024 * 1024, ge=1024)
    linkedin: LinkedInSettings = LinkedInSettings()


class ProfileSettings(BaseModel):
    # A resume is a few pages; the limit keeps a stray scan or archive out.
    max_upload_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    max_resumes: int = Field(50, ge=1)
    max_versions: int = Field(100, ge=1)
    # Which taxonomy profile skills and past titles are normalised to.
    taxonomy: Literal["builtin", "esco", "onet"] = "builtin"


class MatchingSettings(BaseModel):
    # Factor-weight overrides for the whole deployment, e.g. {"skills": 0.5, "recency": 0};
    # factors left out keep their defaults and the set is normalised. Checked at first use.
    weights: dict[str, float] = Field(default_factory=dict)
    # Whether new jobs are checked against every candidate's alert threshold.
    alerts: bool = True


class ModelPrice(BaseModel):
    """What a model costs in US dollars per million tokens."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)


class LLMSettings(BaseModel):
    provider: Literal["offline", "openai", "anthropic"] = "offline"
    # Any OpenAI-compatible server (Azure, Ollama, vLLM, LM Studio) or an Anthropic gateway.
    # Operators set it, so it is not held to the outbound-URL rules that user-given URLs are.
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = None
    timeout_seconds: float = Field(60.0, gt=0)
    max_retries: int = Field(3, ge=0)
    backoff_initial_seconds: float = Field(1.0, ge=0)
    backoff_max_seconds: float = Field(20.0, ge=0)
    # Re-asks after an answer that does not fit the schema.
    reasks: int = Field(2, ge=0, le=5)
    max_output_tokens: int = Field(4096, ge=64)
    temperature: float = Field(0.2, ge=0, le=2)
    breaker_failure_threshold: int = Field(5, ge=1)
    breaker_reset_seconds: float = Field(60.0, gt=0)
    # Estimated cost per call; a model missing here is recorded at zero cost.
    prices: dict[str, ModelPrice] = Field(
        default_factory=lambda: {
            "gpt-4o-mini": ModelPrice(input=0.15, output=0.60),
            "gpt-4o": ModelPrice(input=2.50, output=10.0),
            "gpt-4.1-mini": ModelPrice(input=0.40, output=1.60),
            "claude-haiku-4-5": ModelPrice(input=1.0, output=5.0),
        }
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="JOBPILOT_",
        env_nested_delimiter="__",
        env_file=None,
        extra="ignore",
    )

    env: Environment = "development"
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: SecretStr | None = None
    cache_url: str = "mem://"
    ratelimit_url: str = "memory://"
    secret_key: SecretStr | None = None
    embedder: Literal["hashing", "minilm"] = "hashing"

    auth: AuthSettings = AuthSettings()
    api: ApiSettings = ApiSettings()
    database: DatabaseSettings = DatabaseSettings()
    worker: WorkerSettings = WorkerSettings()
    readiness: ReadinessSettings = ReadinessSettings()
    server: ServerSettings = ServerSettings()
    observability: ObservabilitySettings = ObservabilitySettings()
    http: HttpSettings = HttpSettings()
    ingest: IngestSettings = IngestSettings()
    profiles: ProfileSettings = ProfileSettings()
    matching: MatchingSettings = MatchingSettings()
    llm: LLMSettings = LLMSettings()

    @field_validator("database_url", mode="before")
    @classmethod
    def _blank_url_is_embedded(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("cache_url")
    @classmethod
    def _check_cache_url(cls, value: str) -> str:
        if not value.startswith(("mem://", "redis://", "rediss://")):
            raise ValueError("cache_url must start with mem://, redis:// or rediss://")
        return value

    @field_validator("ratelimit_url")
    @classmethod
    def _check_ratelimit_url(cls, value: str) -> str:
        if not value.startswith(("memory://", "redis://", "rediss://")):
            raise ValueError("ratelimit_url must start with memory://, redis:// or rediss://")
        return value

    @model_validator(mode="after")
    def _production_needs_a_strong_secret(self) -> Settings:
        if self.env == "production":
            if self.secret_key is None:
                raise ValueError("JOBPILOT_SECRET_KEY is required when JOBPILOT_ENV=production")
            problem = secret_weakness(self.secret_key.get_secret_value())
            if problem:
                raise ValueError(f"JOBPILOT_SECRET_KEY is too weak for production: {problem}")
        return self

    @property
    def embedded(self) -> bool:
        return self.database_url is None

    @property
    def log_format_effective(self) -> Literal["console", "json"]:
        if self.observability.log_format is not None:
            return self.observability.log_format
        return "json" if self.env == "production" else "console"


def secret_weakness(secret: str) -> str | None:
    """Return why ``secret`` is too weak to sign tokens, or None when it is acceptable."""
    if secret.strip().lower() in _PLACEHOLDER_SECRETS:
        return "it is a well-known placeholder"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"it has fewer than {MIN_SECRET_LENGTH} characters"
    counts = Counter(secret)
    entropy_bits = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    if entropy_bits * len(secret) < 128:
        return "it has too little entropy; generate one with `python -c 'import secrets; " + (
            "print(secrets.token_urlsafe(48))'`"
        )
    return None


def resolve_secret_key(settings: Settings) -> str:
    """The signing key: the configured one, or one generated once and kept in the data dir."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = settings.data_dir / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: when two processes start together, exactly one writes and both read its key.
    try:
        fd = path.open("x", encoding="utf-8")
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with fd:
        path.chmod(0o600)
        fd.write(key)
    return key


def masked_settings(settings: Settings) -> dict[str, Any]:
    """Settings as plain data with every secret (and URL password) masked, for display."""
    data = settings.model_dump(mode="json")
    data["database_url"] = (
        mask_url(settings.database_url.get_secret_value()) if settings.database_url else None
    )
    data["secret_key"] = "********" if settings.secret_key else None
    data["cache_url"] = mask_url(settings.cache_url)
    data["ratelimit_url"] = mask_url(settings.ratelimit_url)
    if settings.observability.sentry_dsn is not None:
        data["observability"]["sentry_dsn"] = "********"
    data["http"]["proxies"] = [mask_url(proxy) for proxy in settings.http.proxies]
    data["embedded"] = settings.embedded
    return data


def mask_url(url: str) -> str:
    """Hide the password part of a URL (``scheme://user:pw@host`` → ``scheme://user:***@host``)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user, colon, _password = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"
