"""An auditor's attacks on the network (issue 11): each test failed before its fix."""

import pytest

from django.core import mail

from consultations.network import checks, tasks
from consultations.network.models import ModerationDecision

from .test_moderation import act, citizen_mail, propose

pytestmark = [pytest.mark.security]


@pytest.mark.parametrize(
    "text",
    [
        "Vous êtes des con\u200bnards",  # a zero-width space inside the word
        "Vous êtes des con\u00adnards",  # a soft hyphen (invisible once rendered)
        "Vous êtes des con\u2060nards",  # a word joiner
        "Vous êtes des \u0441onnards",  # a Cyrillic « с » for the Latin c
        "Vous êtes des соnnаrds",  # Cyrillic « о » and « а »
    ],
)
def test_invisible_characters_and_lookalike_letters_do_not_hide_a_forbidden_word(text):
    assert checks.contains_forbidden_word(text)


def test_a_word_is_still_a_word_without_tricks():
    assert not checks.contains_forbidden_word("Les conditions de la concertation")


@pytest.mark.django_db
@pytest.mark.usefixtures("run_on_commit")
def test_a_decision_email_is_sent_once_when_the_task_runs_again(client, logged_in, national_index, moderator):
    proposal = propose(logged_in)
    assert act(client, moderator, proposal, "approve").status_code == 302
    assert len(citizen_mail()) == 1
    decision = ModerationDecision.objects.get(proposal=proposal)
    # A retry, or a second worker that got the same message.
    tasks.send_decision_email(decision.pk)
    tasks.send_decision_email(decision.pk)
    assert len(citizen_mail()) == 1
    assert len(mail.outbox) >= 1


@pytest.mark.django_db
@pytest.mark.usefixtures("run_on_commit")
def test_a_moderator_cannot_approve_their_own_proposal(client, national_index, places):
    from consultations.models import ConsultationPage
    from consultations.network.models import Proposal, ProposalState
    from consultations.network.moderation import moderators_group

    from .factories import citizen

    insider = citizen(places["nantes"], username="moderateur-citoyen", email="mc@example.org")
    insider.groups.add(moderators_group())
    client.force_login(insider)
    proposal = propose(client)
    page = ConsultationPage.objects.get(pk=proposal.page_id)
    task = page.current_workflow_task
    # No approve button for one's own proposal, and the action itself is refused.
    assert "approve" not in [name for name, _label, _modal in task.specific.get_actions(page, insider)]
    response = act(client, insider, proposal, "approve")
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.PENDING
    assert not ModerationDecision.objects.filter(proposal=proposal).exists()


@pytest.mark.security
def test_a_moderator_cannot_approve_their_own_edit_of_a_live_consultation(national_index, moderator):
    """Found by the audit: the moderators may edit every page under the national index; one who edited a live
    consultation (not a citizen's proposal) and sent it to moderation could approve it and publish their own edit,
    with no second pair of eyes. Nobody but a superuser approves a moderation they asked for."""
    from django.core.exceptions import PermissionDenied

    from wagtail.models import Workflow

    from consultations.models import ConsultationPage
    from consultations.network.moderation import WORKFLOW_NAME
    from tests.factories import ConsultationPageFactory, UserFactory

    page = ConsultationPageFactory(parent=national_index, title="Une consultation de l'équipe")
    page.title = "Titre changé par la modératrice"
    page.save_revision(user=moderator)
    Workflow.objects.get(name=WORKFLOW_NAME).start(page, moderator)
    task_state = ConsultationPage.objects.get(pk=page.pk).current_workflow_task_state.specific
    task = task_state.task.specific
    assert "approve" not in [name for name, _label, _modal in task.get_actions(page, moderator)]
    with pytest.raises(PermissionDenied):
        task.on_action(task_state, moderator, "approve")
    assert ConsultationPage.objects.get(pk=page.pk).title == "Une consultation de l'équipe"
    colleague = UserFactory(username="collegue", groups=list(moderator.groups.all()))
    task.on_action(task_state, colleague, "approve")  # a second moderator may
    assert ConsultationPage.objects.get(pk=page.pk).title == "Titre changé par la modératrice"
