"""Fanning out and sending a newsletter issue to 10,000 and 100,000 subscribers: rows/s and peak memory of the
fan-out, emails/s of the sending (anymail's test backend, one message each and the provider's batch sending; Django's
locmem backend), next to references measured in the same run.

    .venv/bin/python benchmarks/newsletters_sending.py [--sizes 10000,100000] [--send-sample 5000]
        [--database-url postgres://postgres@127.0.0.1:5432/aimpact_delivery_bench]

Settings: cms.settings.production (benchmarks.floor_settings) with throwaway secrets; the database named by
--database-url (its name must contain "bench") is dropped, created and migrated. For each size N: N ACTIVE
subscriptions on one newsletter (a third with themes), an issue published without a broker taking the fan-out
(CELERY_BROKER_URL is memory://), then
  - reference: a plain `bulk_create` of N Delivery rows for another issue, in chunks of the same size;
  - fan-out: `sending.fan_out` (the sending tasks not started), timed, then run again under tracemalloc for its peak;
  - sending: the first --send-sample rows sent by `sending.send_one` (one message, one transaction each) and by
    `send_merged_batch` (NEWSLETTER_BATCH_SIZE rows per message) through anymail's test backend (its outbox emptied
    after each message), and by send_one through Django's locmem backend (which keeps every message: its memory
    grows by design); peak memory under tracemalloc for the anymail one-by-one path;
  - reference: the same number of messages built and sent from memory (no database), through anymail's test backend.
Sending is measured on a sample so that both sizes send the same number of emails: the rate and the peak must not
depend on N (checked: exit status 1 if the fan-out's or the sending's peak at the largest size is more than 2× the
smallest's, or above 64 MiB).
"""

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from unittest import mock

import benchlib

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/aimpact_delivery_bench"
THEMES = ["mobilite", "environnement", "culture"]


class EmptyingTestBackend:
    """Filled in at setup: anymail's test backend that keeps no message (a provider keeps nothing here either)."""


def setup_classes():
    from anymail.backends.test import EmailBackend

    from django.core import mail

    class Emptying(EmailBackend):
        def post_to_esp(self, payload, message):
            response = super().post_to_esp(payload, message)
            mail.outbox.clear()
            return response

    globals()["EmptyingTestBackend"] = Emptying


def peak(function, *args, **kwargs):
    gc.collect()
    tracemalloc.start()
    try:
        result = function(*args, **kwargs)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def make_list(size):
    from django.utils import timezone

    from cms.models import PlatformHomePage
    from newsletters.models import NewsletterIssuePage, NewsletterPage, Subscription

    home = PlatformHomePage.objects.first()
    newsletter = home.add_child(instance=NewsletterPage(title=f"Lettre {size}", slug=f"lettre-{size}"))
    rows = []
    for number in range(size):
        themes = [THEMES[number % 3]] if number % 3 == 0 else []
        rows.append(
            Subscription(
                newsletter=newsletter,
                email=f"abonne{number}@bench.example",
                email_key=f"abonne{number}@bench.example",
                status=Subscription.Status.ACTIVE,
                language="en" if number % 10 == 0 else "fr",
                themes=themes,
                confirmed_at=timezone.now(),
            )
        )
        if len(rows) == 5000:
            Subscription.objects.bulk_create(rows)
            rows = []
    Subscription.objects.bulk_create(rows)

    def issue(slug):
        page = newsletter.add_child(instance=NewsletterIssuePage(title=f"Numéro {slug}", slug=slug, live=False))
        page.save_revision().publish()  # the broker (memory://) takes the fan-out: nothing runs it
        return page

    return newsletter, issue(f"issue-{size}"), issue(f"reference-{size}")


def reference_bulk_create(issue, newsletter, chunk):
    from newsletters.models import Delivery, Subscription

    last = 0
    while True:
        rows = list(
            Subscription.objects.filter(newsletter=newsletter, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "email", "language")[:chunk]
        )
        if not rows:
            return
        last = rows[-1][0]
        Delivery.objects.bulk_create(
            [Delivery(issue=issue, subscription_id=pk, email=email, language=lang) for pk, email, lang in rows]
        )


def reset_fan_out(issue):
    from newsletters.models import Delivery, IssueSending

    Delivery.objects.filter(issue=issue).delete()
    IssueSending.objects.filter(issue=issue).update(fanned_out_at=None, finished_at=None, recipients=0)


