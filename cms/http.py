"""Small HTTP helpers shared by every app's views."""

import ipaddress

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


def client_ip(request):
    """The client's address for rate limits: `REMOTE_ADDR` (made the real client's by `TrustedProxyMiddleware`),
    an IPv6 address reduced to its /64 network, which one subscriber usually holds whole."""
    address = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - an address, not a bind
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "0.0.0.0"  # noqa: S104
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def page_not_found(request, exception=None):
    """404 for every path no view answers: the API's error shape under /api/, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "not_found", "message": gettext("Cette adresse ne correspond à rien dans l'API.")},
            status=404,
        )
    return defaults.page_not_found(request, exception)
