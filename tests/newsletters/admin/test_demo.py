"""The newsletters' demo: a newsletter in each demo space and on the network, the commune's subscribers (as many as
the setting says, on never-deliverable addresses, with their consent), a sent issue with its deliveries, a draft that
nothing sends, a subscribed citizen; no email sent, and a second run doubles nothing."""

import pytest

from django.core import mail
from django.db.models import Count

from wagtail.models import Locale

from cms.demo.accounts import CredentialStore, ensure_account
from newsletters.demo import COMMUNE_SLUG, DIGEST_SOURCES, READER, ensure_demo_newsletters
from newsletters.models import (
    ConsentRecord,
    Delivery,
    IssueSending,
    NewsletterIssuePage,
    NewsletterPage,
    Subscription,
    Suppression,
)
from tests.factories import CollectiviteSpaceFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Callbacks registered on commit (a sending started on publish would be one) run, as they would for real."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


class Loader:
    """What `cms.demo.loader.DemoLoader` gives a feature's demo."""

    def __init__(self, home, tmp_path):
        self.home = home
        self.french_locale = Locale.objects.get(language_code="fr")
        self.admin = UserFactory(username="admin-demo", is_superuser=True, is_staff=True)
        self.store = CredentialStore(tmp_path / "demo-credentials.txt")
        self.accounts = []

    def ensure_account(self, spec, **kwargs):  # as DemoLoader's
        user, credential = ensure_account(self.store, spec, **kwargs)
        self.accounts.append(credential)
        return user, credential.created

    def publish(self, page):
        revision = page.save_revision(user=self.admin)
        revision.publish(user=self.admin)
        return revision


@pytest.fixture
def demo_spaces(home):
    return [
        CollectiviteSpaceFactory(parent=home, title="Ville de Villebrune-sur-Loire", slug=COMMUNE_SLUG),
        CollectiviteSpaceFactory(parent=home, title="Loire et Vignoble", slug="loire-et-vignoble"),
    ]


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            NewsletterPage,
            NewsletterIssuePage,
            Subscription,
            ConsentRecord,
            Delivery,
            IssueSending,
            Suppression,
        )
    }


def test_the_demo_builds_the_newsletters_once_and_sends_nothing(settings, home, demo_spaces, tmp_path):
    settings.NEWSLETTER_DEMO_SUBSCRIBERS = 450
    mail.outbox = []
    loader = Loader(home, tmp_path)
    created = ensure_demo_newsletters(loader)
    assert len(created) == 5  # three newsletters, a sent issue, a draft
    commune_space = demo_spaces[0]
    assert {page.get_parent().pk for page in NewsletterPage.objects.all()} == {home.pk, *(s.pk for s in demo_spaces)}
    commune = NewsletterPage.objects.child_of(commune_space).get()
    assert commune.live and commune.introduction

    demo = Subscription.objects.filter(newsletter=commune, email_key__endswith="@exemple.invalid")
    assert demo.count() == 450
    assert demo.values("language").distinct().count() == 2
    assert demo.filter(themes=[]).exists() and demo.exclude(themes=[]).exists()
    assert set(demo.values_list("status", flat=True)) == set(Subscription.Status.values)
    # Every subscriber has the record of what they agreed to, with the words they were shown.
    assert not demo.annotate(records=Count("consents")).filter(records=0).exists()
    requested = ConsentRecord.objects.filter(subscription__in=demo, action=ConsentRecord.Action.REQUESTED)
    assert requested.count() == 450 and not requested.filter(consent_text="").exists()

    reader = Subscription.objects.get(newsletter=commune, user__username=READER.username)
    assert reader.status == Subscription.Status.ACTIVE
    assert reader.consents.get().source == ConsentRecord.Source.ACCOUNT
    assert [credential.username for credential in loader.accounts] == [READER.username]

    sent, draft = NewsletterIssuePage.objects.child_of(commune).order_by("path")
    assert sent.live and sent.sending.finished_at and sent.sending.fanned_out_at
    confirmed = Subscription.objects.filter(newsletter=commune).exclude(status=Subscription.Status.PENDING).count()
    assert sent.deliveries.count() == sent.sending.recipients == confirmed
    statuses = set(sent.deliveries.values_list("status", flat=True))
    assert {Delivery.Status.DELIVERED, Delivery.Status.BOUNCED, Delivery.Status.SENT} <= statuses
    assert Suppression.objects.count() == sent.deliveries.filter(status__in=["rejete", "plainte"]).count() > 0
    assert sent.renderings.filter(language="fr").exists()

    assert not draft.live and not IssueSending.objects.filter(issue=draft).exists()
    assert not draft.deliveries.exists()
    assert [block.value["source"] for block in draft.body if block.block_type == "digest"] == list(DIGEST_SOURCES)
    assert mail.outbox == []

    before = snapshot()
    assert ensure_demo_newsletters(loader) == []
    assert snapshot() == before
    assert mail.outbox == []


def test_the_subscribers_count_comes_from_the_setting(settings, home, demo_spaces, tmp_path):
    settings.NEWSLETTER_DEMO_SUBSCRIBERS = 7
    ensure_demo_newsletters(Loader(home, tmp_path))
    assert Subscription.objects.filter(email_key__endswith="@exemple.invalid").count() == 7
