"""The groups' forms (the web pages; the API maps its bodies onto the same services and messages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.accounts.forms import CommuneField
from cms.choices import PublicPolicyTheme
from cms.models import Territory

from .models import (
    ANSWER_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_BODY_MAX_LENGTH,
    MESSAGE_SUBJECT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    POST_MAX_LENGTH,
    REASON_MAX_LENGTH,
)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Nom du groupe"), required=False, max_length=100)
    territory = CommuneField(
        label=_("Commune"),
        required=False,
        help_text=_("Les groupes de cette commune : son nom, ou son code INSEE si plusieurs communes portent ce nom."),
    )
    theme = forms.ChoiceField(
        label=_("Thème"), required=False, choices=[("", _("Tous les thèmes")), *PublicPolicyTheme.choices]
    )


class GroupForm(forms.Form):
    """Name, subject, theme and territory. In a space: a select of the space's territory and its communes; on the
    national network: any commune (the commune autocomplete)."""

    name = forms.CharField(label=_("Nom du groupe"), max_length=NAME_MAX_LENGTH)
    description = forms.CharField(
        label=_("Sujet du groupe"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce qui réunit le groupe, en quelques phrases (2 000 caractères au plus)."),
    )
    theme = forms.ChoiceField(label=_("Thème"), choices=PublicPolicyTheme.choices)

    def __init__(self, *args, space=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        if space is None:
            self.fields["territory"] = CommuneField(
                label=_("Commune du groupe"),
                required=True,
                help_text=_(
                    "La commune où le groupe agit : son nom, ou son code INSEE si plusieurs communes portent ce nom."
                ),
            )
        else:
            territories = Territory.objects.within(space.territory).order_by("name")[:500]
            self.fields["territory"] = forms.ModelChoiceField(
                label=_("Territoire du groupe"),
                queryset=Territory.objects.within(space.territory),
                initial=space.territory_id,
                empty_label=None,
            )
            self.fields["territory"].choices = [(t.pk, t.name) for t in territories]


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Votre message"), max_length=POST_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", _("Masquer")), ("restore", _("Rétablir"))])
    reason = forms.CharField(label=_("Motif"), max_length=REASON_MAX_LENGTH)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=MESSAGE_SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Message"), max_length=MESSAGE_BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 8})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Réponse de la collectivité"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Elle est publiée sur la page du groupe ; ses modérateurs sont prévenus par e-mail."),
    )
