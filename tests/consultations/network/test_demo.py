"""The network's demo: the national index with its workflow, a moderator, three proposals in three states."""

import pytest

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
        self.credentials_file = tmp_path / "demo-credentials.txt"

    def publish(self, page):
        page.save_revision(user=self.admin).publish()


def test_the_demo_builds_the_network_once(home, tmp_path, places, capsys):
    loader = Loader(home, tmp_path)
    created = ensure_demo_network(loader)
    assert national_index().title == "Consultations citoyennes"
    assert len(created) == 4
    states = sorted(Proposal.objects.values_list("state", flat=True))
    assert states == sorted([ProposalState.APPROVED, ProposalState.PENDING, ProposalState.CHANGES_REQUESTED])
    approved = Proposal.objects.get(state=ProposalState.APPROVED)
    assert approved.page.live
    printed = capsys.readouterr().out
    assert "moderateur.aimpact" in printed
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="moderateur.aimpact").groups.filter(name=MODERATORS_GROUP).exists()
    assert ensure_demo_network(loader) == []
    assert Proposal.objects.count() == 3
