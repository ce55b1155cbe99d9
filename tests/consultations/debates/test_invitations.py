"""The organisers' registrations and invitations view: scoped to the page's editors, addresses validated, emails."""

import pytest

from consultations.debates.models import DebateInvitation
from tests.factories import CollectiviteSpaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(debate):
    return f"/admin/debats/{debate.pk}/inscriptions/"


def test_editor_invites_by_pasting_a_list(client, make_debate, editor, mailoutbox, django_capture_on_commit_callbacks):
    debate = make_debate(access="invitation")
    client.force_login(editor)
    assert client.get(_url(debate)).status_code == 200
    bad = client.post(_url(debate), {"emails": "ami@example.org\npas-une-adresse"})
    assert "pas une adresse e-mail" in bad.content.decode() and not DebateInvitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(debate), {"emails": "Ami@example.org\nvoisine@example.org\nami@example.org"})
    assert sorted(DebateInvitation.objects.values_list("email", flat=True)) == [
        "ami@example.org",
        "voisine@example.org",
    ]
    assert sorted(message.to[0] for message in mailoutbox) == ["ami@example.org", "voisine@example.org"]
    assert debate.url in mailoutbox[0].body or str(debate.pk) in mailoutbox[0].body or "http" in mailoutbox[0].body
    invitation = DebateInvitation.objects.get(email="ami@example.org")
    client.post(_url(debate), {"remove": invitation.pk})
    assert not DebateInvitation.objects.filter(pk=invitation.pk).exists()
    csv = client.get(_url(debate), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")


def test_another_spaces_editor_is_refused(client, home, make_debate):
    debate = make_debate(access="invitation")
    other = CollectiviteSpaceFactory(parent=home, package="premium")
    intruder = UserFactory(username="intrus", email="intrus@example.org", groups=[other.editors_group])
    client.force_login(intruder)
    assert client.get(_url(debate)).status_code in (302, 403, 404)
    client.post(_url(debate), {"emails": "moi@example.org"})
    assert not DebateInvitation.objects.exists()
