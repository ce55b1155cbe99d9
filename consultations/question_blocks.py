"""The question blocks an editor composes a survey with (a consultation's `survey` StreamField).

Each block's `question_type` is its name in the StreamField (`consultations.questions.QuestionType`); what a ballot
may answer to them is `consultations.survey.Survey`'s business. The blocks deconstruct as Wagtail's own
`StructBlock`s (see the migrations), so moving them between modules changes no migration.
"""

from django.utils.translation import gettext_lazy

from wagtail import blocks

from .questions import QuestionType


class ConditionBlock(blocks.StructBlock):
    question_number = blocks.IntegerBlock(
        label=gettext_lazy("si la question n°"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Laissez vide pour toujours poser la question."),
    )
    answer = blocks.CharBlock(
        label=gettext_lazy("a pour réponse"),
        required=False,
        help_text=gettext_lazy("Le texte exact d'un des choix de cette question (ou « Oui », « Non »)."),
    )

    class Meta:
        label = gettext_lazy("Afficher seulement…")
        collapsed = True
        form_classname = "struct-block"


class BaseQuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=gettext_lazy("question"), max_length=300)
    help_text = blocks.TextBlock(label=gettext_lazy("aide"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=gettext_lazy("réponse obligatoire"), required=False, default=True)
    condition = ConditionBlock()

    question_type = None

    class Meta:
        template = "consultations/blocks/question_preview.html"
        icon = "help"


def _choices_block():
    return blocks.ListBlock(
        blocks.CharBlock(label=gettext_lazy("choix"), max_length=200),
        label=gettext_lazy("choix proposés"),
        min_num=2,
        max_num=30,
    )


class SingleChoiceQuestionBlock(BaseQuestionBlock):
    choices = _choices_block()
    question_type = QuestionType.SINGLE_CHOICE

    class Meta:
        label = gettext_lazy("Choix unique")
        icon = "radio-full"
        description = gettext_lazy("Le citoyen choisit une réponse parmi plusieurs.")
        preview_value = {"label": "Quel aménagement préférez-vous ?", "choices": ["Un parc", "Un parking"]}


class MultipleChoiceQuestionBlock(BaseQuestionBlock):
    choices = _choices_block()
    min_choices = blocks.IntegerBlock(label=gettext_lazy("choix minimum"), required=False, min_value=0)
    max_choices = blocks.IntegerBlock(label=gettext_lazy("choix maximum"), required=False, min_value=1)
    question_type = QuestionType.MULTIPLE_CHOICE

    class Meta:
        label = gettext_lazy("Choix multiples")
        icon = "tick-inverse"
        description = gettext_lazy("Le citoyen coche une ou plusieurs réponses, entre un minimum et un maximum.")
        preview_value = {
            "label": "Quels équipements utilisez-vous ?",
            "choices": ["Piscine", "Médiathèque", "Gymnase"],
            "max_choices": 2,
        }


class RankingQuestionBlock(BaseQuestionBlock):
    choices = _choices_block()
    question_type = QuestionType.RANKING

    class Meta:
        label = gettext_lazy("Classement")
        icon = "list-ol"
        description = gettext_lazy("Le citoyen classe toutes les propositions par ordre de préférence.")
        preview_value = {"label": "Classez vos priorités", "choices": ["Voirie", "Écoles", "Sport"]}


class ScaleQuestionBlock(BaseQuestionBlock):
    scale_max = blocks.ChoiceBlock(
        label=gettext_lazy("échelle"),
        choices=[("5", gettext_lazy("de 1 à 5")), ("10", gettext_lazy("de 1 à 10"))],
        default="5",
    )
    min_label = blocks.CharBlock(label=gettext_lazy("libellé du minimum"), required=False, max_length=80)
    max_label = blocks.CharBlock(label=gettext_lazy("libellé du maximum"), required=False, max_length=80)
    question_type = QuestionType.SCALE

    class Meta:
        label = gettext_lazy("Échelle")
        icon = "order"
        description = gettext_lazy("Une note de 1 à 5 ou de 1 à 10, avec le sens des deux extrémités.")
        preview_value = {
            "label": "Êtes-vous satisfait du service ?",
            "scale_max": "5",
            "min_label": "Pas du tout",
            "max_label": "Tout à fait",
        }


class YesNoQuestionBlock(BaseQuestionBlock):
    allow_abstain = blocks.BooleanBlock(
        label=gettext_lazy("proposer « Je ne me prononce pas »"), required=False, default=True
    )
    question_type = QuestionType.YES_NO

    class Meta:
        label = gettext_lazy("Oui / Non")
        icon = "tick"
        description = gettext_lazy("Oui, non, et si vous le souhaitez « Je ne me prononce pas ».")
        preview_value = {"label": "Êtes-vous favorable au projet ?", "allow_abstain": True}


class NumberQuestionBlock(BaseQuestionBlock):
    min_value = blocks.DecimalBlock(label=gettext_lazy("minimum"), required=False)
    max_value = blocks.DecimalBlock(label=gettext_lazy("maximum"), required=False)
    unit = blocks.CharBlock(label=gettext_lazy("unité"), required=False, max_length=30)
    question_type = QuestionType.NUMBER

    class Meta:
        label = gettext_lazy("Nombre")
        icon = "plus-inverse"
        description = gettext_lazy("Un nombre, entre un minimum et un maximum si vous les indiquez.")
        preview_value = {"label": "Combien de fois par mois venez-vous ?", "min_value": 0, "max_value": 31}


class ShortTextQuestionBlock(BaseQuestionBlock):
    question_type = QuestionType.SHORT_TEXT

    class Meta:
        label = gettext_lazy("Texte court")
        icon = "pilcrow"
        description = gettext_lazy("Une réponse libre d'une ligne (200 caractères au plus), modérée avant publication.")
        preview_value = {"label": "En un mot, qu'en pensez-vous ?"}


class LongTextQuestionBlock(BaseQuestionBlock):
    question_type = QuestionType.LONG_TEXT

    class Meta:
        label = gettext_lazy("Texte long")
        icon = "doc-full"
        description = gettext_lazy(
            "Une réponse libre développée (5 000 caractères au plus), modérée avant publication."
        )
        preview_value = {"label": "Avez-vous une suggestion ?"}


SURVEY_BLOCKS = [
    (QuestionType.SINGLE_CHOICE, SingleChoiceQuestionBlock()),
    (QuestionType.MULTIPLE_CHOICE, MultipleChoiceQuestionBlock()),
    (QuestionType.RANKING, RankingQuestionBlock()),
    (QuestionType.SCALE, ScaleQuestionBlock()),
    (QuestionType.YES_NO, YesNoQuestionBlock()),
    (QuestionType.NUMBER, NumberQuestionBlock()),
    (QuestionType.SHORT_TEXT, ShortTextQuestionBlock()),
    (QuestionType.LONG_TEXT, LongTextQuestionBlock()),
]
