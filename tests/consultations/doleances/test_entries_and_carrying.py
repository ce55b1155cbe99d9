"""An entry of the cahier: its detail, its highlighted comments, and carrying it (threshold, who, once)."""

import threading

import pytest

from django.db import connection

from consultations.comments.models import Comment
from consultations.doleances import personal_data
from consultations.doleances.models import ArchiveEntry, Carrying
from consultations.doleances.services import CarryRefused, carry, record_answer
from tests.factories import CollectiviteSpaceFactory, ConsultationIndexPageFactory, TerritoryFactory, UserFactory

from .factories import closed_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(index, cahier, threshold):
    closed_consultation(index, title="Le parc", participants=150)
    return ArchiveEntry.objects.get()


@pytest.fixture
def small_entry(index, cahier, threshold):
    closed_consultation(index, title="Le square", participants=40)
    return ArchiveEntry.objects.get(title="Le square")


def test_entry_detail_shows_results_analysis_and_link(client, cahier, entry):
    entry.analysis = "Une majorité nette pour le parc."
    entry.save()
    response = client.get(f"{cahier.url}{entry.pk}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Le parc" in content
    assert "Une majorité nette pour le parc." in content
    assert "En tête : « Oui » (62 %)" in content
    assert entry.page.specific.results_url() in content


def test_unknown_entry_is_a_404(client, cahier):
    assert client.get(f"{cahier.url}999999/").status_code == 404


@pytest.mark.security
def test_highlights_show_only_visible_comments_of_the_consultation(client, cahier, entry, index, citizen):
    own = Comment.objects.create(page_id=entry.page_id, author=citizen, text="Un parc pour les enfants")
    foreign_page = closed_consultation(index, title="Autre")
    foreign = Comment.objects.create(page=foreign_page, author=citizen, text="Commentaire d'ailleurs")
    entry.highlighted_comments.add(own, foreign)  # as a script might, past the admin's form
    content = client.get(f"{cahier.url}{entry.pk}/").content.decode()
    assert "Un parc pour les enfants" in content
    assert "ailleurs" not in content
    Comment.objects.filter(pk=own.pk).update(status=Comment.Status.HIDDEN)
    content = client.get(f"{cahier.url}{entry.pk}/").content.decode()
    assert "Un parc pour les enfants" not in content


@pytest.mark.security
def test_highlighted_comment_text_is_escaped(client, cahier, entry, citizen):
    comment = Comment.objects.create(page_id=entry.page_id, author=citizen, text="<script>alert(1)</script>")
    entry.highlighted_comments.add(comment)
    for url in (cahier.url, f"{cahier.url}{entry.pk}/"):
        content = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;" in content


def test_below_the_threshold_nothing_is_written(client, cahier, small_entry, editor):
    with pytest.raises(CarryRefused) as refused:
        carry(small_entry, editor, institution="Préfecture", message="À vous")
    assert refused.value.code == "below_threshold"
    assert "il en faut au moins 100" in refused.value.message
    client.force_login(editor)
    response = client.post(f"{cahier.url}{small_entry.pk}/porter/", {"institution": "Préfecture", "message": "À vous"})
    assert response.status_code == 403
    assert "il en faut au moins 100" in response.content.decode()
    assert not Carrying.objects.exists()
    detail = client.get(f"{cahier.url}{small_entry.pk}/").content.decode()
    assert "à partir de 100 participants" in detail


def test_editor_carries_to_a_territory_and_the_archive_shows_it(client, cahier, entry, editor, departement):
    client.force_login(editor)
    form = client.get(f"{cahier.url}{entry.pk}/porter/")
    assert form.status_code == 200
    assert "Loire-Atlantique" in form.content.decode()
    response = client.post(
        f"{cahier.url}{entry.pk}/porter/", {"territory": departement.pk, "message": "Les habitants ont parlé."}
    )
    assert response.status_code == 302
    carrying = Carrying.objects.get()
    assert (carrying.territory, carrying.role, carrying.carried_by) == (departement, "editor", editor)
    listing = client.get(cahier.url).content.decode()
    assert "auprès de Loire-Atlantique" in listing
    detail = client.get(f"{cahier.url}{entry.pk}/").content.decode()
    assert "Les habitants ont parlé." in detail
    assert "Aucune réponse n" in detail
    record_answer(carrying, editor, "Le Département étudiera la demande.")
    detail = client.get(f"{cahier.url}{entry.pk}/").content.decode()
    assert "Le Département étudiera la demande." in detail
    assert "Réponse reçue le" in detail


def test_author_citizen_carries_to_a_named_institution(client, cahier, entry, citizen):
    Carrying.objects.all().delete()
    type(entry.page).objects.filter(pk=entry.page_id).update(owner=citizen)
    client.force_login(citizen)
    response = client.post(
        f"{cahier.url}{entry.pk}/porter/", {"institution": "Assemblée nationale", "message": "Pour la loi."}
    )
    assert response.status_code == 302
    carrying = Carrying.objects.get()
    assert (carrying.institution, carrying.role, carrying.territory) == ("Assemblée nationale", "author", None)


@pytest.mark.security
def test_a_stranger_or_another_space_editor_is_refused(client, cahier, entry, stranger, other_editor):
    for user in (stranger, other_editor):
        client.force_login(user)
        response = client.post(f"{cahier.url}{entry.pk}/porter/", {"institution": "Préfecture", "message": "Hop"})
        assert response.status_code == 403
        assert "Seuls l&#x27;auteur" in response.content.decode()
    assert not Carrying.objects.exists()


def test_anonymous_is_sent_to_login(client, cahier, entry):
    response = client.get(f"{cahier.url}{entry.pk}/porter/")
    assert response.status_code == 302
    assert "login" in response["Location"] or "connexion" in response["Location"]


@pytest.mark.parametrize(
    "data",
    [
        {"message": "Sans destinataire"},
        {"institution": "Préfecture", "message": ""},
        {"institution": "Préfecture", "territory": "1", "message": "Les deux"},
        {"territory": "999999", "message": "Inconnu"},
    ],
)
def test_bad_carrying_forms_write_nothing(client, cahier, entry, editor, departement, data):
    if data.get("territory") == "1":
        data["territory"] = departement.pk
    client.force_login(editor)
    response = client.post(f"{cahier.url}{entry.pk}/porter/", data)
    assert response.status_code == 400
    assert "form-errors" in response.content.decode()
    assert not Carrying.objects.exists()


@pytest.mark.security
def test_double_submit_carries_once(client, cahier, entry, editor):
    client.force_login(editor)
    data = {"institution": "Préfecture", "message": "Une fois"}
    assert client.post(f"{cahier.url}{entry.pk}/porter/", data).status_code == 302
    second = client.post(f"{cahier.url}{entry.pk}/porter/", data)
    assert second.status_code == 409
    assert "déjà été portée" in second.content.decode()
    with pytest.raises(CarryRefused) as refused:
        carry(entry, editor, institution="Préfecture", message="Encore")
    assert refused.value.code == "already_carried"
    assert Carrying.objects.count() == 1


@pytest.mark.security
@pytest.mark.postgres  # threads on SQLite's shared in-memory test database fail with "table is locked" at random
@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_carry_it_once(migrated_data):
    """Two real connections at once (PostgreSQL); a double submit in one process is tested above."""
    home = migrated_data
    commune = TerritoryFactory(kind="commune", code="44998", name="Concurrente")
    space = CollectiviteSpaceFactory(parent=home, title="Concurrente", slug="concurrente", territory=commune)
    index = ConsultationIndexPageFactory(parent=space)
    closed_consultation(index, title="Disputée", participants=300)
    entry = ArchiveEntry.objects.get()
    editors = [UserFactory(username=f"editeur{n}", groups=[space.editors_group]) for n in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(user):
        try:
            barrier.wait(timeout=5)
            carry(ArchiveEntry.objects.get(pk=entry.pk), user, institution="Préfecture", message=user.username)
            outcomes.append("carried")
        except CarryRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()  # this thread's own connection: none left open at teardown

    threads = [threading.Thread(target=attempt, args=(user,)) for user in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already_carried", "carried"]
    assert Carrying.objects.count() == 1


def test_personal_data_export_and_erase(entry, editor):
    carrying = carry(entry, editor, institution="Préfecture", message="Mon message")
    exported = personal_data.export(editor)
    assert exported["carryings"][0]["message"] == "Mon message"
    assert exported["carryings"][0]["recipient"] == "Préfecture"
    personal_data.erase(editor)
    carrying.refresh_from_db()
    assert carrying.carried_by is None
    assert carrying.message == "Mon message"
