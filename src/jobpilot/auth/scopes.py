"""API key scopes: ``<domain>:read`` and ``<domain>:write`` (write implies read)."""

from __future__ import annotations

DOMAINS = (
    "account",
    "orgs",
    "api_keys",
    "audit",
    "admin",
    "taxonomy",
    "jobs",
    "profiles",
    "matches",
    "copilot",
    "applications",
    "notifications",
    "analytics",
    "webhooks",
)
ALL_SCOPES = frozenset(f"{d}:{a}" for d in DOMAINS for a in ("read", "write"))


def grants(held: frozenset[str] | None, required: str) -> bool:
    """Whether ``held`` (None = a user's own session: everything) covers ``required``."""
    if held is None:
        return True
    if required in held:
        return True
    domain, _, access = required.partition(":")
    return access == "read" and f"{domain}:write" in held
