"""Automatic analysis of a consultation's results, in plain language.

`analyse(results)` takes the aggregated results of `consultations.results.compute_results()` and returns JSON-ready
*structured* findings (ids, labels, numbers, codes, no sentences), so that they can be frozen in a snapshot and
rendered later in any language. Pure Python apart from gettext and number formatting: no database.

- `statistics`: intervals, tests and p-value adjustments, pure functions of counts;
- `findings`: `analyse()`, its output and the rules it follows (verdicts, representativeness, groups that differ,
  recommendations);
- `wording`: the sentences, in the active language, built when they are called: `render_findings()` for citizens
  (facts only), `render_recommendations()` for editors (facts and advice on presenting the results).
"""

from .findings import analyse
from .statistics import (
    chi2_independence,
    chi2_sf,
    effective_sample_size,
    holm_adjust,
    margin_of_error,
    regularized_gamma_q,
    share_difference_test,
    two_proportion_test,
    wilson_interval,
    z_value,
)
from .wording import (
    describe_group_difference,
    describe_question,
    describe_representativeness,
    render_findings,
    render_recommendations,
)

__all__ = [
    "analyse",
    "chi2_independence",
    "chi2_sf",
    "describe_group_difference",
    "describe_question",
    "describe_representativeness",
    "effective_sample_size",
    "holm_adjust",
    "margin_of_error",
    "regularized_gamma_q",
    "render_findings",
    "render_recommendations",
    "share_difference_test",
    "two_proportion_test",
    "wilson_interval",
    "z_value",
]
