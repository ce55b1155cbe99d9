"""The automatic analysis of consultation results: statistics, verdicts, sentences. No database."""

import json
import math

import pytest

from django.utils import translation

from consultations.analysis import (
    analyse,
    chi2_independence,
    chi2_sf,
    describe_group_difference,
    describe_question,
    describe_representativeness,
    holm_adjust,
    margin_of_error,
    regularized_gamma_q,
    render_recommendations,
    two_proportion_test,
    wilson_interval,
)

NBSP = "\u00a0"
YES_NO_LABELS = {"yes": "Oui", "no": "Non", "abstain": "Je ne me prononce pas"}


def group(key, label, counts):
    """A breakdown group; its respondents are the sum of its counts (exclusive options)."""
    return {
        "key": key,
        "label": label,
        "respondents": sum(counts.values()),
        "options": [{"id": option_id, "count": count} for option_id, count in counts.items()],
    }


def choice_question(counts, *, qid="q1", qtype="yes_no", label="Êtes-vous favorable au projet ?", **extra):
    respondents = extra.pop("respondents", sum(counts.values()))
    labels = extra.pop("labels", YES_NO_LABELS)
    return {
        "id": qid,
        "type": qtype,
        "label": label,
        "respondents": respondents,
        "options": [
            {
                "id": option_id,
                "label": labels.get(option_id, option_id),
                "count": count,
                "share": count / respondents if respondents else 0.0,
            }
            for option_id, count in counts.items()
        ],
        "ranking": None,
        "stats": None,
        "scale": None,
        "breakdowns": extra.pop("breakdowns", {}),
        **extra,
    }


def make_results(questions, participants=812, population=14230):
    return {
        "participants": participants,
        "population": population,
        "turnout": participants / population if population else None,
        "questions": questions,
    }


def codes(analysis, question_id=None):
    return [r["code"] for r in analysis["recommendations"] if question_id is None or r["question_id"] == question_id]


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


# Verdicts ---------------------------------------------------------------------------------------


def test_clear_majority():
    question = choice_question({"yes": 500, "no": 250, "abstain": 40})
    analysis = analyse(make_results([question]))
    found = analysis["questions"][0]
    assert found["verdict"] == "clear_majority"
    assert found["leader"]["id"] == "yes"
    assert found["runner_up"]["id"] == "no"
    assert found["leader"]["share"] == pytest.approx(500 / 790)
    assert found["leader"]["ci_low"] > 0.5
    # The finite population correction applies: 790 respondents out of 14,230 inhabitants.
    assert (found["leader"]["ci_low"], found["leader"]["ci_high"]) == pytest.approx(wilson_interval(500, 790, 14230))
    assert found["leader"]["ci_high"] - found["leader"]["ci_low"] < (lambda lo, hi: hi - lo)(*wilson_interval(500, 790))
    assert [option["id"] for option in found["options"]] == ["yes", "no", "abstain"]
    assert codes(analysis, "q1") == ["clear_majority"]
    with translation.override("fr"):
        assert describe_question(found) == (
            f"63{NBSP}% des répondants choisissent «{NBSP}Oui{NBSP}» (± 3,3 points) : une majorité nette."
        )
        assert render_recommendations(analysis) == [
            f"À la question «{NBSP}Êtes-vous favorable au projet ?{NBSP}», «{NBSP}Oui{NBSP}» l'emporte nettement "
            f"(63{NBSP}% des répondants, ± 3,3 points) : vous pouvez l'annoncer comme l'avis majoritaire des "
            "participants."
        ]


def test_too_close_to_call():
    question = choice_question({"yes": 400, "no": 380, "abstain": 20})
    analysis = analyse(make_results([question], participants=800, population=None))
    found = analysis["questions"][0]
    assert found["verdict"] == "too_close"
    assert found["leader"]["id"] == "yes"
    assert found["leader"]["ci_low"] <= found["runner_up"]["ci_high"]
    assert codes(analysis) == ["too_close_to_call"]
    assert analysis["recommendations"][0]["params"]["gap"] == pytest.approx(0.025)
    with translation.override("fr"):
        assert describe_question(found) == (
            f"Trop serré pour conclure : l'écart entre «{NBSP}Oui{NBSP}» et «{NBSP}Non{NBSP}» (2,5 points) est dans "
            "la marge d'erreur."
        )
        assert "ne présentez aucune des deux options comme gagnante" in render_recommendations(analysis)[0]


