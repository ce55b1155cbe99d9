"""Results: counts and shares, turnout, breakdowns at closing with small groups hidden, moderated free texts,
visibility, CSV, and a cost that does not grow with the ballots."""

import csv
import datetime
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.closing import close, final_results
from consultations.models import ConsultationPage, FreeText
from consultations.results import approved_texts, get_results, live_results, publishable_groups, territory_population
from tests.factories import TerritoryFactory, UserFactory, full_answers

from .helpers import add_ballots


@pytest.fixture
def other_commune(db):
    return TerritoryFactory(kind="commune", code="44998", name="Bourg-Voisin", population=400)


def profile(commune, age, gender):
    return {"commune": commune.pk, "age_bracket": age, "gender": gender}


@pytest.fixture
def voted(consultation, commune, other_commune):
    """12 ballots from Villetest (women aged 25-34, for), 5 from Bourg-Voisin (men over 65, against)."""
    add_ballots(
        consultation,
        [
            (
                f"a{n}",
                full_answers(**{"q-scale": "5", "q-number": str(n), "q-short": "Bravo" if n < 3 else "bravo"}),
                profile(commune, "25-34", "femme"),
            )
            for n in range(12)
        ]
        + [
            (
                f"b{n}",
                full_answers(
                    **{"q-yes": "no", "q-single": "q-single-c2", "q-scale": "1", "q-number": "30", "q-short": None}
                ),
                profile(other_commune, "65+", "homme"),
            )
            for n in range(5)
        ],
    )
    return consultation


def by_id(results):
    return {q["id"]: q for q in results["questions"]}


def options(question):
    return {o["id"]: (o["count"], o["share"]) for o in question["options"]}


@pytest.mark.parametrize("source", ["live counters", "count at closing"])
def test_counts_shares_and_turnout(voted, source):
    results = live_results(voted) if source == "live counters" else final_results(voted)[0]
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


def test_an_even_count_has_the_mean_of_the_two_middle_values_as_median(consultation):
    add_ballots(consultation, [(f"m{n}", full_answers(**{"q-number": value}), {}) for n, value in enumerate("1379")])
    assert by_id(live_results(consultation))["q-number"]["stats"]["median"] == 5.0


def test_live_results_show_no_breakdown(voted):
    results = live_results(voted)
    assert results["breakdowns_withheld"] == "live"
    assert all(question["breakdowns"] == {} for question in results["questions"])


def test_breakdowns_at_closing_hide_what_subtraction_would_reveal(voted):
    """Villetest's 12 shown next to the 17 overall would tell what Bourg-Voisin's 5 answered: hidden too."""
    yes_no = by_id(final_results(voted)[0])["q-yes"]
    assert set(yes_no["breakdowns"]) == {"commune", "age_bracket", "gender"}
    assert yes_no["breakdowns"]["commune"] == []
    assert yes_no["hidden_in_breakdowns"] == {"commune": 17, "age_bracket": 17, "gender": 17}
    assert "Bourg-Voisin" not in str(yes_no) and "Villetest" not in str(yes_no)


def test_breakdowns_at_closing_show_groups_of_ten_and_more(voted, commune, other_commune):
    third = TerritoryFactory(kind="commune", code="44997", name="Hameau", population=100)
    add_ballots(
        voted,
        [(f"c{n}", full_answers(**{"q-yes": "abstain"}), profile(other_commune, "65+", "homme")) for n in range(6)]
        + [(f"d{n}", full_answers(**{"q-yes": "no"}), profile(third, "35-49", "homme")) for n in range(10)],
    )
    questions = by_id(final_results(voted)[0])
    communes = questions["q-yes"]["breakdowns"]["commune"]
    assert [(g["key"], g["label"], g["respondents"]) for g in communes] == [
        ("44998", "Bourg-Voisin", 11),
        ("44997", "Hameau", 10),
        ("44999", "Villetest", 12),
    ]
    assert {o["id"]: o["count"] for o in communes[2]["options"]} == {"yes": 12, "no": 0, "abstain": 0}
    assert [(g["key"], g["label"]) for g in questions["q-yes"]["breakdowns"]["gender"]] == [
        ("femme", "Femme"),
        ("homme", "Homme"),
    ]
    # Age: 25-34 (12), 65+ (11), 35-49 (10): all shown, nothing left to subtract.
    assert questions["q-yes"]["hidden_in_breakdowns"]["age_bracket"] == 0
    # Text and number questions have no breakdown.
    assert questions["q-short"]["breakdowns"] == {}
    assert questions["q-number"]["breakdowns"] == {}


