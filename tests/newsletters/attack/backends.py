"""A provider that fails once on its second message (an API error: nothing accepted by that call)."""

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError

CALLS = {"count": 0, "fail_at": None}


class SecondCallFailsOnce(AnymailTestBackend):
    def post_to_esp(self, payload, message):
        CALLS["count"] += 1
        if CALLS["fail_at"] is not None and CALLS["count"] == CALLS["fail_at"]:
            CALLS["fail_at"] = None
            raise AnymailAPIError("503 Service Unavailable (test)")
        return super().post_to_esp(payload, message)
