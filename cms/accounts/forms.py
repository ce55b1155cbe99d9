"""The citizen's sign-up form (allauth's, plus commune and demographics) and profile form."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm, LoginForm, SignupForm
from allauth.core import context as allauth_context

from django import forms
from django.contrib.auth import authenticate
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.models import AgeBracket, Gender, Territory

from .communes import MAX_QUERY_LENGTH, commune_label, resolve_commune

PROFILE_FIELDS = ("commune", "demographics_consent", "age_bracket", "gender")
SAVED_USER_FIELDS = ["commune", "age_bracket", "gender", "demographics_consent_at"]
NO_ANSWER = ("", _("Je préfère ne pas répondre"))


def commune_help_text():
    """The commune field's help, with a link to the commune search that works without JavaScript (the field's
    template writes help texts as HTML: the words are escaped here)."""
    return format_html(
        '{} <a href="{}">{}</a>',
        gettext(
            "Facultatif, mais nécessaire pour voter aux consultations réservées aux habitants. Saisissez le nom "
            "de votre commune, ou son code INSEE si plusieurs communes portent ce nom (le code INSEE n'est pas "
            "le code postal)."
        ),
        reverse("account_commune_search"),
        gettext("Trouver ma commune et son code INSEE"),
    )


class CommuneField(forms.CharField):
    """A commune typed as a name, an INSEE code or « Name (code) »; cleans to a Territory or None.

    With JavaScript, static/js/commune-suggestions.js suggests communes under the field as the citizen types (from
    GET /api/territories/communes/); without it, the help text links to the same suggestions as a page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Commune de résidence"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", lazy(commune_help_text, str)())
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "autocomplete": "address-level2",
                    "spellcheck": "false",
                    "data-commune-suggestions": lazy(reverse, str)("api_commune_suggestions"),
                    # The words of static/js/commune-suggestions.js, in the page's language.
                    "data-commune-text-list": _("Communes proposées"),
                    "data-commune-text-none": _("Aucune commune proposée."),
                    "data-commune-text-one": _("1 commune proposée sous le champ : flèche bas pour la choisir."),
                    "data-commune-text-some": _(
                        "{count} communes proposées sous le champ : flèche bas pour les parcourir."
                    ),
                    "data-commune-text-chosen": _("Commune choisie : {label}."),
                }
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Territory):
            return commune_label(value)
        return value

    def clean(self, value):
        return resolve_commune(super().clean(value))


class CitizenProfileFields(forms.Form):
    """Commune of residence and, with explicit consent only, age bracket and gender."""

    commune = CommuneField()
    demographics_consent = forms.BooleanField(
        label=_(
            "J'accepte qu'AimPact enregistre ma tranche d'âge et mon genre, et utilise ma commune, pour les "
            "statistiques des consultations."
        ),
        help_text=_(
            "Ces informations ne sont jamais publiées individuellement : scellées avec votre vote, elles servent "
            "seulement, à la clôture, à présenter les résultats par groupe d'au moins 10 personnes. Vous pouvez "
            "retirer ce consentement à tout moment depuis votre profil ; elles sont alors effacées."
        ),
        required=False,
    )
    age_bracket = forms.ChoiceField(label=_("Tranche d'âge"), choices=[NO_ANSWER, *AgeBracket.choices], required=False)
    gender = forms.ChoiceField(label=_("Genre"), choices=[NO_ANSWER, *Gender.choices], required=False)

    def clean(self):
        cleaned_data = super().clean()
        given = [name for name in ("age_bracket", "gender") if cleaned_data.get(name)]
        if given and not cleaned_data.get("demographics_consent"):
            self.add_error(
                "demographics_consent",
                _(
                    "Pour que nous enregistrions votre tranche d'âge ou votre genre, cochez cette case de "
                    "consentement. Sinon, choisissez « Je préfère ne pas répondre »."
                ),
            )
        return cleaned_data

    def profile_fields(self):
        return [self[name] for name in PROFILE_FIELDS]

    def offer_commune(self, text):
        """Show `text` in the commune field of an unbound form: the commune picked on the search page without
        JavaScript (`?commune=Nantes (44109)`); nothing is saved until the form is sent."""
        text = (text or "").strip()
        if text and not self.is_bound:
            self.initial["commune"] = text[:MAX_QUERY_LENGTH]

    def apply_profile(self, user):
        """Copy the cleaned profile onto `user` (not saved): demographics only with consent, erased without."""
        user.commune = self.cleaned_data.get("commune")
        if self.cleaned_data.get("demographics_consent"):
            user.give_demographics_consent(
                age_bracket=self.cleaned_data.get("age_bracket", ""), gender=self.cleaned_data.get("gender", "")
            )
        else:
            user.withdraw_demographics_consent()


