"""The network's demo: the national index with its workflow, a moderator, three proposals in three states."""

import pytest

from cms.demo.accounts import CredentialStore, ensure_account
from consultations.network.demo import ensure_demo_network
from consultations.network.models import Proposal, ProposalState
from consultations.network.moderation import MODERATORS_GROUP
from consultations.network.services import national_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


class Loader:
    def __init__(self, home, tmp_path):
        from wagtail.models import Locale

        from tests.factories import UserFactory

        self.home = home
        self.french_locale = Locale.objects.get(language_code="fr")
        self.admin = UserFactory(username="admin-demo", is_superuser=True, is_staff=True)
        self.store = CredentialStore(tmp_path / "demo-credentials.txt")
        self.accounts = []

    def ensure_account(self, spec, **kwargs):  # as cms.demo.loader.DemoLoader's
        user, credential = ensure_account(self.store, spec, **kwargs)
        self.accounts.append(credential)
        return user, credential.created

    def publish(self, page):
        page.save_revision(user=self.admin).publish()


def test_the_demo_builds_the_network_once(home, tmp_path, places):
    loader = Loader(home, tmp_path)
    created = ensure_demo_network(loader)
    assert national_index().title == "Consultations citoyennes"
    assert len(created) == 4
    states = sorted(Proposal.objects.values_list("state", flat=True))
    assert states == sorted([ProposalState.APPROVED, ProposalState.PENDING, ProposalState.CHANGES_REQUESTED])
    approved = Proposal.objects.get(state=ProposalState.APPROVED)
    assert approved.page.live
    assert [credential.username for credential in loader.accounts] == ["moderateur.aimpact", "citoyen.proposeur"]
    assert all(credential.password for credential in loader.accounts)  # printed with the demo's other logins
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="moderateur.aimpact").groups.filter(name=MODERATORS_GROUP).exists()
    assert ensure_demo_network(loader) == []
    assert Proposal.objects.count() == 3
