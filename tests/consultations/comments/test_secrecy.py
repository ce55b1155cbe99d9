"""A comment never tells how (or whether) its author voted in a secret consultation: no badge, no order, nothing from
their participation in the page or in the API."""

import re

import pytest

from django.urls import reverse

from consultations.comments import services
from consultations.models import Participation
from tests.consultations.helpers import cast
from tests.factories import CitizenFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.fixture
def voter_and_abstainer(consultation, commune):
    voter = CitizenFactory(username="votante", first_name="Alex", commune=commune)
    abstainer = CitizenFactory(username="abstention", first_name="Alex", commune=commune)
    cast(consultation, user=voter)
    assert Participation.objects.filter(user=voter).exists()
    assert not Participation.objects.filter(user=abstainer).exists()
    return voter, abstainer


def normalised(fragment, *ids):
    """The fragment with the comments' ids, texts and times replaced by placeholders."""
    for n, pk in enumerate(ids):
        fragment = re.sub(rf"\b{pk}\b", f"ID{n}", fragment)
    fragment = re.sub(r'datetime="[^"]+"', 'datetime=""', fragment)
    fragment = re.sub(r"<time[^>]*>[^<]*</time>", "<time></time>", fragment)
    return fragment.replace("TEXTE-A", "TEXTE").replace("TEXTE-B", "TEXTE")


def article(content, pk):
    match = re.search(rf'<article[^>]*id="commentaire-{pk}".*?</article>', content, re.S)
    assert match, pk
    return match.group(0)


def test_a_voter_and_an_abstainer_render_identically_apart_from_text(
    client, consultation, voter_and_abstainer, other_citizen
):
    voter, abstainer = voter_and_abstainer
    first = services.post_comment(consultation, voter, "TEXTE-A")
    second = services.post_comment(consultation, abstainer, "TEXTE-B")
    cast(consultation, user=other_citizen)  # a viewer who voted too
    for viewer in (None, other_citizen):
        if viewer:
            client.force_login(viewer)
        content = client.get(consultation.url).content.decode()
        assert normalised(article(content, first.pk), first.pk) == normalised(article(content, second.pk), second.pk)
        assert "a voté" not in content.lower()


def test_the_api_payload_has_nothing_of_the_participation(api, consultation, voter_and_abstainer):
    voter, abstainer = voter_and_abstainer
    first = services.post_comment(consultation, voter, "TEXTE-A")
    second = services.post_comment(consultation, abstainer, "TEXTE-B")
    api.force_authenticate(abstainer)
    results = api.get(reverse("api_comments_page", args=[consultation.pk])).json()["results"]
    by_id = {item["id"]: item for item in results}
    keys = set(by_id[first.pk]) | set(by_id[second.pk])
    assert keys == {"id", "status", "author", "text", "created_at", "upvotes_count", "upvoted", "replies"}
    for item in (by_id[first.pk], by_id[second.pk]):
        item.pop("id"), item.pop("text"), item.pop("created_at")
    assert by_id[first.pk] == by_id[second.pk]


def test_the_order_depends_on_date_or_support_only(consultation, voter_and_abstainer):
    voter, abstainer = voter_and_abstainer
    older = services.post_comment(consultation, abstainer, "Plus ancien")
    newer = services.post_comment(consultation, voter, "Plus récent")
    original = services.discussion_page(consultation)
    assert list(services.listing_queryset(original, "recents")) == [newer, older]
    assert list(services.listing_queryset(original, "soutenus")) == [newer, older]  # equal support: newest first
    services.upvote(older, voter)
    assert list(services.listing_queryset(original, "soutenus")) == [older, newer]


def test_the_comments_code_never_reads_participations():
    from pathlib import Path

    import consultations.comments as app

    for path in Path(app.__file__).parent.rglob("*.py"):
        source = path.read_text()
        assert "Participation" not in source, path
        assert "Ballot" not in source, path
