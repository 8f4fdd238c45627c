"""Per-variant experiment results: conversion rates, confidence intervals, significance.

Only the standard library is used; the normal distribution is computed from ``math.erfc``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

_SQRT2 = math.sqrt(2.0)
_QUANTILE_TOLERANCE = 1e-13


@dataclass(frozen=True, slots=True)
class VariantOutcome:
    """How many users were shown a variant and how many of them converted."""

    name: str
    exposures: int
    conversions: int

    def __post_init__(self) -> None:
        if self.exposures < 0 or self.conversions < 0:
            raise ValueError(f"{self.name}: counts must be non-negative")
        if self.conversions > self.exposures:
            raise ValueError(f"{self.name}: more conversions than exposures")


@dataclass(frozen=True, slots=True)
class TestResult:
    """A two-proportion z-test of ``a`` against ``b``; ``difference`` is rate(a) - rate(b)."""

    # Tells pytest this is not a test class despite the name.
    __test__ = False

    z: float
    p_value: float
    significant: bool
    difference: float
    difference_interval: tuple[float, float]


@dataclass(frozen=True, slots=True)
class VariantResult:
    """One variant's row in an experiment's results; ``test`` compares it with the control."""

    name: str
    is_control: bool
    exposures: int
    conversions: int
    rate: float | None
    interval: tuple[float, float] | None
    test: TestResult | None


def normal_cdf(x: float) -> float:
    """P(Z <= x) for a standard normal Z."""
    # erfc keeps full relative precision in the lower tail, where 1 + erf(x) would cancel.
    return 0.5 * math.erfc(-x / _SQRT2)


def normal_quantile(p: float) -> float:
    """The x with P(Z <= x) = p for a standard normal Z, for 0 < p < 1."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"probability must be strictly between 0 and 1, got {p}")
    if p == 0.5:
        return 0.0
    if p > 0.5:
        return -normal_quantile(1.0 - p)
    # Bisection on the monotonic CDF; below -40 the CDF underflows to zero for any float p.
    low, high = -40.0, 0.0
    while high - low > _QUANTILE_TOLERANCE:
        middle = (low + high) / 2.0
        if normal_cdf(middle) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


def two_sided_z(confidence: float) -> float:
    """The z with P(-z <= Z <= z) = confidence, e.g. about 1.96 for 0.95."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")
    return normal_quantile(1.0 - (1.0 - confidence) / 2.0)


def conversion_rate(outcome: VariantOutcome) -> float | None:
    """Conversions over exposures, or ``None`` when the variant has not been shown yet."""
    if outcome.exposures == 0:
        return None
    return outcome.conversions / outcome.exposures


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a proportion observed as successes out of trials."""
    if trials <= 0:
        raise ValueError("the Wilson interval needs at least one trial")
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be between 0 and {trials}, got {successes}")
    z = two_sided_z(confidence)
    z2 = z * z
    observed = successes / trials
    shrink = 1.0 + z2 / trials
    centre = (observed + z2 / (2.0 * trials)) / shrink
    half_width = (z / shrink) * math.sqrt(
        observed * (1.0 - observed) / trials + z2 / (4.0 * trials * trials)
    )
    # At 0 or n successes the bound is exactly 0 or 1; computing it would only add rounding.
    lower = 0.0 if successes == 0 else centre - half_width
    upper = 1.0 if successes == trials else centre + half_width
    return lower, upper


def two_proportion_z_test(
    a: VariantOutcome, b: VariantOutcome, *, alpha: float = 0.05, confidence: float = 0.95
) -> TestResult:
    """Whether a's conversion rate differs from b's (two-sided), with a CI for the difference.

    The test statistic uses the pooled standard error (the null hypothesis says the rates are
    equal); the interval for rate(a) - rate(b) uses the unpooled one. When nobody or everybody
    converted in both variants there is no variation to test: z is 0 and the p-value 1.
    """
    rate_a, rate_b = conversion_rate(a), conversion_rate(b)
    if rate_a is None or rate_b is None:
        raise ValueError("both variants need exposures to be compared")
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be strictly between 0 and 1, got {alpha}")
    difference = rate_a - rate_b
    pooled = (a.conversions + b.conversions) / (a.exposures + b.exposures)
    pooled_se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / a.exposures + 1.0 / b.exposures))
    if pooled_se == 0.0:
        z, p_value = 0.0, 1.0
    else:
        z = difference / pooled_se
        # Two-sided: 2 * P(Z > |z|) = erfc(|z| / sqrt 2).
        p_value = math.erfc(abs(z) / _SQRT2)
    unpooled_se = math.sqrt(
        rate_a * (1.0 - rate_a) / a.exposures + rate_b * (1.0 - rate_b) / b.exposures
    )
    margin = two_sided_z(confidence) * unpooled_se
    return TestResult(
        z=z,
        p_value=p_value,
        significant=p_value < alpha,
        difference=difference,
        difference_interval=(difference - margin, difference + margin),
    )


def variant_result(
    outcome: VariantOutcome,
    *,
    control: VariantOutcome | None,
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> VariantResult:
    """One variant's rate and interval, tested against ``control`` unless it is the control."""
    rate = conversion_rate(outcome)
    interval = (
        None
        if rate is None
        else wilson_interval(outcome.conversions, outcome.exposures, confidence)
    )
    test = None
    if control is not None and rate is not None and control.exposures > 0:
        test = two_proportion_z_test(outcome, control, alpha=alpha, confidence=confidence)
    return VariantResult(
        name=outcome.name,
        is_control=control is None,
        exposures=outcome.exposures,
        conversions=outcome.conversions,
        rate=rate,
        interval=interval,
        test=test,
    )


def compare_to_control(
    control: VariantOutcome,
    others: Sequence[VariantOutcome],
    *,
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> list[VariantResult]:
    """Results for the control then each other variant, each other one tested against control.

    A variant without exposures has no rate, interval or test; so has every test when the
    control has no exposures. Each comparison is made at ``alpha`` on its own, without a
    correction for testing several variants.
    """
    results = [variant_result(control, control=None, alpha=alpha, confidence=confidence)]
    results.extend(
        variant_result(other, control=control, alpha=alpha, confidence=confidence)
        for other in others
    )
    return results
