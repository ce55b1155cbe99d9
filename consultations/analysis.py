"""Automatic analysis of a consultation's results, in plain language.

`analyse(results)` takes the aggregated results of `consultations.results.compute_results()`
and returns JSON-ready *structured* findings (ids, labels, numbers, codes, no sentences), so
that they can be frozen in a snapshot and rendered later in any language:
`describe_representativeness()`, `describe_question()`, `describe_group_difference()` and
`render_recommendations()` build the sentences with gettext when they are called, in the active
language. Pure Python: `math` and `statistics` only, no database.

Output of `analyse()`::

    {
      "version": 1,
      "method": {"confidence": 0.95, "alpha": 0.05, "correction": "holm", ...thresholds},
      "representativeness": {"level": "low" | "fair" | "good" | None, "participants", "population",
                             "turnout", "margin_of_error"},
      "questions": [{
          "id", "label", "type", "respondents",
          "verdict": "clear_majority" | "majority" | "too_close" | "statistics" | "no_answers"
                     | "not_applicable",
          "leader": {"id", "label", "count", "share", "margin_of_error", "ci_low", "ci_high"
                     [, "mean_rank"]} | None,
          "runner_up": same | None,
          "options": [{"id", "label", "count", "share", "margin_of_error", "ci_low", "ci_high"}],
          "stats": {...} | None, "scale": {...} | None,          # copied from the results (scale, number)
          "group_differences": [{"dimension", "group_key", "group_label", "respondents", "option_id",
                                 "option_label", "group_share", "rest_share", "difference", "p_value",
                                 "p_adjusted", "significant", "stands_out"}],
          "independence": {dimension: {"chi2", "dof", "p_value", "p_adjusted", "significant", "reliable"}},
      }],
      "recommendations": [{"code", "question_id", "params"}],
    }

Shares are fractions of the question's respondents (0.633, not 63.3); margins and differences too
(0.034 is "± 3.4 points"). Nothing is rounded: the renderers round.

Rules
-----
Confidence intervals
    95 % Wilson score interval for every option's share (count / respondents). When the
    territory's population is known and larger than the number of respondents, the finite
    population correction is applied by using the effective sample size
    n × (N − 1) / (N − n). `margin_of_error` is the half-width of the interval (the Wilson
    interval is not symmetric around the share).

Representativeness (from the number of participants)
    The margin of error is the half-width of the interval of a 50 % share among the participants
    (the worst case), with the finite population correction when the population is known.
    - None: no participants yet;
    - "low": a margin of error above 5 points. This needs about 385 participants in a large
      population, and always means "low" below 100 participants, except when they are about three
      quarters of the population or more (a small village): no separate floor is needed;
    - "good": a margin of error of 3 points or less;
    - "fair": in between.
    The margin of error only measures the randomness of sampling; participants choose to take
    part, so a good level does not rule out a selection bias.

Verdict of a choice question (single choice, multiple choice, yes/no, ranking)
    The leader is the option chosen most often (the "abstain" option never leads); for a ranking
    question, the option with the best (lowest) mean rank, its share being the share of respondents
    who ranked it first. The runner-up is the next one.
    - "too_close": the leader's and the runner-up's intervals overlap (leader's lower bound at or
      below the runner-up's upper bound): the lead could be due to chance;
    - "clear_majority": otherwise, if the leader's lower bound is above 50 % of the respondents
      (an absolute majority, abstentions included in the base). For a two-way question this is
      exactly "lower bound above 50 %", which also implies that the intervals do not overlap;
    - "majority": the leader is ahead beyond the margin of error, but without an established
      absolute majority (a relative majority, e.g. 38 % against 24 % among five options);
    - "no_answers": no respondent, or no option chosen at all.
    Comparing the two intervals is a conservative test of the gap between two shares.

Scale and number questions
    Verdict "statistics": mean and median are described (`stats` and `scale` are kept); the
    options of a scale question get their intervals and the chi-square test, but no leader.
Text questions
    Verdict "not_applicable": no automatic analysis.

Groups that differ (`group_differences`, single choice, multiple choice and yes/no questions)
    For each group of each breakdown dimension (commune, age bracket, gender; groups of fewer than
    10 respondents are already left out by the results), a two-sided two-proportion z-test
    (pooled variance, p-value from `math.erfc`) compares the group's share of the leading option
    with the share among the *rest* of the question's respondents (all respondents minus the
    group). When a dimension has exactly two groups that cover all the respondents, only the
    smaller one is tested (testing both would be the same comparison twice). The p-values of all
    the tests of a question (all dimensions together) are adjusted with Holm's step-down method
    (never less powerful than Bonferroni); `significant` means an adjusted p-value below 5 %.
    A group *stands out* (recommendation "group_disagrees") when the difference is significant
    AND at least 10 points.
    Ranking questions are not tested: their breakdowns count the options each respondent ranked,
    which is every option, not their rank.

Independence (`independence`, single choice, yes/no and scale questions)
    Pearson's chi-square test of independence between the groups of a dimension and the options
    (all options, abstention included; empty rows and columns dropped; at least a 2 × 2 table),
    the p-value being the chi-square survival function, i.e. the regularized upper incomplete gamma
    function Q(dof / 2, chi2 / 2) (series and continued fraction, as in Numerical Recipes). The
    p-values of a question's dimensions are Holm-adjusted; `reliable` is Cochran's rule (every
    expected count at least 1 and no more than 20 % of them below 5). Not computed for multiple
    choice questions, whose options are not exclusive.

Recommendations (in this order)
    "no_participants" (no ballot), or "low_participation" (level "low"); then for each question,
    "clear_majority" or "too_close_to_call" after its verdict, and one "group_disagrees" per group
    that stands out (largest difference first).
"""

