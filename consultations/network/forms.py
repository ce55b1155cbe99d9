"""The proposal form (works without JavaScript): the consultation's texts, its questions as a formset of rows (type,
text, choices one per line), its dates and its geographic scope; and the wall's filters."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.accounts.communes import resolve_commune
from cms.choices import PublicPolicyTheme
from cms.models import Territory
from consultations.models import Status
from consultations.questions import QuestionType

from .checks import (
    DESCRIPTION_MAX,
    DURATION_MAX,
    DURATION_MIN,
    QUESTIONS_MAX,
    QUESTIONS_MIN,
    SUMMARY_MAX,
    TITLE_MAX,
    fold,
    run_checks,
)
from .models import Scope

CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.RANKING}
QUESTION_TYPES = [
    (QuestionType.SINGLE_CHOICE, _("Choix unique")),
    (QuestionType.MULTIPLE_CHOICE, _("Choix multiples")),
    (QuestionType.RANKING, _("Classement")),
    (QuestionType.YES_NO, _("Oui / Non")),
    (QuestionType.SCALE, _("Échelle de 1 à 5")),
    (QuestionType.NUMBER, _("Nombre")),
    (QuestionType.SHORT_TEXT, _("Texte court")),
    (QuestionType.LONG_TEXT, _("Texte long")),
]
MAX_CHOICES = 30
CODE = re.compile(r"^(?:[0-9]{2,3}|2[ABab]|[0-9]{5}|2[ABab][0-9]{3})$")


def resolve_territory(kind, text):
    """The territory of `kind` that `text` names (a name or an INSEE code, « Name (code) » too), None for an empty
    text; ValidationError with a message for the citizen otherwise. Communes go through the profile's finder."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return None
    if kind == Scope.COMMUNE:
        return resolve_commune(text)
    match = re.match(r"^(?P<name>.*?)\s*\(\s*(?P<code>[0-9A-Za-z]{2,3})\s*\)$", text)
    code = match["code"] if match else (text if CODE.match(text) else None)
    territories = Territory.objects.filter(kind=kind)
    if code:
        found = territories.filter(code=code.upper()).first()
        if found:
            return found
        raise ValidationError(
            _("Aucun territoire de ce type n'a le code « %(code)s ».") % {"code": code}, code="unknown_territory"
        )
    wanted = fold(text)
    matching = [pk for pk, name in territories.values_list("pk", "name") if fold(name) == wanted]
    if len(matching) == 1:
        return territories.get(pk=matching[0])
    raise ValidationError(
        _("Nous ne trouvons pas de %(kind)s nommée « %(name)s » : vérifiez l'orthographe ou saisissez son code INSEE.")
        % {"kind": Scope(kind).label.lower(), "name": text},
        code="unknown_territory",
    )


def territory_label(territory):
    return f"{territory.name} ({territory.code})" if territory else ""


class QuestionForm(forms.Form):
    type = forms.ChoiceField(label=_("Type de question"), choices=QUESTION_TYPES)
    label = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choix proposés (un par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pour les questions à choix : de 2 à 30 choix, un par ligne."),
    )

    def clean(self):
        data = super().clean()
        qtype = data.get("type")
        lines = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        data["choice_list"] = []
        if qtype in CHOICE_TYPES:
            if len(lines) < 2:
                self.add_error("choices", _("Proposez au moins deux choix, un par ligne."))
            elif len(lines) > MAX_CHOICES:
                self.add_error("choices", _("Proposez au plus %(max)d choix.") % {"max": MAX_CHOICES})
            elif len({line.casefold() for line in lines}) != len(lines):
                self.add_error("choices", _("Deux choix sont identiques : chaque choix doit être différent."))
            elif any(len(line) > 200 for line in lines):
                self.add_error("choices", _("Un choix fait plus de 200 caractères : raccourcissez-le."))
            data["choice_list"] = lines
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.has_changed() and not self._should_delete_form(form)]
        if not QUESTIONS_MIN <= len(kept) <= QUESTIONS_MAX:
            raise ValidationError(
                _("Posez entre %(min)d et %(max)d questions.") % {"min": QUESTIONS_MIN, "max": QUESTIONS_MAX}
            )

    def questions(self):
        return [
            {
                "type": form.cleaned_data["type"],
                "label": form.cleaned_data["label"],
                "choices": form.cleaned_data["choice_list"],
            }
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and form.cleaned_data
        ]


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=0,
    min_num=1,
    max_num=QUESTIONS_MAX,
    absolute_max=QUESTIONS_MAX,
    can_delete=True,
)


