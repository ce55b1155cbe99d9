"""Opening emails: opted-in citizens of the consultation's territory (everyone opted in for a national one), one email
each, exactly once (a second worker or a retry sends nothing), sent by Celery, never in the request."""

import datetime
import threading

import pytest

from django.core import mail
from django.db import connection
from django.utils import timezone

from consultations.network import notifications, tasks
from consultations.network.models import OpeningEmailPreference, OpeningNotification
from tests.factories import ConsultationPageFactory

from .factories import citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(places):
    def opted(name, commune, wanted=True, language="fr", verified=True):
        user = citizen(commune, username=name, email=f"{name}@example.org", verified_email=verified)
        OpeningEmailPreference.objects.create(user=user, opening_emails=wanted, language=language)
        return user

    return {
        "nantes": opted("nantais", places["nantes"]),
        "nantes_en": opted("nantes_en", places["nantes"], language="en"),
        "rennes": opted("rennais", places["rennes"]),
        "no": opted("pasmerci", places["nantes"], wanted=False),
        "unverified": opted("nonverifie", places["nantes"], verified=False),
    }


def recipients_of(page):
    return sorted(address for email in mail.outbox for address in email.to if page.title in email.subject)


def test_a_territorial_consultation_mails_its_opted_in_residents(national_index, places, people):
    page = ConsultationPageFactory(parent=national_index, title="Les quais de la Loire", territory=places["44"])
    mail.outbox.clear()
    assert tasks.announce_opening.apply(args=[page.pk]).get() == 2
    assert recipients_of(page) == ["nantais@example.org", "nantes_en@example.org"]
    english = [email for email in mail.outbox if email.to == ["nantes_en@example.org"]][0]
    assert "New consultation near you" in english.subject


def test_a_national_consultation_mails_every_opted_in_citizen(national_index, people):
    page = ConsultationPageFactory(parent=national_index, title="La consultation de tous")
    mail.outbox.clear()
    tasks.announce_opening.apply(args=[page.pk])
    assert recipients_of(page) == ["nantais@example.org", "nantes_en@example.org", "rennais@example.org"]


def test_exactly_once_across_runs_and_the_beat(national_index, people):
    page = ConsultationPageFactory(parent=national_index, title="Une seule fois")
    tasks.announce_opening.apply(args=[page.pk])
    tasks.announce_openings.apply()
    tasks.send_opening_batch.apply(args=[page.pk, [people["nantes"].pk, people["rennes"].pk]])
    assert len(recipients_of(page)) == 3
    assert OpeningNotification.objects.filter(consultation=page).count() == 3


def test_publishing_an_open_consultation_announces_it_after_the_commit(
    national_index, people, django_capture_on_commit_callbacks
):
    page = ConsultationPageFactory(parent=national_index, title="Publiée ouverte", live=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.save_revision().publish()
    assert recipients_of(page) == []  # nothing inside the request
    for callback in callbacks:
        callback()
    assert len(recipients_of(page)) == 3


def test_the_beat_sends_upcoming_ones_when_they_open(national_index, people):
    now = timezone.now()
    page = ConsultationPageFactory(
        parent=national_index, title="Plus tard", opens_at=now + datetime.timedelta(hours=2),
        closes_at=now + datetime.timedelta(days=5),
    )  # fmt: skip
    mail.outbox.clear()
    tasks.announce_openings.apply()
    assert recipients_of(page) == []
    page.opens_at = now - datetime.timedelta(minutes=1)
    page.save_revision().publish()
    mail.outbox.clear()
    tasks.announce_openings.apply()
    assert len(recipients_of(page)) == 3


@pytest.mark.security
def test_a_citizen_claimed_by_another_worker_is_not_mailed_again(national_index, people):
    page = ConsultationPageFactory(parent=national_index, title="Déjà prise")
    OpeningNotification.objects.create(consultation=page, user=people["nantes"])  # the other worker's claim
    mail.outbox.clear()
    assert notifications.send_opening_batch(page.pk, [people["nantes"].pk, people["rennes"].pk]) == 1
    assert recipients_of(page) == ["rennais@example.org"]


@pytest.mark.security
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_email_once(migrated_data, places):
    from tests.factories import ConsultationIndexPageFactory

    assert connection.vendor == "postgresql"
    index = ConsultationIndexPageFactory(
        parent=migrated_data, title="Consultations citoyennes", slug="consultations-citoyennes"
    )
    users = []
    for number in range(6):
        user = citizen(places["nantes"], username=f"c{number}", email=f"c{number}@example.org")
        OpeningEmailPreference.objects.create(user=user, opening_emails=True)
        users.append(user.pk)
    page = ConsultationPageFactory(parent=index, title="Course entre deux ouvriers")
    mail.outbox.clear()
    sent = []

    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait(timeout=30)
            sent.append(notifications.send_opening_batch(page.pk, users))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 6
    assert len(recipients_of(page)) == 6
    assert OpeningNotification.objects.filter(consultation=page).count() == 6


def test_the_preference_on_the_account_page_and_in_the_api(client, proposer):
    from rest_framework.test import APIClient

    client.force_login(proposer)
    assert 'name="opening_emails"' in client.get("/comptes/profil/").content.decode()
    client.post("/reseau/preferences/", {"opening_emails": "on"})
    assert OpeningEmailPreference.objects.get(user=proposer).opening_emails
    api = APIClient()
    api.force_authenticate(proposer)
    assert api.get("/api/network/preferences/").json() == {"opening_emails": True}
    assert api.put("/api/network/preferences/", {"opening_emails": False}, format="json").status_code == 200
    assert not OpeningEmailPreference.objects.get(user=proposer).opening_emails
    assert api.put("/api/network/preferences/", {"opening_emails": "peut-être"}, format="json").status_code == 400


def test_a_perception_poll_is_not_announced(home, people):
    from tests.factories import BarometreEntryPageFactory, BarometreIndexPageFactory

    entry = BarometreEntryPageFactory(parent=BarometreIndexPageFactory(parent=home))
    poll = ConsultationPageFactory(parent=entry, title="Un sondage de perception")
    mail.outbox.clear()
    assert tasks.announce_opening.apply(args=[poll.pk]).get() == 0
    assert recipients_of(poll) == []


def test_a_translated_consultation_is_announced_once_in_each_citizens_language(
    national_index, people, django_capture_on_commit_callbacks
):
    """Found when the demo loaded: publishing the English version announced the consultation a second time, and a
    French reader got « Nouvelle consultation près de chez vous : Redevelopment of the Loire quays »."""
    from wagtail.models import Locale

    page = ConsultationPageFactory(parent=national_index, title="Les horaires des piscines", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
        english.title = "Swimming pool opening hours"
        english.save_revision().publish()
    sent = {address: email.subject for email in mail.outbox for address in email.to}
    assert len(mail.outbox) == 3  # the three opted-in, verified citizens: once each
    assert "Les horaires des piscines" in sent["nantais@example.org"]
    assert "Swimming pool opening hours" in sent["nantes_en@example.org"]
    assert OpeningNotification.objects.filter(consultation=page).count() == 3
    assert not OpeningNotification.objects.filter(consultation=english).exists()
