"""The absolute addresses of a subscriber's signed links, on the newsletter's own site (a space served on its own
host keeps its address) and in the subscriber's language (`/lettre/…` in French, `/en/lettre/…` in English)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from . import tokens


def site_root(newsletter):
    """The root URL of the site that serves `newsletter` (a page), else WAGTAILADMIN_BASE_URL. Kept on the page
    object: a sending task asks it for every message (four queries each time otherwise)."""
    if newsletter is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    cached = newsletter.__dict__.get("_site_root")
    if cached is None:
        site = newsletter.get_site()
        cached = (site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        newsletter.__dict__["_site_root"] = cached
    return cached


def absolute(newsletter, name, language, **kwargs):
    with translation.override(language):
        path = reverse(f"newsletters:{name}", kwargs=kwargs)
    return site_root(newsletter) + path


def confirm_url(subscription):
    token = tokens.make_token(subscription, tokens.CONFIRM)
    return absolute(subscription.newsletter, "confirm", subscription.language, token=token)


def unsubscribe_url(subscription, delivery_id=None):
    token = tokens.make_token(subscription, tokens.UNSUBSCRIBE, delivery_id=delivery_id)
    return absolute(subscription.newsletter, "unsubscribe", subscription.language, token=token)


def preferences_url(subscription):
    token = tokens.make_token(subscription, tokens.PREFERENCES)
    return absolute(subscription.newsletter, "preferences", subscription.language, token=token)
