"""An editor prepares the invitation list of a debate before publishing it: the invitations could not be sent then
(`send_invitations` skips an unpublished debate) and nothing sent them at publication, so the invited never heard of
the debate (the list kept saying « pas encore »)."""

import pytest

from consultations.debates.models import DebateInvitation

pytestmark = pytest.mark.django_db


def test_invitations_added_to_a_draft_go_out_when_it_is_published(
    client, make_debate, editor, mailoutbox, django_capture_on_commit_callbacks
):
    debate = make_debate(access="invitation")
    debate.unpublish()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/debats/{debate.pk}/inscriptions/", {"emails": "ami@example.org"})
    assert DebateInvitation.objects.filter(email="ami@example.org").exists()
    assert mailoutbox == []  # not published yet: nobody is written to
    debate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        debate.save_revision().publish()
    assert [message.to for message in mailoutbox] == [["ami@example.org"]]
