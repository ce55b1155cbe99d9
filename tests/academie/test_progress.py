"""A learner marks lessons done (POST with CSRF, no JavaScript needed), sees the parcours' progress, resumes where
they stopped, and finds their completed parcours on their account page."""

import pytest

from django.test import Client

from academie.models import LessonCompletion
from academie.progress import completed_parcours, learner_parcours, mark_done, parcours_progress
from tests.academie.conftest import ACCESS_CODE

pytestmark = pytest.mark.django_db


def test_mark_done_needs_a_post_with_csrf(learner, lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.get(lesson.url + "termine/").status_code == 302  # a GET changes nothing
    assert client.post(lesson.url + "termine/").status_code == 403  # no CSRF token
    assert not LessonCompletion.objects.exists()
    page = client.get(lesson.url)
    token = page.cookies["csrftoken"].value
    response = client.post(lesson.url + "termine/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(user=learner, lesson_key=lesson.translation_key).count() == 1
    assert "Vous avez terminé cette leçon." in client.get(lesson.url).content.decode()


def test_anonymous_is_sent_to_login(client, lesson):
    response = client.post(lesson.url + "termine/")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert "Connectez-vous pour enregistrer votre progression" in client.get(lesson.url).content.decode()


def test_marking_twice_records_once_and_undo(client, learner, lesson):
    client.force_login(learner)
    client.post(lesson.url + "termine/")
    client.post(lesson.url + "termine/")
    assert LessonCompletion.objects.count() == 1
    client.post(lesson.url + "termine/", {"action": "undo"})
    assert LessonCompletion.objects.count() == 0


def test_progress_and_resume(client, learner, parcours, lessons):
    client.force_login(learner)
    html = client.get(parcours.url).content.decode()
    assert "Commencer : Leçon 1" in html
    client.post(lessons[0].url + "termine/")
    client.post(lessons[1].url + "termine/")
    html = client.get(parcours.url).content.decode()
    assert "2 leçons terminées sur 4 (50 %)" in html
    assert '<progress max="4" value="2" aria-labelledby="progression-parcours">' in html
    assert "Reprendre où je me suis arrêté : Leçon 3" in html
    progress = parcours_progress(learner, parcours)
    assert (progress.done, progress.total, progress.percent, progress.resume_lesson) == (2, 4, 50, lessons[2])


def test_resume_is_the_first_lesson_not_done_in_tree_order(learner, parcours, lessons):
    mark_done(learner, lessons[0])
    mark_done(learner, lessons[2])
    assert parcours_progress(learner, parcours).resume_lesson == lessons[1]
    lessons[3].move(parcours, pos="first-child")  # the editor reorders: the order follows the tree
    assert parcours_progress(learner, parcours).resume_lesson.pk == lessons[3].pk


def test_completed_parcours_listed_on_the_account_page(client, learner, parcours, lessons, client_space):
    client.force_login(learner)
    client.post("/academie/acces/", {"code": ACCESS_CODE})  # the third lesson is in the full library
    for lesson in lessons[:3]:
        client.post(lesson.url + "termine/")
    html = client.get("/comptes/profil/").content.decode()
    assert "Parcours en cours" in html and "Parcours terminés" not in html
    client.post(lessons[3].url + "termine/")
    assert [p.parcours.pk for p in completed_parcours(learner)] == [parcours.pk]
    html = client.get("/comptes/profil/").content.decode()
    assert "Parcours terminés" in html and "Comprendre la participation" in html


def test_unpublished_lesson_does_not_count(learner, parcours, lessons):
    for lesson in lessons[:3]:
        mark_done(learner, lesson)
    lessons[3].unpublish()
    (progress,) = learner_parcours(learner)
    assert progress.completed and progress.total == 3
