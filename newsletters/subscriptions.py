"""Subscribing, confirming, changing one's preferences and unsubscribing: the one set of rules the web views, the
account page and the API all go through.

- **Double opt-in.** `request_subscription()` leaves a subscription PENDING and sends (after the commit) an email
  whose signed link confirms it (`confirm()`). A logged-in citizen subscribing one of their account's verified
  addresses is ACTIVE at once: the address is already proven theirs.
- **No enumeration.** Asking for an address that is already on the list, unsubscribed, suppressed or over its
  email limit answers exactly as for a new one: `request_subscription()` returns the same `Requested` to the view,
  whatever happened. Only the per-client limit (`limits.ClientLimited`) is said, and it says nothing of any address.
- **Suppressed addresses** (`Suppression`: a hard bounce, a complaint) never become ACTIVE again through a form or a
  link, and are never mailed a confirmation.
- **Consent.** Every change writes a `ConsentRecord` (action, source, the exact text shown, the list's title, the
  language and themes) in the transaction that makes it; rows are locked (`select_for_update`) so that two requests
  for one subscription run one after the other.
"""

import logging
from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from allauth.account.models import EmailAddress
from celery import shared_task

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from cms.choices import PublicPolicyTheme
from cms.queue import enqueue

from . import limits, links
from .models import ConsentRecord, NewsletterPage, Subscription, Suppression, normalise_email

logger = logging.getLogger(__name__)

Source = ConsentRecord.Source
Status = Subscription.Status

# What the account page's subscription form shows next to its consent box (the list is chosen in the form itself).
ACCOUNT_CONSENT_TEXT = _(
    "J'accepte de recevoir la lettre d'information choisie à l'adresse choisie. Je peux me désinscrire à tout moment "
    "par le lien présent dans chaque lettre ou depuis mon profil. Mon adresse n'est utilisée que pour cet envoi."
)

REQUESTED_MESSAGE = _(
    "Merci ! Si cette adresse peut recevoir la lettre, un e-mail vient d'y être envoyé : ouvrez le lien qu'il "
    "contient pour confirmer votre inscription."
)
ACTIVE_MESSAGE = _("Vous êtes inscrit à « %(title)s ». Vous pouvez changer vos préférences depuis votre profil.")


@dataclass(frozen=True)
class Requested:
    """What a subscription request tells the person: `active` only when their own verified address was subscribed
    at once (logged in); otherwise the same message for every address."""

    active: bool
    title: str

    @property
    def message(self):
        return ACTIVE_MESSAGE % {"title": self.title} if self.active else REQUESTED_MESSAGE


# -- which lists ------------------------------------------------------------------------------------------------------
def subscribable(newsletter):
    """Whether one may subscribe to this newsletter page: live, not behind a view restriction, and its owner a live
    space whose package has the newsletters (or the national network's home)."""
    if newsletter is None or not newsletter.live or newsletter.get_view_restrictions().exists():
        return False
    owner = newsletter.owner_page
    if hasattr(owner, "has_feature"):
        return owner.live and owner.has_feature("newsletters")
    return owner.live


def subscribable_newsletters(language=None):
    """The newsletters one may subscribe to, each in `language` where it is translated and live (else its original),
    national network first, then by title."""
    from wagtail.models import Locale

    default = Locale.get_default()
    lists = [page for page in NewsletterPage.objects.live().filter(locale=default).specific() if subscribable(page)]
    if language and language != default.language_code:
        translated = {
            page.translation_key: page
            for page in NewsletterPage.objects.live().filter(
                locale__language_code=language, translation_key__in=[page.translation_key for page in lists]
            )
        }
        lists = [translated.get(page.translation_key, page) for page in lists]
    return sorted(lists, key=lambda page: (page.depth, page.title.lower()))


def theme_choices():
    return list(PublicPolicyTheme.choices)


def clean_themes(themes):
    """The known themes among `themes`, each once, in the vocabulary's order."""
    wanted = set(themes or [])
    return [value for value in PublicPolicyTheme.values if value in wanted]


