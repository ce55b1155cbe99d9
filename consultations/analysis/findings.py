"""The findings of `analyse()`: structured, JSON-ready, no sentences (`consultations.analysis.wording` writes them).

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
          "gap": {"difference", "margin_of_error", "p_value", "significant"} | None,   # leader − runner-up
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
    who ranked it first. The runner-up is the next one. Shares are always fractions of the
    question's respondents (people, abstentions included), also for a multiple choice question,
    whose shares may add up to more than 100 %.
    `gap` tests the leader's lead over the runner-up (`share_difference_test()`): two shares of the
    same respondents, variance (p1 + p2 − (p1 − p2)²) / n, two-sided, at 5 %; for a multiple choice
    question this variance is an upper bound (a cautious test), for a ranking question the shares
    are those of first places.
    - "too_close": the lead is not significant (or, for a ranking, the best mean rank has fewer
      first places): it could be due to chance;
    - "clear_majority": otherwise, if the leader's lower bound is above 50 % of the respondents
      (more than half of them, beyond the margin of error);
    - "majority": the leader is ahead beyond the margin of error, but it is not established that
      more than half of the respondents chose it: either its share is at most 50 % (a relative
      majority, e.g. 38 % against 24 % among five options) or above 50 % within the margin of
      error (57 % ± 7 points). The wording tells these two apart;
    - "no_answers": no respondent, or no option chosen at all.

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

from consultations.questions import ABSTAIN, QuestionType

from .statistics import (
    CONFIDENCE,
    chi2_independence,
    chi2_sf,
    holm_adjust,
    margin_of_error,
    share_difference_test,
    two_proportion_test,
    wilson_interval,
)

ALPHA = 0.05
LOW_MARGIN = 0.05
GOOD_MARGIN = 0.03
MIN_DIFFERENCE = 0.10

Q = QuestionType
CHOICE_TYPES = (Q.SINGLE_CHOICE, Q.MULTIPLE_CHOICE, Q.YES_NO, Q.RANKING)
TEXT_TYPES = (Q.SHORT_TEXT, Q.LONG_TEXT)
GROUP_TESTED_TYPES = (Q.SINGLE_CHOICE, Q.MULTIPLE_CHOICE, Q.YES_NO)
INDEPENDENCE_TYPES = (Q.SINGLE_CHOICE, Q.YES_NO, Q.SCALE)


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
        "gap": None,
        "options": [],
        "stats": None,
        "scale": None,
        "group_differences": [],
        "independence": {},
    }
    if qtype in TEXT_TYPES:
        return data

    if qtype == Q.RANKING:
        items = [item for item in question.get("ranking") or [] if item.get("id") is not None]
        counts = [int(item.get("first_count") or 0) for item in items]
    else:
        items = question.get("options") or []
        counts = [int(item.get("count") or 0) for item in items]
    data["options"] = [_option(item, count, respondents, population) for item, count in zip(items, counts, strict=True)]

    if qtype in (Q.SCALE, Q.NUMBER):
        stats = question.get("stats") or None
        data.update(stats=stats, scale=question.get("scale") or None)
        answered = stats.get("count") if stats and stats.get("mean") is not None else 0
        data["verdict"] = "statistics" if respondents > 0 and answered else "no_answers"
    elif qtype in CHOICE_TYPES:
        _verdict(data, items, population)
    if respondents <= 0:
        return data

    breakdowns = question.get("breakdowns") or {}
    if qtype in GROUP_TESTED_TYPES and data["leader"] is not None:
        data["group_differences"] = _group_differences(data, breakdowns)
    if qtype in INDEPENDENCE_TYPES and data["options"]:
        data["independence"] = _independence(data, breakdowns)
    return data


def _verdict(data, items, population):
    options = data["options"]
    if data["respondents"] <= 0:
        data["verdict"] = "no_answers"
        return
    if data["type"] == Q.RANKING:
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
    if runner_up is not None:
        difference, margin, p_value = share_difference_test(
            leader["count"], runner_up["count"], data["respondents"], population
        )
        data["gap"] = {
            "difference": difference,
            "margin_of_error": margin,
            "p_value": p_value,
            "significant": difference > 0 and p_value < ALPHA,
        }
    if runner_up is not None and not data["gap"]["significant"]:
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
