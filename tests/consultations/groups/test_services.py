import pytest

from consultations.groups import services
from consultations.groups.limits import GroupLimited
from consultations.groups.models import CitizenGroup, GroupMembership, GroupPost, PostStatus, Role
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_creator_is_the_first_moderator(group, creator):
    member = GroupMembership.objects.get(group=group, user=creator)
    assert member.role == Role.MODERATOR
    assert group.members_count == 1
    assert group.slug == "parents-des-coteaux"


def test_name_is_unique_per_territory_whatever_the_case(group, citizen, premium, places):
    with pytest.raises(services.GroupRefused) as refused:
        services.create_group(
            citizen,
            name="PARENTS des coteaux",
            description="x",
            theme="education",
            territory=premium.territory,
            space=premium,
        )
    assert refused.value.code == "name_taken" and refused.value.field == "name"
    other = services.create_group(
        citizen, name="Parents des Coteaux", description="x", theme="education", territory=places["rennes"]
    )
    assert other.slug == "parents-des-coteaux-2"


def test_essentiel_space_takes_no_group(essentiel, citizen):
    with pytest.raises(services.GroupRefused) as refused:
        services.create_group(
            citizen, name="Nope", description="x", theme="sport", territory=essentiel.territory, space=essentiel
        )
    assert refused.value.status == 403
    assert "Premium" in refused.value.message
    assert not CitizenGroup.objects.exists()


def test_territory_outside_the_space_is_refused(premium, citizen, places):
    with pytest.raises(services.GroupRefused) as refused:
        services.create_group(
            citizen, name="Ailleurs", description="x", theme="sport", territory=places["rennes"], space=premium
        )
    assert refused.value.field == "territory"


def test_unverified_account_creates_nothing(places):
    unverified = CitizenFactory(username="anon", email="anon@example.org", verified_email=False)
    with pytest.raises(services.GroupRefused) as refused:
        services.create_group(unverified, name="X", description="x", theme="sport", territory=places["nantes"])
    assert refused.value.code == "email_unverified"


def test_creation_limit_per_account(citizen, places):
    for number in range(3):
        services.create_group(citizen, name=f"G{number}", description="x", theme="sport", territory=places["nantes"])
    with pytest.raises(GroupLimited) as limited:
        services.create_group(citizen, name="G4", description="x", theme="sport", territory=places["nantes"])
    assert "3 groupes" in limited.value.message
    assert CitizenGroup.objects.count() == 3


def test_join_twice_counts_once_and_leave(group, citizen):
    services.join(group, citizen)
    services.join(group, citizen)
    group.refresh_from_db()
    assert group.members_count == 2
    assert services.leave(group, citizen)
    group.refresh_from_db()
    assert group.members_count == 1


def test_sole_moderator_cannot_leave_without_handing_over(group, creator, citizen):
    services.join(group, citizen)
    with pytest.raises(services.GroupRefused) as refused:
        services.leave(group, creator)
    assert refused.value.code == "last_moderator"
    member = services.membership(group, citizen)
    services.set_role(group, creator, member.pk, Role.MODERATOR)
    assert services.leave(group, creator)
    group.refresh_from_db()
    assert group.members_count == 1


def test_only_members_post_and_replies_stay_one_level(group, creator, citizen):
    with pytest.raises(services.GroupRefused) as refused:
        services.post(group, citizen, "Bonjour")
    assert refused.value.code == "not_member"
    services.join(group, citizen)
    first = services.post(group, citizen, "  Bonjour\r\n à tous \x00 ")
    assert first.text == "Bonjour\n à tous"
    reply = services.post(group, creator, "Bienvenue", parent_id=first.pk)
    deeper = services.post(group, citizen, "Merci", parent_id=reply.pk)
    assert deeper.parent_id == first.pk


def test_post_too_long_or_empty(group, creator):
    with pytest.raises(services.GroupRefused) as refused:
        services.post(group, creator, "x" * 2001)
    assert refused.value.code == "too_long"
    with pytest.raises(services.GroupRefused):
        services.post(group, creator, " \n ")