@pytest.mark.parametrize(
    ("sizes", "respondents", "shown"),
    [
        ({"a": 12, "b": 5}, 17, set()),  # 17 - 12 = 5: b's answers would show
        ({"a": 12, "b": 11, "c": 5}, 28, {"a"}),  # hide c, then b too (the remainder 5 would show c)
        ({"a": 12, "b": 10}, 22, {"a", "b"}),
        ({"a": 12, "b": 10}, 25, {"a"}),  # 3 gave no such information: subtracting would show them
        ({"a": 12, "b": 10}, 32, {"a", "b"}),  # 10 without information: enough
        ({"a": 9}, 30, set()),
    ],
)
def test_which_groups_can_be_published(sizes, respondents, shown):
    assert publishable_groups(sizes, respondents) == shown


def test_fewer_ballots_than_a_batch_publish_no_breakdown_and_say_why(client, consultation, commune, settings):
    settings.CONSULTATIONS_BALLOT_BATCH = 25
    add_ballots(consultation, [(f"p{n}", full_answers(), profile(commune, "25-34", "femme")) for n in range(20)])
    ConsultationPage.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    snapshot, _created = close(consultation.pk)
    assert snapshot.results["breakdowns_withheld"] == "too_few_ballots"
    assert all(question["breakdowns"] == {} for question in snapshot.results["questions"])
    html = client.get(consultation.url + "resultats/").content.decode()
    assert "avec moins de 25 bulletins, il permettrait de deviner des votes individuels" in html


def test_ballots_without_profile_are_left_out_of_breakdowns(consultation):
    add_ballots(consultation, [(f"n{n}", full_answers(), {}) for n in range(12)])
    question = by_id(final_results(consultation)[0])["q-yes"]
    assert question["breakdowns"] == {}
    assert question["respondents"] == 12


def test_empty_results(consultation):
    results = live_results(consultation)
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


def test_live_results_cost_the_same_whatever_the_number_of_ballots(consultation, make_consultation):
    """They read a few counters, never the ballots: the same queries for 3 ballots and for 60."""
    busy = make_consultation(slug="tres-suivie")
    add_ballots(consultation, [(f"f{n}", full_answers(), {}) for n in range(3)])
    add_ballots(
        busy,
        [(f"g{n}", full_answers(**{"q-number": str(n % 31), "q-short": f"idée {n}"}), {}) for n in range(60)],
    )
    queries = []
    for page in (consultation, busy):
        page = ConsultationPage.objects.get(pk=page.pk)
        with CaptureQueriesContext(connection) as captured:
            get_results(page)
        queries.append(len(captured))
        assert not any("consultations_ballot" in q["sql"] and "COUNT" not in q["sql"] for q in captured)
    assert queries[0] == queries[1]


# -- free texts ------------------------------------------------------------------------------------------------------


