"""The last seat taken by two citizens at once (PostgreSQL, threads): one confirmed, one waiting; two reminder
workers at once send each reminder once."""

import datetime
import threading

import pytest

from django.db import connection
from django.utils import timezone

from consultations.debates import notifications, services
from consultations.debates.models import Registration

pytestmark = [pytest.mark.security, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_parallel(actions):
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action):
        try:
            barrier.wait()
            outcomes.append(action())
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            outcomes.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(action,)) for action in actions]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


@pytest.fixture
def setting(migrated_data):
    from tests.factories import CitizenFactory, CollectiviteSpaceFactory

    from .factories import DebateIndexPageFactory, DebatePageFactory

    space = CollectiviteSpaceFactory(parent=migrated_data, package="premium")
    debate = DebatePageFactory(parent=DebateIndexPageFactory(parent=space), seats=1)
    return debate, [CitizenFactory(email=f"p{n}@example.org") for n in range(4)]


def test_last_seat_cannot_be_confirmed_twice(setting):
    debate, people = setting
    outcomes = in_parallel([lambda person=person: services.register(debate, person) for person in people])
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "waiting", "waiting", "waiting"]


def test_two_reminder_workers_send_each_reminder_once(setting, mailoutbox):
    debate, people = setting
    debate.starts_at = timezone.now() + datetime.timedelta(hours=10)
    debate.seats = None
    debate.save()
    for person in people:
        Registration.objects.create(debate=debate, user=person, status="confirmed", queued_at=timezone.now())
    outcomes = in_parallel([lambda: notifications.send_due_reminders(batch=1)] * 2)
    assert sum(outcomes) == 4 and len(mailoutbox) == 4
    assert sorted(message.to[0] for message in mailoutbox) == sorted(person.email for person in people)