def verified_addresses(user):
    """The normalised verified addresses of an account (none for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return set()
    return {
        normalise_email(email)
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def subscriptions_of(user):
    """Every subscription that is the account's: made by it, or to one of its verified addresses."""
    from django.db.models import Q

    keys = verified_addresses(user)
    return Subscription.objects.filter(Q(user=user) | Q(email_key__in=keys)).select_related("newsletter")


def is_suppressed(email_key):
    return Suppression.objects.filter(email_key=email_key).exists()


# -- the consent record -----------------------------------------------------------------------------------------------
def _record(subscription, action, source, consent_text="", list_title=None):
    return ConsentRecord.objects.create(
        subscription=subscription,
        action=action,
        source=source,
        list_title=list_title or subscription.newsletter.title,
        consent_text=str(consent_text or ""),
        language=subscription.language,
        themes=list(subscription.themes),
    )


def _agreed_text(subscription):
    """The consent text of the person's latest request (what a confirmation confirms)."""
    latest = subscription.consents.filter(action=ConsentRecord.Action.REQUESTED).order_by("-at", "-pk").first()
    return latest.consent_text if latest else subscription.newsletter.get_consent_text()


def _locked(subscription):
    return Subscription.objects.select_for_update().select_related("newsletter").get(pk=subscription.pk)


# -- subscribing ------------------------------------------------------------------------------------------------------
def request_subscription(
    newsletter,
    email,
    language,
    themes,
    source,
    user=None,
    *,
    consent_text_shown,
    request=None,
):
    """Ask for `email` on `newsletter`'s list (the page version the person saw: its title and consent text are
    recorded). Returns a `Requested` (the same for every address, except a logged-in citizen's own verified address,
    ACTIVE at once). Raises `limits.ClientLimited` when this client has asked too often (`request` given)."""
    limits.count_client(request)
    email = (email or "").strip()
    key = normalise_email(email)
    themes = clean_themes(themes)
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    list_page = newsletter.list_page
    title = newsletter.title
    own_address = key in verified_addresses(user)
    account = user if own_address else None

    with transaction.atomic():
        if is_suppressed(key):
            return Requested(active=False, title=title)  # never mailed again: nothing to say, nothing to do
        subscription, created = _get_or_create(list_page, email, key, language, themes, account)
        if subscription.status == Status.SUPPRESSED:
            return Requested(active=False, title=title)
        if own_address:
            _activate_own(subscription, created, language, themes, account, source, consent_text_shown, title)
            return Requested(active=True, title=title)
        if subscription.status == Status.ACTIVE:
            # Already on the list: a stranger may not change its preferences, nor learn that it is there.
            return Requested(active=False, title=title)
        # New, pending or unsubscribed: (again) pending until the link of the email is followed.
        subscription.status = Status.PENDING
        subscription.language = language
        subscription.themes = themes
        subscription.confirmation_sent_at = None
        subscription.save(update_fields=["status", "language", "themes", "confirmation_sent_at"])
        _record(subscription, ConsentRecord.Action.REQUESTED, source, consent_text_shown, list_title=title)
        if limits.may_mail(key):
            subscription_id = subscription.pk
            transaction.on_commit(
                lambda: enqueue("newsletters.send_confirmation", subscription_id, if_unavailable="run")
            )
    return Requested(active=False, title=title)


def _get_or_create(list_page, email, key, language, themes, account):
    """The list's subscription for this address, locked, created PENDING when there is none (a parallel request
    creating it meanwhile is found instead)."""
    queryset = Subscription.objects.select_for_update().select_related("newsletter")
    found = queryset.filter(newsletter=list_page, email_key=key).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            created = Subscription.objects.create(
                newsletter=list_page, email=email, language=language, themes=themes, user=account
            )
        return created, True
    except IntegrityError:
        return queryset.get(newsletter=list_page, email_key=key), False


def _activate_own(subscription, created, language, themes, account, source, consent_text, title):
    was_active = subscription.status == Status.ACTIVE
    subscription.user = account
    subscription.language = language
    subscription.themes = themes
    subscription.status = Status.ACTIVE
    if not was_active:
        subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["user", "language", "themes", "status", "confirmed_at"])
    action = ConsentRecord.Action.PREFERENCES if was_active else ConsentRecord.Action.CONFIRMED
    _record(subscription, action, source, consent_text, list_title=title)


