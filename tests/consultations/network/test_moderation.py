"""The round trip: a citizen proposes, AimPact's moderators approve, ask for changes or reject in Wagtail's workflow,
the citizen is told (email, account page) and resubmits; every decision is audited."""

import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import PageLogEntry, WorkflowState

from consultations.models import ConsultationPage
from consultations.network.models import ModerationDecision, Proposal, ProposalState

from .factories import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def citizen_mail(address="proposeur@example.org"):
    return [email for email in mail.outbox if email.to == [address]]


def propose(client, **overrides):
    response = client.post(reverse("network_propose"), form_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Proposal.objects.latest("pk")


def act(client, moderator, proposal, action, comment=None):
    client.force_login(moderator)
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    data = {"comment": comment} if comment is not None else {}
    return client.post(url, data)


def test_a_proposal_is_a_draft_consultation_in_moderation(logged_in, national_index, proposer):
    proposal = propose(logged_in)
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    assert not page.live
    assert page.get_parent().pk == national_index.pk
    assert page.owner == proposer
    assert (page.secrecy, page.results_visibility, page.eligibility) == ("secret", "after_close", "account")
    assert len(page.survey) == 2
    assert [child.block_type for child in page.survey] == ["yes_no", "single_choice"]
    assert proposal.state == ProposalState.PENDING and proposal.author == proposer
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == proposer
    # The description is plain text, kept as escaped paragraphs.
    assert "<p>Beaucoup d&#x27;habitants" in page.description.raw_data[0]["value"] or "Beaucoup" in str(
        page.description
    )


def test_the_description_is_escaped(logged_in, national_index):
    proposal = propose(logged_in, description="<script>alert(1)</script> " + "un texte assez long pour passer. " * 4)
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    assert "<script>" not in page.description.raw_data[0]["value"]
    assert "&lt;script&gt;" in page.description.raw_data[0]["value"]


def test_approve_publishes_it_on_the_wall_and_tells_the_citizen(client, logged_in, national_index, moderator, home):
    proposal = propose(logged_in)
    response = act(client, moderator, proposal, "approve")
    assert response.status_code == 302
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    assert page.live
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED
    decision = ModerationDecision.objects.get(proposal=proposal)
    assert (decision.action, decision.moderator) == ("approve", moderator)
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve", user=moderator).exists()
    to_citizen = [email for email in mail.outbox if email.to == ["proposeur@example.org"]]
    assert len(to_citizen) == 1  # ours, not Wagtail's admin notification
    assert "est publiée" in to_citizen[0].subject
    client.logout()
    wall = client.get(home.url)
    assert page.title in wall.content.decode()


def test_request_changes_then_resubmit_then_approve(client, logged_in, national_index, moderator, proposer):
    proposal = propose(logged_in)
    response = act(client, moderator, proposal, "request_changes", "Ajoutez une question sur le coût.")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CHANGES_REQUESTED
    assert proposal.moderator_message == "Ajoutez une question sur le coût."
    assert "modifications sont demandées" in citizen_mail()[-1].subject
    assert "Ajoutez une question sur le coût." in citizen_mail()[-1].body
    assert reverse("network_proposal_edit", args=[proposal.pk]) in citizen_mail()[-1].body

    client.force_login(proposer)
    profile = client.get(reverse("account_profile")).content.decode()
    assert "Ajoutez une question sur le coût." in profile
    assert reverse("network_proposal_edit", args=[proposal.pk]) in profile
    edit = client.get(reverse("network_proposal_edit", args=[proposal.pk]))
    assert edit.status_code == 200 and "Quel horaire de fermeture ?" in edit.content.decode()
    questions = [
        {"type": "yes_no", "label": "Êtes-vous favorable à une ouverture plus tardive ?", "choices": ""},
        {"type": "number", "label": "Combien paieriez-vous de plus par entrée (en euros) ?", "choices": ""},
    ]
    response = client.post(reverse("network_proposal_edit", args=[proposal.pk]), form_data(questions=questions))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision_as_object().survey[1].block_type == "number"

    act(client, moderator, proposal, "approve")
    page.refresh_from_db()
    assert page.live and page.survey[1].block_type == "number"
    assert list(proposal.decisions.order_by("at", "pk").values_list("action", flat=True)) == [
        "request_changes",
        "approve",
    ]


def test_reject_needs_a_reason_and_ends_the_proposal(client, logged_in, national_index, moderator, proposer):
    proposal = propose(logged_in)
    act(client, moderator, proposal, "reject", "")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING  # no reason, no decision
    assert not ModerationDecision.objects.exists()

    act(client, moderator, proposal, "reject", "Cette question relève d'une décision de justice.")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    assert not page.live
    assert page.current_workflow_state is None  # cancelled
    decision = ModerationDecision.objects.get(proposal=proposal)
    assert decision.reason == "Cette question relève d'une décision de justice."
    assert PageLogEntry.objects.filter(page=page, action="network.proposal.reject").exists()
    assert "n'est pas retenue" in citizen_mail()[-1].subject
    assert "décision de justice" in citizen_mail()[-1].body
    client.force_login(proposer)
    assert client.get(reverse("network_proposal_edit", args=[proposal.pk])).status_code == 302


def test_a_proposal_in_english_gets_english_emails(client, proposer, national_index, moderator):
    client.force_login(proposer)
    response = client.post("/en" + reverse("network_propose"), form_data())
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.language == "en"
    act(client, moderator, proposal, "approve")
    assert "is published" in citizen_mail()[-1].subject


def test_withdraw(logged_in, national_index):
    proposal = propose(logged_in)
    response = logged_in.post(reverse("network_proposal_withdraw", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    assert ConsultationPage.objects.get(pk=proposal.page_id).current_workflow_state is None


@pytest.mark.security
def test_nobody_else_edits_or_withdraws_a_proposal(client, logged_in, national_index, moderator, other_citizen):
    proposal = propose(logged_in)
    act(client, moderator, proposal, "request_changes", "Précisez.")
    client.force_login(other_citizen)
    assert client.get(reverse("network_proposal_edit", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("network_proposal_edit", args=[proposal.pk]), form_data()).status_code == 404
    assert client.post(reverse("network_proposal_withdraw", args=[proposal.pk])).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CHANGES_REQUESTED


@pytest.mark.security
def test_the_author_cannot_edit_while_it_is_not_asked_for(logged_in, national_index):
    proposal = propose(logged_in)
    response = logged_in.post(
        reverse("network_proposal_edit", args=[proposal.pk]), form_data(title="Un autre titre pour ma proposition")
    )
    assert response.status_code == 302
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    assert page.get_latest_revision_as_object().title != "Un autre titre pour ma proposition"


@pytest.mark.security
def test_a_collectivite_editor_cannot_see_or_act(client, logged_in, national_index, space, moderator):
    from tests.factories import UserFactory

    editor = UserFactory(username="editeur", groups=[space.editors_group])
    proposal = propose(logged_in)
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code in (302, 403)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    client.post(url)
    page.refresh_from_db()
    assert not page.live
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert page.title not in dashboard
    # The moderator sees it awaiting review.
    client.force_login(moderator)
    assert page.title in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


@pytest.mark.security
def test_a_citizen_cannot_moderate_their_own_proposal(client, logged_in, national_index, proposer):
    proposal = propose(logged_in)
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", page.current_workflow_task_state.pk))
    logged_in.post(url)
    page.refresh_from_db()
    assert not page.live and not ModerationDecision.objects.exists()


def test_a_second_decision_on_the_same_task_is_refused(client, logged_in, national_index, moderator):
    proposal = propose(logged_in)
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    task_state = page.current_workflow_task_state
    act(client, moderator, proposal, "approve")
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
    client.post(url, {"comment": "Trop tard"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED
    assert ModerationDecision.objects.count() == 1


def test_approved_after_its_opening_date_it_opens_for_its_whole_duration(client, logged_in, national_index, moderator):
    import datetime

    from django.utils import timezone

    proposal = propose(logged_in)
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    late = page.get_latest_revision_as_object()
    late.opens_at -= datetime.timedelta(days=20)
    late.closes_at -= datetime.timedelta(days=20)  # 14 days: closed already
    late.save_revision()
    act(client, moderator, proposal, "approve")
    page.refresh_from_db()
    assert page.live and page.opens_at <= timezone.now() < page.closes_at
    assert page.closes_at - page.opens_at == datetime.timedelta(days=14)


@pytest.mark.security
def test_a_double_submit_makes_one_proposal(logged_in, national_index):
    propose(logged_in)
    response = logged_in.post(reverse("network_propose"), form_data())
    assert response.status_code == 409
    assert "déjà envoyé cette proposition" in response.content.decode()
    assert Proposal.objects.count() == 1


@pytest.mark.security
def test_citizen_text_is_inert_on_the_wall_and_the_account_page(client, logged_in, national_index, moderator, home):
    title = "<script>alert('x')</script> Les piscines le soir"
    proposal = propose(logged_in, title=title)
    act(client, moderator, proposal, "approve")
    html = client.get(home.url).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    client.force_login(proposal.author)
    profile = client.get(reverse("account_profile")).content.decode()
    assert "<script>alert" not in profile and "&lt;script&gt;alert" in profile


def test_aimpact_moderators_also_moderate_citizens_comments_everywhere(moderator, space):
    """The moderators' group holds `citizen_comments.moderate_comment` (migration network 0003): they may hide a
    comment on a collectivité's consultation too, where a space editor's right stops at their own space."""
    from consultations.comments import rules
    from tests.consultations.comments.factories import CommentFactory
    from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory

    consultation = ConsultationPageFactory(parent=ConsultationIndexPageFactory(parent=space))
    comment = CommentFactory(page=consultation)
    moderator = type(moderator).objects.get(pk=moderator.pk)  # permissions read afresh
    assert moderator.has_perm("citizen_comments.moderate_comment")
    assert rules.may_moderate(moderator, comment)
