"""Email backends for the delivery tests (named by dotted path in NEWSLETTER_EMAIL_BACKEND)."""

import fcntl
import json
import os
import time
from pathlib import Path

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError
from anymail.message import AnymailRecipientStatus

from django.core import mail

FAILURES = {"left": 0}  # FlakyBackend: how many sends fail before the provider recovers
CRASH = {"after": None}  # CrashingBackend: crash after the provider accepted this many messages


class FlakyBackend(AnymailTestBackend):
    """The provider fails `FAILURES["left"]` times (an API error: nothing accepted), then accepts."""

    def post_to_esp(self, payload, message):
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise AnymailAPIError("503 Service Unavailable (test)")
        return super().post_to_esp(payload, message)


class RejectingBackend(AnymailTestBackend):
    """Addresses starting with "refuse" are rejected by the provider, the others sent."""

    def post_to_esp(self, payload, message):
        response = super().post_to_esp(payload, message)
        for address in response["recipient_status"]:
            if address.startswith("refuse"):
                response["recipient_status"][address] = AnymailRecipientStatus(message_id=None, status="rejected")
        return response


class ProcessDied(BaseException):
    """Stands for the process dying (not an Exception: nothing catches it on the way out)."""


class CrashingBackend(AnymailTestBackend):
    """The provider accepts the message, then the process "dies" before the commit (the window sending.py names)."""

    def post_to_esp(self, payload, message):
        response = super().post_to_esp(payload, message)
        if CRASH["after"] is not None:
            CRASH["after"] -= 1
            if CRASH["after"] < 0:
                CRASH["after"] = None
                raise ProcessDied
        return response


class FileBackend(AnymailTestBackend):
    """anymail's test backend whose accepted messages are appended, one JSON line per recipient, to the file named
    by NEWSLETTER_TEST_OUTBOX, which every process (the test and its workers) sees. NEWSLETTER_TEST_DELAY: the
    provider's latency (seconds) before it accepts; NEWSLETTER_TEST_HANG_AT: a file whose creation marks the moment
    the worker hangs (before acceptance) on its Nth message, NEWSLETTER_TEST_HANG_AFTER."""

    def post_to_esp(self, payload, message):
        delay = float(os.environ.get("NEWSLETTER_TEST_DELAY", "0") or 0)
        if delay:
            time.sleep(delay)
        outbox = Path(os.environ["NEWSLETTER_TEST_OUTBOX"])
        hang_at = os.environ.get("NEWSLETTER_TEST_HANG_AT")
        if hang_at:
            with outbox.open("a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                count = sum(1 for _ in outbox.open())
            if count >= int(os.environ.get("NEWSLETTER_TEST_HANG_AFTER", "10")) and not Path(hang_at).exists():
                Path(hang_at).write_text(str(os.getpid()))
                time.sleep(3600)  # the test kills this process here, a message half-sent (not accepted)
        response = super().post_to_esp(payload, message)
        mail.outbox.clear()  # a worker sends thousands: keep nothing in memory
        with outbox.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            for address in response["recipient_status"]:
                line = {
                    "to": address,
                    "subject": message.subject,
                    "metadata": (message.anymail_test_params.get("merge_metadata") or {}).get(
                        address, message.anymail_test_params.get("metadata")
                    ),
                    "pid": os.getpid(),
                }
                handle.write(json.dumps(line) + "\n")
            handle.flush()
        return response
