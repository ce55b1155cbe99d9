"""Small HTTP helpers shared by every app's views."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default):
    """The `next` address the request carries (posted first, then in the query string) if it stays on this site,
    else `default`: a form that redirects after success never sends a visitor to another host."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
