"""The admin form of a newsletter issue: its themes as check boxes of the shared public-policy themes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.choices import PublicPolicyTheme
from cms.page_forms import BasePageForm


class NewsletterIssuePageForm(BasePageForm):
    """`themes` (a JSON list on the page) edited as check boxes: only known themes, each once, in the themes' order."""

    themes = forms.MultipleChoiceField(
        label=_("thèmes"),
        choices=PublicPolicyTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Envoyé aux abonnés qui suivent l'un de ces thèmes, et à ceux qui reçoivent tout. Sans thème : à tous."
        ),
        error_messages={"invalid_choice": _("« %(value)s » n'est pas un thème de la plateforme.")},
    )

    def clean_themes(self):
        chosen = set(self.cleaned_data.get("themes") or [])
        return [value for value, _label in PublicPolicyTheme.choices if value in chosen]