import math
from decimal import Decimal
from statistics import NormalDist

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CONFIDENCE = 0.95
ALPHA = 0.05
LOW_MARGIN = 0.05
GOOD_MARGIN = 0.03
MIN_DIFFERENCE = 0.10

ABSTAIN = "abstain"
SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO, RANKING = "single_choice", "multiple_choice", "yes_no", "ranking"
SCALE, NUMBER, SHORT_TEXT, LONG_TEXT = "scale", "number", "short_text", "long_text"
CHOICE_TYPES = (SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO, RANKING)
TEXT_TYPES = (SHORT_TEXT, LONG_TEXT)
GROUP_TESTED_TYPES = (SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO)
INDEPENDENCE_TYPES = (SINGLE_CHOICE, YES_NO, SCALE)

_EPS = 3e-16
_FPMIN = 1e-300
_MAX_ITERATIONS = 1000


# Statistics -------------------------------------------------------------------------------------


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


# Analysis ---------------------------------------------------------------------------------------


def analyse(results):
    """Structured, JSON-ready findings about `results` (see the module docstring)."""
    participants = int(results.get("participants") or 0)
    population = results.get("population") or None
    turnout = results.get("turnout")
    if turnout is None and population:
        turnout = participants / population
    representativeness = _representativeness(participants, population, turnout)
    questions = [_analyse_question(question, population) for question in results.get("questions") or []]
    return {
        "version": 1,
        "method": {
            "confidence": CONFIDENCE,
            "alpha": ALPHA,
            "correction": "holm",
            "low_margin": LOW_MARGIN,
            "good_margin": GOOD_MARGIN,
            "min_difference": MIN_DIFFERENCE,
        },
        "representativeness": representativeness,
        "questions": questions,
        "recommendations": _recommendations(representativeness, questions),
    }


def _representativeness(participants, population, turnout):
    data = {
        "level": None,
        "participants": participants,
        "population": population,
        "turnout": turnout,
        "margin_of_error": None,
    }
    if participants <= 0:
        return data
    margin = margin_of_error(participants, population)
    if margin > LOW_MARGIN:
        level = "low"
    elif margin <= GOOD_MARGIN:
        level = "good"
    else:
        level = "fair"
    data.update(level=level, margin_of_error=margin)
    return data