class CitizenSignupForm(SignupForm, CitizenProfileFields):
    """allauth's sign-up (email, optional username, password twice) with the citizen's profile."""

    field_order = ["email", "password1", "password2", *PROFILE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = allauth_context.request
        if request is not None:
            self.offer_commune(request.GET.get("commune"))

    def account_fields(self):
        return [field for field in self.visible_fields() if field.name not in PROFILE_FIELDS]

    def custom_signup(self, request, user):
        super().custom_signup(request, user)
        self.apply_profile(user)
        user.save(update_fields=SAVED_USER_FIELDS)


MAX_LOGIN_LENGTH = 254


class CitizenLoginForm(LoginForm):
    """allauth's login, with a label that says what to type (either works) and the matching autocomplete."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Adresse e-mail ou nom d'utilisateur")
        login.widget.attrs.update({"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
        # The longest email address: a longer login is refused before any lookup (SQLite fails on a LIKE pattern of
        # 100,000 characters).
        login.max_length = MAX_LOGIN_LENGTH
        login.validators.append(MaxLengthValidator(MAX_LOGIN_LENGTH))
        login.widget.attrs["maxlength"] = str(MAX_LOGIN_LENGTH)


class CitizenProfileForm(CitizenProfileFields):
    """The profile page: the same fields, filled from the user; saving without consent erases demographics."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                "commune": user.commune,
                "demographics_consent": user.demographics_consented,
                "age_bracket": user.age_bracket,
                "gender": user.gender,
            },
        )
        super().__init__(*args, **kwargs)

    def save(self):
        self.apply_profile(self.user)
        self.user.save(update_fields=SAVED_USER_FIELDS)
        return self.user


class CitizenChangePasswordForm(ChangePasswordForm):
    """allauth's password change, whose current password is checked through `authenticate`: wrong guesses count in
    the login lockout (django-axes), as at every login, instead of being an unlimited password oracle."""

    def clean_oldpassword(self):
        password = self.cleaned_data.get("oldpassword", "")
        user = authenticate(allauth_context.request, username=self.user.get_username(), password=password)
        if user is None or user.pk != self.user.pk:
            raise get_adapter().validation_error("enter_current_password")
        return password


class DeleteAccountForm(forms.Form):
    """Deleting one's account: the password again (whoever holds an open session is not enough), and a ticked box."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour vérifier que c'est bien vous."),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression est définitive et que mon compte ne pourra pas être récupéré."),
        required=True,
        error_messages={"required": _("Cochez cette case pour confirmer la suppression de votre compte.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        try:
            confirmed = get_adapter().reauthenticate(self.user, password)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _("Trop de tentatives. Réessayez dans quelques minutes."), code="too_many_attempts"
            ) from error
        if not confirmed:
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."), code="wrong_password")
        return password


class CommuneSearchForm(forms.Form):
    """The commune search without JavaScript (/comptes/communes/?q=…): a name, part of a name or an INSEE code."""

    q = forms.CharField(
        label=_("Nom ou code INSEE de votre commune"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Par exemple « Saint-Nazaire », « st nazaire » ou « 44184 ». Le code postal ne convient pas."),
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false", "autocomplete": "address-level2"}),
    )
