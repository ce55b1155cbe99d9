"""Access by package: the basic library is open to all, the full library to client spaces' citizens and editors.
A locked lesson never gives its body: not in the page, not in the API v2 (whatever ?fields= asks), not in the v3."""

import pytest

from academie.access import has_full_library
from academie.models import LessonCompletion, QuizAttempt
from tests.academie.conftest import ACCESS_CODE
from tests.factories import CaseStudyPageFactory, CitizenFactory, LessonPageFactory, TerritoryFactory, UserFactory

SECRET = "CONTENU-RESERVE-XYZ"
pytestmark = pytest.mark.django_db


def api_bodies(client, lesson):
    detail = client.get(f"/api/v2/pages/{lesson.pk}/").json()
    listing_all = client.get("/api/v2/pages/", {"type": "academie.LessonPage", "fields": "*"}).json()
    listing_body = client.get("/api/v2/pages/", {"type": "academie.LessonPage", "fields": "body,locked"}).json()
    return detail, listing_all, listing_body


def test_basic_lesson_is_open_to_everyone(client, academie):
    lesson = LessonPageFactory(
        parent=academie, slug="ouverte", body=[{"type": "paragraph", "value": f"<p>{SECRET}</p>"}]
    )
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert SECRET in str(client.get(f"/api/v2/pages/{lesson.pk}/").json()["body"])


