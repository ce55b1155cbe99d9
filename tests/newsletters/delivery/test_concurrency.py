"""Two senders on one issue at once, on PostgreSQL (each thread its own connection, closed at the end): every
subscriber served exactly once, in both modes (one message each, and the provider's batch sending)."""

import threading
from collections import Counter

import pytest

from django.core import mail
from django.db import connection

from newsletters import sending
from newsletters.models import Delivery, IssueSending

from .factories import NewsletterPageFactory, SubscriptionFactory, draft_issue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("merge_field", ["", "{{%s}}"])
def test_two_senders_and_two_fan_outs_at_once_serve_everyone_exactly_once(migrated_data, settings, merge_field):
    from tests.factories import CollectiviteSpaceFactory

    settings.NEWSLETTER_EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.NEWSLETTER_MERGE_FIELD = merge_field
    settings.NEWSLETTER_BATCH_SIZE = 4
    space = CollectiviteSpaceFactory(parent=migrated_data, title="Ville concurrente", slug="ville-concurrente")
    newsletter = NewsletterPageFactory(parent=space)
    subscriptions = SubscriptionFactory.create_batch(40, newsletter=newsletter)
    issue = draft_issue(newsletter)
    issue.get_latest_revision().publish()  # autocommit: the eager fan-out runs… unless we take it over
    Delivery.objects.filter(issue=issue).delete()
    IssueSending.objects.filter(issue=issue).update(fanned_out_at=None, finished_at=None)
    mail.outbox = []

    from unittest import mock

    barriers = [threading.Barrier(2)]
    errors = []

    def run(work):
        try:
            barriers[0].wait(timeout=30)
            work()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(sending, "start_senders"):
        threads = [threading.Thread(target=run, args=(lambda: sending.fan_out(issue.pk, chunk=7),)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert Delivery.objects.filter(issue=issue).count() == 40
        barriers[0] = threading.Barrier(4)
        threads = [threading.Thread(target=run, args=(lambda: sending.send_batches(issue.pk),)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert not errors, errors
    received = Counter(address for message in mail.outbox for address in message.to)
    assert received == Counter({s.email: 1 for s in subscriptions})
    assert set(Delivery.objects.filter(issue=issue).values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert IssueSending.objects.get(issue=issue).recipients == 40
    assert IssueSending.objects.get(issue=issue).finished_at is not None