def test_a_tie_is_too_close_and_abstention_never_leads():
    question = choice_question({"yes": 300, "no": 300, "abstain": 400})
    found = analyse(make_results([question], participants=1000))["questions"][0]
    assert found["verdict"] == "too_close"
    assert {found["leader"]["id"], found["runner_up"]["id"]} == {"yes", "no"}


def test_relative_majority_among_many_options():
    labels = {"a": "Parc", "b": "Parking", "c": "Halle", "d": "Piscine", "e": "Rien"}
    question = choice_question({"a": 380, "b": 240, "c": 150, "d": 130, "e": 100}, qtype="single_choice", labels=labels)
    found = analyse(make_results([question], participants=1000, population=None))["questions"][0]
    # Ahead beyond the margin of error, but far from half of the respondents.
    assert found["verdict"] == "majority"
    assert found["leader"]["id"] == "a"
    assert found["leader"]["ci_low"] > found["runner_up"]["ci_high"]
    with translation.override("fr"):
        text = describe_question(found)
    assert text.startswith(f"«{NBSP}Parc{NBSP}» arrive nettement en tête avec 38{NBSP}% des répondants")
    assert "sans majorité absolue" in text


def test_a_majority_of_voters_within_the_margin_is_not_a_clear_majority():
    # 53 % "yes" among 400 respondents (many abstained): ahead of "no", but the lower bound is below 50 %.
    question = choice_question({"yes": 212, "no": 80, "abstain": 108})
    found = analyse(make_results([question], participants=400, population=None))["questions"][0]
    assert found["leader"]["share"] == pytest.approx(0.53)
    assert found["leader"]["ci_low"] < 0.5
    assert found["verdict"] == "majority"
    assert "clear_majority" not in codes(analyse(make_results([question], participants=400, population=None)))


def test_two_options_above_half_in_a_multiple_choice_question_can_be_too_close():
    labels = {"a": "Pistes cyclables", "b": "Bus"}
    question = choice_question({"a": 620, "b": 600}, qtype="multiple_choice", labels=labels, respondents=1000)
    found = analyse(make_results([question], participants=1000, population=None))["questions"][0]
    assert found["leader"]["ci_low"] > 0.5
    assert found["verdict"] == "too_close"


# Representativeness -----------------------------------------------------------------------------


def test_low_participation():
    question = choice_question({"yes": 40, "no": 17})
    analysis = analyse(make_results([question], participants=57, population=14230))
    representativeness = analysis["representativeness"]
    assert representativeness["level"] == "low"
    assert representativeness["turnout"] == pytest.approx(57 / 14230)
    assert representativeness["margin_of_error"] > 0.05
    assert codes(analysis)[0] == "low_participation"
    with translation.override("fr"):
        sentences = render_recommendations(analysis)
    assert sentences[0] == (
        f"La participation (57 participants, soit 0,4{NBSP}% de la population) est trop faible pour être "
        "représentative : présentez ces résultats comme un avis des participants, pas de la population."
    )


@pytest.mark.parametrize(
    ("participants", "population", "level"),
    [
        (99, None, "low"),  # ± 9.8 points
        (200, None, "low"),  # ± 6.9 points
        (350, None, "low"),  # ± 5.2 points
        (400, None, "fair"),  # ± 4.9 points
        (500, None, "fair"),  # ± 4.4 points
        (900, 14230, "fair"),  # ± 3.2 points
        (1500, None, "good"),  # ± 2.5 points
        (600, 1200, "good"),  # half of the inhabitants: ± 2.8 points with the correction
        (99, 120, "fair"),  # most of a village: ± 4.1 points with the correction
        (99, 300, "low"),  # a third of a village: ± 8 points
    ],
)
def test_representativeness_levels(participants, population, level):
    analysis = analyse(make_results([], participants=participants, population=population))
    assert analysis["representativeness"]["level"] == level
    assert ("low_participation" in codes(analysis)) == (level == "low")


def test_results_without_population():
    question = choice_question({"yes": 500, "no": 250, "abstain": 40})
    results = make_results([question], participants=812, population=None)
    analysis = analyse(results)
    representativeness = analysis["representativeness"]
    assert representativeness["population"] is None
    assert representativeness["turnout"] is None
    assert representativeness["margin_of_error"] == pytest.approx(margin_of_error(812))
    leader = analysis["questions"][0]["leader"]
    # No finite population correction without a population.
    assert (leader["ci_low"], leader["ci_high"]) == pytest.approx(wilson_interval(500, 790))
    with translation.override("fr"):
        sentence = describe_representativeness(representativeness)
    assert sentence == "812 participants : marge d'erreur de ± 3,4 points, une précision correcte."

    few = analyse(make_results([], participants=57, population=None))
    with translation.override("fr"):
        assert render_recommendations(few) == [
            "La participation (57 participants) est trop faible pour être représentative : présentez ces "
            "résultats comme un avis des participants, pas de la population."
        ]


