import pytest

from django.urls import reverse

from consultations.groups import services
from consultations.groups.models import CitizenGroup, GroupPost, GroupProposal, PostStatus
from tests.consultations.network.factories import form_data

pytestmark = pytest.mark.django_db


def test_list_filters_and_search(client, group, other_group, places):
    page = client.get(reverse("citizen_groups")).content.decode()
    assert "Parents des Coteaux" in page and "Cyclistes de Nantes" in page
    page = client.get(reverse("citizen_groups"), {"q": "cycl"}).content.decode()
    assert "Cyclistes de Nantes" in page and "Parents des Coteaux" not in page
    page = client.get(reverse("citizen_groups"), {"theme": "education"}).content.decode()
    assert "Parents des Coteaux" in page and "Cyclistes de Nantes" not in page
    page = client.get(reverse("citizen_groups"), {"territory": "35238"}).content.decode()
    assert "Aucun groupe" in page


def test_create_in_a_premium_space(client, premium, citizen):
    client.force_login(citizen)
    url = reverse("citizen_group_create") + f"?espace={premium.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Jardins partagés", "description": "Des jardins.", "theme": "environnement",
              "territory": premium.territory_id}
    )  # fmt: skip
    group = CitizenGroup.objects.get(name="Jardins partagés")
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.space == premium


def test_create_duplicate_name_says_so_next_to_the_field(client, group, citizen, premium):
    client.force_login(citizen)
    response = client.post(
        reverse("citizen_group_create") + f"?espace={premium.pk}",
        {"name": "parents des coteaux", "description": "x", "theme": "education", "territory": premium.territory_id},
    )
    assert response.status_code == 409
    assert "Un groupe porte déjà ce nom" in response.content.decode()


def test_national_group_by_commune(client, citizen, places):
    client.force_login(citizen)
    response = client.post(
        reverse("citizen_group_create"),
        {"name": "Vélo Rennes", "description": "x", "theme": "mobilite", "territory": "Rennes (35238)"},
    )
    assert response.status_code == 302
    assert CitizenGroup.objects.get(name="Vélo Rennes").space is None


def test_essentiel_space_explains_and_never_breaks(client, essentiel, citizen):
    client.force_login(citizen)
    response = client.get(reverse("citizen_group_create") + f"?espace={essentiel.pk}")
    assert response.status_code == 200
    assert "Premium et Sur-mesure" in response.content.decode()
    response = client.post(
        reverse("citizen_group_create") + f"?espace={essentiel.pk}",
        {"name": "X", "description": "x", "theme": "sport", "territory": essentiel.territory_id},
    )
    assert response.status_code == 200 and not CitizenGroup.objects.exists()
    listing = client.get(reverse("citizen_groups") + f"?espace={essentiel.pk}")
    assert "Premium et Sur-mesure" in listing.content.decode()


def test_join_post_reply_leave_without_javascript(client, group, citizen):
    client.force_login(citizen)
    detail = group.get_absolute_url()
    assert "Rejoindre le groupe" in client.get(detail).content.decode()
    client.post(reverse("citizen_group_join", args=[group.slug]))
    client.post(reverse("citizen_group_post", args=[group.slug]), {"text": "Bonjour le groupe"})
    first = GroupPost.objects.get()
    client.post(reverse("citizen_group_post", args=[group.slug]), {"text": "Moi aussi", "parent": first.pk})
    page = client.get(detail).content.decode()
    assert "Bonjour le groupe" in page and "Moi aussi" in page and "Quitter le groupe" in page
    response = client.post(reverse("citizen_group_post", args=[group.slug]), {"text": ""})
    assert response.status_code == 400 and "Écrivez votre message" in response.content.decode()
    client.post(reverse("citizen_group_leave", args=[group.slug]))
    group.refresh_from_db()
    assert group.members_count == 1


def test_sole_moderator_leaving_gets_a_clear_message(client, group, creator, citizen):
    services.join(group, citizen)
    client.force_login(creator)
    response = client.post(reverse("citizen_group_leave", args=[group.slug]), follow=True)
    assert "nommez d&#x27;abord un autre membre" in response.content.decode()


