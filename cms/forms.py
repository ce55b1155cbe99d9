from django import forms
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from .choices import ProjectStatus, PublicPolicyTheme


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code d'accès"),
        max_length=64,
        help_text=_("Le code communiqué par votre collectivité (bulletin municipal, courrier, affichage)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )

    def __init__(self, *args, space, **kwargs):
        self.space = space
        super().__init__(*args, **kwargs)

    @classmethod
    def refused(cls, space, errors):
        """The form as shown after a refusal that checked no code (`errors`: messages for the code field)."""
        form = cls({"code": ""}, space=space)
        form.is_valid()
        form.errors.clear()
        for error in errors:
            form.add_error("code", error)
        return form

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        expected = self.space.access_code
        if not expected:
            raise forms.ValidationError(_("Cet espace n'a pas de code d'accès : ses contenus réservés sont fermés."))
        if not constant_time_compare(code.casefold(), expected.casefold()):
            raise forms.ValidationError(_("Ce code n'est pas le bon. Vérifiez-le auprès de votre mairie."))
        return code


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("État"), required=False)
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    district = forms.ChoiceField(label=_("Quartier"), required=False)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tous"))]
        self.fields["status"].choices = everything + list(ProjectStatus.choices)
        self.fields["theme"].choices = everything + list(PublicPolicyTheme.choices)
        self.fields["district"].choices = everything + [(d, d) for d in districts]
