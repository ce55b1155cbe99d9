"""The archive's filter form, the carrying form, and the editors' forms (analysis and highlights, the answer)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from cms.choices import PublicPolicyTheme
from cms.models import Territory
from consultations.comments.models import Comment

from .models import ANALYSIS_MAX_LENGTH, MESSAGE_MAX_LENGTH, ArchiveEntry

YEAR_RANGE = (2000, 2100)


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, territory):
        return f"{territory.name} ({territory.get_kind_display()} {territory.code})"


def filter_territories():
    """Régions and départements: what the archive can be narrowed to (each includes what it contains)."""
    return Territory.objects.filter(kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTEMENT]).order_by(
        "-kind", "code"
    )


class ArchiveFilterForm(forms.Form):
    territory = TerritoryChoiceField(
        label=_("Territoire"), queryset=Territory.objects.none(), required=False, empty_label=_("Tous")
    )
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    year = forms.TypedChoiceField(label=_("Année de clôture"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = filter_territories()
        self.fields["theme"].choices = [("", _("Tous")), *PublicPolicyTheme.choices]
        self.fields["year"].choices = [("", _("Toutes")), *((year, year) for year in years)]


class CarryForm(forms.Form):
    territory = TerritoryChoiceField(
        label=_("Collectivité destinataire"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Choisir dans la liste"),
        help_text=_("Le territoire de la consultation, ceux qui le contiennent, ou une région, un département."),
    )
    institution = forms.CharField(
        label=_("Ou une institution"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : l'Assemblée nationale, une préfecture, un ministère."),
    )
    message = forms.CharField(
        label=_("Votre message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Il accompagnera la consultation et ses résultats ; il sera public."),
    )

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = carry_territories(entry)

    def clean(self):
        cleaned = super().clean()
        territory, institution = cleaned.get("territory"), (cleaned.get("institution") or "").strip()
        if (territory is None) == (not institution) and "territory" not in self.errors:
            raise forms.ValidationError(
                _("Choisissez une collectivité dans la liste ou nommez une institution (l'une ou l'autre).")
            )
        return cleaned


def carry_territories(entry):
    """The entry's territory and those containing it, then régions and départements."""
    around = Q(pk__in=[])
    if entry is not None and entry.territory_id:
        around = Q(pk__in=Territory.objects.filter(pk=entry.territory_id).containing_ids())
    return Territory.objects.filter(around | Q(kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTEMENT])).order_by(
        "-kind", "code"
    )


def highlightable_comments(entry):
    """The visible comments of this consultation (any of its language versions), newest first."""
    pages = Page.objects.filter(translation_key=entry.translation_key).values("pk")
    return Comment.objects.visible().filter(page_id__in=pages).order_by("-created_at", "-pk")


class CommentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, comment):
        return comment.text[:300]


class EntryEditForm(forms.ModelForm):
    highlighted_comments = CommentChoiceField(
        label=_("Commentaires mis en avant"),
        queryset=Comment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seuls les commentaires visibles de cette consultation peuvent être mis en avant."),
    )

    class Meta:
        model = ArchiveEntry
        fields = ["analysis", "highlighted_comments"]
        widgets = {"analysis": forms.Textarea(attrs={"rows": 10, "maxlength": ANALYSIS_MAX_LENGTH})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["highlighted_comments"].queryset = highlightable_comments(self.instance)
        self.fields["highlighted_comments"].initial = list(
            self.instance.highlighted_comments.values_list("pk", flat=True)
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Réponse de l'acteur public"),
        max_length=ANALYSIS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Publiée dans le cahier de doléances avec sa date. Laissez vide tant qu'aucune réponse n'est reçue."
        ),
    )
    answered_at = forms.DateField(
        label=_("Reçue le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Par défaut, aujourd'hui."),
    )
