"""The survey: question blocks an editor composes, and the validation every ballot goes through.

A consultation's questions are a StreamField of the blocks below. Wagtail gives every block
and every list item a stable id, which wagtail-localize keeps in translations: question ids
and choice ids are therefore the same in French and in English, and ballots cast on either
language version count together. The web form and the API both turn what the citizen sent
into a plain `{"<question id>": value}` dict and call `Survey.validate()`, so they accept and
refuse exactly the same things.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail import blocks


class QuestionType:
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    RANKING = "ranking"
    SCALE = "scale"
    YES_NO = "yes_no"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"

    CHOICE_TYPES = {SINGLE_CHOICE, MULTIPLE_CHOICE, RANKING, SCALE, YES_NO}
    TEXT_TYPES = {SHORT_TEXT, LONG_TEXT}
    ALL = [SINGLE_CHOICE, MULTIPLE_CHOICE, RANKING, SCALE, YES_NO, NUMBER, SHORT_TEXT, LONG_TEXT]


YES, NO, ABSTAIN = "yes", "no", "abstain"
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
NUMBER_MAX_DIGITS = 12  # numbers below 10^12 in absolute value
NUMBER_DECIMALS = 4
NUMBER_QUANTUM = Decimal(1).scaleb(-NUMBER_DECIMALS)
NUMBER_MAX_CHARACTERS = 100
# NUL and the other control characters (tabs and line breaks aside), and halves of surrogate pairs: no keyboard
# types them, PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded in UTF-8.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def text_length(text):
    """Length as browsers count it for `maxlength` (UTF-16 code units): an emoji counts twice.

    It also bounds the size of the text once encoded: at most 3 bytes of UTF-8 (or of JSON escapes) per unit.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# -- the blocks editors compose ------------------------------------------------------------------------------------


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


# -- the survey at run time ---------------------------------------------------------------------------------------


@dataclass
class Choice:
    id: str
    label: str


@dataclass
class Question:
    id: str
    type: str
    number: int
    label: str
    help_text: str = ""
    required: bool = True
    choices: list = field(default_factory=list)
    min_choices: int | None = None
    max_choices: int | None = None
    scale_max: int | None = None
    min_label: str = ""
    max_label: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    unit: str = ""
    max_length: int | None = None
    condition_question: str | None = None
    condition_choice: str | None = None
    condition_label: str = ""

    @property
    def is_choice(self):
        return self.type in QuestionType.CHOICE_TYPES

    @property
    def is_text(self):
        return self.type in QuestionType.TEXT_TYPES

    def choice_label(self, choice_id):
        for choice in self.choices:
            if choice.id == choice_id:
                return choice.label
        return choice_id

    def to_dict(self):
        """The public description of the question (API, exports)."""
        data = {
            "id": self.id,
            "number": self.number,
            "type": self.type,
            "label": self.label,
            "help_text": self.help_text,
            "required": self.required,
            "choices": [{"id": c.id, "label": c.label} for c in self.choices],
        }
        if self.type == QuestionType.MULTIPLE_CHOICE:
            data.update(min_choices=self.min_choices, max_choices=self.max_choices)
        if self.type == QuestionType.SCALE:
            data.update(
                scale={"min": 1, "max": self.scale_max, "min_label": self.min_label, "max_label": self.max_label}
            )
        if self.type == QuestionType.NUMBER:
            data.update(
                min_value=None if self.min_value is None else str(self.min_value),
                max_value=None if self.max_value is None else str(self.max_value),
                unit=self.unit,
            )
        if self.is_text:
            data["max_length"] = self.max_length
        data["condition"] = (
            {"question_id": self.condition_question, "choice_id": self.condition_choice}
            if self.condition_question
            else None
        )
        return data


def _yes_no_choices(allow_abstain):
    choices = [Choice(YES, _("Oui")), Choice(NO, _("Non"))]
    if allow_abstain:
        choices.append(Choice(ABSTAIN, _("Je ne me prononce pas")))
    return choices


def _condition_spellings(target, choice):
    """How an editor may write a choice in a condition: its label and, for yes/no, its label in any language.

    Yes/no labels are interface strings: without this, a French survey's « Oui » would stop matching as soon as
    the survey is read in English (an English-speaking editor in the admin, an API client asking for English).
    """
    spellings = {choice.label.strip().casefold()}
    if target.type == QuestionType.YES_NO:
        spellings.add(choice.id)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                spellings.update(c.label.strip().casefold() for c in _yes_no_choices(True) if c.id == choice.id)
    return spellings


