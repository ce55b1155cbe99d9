"""Middleware of the project."""

import contextlib
import ipaddress

from csp.middleware import CSPMiddleware

from django.conf import settings


class TrustedProxyMiddleware:
    """`REMOTE_ADDR` becomes the client's address as the trusted proxies in front of the site saw it.

    Behind `TRUSTED_PROXY_COUNT` proxies that each append the address they were connected from to
    `X-Forwarded-For`, the client's address is the entry that many places from the end; anything before it was
    written by the client and is ignored. Every rate limit (the login lockout, the access-code limiter, allauth's
    and DRF's throttles) then reads `REMOTE_ADDR`, so there is one trusted-proxy setting, not one per library.
    With no proxy configured (development, tests) `X-Forwarded-For` is ignored altogether.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        if count > 0:
            forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            forwarded = [part for part in forwarded if part]
            # Fewer entries than proxies: the request did not come through all of them; keep the connection's address.
            if len(forwarded) >= count:
                # A proxy that writes something else than an address: keep the connection's address.
                with contextlib.suppress(ValueError):
                    request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(forwarded[-count]))
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with two policies: the strict one of `CONTENT_SECURITY_POLICY` on public pages, and
    `ADMIN_CONTENT_SECURITY_POLICY` under the prefixes of `ADMIN_CSP_URL_PREFIXES` (the Wagtail admin and the API's
    interactive docs, which run inline scripts and styles of their own)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.ADMIN_CSP_URL_PREFIXES):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
