"""« Régie du débat » (consultations/debates/live_admin_views.py): the organiser's console, scoped to the debate's
editors."""

import pytest

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

from consultations.debates import live, questions
from consultations.debates.models import LivePoll
from tests.factories import CollectiviteSpaceFactory, UserFactory

from .factories import DebateIndexPageFactory, DebatePageFactory
from .live_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def space_editor(space):
    group = Group.objects.create(name=f"Éditeurs {space.slug}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=space, permission=Permission.objects.get(codename=codename)
        )
    return UserFactory(is_staff=True, groups=[group])


@pytest.fixture
def space_debate(home):
    space = CollectiviteSpaceFactory(parent=home, slug="ville-a")
    return DebatePageFactory(parent=DebateIndexPageFactory(parent=space)), space


def test_the_button_leads_to_the_console_with_polls_and_questions(client, debate, organiser, make_poll, citizen):
    from cms.admin_actions import PageActionMenuItem
    from consultations.debates.live_admin_views import RegieMenuItem

    assert issubclass(RegieMenuItem, PageActionMenuItem)
    assert RegieMenuItem(page=debate).is_shown(organiser)
    assert not RegieMenuItem(page=debate.get_parent()).is_shown(organiser)
    make_poll(question="Faut-il un parc ?")
    questions.ask(debate, citizen, "Et le budget ?")
    client.force_login(organiser)
    response = client.get(f"/admin/debats/{debate.pk}/regie/")
    html = response.content.decode()
    assert response.status_code == 200 and "Faut-il un parc ?" in html and "Et le budget ?" in html
    fragment = client.get(f"/admin/debats/{debate.pk}/regie/?fragment=1").content.decode()
    assert "Faut-il un parc ?" in fragment and "<html" not in fragment


def test_create_open_close_and_delete_from_the_console(client, debate, organiser, citizen):
    client.force_login(organiser)
    url = f"/admin/debats/{debate.pk}/regie/"
    response = client.post(
        url,
        {
            "action": "create",
            "question": "Pour ou contre ?",
            "choices": "Pour\nContre",
            "phase": "before",
            "mode": "open",
            "sort_order": "0",
        },  # fmt: skip
    )
    assert response.status_code == 302
    poll = LivePoll.objects.get()
    assert poll.choices == ["Pour", "Contre"] and poll.state == "draft"
    bad = client.post(url, {"action": "create", "question": "Q ?", "choices": "Pour\npour", "phase": "before",
                            "mode": "open"})  # fmt: skip
    assert bad.status_code == 400 and "identiques" in bad.content.decode()
    client.post(url, {"action": "open", "id": poll.pk})
    assert LivePoll.objects.get(pk=poll.pk).state == "open"
    live.vote(LivePoll.objects.get(pk=poll.pk), citizen, 0)
    client.post(url, {"action": "delete", "id": poll.pk})  # refused: not a draft
    client.post(url, {"action": "close", "id": poll.pk})
    assert LivePoll.objects.get(pk=poll.pk).state == "closed"


def test_editing_an_opened_poll_keeps_its_choices(client, debate, organiser, make_poll):
    poll = live.open_poll(make_poll(choices=["Oui", "Non"]).pk, organiser)
    client.force_login(organiser)
    response = client.post(
        f"/admin/debats/sondages/{poll.pk}/",
        {"question": "Reformulée ?", "choices": "A\nB\nC", "phase": "during", "mode": "open", "sort_order": "1"},
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.question == "Reformulée ?" and poll.choices == ["Oui", "Non"] and poll.mode == "secret"


def test_moderating_questions_from_the_console(client, debate, organiser, citizen):
    question = questions.ask(debate, citizen, "Et le budget ?")
    client.force_login(organiser)
    url = f"/admin/debats/{debate.pk}/regie/"
    client.post(url, {"action": "hide", "id": question.pk, "reason": ""})
    question.refresh_from_db()
    assert question.status == "visible"  # a reason is required
    client.post(url, {"action": "hide", "id": question.pk, "reason": "Hors sujet"})
    question.refresh_from_db()
    assert question.status == "hidden"
    client.post(url, {"action": "restore", "id": question.pk})
    client.post(url, {"action": "answered", "id": question.pk})
    question.refresh_from_db()
    assert question.status == "answered"


def test_another_spaces_editor_is_refused_and_forged_ids_do_nothing(client, home, space_debate, make_poll):
    debate, space = space_debate
    own_editor = space_editor(space)
    stranger = space_editor(CollectiviteSpaceFactory(parent=home, slug="ville-b"))
    client.force_login(stranger)
    # Wagtail answers PermissionDenied with a redirect to the admin's home and a message.
    refused = client.get(f"/admin/debats/{debate.pk}/regie/")
    assert refused.status_code in (302, 403) and "Régie" not in refused.content.decode()
    poll = LivePoll.objects.create(debate=debate, question="Q ?", choices=["Oui", "Non"])
    assert client.get(f"/admin/debats/sondages/{poll.pk}/").status_code in (302, 403)
    forged = client.post(f"/admin/debats/{debate.pk}/regie/", {"action": "open", "id": poll.pk})
    assert forged.status_code in (302, 403) and forged.get("Location", "/admin/") == "/admin/"
    assert LivePoll.objects.get(pk=poll.pk).state == "draft"
    # The space's own editor may; a poll of another debate (forged id) through this debate's console is a 404.
    client.force_login(own_editor)
    assert client.get(f"/admin/debats/{debate.pk}/regie/").status_code == 200
    other = make_poll()  # the national debate's poll
    assert client.post(f"/admin/debats/{debate.pk}/regie/", {"action": "open", "id": other.pk}).status_code == 404
    assert LivePoll.objects.get(pk=other.pk).state == "draft"
    # Not a debate: a 404.
    assert client.get(f"/admin/debats/{space.pk}/regie/").status_code == 404
