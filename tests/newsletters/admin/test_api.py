"""The issues' API: the public archive lists sent issues of live public newsletters only (never a draft, a
scheduled issue or a page behind a restriction), an issue gives the text that was sent, and statistics are for the
issue's space's editors and AimPact's team only."""

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from newsletters import rendering
from newsletters.models import Delivery, IssueRendering

from .factories import NewsletterIssuePageFactory, NewsletterPageFactory, deliver, sent_issue

pytestmark = pytest.mark.django_db

ARCHIVE = "/api/newsletters/issues/"


def issue_ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_the_archive_lists_sent_public_issues_only(client, issue, draft, newsletter, other_issue, home):
    # Live without a sending (publishing records one at once: only a page made live another way, by a factory here).
    live_without_sending = NewsletterIssuePageFactory(parent=newsletter, title="En ligne, envoi pas commencé")
    restricted = sent_issue(newsletter, title="Réservé")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="secret")
    private_list = NewsletterPageFactory(parent=home, title="Liste privée", slug="liste-privee")
    PageViewRestriction.objects.create(page=private_list, restriction_type="login")
    behind_private = sent_issue(private_list)
    ids = issue_ids(client.get(ARCHIVE))
    assert set(ids) == {issue.pk, other_issue.pk}
    assert draft.pk not in ids and live_without_sending.pk not in ids
    assert restricted.pk not in ids and behind_private.pk not in ids
    assert issue_ids(client.get(ARCHIVE, {"newsletter": newsletter.pk})) == [issue.pk]
    page = client.get(ARCHIVE, {"limit": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]


def test_an_unpublished_newsletter_shows_no_issue(client, issue, newsletter):
    newsletter.unpublish()
    assert issue_ids(client.get(ARCHIVE)) == []
    response = client.get(ARCHIVE, {"newsletter": newsletter.pk})
    assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.parametrize("value", ["abc", "0", "-1", "²", "99999999999999999999999"])
def test_a_bad_newsletter_filter_is_a_400(client, value):
    response = client.get(ARCHIVE, {"newsletter": value})
    assert response.status_code == 400
    assert set(response.json()) >= {"code", "message"}


def test_an_issue_gives_its_sent_text_without_anyone_s_links(client, issue, newsletter):
    IssueRendering.objects.create(
        issue=issue,
        language="fr",
        subject=issue.title,
        html="<p>x</p>",
        text=f"Les nouvelles.\nSe désinscrire : {rendering.UNSUBSCRIBE_URL}",
    )
    body = client.get(f"{ARCHIVE}{issue.pk}/").json()
    assert body["id"] == issue.pk and body["newsletter"] == newsletter.pk
    assert body["title"] == issue.title and body["url"].endswith(issue.url)
    assert body["text"].startswith("Les nouvelles.") and "%%" not in body["text"]
    assert body["language"] == "fr"


def test_a_draft_or_restricted_issue_is_a_404(client, draft, newsletter):
    restricted = sent_issue(newsletter, title="Réservé")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="secret")
    for page in (draft, restricted):
        response = client.get(f"{ARCHIVE}{page.pk}/")
        assert response.status_code == 404 and response.json()["code"]
    assert client.get(f"{ARCHIVE}999999/").status_code == 404


def stats_urls(issue, newsletter):
    return [f"{ARCHIVE}{issue.pk}/stats/", f"/api/newsletters/newsletters/{newsletter.pk}/stats/"]


def test_statistics_for_the_space_editor(client, editor, issue, newsletter):
    deliver(issue, newsletter, Delivery.Status.DELIVERED, 3, delivered_at=timezone.now())
    deliver(issue, newsletter, Delivery.Status.BOUNCED, 1)
    client.force_login(editor)
    issue_url, newsletter_url = stats_urls(issue, newsletter)
    body = client.get(issue_url).json()
    assert (body["recipients"], body["delivered"], body["bounced"], body["opened"]) == (4, 3, 1, None)
    assert body["state"] == "envoye" and body["rates"]["bounced"] == 0.25 and body["rates"]["opened"] is None
    body = client.get(newsletter_url).json()
    assert body["total"] == 4 and body["by_status"]["active"] == 4 and body["by_status"]["suspendue"] == 0


def test_statistics_are_refused_to_others(client, other_editor, citizen, issue, newsletter):
    deliver(issue, newsletter, Delivery.Status.DELIVERED, 5)
    for url in stats_urls(issue, newsletter):
        assert client.get(url).status_code in (401, 403)
    for user in (other_editor, citizen):
        client.force_login(user)
        for url in stats_urls(issue, newsletter):
            response = client.get(url)
            assert response.status_code == 404, (user, url)
            assert "recipients" not in response.json() and "total" not in response.json()


def test_aimpact_team_reads_every_space_statistics(client, national_editor, issue, newsletter):
    client.force_login(national_editor)
    for url in stats_urls(issue, newsletter):
        assert client.get(url).status_code == 200