def _decimal(value):
    if value in (None, ""):
        return None
    return Decimal(str(value))


class SurveyDefinitionError(ValidationError):
    """The editor's survey cannot be run as it is (an empty choice list, a condition on a later question...)."""


class Survey:
    """The questions of one consultation, in order, built from its StreamField."""

    def __init__(self, questions):
        self.questions = list(questions)
        self.by_id = {q.id: q for q in self.questions}

    def __iter__(self):
        return iter(self.questions)

    def __len__(self):
        return len(self.questions)

    @classmethod
    def from_stream(cls, stream, strict=False):
        """Build the survey; with `strict`, a condition that points nowhere is an error (admin validation)."""
        questions = []
        errors = []
        for number, child in enumerate(stream, start=1):
            value = child.value
            qtype = child.block_type
            question = Question(
                id=str(child.id),
                type=qtype,
                number=number,
                label=value.get("label", ""),
                help_text=value.get("help_text") or "",
                required=bool(value.get("required")),
            )
            if qtype in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.RANKING):
                question.choices = [Choice(str(item.id), item.value) for item in value["choices"].bound_blocks]
            if qtype == QuestionType.MULTIPLE_CHOICE:
                question.min_choices = value.get("min_choices")
                question.max_choices = value.get("max_choices")
            if qtype == QuestionType.SCALE:
                question.scale_max = int(value.get("scale_max") or 5)
                question.min_label = value.get("min_label") or ""
                question.max_label = value.get("max_label") or ""
                question.choices = [Choice(str(i), str(i)) for i in range(1, question.scale_max + 1)]
            if qtype == QuestionType.YES_NO:
                question.choices = _yes_no_choices(value.get("allow_abstain"))
            if qtype == QuestionType.NUMBER:
                question.min_value = _decimal(value.get("min_value"))
                question.max_value = _decimal(value.get("max_value"))
                question.unit = value.get("unit") or ""
            if qtype == QuestionType.SHORT_TEXT:
                question.max_length = SHORT_TEXT_MAX
            if qtype == QuestionType.LONG_TEXT:
                question.max_length = LONG_TEXT_MAX
            condition = value.get("condition") or {}
            if condition.get("question_number"):
                error = cls._resolve_condition(question, condition, questions)
                if error:
                    errors.append(error)
            questions.append(question)
        survey = cls(questions)
        if strict:
            errors.extend(survey.definition_errors())
            if errors:
                raise SurveyDefinitionError(errors)
        return survey

    @staticmethod
    def _resolve_condition(question, condition, earlier):
        target_number = condition["question_number"]
        answer = (condition.get("answer") or "").strip()
        if target_number >= question.number or target_number > len(earlier):
            return _("Question %(number)d : la condition doit porter sur une question qui la précède.") % {
                "number": question.number
            }
        target = earlier[target_number - 1]
        if not target.choices or target.type == QuestionType.RANKING:
            return _(
                "Question %(number)d : la condition doit porter sur une question à choix, une échelle ou un oui/non."
            ) % {"number": question.number}
        for choice in target.choices:
            if answer.casefold() in _condition_spellings(target, choice):
                question.condition_question = target.id
                question.condition_choice = choice.id
                question.condition_label = _(
                    "Répondez si vous avez choisi « %(answer)s » à la question %(number)d."
                ) % {
                    "answer": choice.label,
                    "number": target.number,
                }
                return None
        return _("Question %(number)d : « %(answer)s » n'est pas un des choix de la question %(target)d.") % {
            "number": question.number,
            "answer": answer,
            "target": target.number,
        }

    def definition_errors(self):
        errors = []
        for q in self.questions:
            if not (q.label or "").strip():
                errors.append(_("Question %(number)d : écrivez la question.") % {"number": q.number})
            if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.RANKING):
                labels = [c.label.strip().casefold() for c in q.choices]
                if len(labels) < 2:
                    errors.append(_("Question %(number)d : proposez au moins deux choix.") % {"number": q.number})
                if len(set(labels)) != len(labels):
                    errors.append(_("Question %(number)d : deux choix portent le même texte.") % {"number": q.number})
            if q.type == QuestionType.MULTIPLE_CHOICE:
                if q.max_choices and q.max_choices > len(q.choices):
                    errors.append(
                        _("Question %(number)d : le maximum dépasse le nombre de choix.") % {"number": q.number}
                    )
                if q.min_choices and q.max_choices and q.min_choices > q.max_choices:
                    errors.append(_("Question %(number)d : le minimum dépasse le maximum.") % {"number": q.number})
            if (
                q.type == QuestionType.NUMBER
                and q.min_value is not None
                and q.max_value is not None
                and q.min_value > q.max_value
            ):
                errors.append(_("Question %(number)d : le minimum dépasse le maximum.") % {"number": q.number})
        return errors

    def structure(self):
        """What must not change once people have voted: ids, types, choices and the limits that validate."""
        return [
            (
                q.id,
                q.type,
                q.required,
                tuple(c.id for c in q.choices),
                q.min_choices,
                q.max_choices,
                q.scale_max,
                q.min_value,
                q.max_value,
                q.condition_question,
                q.condition_choice,
            )
            for q in self.questions
        ]

    # -- what a ballot holds -----------------------------------------------------------------------------------

    @staticmethod
    def payload_answers(cleaned):
        """The cleaned answers as JSON values: choice ids, lists of choice ids, numbers and texts as strings."""
        return {
            question_id: format(value, "f") if isinstance(value, Decimal) else value
            for question_id, value in cleaned.items()
        }

    def largest_answers(self):
        """The answers that make the longest payload these questions allow: every choice, the longest choice ids,
        the widest number, texts at their limit in characters that take 3 bytes each (see `text_length`)."""
        answers = {}
        for question in self.questions:
            ids = [choice.id for choice in question.choices]
            if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.SCALE):
                answers[question.id] = max(ids, key=lambda choice_id: len(json.dumps(choice_id, ensure_ascii=False)))
            elif question.type in (QuestionType.MULTIPLE_CHOICE, QuestionType.RANKING):
                answers[question.id] = ids
            elif question.type == QuestionType.NUMBER:
                answers[question.id] = "-" + "9" * NUMBER_MAX_DIGITS + "." + "9" * NUMBER_DECIMALS
            elif question.is_text:
                answers[question.id] = "\u20ac" * question.max_length
        return answers

    # -- validating a ballot ----------------------------------------------------------------------------------

    def is_applicable(self, question, answers):
        """A conditional question applies only when the earlier answer has the given value."""
        if not question.condition_question:
            return True
        earlier = answers.get(question.condition_question)
        if isinstance(earlier, list):
            return question.condition_choice in earlier
        return earlier == question.condition_choice

    def validate(self, raw_answers):
        """Return the cleaned answers `{question id: value}` or raise `InvalidAnswers` with an error per question.

        Cleaned values: a choice id (single choice, yes/no, scale as "1".."10"), a list of choice ids (multiple
        choice; ranking, best first), a Decimal (number) or a string (text). Questions that do not apply (their
        condition is not met) are dropped, whatever was sent for them.
        """
        if not isinstance(raw_answers, dict):
            raise InvalidAnswers(
                {"__all__": [_("Les réponses doivent être un objet {identifiant de question: réponse}.")]}
            )
        errors = {}
        unknown = [key for key in raw_answers if str(key) not in self.by_id]
        if unknown:
            errors["__all__"] = [
                ngettext(
                    "Cette question n'existe pas dans cette consultation : %(ids)s.",
                    "Ces questions n'existent pas dans cette consultation : %(ids)s.",
                    len(unknown),
                )
                % {"ids": ", ".join(str(key) for key in unknown)}
            ]
        cleaned = {}
        for question in self.questions:
            if not self.is_applicable(question, cleaned):
                continue
            value = raw_answers.get(question.id)
            if _is_empty(value):
                if question.required:
                    errors[question.id] = [_("Cette question est obligatoire.")]
                continue
            try:
                cleaned[question.id] = clean_answer(question, value)
            except ValidationError as error:
                errors[question.id] = error.messages
        if errors:
            raise InvalidAnswers(errors)
        return cleaned