def test_free_texts_are_listed_only_after_moderation(client, voted, editor):
    results_url = voted.url + "resultats/"
    assert approved_texts(voted, "q-short") == []
    page = client.get(results_url)
    assert page.status_code == 200
    assert "Bravo" not in page.content.decode()
    assert "Aucune réponse libre n'a encore été publiée après modération." in page.content.decode()

    pending = list(FreeText.objects.filter(question_id="q-short", moderation="pending").values_list("id", flat=True))
    assert len(pending) == 12
    client.force_login(editor)
    moderation_url = reverse("consultations_moderation", args=[voted.pk])
    listing = client.get(moderation_url)
    assert listing.status_code == 200
    assert "Bravo" in listing.content.decode()
    response = client.post(moderation_url, {"decision": "approved", "answer": pending[:4]})
    assert response.status_code == 302
    response = client.post(moderation_url, {"decision": "rejected", "answer": pending[4:]})
    assert FreeText.objects.filter(question_id="q-short", moderation="approved").count() == 4
    assert FreeText.objects.filter(question_id="q-short", moderation="rejected").count() == 8

    approved = approved_texts(voted, "q-short")
    assert sum(item["count"] for item in approved) == 4
    assert {item["text"].lower() for item in approved} == {"bravo"}  # identical answers grouped, whatever the case
    client.logout()
    html = client.get(results_url).content.decode()
    assert "Réponses publiées après modération" in html
    assert "<blockquote>Bravo</blockquote>" in html or "<blockquote>bravo</blockquote>" in html


def test_moderation_only_touches_free_texts_of_this_consultation(client, voted, make_consultation, editor):
    other = make_consultation()
    add_ballots(other, [("x", full_answers(**{"q-short": "Autre"}), {})])
    foreign = FreeText.objects.get(consultation=other, question_id="q-short")
    client.force_login(editor)
    client.post(
        reverse("consultations_moderation", args=[voted.pk]),
        {"decision": "approved", "answer": [foreign.pk, "9" * 40]},
    )
    foreign.refresh_from_db()
    assert foreign.moderation == "pending"


# -- visibility ------------------------------------------------------------------------------------------------------


