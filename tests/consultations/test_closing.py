"""Closing: the periodic task freezes the results of closed consultations once, and tells the space's editors."""

import datetime
import re

import pytest

from django.core import mail
from django.utils import timezone

from wagtail.models import Site

from consultations.closing import close_due, freeze_results
from consultations.models import Answer, Ballot, ConsultationPage, ResultsSnapshot
from consultations.tasks import close_due_consultations
from consultations.voting import Voter, cast_ballot
from tests.factories import UserFactory, full_answers


def close(page, minutes_ago=1):
    ConsultationPage.objects.filter(pk=page.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def closed(consultation, commune):
    for n in range(3):
        cast_ballot(consultation, Voter(key=f"v{n}", commune=commune), full_answers())
    cast_ballot(consultation, Voter(key="v3", commune=commune), full_answers(**{"q-yes": "no"}))
    return close(consultation)


@pytest.fixture
def editors(space, editor):
    """The space's editors: one with an address, one without, one inactive; plus a stranger who must not be told."""
    UserFactory(username="sans-adresse", email="", groups=[space.editors_group])
    inactive = UserFactory(username="parti", email="parti@example.org", groups=[space.editors_group])
    inactive.is_active = False
    inactive.save()
    UserFactory(username="autre", email="autre@example.org")
    return editor


def test_the_task_freezes_closed_consultations_once_and_tells_the_editors(closed, editors, make_consultation):
    still_open = make_consultation()
    frozen = close_due_consultations.delay().get()
    assert frozen == [closed.pk]
    snapshot = ResultsSnapshot.objects.get()
    assert snapshot.consultation_id == closed.pk
    assert snapshot.results["participants"] == 4
    assert snapshot.analysis is not None
    assert not ResultsSnapshot.objects.filter(consultation=still_open).exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editrice@example.org"]
    assert message.subject == "Consultation terminée : Le nouveau parc"
    assert "avec 4 participants" in message.body
    assert "http://testserver/ville-de-test/consultations/nouveau-parc/resultats/" in message.body

    # Safe to run twice: nothing more is frozen, nobody is told twice.
    assert close_due_consultations() == []
    assert ResultsSnapshot.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_results_page_then_renders_from_the_snapshot(client, closed, editors):
    close_due()
    # A ballot written afterwards (which the site refuses anyway) does not change the frozen results.
    ballot = Ballot.objects.create(consultation=closed)
    Answer.objects.create(ballot=ballot, consultation=closed, question_id="q-yes", choice_id="no")
    response = client.get(closed.url + "resultats/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "4 participants" in html
    assert "5 participants" not in html
    assert "Résultats définitifs" in html
    yes_no = response.context["results"]["questions"][0]
    assert {o["id"]: o["count"] for o in yes_no["options"]} == {"yes": 3, "no": 1, "abstain": 0}
    assert client.get(closed.url + "resultats/csv/").content.decode("utf-8-sig").count(";Non;1;") == 1


def test_without_a_worker_the_first_visit_freezes_the_results(client, closed):
    assert not ResultsSnapshot.objects.exists()
    assert client.get(closed.url + "resultats/").status_code == 200
    assert ResultsSnapshot.objects.filter(consultation=closed).count() == 1
    # The task then has nothing left to do, and no mail to send.
    assert close_due() == []
    assert mail.outbox == []


def test_results_hidden_until_closing_are_public_once_closed(client, make_consultation):
    page = make_consultation(results_visibility="after_close")
    assert client.get(page.url + "resultats/").status_code == 403
    page = close(page)
    assert client.get(page.url + "resultats/").status_code == 200


def test_freeze_results_leaves_open_consultations_alone(consultation):
    assert freeze_results(consultation) == (None, False)
    snapshot, created = freeze_results(consultation, now=consultation.closes_at)
    assert created and snapshot.results["participants"] == 0
    assert freeze_results(consultation, now=consultation.closes_at) == (snapshot, False)


def test_a_mail_server_failure_does_not_undo_the_freeze(closed, editors, monkeypatch):
    from consultations import closing

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(closing, "send_mail", broken)
    assert close_due() == [closed.pk]
    assert ResultsSnapshot.objects.count() == 1


def test_the_link_in_the_mail_works_when_the_space_has_its_own_hostname(closed, editors, space):
    Site.objects.create(hostname="ville-de-test.fr", port=443, root_page=space, site_name="Ville de Test")
    close_due()
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link == "https://ville-de-test.fr/consultations/nouveau-parc/resultats/"


def test_drafts_are_not_frozen_and_nobody_is_told(consultation, editors):
    draft = close(consultation)
    draft.unpublish()
    assert close_due() == []
    assert not ResultsSnapshot.objects.exists()
    assert mail.outbox == []
