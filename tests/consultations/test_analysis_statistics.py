"""The statistics behind the automatic analysis: intervals, tests, p-values. No database."""

import math

import pytest

from consultations.analysis import (
    chi2_independence,
    chi2_sf,
    holm_adjust,
    margin_of_error,
    regularized_gamma_q,
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
