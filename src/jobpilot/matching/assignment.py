"""Deterministic assignment of users to experiment variants.

A user's variant depends only on the experiment's salt, the user's id and the variants'
weights, so every process and every restart gives the same answer without storing it.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

# 53 bits is the most a float's mantissa holds exactly, so every point is a distinct float.
_POINT_BITS = 53


@dataclass(frozen=True, slots=True)
class Variant:
    """One arm of an experiment; its share of traffic is its weight over the sum of weights."""

    name: str
    weight: float


def new_salt() -> str:
    """A fresh random salt for a new experiment (32 hex characters)."""
    return secrets.token_hex(16)


def validate_variants(variants: Sequence[Variant]) -> None:
    """Raise ``ValueError`` unless the variants can split traffic.

    There must be at least two, with unique names and finite non-negative weights that are not
    all zero.
    """
    if len(variants) < 2:
        raise ValueError("an experiment needs at least two variants")
    names = [variant.name for variant in variants]
    if len(set(names)) != len(names):
        raise ValueError(f"variant names must be unique: {names}")
    for variant in variants:
        if not math.isfinite(variant.weight) or variant.weight < 0:
            raise ValueError(f"variant {variant.name!r} has an invalid weight {variant.weight}")
    if not any(variant.weight > 0 for variant in variants):
        raise ValueError("at least one variant needs a positive weight")


def assignment_point(user_id: uuid.UUID, *, salt: str) -> float:
    """The user's position in [0, 1) for this salt, uniformly distributed over users."""
    digest = hashlib.sha256(salt.encode("utf-8") + user_id.bytes).digest()
    top_bits = int.from_bytes(digest[:8], "big") >> (64 - _POINT_BITS)
    return top_bits / (1 << _POINT_BITS)


def assign_variant(user_id: uuid.UUID, *, salt: str, variants: Sequence[Variant]) -> str:
    """The name of the variant this user sees in the experiment with this salt.

    Each variant owns a slice of [0, 1) proportional to its weight, in the order given; the
    user gets the variant whose slice contains their ``assignment_point``. A zero-weight
    variant owns an empty slice and never receives anyone.
    """
    validate_variants(variants)
    total = math.fsum(variant.weight for variant in variants)
    # Comparing against unnormalised cumulative weights avoids a rounding gap below 1.0.
    point = assignment_point(user_id, salt=salt) * total
    cumulative = 0.0
    for variant in variants:
        cumulative += variant.weight
        if variant.weight > 0 and point < cumulative:
            return variant.name
    # Only reachable through rounding in the running sum: the point belongs to the last slice.
    return next(variant.name for variant in reversed(variants) if variant.weight > 0)
