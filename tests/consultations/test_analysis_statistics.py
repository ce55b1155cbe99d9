"""The statistics behind the automatic analysis: intervals, tests, p-values. No database."""

import math

import pytest

from consultations.analysis import (
    chi2_independence,
    chi2_sf,
    holm_adjust,
    margin_of_error,
    regularized_gamma_q,
    share_difference_test,
    two_proportion_test,
    wilson_interval,
)

# Statistics -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "n", "low", "high"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I, Wilson score.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (50, 100, 0.4038, 0.5962),
    ],
)
def test_wilson_interval_known_values(count, n, low, high):
    assert wilson_interval(count, n) == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_finite_population_correction():
    infinite = wilson_interval(500, 1000)
    corrected = wilson_interval(500, 1000, population=2000)
    # Half of the population answered: the interval shrinks by about sqrt((N - n) / (N - 1)).
    ratio = (corrected[1] - corrected[0]) / (infinite[1] - infinite[0])
    assert ratio == pytest.approx(math.sqrt(1000 / 1999), rel=2e-3)
    assert corrected[0] < 0.5 < corrected[1]
    # A population unknown, smaller than or equal to the sample: no correction.
    assert wilson_interval(500, 1000, population=None) == infinite
    assert wilson_interval(500, 1000, population=1000) == infinite
    assert wilson_interval(500, 1000, population=900) == infinite
    # A census minus one person: almost no uncertainty left.
    nearly_all = wilson_interval(500, 1000, population=1001)
    assert nearly_all[1] - nearly_all[0] < 0.002


def test_wilson_interval_needs_respondents():
    with pytest.raises(ValueError):
        wilson_interval(0, 0)


def test_margin_of_error_of_a_classic_poll():
    # The textbook "± 3.1 points for 1,000 people" (Wilson at 50 % is a hair narrower than Wald's 3.099).
    assert margin_of_error(1000) == pytest.approx(0.0309, abs=1e-4)
    assert margin_of_error(1000, population=5000) < margin_of_error(1000)


@pytest.mark.parametrize(
    ("chi2", "dof", "p_value"),
    [
        # Critical values of the chi-square distribution (NIST/SEMATECH e-Handbook, table 1.3.6.7.4).
        (3.841, 1, 0.05),
        (6.635, 1, 0.01),
        (2.706, 1, 0.10),
        (5.991, 2, 0.05),
        (11.070, 5, 0.05),
        (15.086, 5, 0.01),
        (18.307, 10, 0.05),
        (124.342, 100, 0.05),
        (0.016, 1, 0.90),
    ],
)
def test_chi2_survival_function_at_critical_values(chi2, dof, p_value):
    assert chi2_sf(chi2, dof) == pytest.approx(p_value, rel=1e-3, abs=1e-4)


@pytest.mark.parametrize("x", [0.05, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 80.0])
def test_chi2_survival_function_matches_closed_forms(x):
    # Both branches (series below a + 1, continued fraction above) against exact formulas.
    assert chi2_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2)), rel=1e-9, abs=1e-300)
    assert chi2_sf(x, 2) == pytest.approx(math.exp(-x / 2), rel=1e-9)
    assert chi2_sf(x, 4) == pytest.approx(math.exp(-x / 2) * (1 + x / 2), rel=1e-9)


def test_chi2_survival_function_edges():
    assert chi2_sf(0, 3) == 1.0
    assert regularized_gamma_q(2.5, 0) == 1.0
    assert 0 <= chi2_sf(1000, 3) < 1e-200
    with pytest.raises(ValueError):
        chi2_sf(1.0, 0)


def test_chi2_independence_of_a_textbook_table():
    # 2 × 2 table: chi2 = n (ad - bc)^2 / (row and column totals) = 16.667 (no continuity correction).
    chi2, dof, reliable = chi2_independence([[30, 10], [10, 30]])
    assert chi2 == pytest.approx(20.0)
    assert dof == 1
    assert reliable
    # Empty columns and rows are dropped; a single column is no test at all.
    assert chi2_independence([[5, 0], [7, 0]]) is None
    assert chi2_independence([[30, 10, 0], [10, 30, 0], [0, 0, 0]])[1] == 1
    assert not chi2_independence([[3, 1], [1, 3]])[2]


def test_two_proportion_test_known_value():
    z, p_value = two_proportion_test(45, 100, 30, 100)
    assert z == pytest.approx(2.1909, abs=1e-4)
    assert p_value == pytest.approx(0.02846, abs=1e-5)
    assert two_proportion_test(0, 20, 0, 30) == (0.0, 1.0)


def test_holm_adjustment_known_values():
    assert holm_adjust([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm_adjust([0.5]) == [0.5]
    assert holm_adjust([]) == []


def test_the_gap_between_two_shares_of_the_same_respondents_is_tested_with_their_joint_variance():
    """Issue 10: 36.0 % against 23.1 % among 186 respondents was called "too close" because the two intervals
    overlap. The gap of two shares of one multinomial sample has the variance (p1 + p2 − (p1 − p2)²) / n."""
    difference, margin, p_value = share_difference_test(67, 43, 186)
    p1, p2 = 67 / 186, 43 / 186
    deviation = math.sqrt((p1 + p2 - (p1 - p2) ** 2) / 186)
    assert difference == pytest.approx(0.1290, abs=1e-4)
    assert deviation == pytest.approx(0.05559, abs=1e-5)
    assert margin == pytest.approx(1.959964 * deviation)
    assert margin == pytest.approx(0.1090, abs=1e-4)
    assert difference / deviation == pytest.approx(2.321, abs=1e-3)
    assert p_value == pytest.approx(0.0203, abs=1e-4)
    # The intervals do overlap: comparing them is what called this gap "too close".
    assert wilson_interval(67, 186)[0] < wilson_interval(43, 186)[1]


def test_the_gap_between_two_close_shares_is_not_significant():
    difference, margin, p_value = share_difference_test(400, 380, 800)
    assert difference == pytest.approx(0.025)
    assert margin == pytest.approx(1.959964 * math.sqrt((0.975 - 0.025**2) / 800))
    assert p_value == pytest.approx(math.erfc(0.025 / math.sqrt((0.975 - 0.025**2) / 800) / math.sqrt(2)))
    assert p_value > 0.4


def test_the_gap_between_two_shares_uses_the_finite_population_correction():
    _d, infinite, _p = share_difference_test(67, 43, 186)
    _d, corrected, _p = share_difference_test(67, 43, 186, population=372)
    assert corrected / infinite == pytest.approx(math.sqrt((372 - 186) / (372 - 1)))


def test_the_gap_between_two_shares_without_respondents_is_refused():
    with pytest.raises(ValueError):
        share_difference_test(0, 0, 0)
    assert share_difference_test(0, 0, 10) == (0.0, 0.0, 1.0)
