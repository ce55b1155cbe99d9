"""The Académie in the API: pages in the v2, the learner's progress and quizzes under /api/academie/."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from academie.models import LessonCompletion, QuizAttempt
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db
RIGHT = {"quiz-1-q1": "quiz-1-q1-a1", "quiz-1-q2": ["quiz-1-q2-a1", "quiz-1-q2-a2"]}


def test_pages_in_api_v2(api, parcours, lessons, academie):
    case = CaseStudyPageFactory(parent=academie)
    data = api.get(f"/api/v2/pages/{parcours.pk}/").json()
    assert [lesson["title"] for lesson in data["lessons"]] == ["Leçon 1", "Leçon 2", "Leçon 3", "Leçon 4"]
    assert data["audiences"] == ["citoyens"]
    lesson = api.get(f"/api/v2/pages/{lessons[0].pk}/").json()
    assert lesson["locked"] is False and lesson["body"][1]["type"] == "quiz"
    assert {"theme", "level", "format", "duration_minutes", "library", "summary"} <= set(lesson)
    data = api.get(f"/api/v2/pages/{case.pk}/").json()
    assert data["figures"][0]["value"]["label"] == "Votants" and data["size_bracket"] == "2000_10000"
    listing = api.get("/api/v2/pages/", {"type": "academie.LessonPage", "fields": "theme,library"}).json()
    assert listing["meta"]["total_count"] == 4


def test_learner_endpoints_need_authentication(api, lesson):
    for response in (
        api.get("/api/academie/progress/"),
        api.post(f"/api/academie/lessons/{lesson.pk}/done/"),
        api.post(f"/api/academie/lessons/{lesson.pk}/quiz/", {"answers": RIGHT}, format="json"),
    ):
        assert response.status_code == 401
        assert set(response.json()) == {"code", "message"}


def test_mark_done_and_progress_with_a_token(api, learner, parcours, lessons):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=learner).key}")
    response = api.post(f"/api/academie/lessons/{lessons[0].pk}/done/")
    assert response.status_code == 201
    assert response.json()["parcours"]["done"] == 1
    assert api.post(f"/api/academie/lessons/{lessons[0].pk}/done/").json()["status"] == "already_done"
    progress = api.get("/api/academie/progress/").json()
    (item,) = progress["parcours"]
    assert (item["done"], item["total"], item["percent"], item["completed"]) == (1, 4, 25, False)
    assert item["resume"]["id"] == lessons[1].pk
    assert progress["completed_lessons"][0]["lesson"]["id"] == lessons[0].pk
    assert api.delete(f"/api/academie/lessons/{lessons[0].pk}/done/").status_code == 204
    assert not LessonCompletion.objects.exists()


def test_mark_done_refused_on_a_locked_lesson_and_unknown_lesson(api, learner, full_lesson):
    api.force_authenticate(learner)
    response = api.post(f"/api/academie/lessons/{full_lesson.pk}/done/")
    assert response.status_code == 403 and response.json()["code"] == "locked"
    assert api.post("/api/academie/lessons/999999/done/").status_code == 404
    assert not LessonCompletion.objects.exists()


def test_submit_quiz(api, learner, lesson):
    api.force_authenticate(learner)
    response = api.post(f"/api/academie/lessons/{lesson.pk}/quiz/", {"answers": RIGHT}, format="json")
    assert response.status_code == 201
    data = response.json()
    assert (data["score"], data["total"], data["passed"]) == (2, 2, True)
    assert data["questions"][0]["choices"][1]["explanation"] == "Il contrôle la légalité."
    assert QuizAttempt.objects.get().user == learner


def test_submit_quiz_bad_input(api, learner, lesson):
    api.force_authenticate(learner)
    url = f"/api/academie/lessons/{lesson.pk}/quiz/"
    response = api.post(url, {"answers": {"quiz-1-q1": "quiz-1-q1-zz"}}, format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid_answers"
    assert data["errors"] == {
        "quiz-1-q1": "Cette réponse ne fait pas partie des réponses proposées.",
        "quiz-1-q2": "Répondez à cette question.",
    }
    assert api.post(url, {"answers": RIGHT, "quiz_id": "autre"}, format="json").json()["code"] == "quiz_not_found"
    assert api.post(url, ["pas", "un", "objet"], format="json").status_code == 400
    assert not QuizAttempt.objects.exists()


def test_openapi_schema_documents_the_learner_api(api):
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert {
        "/api/academie/progress/",
        "/api/academie/lessons/{lesson_id}/done/",
        "/api/academie/lessons/{lesson_id}/quiz/",
    } <= set(paths)


def test_schema_generation_covers_the_learner_api():
    """drf-spectacular documents the learner API's request and response bodies."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    quiz = schema["paths"]["/api/academie/lessons/{lesson_id}/quiz/"]["post"]
    assert "QuizResult" in str(quiz["responses"]["201"]) and "QuizSubmission" in str(quiz["requestBody"])
