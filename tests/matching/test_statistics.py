from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobpilot.matching.statistics import (
    VariantOutcome,
    compare_to_control,
    conversion_rate,
    normal_cdf,
    normal_quantile,
    two_proportion_z_test,
    two_sided_z,
    wilson_interval,
)

# z for a two-sided 95 % interval, from normal tables: 1.959964.
Z95 = 1.959964


@pytest.mark.parametrize(
    ("x", "expected"),
    [(0.0, 0.5), (1.959964, 0.975), (-1.0, 0.158655), (2.575829, 0.995), (-6.0, 9.8659e-10)],
)
def test_normal_cdf_matches_tables(x, expected):
    assert normal_cdf(x) == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize(
    ("p", "expected"),
    [(0.5, 0.0), (0.975, 1.959964), (0.025, -1.959964), (0.995, 2.575829), (0.8413447, 1.0)],
)
def test_normal_quantile_matches_tables(p, expected):
    assert normal_quantile(p) == pytest.approx(expected, abs=1e-6)


@given(st.floats(min_value=1e-9, max_value=1 - 1e-9))
def test_normal_quantile_inverts_the_cdf(p):
    assert normal_cdf(normal_quantile(p)) == pytest.approx(p, rel=1e-9, abs=1e-15)


def test_two_sided_z():
    assert two_sided_z(0.95) == pytest.approx(Z95, abs=1e-6)
    assert two_sided_z(0.99) == pytest.approx(2.575829, abs=1e-6)
    assert two_sided_z(0.90) == pytest.approx(1.644854, abs=1e-6)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5])
def test_quantile_refuses_probabilities_outside_the_open_interval(bad):
    with pytest.raises(ValueError, match="strictly between"):
        normal_quantile(bad)
    with pytest.raises(ValueError, match="strictly between"):
        two_sided_z(bad)


def test_conversion_rate():
    assert conversion_rate(VariantOutcome("a", 200, 30)) == pytest.approx(0.15)
    assert conversion_rate(VariantOutcome("a", 0, 0)) is None


def test_wilson_interval_for_no_successes():
    # z² = 3.841459, z²/n = 0.3841459. With p̂ = 0 the centre and half width are equal:
    # (z²/2n) / (1 + z²/n), so the lower bound is 0 and the upper 0.3841459 / 1.3841459.
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(0.277533, abs=1e-6)


def test_wilson_interval_for_all_successes():
    # Mirror image of 0/10: lower = 1 - 0.277533.
    low, high = wilson_interval(10, 10)
    assert low == pytest.approx(0.722467, abs=1e-6)
    assert high == 1.0


def test_wilson_interval_for_half():
    # p̂ = 0.5 so the centre is (0.5 + 0.1920730) / 1.3841459 = 0.5.
    # half width = (1.959964 / 1.3841459) * sqrt(0.25 / 10 + 3.841459 / 400)
    #            = 1.4159863 * sqrt(0.0346036) = 1.4159863 * 0.1860204 = 0.263407.
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.236593, abs=1e-6)
    assert high == pytest.approx(0.763407, abs=1e-6)


def test_wilson_interval_at_99_percent_is_wider():
    # z = 2.575829, z² = 6.634895, z²/n = 0.6634895; upper = 0.6634895 / 1.6634895.
    low, high = wilson_interval(0, 10, confidence=0.99)
    assert low == 0.0
    assert high == pytest.approx(0.398854, abs=1e-6)


@pytest.mark.parametrize(
    ("successes", "trials", "message"),
    [(0, 0, "at least one trial"), (-1, 10, "between 0 and 10"), (11, 10, "between 0 and 10")],
)
def test_wilson_interval_refuses_impossible_counts(successes, trials, message):
    with pytest.raises(ValueError, match=message):
        wilson_interval(successes, trials)


def test_z_test_against_hand_computed_values():
    a, b = VariantOutcome("a", 1000, 120), VariantOutcome("b", 1000, 150)
    result = two_proportion_z_test(a, b)
    # pooled p = 270 / 2000 = 0.135
    # pooled SE = sqrt(0.135 * 0.865 * (1/1000 + 1/1000)) = sqrt(0.00023355) = 0.0152823
    # z = (0.12 - 0.15) / 0.0152823 = -1.963050
    # p = 2 * (1 - Φ(1.963050)) = 0.049640
    assert result.difference == pytest.approx(-0.03)
    assert result.z == pytest.approx(-1.963050, abs=1e-5)
    assert result.p_value == pytest.approx(0.049640, abs=1e-5)
    assert result.significant
    # unpooled SE = sqrt(0.12 * 0.88 / 1000 + 0.15 * 0.85 / 1000) = sqrt(0.0002331) = 0.0152676
    # margin = 1.959964 * 0.0152676 = 0.0299240
    low, high = result.difference_interval
    assert low == pytest.approx(-0.0599240, abs=1e-6)
    assert high == pytest.approx(-0.0000760, abs=1e-6)


