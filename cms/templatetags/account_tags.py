"""Links of the header's account menu."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def login_url(context, name="account_login"):
    """The login (or sign-up) URL, bringing the citizen back to the page they were on, except from account pages."""
    url = reverse(name)
    request = context.get("request")
    if request is None or request.method != "GET":
        return url
    match = getattr(request, "resolver_match", None)
    if match is not None and (match.url_name or "").startswith("account_"):
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"
