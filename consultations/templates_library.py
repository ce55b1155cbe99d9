"""Ready-made surveys an editor can start a consultation from, in French and English."""

import uuid

from django.utils.translation import gettext_lazy as _

from .questions import QuestionType as Q
from .questions import question

# Each template: its label, and its questions per language as (type, value) pairs.
TEMPLATES = {
    "avis_projet": {
        "label": _("Avis sur un projet envisagé"),
        "fr": [
            (Q.YES_NO, {"label": "Êtes-vous favorable à ce projet ?", "allow_abstain": True}),
            (
                Q.SINGLE_CHOICE,
                {
                    "label": "Qu'est-ce qui compte le plus pour vous dans ce projet ?",
                    "choices": ["Son coût", "Son effet sur l'environnement", "Son utilité au quotidien", "Les travaux"],
                },
            ),
            (
                Q.SCALE,
                {
                    "label": "Ce projet répond-il aux besoins de votre quartier ?",
                    "scale_max": "5",
                    "min_label": "Pas du tout",
                    "max_label": "Tout à fait",
                },
            ),
            (Q.LONG_TEXT, {"label": "Avez-vous une remarque ou une proposition ?", "required": False}),
        ],
        "en": [
            (Q.YES_NO, {"label": "Are you in favour of this project?", "allow_abstain": True}),
            (
                Q.SINGLE_CHOICE,
                {
                    "label": "What matters most to you in this project?",
                    "choices": ["Its cost", "Its effect on the environment", "Its everyday usefulness", "The works"],
                },
            ),
            (
                Q.SCALE,
                {
                    "label": "Does this project meet the needs of your neighbourhood?",
                    "scale_max": "5",
                    "min_label": "Not at all",
                    "max_label": "Completely",
                },
            ),
            (Q.LONG_TEXT, {"label": "Do you have a comment or a proposal?", "required": False}),
        ],
    },
    "satisfaction_service": {
        "label": _("Satisfaction envers un service public"),
        "fr": [
            (
                Q.SCALE,
                {
                    "label": "Dans l'ensemble, êtes-vous satisfait de ce service ?",
                    "scale_max": "10",
                    "min_label": "Pas du tout satisfait",
                    "max_label": "Très satisfait",
                },
            ),
            (
                Q.SINGLE_CHOICE,
                {
                    "label": "À quelle fréquence l'utilisez-vous ?",
                    "choices": ["Chaque semaine", "Chaque mois", "Quelques fois par an", "Jamais"],
                },
            ),
            (
                Q.MULTIPLE_CHOICE,
                {
                    "label": "Que faudrait-il améliorer en priorité ?",
                    "choices": ["Les horaires", "L'accueil", "Les délais", "L'accès en ligne", "L'accessibilité"],
                    "max_choices": 2,
                    "condition": {"question_number": 2, "answer": "Chaque semaine"},
                    "required": False,
                },
            ),
            (Q.SHORT_TEXT, {"label": "En un mot, comment décririez-vous ce service ?", "required": False}),
        ],
        "en": [
            (
                Q.SCALE,
                {
                    "label": "Overall, how satisfied are you with this service?",
                    "scale_max": "10",
                    "min_label": "Not satisfied at all",
                    "max_label": "Very satisfied",
                },
            ),
            (
                Q.SINGLE_CHOICE,
                {
                    "label": "How often do you use it?",
                    "choices": ["Every week", "Every month", "A few times a year", "Never"],
                },
            ),
            (
                Q.MULTIPLE_CHOICE,
                {
                    "label": "What should be improved first?",
                    "choices": ["Opening hours", "Reception", "Waiting times", "Online access", "Accessibility"],
                    "max_choices": 2,
                    "condition": {"question_number": 2, "answer": "Every week"},
                    "required": False,
                },
            ),
            (Q.SHORT_TEXT, {"label": "In one word, how would you describe this service?", "required": False}),
        ],
    },
    "priorites_budget": {
        "label": _("Classement des priorités d'un budget"),
        "fr": [
            (
                Q.RANKING,
                {
                    "label": "Classez ces priorités pour le budget de l'an prochain",
                    "choices": ["Écoles et jeunesse", "Voirie et mobilités", "Espaces verts", "Sport et culture"],
                },
            ),
            (
                Q.NUMBER,
                {
                    "label": "Quelle part du budget d'investissement consacreriez-vous à votre priorité n°1 (en %) ?",
                    "min_value": 0,
                    "max_value": 100,
                    "unit": "%",
                },
            ),
            (Q.LONG_TEXT, {"label": "Quel projet aimeriez-vous voir financé ?", "required": False}),
        ],
        "en": [
            (
                Q.RANKING,
                {
                    "label": "Rank these priorities for next year's budget",
                    "choices": ["Schools and youth", "Roads and mobility", "Green spaces", "Sport and culture"],
                },
            ),
            (
                Q.NUMBER,
                {
                    "label": "What share of the investment budget would you give your first priority (in %)?",
                    "min_value": 0,
                    "max_value": 100,
                    "unit": "%",
                },
            ),
            (Q.LONG_TEXT, {"label": "Which project would you like to see funded?", "required": False}),
        ],
    },
    # The baromètre's perception poll (barometre/perception.py): fixed question and choice ids, the same in
    # every language, so that the split is read from the choice ids and API clients can vote without looking.
    "perception": {
        "label": _("Perception d'une initiative publique (baromètre)"),
        "ids": {"question": "perception", "choices": ["approve", "neutral", "disapprove"]},
        "fr": [
            (
                Q.SINGLE_CHOICE,
                {
                    "label": "Approuvez-vous cette initiative ?",
                    "choices": ["J'approuve", "Sans opinion", "Je désapprouve"],
                },
            ),
        ],
        "en": [
            (
                Q.SINGLE_CHOICE,
                {
                    "label": "Do you approve of this initiative?",
                    "choices": ["I approve", "No opinion", "I disapprove"],
                },
            ),
        ],
    },
}


def template_choices():
    return [(key, template["label"]) for key, template in TEMPLATES.items()]


def survey_raw_data(template_name, language="fr"):
    """The template's questions as StreamField raw data, with fresh block and item ids."""
    template = TEMPLATES[template_name]
    questions = template.get(language) or template["fr"]
    fixed = template.get("ids")  # a one-question template may fix its ids (see « perception »)
    raw = []
    for block_type, value in questions:
        value = dict(value)
        if "choices" in value:
            value["choice_ids"] = fixed["choices"] if fixed else [str(uuid.uuid4()) for _label in value["choices"]]
        raw.append(question(block_type, qid=fixed["question"] if fixed else str(uuid.uuid4()), **value))
    return raw


def build_survey_stream(stream_block, template_name, language="fr"):
    """The template's questions as a value of `stream_block` (the survey field's block)."""
    return stream_block.to_python(survey_raw_data(template_name, language))