def _option(item, count, respondents, population):
    option = {
        "id": item.get("id"),
        "label": item.get("label", ""),
        "count": count,
        "share": None,
        "margin_of_error": None,
        "ci_low": None,
        "ci_high": None,
    }
    if respondents > 0:
        low, high = wilson_interval(count, respondents, population)
        option.update(share=count / respondents, margin_of_error=(high - low) / 2, ci_low=low, ci_high=high)
    return option


def _analyse_question(question, population):
    qtype = question.get("type")
    respondents = int(question.get("respondents") or 0)
    data = {
        "id": question.get("id"),
        "label": question.get("label", ""),
        "type": qtype,
        "respondents": respondents,
        "verdict": "not_applicable",
        "leader": None,
        "runner_up": None,
        "options": [],
        "stats": None,
        "scale": None,
        "group_differences": [],
        "independence": {},
    }
    if qtype in TEXT_TYPES:
        return data

    if qtype == RANKING:
        items = [item for item in question.get("ranking") or [] if item.get("id") is not None]
        counts = [int(item.get("first_count") or 0) for item in items]
    else:
        items = question.get("options") or []
        counts = [int(item.get("count") or 0) for item in items]
    data["options"] = [_option(item, count, respondents, population) for item, count in zip(items, counts, strict=True)]

    if qtype in (SCALE, NUMBER):
        stats = question.get("stats") or None
        data.update(stats=stats, scale=question.get("scale") or None)
        answered = stats.get("count") if stats and stats.get("mean") is not None else 0
        data["verdict"] = "statistics" if respondents > 0 and answered else "no_answers"
    elif qtype in CHOICE_TYPES:
        _verdict(data, items)
    if respondents <= 0:
        return data

    breakdowns = question.get("breakdowns") or {}
    if qtype in GROUP_TESTED_TYPES and data["leader"] is not None:
        data["group_differences"] = _group_differences(data, breakdowns)
    if qtype in INDEPENDENCE_TYPES and data["options"]:
        data["independence"] = _independence(data, breakdowns)
    return data


def _verdict(data, items):
    options = data["options"]
    if data["respondents"] <= 0:
        data["verdict"] = "no_answers"
        return
    if data["type"] == RANKING:
        ranked = [
            dict(option, mean_rank=item["mean_rank"])
            for option, item in zip(options, items, strict=True)
            if item.get("mean_rank") is not None
        ]
        candidates = sorted(ranked, key=lambda option: option["mean_rank"])
    else:
        candidates = sorted(
            (option for option in options if option["id"] != ABSTAIN), key=lambda option: -option["count"]
        )
        if not candidates or candidates[0]["count"] <= 0:
            candidates = []
    if not candidates:
        data["verdict"] = "no_answers"
        return
    leader = candidates[0]
    runner_up = candidates[1] if len(candidates) > 1 else None
    data.update(leader=leader, runner_up=runner_up)
    if runner_up is not None and leader["ci_low"] <= runner_up["ci_high"]:
        data["verdict"] = "too_close"
    elif leader["ci_low"] > 0.5:
        data["verdict"] = "clear_majority"
    else:
        data["verdict"] = "majority"


