from django import forms
from django.utils.translation import gettext_lazy as _

from cms.choices import PublicPolicyTheme

from .choices import Audience, ContentKind, LessonFormat, Level, SizeBracket


class LibraryFilterForm(forms.Form):
    """The library index's filters. An unknown value is reported and that filter ignored."""

    kind = forms.ChoiceField(label=_("Type"), required=False)
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    audience = forms.ChoiceField(label=_("Public"), required=False)
    level = forms.ChoiceField(label=_("Niveau"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    size = forms.ChoiceField(label=_("Taille de la collectivité"), required=False)

    CHOICES = {
        "kind": ContentKind,
        "theme": PublicPolicyTheme,
        "audience": Audience,
        "level": Level,
        "format": LessonFormat,
        "size": SizeBracket,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tous"))]
        for name, choices in self.CHOICES.items():
            self.fields[name].choices = everything + list(choices.choices)

    def criteria(self):
        """The valid filters: {name: value}, empty values and unknown values left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def query_string(self):
        """The valid filters as a query string prefix for pagination links ("theme=x&" or "")."""
        from urllib.parse import urlencode

        criteria = self.criteria()
        return urlencode(criteria) + "&" if criteria else ""


class AcademieAccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code d'accès de votre collectivité"),
        max_length=64,
        help_text=_("Le code communiqué par votre collectivité (bulletin municipal, courrier, affichage)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )
