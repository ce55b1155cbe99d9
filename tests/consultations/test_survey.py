"""The survey: how questions are built from their blocks, and what `Survey.validate` accepts and refuses."""

from decimal import Decimal

import pytest

from django.utils import translation

from consultations import survey as survey_module
from consultations.models import ConsultationPage
from consultations.survey import InvalidAnswers, Survey, SurveyDefinitionError
from tests.factories import full_answers, full_survey, question


def build(raw, strict=False):
    stream = ConsultationPage._meta.get_field("survey").stream_block.to_python(raw)
    return Survey.from_stream(stream, strict=strict)


@pytest.fixture
def survey():
    return build(full_survey())


def errors_of(survey, answers):
    with pytest.raises(InvalidAnswers) as caught:
        survey.validate(answers)
    return caught.value.errors


# -- building the survey ---------------------------------------------------------------------------------------------


def test_questions_keep_their_block_ids_types_and_choices(survey):
    assert [q.id for q in survey] == [
        "q-yes",
        "q-single",
        "q-multi",
        "q-rank",
        "q-scale",
        "q-number",
        "q-short",
        "q-long",
    ]
    assert [q.number for q in survey] == list(range(1, 9))
    single = survey.by_id["q-single"]
    assert [(c.id, c.label) for c in single.choices] == [
        ("q-single-c1", "Le parc"),
        ("q-single-c2", "La gare"),
        ("q-single-c3", "Le port"),
    ]
    assert [c.id for c in survey.by_id["q-yes"].choices] == ["yes", "no", "abstain"]
    assert [c.id for c in survey.by_id["q-scale"].choices] == ["1", "2", "3", "4", "5"]
    assert survey.by_id["q-number"].min_value == Decimal("0")
    assert survey.by_id["q-number"].max_value == Decimal("31")
    assert survey.by_id["q-short"].max_length == 200
    assert survey.by_id["q-long"].max_length == 5000
    multi = survey.by_id["q-multi"]
    assert (multi.condition_question, multi.condition_choice) == ("q-yes", "yes")
    assert multi.to_dict()["condition"] == {"question_id": "q-yes", "choice_id": "yes"}


def test_a_valid_ballot_is_cleaned(survey):
    cleaned = survey.validate(full_answers())
    assert cleaned == {
        "q-yes": "yes",
        "q-single": "q-single-c1",
        "q-multi": ["q-multi-c1", "q-multi-c3"],
        "q-rank": ["q-rank-c3", "q-rank-c1", "q-rank-c2"],
        "q-scale": "4",
        "q-number": Decimal("12.0000"),
        "q-short": "Enfin",
        "q-long": "Prévoir des bancs à l'ombre.",
    }


def test_lenient_value_forms_are_accepted(survey):
    cleaned = survey.validate(
        full_answers(
            **{
                "q-yes": True,
                "q-multi": ["q-multi-c3", "q-multi-c1"],  # stored in the order of the choices
                "q-scale": 5,
                "q-number": "12,5",
                "q-short": "  espacé  ",
            }
        )
    )
    assert cleaned["q-yes"] == "yes"
    assert cleaned["q-multi"] == ["q-multi-c1", "q-multi-c3"]
    assert cleaned["q-scale"] == "5"
    assert cleaned["q-number"] == Decimal("12.5")
    assert cleaned["q-short"] == "espacé"


def test_optional_questions_can_be_left_out(survey):
    cleaned = survey.validate(full_answers(**{"q-short": None, "q-long": ""}))
    assert "q-short" not in cleaned
    assert "q-long" not in cleaned


def test_abstaining_is_an_answer_only_where_offered():
    survey = build(
        [
            question("yes_no", "Avec abstention ?", qid="a", allow_abstain=True),
            question("yes_no", "Sans abstention ?", qid="b", allow_abstain=False),
        ]
    )
    assert survey.validate({"a": "abstain", "b": "no"}) == {"a": "abstain", "b": "no"}
    assert errors_of(survey, {"a": "no", "b": "abstain"}) == {"b": ["Ce choix n'existe pas pour cette question."]}