def add_question_row(data, prefix="questions"):
    """The posted data with one more (empty) question row, for « Ajouter une question » without JavaScript."""
    data = data.copy()
    total = f"{prefix}-TOTAL_FORMS"
    try:
        count = int(data.get(total, 0))
    except ValueError:
        count = 0
    data[total] = str(min(max(count, 0) + 1, QUESTIONS_MAX))
    return data


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Titre de la consultation"), max_length=TITLE_MAX * 2)
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=SUMMARY_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deux ou trois phrases, affichées dans les listes."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Le contexte, ce que vous demandez et pourquoi. Texte simple : les lignes vides font des paragraphes."
        ),
    )
    theme = forms.ChoiceField(label=_("Thème"), choices=PublicPolicyTheme.choices)
    start_date = forms.DateField(
        label=_("Date d'ouverture"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Aujourd'hui ou plus tard. La consultation ouvre une fois approuvée par la modération."),
    )
    duration_days = forms.IntegerField(
        label=_("Durée (en jours)"),
        min_value=1,
        max_value=365,
    )
    scope = forms.ChoiceField(label=_("Portée géographique"), choices=Scope.choices, widget=forms.RadioSelect)
    territory = forms.CharField(
        label=_("Territoire"),
        required=False,
        max_length=200,
        help_text=_(
            "Le nom ou le code INSEE de la région, du département ou de la commune (par exemple « Loire-Atlantique » "
            "ou « 44 », « Nantes » ou « 44109 »). Laissez vide pour une consultation nationale."
        ),
    )

    def __init__(self, *args, exclude_page_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exclude_page_id = exclude_page_id
        self.duplicate = None
        self.fields["duration_days"].help_text = _("Entre %(min)d et %(max)d jours.") % {
            "min": DURATION_MIN,
            "max": DURATION_MAX,
        }
        if not self.is_bound and "start_date" not in self.initial:
            self.initial["start_date"] = timezone.localdate()

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        data["territory_obj"] = None
        if scope and scope != Scope.NATIONAL and "territory" in data:
            try:
                data["territory_obj"] = resolve_territory(scope, data.get("territory"))
            except ValidationError as error:
                self.add_error("territory", error)
        return data


def proposal_values(form, formset):
    """The values the checks and the services read, from a valid form and question formset."""
    data = form.cleaned_data
    return {
        "title": data["title"].strip(),
        "summary": data["summary"].strip(),
        "description": data["description"].strip(),
        "theme": data["theme"],
        "start_date": data["start_date"],
        "duration_days": data["duration_days"],
        "scope": data["scope"],
        "territory": data.get("territory_obj") if data["scope"] != Scope.NATIONAL else None,
        "questions": formset.questions(),
    }


def check_proposal(form, formset):
    """Run the automatic checks on a valid form and formset, adding each problem to its field. The values, or
    None when a check failed."""
    values = proposal_values(form, formset)
    problems = run_checks(values, exclude_page_id=form.exclude_page_id)
    for problem in problems:
        if problem.field == "questions":
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), problem.message])
        else:
            form.add_error(problem.field, problem.message)
        if problem.code == "near_duplicate":
            form.duplicate = problem.link
    return None if problems else values


class WallFilterForm(forms.Form):
    SORTS = [("newest", _("Les plus récentes")), ("closing", _("Bientôt closes"))]

    territory = forms.CharField(
        label=_("Territoire"),
        required=False,
        max_length=100,
        help_text=_("Une région, un département ou une commune : son nom ou son code INSEE."),
    )
    theme = forms.ChoiceField(label=_("Thème"), required=False, choices=[("", _("Tous")), *PublicPolicyTheme.choices])
    status = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous")), *Status.choices])
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORTS)

    def clean_territory(self):
        text = self.cleaned_data.get("territory", "").strip()
        if not text:
            return None
        return find_territory(text)


def find_territory(text):
    """A région, département or commune by code or name (a commune by the profile's finder)."""
    text = re.sub(r"\s+", " ", text).strip()
    if CODE.match(text) and len(text) <= 3:
        found = Territory.objects.filter(
            kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTEMENT], code=text.upper()
        ).order_by("-kind")
        # A two-digit code is a département's first (« 44 »), a région's otherwise (« 52 » is both: département).
        territory = found.filter(kind=Territory.Kind.DEPARTEMENT).first() or found.first()
        if territory:
            return territory
        raise ValidationError(
            _("Aucun territoire n'a le code « %(code)s ».") % {"code": text}, code="unknown_territory"
        )
    wanted = fold(text)
    for kind in (Territory.Kind.REGION, Territory.Kind.DEPARTEMENT):
        names = Territory.objects.filter(kind=kind).values_list("pk", "name")
        matching = [pk for pk, name in names if fold(name) == wanted]
        if len(matching) == 1:
            return Territory.objects.get(pk=matching[0])
    return resolve_commune(text)