def _group_differences(data, breakdowns):
    leader = data["leader"]
    respondents = data["respondents"]
    differences = []
    for dimension, groups in breakdowns.items():
        groups = list(groups or [])
        sizes = [int(group.get("respondents") or 0) for group in groups]
        if len(groups) == 2 and sum(sizes) == respondents:
            # Two groups covering everyone: "the rest" of one is the other, a single comparison.
            groups = [groups[1] if sizes[1] < sizes[0] else groups[0]]
        for group in groups:
            size = int(group.get("respondents") or 0)
            count = sum(
                int(option.get("count") or 0)
                for option in group.get("options") or []
                if option.get("id") == leader["id"]
            )
            rest_size, rest_count = respondents - size, leader["count"] - count
            if size <= 0 or rest_size <= 0 or not 0 <= count <= size or not 0 <= rest_count <= rest_size:
                continue  # inconsistent or degenerate group: nothing to compare
            _z, p_value = two_proportion_test(count, size, rest_count, rest_size)
            differences.append(
                {
                    "dimension": dimension,
                    "group_key": group.get("key"),
                    "group_label": group.get("label") or str(group.get("key")),
                    "respondents": size,
                    "option_id": leader["id"],
                    "option_label": leader["label"],
                    "group_share": count / size,
                    "rest_share": rest_count / rest_size,
                    "difference": count / size - rest_count / rest_size,
                    "p_value": p_value,
                }
            )
    for difference, adjusted in zip(differences, holm_adjust([d["p_value"] for d in differences]), strict=True):
        significant = adjusted < ALPHA
        difference.update(
            p_adjusted=adjusted,
            significant=significant,
            stands_out=significant and abs(difference["difference"]) >= MIN_DIFFERENCE - 1e-9,
        )
    return differences


def _independence(data, breakdowns):
    option_ids = [option["id"] for option in data["options"]]
    tests = {}
    for dimension, groups in breakdowns.items():
        table = []
        for group in groups or []:
            counts = {}
            for option in group.get("options") or []:
                counts[option.get("id")] = counts.get(option.get("id"), 0) + int(option.get("count") or 0)
            table.append([counts.get(option_id, 0) for option_id in option_ids])
        result = chi2_independence(table)
        if result is None:
            continue
        chi2, dof, reliable = result
        tests[dimension] = {"chi2": chi2, "dof": dof, "p_value": chi2_sf(chi2, dof), "reliable": reliable}
    adjusted = holm_adjust([test["p_value"] for test in tests.values()])
    for test, p_adjusted in zip(tests.values(), adjusted, strict=True):
        test.update(p_adjusted=p_adjusted, significant=p_adjusted < ALPHA)
    return tests


def _recommendations(representativeness, questions):
    recommendations = []
    if representativeness["participants"] <= 0:
        recommendations.append({"code": "no_participants", "question_id": None, "params": {}})
    elif representativeness["level"] == "low":
        params = {key: representativeness[key] for key in ("participants", "population", "turnout", "margin_of_error")}
        recommendations.append({"code": "low_participation", "question_id": None, "params": params})
    for question in questions:
        leader, runner_up = question["leader"], question["runner_up"]
        base = {"question_label": question["label"]}
        if question["verdict"] == "clear_majority":
            params = {
                **base,
                "option_id": leader["id"],
                "option_label": leader["label"],
                "share": leader["share"],
                "margin_of_error": leader["margin_of_error"],
            }
            recommendations.append({"code": "clear_majority", "question_id": question["id"], "params": params})
        elif question["verdict"] == "too_close":
            params = {
                **base,
                "leader_id": leader["id"],
                "leader_label": leader["label"],
                "runner_up_id": runner_up["id"],
                "runner_up_label": runner_up["label"],
                "gap": leader["share"] - runner_up["share"],
            }
            recommendations.append({"code": "too_close_to_call", "question_id": question["id"], "params": params})
        standing_out = [d for d in question["group_differences"] if d["stands_out"]]
        for difference in sorted(standing_out, key=lambda d: -abs(d["difference"])):
            params = {
                **base,
                **{
                    key: difference[key]
                    for key in (
                        "dimension",
                        "group_key",
                        "group_label",
                        "option_id",
                        "option_label",
                        "group_share",
                        "rest_share",
                        "p_adjusted",
                    )
                },
            }
            recommendations.append({"code": "group_disagrees", "question_id": question["id"], "params": params})
    return recommendations


# Sentences, in the active language --------------------------------------------------------------


def _english():
    return (translation.get_language() or "").startswith("en")


def _number(value, decimals=1):
    """3.42 -> « 3,4 » in French, "3.4" in English; 4.0 -> "4"; 14230 -> « 14 230 »."""
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        decimals = 0
    return formats.number_format(Decimal(f"{rounded:.{decimals}f}"), decimals, use_l10n=True, force_grouping=True)