# -- refusals, one per kind of mistake -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qid", "value", "message"),
    [
        # a required question left empty
        ("q-single", None, "Cette question est obligatoire."),
        ("q-single", "   ", "Cette question est obligatoire."),
        ("q-rank", [], "Cette question est obligatoire."),
        ("q-number", "", "Cette question est obligatoire."),
        # a choice that does not exist
        ("q-yes", "peut-être", "Ce choix n'existe pas pour cette question."),
        ("q-single", "q-multi-c1", "Ce choix n'existe pas pour cette question."),
        ("q-single", ["q-single-c1", "q-single-c2"], "Choisissez une seule réponse."),
        ("q-multi", ["q-multi-c1", "q-multi-c9"], "Un des choix n'existe pas pour cette question."),
        ("q-multi", ["q-multi-c1", "q-multi-c1"], "Un même choix est coché deux fois."),
        ("q-multi", {"q-multi-c1": True}, "Envoyez la liste des choix cochés."),
        # too many choices
        ("q-multi", ["q-multi-c1", "q-multi-c2", "q-multi-c3"], "Trop de choix : 2 au plus."),
        # a ranking incomplete, with a repeated choice, with an unknown choice, or not a list
        ("q-rank", ["q-rank-c1", "q-rank-c2"], "Classez tous les choix, chacun à un rang différent."),
        ("q-rank", ["q-rank-c1", "q-rank-c1", "q-rank-c2"], "Chaque choix ne peut avoir qu'un seul rang."),
        ("q-rank", ["q-rank-c1", "q-rank-c2", "q-rank-c9"], "Un des choix classés n'existe pas pour cette question."),
        ("q-rank", "q-rank-c1", "Envoyez les choix classés, du premier au dernier."),
        # a scale value out of range
        ("q-scale", "6", "Choisissez une note entre 1 et 5."),
        ("q-scale", 0, "Choisissez une note entre 1 et 5."),
        ("q-scale", 4.0, "Choisissez une seule réponse."),
        # a number out of range, or not a number
        ("q-number", "-1", "Le nombre doit être au moins 0."),
        ("q-number", 31.5, "Le nombre doit être au plus 31."),
        ("q-number", "douze", "Indiquez un nombre."),
        ("q-number", "NaN", "Indiquez un nombre."),
        ("q-number", "Infinity", "Indiquez un nombre."),
        ("q-number", True, "Indiquez un nombre."),
        ("q-number", [12], "Indiquez un nombre."),
        # text too long, or not text
        ("q-short", "x" * 201, "Votre réponse est trop longue : 200 caractères au plus (vous en avez écrit 201)."),
        ("q-long", "x" * 5001, "Votre réponse est trop longue : 5000 caractères au plus (vous en avez écrit 5001)."),
        ("q-short", 42, "Écrivez votre réponse sous forme de texte."),
    ],
)
def test_bad_answers_are_refused_per_question(survey, qid, value, message):
    errors = errors_of(survey, full_answers(**{qid: value}))
    assert errors == {qid: [message]}


def test_texts_at_the_limit_are_accepted(survey):
    cleaned = survey.validate(full_answers(**{"q-short": "x" * 200, "q-long": "y" * 5000}))
    assert len(cleaned["q-short"]) == 200
    assert len(cleaned["q-long"]) == 5000


def test_numbers_at_the_bounds_are_accepted(survey):
    assert survey.validate(full_answers(**{"q-number": 0}))["q-number"] == Decimal("0")
    assert survey.validate(full_answers(**{"q-number": "31"}))["q-number"] == Decimal("31")


def test_too_few_choices():
    survey = build(
        [question("multiple_choice", "Deux au moins", qid="m", choices=["A", "B", "C"], min_choices=2, max_choices=3)]
    )
    assert errors_of(survey, {"m": ["m-c1"]}) == {"m": ["Pas assez de choix : 2 au moins."]}
    assert survey.validate({"m": ["m-c1", "m-c2"]}) == {"m": ["m-c1", "m-c2"]}


def test_an_unknown_question_id_is_refused(survey):
    errors = errors_of(survey, full_answers(**{"q-inconnue": "yes"}))
    assert list(errors) == ["__all__"]
    assert "q-inconnue" in errors["__all__"][0]


def test_answers_must_be_an_object(survey):
    assert list(errors_of(survey, ["yes"])) == ["__all__"]


def test_every_error_is_reported_at_once(survey):
    errors = errors_of(survey, full_answers(**{"q-single": None, "q-scale": "9", "q-number": "x"}))
    assert set(errors) == {"q-single", "q-scale", "q-number"}


# -- conditional questions -------------------------------------------------------------------------------------------


def test_conditional_question_is_dropped_when_its_condition_is_not_met(survey):
    cleaned = survey.validate(full_answers(**{"q-yes": "no"}))
    assert "q-multi" not in cleaned
    # Even an answer that would be invalid is dropped, not refused.
    cleaned = survey.validate(full_answers(**{"q-yes": "abstain", "q-multi": ["n'importe quoi"]}))
    assert "q-multi" not in cleaned


def test_conditional_question_is_required_when_its_condition_is_met(survey):
    assert errors_of(survey, full_answers(**{"q-multi": None})) == {"q-multi": ["Cette question est obligatoire."]}
    assert errors_of(survey, full_answers(**{"q-multi": ["q-multi-c1", "q-multi-c2", "q-multi-c4"]})) == {
        "q-multi": ["Trop de choix : 2 au plus."]
    }