# Groups -----------------------------------------------------------------------------------------


def test_a_group_that_disagrees():
    breakdowns = {
        "age_bracket": [
            group("18-24", "18-24 ans", {"yes": 38, "no": 55, "abstain": 7}),
            group("25-64", "25-64 ans", {"yes": 300, "no": 130, "abstain": 20}),
            group("65+", "65 ans et plus", {"yes": 162, "no": 65, "abstain": 13}),
        ]
    }
    question = choice_question({"yes": 500, "no": 250, "abstain": 40}, breakdowns=breakdowns)
    analysis = analyse(make_results([question]))
    found = analysis["questions"][0]
    young = next(d for d in found["group_differences"] if d["group_key"] == "18-24")
    assert young["option_id"] == "yes"
    assert young["group_share"] == pytest.approx(0.38)
    assert young["rest_share"] == pytest.approx(462 / 690)
    assert young["p_value"] < 1e-6
    assert young["significant"] and young["stands_out"]
    assert found["independence"]["age_bracket"]["significant"]
    assert found["independence"]["age_bracket"]["dof"] == 4
    disagreeing = [r for r in analysis["recommendations"] if r["code"] == "group_disagrees"]
    assert [r["params"]["group_key"] for r in disagreeing] == ["18-24"]
    with translation.override("fr"):
        assert describe_group_difference(young) == (
            f"Les répondants «{NBSP}18-24 ans{NBSP}» (tranche d'âge) se distinguent : 38{NBSP}% choisissent "
            f"«{NBSP}Oui{NBSP}», contre 67{NBSP}% des autres répondants (différence significative)."
        )
        assert render_recommendations(analysis)[-1].startswith(
            f"À la question «{NBSP}Êtes-vous favorable au projet ?{NBSP}», les répondants «{NBSP}18-24 ans{NBSP}» "
            "(tranche d'âge) se distinguent"
        )


def test_no_significant_difference_when_groups_are_alike():
    breakdowns = {
        "commune": [
            group("44109", "Nantes", {"yes": 190, "no": 95, "abstain": 15}),
            group("44143", "Rezé", {"yes": 126, "no": 64, "abstain": 10}),
            group("44162", "Saint-Herblain", {"yes": 63, "no": 32, "abstain": 5}),
        ],
        "gender": [
            group("F", "Femme", {"yes": 252, "no": 126, "abstain": 20}),
            group("M", "Homme", {"yes": 240, "no": 120, "abstain": 20}),
        ],
    }
    question = choice_question({"yes": 500, "no": 250, "abstain": 40}, breakdowns=breakdowns)
    analysis = analyse(make_results([question]))
    found = analysis["questions"][0]
    assert len(found["group_differences"]) == 5
    assert all(d["p_value"] > 0.5 for d in found["group_differences"])
    assert not any(d["significant"] or d["stands_out"] for d in found["group_differences"])
    assert set(found["independence"]) == {"commune", "gender"}
    assert not any(test["significant"] for test in found["independence"].values())
    assert all(test["p_value"] > 0.5 for test in found["independence"].values())
    assert "group_disagrees" not in codes(analysis)


def test_holm_correction_removes_a_borderline_group():
    borderline = group("44190", "Saint-Sébastien", {"yes": 18, "no": 20, "abstain": 2})
    alike = [group(f"4400{i}", f"Commune {i}", {"yes": 94, "no": 50, "abstain": 6}) for i in range(4)]
    totals = {"yes": 500, "no": 270, "abstain": 30}

    alone = analyse(make_results([choice_question(totals, breakdowns={"commune": [borderline]})]))
    tested_alone = alone["questions"][0]["group_differences"][0]
    # On its own, 45 % against 63 % is a significant difference of 18 points (p ≈ 0.019)...
    assert tested_alone["p_value"] == pytest.approx(0.019, abs=1e-3)
    assert tested_alone["significant"] and tested_alone["stands_out"]
    assert "group_disagrees" in codes(alone)

    # ... but not among five tests: Holm multiplies the smallest p-value by 5.
    many = analyse(make_results([choice_question(totals, breakdowns={"commune": [borderline, *alike]})]))
    tested = next(d for d in many["questions"][0]["group_differences"] if d["group_key"] == "44190")
    assert tested["p_value"] == pytest.approx(tested_alone["p_value"])
    assert tested["p_value"] < 0.05 <= tested["p_adjusted"]
    assert tested["p_adjusted"] == pytest.approx(5 * tested["p_value"])
    assert not tested["significant"] and not tested["stands_out"]
    assert "group_disagrees" not in codes(many)


