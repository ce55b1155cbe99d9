"""Results: counts and shares, turnout, breakdowns with small groups hidden, moderated free texts, visibility, CSV."""

import csv
import io
from decimal import Decimal

import pytest

from django.urls import reverse

from consultations.models import Answer
from consultations.results import approved_texts, compute_results, territory_population
from consultations.voting import Voter, cast_ballot
from tests.factories import TerritoryFactory, UserFactory, full_answers


def cast(page, key, answers=None, **profile):
    return cast_ballot(page, Voter(key=key, **profile), full_answers() if answers is None else answers)


@pytest.fixture
def other_commune(db):
    return TerritoryFactory(kind="commune", code="44998", name="Bourg-Voisin", population=400)


@pytest.fixture
def voted(consultation, commune, other_commune):
    """12 ballots from Villetest (women aged 25-34, for), 5 from Bourg-Voisin (men over 65, against)."""
    for n in range(12):
        cast(
            consultation,
            f"a{n}",
            full_answers(**{"q-scale": "5", "q-number": str(n), "q-short": "Bravo" if n < 3 else "bravo"}),
            commune=commune,
            age_bracket="25-34",
            gender="femme",
        )
    for n in range(5):
        cast(
            consultation,
            f"b{n}",
            full_answers(
                **{"q-yes": "no", "q-single": "q-single-c2", "q-scale": "1", "q-number": "30", "q-short": None}
            ),
            commune=other_commune,
            age_bracket="65+",
            gender="homme",
        )
    return consultation


def by_id(results):
    return {q["id"]: q for q in results["questions"]}


def options(question):
    return {o["id"]: (o["count"], o["share"]) for o in question["options"]}


def test_counts_shares_and_turnout(voted):
    results = compute_results(voted)
    assert results["participants"] == 17
    assert results["population"] == 1000
    assert results["turnout"] == 0.017
    questions = by_id(results)
    assert questions["q-yes"]["respondents"] == 17
    assert options(questions["q-yes"]) == {"yes": (12, 0.7059), "no": (5, 0.2941), "abstain": (0, 0.0)}
    assert options(questions["q-single"]) == {
        "q-single-c1": (12, 0.7059),
        "q-single-c2": (5, 0.2941),
        "q-single-c3": (0, 0.0),
    }
    # Only those who said yes were asked the conditional question: shares are of its respondents.
    assert questions["q-multi"]["respondents"] == 12
    assert options(questions["q-multi"]) == {
        "q-multi-c1": (12, 1.0),
        "q-multi-c2": (0, 0.0),
        "q-multi-c3": (12, 1.0),
        "q-multi-c4": (0, 0.0),
    }
    ranking = questions["q-rank"]["ranking"]
    assert [(item["id"], item["mean_rank"], item["first_count"]) for item in ranking] == [
        ("q-rank-c3", 1.0, 17),
        ("q-rank-c1", 2.0, 0),
        ("q-rank-c2", 3.0, 0),
    ]
    assert questions["q-scale"]["stats"] == {
        "count": 17,
        "mean": round(65 / 17, 3),
        "median": 5.0,
        "min": 1.0,
        "max": 5.0,
    }
    assert options(questions["q-scale"])["5"] == (12, 0.7059)
    number = questions["q-number"]["stats"]
    assert number["count"] == 17
    assert number["median"] == 8.0  # 0..11 then five 30: the 9th of 17 values
    assert (number["min"], number["max"]) == (0.0, 30.0)
    assert number["mean"] == round((sum(range(12)) + 150) / 17, 3)
    assert questions["q-short"]["texts_count"] == 12
    assert questions["q-short"]["options"] == []


def test_breakdowns_hide_groups_under_ten(voted):
    questions = by_id(compute_results(voted))
    yes_no = questions["q-yes"]
    assert set(yes_no["breakdowns"]) == {"commune", "age_bracket", "gender"}
    communes = yes_no["breakdowns"]["commune"]
    assert [(g["key"], g["label"], g["respondents"]) for g in communes] == [("44999", "Villetest", 12)]
    assert {o["id"]: (o["count"], o["share"]) for o in communes[0]["options"]}["yes"] == (12, 1.0)
    assert [(g["key"], g["label"]) for g in yes_no["breakdowns"]["age_bracket"]] == [("25-34", "25 à 34 ans")]
    assert [(g["key"], g["label"]) for g in yes_no["breakdowns"]["gender"]] == [("femme", "Femme")]
    assert yes_no["hidden_in_breakdowns"] == {"commune": 5, "age_bracket": 5, "gender": 5}
    assert "Bourg-Voisin" not in str(questions)
    # Text and number questions have no breakdown.
    assert questions["q-short"]["breakdowns"] == {}
    assert questions["q-number"]["breakdowns"] == {}


def test_a_group_of_ten_is_shown(consultation, commune, other_commune):
    for n in range(10):
        cast(consultation, f"a{n}", commune=commune)
    for n in range(9):
        cast(consultation, f"b{n}", commune=other_commune)
    groups = by_id(compute_results(consultation))["q-yes"]["breakdowns"]["commune"]
    assert [(g["label"], g["respondents"]) for g in groups] == [("Villetest", 10)]


def test_ballots_without_profile_are_left_out_of_breakdowns(consultation):
    for n in range(12):
        cast(consultation, f"n{n}")
    question = by_id(compute_results(consultation))["q-yes"]
    assert question["breakdowns"] == {}
    assert question["respondents"] == 12


def test_empty_results(consultation):
    results = compute_results(consultation)
    assert results["participants"] == 0
    assert results["turnout"] == 0
    assert all(o["share"] == 0.0 for o in by_id(results)["q-yes"]["options"])
    assert by_id(results)["q-number"]["stats"]["mean"] is None


def test_population_of_a_territory_without_its_own_is_its_communes(db):
    departement = TerritoryFactory(kind="departement", code="85", name="Vendée", population=None)
    TerritoryFactory(kind="commune", code="85001", parent=departement, population=1500)
    TerritoryFactory(kind="commune", code="85002", parent=departement, population=2500)
    TerritoryFactory(kind="commune", code="85003", parent=departement, population=None)
    assert territory_population(departement) == 4000
    assert territory_population(TerritoryFactory(kind="commune", code="85004", population=None)) is None
    assert territory_population(None) is None


# -- free texts ------------------------------------------------------------------------------------------------------


def test_free_texts_are_listed_only_after_moderation(client, voted, editor):
    results_url = voted.url + "resultats/"
    assert approved_texts(voted, "q-short") == []
    page = client.get(results_url)
    assert page.status_code == 200
    assert "Bravo" not in page.content.decode()
    assert "Aucune réponse libre n'a encore été publiée après modération." in page.content.decode()

    pending = list(Answer.objects.filter(question_id="q-short", moderation="pending").values_list("id", flat=True))
    assert len(pending) == 12
    client.force_login(editor)
    moderation_url = reverse("consultations_moderation", args=[voted.pk])
    listing = client.get(moderation_url)
    assert listing.status_code == 200
    assert "Bravo" in listing.content.decode()
    response = client.post(moderation_url, {"decision": "approved", "answer": pending[:4]})
    assert response.status_code == 302
    response = client.post(moderation_url, {"decision": "rejected", "answer": pending[4:]})
    assert Answer.objects.filter(question_id="q-short", moderation="approved").count() == 4
    assert Answer.objects.filter(question_id="q-short", moderation="rejected").count() == 8

    approved = approved_texts(voted, "q-short")
    assert sum(item["count"] for item in approved) == 4
    assert {item["text"].lower() for item in approved} == {"bravo"}  # identical answers grouped, whatever the case
    client.logout()
    html = client.get(results_url).content.decode()
    assert "Réponses publiées après modération" in html
    assert "<blockquote>Bravo</blockquote>" in html or "<blockquote>bravo</blockquote>" in html


def test_moderation_only_touches_free_texts_of_this_consultation(client, voted, make_consultation, editor):
    other = make_consultation()
    cast(other, "x", full_answers(**{"q-short": "Autre"}))
    foreign = Answer.objects.get(consultation=other, question_id="q-short")
    choice = Answer.objects.filter(consultation=voted, question_id="q-yes").first()
    client.force_login(editor)
    client.post(
        reverse("consultations_moderation", args=[voted.pk]),
        {"decision": "approved", "answer": [foreign.pk, choice.pk]},
    )
    foreign.refresh_from_db()
    choice.refresh_from_db()
    assert foreign.moderation == "pending"
    assert choice.moderation == ""


# -- visibility ------------------------------------------------------------------------------------------------------


def test_live_results_page(client, voted):
    response = client.get(voted.url + "resultats/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "17 participants" in html
    assert "Résultats provisoires" in html
    assert "Villetest" in html
    assert "Bourg-Voisin" not in html


def test_results_hidden_until_closing(client, make_consultation, citizen, editor):
    page = make_consultation(results_visibility="after_close")
    cast(page, "a")
    url = page.url + "resultats/"
    response = client.get(url)
    assert response.status_code == 403
    assert "Les résultats seront publiés à la clôture de la consultation" in response.content.decode()
    assert "Voir les résultats" not in client.get(page.url).content.decode()
    assert client.get(url.replace("resultats/", "resultats/csv/")).status_code == 403
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Aperçu réservé aux éditeurs" in response.content.decode()
    assert client.get(url.replace("resultats/", "resultats/csv/")).status_code == 200


def test_an_editor_of_another_space_does_not_see_hidden_results(client, home, make_consultation):
    from tests.factories import CollectiviteSpaceFactory

    page = make_consultation(results_visibility="after_close")
    other_space = CollectiviteSpaceFactory(parent=home, slug="ailleurs")
    client.force_login(UserFactory(username="autre-editeur", groups=[other_space.editors_group]))
    assert client.get(page.url + "resultats/").status_code == 403


# -- CSV export ------------------------------------------------------------------------------------------------------


def parse_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_csv_export(client, api, voted):
    for response in (client.get(voted.url + "resultats/csv/"), api.get(f"/api/consultations/{voted.pk}/results.csv")):
        rows = parse_csv(response)
        assert rows[0] == [
            "question_numero", "question", "type", "dimension", "groupe", "repondants", "choix", "nombre", "part"
        ]  # fmt: skip
        assert ["1", "Êtes-vous favorable au projet ?", "yes_no", "ensemble", "", "17", "Oui", "12", "0.7059"] in rows
        assert [
            "1",
            "Êtes-vous favorable au projet ?",
            "yes_no",
            "commune",
            "Villetest",
            "12",
            "Oui",
            "12",
            "1.0",
        ] in rows
        assert not any("Bourg-Voisin" in cell for row in rows for cell in row)
        assert ["6", "Combien de visites par mois ?", "number", "ensemble", "", "17", "median", "8.0", ""] in rows
        assert ["7", "En un mot ?", "short_text", "ensemble", "", "12", "", "", ""] in rows
        assert all(len(row) == 9 for row in rows)


def test_scale_answers_are_stored_as_numbers(voted):
    assert set(Answer.objects.filter(question_id="q-scale").values_list("number", flat=True)) == {
        Decimal("5"),
        Decimal("1"),
    }


def test_live_results_are_recounted_at_most_every_few_seconds(consultation, settings):
    from django.core.cache import cache

    from consultations.closing import get_results

    settings.CONSULTATIONS_LIVE_RESULTS_SECONDS = 30
    cast(consultation, "a")
    assert get_results(consultation)[0]["participants"] == 1
    cast(consultation, "b")
    assert get_results(consultation)[0]["participants"] == 1  # served from the cache
    cache.clear()
    assert get_results(consultation)[0]["participants"] == 2
    settings.CONSULTATIONS_LIVE_RESULTS_SECONDS = 0
    cast(consultation, "c")
    assert get_results(consultation)[0]["participants"] == 3
