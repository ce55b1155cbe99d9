"""The editors' side: the analysis and highlighted comments of an entry, the answer of the public body, the
threshold setting, and who may see which entries."""

import pytest

from django.urls import reverse
from django.utils import timezone

from consultations.comments.models import Comment, CommentModeration
from consultations.doleances.models import ArchiveEntry, Carrying

from .factories import closed_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(index, cahier, threshold):
    closed_consultation(index, title="Le parc de la ville", participants=150)
    return ArchiveEntry.objects.get(title="Le parc de la ville")


@pytest.fixture
def other_entry(other_index, cahier):
    closed_consultation(other_index, title="Le marché d'Autreville", participants=150)
    return ArchiveEntry.objects.get(title__startswith="Le marché")


@pytest.fixture
def national_entry(national_index, cahier):
    closed_consultation(national_index, title="Une consultation nationale", participants=150)
    return ArchiveEntry.objects.get(title__startswith="Une consultation nationale")


def test_editor_writes_the_analysis_and_picks_comments(client, entry, editor, citizen):
    visible = Comment.objects.create(page_id=entry.page_id, author=citizen, text="À mettre en avant")
    hidden = Comment.objects.create(page_id=entry.page_id, author=citizen, text="Masqué", status=Comment.Status.HIDDEN)
    client.force_login(editor)
    url = reverse("doleances_admin_entry", args=[entry.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "À mettre en avant" in page.content.decode()
    assert "Masqué" not in page.content.decode()
    response = client.post(url, {"save_entry": "1", "analysis": "Notre analyse.", "highlighted_comments": [visible.pk]})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.analysis == "Notre analyse."
    assert list(entry.highlighted_comments.all()) == [visible]
    assert CommentModeration.objects.get().action == CommentModeration.Action.HIGHLIGHT
    refused = client.post(url, {"save_entry": "1", "analysis": "x", "highlighted_comments": [hidden.pk]})
    assert refused.status_code == 400
    assert list(entry.highlighted_comments.all()) == [visible]


@pytest.mark.security
def test_a_comment_of_another_consultation_cannot_be_highlighted(client, entry, other_entry, editor, citizen):
    foreign = Comment.objects.create(page_id=other_entry.page_id, author=citizen, text="D'ailleurs")
    client.force_login(editor)
    response = client.post(
        reverse("doleances_admin_entry", args=[entry.pk]),
        {"save_entry": "1", "analysis": "", "highlighted_comments": [foreign.pk]},
    )
    assert response.status_code == 400
    assert not entry.highlighted_comments.exists()


def test_editor_records_the_answer(client, entry, editor):
    Carrying.objects.create(entry=entry, carried_by=editor, role="editor", institution="Préfecture", message="M")
    client.force_login(editor)
    response = client.post(
        reverse("doleances_admin_entry", args=[entry.pk]),
        {"save_answer": "1", "answer": "La préfecture répond.", "answered_at": "2026-11-20"},
    )
    assert response.status_code == 302
    carrying = Carrying.objects.get()
    assert carrying.answer == "La préfecture répond."
    assert timezone.localtime(carrying.answered_at).date().isoformat() == "2026-11-20"
    assert carrying.answer_recorded_by == editor


@pytest.mark.security
def test_another_space_editor_sees_and_changes_nothing(client, entry, other_entry, national_entry, other_editor):
    client.force_login(other_editor)
    listing = client.get(reverse("doleances_admin_entries")).content.decode()
    assert "Le marché d&#x27;Autreville" in listing
    assert "Le parc de la ville" not in listing
    assert "Une consultation nationale" not in listing
    url = reverse("doleances_admin_entry", args=[entry.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"save_entry": "1", "analysis": "Piraté"}).status_code == 404
    assert client.get(reverse("doleances_admin_entry", args=[national_entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.analysis == ""


@pytest.mark.security
def test_citizens_and_visitors_have_no_admin(client, entry, citizen):
    url = reverse("doleances_admin_entry", args=[entry.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(citizen)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"save_entry": "1", "analysis": "Piraté"}).status_code in (302, 403)
    entry.refresh_from_db()
    assert entry.analysis == ""


def test_aimpact_team_edits_national_entries(client, national_entry, entry, superuser):
    client.force_login(superuser)
    listing = client.get(reverse("doleances_admin_entries")).content.decode()
    assert "Une consultation nationale" in listing and "Le parc de la ville" in listing
    url = reverse("doleances_admin_entry", args=[national_entry.pk])
    assert client.post(url, {"save_entry": "1", "analysis": "Analyse nationale"}).status_code == 302


def test_threshold_setting_page(client, superuser, threshold):
    client.force_login(superuser)
    url = reverse("wagtailsettings:edit", args=["doleances", "doleancessettings", threshold.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"carry_threshold": "250"})
    assert response.status_code == 302
    threshold.refresh_from_db()
    assert threshold.carry_threshold == 250
