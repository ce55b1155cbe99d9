"""The API's one error shape: {"code", "message"[, "reason"][, "errors"]}.

The message is for the citizen (in the request's language), the code for the program; `reason` details a refusal
(why a voter is not eligible), `errors` lists what is wrong, per field or question. `error_response()` answers with
it, or raising `APIError` in a view built on `ErrorFormatMixin`, which also gives DRF's own errors (an unknown token,
a page not found, malformed JSON, throttling) the same shape.

An error never echoes unbounded input: `errors` keeps its first `MAX_ERRORS` entries (at every level) and every text in
it (keys included) is cut at `MAX_TEXT` characters. A ballot of 100,000 unknown question ids once answered 700 KB
naming each of them; no form of the platform asks more than 30 questions.
"""

from rest_framework import serializers
from rest_framework.response import Response

MAX_ERRORS = 50
MAX_TEXT = 300


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="What went wrong, for the program (invalid, not_found, already_voted…).")
    reason = serializers.CharField(required=False, help_text="Why a vote is refused, when it is (not_eligible…).")
    message = serializers.CharField(help_text="What went wrong, for the citizen, in the language asked for.")
    errors = serializers.DictField(
        required=False,
        help_text=f"What is wrong, per field or question (a message or a list of messages; `__all__` for the whole "
        f"request). At most {MAX_ERRORS} entries, texts cut at {MAX_TEXT} characters.",
    )


def _bounded(value):
    if isinstance(value, dict):
        return {_bounded(str(key)): _bounded(item) for key, item in list(value.items())[:MAX_ERRORS]}
    if isinstance(value, list | tuple):
        return [_bounded(item) for item in value[:MAX_ERRORS]]
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return value[: MAX_TEXT - 1] + "…"
    return value


def error_response(code, message, http_status, **extra):
    """A response in the API's error shape; `extra` adds `reason` or `errors` (bounded: see above)."""
    if "errors" in extra:
        extra["errors"] = _bounded(extra["errors"])
    return Response({"code": code, "message": message, **extra}, status=http_status)


class APIError(Exception):
    """Answered with `error_response(code, message, http_status, **extra)` by a view built on `ErrorFormatMixin`."""

    def __init__(self, code, message, http_status, **extra):
        super().__init__(code, message)
        self.code, self.message, self.http_status, self.extra = code, message, http_status, extra

    def response(self):
        return error_response(self.code, self.message, self.http_status, **self.extra)


# For an API view: `APIError` is answered in the API's shape, and DRF's {"detail": ...} errors become
# {"code", "message"}. (No docstring: drf-spectacular would publish it as the description of the endpoints of the
# views built on it.)
class ErrorFormatMixin:
    def handle_exception(self, exc):
        if isinstance(exc, APIError):
            return exc.response()
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and set(response.data) == {"detail"}:
            detail = response.data["detail"]
            code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
            response.data = {"code": code, "message": str(detail)}
        return response
