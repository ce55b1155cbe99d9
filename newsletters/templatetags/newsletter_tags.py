"""What a newsletter's page shows besides its fields: its subscription form and the archive of its sent issues.

Template tags rather than a `get_context` on the page model, which the subscribing part does not own."""

from django import template
from django.core.paginator import Paginator
from django.template.defaultfilters import floatformat

from ..models import NewsletterIssuePage
from ..subscriptions import subscribable

register = template.Library()

ARCHIVE_PER_PAGE = 12


@register.simple_tag(takes_context=True)
def newsletter_subscription(context, page):
    """The form's context for this newsletter page, or None where one may not subscribe (a preview included)."""
    from ..plugins import subscription_form_context

    request = context.get("request")
    if request is None or getattr(request, "is_preview", False) or not subscribable(page):
        return None
    return subscription_form_context(page, request)


@register.simple_tag(takes_context=True)
def newsletter_archive(context, page):
    """The live issues of this newsletter page in its language, newest first, one page of them (`?page=`), read
    from the database."""
    issues = (
        NewsletterIssuePage.objects.live()
        .public()
        .child_of(page)
        .filter(locale_id=page.locale_id)
        .order_by("-first_published_at", "-pk")
    )
    request = context.get("request")
    number = request.GET.get("page") if request is not None else None
    return Paginator(issues, ARCHIVE_PER_PAGE).get_page(number)


@register.filter
def percent(fraction):
    """A fraction (0 to 1) as a percentage with at most one decimal, in the active language's notation: 0,3 ; 99."""
    if fraction is None:
        return ""
    return floatformat(fraction * 100, -1)
