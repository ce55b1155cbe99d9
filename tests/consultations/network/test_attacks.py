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