def test_z_test_is_antisymmetric():
    a, b = VariantOutcome("a", 1000, 120), VariantOutcome("b", 1000, 150)
    forward, backward = two_proportion_z_test(a, b), two_proportion_z_test(b, a)
    assert backward.z == pytest.approx(-forward.z)
    assert backward.p_value == pytest.approx(forward.p_value)
    assert backward.difference_interval == pytest.approx((0.0000760, 0.0599240), abs=1e-6)


def test_z_test_alpha_decides_significance():
    a, b = VariantOutcome("a", 1000, 120), VariantOutcome("b", 1000, 150)
    # p ≈ 0.0496: significant at 0.05, not at 0.01.
    assert two_proportion_z_test(a, b, alpha=0.05).significant
    assert not two_proportion_z_test(a, b, alpha=0.01).significant


def test_z_test_with_no_conversions_on_one_side():
    a, b = VariantOutcome("a", 100, 0), VariantOutcome("b", 100, 5)
    result = two_proportion_z_test(a, b)
    # pooled p = 5 / 200 = 0.025, pooled SE = sqrt(0.025 * 0.975 * 0.02) = 0.0220794
    # z = -0.05 / 0.0220794 = -2.264554, p = 2 * (1 - Φ(2.264554)) = 0.023540
    assert result.z == pytest.approx(-2.264554, abs=1e-5)
    assert result.p_value == pytest.approx(0.023540, abs=1e-5)
    # unpooled SE = sqrt(0 + 0.05 * 0.95 / 100) = 0.0217945; margin = 1.959964 * that = 0.0427164
    assert result.difference_interval == pytest.approx((-0.0927164, -0.0072836), abs=1e-6)


def test_z_test_without_variation_reports_no_difference():
    for conversions in (0, 100):
        a = VariantOutcome("a", 100, conversions)
        b = VariantOutcome("b", 50, conversions // 2)
        result = two_proportion_z_test(a, b)
        assert result.z == 0.0
        assert result.p_value == 1.0
        assert not result.significant
        assert result.difference_interval == (0.0, 0.0)


def test_z_test_refuses_a_variant_without_exposures():
    with pytest.raises(ValueError, match="exposures"):
        two_proportion_z_test(VariantOutcome("a", 0, 0), VariantOutcome("b", 10, 1))


def test_compare_to_control():
    control = VariantOutcome("control", 1000, 100)
    treatment = VariantOutcome("treatment", 1000, 130)
    unseen = VariantOutcome("unseen", 0, 0)
    results = compare_to_control(control, [treatment, unseen])
    assert [r.name for r in results] == ["control", "treatment", "unseen"]
    assert [r.is_control for r in results] == [True, False, False]

    head, arm, empty = results
    assert head.rate == pytest.approx(0.10)
    assert head.test is None
    # Wilson 100/1000: centre = (0.1 + 0.0019207) / 1.0038415 = 0.1015306,
    # half = (1.959964 / 1.0038415) * sqrt(0.00009 + 0.00000096) = 1.9524635 * 0.0095373
    #      = 0.0186212
    assert head.interval == pytest.approx((0.0829094, 0.1201518), abs=1e-6)

    # Treatment minus control: pooled p = 230 / 2000 = 0.115,
    # pooled SE = sqrt(0.115 * 0.885 * 0.002) = 0.0142671, z = 0.03 / 0.0142671 = 2.102740,
    # p = 2 * (1 - Φ(2.102740)) = 0.035491.
    assert arm.test is not None
    assert arm.test.difference == pytest.approx(0.03)
    assert arm.test.z == pytest.approx(2.102740, abs=1e-5)
    assert arm.test.p_value == pytest.approx(0.035491, abs=1e-5)
    assert arm.test.significant

    assert empty.rate is None
    assert empty.interval is None
    assert empty.test is None


def test_compare_to_an_unexposed_control_tests_nothing():
    results = compare_to_control(VariantOutcome("control", 0, 0), [VariantOutcome("b", 10, 2)])
    assert results[0].rate is None
    assert results[1].rate == pytest.approx(0.2)
    assert results[1].interval is not None
    assert results[1].test is None


@pytest.mark.parametrize(
    ("exposures", "conversions", "message"),
    [(-1, 0, "non-negative"), (5, -1, "non-negative"), (5, 6, "more conversions")],
)
def test_outcome_refuses_impossible_counts(exposures, conversions, message):
    with pytest.raises(ValueError, match=message):
        VariantOutcome("a", exposures, conversions)