def test_anonymous_never_gets_a_locked_lesson_body(client, full_lesson, client_space):
    response = client.get(full_lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in html
    assert full_lesson.summary in html
    assert "Code d&#x27;accès de votre collectivité" in html  # how to get access
    assert 'action="/academie/acces/"' in html

    detail, listing_all, listing_body = api_bodies(client, full_lesson)
    assert SECRET not in str(detail) and detail["body"] is None and detail["locked"] is True
    assert detail["summary"] == full_lesson.summary
    for listing in (listing_all, listing_body):
        (item,) = [item for item in listing["items"] if item["id"] == full_lesson.pk]
        assert item["body"] is None and item["locked"] is True
        assert SECRET not in str(listing)


def test_api_v3_never_gives_a_full_library_body(client, full_lesson, client_space):
    response = client.get(f"/api/v3/pages/{full_lesson.pk}/")
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    full_lesson.library = "basic"  # the same page in the basic library: the v3 does serve its body
    full_lesson.save_revision().publish()
    assert SECRET in client.get(f"/api/v3/pages/{full_lesson.pk}/").content.decode()


def test_locked_case_study_hides_its_content(client, academie, client_space):
    case = CaseStudyPageFactory(parent=academie, library="full", problem=f"<p>{SECRET}</p>")
    assert SECRET not in client.get(case.url).content.decode()
    data = client.get(f"/api/v2/pages/{case.pk}/", {"fields": "*"}).json()
    assert data["problem"] is None and data["figures"] is None and data["locked"] is True
    client.post("/academie/acces/", {"code": ACCESS_CODE})
    assert SECRET in client.get(case.url).content.decode()


def test_access_code_entered_in_the_academie_opens_the_full_library(client, full_lesson, client_space):
    response = client.post("/academie/acces/", {"code": ACCESS_CODE.lower(), "next": full_lesson.url})
    assert response.status_code == 302 and response["Location"] == full_lesson.url
    assert SECRET in client.get(full_lesson.url).content.decode()
    detail = client.get(f"/api/v2/pages/{full_lesson.pk}/").json()
    assert SECRET in str(detail["body"]) and detail["locked"] is False


def test_access_code_entered_on_the_space_opens_it_too(client, full_lesson, client_space):
    """The space's own `acces/` page records the code in the same session list."""
    client.post(client_space.access_code_url(), {"code": ACCESS_CODE})
    assert SECRET in client.get(full_lesson.url).content.decode()


def test_wrong_code_is_refused_and_failures_are_limited(client, full_lesson, client_space):
    response = client.post("/academie/acces/", {"code": "PAS-LE-BON", "next": full_lesson.url})
    assert response.status_code == 400
    assert "Ce code n&#x27;est pas le bon" in response.content.decode()
    assert SECRET not in client.get(full_lesson.url).content.decode()
    for _attempt in range(10):
        client.post("/academie/acces/", {"code": "PAS-LE-BON"})
    response = client.post("/academie/acces/", {"code": ACCESS_CODE})
    assert response.status_code == 429
    assert SECRET not in client.get(full_lesson.url).content.decode()


def test_next_must_stay_on_the_site(client, academie, client_space):
    response = client.post("/academie/acces/", {"code": ACCESS_CODE, "next": "https://evil.example/"})
    assert response["Location"] == academie.url


def test_resident_of_a_client_space_reads_the_full_library(client, full_lesson, client_space, commune):
    resident = CitizenFactory(commune=commune)
    client.force_login(resident)
    assert SECRET in client.get(full_lesson.url).content.decode()
    assert SECRET in str(client.get(f"/api/v2/pages/{full_lesson.pk}/").json()["body"])


def test_resident_of_a_commune_inside_a_client_departement(client, home, full_lesson, departement):
    from tests.factories import CollectiviteSpaceFactory

    CollectiviteSpaceFactory(parent=home, slug="departement", territory=departement, package="sur_mesure")
    commune = TerritoryFactory(kind="commune", code="44109", name="Nantes", parent=departement)
    client.force_login(CitizenFactory(commune=commune))
    assert SECRET in client.get(full_lesson.url).content.decode()


def test_resident_elsewhere_does_not(client, full_lesson, client_space, stranger_commune):
    client.force_login(CitizenFactory(commune=stranger_commune))
    assert SECRET not in client.get(full_lesson.url).content.decode()


def test_editor_of_a_client_space_reads_the_full_library(client, full_lesson, client_space):
    client.force_login(UserFactory(username="editrice", groups=[client_space.editors_group]))
    assert SECRET in client.get(full_lesson.url).content.decode()


def test_a_package_without_the_full_library_opens_nothing(client, full_lesson, client_space, commune, monkeypatch):
    """Which packages open the full library comes from cms.choices.PACKAGE_FEATURES ("academie_full")."""
    from cms import choices

    monkeypatch.setitem(choices.PACKAGE_FEATURES, "premium", {"dashboard", "academie_basic"})
    client.force_login(CitizenFactory(commune=commune))
    assert SECRET not in client.get(full_lesson.url).content.decode()
    client.post("/academie/acces/", {"code": ACCESS_CODE})
    assert SECRET not in client.get(full_lesson.url).content.decode()


def test_unpublished_space_opens_nothing(rf, client_space, commune):
    client_space.unpublish()
    request = rf.get("/")
    request.user = CitizenFactory(commune=commune)
    request.session = {"aimpact_spaces": [str(client_space.translation_key)]}
    assert not has_full_library(request)


def test_locked_lesson_cannot_be_marked_done_nor_its_quiz_submitted(client, academie, client_space, learner):
    lesson = LessonPageFactory(parent=academie, slug="reservee-quiz", library="full")
    client.force_login(learner)
    response = client.post(lesson.url + "termine/")
    assert response.status_code == 403
    response = client.post(lesson.url + "quiz/quiz-1/", {"question-quiz-1-q1": "quiz-1-q1-a1"})
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists() and not QuizAttempt.objects.exists()


def resources_body(document):
    return [
        {
            "type": "resources",
            "value": {"title": "Ressources", "resources": [{"document": document.pk, "title": "", "description": ""}]},
            "id": "r-1",
        }
    ]


def test_a_full_library_document_is_served_only_to_its_readers(client, academie, client_space):
    from wagtail_factories import DocumentFactory

    from tests.factories import LessonPageFactory

    document = DocumentFactory(title="Guide réservé")
    LessonPageFactory(parent=academie, slug="guide", library="full", body=resources_body(document))
    url = document.url
    assert client.get(url).status_code == 403
    client.post("/academie/acces/", {"code": ACCESS_CODE, "next": "/academie/"})
    assert client.get(url).status_code == 200


def test_a_document_also_used_by_a_basic_lesson_stays_public(client, academie, client_space):
    from wagtail_factories import DocumentFactory

    from tests.factories import LessonPageFactory

    document = DocumentFactory(title="Guide partagé")
    LessonPageFactory(parent=academie, slug="guide-reserve", library="full", body=resources_body(document))
    LessonPageFactory(parent=academie, slug="guide-ouvert", library="basic", body=resources_body(document))
    assert client.get(document.url).status_code == 200