def test_live_results_page(client, voted):
    response = client.get(voted.url + "resultats/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "17 participants" in html
    assert "Résultats provisoires" in html
    assert "Le détail par commune, âge et genre sera publié à la clôture." in html
    assert "Bourg-Voisin" not in html


def test_results_hidden_until_closing(client, make_consultation, citizen, editor):
    page = make_consultation(results_visibility="after_close")
    add_ballots(page, [("a", full_answers(), {})])
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


def test_csv_export(client, api, voted, other_commune):
    add_ballots(
        voted, [(f"e{n}", full_answers(**{"q-yes": "no"}), profile(other_commune, "65+", "homme")) for n in range(5)]
    )
    ConsultationPage.objects.filter(pk=voted.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    close(voted.pk)
    for response in (client.get(voted.url + "resultats/csv/"), api.get(f"/api/consultations/{voted.pk}/results.csv")):
        rows = parse_csv(response)
        assert rows[0] == [
            "question_numero", "question", "type", "dimension", "groupe", "repondants", "choix", "nombre", "part"
        ]  # fmt: skip
        assert ["1", "Êtes-vous favorable au projet ?", "yes_no", "ensemble", "", "22", "Oui", "12", "0.5455"] in rows
        assert ["1", "Êtes-vous favorable au projet ?", "yes_no", "commune", "Villetest", "12", "Oui", "12", "1.0"] in (
            rows
        )
        assert [
            "1",
            "Êtes-vous favorable au projet ?",
            "yes_no",
            "commune",
            "Bourg-Voisin",
            "10",
            "Non",
            "10",
            "1.0",
        ] in (rows)
        assert ["7", "En un mot ?", "short_text", "ensemble", "", "17", "", "", ""] in rows
        assert all(len(row) == 9 for row in rows)


def test_a_group_hidden_for_one_question_is_hidden_for_all(consultation, commune, other_commune):
    """Found by the second audit: a conditional question's group sizes are the groups' counts of the condition's
    answer, so a group hidden for the first question but shown for the second gave away a hidden voter's answer."""
    hamlet = TerritoryFactory(kind="commune", code="44995", name="Hameau", population=30)
    alpha = [
        (f"a{n}", full_answers(**{"q-yes": "yes" if n < 10 else "no"}), profile(commune, "", "")) for n in range(12)
    ]
    beta = [(f"b{n}", full_answers(), profile(other_commune, "", "")) for n in range(10)]
    camille = [("camille", full_answers(**{"q-yes": "no"}), profile(hamlet, "", ""))]
    add_ballots(consultation, alpha + beta + camille)
    questions = by_id(final_results(consultation)[0])
    shown = {q: [g["label"] for g in questions[q]["breakdowns"]["commune"]] for q in ("q-yes", "q-multi", "q-single")}
    assert shown == {"q-yes": ["Villetest"], "q-multi": ["Villetest"], "q-single": ["Villetest"]}


def test_groups_shown_alike_across_questions():
    from consultations.results import shown_groups

    sizes = {"q1": {"a": 12, "b": 10, "c": 1}, "q2": {"a": 10, "b": 10}}
    assert shown_groups(sizes, {"q1": 23, "q2": 20}) == {"a"}
    assert shown_groups({"q1": {"a": 12, "b": 10}, "q2": {"a": 10, "b": 10}}, {"q1": 22, "q2": 20}) == {"a", "b"}


# Issue 10: what a first reader trips over ---------------------------------------------------------


def test_result_bars_are_shares_of_100_percent_not_of_the_largest_answer(client, voted):
    """12 « Oui » and 5 « Non » among 17: the « Oui » bar fills 70.6 % of its track, not all of it."""
    html = client.get(voted.url + "resultats/").content.decode()
    assert 'style="width: 70.60%"' in html
    assert 'style="width: 29.40%"' in html
    # The value stays written as text, and the chart keeps its data table.
    assert "70,6\u00a0%" in html
    assert "chart__table" in html


def test_the_public_results_page_gives_citizens_no_advice_meant_for_the_editor(client, voted, citizen, editor):
    for visitor in (None, citizen):
        if visitor is not None:
            client.force_login(visitor)
        html = client.get(voted.url + "resultats/").content.decode()
        assert "trop peu pour être représentatif" in html
        assert "présentez ces résultats" not in html
        assert "Conseils pour la restitution" not in html
    client.force_login(editor)
    html = client.get(voted.url + "resultats/").content.decode()
    assert "Conseils pour la restitution" in html
    assert "présentez ces résultats comme un avis des participants" in html


def test_the_results_api_gives_advice_to_editors_only(api, voted, editor):
    url = reverse("api_consultation_results", args=[voted.pk])
    data = api.get(url).json()
    assert data["recommendations"] == []
    assert any("trop peu pour être représentatif" in sentence for sentence in data["findings"])
    api.force_authenticate(editor)
    data = api.get(url).json()
    assert any("présentez ces résultats" in sentence for sentence in data["recommendations"])


def test_age_brackets_and_genders_are_translated_when_the_results_are_read_in_english(voted, commune):
    from django.utils import translation

    from consultations.analysis import render_findings

    add_ballots(
        voted,
        [(f"e{n}", full_answers(**{"q-yes": "no"}), profile(commune, "50-64", "femme")) for n in range(20)]
        + [(f"f{n}", full_answers(), profile(commune, "35-49", "homme")) for n in range(10)],
    )
    ConsultationPage.objects.filter(pk=voted.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    close(voted.pk)
    page = ConsultationPage.objects.get(pk=voted.pk)
    with translation.override("en"):
        results, analysis, _snapshot = get_results(page)
        labels = {g["label"] for g in by_id(results)["q-yes"]["breakdowns"]["age_bracket"]}
        genders = {g["label"] for g in by_id(results)["q-yes"]["breakdowns"]["gender"]}
        findings = " ".join(render_findings(analysis, results))
    assert "50 to 64" in labels and "Woman" in genders
    assert not {"50 à 64 ans", "Femme"} & (labels | genders)
    assert "50 à 64 ans" not in findings and "Femme" not in findings
    with translation.override("fr"):
        results, _analysis, _snapshot = get_results(page)
    assert "50 à 64 ans" in {g["label"] for g in by_id(results)["q-yes"]["breakdowns"]["age_bracket"]}
