"""Editor views of the newsletters. Issues: the test send (the latest revision, to the editor's own address)."""

from email.utils import formataddr, parseaddr

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.admin_actions import PageActionMenuItem, editable_page, page_breadcrumbs
from cms.ratelimit import FailureLimiter

from . import links, rendering
from .models import NewsletterIssuePage

# An editor checks an issue a few times before publishing it; more is a mistake or an abuse of our sender.
TEST_SENDS = FailureLimiter(
    scope="newsletter-test-send",
    per_client=20,
    per_session=10,
    window=60 * 60,
    message=gettext_lazy("Trop d'envois de test en une heure. Réessayez plus tard."),
)
TEST_SUBJECT_PREFIX = "[Test] "


class TestSendForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("langue du numéro"), choices=settings.WAGTAIL_CONTENT_LANGUAGES)


def sender(newsletter):
    """`NEWSLETTER_FROM_EMAIL` with the newsletter's display name."""
    _name, address = parseaddr(settings.NEWSLETTER_FROM_EMAIL)
    return sanitize_address(formataddr((str(newsletter.display_name), address)), settings.DEFAULT_CHARSET)


def send_test(issue, language, address):
    """Send the issue's latest revision in `language` to `address` alone; the recipient's links go to the
    newsletter's page (the editor is no subscriber: there is nothing to unsubscribe from). Writes nothing."""
    rendered = rendering.render_issue(issue, language, preview=True)
    newsletter = rendered.page.get_parent().specific
    fallback = links.site_root(newsletter) + (newsletter.url or "/")
    recipient_links = {"unsubscribe_url": fallback, "preferences_url": fallback}
    message = EmailMultiAlternatives(
        subject=TEST_SUBJECT_PREFIX + rendered.subject,
        body=rendering.personalise(rendered.text, **recipient_links),
        from_email=sender(newsletter),
        to=[address],
        connection=get_connection(settings.NEWSLETTER_EMAIL_BACKEND or None),
    )
    message.attach_alternative(rendering.personalise(rendered.html, **recipient_links), "text/html")
    message.send()
    return rendered


def test_send_view(request, page_id):
    """GET: the form (language; the editor's own address, shown, not editable). POST: one test email, counted."""
    issue = editable_page(request, NewsletterIssuePage, page_id)
    address = request.user.email
    form = TestSendForm(request.POST or None, initial={"language": issue.locale.language_code})
    if request.method == "POST" and form.is_valid():
        if not address:
            messages.error(request, _("Votre compte n'a pas d'adresse électronique : ajoutez-en une à votre profil."))
        elif not TEST_SENDS.attempt(request):
            messages.error(request, str(TEST_SENDS.message))
        else:
            send_test(issue, form.cleaned_data["language"], address)
            messages.success(request, _("Le numéro de test a été envoyé à %(address)s.") % {"address": address})
            return redirect(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    label = _("Envoyer un test")
    return TemplateResponse(
        request,
        "newsletters/admin/test_send.html",
        {
            "page": issue,
            "form": form,
            "address": address,
            "breadcrumbs_items": page_breadcrumbs(issue, request.user, label),
            "header_title": label,
        },
    )


class TestSendMenuItem(PageActionMenuItem):
    page_model = NewsletterIssuePage
    label = gettext_lazy("Envoyer un test")
    icon_name = "mail"
    url_name = "newsletters_test_send"
    header_priority = 20
    listing_priority = 20