def test_reply_to_another_groups_post_is_refused(group, other_group, creator, third):
    foreign = services.post(other_group, third, "Chez nous")
    with pytest.raises(services.GroupRefused) as refused:
        services.post(group, creator, "Réponse", parent_id=foreign.pk)
    assert refused.value.code == "parent_not_found"


def test_posting_limit_rolls_back_refused_posts(group, creator):
    for number in range(5):
        services.post(group, creator, f"Message {number}")
    with pytest.raises(GroupLimited) as limited:
        services.post(group, creator, "Un de trop")
    assert "publier" in limited.value.message
    assert GroupPost.objects.count() == 5


def test_group_moderator_hides_and_restores(group, creator, citizen):
    services.join(group, citizen)
    item = services.post(group, citizen, "Hors sujet")
    with pytest.raises(services.GroupRefused):
        services.moderate_post(item.pk, citizen, "hide", "moi")
    services.moderate_post(item.pk, creator, "hide", "Hors sujet")
    item.refresh_from_db()
    assert item.status == PostStatus.HIDDEN and item.hidden_reason == "Hors sujet" and item.moderated_by == creator
    services.moderate_post(item.pk, creator, "restore", "Erreur")
    item.refresh_from_db()
    assert item.status == PostStatus.VISIBLE


def test_another_groups_moderator_forging_ids_is_refused(group, other_group, creator, citizen, third):
    """`third` moderates `other_group`: neither a post nor a membership of `group` is theirs to touch."""
    services.join(group, citizen)
    item = services.post(group, citizen, "Texte")
    member = services.membership(group, citizen)
    with pytest.raises(services.GroupRefused) as refused:
        services.moderate_post(item.pk, third, "hide", "forgé")
    assert refused.value.code == "not_moderator"
    with pytest.raises(services.GroupRefused) as refused:
        services.moderate_post(item.pk, third, "hide", "forgé", group=other_group)  # the web: post under their group
    assert refused.value.status == 404
    with pytest.raises(services.GroupRefused) as refused:
        services.remove_member(other_group, third, member.pk)  # membership of group, through their own group
    assert refused.value.status == 404
    with pytest.raises(services.GroupRefused):
        services.set_role(group, third, member.pk, Role.MODERATOR)
    assert GroupMembership.objects.filter(pk=member.pk, role=Role.MEMBER).exists()
    item.refresh_from_db()
    assert item.status == PostStatus.VISIBLE


def test_aimpact_moderator_moderates_any_group(group, creator):
    from consultations.network.moderation import moderators_group
    from tests.factories import UserFactory

    aimpact = UserFactory(username="moderatrice", groups=[moderators_group()])
    item = services.post(group, creator, "Texte")
    services.moderate_post(item.pk, aimpact, "hide", "Injurieux")
    item.refresh_from_db()
    assert item.status == PostStatus.HIDDEN


def test_remove_member_and_keep_one_moderator(group, creator, citizen):
    services.join(group, citizen)
    member = services.membership(group, citizen)
    services.remove_member(group, creator, member.pk)
    group.refresh_from_db()
    assert group.members_count == 1
    own = services.membership(group, creator)
    with pytest.raises(services.GroupRefused):
        services.set_role(group, creator, own.pk, Role.MEMBER)


def test_national_group_writes_to_the_space_of_its_territory(places, citizen, premium):
    national = services.create_group(citizen, name="N", description="x", theme="sport", territory=places["nantes"])
    assert services.recipient_space(national) == premium
    lonely = services.create_group(citizen, name="M", description="x", theme="sport", territory=places["rennes"])
    assert services.recipient_space(lonely) is None
    with pytest.raises(services.GroupRefused) as refused:
        services.send_message(lonely, citizen, "Objet", "Corps")
    assert refused.value.code == "no_collectivite"
    assert "Rennes" in refused.value.message
