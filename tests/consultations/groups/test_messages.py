"""A group's message to its collectivité and the answer: the round trip, the emails (once), the admin's scoping."""

import pytest

from django.urls import reverse

from consultations.groups import notifications, services
from consultations.groups.models import GroupMessage

pytestmark = pytest.mark.django_db


def test_message_round_trip(client, group, creator, editor, run_on_commit, mailoutbox):
    message = services.send_message(group, creator, "Traversée de l'avenue", "Un passage surélevé, s'il vous plaît.")
    assert message.space_id == group.space_id
    assert [mail.to for mail in mailoutbox] == [[editor.email]]
    assert "Parents des Coteaux" in mailoutbox[0].subject

    client.force_login(editor)
    listing = client.get(reverse("citizen_groups_admin_messages"))
    assert listing.status_code == 200 and "Traversée de l&#x27;avenue" in listing.content.decode()
    response = client.post(reverse("citizen_groups_admin_answer", args=[message.pk]), {"answer": "Travaux cet été."})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.answer == "Travaux cet été." and message.answered_by == editor
    assert [mail.to for mail in mailoutbox[1:]] == [[creator.email]]

    # Corrected: shown, the group is not emailed again.
    client.post(reverse("citizen_groups_admin_answer", args=[message.pk]), {"answer": "Travaux en juillet."})
    assert len(mailoutbox) == 2
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Travaux en juillet." in page


def test_emails_are_claimed_once(group, creator, editor, mailoutbox):
    message = services.send_message(group, creator, "Objet", "Corps")  # on_commit never runs in the test
    assert notifications.notify_editors(message.pk) == 1
    assert notifications.notify_editors(message.pk) == 0  # a retried task, a second worker
    assert len(mailoutbox) == 1
    assert notifications.notify_answer(message.pk) == 0  # not answered yet: nothing claimed
    services.answer_message(message.pk, editor, "Réponse")
    assert notifications.notify_answer(message.pk) == 1
    assert notifications.notify_answer(message.pk) == 0
    assert len(mailoutbox) == 2


def test_only_the_groups_moderators_send(group, citizen):
    services.join(group, citizen)
    with pytest.raises(services.GroupRefused) as refused:
        services.send_message(group, citizen, "Objet", "Corps")
    assert refused.value.code == "not_moderator"
    assert not GroupMessage.objects.exists()


def test_another_spaces_editor_can_neither_see_nor_answer(client, group, creator, other_editor):
    message = services.send_message(group, creator, "Objet confidentiel", "Corps")
    client.force_login(other_editor)
    listing = client.get(reverse("citizen_groups_admin_messages"))
    assert "Objet confidentiel" not in listing.content.decode()
    assert client.get(reverse("citizen_groups_admin_answer", args=[message.pk])).status_code == 404
    response = client.post(reverse("citizen_groups_admin_answer", args=[message.pk]), {"answer": "Forgé"})
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.answer == "" and message.answered_at is None
    with pytest.raises(services.GroupRefused):
        from consultations.groups.rules import answerable_space_ids

        services.answer_message(message.pk, other_editor, "Forgé", spaces=answerable_space_ids(other_editor))


def test_admin_home_panel_counts_waiting_messages(rf, group, creator, editor, other_editor, premium):
    from consultations.groups.admin_views import admin_home_panel

    services.send_message(group, creator, "Un", "Corps")
    services.send_message(group, creator, "Deux", "Corps")
    request = rf.get("/admin/")
    request.user = editor
    assert admin_home_panel(premium, request)["waiting"] == 2
    request.user = other_editor
    assert admin_home_panel(premium, request) is None


def test_message_form_page_and_limits(client, group, creator):
    client.force_login(creator)
    url = reverse("citizen_group_write", args=[group.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"subject": "", "body": "x"})
    assert response.status_code == 400
    assert "obligatoire" in response.content.decode() or "Ce champ" in response.content.decode()
    for number in range(5):
        assert client.post(url, {"subject": f"Objet {number}", "body": "Corps"}).status_code == 302
    response = client.post(url, {"subject": "Sixième", "body": "Corps"})
    assert response.status_code == 429
    assert GroupMessage.objects.count() == 5


def test_essentiel_editor_is_told_in_the_admin_home(client, essentiel, other_editor):
    client.force_login(other_editor)
    home = client.get("/admin/").content.decode()
    assert "offres Premium et Sur-mesure" in home
    assert client.get(reverse("citizen_groups_admin_messages")).status_code == 200


def test_a_citizen_has_no_messages_admin(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("citizen_groups_admin_messages"))
    assert response.status_code in (302, 403, 404)


def test_aimpact_moderators_never_write_in_a_groups_name(client, group):
    from consultations.network.moderation import moderators_group
    from tests.factories import CitizenFactory

    aimpact = CitizenFactory(username="moderatrice", email="m@example.org", groups=[moderators_group()])
    with pytest.raises(services.GroupRefused):
        services.send_message(group, aimpact, "Objet", "Corps")
    client.force_login(aimpact)
    assert client.get(reverse("citizen_group_write", args=[group.slug])).status_code == 404
