"""The survey at run time: a consultation's questions, read from its StreamField, and the ballot they accept.

A consultation's questions are a StreamField of the blocks in `consultations.question_blocks`. Wagtail gives every
block and every list item a stable id, which wagtail-localize keeps in translations: question ids and choice ids are
therefore the same in French and in English, and ballots cast on either language version count together. The web
form and the API both turn what the citizen sent into a plain `{"<question id>": value}` dict and call
`Survey.validate()`, so they accept and refuse exactly the same things; each answer is checked by
`consultations.answers.clean_answer()`.

`SURVEY_BLOCKS`, `QuestionType` and `InvalidAnswers` are importable from here too, as they were when they lived in
this module.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .answers import (
    LONG_TEXT_MAX,
    NUMBER_DECIMALS,
    NUMBER_MAX_DIGITS,
    SHORT_TEXT_MAX,
    InvalidAnswers,
    clean_answer,
    is_empty,
)
from .question_blocks import SURVEY_BLOCKS
from .questions import ABSTAIN, NO, YES, QuestionType


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
        condition is not met) are dropped, whatever was sent for them. A ballot must answer at least one question.
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
            if is_empty(value):
                if question.required:
                    errors[question.id] = [_("Cette question est obligatoire.")]
                continue
            try:
                cleaned[question.id] = clean_answer(question, value)
            except ValidationError as error:
                errors[question.id] = error.messages
        if not errors and not cleaned:
            # Every question optional and none answered: an empty ballot says nothing, yet would count as a
            # participation (and use up the voter's one ballot).
            errors["__all__"] = [_("Votre bulletin est vide : répondez à au moins une question avant d'envoyer.")]
        if errors:
            raise InvalidAnswers(errors)
        return cleaned


# Importers older than the split (the page model, the web form, the API) read these here.
__all__ = ["SURVEY_BLOCKS", "Choice", "InvalidAnswers", "Question", "QuestionType", "Survey", "SurveyDefinitionError"]
