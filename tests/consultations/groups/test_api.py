import pytest

from consultations.groups import services
from consultations.groups.models import CitizenGroup, GroupMessage, GroupPost, PostStatus

pytestmark = pytest.mark.django_db


def test_list_and_detail(client, group, other_group, creator):
    data = client.get("/api/groups/", {"q": "coteaux"}).json()
    assert data["count"] == 1 and data["results"][0]["name"] == "Parents des Coteaux"
    assert data["results"][0]["membership"] is None
    client.force_login(creator)
    detail = client.get(f"/api/groups/{group.pk}/").json()
    assert detail["membership"] == "moderator" and detail["members_count"] == 1
    assert client.get("/api/groups/", {"theme": "nope"}).status_code == 400
    assert client.get("/api/groups/999999/").status_code == 404


def test_create_with_the_web_messages(client, citizen, premium, essentiel, group):
    assert client.post("/api/groups/", {}, content_type="application/json").status_code in (401, 403)
    client.force_login(citizen)
    body = {"name": "Jardins", "description": "Des jardins.", "theme": "environnement", "space": premium.pk}
    response = client.post("/api/groups/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["membership"] == "moderator" and response.json()["space_id"] == premium.pk
    body["name"] = "PARENTS DES COTEAUX"
    response = client.post("/api/groups/", body, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["errors"]["name"] == [
        "Un groupe porte déjà ce nom sur ce territoire : choisissez-en un autre ou rejoignez-le."
    ]
    response = client.post(
        "/api/groups/", {**body, "name": "Ailleurs", "space": essentiel.pk}, content_type="application/json"
    )
    assert response.status_code == 403 and "Premium" in response.json()["message"]
    response = client.post(
        "/api/groups/", {**body, "name": "National", "space": None, "territory": "Nulle-Part"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "territory" in response.json()["errors"]


def test_membership_posts_and_moderation(client, group, citizen, creator, third):
    client.force_login(citizen)
    url = f"/api/groups/{group.pk}/posts/"
    assert client.post(url, {"text": "Avant d'entrer"}, content_type="application/json").status_code == 403
    joined = client.post(f"/api/groups/{group.pk}/membership/").json()
    assert joined == {"member": True, "role": "member", "members_count": 2}
    created = client.post(url, {"text": "Bonjour"}, content_type="application/json")
    assert created.status_code == 201
    post_id = created.json()["id"]
    reply = client.post(url, {"text": "Re", "parent": post_id}, content_type="application/json").json()
    listing = client.get(url).json()
    assert listing["count"] == 1 and listing["results"][0]["replies"][0]["id"] == reply["id"]
    # Not a moderator: refused; another group's moderator neither.
    moderation = f"/api/groups/posts/{post_id}/moderation/"
    assert (
        client.post(moderation, {"action": "hide", "reason": "x"}, content_type="application/json").status_code == 403
    )
    client.force_login(third)
    assert (
        client.post(moderation, {"action": "hide", "reason": "x"}, content_type="application/json").status_code == 403
    )
    client.force_login(creator)
    hidden = client.post(moderation, {"action": "hide", "reason": "Hors sujet"}, content_type="application/json")
    assert hidden.status_code == 200 and hidden.json()["text"] is None
    assert GroupPost.objects.get(pk=post_id).status == PostStatus.HIDDEN
    left = client.delete(f"/api/groups/{group.pk}/membership/")
    assert left.status_code == 409  # the last moderator, with a member left


def test_posting_limit_is_a_429_with_retry_after(client, group, creator):
    client.force_login(creator)
    url = f"/api/groups/{group.pk}/posts/"
    for number in range(5):
        assert client.post(url, {"text": f"n{number}"}, content_type="application/json").status_code == 201
    response = client.post(url, {"text": "trop"}, content_type="application/json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_messages_read_by_all_sent_by_moderators(client, group, creator, citizen):
    services.join(group, citizen)
    url = f"/api/groups/{group.pk}/messages/"
    client.force_login(citizen)
    assert client.post(url, {"subject": "S", "body": "B"}, content_type="application/json").status_code == 403
    client.force_login(creator)
    response = client.post(url, {"subject": "S", "body": "B"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["answered_at"] is None
    client.logout()
    assert client.get(url).json()[0]["subject"] == "S"
    assert GroupMessage.objects.count() == 1


def test_a_script_of_many_accounts_is_throttled_per_address(client, group, monkeypatch, places):
    from consultations.groups import api
    from tests.factories import CitizenFactory

    monkeypatch.setattr(api, "WRITES_PER_CLIENT", 3)
    statuses = []
    for number in range(5):
        client.force_login(CitizenFactory(username=f"bot{number}", email=f"bot{number}@example.org"))
        statuses.append(client.post(f"/api/groups/{group.pk}/membership/").status_code)
    assert statuses == [200, 200, 200, 429, 429]
    assert CitizenGroup.objects.get(pk=group.pk).members_count == 4
