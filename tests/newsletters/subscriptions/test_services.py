"""The subscribing rules: double opt-in, confirmation, unsubscription, preferences, consent records, suppressed
addresses, no enumeration and the limits."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.test import RequestFactory

from newsletters import limits, links, subscriptions, tokens
from newsletters.models import ConsentRecord, Delivery, Subscription, Suppression
from tests.factories import CitizenFactory
from tests.newsletters.subscriptions.factories import NewsletterIssuePageFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db
Source = ConsentRecord.Source
Action = ConsentRecord.Action


def ask(newsletter, email="marie@example.org", user=None, request=None, themes=(), language="fr"):
    return subscriptions.request_subscription(
        newsletter,
        email,
        language,
        list(themes),
        Source.WEB,
        user=user,
        consent_text_shown=newsletter.get_consent_text(),
        request=request,
    )


def confirm_link(message):
    return re.search(r"https?://\S+/lettre/confirmer/\S+/", message.body).group(0)


def test_a_request_is_pending_records_the_consent_and_mails_the_confirmation(
    newsletter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = ask(newsletter, " Marie@Example.org ", themes=["culture", "mobilite", "inconnu"])
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    assert subscription.email_key == "marie@example.org"
    assert subscription.themes == ["mobilite", "culture"]
    assert subscription.confirmation_sent_at is not None
    record = subscription.consents.get()
    assert (record.action, record.source, record.list_title) == (Action.REQUESTED, Source.WEB, newsletter.title)
    assert record.consent_text == newsletter.get_consent_text()
    assert "Ville de Test" in record.consent_text
    assert record.themes == ["mobilite", "culture"]
    assert not outcome.active
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Marie@Example.org"]
    assert newsletter.title in message.subject
    assert "lettres@aimpact.example" in message.from_email and "Ville de Test" in message.from_email
    link = confirm_link(message)
    assert link.startswith(links.site_root(newsletter) + "/lettre/confirmer/")
    assert tokens.read_token(link.rstrip("/").rsplit("/", 1)[1], tokens.CONFIRM).subscription == subscription
    assert link in message.alternatives[0][0]


def test_the_confirmation_email_is_in_the_subscribers_language(newsletter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(newsletter, language="en")
    message = mail.outbox[0]
    assert "Confirm" in message.subject
    assert "/en/lettre/confirmer/" in message.body


def test_confirm_activates_once_with_the_text_agreed(newsletter, django_capture_on_commit_callbacks):
    ask(newsletter)
    subscription = Subscription.objects.get()
    subscriptions.confirm(subscription)
    subscriptions.confirm(subscription)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE and subscription.confirmed_at
    confirmed = subscription.consents.filter(action=Action.CONFIRMED)
    assert confirmed.count() == 1
    assert confirmed.get().consent_text == newsletter.get_consent_text()
    assert confirmed.get().source == Source.EMAIL_LINK


def test_asking_again_for_a_known_address_answers_the_same_and_changes_nothing(
    newsletter, django_capture_on_commit_callbacks
):
    SubscriptionFactory(newsletter=newsletter, email="marie@example.org", themes=["sport"])
    with django_capture_on_commit_callbacks(execute=True):
        known = ask(newsletter, "MARIE@example.org", themes=["culture"])
        new = ask(newsletter, "paul@example.org")
    assert known.message == new.message
    subscription = Subscription.objects.get(email_key="marie@example.org")
    assert subscription.status == Subscription.Status.ACTIVE and subscription.themes == ["sport"]
    assert not subscription.consents.exists()
    assert [message.to for message in mail.outbox] == [["paul@example.org"]]


def test_a_suppressed_address_is_never_mailed_nor_activated(newsletter, django_capture_on_commit_callbacks):
    Suppression.objects.create(email_key="marie@example.org", reason=Suppression.Reason.BOUNCED)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = ask(newsletter, "Marie@example.org")
    assert outcome.message == ask(newsletter, "autre@example.org").message
    assert not Subscription.objects.filter(email_key="marie@example.org").exists()
    assert mail.outbox == []
    # A confirmation link sent before the suppression activates nothing either.
    pending = SubscriptionFactory(newsletter=newsletter, email="bob@example.org", status=Subscription.Status.PENDING)
    Suppression.objects.create(email_key="bob@example.org", reason=Suppression.Reason.COMPLAINED)
    assert subscriptions.confirm(pending).status == Subscription.Status.PENDING


def test_a_suppressed_subscription_stays_suppressed(newsletter, django_capture_on_commit_callbacks):
    SubscriptionFactory(newsletter=newsletter, email="marie@example.org", status=Subscription.Status.SUPPRESSED)
    with django_capture_on_commit_callbacks(execute=True):
        ask(newsletter)
    assert Subscription.objects.get().status == Subscription.Status.SUPPRESSED
    assert mail.outbox == []


def test_resubscribing_an_unsubscribed_address_goes_through_double_opt_in(
    newsletter, django_capture_on_commit_callbacks
):
    subscription = SubscriptionFactory(
        newsletter=newsletter, email="marie@example.org", status=Subscription.Status.UNSUBSCRIBED
    )
    with django_capture_on_commit_callbacks(execute=True):
        ask(newsletter)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    assert len(mail.outbox) == 1


def test_a_citizens_own_verified_address_is_active_at_once(newsletter, django_capture_on_commit_callbacks):
    citizen = CitizenFactory(email="marie@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = ask(newsletter, "marie@example.org", user=citizen)
    subscription = Subscription.objects.get()
    assert outcome.active and subscription.status == Subscription.Status.ACTIVE
    assert subscription.user == citizen
    assert [record.action for record in subscription.consents.all()] == [Action.CONFIRMED]
    assert mail.outbox == []


def test_a_logged_in_citizen_typing_another_address_gets_double_opt_in(newsletter, django_capture_on_commit_callbacks):
    citizen = CitizenFactory(email="marie@example.org")
    EmailAddress.objects.create(user=citizen, email="pas-verifiee@example.org", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = ask(newsletter, "pas-verifiee@example.org", user=citizen)
    subscription = Subscription.objects.get()
    assert not outcome.active and subscription.status == Subscription.Status.PENDING
    assert subscription.user is None
    assert len(mail.outbox) == 1


def test_unsubscribe_records_and_marks_the_delivery(newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter)
    issue = NewsletterIssuePageFactory(parent=newsletter)
    delivery = Delivery.objects.create(issue=issue, subscription=subscription, email=subscription.email)
    other = Delivery.objects.create(issue=NewsletterIssuePageFactory(parent=newsletter), subscription=subscription)
    subscriptions.unsubscribe(subscription, Source.ONE_CLICK, delivery_id=delivery.pk)
    subscriptions.unsubscribe(subscription, Source.EMAIL_LINK, delivery_id=other.pk)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED and subscription.unsubscribed_at
    records = list(subscription.consents.all())
    assert [(record.action, record.source) for record in records] == [(Action.UNSUBSCRIBED, Source.ONE_CLICK)]
    delivery.refresh_from_db()
    other.refresh_from_db()
    assert delivery.unsubscribed_at is not None and other.unsubscribed_at is None


def test_preferences_are_recorded(newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter, themes=[])
    subscriptions.update_preferences(subscription, "en", ["sport", "nope"], Source.EMAIL_LINK)
    subscriptions.update_preferences(subscription, "en", ["sport"], Source.EMAIL_LINK)  # no change, no record
    subscription.refresh_from_db()
    assert (subscription.language, subscription.themes) == ("en", ["sport"])
    record = subscription.consents.get()
    assert (record.action, record.language, record.themes) == (Action.PREFERENCES, "en", ["sport"])


def _request(ip):
    request = RequestFactory().post("/lettre/inscription/")
    request.META["REMOTE_ADDR"] = ip
    return request


def test_confirmations_to_one_address_are_limited_silently(newsletter, django_capture_on_commit_callbacks):
    answers = []
    for number in range(limits.PER_ADDRESS.limit + 2):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(ask(newsletter, "cible@example.org", request=_request(f"10.0.0.{number}")).message)
    assert len(set(answers)) == 1
    assert len(mail.outbox) == limits.PER_ADDRESS.limit


def test_requests_of_one_client_are_limited_with_a_message(newsletter):
    request = _request("192.0.2.7")
    for number in range(limits.PER_CLIENT.limit):
        ask(newsletter, f"personne{number}@example.org", request=request)
    with pytest.raises(limits.ClientLimited) as refused:
        ask(newsletter, "encore@example.org", request=request)
    assert "Trop de demandes" in str(refused.value.message)
    assert not Subscription.objects.filter(email_key="encore@example.org").exists()
    ask(newsletter, "ailleurs@example.org", request=_request("192.0.2.8"))  # another client is not limited


def test_tokens_are_per_action_and_die_with_the_secret(newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter)
    token = tokens.make_token(subscription, tokens.CONFIRM)
    assert tokens.read_token(token, tokens.CONFIRM).subscription == subscription
    assert tokens.read_token(token, tokens.UNSUBSCRIBE) is None
    assert tokens.read_token(token[:-2] + "xx", tokens.CONFIRM) is None
    Subscription.objects.filter(pk=subscription.pk).update(secret="autre")
    assert tokens.read_token(token, tokens.CONFIRM) is None


def test_lists_on_offer_leave_out_drafts_and_spaces_without_the_feature(newsletter, network_newsletter, monkeypatch):
    assert subscriptions.subscribable_newsletters() == [network_newsletter, newsletter]
    monkeypatch.setattr(type(newsletter.owner_page), "has_feature", lambda self, name: name != "newsletters")
    assert subscriptions.subscribable_newsletters() == [network_newsletter]
    network_newsletter.unpublish()
    assert subscriptions.subscribable_newsletters() == []
