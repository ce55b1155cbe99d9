"""The statistics behind the analysis: pure functions of counts, `math` and `statistics` only.

- `wilson_interval()`: the 95 % Wilson score interval of a proportion, with the finite population correction
  (`effective_sample_size()`: n × (N − 1) / (N − n) when the population N is known and larger than n);
  `margin_of_error()`: the half-width of the interval of a 50 % share (the largest).
- `two_proportion_test()`: the two-sided pooled two-proportion z-test of two independent samples (p-value from
  `math.erfc`);
  `share_difference_test()`: the z-test of the gap between two shares of the *same* respondents (the leader and the
  runner-up of a question), whose variance is (p1 + p2 − (p1 − p2)²) / n.
- `holm_adjust()`: Holm's step-down adjustment of a family of p-values.
- `chi2_independence()`: Pearson's chi-square statistic of a contingency table, with Cochran's rule of reliability;
  `chi2_sf()`: its survival function, the regularized upper incomplete gamma function Q(dof / 2, chi2 / 2)
  (`regularized_gamma_q()`: series and continued fraction, as in Numerical Recipes).
"""

import math
from statistics import NormalDist

CONFIDENCE = 0.95

_EPS = 3e-16
_FPMIN = 1e-300
_MAX_ITERATIONS = 1000


def z_value(confidence=CONFIDENCE):
    """The two-sided normal quantile: 1.96 for 95 %."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def effective_sample_size(n, population=None):
    """n, enlarged by the finite population correction when the population is known and larger."""
    if population and population > n:
        return n * (population - 1) / (population - n)
    return n


def wilson_interval(count, n, population=None, confidence=CONFIDENCE):
    """(low, high) Wilson score interval of the proportion count / n, as fractions."""
    if n <= 0:
        raise ValueError("The interval of a proportion needs at least one respondent.")
    count = min(max(count, 0), n)
    p = count / n
    n = effective_sample_size(n, population)
    z = z_value(confidence)
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def margin_of_error(n, population=None, confidence=CONFIDENCE):
    """Half-width of the interval of a 50 % share among n people (the largest margin)."""
    low, high = wilson_interval(n / 2, n, population, confidence)
    return (high - low) / 2


def regularized_gamma_q(a, x):
    """Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function."""
    if a <= 0 or x < 0:
        raise ValueError("Q(a, x) needs a > 0 and x >= 0.")
    if x == 0:
        return 1.0
    log_prefactor = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        # Series of P(a, x), then Q = 1 - P.
        term = total = 1 / a
        ap = a
        for _i in range(_MAX_ITERATIONS):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return max(0.0, 1 - total * math.exp(log_prefactor))
    # Continued fraction of Q(a, x), modified Lentz's method.
    b = x + 1 - a
    c = 1 / _FPMIN
    d = 1 / b
    h = d
    for i in range(1, _MAX_ITERATIONS):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        if abs(d) < _FPMIN:
            d = _FPMIN
        c = b + an / c
        if abs(c) < _FPMIN:
            c = _FPMIN
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPS:
            break
    return min(1.0, math.exp(log_prefactor) * h)


def chi2_sf(chi2, dof):
    """P(X >= chi2) for a chi-square variable with dof degrees of freedom."""
    if dof <= 0:
        raise ValueError("The chi-square distribution needs at least one degree of freedom.")
    if chi2 <= 0:
        return 1.0
    return regularized_gamma_q(dof / 2, chi2 / 2)


def two_proportion_test(x1, n1, x2, n2):
    """(z, two-sided p-value) of the pooled two-proportion z-test of x1 / n1 against x2 / n2."""
    if n1 <= 0 or n2 <= 0:
        raise ValueError("Both samples need at least one respondent.")
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


def share_difference_test(count1, count2, n, population=None, confidence=CONFIDENCE):
    """(difference, margin, p-value) of the gap between two shares count1 / n and count2 / n of the same respondents.

    Two answers to one question come from one multinomial sample: they are not independent, and their gap varies
    as (p1 + p2 − (p1 − p2)²) / n. Comparing their two confidence intervals instead (overlap = "too close") is far
    too conservative: 36.0 % against 23.1 % among 186 respondents overlap, yet the gap of 12.9 points is beyond its
    margin of ± 10.9 points (p = 0.02). For options that are not exclusive (a multiple choice question) the exact
    variance is (p10 + p01 − (p1 − p2)²) / n, p10 and p01 being the shares who chose one but not the other; without
    them, p1 + p2 is their upper bound and the test stays valid, only more cautious. The finite population
    correction is applied as for the intervals (`effective_sample_size()`). `margin` is the half-width of the
    interval of the difference at `confidence`."""
    if n <= 0:
        raise ValueError("The gap between two shares needs at least one respondent.")
    p1, p2 = count1 / n, count2 / n
    difference = p1 - p2
    variance = max(0.0, p1 + p2 - difference * difference) / effective_sample_size(n, population)
    if variance <= 0:
        return difference, 0.0, 1.0
    deviation = math.sqrt(variance)
    return difference, z_value(confidence) * deviation, math.erfc(abs(difference) / deviation / math.sqrt(2))


def holm_adjust(p_values):
    """Holm-adjusted p-values, in the order given: significant at alpha iff adjusted < alpha."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def chi2_independence(table):
    """(chi2, dof, reliable) of a contingency table (rows of counts); None below a 2 × 2 table."""
    rows = [row for row in table if sum(row) > 0]
    if not rows:
        return None
    columns = [j for j in range(len(rows[0])) if sum(row[j] for row in rows) > 0]
    rows = [[row[j] for j in columns] for row in rows]
    if len(rows) < 2 or len(columns) < 2:
        return None
    total = sum(sum(row) for row in rows)
    row_totals = [sum(row) for row in rows]
    column_totals = [sum(row[j] for row in rows) for j in range(len(columns))]
    chi2, small, cells = 0.0, 0, 0
    reliable = True
    for i, row in enumerate(rows):
        for j, observed in enumerate(row):
            expected = row_totals[i] * column_totals[j] / total
            chi2 += (observed - expected) ** 2 / expected
            cells += 1
            small += expected < 5
            reliable = reliable and expected >= 1
    reliable = reliable and small <= 0.2 * cells
    return chi2, (len(rows) - 1) * (len(columns) - 1), reliable
