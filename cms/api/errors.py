"""The API's one error shape: {"code", "message"[, "reason"][, "errors"]}.

The message is for the citizen (in the request's language), the code for the program; `reason` details a refusal
(why a voter is not eligible), `errors` lists what is wrong, per field or question. `error_response()` answers with
it, or raising `APIError` in a view built on `ErrorFormatMixin`, which also gives DRF's own errors (an unknown token,
a page not found, malformed JSON, throttling) the same shape.
"""

from rest_framework import serializers
from rest_framework.response import Response


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    reason = serializers.CharField(required=False)
    message = serializers.CharField()
    errors = serializers.DictField(required=False)


def error_response(code, message, http_status, **extra):
    """A response in the API's error shape; `extra` adds `reason` or `errors`."""
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