def test_moderation_through_the_page(client, group, creator, citizen, other_group, third):
    services.join(group, citizen)
    item = services.post(group, citizen, "Texte douteux")
    client.force_login(third)  # another group's moderator
    response = client.post(
        reverse("citizen_group_moderate", args=[other_group.slug, item.pk]), {"action": "hide", "reason": "forgé"}
    )
    assert response.status_code == 404
    client.post(reverse("citizen_group_moderate", args=[group.slug, item.pk]), {"action": "hide", "reason": "x"})
    item.refresh_from_db()
    assert item.status == PostStatus.VISIBLE
    client.force_login(creator)
    client.post(reverse("citizen_group_moderate", args=[group.slug, item.pk]), {"action": "hide", "reason": "Hors"})
    item.refresh_from_db()
    assert item.status == PostStatus.HIDDEN
    client.logout()
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Texte douteux" not in page and "masqué par la modération" in page


def test_members_table_for_moderators_only(client, group, creator, citizen):
    services.join(group, citizen)
    member = services.membership(group, citizen)
    client.force_login(citizen)
    assert "Nommer modérateur" not in client.get(group.get_absolute_url()).content.decode()
    client.force_login(creator)
    assert "Nommer modérateur" in client.get(group.get_absolute_url()).content.decode()
    client.post(reverse("citizen_group_member", args=[group.slug, member.pk]), {"action": "moderator"})
    member.refresh_from_db()
    assert member.is_moderator


@pytest.fixture
def national_index(home):
    from consultations.network.moderation import ensure_moderation
    from tests.factories import ConsultationIndexPageFactory

    index = ConsultationIndexPageFactory(parent=home, title="Consultations citoyennes", slug="consultations-citoyennes")
    ensure_moderation(index)
    return index


def test_proposal_from_the_group_round_trip(client, group, citizen, creator, national_index):
    url = reverse("citizen_group_propose", args=[group.slug])
    client.force_login(citizen)
    assert "Rejoignez le groupe" in client.get(url).content.decode()
    services.join(group, citizen)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    link = GroupProposal.objects.select_related("proposal__page").get()
    assert link.group == group and link.proposal.author == citizen
    page = client.get(group.get_absolute_url()).content.decode()
    assert link.proposal.page.title in page and "en attente de modération" in page
    # The AimPact moderators see where it comes from in the page's admin header.
    from consultations.network.moderation import moderators_group
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="moderatrice", groups=[moderators_group()]))
    admin = client.get(reverse("wagtailadmin_pages:edit", args=[link.proposal.page_id]))
    assert admin.status_code == 200
    assert "Proposée par le groupe « Parents des Coteaux »" in admin.content.decode()


def test_a_refused_proposal_leaves_no_link(client, group, citizen, national_index, monkeypatch):
    from consultations.groups import services as group_services

    services.join(group, citizen)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(group_services.GroupProposal.objects, "create", broken)
    client.force_login(citizen)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        client.post(reverse("citizen_group_propose", args=[group.slug]), form_data())
    from consultations.network.models import Proposal

    assert not Proposal.objects.exists()  # all or nothing: the proposal went with the link


def test_panels(client, group, premium, essentiel, creator, home):
    space_page = client.get(premium.url).content.decode()
    assert "Parents des Coteaux" in space_page and f"?espace={premium.pk}" in space_page
    assert "Groupes citoyens" not in client.get(essentiel.url).content.decode()  # Essentiel: no panel
    client.force_login(creator)
    assert "Parents des Coteaux" in client.get(reverse("account_profile")).content.decode()


def test_network_home_lists_national_groups_and_the_cache_follows(client, home, citizen, places):
    assert "Vélo Rennes" not in client.get(home.url).content.decode()
    services.create_group(citizen, name="Vélo Rennes", description="x", theme="mobilite", territory=places["rennes"])
    assert "Vélo Rennes" in client.get(home.url).content.decode()
