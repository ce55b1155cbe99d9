"""The citizens' forms (the rules and their messages are in `services`, shared with the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH, CommentReport
from .services import REPORT_DETAILS_MAX_LENGTH


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Votre commentaire"),
        required=False,  # an empty text gets the services' message
        help_text=_("Texte simple, %(max)d caractères au plus. Les liens deviennent cliquables.")
        % {"max": COMMENT_MAX_LENGTH},
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce commentaire ?"),
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le motif du signalement.")},
    )
    details = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=REPORT_DETAILS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