def test_a_significant_but_small_difference_does_not_stand_out():
    # 8 points between two large groups: significant, but below the 10-point threshold.
    breakdowns = {
        "gender": [group("F", "Femme", {"yes": 2800, "no": 2200}), group("M", "Homme", {"yes": 2400, "no": 2600})]
    }
    question = choice_question({"yes": 5200, "no": 4800}, breakdowns=breakdowns)
    found = analyse(make_results([question], participants=10000, population=None))["questions"][0]
    women = found["group_differences"][0]
    assert women["difference"] == pytest.approx(0.08)
    assert women["significant"]
    assert not women["stands_out"]


# Other question types ---------------------------------------------------------------------------


def test_ranking_leader_has_the_best_mean_rank():
    question = {
        "id": "r1",
        "type": "ranking",
        "label": "Classez les projets",
        "respondents": 600,
        "options": [],
        "ranking": [
            {"id": "b", "label": "Bibliothèque", "mean_rank": 2.4, "first_count": 150},
            {"id": "a", "label": "Aire de jeux", "mean_rank": 1.5, "first_count": 380},
            {"id": "c", "label": "Cinéma", "mean_rank": 2.1, "first_count": 70},
        ],
        "stats": None,
        "scale": None,
        "breakdowns": {"gender": [group("F", "Femme", {"a": 300, "b": 300, "c": 300})]},
    }
    found = analyse(make_results([question], participants=600, population=None))["questions"][0]
    assert found["leader"]["id"] == "a"
    assert found["leader"]["mean_rank"] == 1.5
    assert found["runner_up"]["id"] == "c"
    assert found["leader"]["share"] == pytest.approx(380 / 600)
    assert found["verdict"] == "clear_majority"
    assert found["group_differences"] == []
    with translation.override("fr"):
        assert describe_question(found).startswith(
            f"«{NBSP}Aire de jeux{NBSP}» arrive en tête du classement (rang moyen 1,5) et 63{NBSP}% des répondants"
        )


def test_scale_and_number_questions_describe_mean_and_median():
    scale = {
        "id": "s1",
        "type": "scale",
        "label": "Êtes-vous satisfait ?",
        "respondents": 790,
        "options": [
            {"id": str(i), "label": str(i), "count": c} for i, c in enumerate([40, 60, 150, 300, 240], start=1)
        ],
        "stats": {"mean": 3.9, "median": 4.0, "min": 1.0, "max": 5.0, "count": 790},
        "scale": {"min": 1, "max": 5, "min_label": "Pas du tout", "max_label": "Tout à fait"},
        "breakdowns": {},
    }
    number = {
        "id": "n1",
        "type": "number",
        "label": "Combien de trajets par semaine ?",
        "respondents": 300,
        "options": [],
        "stats": {"mean": 6.25, "median": 5.5, "min": 0.0, "max": 21.0, "count": 300},
        "scale": None,
        "breakdowns": {},
    }
    analysis = analyse(make_results([scale, number]))
    found_scale, found_number = analysis["questions"]
    assert found_scale["verdict"] == found_number["verdict"] == "statistics"
    assert found_scale["leader"] is None
    assert len(found_scale["options"]) == 5
    assert found_scale["options"][3]["share"] == pytest.approx(300 / 790)
    with translation.override("fr"):
        assert describe_question(found_scale) == (
            f"Note moyenne 3,9 et médiane 4, sur une échelle de 1 («{NBSP}Pas du tout{NBSP}») à 5 "
            f"(«{NBSP}Tout à fait{NBSP}»)."
        )
        assert describe_question(found_number) == "Moyenne 6,2 et médiane 5,5 (réponses de 0 à 21)."


def test_text_questions_are_not_analysed():
    question = {"id": "t1", "type": "long_text", "label": "Des idées ?", "respondents": 42, "options": []}
    found = analyse(make_results([question]))["questions"][0]
    assert found["verdict"] == "not_applicable"
    assert found["leader"] is None
    with translation.override("fr"):
        assert describe_question(found) == "42 réponses libres, non analysées automatiquement."


