from django import forms
from django.utils.translation import gettext_lazy as _

from cms.choices import PublicPolicyTheme

from .choices import Level, Stage

SORTS = [
    ("recent", _("Les plus récentes")),
    ("approval", _("Les mieux perçues")),
    ("disapproval", _("Les plus contestées")),
    ("change", _("Les plus fortes évolutions de la semaine")),
]


class EntryFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    level = forms.ChoiceField(label=_("Échelon"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False)
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tous"))]
        self.fields["theme"].choices = everything + list(PublicPolicyTheme.choices)
        self.fields["level"].choices = everything + list(Level.choices)
        self.fields["status"].choices = everything + list(Stage.choices)
