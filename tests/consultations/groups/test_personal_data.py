import pytest

from cms.accounts import personal_data
from consultations.groups import services
from consultations.groups.models import CitizenGroup, GroupMembership, GroupMessage, GroupPost, PostStatus, Role

pytestmark = pytest.mark.django_db


def test_export_has_memberships_posts_and_messages(group, creator):
    services.post(group, creator, "Mon message")
    services.send_message(group, creator, "Objet", "Corps")
    from consultations.groups.personal_data import export

    data = export(creator)
    assert data["memberships"][0]["role"] == "moderator"
    assert data["posts"][0]["text"] == "Mon message"
    assert data["messages"][0]["subject"] == "Objet"


def test_erase_blanks_posts_keeps_messages_and_hands_over(group, creator, citizen):
    services.join(group, citizen)
    first = services.post(group, creator, "Avec réponse")
    services.post(group, citizen, "Réponse", parent_id=first.pk)
    alone = services.post(group, creator, "Sans réponse")
    message = services.send_message(group, creator, "Objet", "Corps")
    personal_data.delete_account(creator)
    first.refresh_from_db()
    assert first.text == "" and first.status == PostStatus.DELETED and first.author is None
    assert not GroupPost.objects.filter(pk=alone.pk).exists()
    message.refresh_from_db()
    assert message.sent_by is None and message.body == "Corps"
    group = CitizenGroup.objects.get(pk=group.pk)
    assert group.members_count == 1 and group.created_by is None
    assert GroupMembership.objects.get(group=group).role == Role.MODERATOR  # the remaining member took over
    assert GroupMessage.objects.count() == 1
