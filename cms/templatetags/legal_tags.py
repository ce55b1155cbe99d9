"""The legal pages of the space being shown (or the platform's), for the footer, the sign-up form and the profile."""

from django import template

from cms.models import LegalPages

register = template.Library()


def _legal_pages(context):
    return LegalPages.find(context.get("space"), request=context.get("request"))


@register.simple_tag(takes_context=True)
def legal_pages(context):
    """`{% legal_pages as legal %}`: `legal.links` (the footer's), `legal.accessibility` (its compliance state)."""
    return _legal_pages(context)


@register.simple_tag(takes_context=True)
def legal_link(context, kind):
    """`{% legal_link "privacy" as privacy %}`: `privacy.url` and `privacy.title`, or None when none is published."""
    return _legal_pages(context).link(kind, context.get("request"))
