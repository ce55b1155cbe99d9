"""The editors' reports: each view shows a space editor their own space's newsletters only (another space's issue,
newsletter or subscriber is a 404 and never named or counted), AimPact's team sees every one, and nothing answers a
POST (nothing here sends)."""

import re

import pytest

from django.urls import reverse
from django.utils import timezone

from newsletters.models import ConsentRecord, Delivery, IssueSending

from .factories import SubscriptionFactory, deliver

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.fixture
def figures(issue, newsletter, other_issue, other_newsletter):
    now = timezone.now()
    deliver(issue, newsletter, Delivery.Status.DELIVERED, 3, delivered_at=now)
    deliver(issue, newsletter, Delivery.Status.BOUNCED, 1, bounced_at=now)
    deliver(other_issue, other_newsletter, Delivery.Status.DELIVERED, 7, delivered_at=now, opened_at=now)


def urls(issue, newsletter, subscription):
    return [
        reverse("newsletters_issue_stats", args=[issue.pk]),
        reverse("newsletters_subscribers", args=[newsletter.pk]),
        reverse("newsletters_consent", args=[subscription.pk]),
    ]


def test_an_editor_sees_their_issue_statistics(client, editor, issue, figures):
    client.force_login(editor)
    response = client.get(reverse("newsletters_issue_stats", args=[issue.pk]))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats.recipients, stats.delivered, stats.bounced, stats.opened) == (4, 3, 1, None)
    body = text(response)
    assert "non communiqué" in body
    assert "<caption>" in body and 'scope="row"' in body  # a data table with its caption and row headers
    assert 'http-equiv="refresh"' not in body  # sent: nothing to refresh


def test_the_statistics_refresh_while_sending_only(client, editor, issue):
    IssueSending.objects.filter(issue=issue).update(finished_at=None)
    client.force_login(editor)
    url = reverse("newsletters_issue_stats", args=[issue.pk])
    response = client.get(url)
    body = text(response)
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', body)
    assert response.context["state_label"] == "en cours d'envoi"
    assert 'http-equiv="refresh"' not in text(client.get(url + "?actualiser=non"))  # the editor may stop it
    assert "<script>" not in body  # CSP: no inline script


def test_the_report_lists_own_issues_with_state_and_counts_only(client, editor, issue, draft, figures, other_issue):
    client.force_login(editor)
    response = client.get(reverse("newsletters_issues_report"))
    assert response.status_code == 200
    rows = {row["issue"].pk: row for row in response.context["rows"]}
    assert set(rows) == {issue.pk, draft.pk}
    assert rows[issue.pk]["state_label"] == "envoyé"
    assert rows[draft.pk]["state_label"] == "brouillon"
    assert rows[issue.pk]["stats"].recipients == 4
    body = text(response)
    assert other_issue.title not in body and "Autreville" not in body
    assert ">7<" not in body  # the other space's count


def test_another_space_editor_gets_404_everywhere_and_never_an_address(
    client, other_editor, issue, newsletter, figures
):
    subscription = SubscriptionFactory(newsletter=newsletter, email="habitante.secrete@exemple.invalid")
    client.force_login(other_editor)
    for url in urls(issue, newsletter, subscription):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "habitante.secrete" not in text(response)
    report = client.get(reverse("newsletters_issues_report"))
    assert [row["issue"].title for row in report.context["rows"]] == ["Numéro secret d'Autreville"]  # their own
    assert issue.title not in text(report) and "La lettre de Test" not in text(report)


def test_a_citizen_is_kept_out(client, citizen, issue, newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter)
    client.force_login(citizen)
    for url in [reverse("newsletters_issues_report"), *urls(issue, newsletter, subscription)]:
        response = client.get(url)
        assert response.status_code in (302, 403), url  # Wagtail's admin sends them to its login
        assert subscription.email not in text(response)


@pytest.mark.parametrize("who", ["superuser", "national_editor"])
def test_aimpact_team_sees_every_space(request, client, who, issue, other_issue, other_subscriber, figures):
    client.force_login(request.getfixturevalue(who))
    report = client.get(reverse("newsletters_issues_report"))
    assert {issue.pk, other_issue.pk} <= {row["issue"].pk for row in report.context["rows"]}
    for url in urls(other_issue, other_subscriber.newsletter, other_subscriber):
        assert client.get(url).status_code == 200, url


def test_nothing_answers_a_post(client, editor, issue, newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter)
    client.force_login(editor)
    for url in [reverse("newsletters_issues_report"), *urls(issue, newsletter, subscription)]:
        assert client.post(url).status_code == 405, url


def test_subscribers_filtered_by_state_and_searched_by_address(client, editor, newsletter, other_subscriber):
    SubscriptionFactory(newsletter=newsletter, email="alice@exemple.invalid", themes=["mobilite"], language="en")
    SubscriptionFactory(newsletter=newsletter, email="bob@exemple.invalid", status="desinscrite")
    SubscriptionFactory(newsletter=newsletter, email="carole@exemple.invalid", status="en_attente", confirmed_at=None)
    client.force_login(editor)
    url = reverse("newsletters_subscribers", args=[newsletter.pk])
    response = client.get(url)
    assert response.context["count"] == 3
    body = text(response)
    assert "alice@exemple.invalid" in body and "Mobilité et transports" in body and "English" in body
    assert "voisin.secret" not in body
    assert [s.email for s, _ in client.get(url + "?etat=desinscrite").context["rows"]] == ["bob@exemple.invalid"]
    assert [s.email for s, _ in client.get(url + "?q=ALICE@").context["rows"]] == ["alice@exemple.invalid"]
    assert client.get(url + "?etat=nimportequoi").context["count"] == 3  # a junk state is no filter
    assert client.get(url + "?q=voisin").context["count"] == 0  # another list's address is not found


def test_consent_records_are_shown_read_only(client, editor, newsletter):
    subscription = SubscriptionFactory(newsletter=newsletter, email="alice@exemple.invalid")
    ConsentRecord.objects.create(
        subscription=subscription,
        action=ConsentRecord.Action.REQUESTED,
        source=ConsentRecord.Source.WEB,
        list_title="La lettre de Test",
        consent_text="J'accepte de recevoir la lettre.",
        language="fr",
        themes=["culture"],
    )
    client.force_login(editor)
    response = client.get(reverse("newsletters_consent", args=[subscription.pk]))
    assert response.status_code == 200
    body = text(response)
    assert "J&#x27;accepte de recevoir la lettre." in body or "J'accepte de recevoir la lettre." in body
    assert "inscription demandée" in body and "formulaire du site" in body and "Culture et patrimoine" in body


def test_the_issue_page_has_its_statistics_button(client, editor, issue, newsletter):
    client.force_login(editor)
    edit = text(client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk])))
    assert reverse("newsletters_issue_stats", args=[issue.pk]) in edit
    edit = text(client.get(reverse("wagtailadmin_pages:edit", args=[newsletter.pk])))
    assert reverse("newsletters_subscribers", args=[newsletter.pk]) in edit
