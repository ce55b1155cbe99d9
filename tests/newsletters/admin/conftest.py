import pytest

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

from tests.factories import CitizenFactory, CollectiviteSpaceFactory, UserFactory

from .factories import NewsletterPageFactory, SubscriptionFactory, draft_issue, sent_issue


@pytest.fixture
def space(home):
    return CollectiviteSpaceFactory(parent=home, title="Ville de Test", slug="ville-de-test")


@pytest.fixture
def other_space(home):
    return CollectiviteSpaceFactory(parent=home, title="Autreville", slug="autreville")


@pytest.fixture
def newsletter(space):
    return NewsletterPageFactory(parent=space, title="La lettre de Test", slug="lettre")


@pytest.fixture
def other_newsletter(other_space):
    return NewsletterPageFactory(parent=other_space, title="La lettre d'Autreville", slug="lettre")


@pytest.fixture
def national_newsletter(home):
    return NewsletterPageFactory(parent=home, title="La lettre d'AimPact", slug="lettre-aimpact")


@pytest.fixture
def issue(newsletter):
    return sent_issue(newsletter, title="Numéro de Test")


@pytest.fixture
def other_issue(other_newsletter):
    return sent_issue(other_newsletter, title="Numéro secret d'Autreville")


@pytest.fixture
def other_subscriber(other_newsletter):
    return SubscriptionFactory(newsletter=other_newsletter, email="voisin.secret@exemple.invalid")


@pytest.fixture
def draft(newsletter):
    return draft_issue(newsletter, title="Brouillon de Test")


@pytest.fixture
def editor(space):
    return UserFactory(username="editrice", groups=[space.editors_group])


@pytest.fixture
def other_editor(other_space):
    return UserFactory(username="autre-editrice", groups=[other_space.editors_group])


@pytest.fixture
def superuser(db):
    return UserFactory(username="aimpact", is_superuser=True, is_staff=True)


@pytest.fixture
def national_editor(home):
    group = Group.objects.create(name="Éditeurs AimPact")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=home,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"),
    )
    return UserFactory(username="national", groups=[group])


@pytest.fixture
def citizen(db):
    return CitizenFactory(username="camille")
