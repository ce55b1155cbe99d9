"""The proposals API: mine only, resubmission with PUT while changes are asked, same checks as the web form."""

import pytest
from rest_framework.test import APIClient

from consultations.models import ConsultationPage
from consultations.network.models import Proposal, ProposalState

from .factories import api_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def request_changes(proposal, moderator, message="Précisez le coût."):
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, "request_changes", comment=message)


def test_propose_list_and_read(proposer, national_index):
    api = client_for(proposer)
    created = api.post("/api/network/proposals/", api_body(), format="json")
    assert created.status_code == 201
    proposal_id = created.json()["id"]
    listed = api.get("/api/network/proposals/").json()
    assert [item["id"] for item in listed] == [proposal_id]
    detail = api.get(f"/api/network/proposals/{proposal_id}/").json()
    assert detail["state"] == "pending" and detail["editable"] is False and detail["url"] is None


@pytest.mark.security
def test_nobody_else_reads_or_changes_it(proposer, other_citizen, national_index, moderator):
    created = client_for(proposer).post("/api/network/proposals/", api_body(), format="json").json()
    proposal = Proposal.objects.get(pk=created["id"])
    request_changes(proposal, moderator)
    other = client_for(other_citizen)
    assert other.get("/api/network/proposals/").json() == []
    assert other.get(f"/api/network/proposals/{proposal.pk}/").status_code == 404
    response = other.put(
        f"/api/network/proposals/{proposal.pk}/", api_body(title="Un titre pris par un autre"), format="json"
    )
    assert response.status_code == 404
    assert ConsultationPage.objects.get(pk=proposal.page_id).get_latest_revision_as_object().title != (
        "Un titre pris par un autre"
    )


def test_resubmit_with_put(proposer, national_index, moderator):
    api = client_for(proposer)
    created = api.post("/api/network/proposals/", api_body(), format="json").json()
    # Not asked for changes yet: refused.
    assert api.put(f"/api/network/proposals/{created['id']}/", api_body(), format="json").status_code == 409
    proposal = Proposal.objects.get(pk=created["id"])
    request_changes(proposal, moderator)
    assert api.get(f"/api/network/proposals/{proposal.pk}/").json()["moderator_message"] == "Précisez le coût."
    bad = api.put(f"/api/network/proposals/{proposal.pk}/", api_body(title="COURT"), format="json")
    assert bad.status_code == 400 and "title" in bad.json()["errors"]
    good = api.put(
        f"/api/network/proposals/{proposal.pk}/",
        api_body(title="Étendre les horaires des piscines, coût compris"),
        format="json",
    )
    assert good.status_code == 200, good.content
    assert good.json()["state"] == ProposalState.PENDING


def test_anonymous_and_unverified_are_refused(client, national_index, places):
    from .factories import citizen

    assert APIClient().post("/api/network/proposals/", api_body(), format="json").status_code in (401, 403)
    response = client_for(citizen(places["nantes"], verified_email=False)).post(
        "/api/network/proposals/", api_body(), format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "email_unverified"


def test_malformed_bodies(proposer, national_index):
    api = client_for(proposer)
    assert api.post("/api/network/proposals/", [1, 2], format="json").status_code == 400
    response = api.post("/api/network/proposals/", {**api_body(), "questions": []}, format="json")
    assert response.status_code == 400 and "questions" in response.json()["errors"]
    response = api.post("/api/network/proposals/", api_body(scope="galaxy"), format="json")
    assert response.status_code == 400


def test_personal_data(proposer, national_index, moderator):
    from django.contrib.auth import get_user_model

    from cms.accounts.personal_data import delete_account, export_personal_data
    from consultations.network.models import OpeningEmailPreference

    api = client_for(proposer)
    created = api.post("/api/network/proposals/", api_body(), format="json").json()
    request_changes(Proposal.objects.get(pk=created["id"]), moderator)
    OpeningEmailPreference.objects.create(user=proposer, opening_emails=True)
    exported = export_personal_data(proposer)["network"]
    assert exported["proposals"][0]["title"] == api_body()["title"]
    assert exported["proposals"][0]["moderation"][0]["message"] == "Précisez le coût."
    assert exported["opening_emails"] is True
    delete_account(proposer)
    assert not get_user_model().objects.filter(pk=proposer.pk).exists()
    proposal = Proposal.objects.get(pk=created["id"])
    assert proposal.author is None
    assert ConsultationPage.objects.filter(pk=proposal.page_id).exists()
    assert not OpeningEmailPreference.objects.exists()
