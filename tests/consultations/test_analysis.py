"""The automatic analysis of consultation results: verdicts, representativeness, groups that differ. No database."""

import pytest

from django.utils import translation

from consultations.analysis import (
    analyse,
    describe_group_difference,
    describe_question,
    describe_representativeness,
    margin_of_error,
    render_findings,
    render_recommendations,
    wilson_interval,
)
from tests.consultations.analysis_data import NBSP, choice_question, codes, group, make_results

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
            f"Trop serré pour conclure : «{NBSP}Oui{NBSP}» (50{NBSP}%) et «{NBSP}Non{NBSP}» (48{NBSP}%) sont séparés "
            "de 2,5 points, moins que la marge d'erreur de cet écart (± 6,8 points)."
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
    assert text.startswith(f"«{NBSP}Parc{NBSP}» arrive en tête avec 38{NBSP}% des répondants")
    assert "moins de la moitié des répondants l'ont choisi" in text


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


# Issue 10: what a first reader trips over ---------------------------------------------------------


def test_36_against_23_percent_of_186_is_a_lead_not_too_close_to_call():
    labels = {"a": "Parc", "b": "Parking", "c": "Halle", "d": "Piscine"}
    question = choice_question({"a": 67, "b": 43, "c": 40, "d": 36}, qtype="single_choice", labels=labels)
    found = analyse(make_results([question], participants=186, population=None))["questions"][0]
    assert round(found["leader"]["share"] * 100, 1) == 36.0
    assert round(found["runner_up"]["share"] * 100, 1) == 23.1
    # The intervals overlap (the old, too cautious rule) but the test of the gap is significant.
    assert found["leader"]["ci_low"] <= found["runner_up"]["ci_high"]
    assert found["gap"]["difference"] == pytest.approx(24 / 186)
    assert found["gap"]["margin_of_error"] == pytest.approx(0.1090, abs=1e-4)
    assert found["gap"]["p_value"] == pytest.approx(0.0203, abs=1e-4)
    assert found["gap"]["significant"] is True
    assert found["verdict"] == "majority"
    with translation.override("fr"):
        text = describe_question(found)
    assert text == (
        f"«{NBSP}Parc{NBSP}» arrive en tête avec 36{NBSP}% des répondants (± 6,8 points), devant «{NBSP}Parking{NBSP}» "
        f"(23{NBSP}%), un écart au-delà de la marge d'erreur ; moins de la moitié des répondants l'ont choisi."
    )
    assert "serré" not in text


def test_57_percent_is_more_than_half_of_the_respondents_and_the_sentence_says_so():
    """« Oui » arrive nettement en tête avec 57 % … mais sans majorité absolue read as a contradiction."""
    question = choice_question({"yes": 57, "no": 30, "abstain": 13})
    found = analyse(make_results([question], participants=100, population=None))["questions"][0]
    assert found["leader"]["share"] == pytest.approx(0.57)
    assert found["leader"]["ci_low"] < 0.5 < found["leader"]["share"]
    assert found["gap"]["significant"]
    assert found["verdict"] == "majority"
    with translation.override("fr"):
        text = describe_question(found)
    assert "sans majorité absolue" not in text
    assert "nettement" not in text
    assert text == (
        f"«{NBSP}Oui{NBSP}» arrive en tête avec 57{NBSP}% des répondants (± 9,5 points), devant «{NBSP}Non{NBSP}» "
        f"(30{NBSP}%), un écart au-delà de la marge d'erreur. C'est plus de la moitié des répondants, mais la marge "
        "d'erreur ne permet pas d'affirmer que plus de la moitié de la population partage cet avis."
    )
    with translation.override("en"):
        english = describe_question(found)
    assert "more than half of the respondents" in english


def test_a_multiple_choice_question_counts_shares_of_respondents_and_says_several_answers_were_possible():
    labels = {"a": "Pistes cyclables", "b": "Bus", "c": "Trottoirs"}
    # 200 respondents ticked 310 boxes: shares are of people (they add up to 155 %), not of ticks.
    question = choice_question({"a": 130, "b": 100, "c": 80}, qtype="multiple_choice", labels=labels, respondents=200)
    found = analyse(make_results([question], participants=200, population=None))["questions"][0]
    assert found["leader"]["share"] == pytest.approx(0.65)
    assert found["verdict"] == "clear_majority"
    with translation.override("fr"):
        text = describe_question(found)
    assert text == (
        f"65{NBSP}% des répondants cochent «{NBSP}Pistes cyclables{NBSP}» (± 6,6 points) : plus de la moitié d'entre "
        "eux, au-delà de la marge d'erreur (plusieurs réponses possibles)."
    )


def test_findings_for_citizens_carry_no_advice_for_the_editor():
    by_age = {
        "age_bracket": [
            group("18-24", "18 à 24 ans", {"yes": 10, "no": 90}),
            group("50-64", "50 à 64 ans", {"yes": 240, "no": 60}),
        ]
    }
    question = choice_question({"yes": 250, "no": 150}, breakdowns=by_age)
    analysis = analyse(make_results([question], participants=57, population=14230))
    results = make_results([question], participants=57, population=14230)
    with translation.override("fr"):
        editors = " ".join(render_recommendations(analysis, results))
        citizens = " ".join(render_findings(analysis, results))
    assert "Tenez-en compte dans la restitution" in editors and "présentez ces résultats" in editors
    for advice in ("Tenez-en compte", "présentez", "vous pouvez l'annoncer", "ne présentez"):
        assert advice not in citizens
    assert "trop peu pour être représentatif" in citizens
    assert f"les répondants «{NBSP}18 à 24 ans{NBSP}» (tranche d'âge) se distinguent" in citizens


def test_group_labels_follow_the_results_labels_given_alongside():
    by_gender = {
        "gender": [group("femme", "Femme", {"yes": 20, "no": 180}), group("homme", "Homme", {"yes": 180, "no": 20})]
    }
    question = choice_question({"yes": 200, "no": 200}, breakdowns=by_gender)
    analysis = analyse(make_results([question], participants=400, population=None))
    english_results = make_results([question], participants=400, population=None)
    for groups in english_results["questions"][0]["breakdowns"].values():
        for item in groups:
            item["label"] = {"femme": "Woman", "homme": "Man"}[item["key"]]
    with translation.override("en"):
        sentences = render_findings(analysis, english_results) + render_recommendations(analysis, english_results)
    assert any("“Woman”" in sentence or "“Man”" in sentence for sentence in sentences)
    assert not any("Femme" in sentence or "Homme" in sentence for sentence in sentences)
