"""Workarounds for third-party bugs, applied once from CmsConfig.ready(). Each says when it can go."""

from django.utils.translation import gettext_lazy


def translate_admin_login_password_label():
    """Wagtail 8.0's LoginForm declares its password field without a label, so Django derives an
    untranslated "Password" from the field name and French editors see an English label.
    Remove when wagtail.admin.forms.auth.LoginForm sets `label=` on `password`."""
    from wagtail.admin.forms.auth import LoginForm

    field = LoginForm.base_fields["password"]
    if field.label is None:
        field.label = gettext_lazy("Password")  # msgid translated in Wagtail's own catalogues


def apply():
    translate_admin_login_password_label()