def confirm(subscription, source=Source.EMAIL_LINK):
    """Follow a confirmation link: a PENDING subscription becomes ACTIVE (confirming twice changes nothing). A link
    of an unsubscribed or suppressed subscription, or to a suppressed address, activates nothing. Returns the
    subscription as it now is."""
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status != Status.PENDING or is_suppressed(subscription.email_key):
            return subscription
        subscription.status = Status.ACTIVE
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["status", "confirmed_at"])
        _record(subscription, ConsentRecord.Action.CONFIRMED, source, _agreed_text(subscription))
    return subscription


def unsubscribe(subscription, source, delivery_id=None):
    """Leave the list (from an email's link, the one-click POST of a mail provider, the account page or the API).
    A pending or active subscription becomes UNSUBSCRIBED; `delivery_id` (the issue the link came from) gets its
    `unsubscribed_at` for the issue's statistics. Unsubscribing twice changes nothing more."""
    from .models import Delivery

    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.status not in (Status.PENDING, Status.ACTIVE):
            return subscription
        now = timezone.now()
        subscription.status = Status.UNSUBSCRIBED
        subscription.unsubscribed_at = now
        subscription.save(update_fields=["status", "unsubscribed_at"])
        _record(subscription, ConsentRecord.Action.UNSUBSCRIBED, source)
        if delivery_id is not None:
            Delivery.objects.filter(pk=delivery_id, subscription=subscription, unsubscribed_at__isnull=True).update(
                unsubscribed_at=now
            )
    return subscription


def update_preferences(subscription, language, themes, source):
    """Change the subscriber's language and themes (from the preferences link, the account page or the API)."""
    themes = clean_themes(themes)
    language = language if language in dict(settings.LANGUAGES) else subscription.language
    with transaction.atomic():
        subscription = _locked(subscription)
        if subscription.language == language and subscription.themes == themes:
            return subscription
        subscription.language = language
        subscription.themes = themes
        subscription.save(update_fields=["language", "themes"])
        _record(subscription, ConsentRecord.Action.PREFERENCES, source, _agreed_text(subscription))
    return subscription


# -- the confirmation email -------------------------------------------------------------------------------------------
def newsletter_in(newsletter, language):
    """The live version of `newsletter` in `language`, else `newsletter` itself."""
    version = (
        NewsletterPage.objects.live()
        .filter(translation_key=newsletter.translation_key, locale__language_code=language)
        .first()
    )
    return version or newsletter


def sender(newsletter):
    """NEWSLETTER_FROM_EMAIL's address with the newsletter's display name."""
    address = parseaddr(settings.NEWSLETTER_FROM_EMAIL)[1] or settings.NEWSLETTER_FROM_EMAIL
    return formataddr((newsletter.display_name, address))


@shared_task(name="newsletters.send_confirmation")
def send_confirmation(subscription_id):
    """Send the confirmation email of a pending subscription, once per request: the email is claimed by setting
    `confirmation_sent_at` (an UPDATE that only one run can make) before it is sent."""
    now = timezone.now()
    claimed = Subscription.objects.filter(
        pk=subscription_id, status=Status.PENDING, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=now)
    if not claimed:
        return False
    subscription = Subscription.objects.select_related("newsletter").get(pk=subscription_id)
    if is_suppressed(subscription.email_key):
        return False
    newsletter = newsletter_in(subscription.newsletter, subscription.language)
    with override(subscription.language):
        context = {
            "subscription": subscription,
            "newsletter": newsletter,
            "title": newsletter.title,
            "owner": newsletter.owner_page,
            "confirm_url": links.confirm_url(subscription),
            "valid_days": 7,
        }
        subject = str(_("Confirmez votre inscription à « %(title)s »") % {"title": " ".join(newsletter.title.split())})
        text = render_to_string("newsletters/email/confirmation.txt", context)
        html = render_to_string("newsletters/email/confirmation.html", context)
    message = EmailMultiAlternatives(subject, text, sender(newsletter), [subscription.email])
    if newsletter.reply_to:
        message.reply_to = [newsletter.reply_to]
    message.attach_alternative(html, "text/html")
    message.send()
    return True


def active_language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