def _percent(share, decimals=0):
    """0.633 -> « 63 % » (French) or "63%"; small shares get up to two decimals (« 0,4 % »)."""
    value = share * 100
    while decimals < 2 and value > 0 and round(value, decimals) == 0:
        decimals += 1
    text = _number(value, decimals)
    return f"{text}%" if _english() else f"{text}\u00a0%"


def _points(fraction):
    """0.034 -> « 3,4 points »."""
    value = round(abs(fraction) * 100, 1)
    plural_count = int(value) if value == int(value) else 2
    return ngettext("%(value)s point", "%(value)s points", plural_count) % {"value": _number(value, 1)}


def _quote(label):
    return f"“{label}”" if _english() else f"«\u00a0{label}\u00a0»"


def _dimension_noun(dimension):
    nouns = {"commune": _("commune"), "age_bracket": _("tranche d'âge"), "gender": _("genre")}
    return nouns.get(dimension, str(dimension))


class _Labels:
    """Labels of a question, from the (relabelled) results when given, else from the analysis."""

    def __init__(self, results_question=None):
        self.question_label = None
        self.options = {}
        if results_question:
            self.question_label = results_question.get("label")
            for item in (results_question.get("options") or []) + (results_question.get("ranking") or []):
                if item.get("label"):
                    self.options[item.get("id")] = item["label"]

    def question(self, default):
        return self.question_label or default

    def option(self, option_id, default):
        return self.options.get(option_id) or default


def describe_representativeness(representativeness):
    """One sentence about the number of participants and the margin of error."""
    level = representativeness.get("level")
    participants = representativeness.get("participants") or 0
    if level is None:
        return _("Aucune participation pour l'instant : il n'y a rien à analyser.")
    values = {
        "count": _number(participants, 0),
        "margin": _points(representativeness["margin_of_error"]),
        "turnout": _percent(representativeness["turnout"], 1) if representativeness.get("turnout") else "",
    }
    if level == "low":
        return _low_participation(participants, representativeness.get("turnout"))
    if level == "good":
        if values["turnout"]:
            text = ngettext(
                "%(count)s participant (%(turnout)s de la population) : marge d'erreur de ± %(margin)s, "
                "une bonne précision.",
                "%(count)s participants (%(turnout)s de la population) : marge d'erreur de ± %(margin)s, "
                "une bonne précision.",
                participants,
            )
        else:
            text = ngettext(
                "%(count)s participant : marge d'erreur de ± %(margin)s, une bonne précision.",
                "%(count)s participants : marge d'erreur de ± %(margin)s, une bonne précision.",
                participants,
            )
    elif values["turnout"]:
        text = ngettext(
            "%(count)s participant (%(turnout)s de la population) : marge d'erreur de ± %(margin)s, "
            "une précision correcte.",
            "%(count)s participants (%(turnout)s de la population) : marge d'erreur de ± %(margin)s, "
            "une précision correcte.",
            participants,
        )
    else:
        text = ngettext(
            "%(count)s participant : marge d'erreur de ± %(margin)s, une précision correcte.",
            "%(count)s participants : marge d'erreur de ± %(margin)s, une précision correcte.",
            participants,
        )
    return text % values


def _low_participation(participants, turnout):
    values = {"count": _number(participants, 0), "turnout": _percent(turnout, 1) if turnout else ""}
    if turnout:
        text = ngettext(
            "La participation (%(count)s participant, soit %(turnout)s de la population) est trop faible pour "
            "être représentative : présentez ces résultats comme un avis des participants, pas de la population.",
            "La participation (%(count)s participants, soit %(turnout)s de la population) est trop faible pour "
            "être représentative : présentez ces résultats comme un avis des participants, pas de la population.",
            participants,
        )
    else:
        text = ngettext(
            "La participation (%(count)s participant) est trop faible pour être représentative : présentez ces "
            "résultats comme un avis des participants, pas de la population.",
            "La participation (%(count)s participants) est trop faible pour être représentative : présentez ces "
            "résultats comme un avis des participants, pas de la population.",
            participants,
        )
    return text % values