# Edge cases, storage and languages --------------------------------------------------------------


def test_empty_results_do_not_crash():
    questions = [
        choice_question({"yes": 0, "no": 0}),
        choice_question({}, qid="q2", qtype="single_choice"),
        {
            "id": "r",
            "type": "ranking",
            "label": "R",
            "respondents": 0,
            "options": [],
            "ranking": [{"id": "a", "label": "A", "mean_rank": None, "first_count": 0}],
        },
        {
            "id": "s",
            "type": "scale",
            "label": "S",
            "respondents": 0,
            "options": [],
            "scale": {"min": 1, "max": 5},
            "stats": {"count": 0, "mean": None, "median": None, "min": None, "max": None},
        },
        {"id": "n", "type": "number", "label": "N", "respondents": 0, "options": [], "stats": None},
        {"id": "t", "type": "short_text", "label": "T", "respondents": 0, "options": []},
    ]
    analysis = analyse(make_results(questions, participants=0, population=14230))
    assert analysis["representativeness"]["level"] is None
    assert analysis["representativeness"]["margin_of_error"] is None
    assert [q["verdict"] for q in analysis["questions"]] == ["no_answers"] * 5 + ["not_applicable"]
    assert analysis["questions"][0]["options"][0]["share"] is None
    assert codes(analysis) == ["no_participants"]
    json.dumps(analysis, allow_nan=False)
    for language in ("fr", "en"):
        with translation.override(language):
            assert len(render_recommendations(analysis)) == 1
            assert all(describe_question(q) for q in analysis["questions"])
            assert describe_representativeness(analysis["representativeness"])

    bare = analyse({})
    assert bare["questions"] == []
    assert bare["representativeness"]["level"] is None
    assert codes(bare) == ["no_participants"]


def test_inconsistent_breakdowns_are_skipped():
    breakdowns = {"gender": [group("F", "Femme", {"yes": 900, "no": 0}), group("X", "Tous", {"yes": 500, "no": 290})]}
    question = choice_question({"yes": 500, "no": 290}, breakdowns=breakdowns)
    found = analyse(make_results([question]))["questions"][0]
    # More "yes" in the group than in the whole question, and a group as large as the question: no test.
    assert found["group_differences"] == []


def test_stored_analysis_renders_in_either_language():
    breakdowns = {
        "age_bracket": [
            group("18-24", "18-24 ans", {"yes": 38, "no": 62}),
            group("25+", "25 ans et plus", {"yes": 462, "no": 188}),
        ]
    }
    questions = [
        choice_question({"yes": 500, "no": 250}, breakdowns=breakdowns),
        choice_question({"yes": 400, "no": 380}, qid="q2"),
    ]
    analysis = analyse(make_results(questions, participants=812, population=None))
    stored = json.loads(json.dumps(analysis, allow_nan=False))
    assert stored == analysis
    assert codes(stored) == ["clear_majority", "group_disagrees", "too_close_to_call"]
    # Two groups covering every respondent: one comparison, not the same one twice.
    assert [d["group_key"] for d in stored["questions"][0]["group_differences"]] == ["18-24"]

    with translation.override("fr"):
        french = render_recommendations(stored)
        french_question = describe_question(stored["questions"][0])
    with translation.override("en"):
        english = render_recommendations(stored)
        english_question = describe_question(stored["questions"][0])
    assert len(french) == len(english) == 3
    assert all(isinstance(sentence, str) and sentence for sentence in english)
    # Numbers and quotes follow the active language, whatever the translations.
    assert f"67{NBSP}%" in french_question and "± 3,4 points" in french_question
    assert "67%" in english_question and "± 3.4 points" in english_question
    assert "“Yes”" not in english_question and "“Oui”" in english_question


def test_labels_can_come_from_relabelled_results():
    question = choice_question({"yes": 500, "no": 250})
    analysis = analyse(make_results([question]))
    relabelled = make_results(
        [
            choice_question(
                {"yes": 500, "no": 250}, label="Do you support the project?", labels={"yes": "Yes", "no": "No"}
            )
        ]
    )
    with translation.override("en"):
        sentence = render_recommendations(analysis, results=relabelled)[0]
        description = describe_question(analysis["questions"][0], results_question=relabelled["questions"][0])
    assert "“Do you support the project?”" in sentence and "“Yes”" in sentence
    assert "“Yes”" in description and "Oui" not in description
