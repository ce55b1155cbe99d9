"""The debates API: list, detail with the registration state, registering and cancelling with the web's rules."""

import datetime

import pytest

from django.utils import timezone

from consultations.debates.models import DebateInvitation, Registration
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_list_upcoming_and_past(api, make_debate, space):
    upcoming = make_debate(title="Demain")
    past = make_debate(title="Hier", starts_at=timezone.now() - datetime.timedelta(days=3))
    response = api.get("/api/debates/")
    assert response.status_code == 200 and [d["id"] for d in response.json()["results"]] == [upcoming.pk]
    response = api.get("/api/debates/", {"when": "past", "space": space.pk})
    assert [d["id"] for d in response.json()["results"]] == [past.pk]
    assert api.get("/api/debates/", {"when": "soon"}).json()["code"] == "invalid"


def test_detail_register_and_cancel(api, make_debate, citizens):
    debate = make_debate(seats=1)
    first, second = citizens(2)
    api.force_authenticate(first)
    assert api.post(f"/api/debates/{debate.pk}/registration/", {}, format="json").status_code == 201
    again = api.post(f"/api/debates/{debate.pk}/registration/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_registered"
    api.force_authenticate(second)
    body = api.post(f"/api/debates/{debate.pk}/registration/", {}, format="json").json()
    assert body["registration_state"]["registration"]["status"] == "waiting"
    assert body["registration_state"]["seats_left"] == 0
    api.force_authenticate(first)
    assert api.delete(f"/api/debates/{debate.pk}/registration/").status_code == 200
    api.force_authenticate(second)
    detail = api.get(f"/api/debates/{debate.pk}/").json()
    assert detail["registration_state"]["registration"]["status"] == "confirmed"


def test_refusals_have_the_webs_messages(api, make_debate):
    debate = make_debate(access="invitation")
    assert api.post(f"/api/debates/{debate.pk}/registration/", {}, format="json").status_code in (401, 403)
    outsider = CitizenFactory(email="outsider@example.org")
    api.force_authenticate(outsider)
    response = api.post(f"/api/debates/{debate.pk}/registration/", {}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "not_invited"
    DebateInvitation.objects.create(debate=debate, email="outsider@example.org")
    assert api.post(f"/api/debates/{debate.pk}/registration/", {}, format="json").status_code == 201
    bad = api.post(f"/api/debates/{debate.pk}/registration/", {"attendance": "online"}, format="json")
    assert bad.status_code == 400


def test_forged_and_unpublished_ids_are_404(api, make_debate):
    draft = make_debate()
    draft.unpublish()
    assert api.get(f"/api/debates/{draft.pk}/").status_code == 404
    assert api.get("/api/debates/99999999/").status_code == 404
    assert not Registration.objects.exists()
