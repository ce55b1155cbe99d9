"""The automatic analysis of other question types, edge cases, storage, and its sentences in either language."""

import json

import pytest

from django.utils import translation

from consultations.analysis import (
    analyse,
    describe_question,
    describe_representativeness,
    render_recommendations,
)
from tests.consultations.analysis_data import NBSP, choice_question, codes, group, make_results

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
