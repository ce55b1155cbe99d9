"""Small HTTP helpers shared by every app's views."""

from django.http import JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import defaults


def safe_next_url(request, default):
    """The `next` address the request carries (posted first, then in the query string) if it stays on this site,
    else `default`: a form that redirects after success never sends a visitor to another host."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def page_not_found(request, exception=None):
    """404 for every path no view answers: the API's error shape under /api/, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "not_found", "message": gettext("Cette adresse ne correspond à rien dans l'API.")},
            status=404,
        )
    return defaults.page_not_found(request, exception)