class InvalidAnswers(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def _is_empty(value):
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _choice_ids(question):
    return [c.id for c in question.choices]


def clean_answer(question, value):
    """One answer, checked against its question. Raises ValidationError with a citizen-readable message."""
    qtype = question.type
    if qtype in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO, QuestionType.SCALE):
        if isinstance(value, bool) and qtype == QuestionType.YES_NO:
            value = YES if value else NO
        if isinstance(value, int) and not isinstance(value, bool) and qtype == QuestionType.SCALE:
            value = str(value)
        if not isinstance(value, str):
            raise ValidationError(_("Choisissez une seule réponse."))
        if value not in _choice_ids(question):
            if qtype == QuestionType.SCALE:
                raise ValidationError(_("Choisissez une note entre 1 et %(max)d.") % {"max": question.scale_max})
            raise ValidationError(_("Ce choix n'existe pas pour cette question."))
        return value
    if qtype == QuestionType.MULTIPLE_CHOICE:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Envoyez la liste des choix cochés."))
        if any(v not in _choice_ids(question) for v in value):
            raise ValidationError(_("Un des choix n'existe pas pour cette question."))
        if len(set(value)) != len(value):
            raise ValidationError(_("Un même choix est coché deux fois."))
        if question.max_choices and len(value) > question.max_choices:
            raise ValidationError(
                ngettext(
                    "Trop de choix : %(max)d au plus.",
                    "Trop de choix : %(max)d au plus.",
                    question.max_choices,
                )
                % {"max": question.max_choices}
            )
        if question.min_choices and len(value) < question.min_choices:
            raise ValidationError(
                ngettext(
                    "Pas assez de choix : %(min)d au moins.",
                    "Pas assez de choix : %(min)d au moins.",
                    question.min_choices,
                )
                % {"min": question.min_choices}
            )
        order = _choice_ids(question)
        return sorted(value, key=order.index)
    if qtype == QuestionType.RANKING:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Envoyez les choix classés, du premier au dernier."))
        if any(v not in _choice_ids(question) for v in value):
            raise ValidationError(_("Un des choix classés n'existe pas pour cette question."))
        if len(set(value)) != len(value):
            raise ValidationError(_("Chaque choix ne peut avoir qu'un seul rang."))
        if len(value) != len(question.choices):
            raise ValidationError(_("Classez tous les choix, chacun à un rang différent."))
        return list(value)
    if qtype == QuestionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise ValidationError(_("Indiquez un nombre."))
        text = value if isinstance(value, str) else str(value)
        if len(text) > NUMBER_MAX_CHARACTERS:
            raise ValidationError(_("Indiquez un nombre plus court."))
        try:
            number = Decimal(text.strip().replace(",", ".").replace("\u202f", "").replace("\xa0", "").replace(" ", ""))
        except (InvalidOperation, ValueError) as error:
            raise ValidationError(_("Indiquez un nombre.")) from error
        if not number.is_finite():
            raise ValidationError(_("Indiquez un nombre."))
        # Compare exponents, not values: arithmetic on 1e999999999 overflows the decimal context.
        if number and number.adjusted() >= NUMBER_MAX_DIGITS:
            raise ValidationError(_("Ce nombre est trop grand."))
        if question.min_value is not None and number < question.min_value:
            raise ValidationError(_("Le nombre doit être au moins %(min)s.") % {"min": _format(question.min_value)})
        if question.max_value is not None and number > question.max_value:
            raise ValidationError(_("Le nombre doit être au plus %(max)s.") % {"max": _format(question.max_value)})
        if number.adjusted() < -NUMBER_DECIMALS - 1:
            number = Decimal(0)  # below the precision kept: quantizing 1e-999999999 would overflow too
        number = number.quantize(NUMBER_QUANTUM)
        if number and number.adjusted() >= NUMBER_MAX_DIGITS:  # -999999999999.99999 rounds up to 13 digits
            raise ValidationError(_("Ce nombre est trop grand."))
        return number
    if qtype in QuestionType.TEXT_TYPES:
        if not isinstance(value, str):
            raise ValidationError(_("Écrivez votre réponse sous forme de texte."))
        text = value.strip()
        if FORBIDDEN_CHARACTERS.search(text):
            raise ValidationError(
                _("Votre réponse contient un caractère invisible ou invalide : retirez-le puis renvoyez-la.")
            )
        length = text_length(text)
        if length > question.max_length:
            raise ValidationError(
                _("Votre réponse est trop longue : %(max)d caractères au plus (vous en avez écrit %(length)d).")
                % {"max": question.max_length, "length": length}
            )
        return text
    raise ValidationError(_("Type de question inconnu."))


def _format(number):
    text = format(number.normalize(), "f")
    return text.replace(".", ",")
