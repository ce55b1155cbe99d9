"""drf-spectacular hooks: the schema documents the platform's own API, not Wagtail's page API."""

PLATFORM_PREFIXES = ("/api/consultations/", "/api/academie/", "/api/auth/")


def only_platform_endpoints(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PLATFORM_PREFIXES)]