def describe_question(question, results_question=None):
    """One or two sentences about a question of `analyse()`'s output, in the active language.

    `results_question`, when given, supplies the labels (e.g. the results relabelled for another
    language version of the consultation); the labels stored in the analysis are used otherwise.
    """
    labels = _Labels(results_question)
    verdict = question.get("verdict")
    qtype = question.get("type")
    leader, runner_up = question.get("leader"), question.get("runner_up")
    if qtype in TEXT_TYPES:
        count = question.get("respondents") or 0
        if not count:
            return _("Aucune réponse à cette question.")
        return ngettext(
            "%(count)s réponse libre, non analysée automatiquement.",
            "%(count)s réponses libres, non analysées automatiquement.",
            count,
        ) % {"count": _number(count, 0)}
    if verdict == "no_answers":
        return _("Aucune réponse à cette question.")
    if verdict == "statistics":
        return _describe_statistics(question)
    if verdict not in ("clear_majority", "majority", "too_close") or leader is None:
        return ""
    values = {
        "option": _quote(labels.option(leader["id"], leader["label"])),
        "share": _percent(leader["share"]),
        "margin": _points(leader["margin_of_error"]),
        "rank": _number(leader.get("mean_rank") or 0, 1),
    }
    if runner_up is not None:
        values.update(
            runner_up=_quote(labels.option(runner_up["id"], runner_up["label"])),
            runner_up_share=_percent(runner_up["share"]),
            runner_up_rank=_number(runner_up.get("mean_rank") or 0, 1),
            gap=_points(leader["share"] - runner_up["share"]),
        )
    ranking = qtype == RANKING
    if verdict == "clear_majority":
        if ranking:
            text = _(
                "%(option)s arrive en tête du classement (rang moyen %(rank)s) et %(share)s des répondants le "
                "placent en premier (± %(margin)s) : une majorité nette."
            )
        else:
            text = _("%(share)s des répondants choisissent %(option)s (± %(margin)s) : une majorité nette.")
    elif verdict == "majority":
        if ranking and runner_up is not None:
            text = _(
                "%(option)s arrive nettement en tête du classement (rang moyen %(rank)s, contre %(runner_up_rank)s "
                "pour %(runner_up)s) ; %(share)s des répondants le placent en premier, sans majorité absolue."
            )
        elif runner_up is not None:
            text = _(
                "%(option)s arrive nettement en tête avec %(share)s des répondants (± %(margin)s), devant "
                "%(runner_up)s (%(runner_up_share)s), mais sans majorité absolue."
            )
        else:
            text = _("%(share)s des répondants choisissent %(option)s (± %(margin)s), sans majorité absolue.")
    elif ranking:
        text = _(
            "Trop serré pour conclure : %(option)s a le meilleur rang moyen (%(rank)s, contre %(runner_up_rank)s "
            "pour %(runner_up)s), mais leurs parts de premières places (%(share)s et %(runner_up_share)s) sont "
            "trop proches pour les départager."
        )
    else:
        text = _(
            "Trop serré pour conclure : l'écart entre %(option)s et %(runner_up)s (%(gap)s) est dans la marge d'erreur."
        )
    return text % values


