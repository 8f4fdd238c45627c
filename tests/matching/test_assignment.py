from __future__ import annotations

import math
import os
import subprocess
import sys
import uuid
from collections import Counter

import pytest

from jobpilot.matching.assignment import (
    Variant,
    assign_variant,
    assignment_point,
    new_salt,
    validate_variants,
)

USER = uuid.UUID("12345678-1234-5678-1234-567812345678")
HALVES = (Variant("control", 1.0), Variant("treatment", 1.0))
SYNTHETIC_USERS = 20_000


def synthetic_ids(count: int) -> list[uuid.UUID]:
    return [uuid.uuid5(uuid.NAMESPACE_URL, f"user-{i}") for i in range(count)]


def within_five_sigma(observed: int, trials: int, probability: float) -> bool:
    sigma = math.sqrt(trials * probability * (1 - probability))
    return abs(observed - trials * probability) <= 5 * sigma


def test_point_is_pinned_to_sha256_of_salt_and_id_bytes():
    # sha256(b"exp-salt" + USER.bytes) starts with c5ee55d4987a0a3f; its top 53 bits over 2**53
    # give the point. Pinned so a change of algorithm (which would silently reshuffle every
    # running experiment) fails here.
    expected = (0xC5EE55D4987A0A3F >> 11) / 2**53
    assert assignment_point(USER, salt="exp-salt") == expected
    assert expected == pytest.approx(0.773168, abs=1e-6)
    # 0.773 lies in the second half of [0, 1).
    assert assign_variant(USER, salt="exp-salt", variants=HALVES) == "treatment"


def test_same_inputs_give_the_same_variant():
    variants = (Variant("a", 1.0), Variant("b", 2.0), Variant("c", 3.0))
    first = [assign_variant(u, salt="s1", variants=variants) for u in synthetic_ids(200)]
    second = [assign_variant(u, salt="s1", variants=variants) for u in synthetic_ids(200)]
    assert first == second


def test_another_process_gives_the_same_variants():
    ids = synthetic_ids(50)
    variants = (Variant("control", 0.5), Variant("more_salary", 0.3), Variant("less", 0.2))
    here = [assign_variant(u, salt="cross-process", variants=variants) for u in ids]
    program = (
        "import sys, uuid\n"
        "from jobpilot.matching.assignment import Variant, assign_variant\n"
        "vs = (Variant('control', 0.5), Variant('more_salary', 0.3), Variant('less', 0.2))\n"
        "for line in sys.argv[1:]:\n"
        "    print(assign_variant(uuid.UUID(line), salt='cross-process', variants=vs))\n"
    )
    # A different hash seed proves nothing depends on Python's per-process hash().
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    completed = subprocess.run(
        [sys.executable, "-c", program, *(str(u) for u in ids)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert completed.stdout.split() == here


def test_split_follows_the_weights():
    variants = (Variant("a", 5.0), Variant("b", 3.0), Variant("c", 2.0))
    counts = Counter(
        assign_variant(u, salt="split", variants=variants) for u in synthetic_ids(SYNTHETIC_USERS)
    )
    assert sum(counts.values()) == SYNTHETIC_USERS
    # Expected shares 0.5, 0.3, 0.2; e.g. for "a" sigma = sqrt(20000 * 0.5 * 0.5) ≈ 70.7, so
    # 5 sigma allows 10000 ± 354.
    for name, share in (("a", 0.5), ("b", 0.3), ("c", 0.2)):
        assert within_five_sigma(counts[name], SYNTHETIC_USERS, share), (name, counts)


def test_weights_are_normalised():
    ids = synthetic_ids(500)
    small = (Variant("a", 0.25), Variant("b", 0.75))
    large = (Variant("a", 25.0), Variant("b", 75.0))
    assert [assign_variant(u, salt="n", variants=small) for u in ids] == [
        assign_variant(u, salt="n", variants=large) for u in ids
    ]


def test_changing_the_salt_reshuffles_users():
    ids = synthetic_ids(SYNTHETIC_USERS)
    before = [assign_variant(u, salt="salt-one", variants=HALVES) for u in ids]
    after = [assign_variant(u, salt="salt-two", variants=HALVES) for u in ids]
    moved = sum(1 for old, new in zip(before, after, strict=True) if old != new)
    # Independent 50/50 draws disagree with probability 0.5: expect 10000 ± 5 * 70.7.
    assert within_five_sigma(moved, SYNTHETIC_USERS, 0.5), moved


def test_zero_weight_variant_never_receives_users():
    ids = synthetic_ids(SYNTHETIC_USERS)
    with_empty = (
        Variant("control", 1.0),
        Variant("paused", 0.0),
        Variant("treatment", 1.0),
        Variant("draft", 0.0),
    )
    assigned = Counter(assign_variant(u, salt="z", variants=with_empty) for u in ids)
    assert set(assigned) == {"control", "treatment"}


def test_appending_a_zero_weight_variant_moves_nobody():
    ids = synthetic_ids(2_000)
    with_draft = (*HALVES, Variant("draft", 0.0))
    assert [assign_variant(u, salt="z", variants=HALVES) for u in ids] == [
        assign_variant(u, salt="z", variants=with_draft) for u in ids
    ]


def test_points_are_in_the_unit_interval():
    points = [assignment_point(u, salt="p") for u in synthetic_ids(2_000)]
    assert all(0.0 <= p < 1.0 for p in points)
    # A uniform draw has variance 1/12, so the mean of 2000 is 0.5 within 5 sigma ≈ 0.032.
    assert abs(sum(points) / len(points) - 0.5) <= 5 * math.sqrt(1 / 12 / len(points))


def test_new_salt_is_random_hex():
    first, second = new_salt(), new_salt()
    assert first != second
    assert len(first) == 32
    int(first, 16)


@pytest.mark.parametrize(
    ("variants", "message"),
    [
        ((Variant("only", 1.0),), "at least two"),
        ((Variant("a", 1.0), Variant("a", 2.0)), "unique"),
        ((Variant("a", 1.0), Variant("b", -0.1)), "invalid weight"),
        ((Variant("a", 1.0), Variant("b", math.nan)), "invalid weight"),
        ((Variant("a", 1.0), Variant("b", math.inf)), "invalid weight"),
        ((Variant("a", 0.0), Variant("b", 0.0)), "positive weight"),
    ],
)
def test_invalid_variants_are_refused(variants, message):
    with pytest.raises(ValueError, match=message):
        validate_variants(variants)
    with pytest.raises(ValueError, match=message):
        assign_variant(USER, salt="s", variants=variants)