def test_condition_on_a_multiple_choice_answer():
    survey = build(
        [
            question("multiple_choice", "Usages", qid="u", choices=["Vélo", "Bus"]),
            question("short_text", "Pourquoi le bus ?", qid="why", condition={"question_number": 1, "answer": "bus"}),
        ]
    )
    assert survey.validate({"u": ["u-c1"], "why": "ignoré"}) == {"u": ["u-c1"]}
    assert errors_of(survey, {"u": ["u-c1", "u-c2"]}) == {"why": ["Cette question est obligatoire."]}


def test_yes_no_condition_resolves_whatever_the_active_language(monkeypatch):
    """The condition is typed « Oui » in a French survey; an English admin or API client must not break it."""
    english = {"Oui": "Yes", "Non": "No", "Je ne me prononce pas": "No opinion"}

    def fake_gettext(text):
        return english.get(text, text) if translation.get_language() == "en" else text

    monkeypatch.setattr(survey_module, "_", fake_gettext)
    with translation.override("en"):
        survey = build(full_survey(), strict=True)
        assert [c.label for c in survey.by_id["q-yes"].choices] == ["Yes", "No", "No opinion"]
        assert survey.by_id["q-multi"].condition_question == "q-yes"
        assert "q-multi" not in survey.validate(full_answers(**{"q-yes": "no"}))


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            {"question_number": 2, "answer": "Oui"},
            "Question 2 : la condition doit porter sur une question qui la précède.",
        ),
        (
            {"question_number": 1, "answer": "Peut-être"},
            "Question 2 : « Peut-être » n'est pas un des choix de la question 1.",
        ),
    ],
)
def test_bad_conditions_are_definition_errors(condition, message):
    raw = [
        question("yes_no", "Favorable ?", qid="a"),
        question("short_text", "Pourquoi ?", qid="b", condition=condition),
    ]
    with pytest.raises(SurveyDefinitionError) as caught:
        build(raw, strict=True)
    assert message in caught.value.messages
    # Outside the admin, a broken condition is ignored: the question is always asked.
    assert build(raw).by_id["b"].condition_question is None


def test_a_condition_cannot_point_to_a_text_or_a_ranking():
    raw = [
        question("ranking", "Classez", qid="r", choices=["A", "B"]),
        question("short_text", "Pourquoi ?", qid="b", condition={"question_number": 1, "answer": "A"}),
    ]
    with pytest.raises(SurveyDefinitionError) as caught:
        build(raw, strict=True)
    assert "Question 2 : la condition doit porter sur une question à choix, une échelle ou un oui/non." in (
        caught.value.messages
    )


def test_definition_errors():
    raw = [
        question("single_choice", "", qid="a", choices=["Oui", "oui "]),
        question("multiple_choice", "Trop", qid="b", choices=["A", "B"], max_choices=3),
        question("multiple_choice", "Bornes", qid="c", choices=["A", "B", "C"], min_choices=3, max_choices=2),
        question("number", "Bornes", qid="d", min_value="10", max_value="1"),
    ]
    with pytest.raises(SurveyDefinitionError) as caught:
        build(raw, strict=True)
    assert caught.value.messages == [
        "Question 1 : écrivez la question.",
        "Question 1 : deux choix portent le même texte.",
        "Question 2 : le maximum dépasse le nombre de choix.",
        "Question 3 : le minimum dépasse le maximum.",
        "Question 4 : le minimum dépasse le maximum.",
    ]


# -- what freezes once people have voted -----------------------------------------------------------------------------


def test_structure_ignores_wording_but_not_choices_limits_or_order():
    reference = build(full_survey()).structure()

    relabelled = full_survey()
    relabelled[1]["value"]["label"] = "Quel emplacement préférez-vous ?"
    relabelled[1]["value"]["choices"][0]["value"] = "Le grand parc"
    relabelled[1]["value"]["help_text"] = "Une aide ajoutée."
    assert build(relabelled).structure() == reference

    added_choice = full_survey()
    added_choice[1]["value"]["choices"].append({"type": "item", "value": "La plage", "id": "q-single-c4"})
    assert build(added_choice).structure() != reference

    new_limit = full_survey()
    new_limit[2]["value"]["max_choices"] = 3
    assert build(new_limit).structure() != reference

    optional = full_survey()
    optional[0]["value"]["required"] = False
    assert build(optional).structure() != reference

    reordered = full_survey()
    reordered[6], reordered[7] = reordered[7], reordered[6]
    assert build(reordered).structure() != reference

    assert build(full_survey()[:-1]).structure() != reference
