"""The subscription and preferences forms: the web views and the API validate through them (the API maps its JSON
onto the same form), so that a refusal reads the same everywhere."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from .models import NewsletterPage
from .subscriptions import ACCOUNT_CONSENT_TEXT, active_language, subscribable, theme_choices

THEMES_HELP = _("Ne cochez rien pour recevoir toute la lettre.")


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Langue de la lettre"), choices=language_choices, widget=forms.RadioSelect)
    themes = forms.MultipleChoiceField(
        label=_("Thèmes qui vous intéressent"),
        choices=theme_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=THEMES_HELP,
    )


class SubscriptionForm(PreferencesForm):
    """One newsletter's form (the page version shown is posted as `newsletter`: its title and consent text are the
    ones recorded)."""

    field_order = ["newsletter", "email", "language", "themes", "consent"]

    newsletter = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Indiquez une adresse e-mail valide, par exemple nom@exemple.fr."),
        },
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Cochez la case pour accepter de recevoir la lettre.")},
    )

    def __init__(self, *args, newsletter=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("language", active_language())
        if newsletter is not None:
            kwargs["initial"].setdefault("newsletter", newsletter.pk)
        super().__init__(*args, **kwargs)
        self.newsletter_page = newsletter
        self.fields["email"].widget.attrs.update(autocomplete="email")
        if newsletter is not None:
            self.fields["consent"].label = newsletter.get_consent_text()

    def clean_newsletter(self):
        page = Page.objects.filter(pk=self.cleaned_data["newsletter"]).specific().first()
        if not isinstance(page, NewsletterPage) or not subscribable(page):
            raise forms.ValidationError(_("Cette lettre d'information n'accepte pas d'inscription."))
        self.newsletter_page = page
        self.fields["consent"].label = page.get_consent_text()
        return page

    @property
    def consent_text(self):
        return self.newsletter_page.get_consent_text() if self.newsletter_page else ""


class AccountSubscriptionForm(PreferencesForm):
    """The account page's form: a list among those one may subscribe to, one of the account's verified addresses
    (ACTIVE at once: the address is proven theirs)."""

    field_order = ["newsletter", "email", "language", "themes", "consent"]

    newsletter = forms.TypedChoiceField(label=_("Lettre d'information"), coerce=int)
    email = forms.ChoiceField(label=_("Adresse"))
    consent = forms.BooleanField(
        label=ACCOUNT_CONSENT_TEXT,
        error_messages={"required": _("Cochez la case pour accepter de recevoir la lettre.")},
    )

    def __init__(self, *args, newsletters=(), addresses=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("language", active_language())
        super().__init__(*args, **kwargs)
        self.newsletters = {page.pk: page for page in newsletters}
        self.fields["newsletter"].choices = [(page.pk, page.title) for page in newsletters]
        self.fields["email"].choices = [(address, address) for address in addresses]
        self.fields["email"].widget.attrs.update(autocomplete="email")

    def clean_newsletter(self):
        return self.newsletters[self.cleaned_data["newsletter"]]

    @property
    def consent_text(self):
        return str(ACCOUNT_CONSENT_TEXT)
