"""Secret ballots: who took part is stored apart from what was answered, with nothing to join them."""

import pytest

from django.contrib.auth import get_user_model
from django.db import models

from consultations.models import Answer, Ballot, Participation, PendingBallot
from consultations.voting import cast_ballot, resolve_voter
from tests.factories import CitizenFactory, full_answers

TIME_FIELDS = (models.DateTimeField, models.DateField, models.TimeField, models.DurationField)


def concrete_fields(model):
    return [f for f in model._meta.get_fields() if getattr(f, "concrete", False)]


def related_models(model):
    return {f.name: f.related_model for f in model._meta.get_fields() if f.is_relation}


def test_ballots_and_answers_have_no_timestamp():
    for model in (Ballot, Answer, PendingBallot):
        for field in concrete_fields(model):
            assert not isinstance(field, TIME_FIELDS), f"{model.__name__}.{field.name}"
            assert not getattr(field, "auto_now", False)
            assert not getattr(field, "auto_now_add", False)


def test_ballots_and_answers_point_to_no_person():
    user_model = get_user_model()
    ballot_relations = related_models(Ballot)
    answer_relations = related_models(Answer)
    assert user_model not in ballot_relations.values()
    assert user_model not in answer_relations.values()
    assert Participation not in answer_relations.values()
    # The ballot's only way to a participation is the link an open ballot sets, and it may be empty.
    assert [name for name, model in ballot_relations.items() if model is Participation] == ["participation"]
    assert Ballot._meta.get_field("participation").null


def test_keys_are_random_not_sequential():
    for model in (Ballot, Answer, PendingBallot):
        pk = model._meta.pk
        assert isinstance(pk, models.BigIntegerField)
        assert not isinstance(pk, models.AutoField | models.BigAutoField)
        assert pk.default is not models.NOT_PROVIDED


@pytest.fixture
def voters(commune):
    return [CitizenFactory(commune=commune) for _ in range(25)]


def test_a_secret_ballot_cannot_be_traced_to_its_voter(consultation, voters):
    assert consultation.secrecy == "secret"
    ballots = [cast_ballot(consultation, resolve_voter(consultation, user=user), full_answers()) for user in voters]
    assert all(ballot.participation_id is None for ballot in ballots)
    assert not Ballot.objects.filter(participation__isnull=False).exists()

    # The participations record who voted, and the answers cannot be reached from them.
    participation = Participation.objects.get(user=voters[0])
    with pytest.raises(Participation.ballot.RelatedObjectDoesNotExist):
        participation.ballot  # noqa: B018 - the reverse link of an open ballot
    assert not Ballot.objects.filter(participation=participation).exists()
    assert not Answer.objects.filter(ballot__participation=participation).exists()
    assert not Answer.objects.filter(ballot__participation__user=voters[0]).exists()

    # Insertion order does not show in the keys: they are neither increasing nor consecutive.
    ids = [ballot.pk for ballot in ballots]
    assert len(set(ids)) == len(ids)
    assert ids != sorted(ids)
    assert ids != sorted(ids, reverse=True)
    assert max(ids) - min(ids) > 10 * len(ids)
    answer_ids = list(Answer.objects.filter(ballot=ballots[0]).values_list("pk", flat=True))
    assert max(answer_ids) - min(answer_ids) > 10 * len(answer_ids)
    # Ordered by their key, ballots come in another order than the voters'.
    assert list(Ballot.objects.order_by("pk").values_list("pk", flat=True)) != ids


def test_the_secret_ballot_carries_only_the_profile_used_for_breakdowns(consultation, commune):
    user = CitizenFactory(commune=commune)
    ballot = cast_ballot(consultation, resolve_voter(consultation, user=user), full_answers())
    stored = Ballot.objects.filter(pk=ballot.pk).values().get()
    assert set(stored) == {"id", "consultation_id", "participation_id", "commune_id", "age_bracket", "gender"}
    assert stored["participation_id"] is None
    assert stored["commune_id"] == commune.pk
    assert (stored["age_bracket"], stored["gender"]) == ("", "")


def test_an_open_ballot_is_attributed(make_consultation, citizen):
    page = make_consultation(secrecy="open")
    ballot = cast_ballot(page, resolve_voter(page, user=citizen), full_answers())
    participation = Participation.objects.get()
    assert ballot.participation == participation
    assert participation.user == citizen
    assert participation.ballot == ballot
    assert Answer.objects.filter(ballot__participation__user=citizen).count() == 11


def test_the_form_says_whether_the_ballot_is_secret(client, make_consultation, citizen):
    secret = make_consultation(secrecy="secret")
    open_ballot = make_consultation(secrecy="open")
    client.force_login(citizen)
    assert (
        "Vote secret : vos réponses sont enregistrées séparément de votre nom"
        in client.get(secret.url).content.decode()
    )
    assert "Vote à main levée : vos réponses sont attribuées à votre compte." in (
        client.get(open_ballot.url).content.decode()
    )
