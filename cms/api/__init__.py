"""API plumbing shared by every app's API (consultations, Académie, tokens, the Wagtail page API).

- `authentication`: how a request is authenticated (a token, with the account's verified address, then a session,
  for the platform's API: `views.PlatformAPIMixin`; settings' list, the session first, for the Wagtail page API);
- `parsers`: bounded, depth-checked JSON (the platform's API takes JSON only: `views.PlatformAPIMixin`) and forms
  with a sane charset (settings' `DEFAULT_PARSER_CLASSES`);
- `errors`: the one error shape {"code", "message"[, "reason"][, "errors"]}: `ErrorSerializer`, `error_response()`,
  and `ErrorFormatMixin`, which gives DRF's own errors that shape;
- `language`: `LanguageMixin`, the API answers in `?lang=` or Accept-Language, French by default;
- `views`: `PlatformAPIMixin` and `PlatformAPIView`, what the feature apps' API views are built on; `not_found`, the
  JSON 404 of every other /api/ address;
- `pagination`: `Pagination`, the one pagination of every list endpoint (settings' `DEFAULT_PAGINATION_CLASS`);
- `schema`: drf-spectacular hooks for /api/schema/ and `PlatformAutoSchema` (every error status documented);
- `tokens`: the mobile app's tokens (POST/DELETE /api/auth/token/);
- `router`: the Wagtail page API at /api/v2/;
- `v3`: Wagtail's write API at /api/v3/ (a page whose required fields it cannot fill is refused, not a 500).

This module imports nothing: DRF imports `cms.api.authentication` (through settings) while it loads its own views,
so importing the package must not import those views.
"""