def _describe_statistics(question):
    stats = question.get("stats") or {}
    scale = question.get("scale") or {}
    values = {
        "mean": _number(stats["mean"], 1),
        "median": _number(stats["median"], 1) if stats.get("median") is not None else "—",
        "min": _number(stats["min"], 1) if stats.get("min") is not None else "—",
        "max": _number(stats["max"], 1) if stats.get("max") is not None else "—",
    }
    if question.get("type") == SCALE and scale:
        values.update(
            scale_min=_number(scale.get("min", 1), 0),
            scale_max=_number(scale.get("max", 5), 0),
            min_label=_quote(scale.get("min_label") or ""),
            max_label=_quote(scale.get("max_label") or ""),
        )
        if scale.get("min_label") and scale.get("max_label"):
            text = _(
                "Note moyenne %(mean)s et médiane %(median)s, sur une échelle de %(scale_min)s (%(min_label)s) "
                "à %(scale_max)s (%(max_label)s)."
            )
        else:
            text = _("Note moyenne %(mean)s et médiane %(median)s, sur une échelle de %(scale_min)s à %(scale_max)s.")
        return text % values
    return _("Moyenne %(mean)s et médiane %(median)s (réponses de %(min)s à %(max)s).") % values


def describe_group_difference(difference, results_question=None):
    """One sentence about a group compared with the other respondents (an item of `group_differences`)."""
    labels = _Labels(results_question)
    values = _group_values(difference, labels)
    if difference.get("significant"):
        text = _(
            "Les répondants %(group)s (%(dimension)s) se distinguent : %(group_share)s choisissent %(option)s, "
            "contre %(rest_share)s des autres répondants (différence significative)."
        )
    else:
        text = _(
            "Les répondants %(group)s (%(dimension)s) : %(group_share)s choisissent %(option)s, contre "
            "%(rest_share)s des autres répondants (différence non significative)."
        )
    return text % values


def _group_values(difference, labels):
    return {
        "group": _quote(difference.get("group_label") or difference.get("group_key")),
        "dimension": _dimension_noun(difference.get("dimension")),
        "group_share": _percent(difference["group_share"]),
        "rest_share": _percent(difference["rest_share"]),
        "option": _quote(labels.option(difference.get("option_id"), difference.get("option_label"))),
    }


def render_recommendations(analysis, results=None):
    """The recommendations of `analyse()`'s output as sentences, in the active language.

    `results`, when given, supplies the question and option labels (see `describe_question`).
    Unknown codes (from a later version) are skipped.
    """
    by_id = {question.get("id"): question for question in (results or {}).get("questions") or []}
    sentences = []
    for recommendation in analysis.get("recommendations") or []:
        code, params = recommendation.get("code"), recommendation.get("params") or {}
        labels = _Labels(by_id.get(recommendation.get("question_id")))
        question = _quote(labels.question(params.get("question_label", "")))
        if code == "no_participants":
            sentences.append(_("Aucune participation pour l'instant : il n'y a rien à analyser."))
        elif code == "low_participation":
            sentences.append(_low_participation(params.get("participants") or 0, params.get("turnout")))
        elif code == "clear_majority":
            text = _(
                "À la question %(question)s, %(option)s l'emporte nettement (%(share)s des répondants, "
                "± %(margin)s) : vous pouvez l'annoncer comme l'avis majoritaire des participants."
            )
            values = {
                "question": question,
                "option": _quote(labels.option(params.get("option_id"), params.get("option_label"))),
                "share": _percent(params["share"]),
                "margin": _points(params["margin_of_error"]),
            }
            sentences.append(text % values)
        elif code == "too_close_to_call":
            text = _(
                "À la question %(question)s, l'écart entre %(leader)s et %(runner_up)s (%(gap)s) est dans la marge "
                "d'erreur : ne présentez aucune des deux options comme gagnante."
            )
            values = {
                "question": question,
                "leader": _quote(labels.option(params.get("leader_id"), params.get("leader_label"))),
                "runner_up": _quote(labels.option(params.get("runner_up_id"), params.get("runner_up_label"))),
                "gap": _points(params["gap"]),
            }
            sentences.append(text % values)
        elif code == "group_disagrees":
            text = _(
                "À la question %(question)s, les répondants %(group)s (%(dimension)s) se distinguent : "
                "%(group_share)s choisissent %(option)s, contre %(rest_share)s des autres répondants (différence "
                "significative). Tenez-en compte dans la restitution."
            )
            sentences.append(text % {"question": question, **_group_values(params, labels)})
    return sentences
