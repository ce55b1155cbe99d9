"""The web voting form: reads the posted fields into the same answers dict the API takes.

No JavaScript is needed: every question is plain HTML (radio buttons, check boxes, a rank
select per option, number and text inputs). Validation is the survey's, shared with the API.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .survey import InvalidAnswers, QuestionType


@dataclass
class BoundQuestion:
    question: object
    value: object = None
    errors: list = field(default_factory=list)

    @property
    def field_name(self):
        return f"q-{self.question.id}"

    @property
    def ranking_rows(self):
        chosen = self.value if isinstance(self.value, dict) else {}
        count = len(self.question.choices)
        return [
            {"choice": choice, "ranks": [(n, str(n) == chosen.get(choice.id, "")) for n in range(1, count + 1)]}
            for choice in self.question.choices
        ]

    def is_checked(self, choice_id):
        if isinstance(self.value, list):
            return choice_id in self.value
        return self.value == choice_id


class SurveyForm:
    def __init__(self, survey, data=None):
        self.survey = survey
        self.data = data
        self.errors = {}
        self.cleaned = None

    @property
    def is_bound(self):
        return self.data is not None

    def _raw_value(self, question):
        name = f"q-{question.id}"
        if question.type == QuestionType.MULTIPLE_CHOICE:
            return self.data.getlist(name)
        if question.type == QuestionType.RANKING:
            return {choice.id: self.data.get(f"{name}-{choice.id}", "") for choice in question.choices}
        return self.data.get(name, "")

    def raw_answers(self):
        """The answers dict, and the form-only errors (ranks typed twice, for instance)."""
        answers, errors = {}, {}
        for question in self.survey:
            value = self._raw_value(question)
            if question.type == QuestionType.RANKING:
                ranks = {choice_id: rank for choice_id, rank in value.items() if rank}
                if not ranks:
                    continue
                try:
                    numbers = {choice_id: int(rank) for choice_id, rank in ranks.items()}
                except ValueError:
                    errors[question.id] = [_("Choisissez un rang pour chaque proposition.")]
                    continue
                if len(set(numbers.values())) != len(numbers):
                    errors[question.id] = [_("Chaque rang ne peut être donné qu'une fois.")]
                    continue
                answers[question.id] = sorted(numbers, key=numbers.get)
            else:
                answers[question.id] = value
        return answers, errors

    def is_valid(self):
        answers, errors = self.raw_answers()
        try:
            self.cleaned = self.survey.validate(answers)
        except InvalidAnswers as error:
            errors = {**error.errors, **errors}
        self.errors = errors
        return not errors

    @property
    def non_field_errors(self):
        return self.errors.get("__all__", [])

    def set_errors(self, errors):
        self.errors = errors

    def bound_questions(self):
        for question in self.survey:
            value = None
            if self.is_bound:
                value = self._raw_value(question)
            yield BoundQuestion(question, value, self.errors.get(question.id, []))

    def error_summary(self):
        items = [
            (f"q-{qid}", self.survey.by_id[qid].number, msgs)
            for qid, msgs in self.errors.items()
            if qid in self.survey.by_id
        ]
        return sorted(items, key=lambda item: item[1])


class InvitationCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code d'invitation"),
        max_length=20,
        help_text=gettext_lazy("Le code reçu par courrier ou par e-mail, par exemple ABCDE-23456."),
    )


class EmailConfirmationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse e-mail"),
        help_text=gettext_lazy("Nous vous envoyons un lien pour confirmer votre adresse ; elle ne sera pas publiée."),
    )