def send_sample(issue, newsletter, count, backend, merged=False):
    from django.conf import settings
    from django.core.mail import get_connection

    from newsletters import sending

    renderings = sending.Renderings(issue)
    renderings.get("fr"), renderings.get("en")  # frozen before: not part of the rate
    connection = get_connection(backend)
    connection.open()
    sent = 0
    try:
        while sent < count:
            if merged:
                taken = sending.send_merged_batch(
                    issue, newsletter, renderings, connection, settings.NEWSLETTER_BATCH_SIZE
                )
            else:
                taken = sending.send_one(issue, newsletter, renderings, connection)
            if not taken:
                break
            sent += taken
    finally:
        connection.close()
    return sent


def requeue(issue):
    from newsletters.models import Delivery

    Delivery.objects.filter(issue=issue).update(status=Delivery.Status.QUEUED, attempts=0, message_id="")


def memory_reference(issue, newsletter, count):
    """The same messages built from memory (no database: the subscription objects made up) and sent."""
    from django.core.mail import get_connection

    from newsletters import sending
    from newsletters.models import Delivery, Subscription

    renderings = sending.Renderings(issue)
    frozen = renderings.get("fr")
    connection = get_connection(f"{__name__}.EmptyingTestBackend")
    for number in range(count):
        subscription = Subscription(pk=number + 1, newsletter=newsletter, email=f"m{number}@bench.example", secret="s")  # noqa: S106
        delivery = Delivery(pk=number + 1, subscription=subscription, language="fr")
        sending.personal_message(issue, newsletter, frozen, delivery, connection, renderings.links).send()
    return count


def run(size, sample):
    from django.conf import settings

    from newsletters import sending
    from newsletters.models import Delivery

    newsletter, issue, reference = make_list(size)
    expected = size  # every subscriber matches an issue without themes
    results = {"size": size}
    _, seconds = timed(reference_bulk_create, reference, newsletter, sending.FAN_OUT_CHUNK)
    results["reference bulk_create rows/s"] = size / seconds
    with mock.patch.object(sending, "start_senders"):
        _, seconds = timed(sending.fan_out, issue.pk)
        assert Delivery.objects.filter(issue=issue).count() == expected
        results["fan-out rows/s"] = size / seconds
        reset_fan_out(issue)
        _, results["fan-out peak MiB"] = peak(sending.fan_out, issue.pk)
        results["fan-out peak MiB"] /= 2**20
    backend = f"{__name__}.EmptyingTestBackend"
    count, seconds = timed(send_sample, issue, newsletter, sample, backend)
    results["send one-by-one (anymail test) emails/s"] = count / seconds
    requeue(issue)
    (_, memory) = peak(send_sample, issue, newsletter, sample, backend)
    results["send one-by-one peak MiB"] = memory / 2**20
    requeue(issue)
    settings.NEWSLETTER_MERGE_FIELD = "{{%s}}"
    count, seconds = timed(send_sample, issue, newsletter, sample, backend, merged=True)
    settings.NEWSLETTER_MERGE_FIELD = ""
    results[f"send batches of {settings.NEWSLETTER_BATCH_SIZE} (anymail test) emails/s"] = count / seconds
    requeue(issue)
    count, seconds = timed(send_sample, issue, newsletter, sample, "django.core.mail.backends.locmem.EmailBackend")
    results["send one-by-one (locmem) emails/s"] = count / seconds
    from django.core import mail

    mail.outbox = []
    count, seconds = timed(memory_reference, issue, newsletter, sample)
    results["reference: messages from memory, no database, emails/s"] = count / seconds
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--send-sample", type=int, default=5000)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        benchlib.fresh_database(args.database_url, tmp)
        setup_classes()
        print(f"PostgreSQL: {benchlib.server_version()}")
        rows = []
        for size in args.sizes.split(","):
            row = run(int(size), args.send_sample)
            rows.append(row)
            print(f"\nN = {row['size']:,}")
            for key, value in row.items():
                if key != "size":
                    print(f"  {key:<58} {value:>12,.1f}", flush=True)
    first, last = rows[0], rows[-1]
    ok = True
    for key in ("fan-out peak MiB", "send one-by-one peak MiB"):
        if last[key] > max(2 * first[key], 1) or last[key] > 64:
            print(f"FAIL: {key} grows with the list: {first[key]:.1f} → {last[key]:.1f} MiB")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
