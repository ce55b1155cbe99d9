"""Each automatic check failing and passing, on the web form and in the API (same messages), and the limit on
proposals per account."""

import pytest

from django.urls import reverse

from consultations.network import checks
from consultations.network.models import Proposal
from tests.factories import ConsultationPageFactory

from .factories import api_body, form_data, in_days

pytestmark = pytest.mark.django_db


def web_errors(client, **overrides):
    response = client.post(reverse("network_propose"), form_data(**overrides))
    if response.status_code == 302:
        return None
    assert response.status_code == 400, response.status_code
    form = response.context["form"]
    errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    if response.context["formset"].non_form_errors():
        errors["questions"] = list(response.context["formset"].non_form_errors())
    return errors


def api_errors(api, **overrides):
    response = api.post("/api/network/proposals/", api_body(**overrides), format="json")
    if response.status_code == 201:
        return None
    assert response.status_code == 400, response.content
    return response.json()["errors"]


@pytest.fixture
def api(proposer):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(proposer)
    return client


CASES = [
    ("title", {"title": "Trop court"}, "title_too_short"),
    ("title", {"title": "Une question " * 12}, "title_too_long"),
    ("description", {"description": "Trop court."}, "description_too_short"),
    ("title", {"title": "FAUT-IL ÉTENDRE LES HORAIRES DES PISCINES ?"}, "all_capitals"),
    (
        "description",
        {
            "description": "https://example.org/un-lien https://example.org/un-autre-lien-encore-plus-long-pour-la-longueur-minimale"
        },
        "only_links",
    ),
    ("title", {"title": "Virer ces connards de la mairie, vite !"}, "forbidden_word"),
    ("start_date", {"start_date": in_days(-1)}, "start_in_past"),
    ("duration_days", {"duration_days": "1"}, "duration_out_of_bounds"),
    ("duration_days", {"duration_days": "120"}, "duration_out_of_bounds"),
    ("territory", {"scope": "departement", "territory": ""}, "territory_required"),
]


def message_for(code, **data):
    problems = [problem for problem in checks.run_checks({**data}) if problem.code == code]
    return problems[0].message if problems else None


@pytest.mark.parametrize(("field", "overrides", "code"), CASES)
def test_each_check_fails_on_the_web_and_in_the_api(logged_in, api, national_index, places, field, overrides, code):
    errors = web_errors(logged_in, **overrides)
    assert errors and field in errors, errors
    api_overrides = dict(overrides)
    if "duration_days" in api_overrides:
        api_overrides["duration_days"] = int(api_overrides["duration_days"])
    errors_api = api_errors(api, **api_overrides)
    assert errors_api and field in errors_api
    assert errors_api[field] == errors[field]  # the same messages
    assert not Proposal.objects.exists()


def test_a_good_proposal_passes_every_check(logged_in, api, national_index, places):
    assert web_errors(logged_in) is None
    response = api.post(
        "/api/network/proposals/", api_body(title="Des fontaines d'eau potable dans tous les parcs"), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "pending"
    assert Proposal.objects.count() == 2


def test_all_problems_are_shown_at_once(logged_in, national_index):
    errors = web_errors(logged_in, title="COURT", description="x", start_date=in_days(-3))
    assert {"title", "description", "start_date"} <= set(errors)


def test_the_forbidden_word_is_not_repeated_back(logged_in, national_index):
    errors = web_errors(logged_in, description="Ces c0nnards de la mairie ne font rien. " * 4)
    assert "connard" not in " ".join(errors["description"]).casefold()
    assert "c0nnard" not in " ".join(errors["description"]).casefold()


def test_words_match_on_boundaries_only(logged_in, national_index):
    # « computer » contains « pute », « député » contains « pute » after folding: neither is refused.
    assert web_errors(logged_in, title="Faut-il un député par computer club municipal ?") is None


def test_forbidden_words_come_from_the_settings(logged_in, national_index, settings):
    settings.NETWORK_FORBIDDEN_WORDS = ["piscines"]
    errors = web_errors(logged_in)
    assert "title" in errors


def test_scope_kind_must_match_the_territory(logged_in, api, national_index, places):
    errors = web_errors(logged_in, scope="region", territory="44")  # 44 is no région
    assert "territory" in errors
    assert web_errors(logged_in, scope="departement", territory="Loire-Atlantique") is None
    assert (
        web_errors(logged_in, scope="commune", territory="Nantes", title="Ouvrir la piscine de Nantes plus tard")
        is None
    )


def test_the_subject_names_another_territory(logged_in, api, national_index, places):
    text = "En Bretagne, les piscines ferment trop tôt le soir pour les personnes qui travaillent tard. " * 2
    errors = web_errors(logged_in, scope="departement", territory="44", description=text)
    assert "Bretagne" in " ".join(errors["territory"])
    assert api_errors(api, scope="departement", territory="44", description=text)["territory"] == errors["territory"]
    # A territory inside or around the chosen one is coherent.
    around = "Dans les Pays de la Loire, les piscines ferment trop tôt le soir pour ceux qui travaillent. " * 2
    assert web_errors(logged_in, scope="departement", territory="44", description=around) is None
    # National: every territory is inside.
    assert web_errors(logged_in, title="Ouvrir les bassins municipaux en soirée", description=text) is None


def test_unknown_territory(logged_in, national_index, places):
    errors = web_errors(logged_in, scope="commune", territory="Nulle-Part-sur-Mer")
    assert "territory" in errors


def test_near_duplicate_of_an_open_consultation(logged_in, api, national_index):
    existing = ConsultationPageFactory(parent=national_index, title="Étendre les horaires des piscines publiques ?")
    response = logged_in.post(reverse("network_propose"), form_data())
    assert response.status_code == 400
    assert existing.url in response.content.decode()
    errors = api_errors(api)
    assert existing.title in errors["title"][0]
    response = api.post("/api/network/proposals/", api_body(), format="json")
    assert response.json()["duplicate"]["url"] == existing.url
    # A closed one is no duplicate.
    existing.closes_at = existing.opens_at
    existing.save_revision().publish()
    assert web_errors(logged_in) is None


def test_question_rows(logged_in, national_index):
    errors = web_errors(logged_in, questions=[{"type": "single_choice", "label": "Lequel ?", "choices": "Un seul"}])
    assert errors is not None
    response = logged_in.post(
        reverse("network_propose"), form_data(questions=[{"type": "yes_no", "label": "", "choices": ""}])
    )
    assert response.status_code == 400


def test_add_a_question_row_without_javascript(logged_in, national_index):
    data = form_data()
    data["add_question"] = "1"
    response = logged_in.post(reverse("network_propose"), data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 3
    assert not Proposal.objects.exists()
    assert 'name="questions-2-label"' in response.content.decode()


def test_no_more_than_ten_questions(logged_in, national_index):
    questions = [{"type": "yes_no", "label": f"Question numéro {n} ?", "choices": ""} for n in range(11)]
    response = logged_in.post(reverse("network_propose"), form_data(questions=questions))
    assert response.status_code == 400
    assert not Proposal.objects.exists()


@pytest.mark.security
def test_three_proposals_a_day_per_account(logged_in, api, national_index):
    titles = [
        "Des fontaines d'eau potable dans les parcs",
        "Un marché de producteurs le dimanche matin",
        "Des bancs le long des chemins de randonnée",
        "Un composteur collectif dans chaque quartier",
    ]
    for title in titles[:3]:
        assert web_errors(logged_in, title=title) is None
    response = logged_in.post(reverse("network_propose"), form_data(title=titles[3]))
    assert response.status_code == 429
    assert "3 consultations" in response.content.decode()
    # The API counts for the same account.
    response = api.post(
        "/api/network/proposals/", api_body(title="Des arceaux à vélo devant les écoles"), format="json"
    )
    assert response.status_code == 429
    assert Proposal.objects.count() == 3


@pytest.mark.security
def test_an_unverified_address_cannot_propose(client, national_index, places):
    from .factories import citizen

    user = citizen(places["nantes"], verified_email=False)
    client.force_login(user)
    response = client.post(reverse("network_propose"), form_data())
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_login_required(client, national_index):
    response = client.get(reverse("network_propose"))
    assert response.status_code == 302 and "login" in response.url


def test_no_national_index_no_proposals(logged_in):
    response = logged_in.get(reverse("network_propose"))
    assert "pas encore ouvertes" in response.content.decode()
    assert logged_in.post(reverse("network_propose"), form_data()).status_code == 403
    assert not Proposal.objects.exists()


def test_the_form_renders_in_english(logged_in, national_index):
    response = logged_in.get("/en" + reverse("network_propose"))
    assert response.status_code == 200
    assert "Propose a consultation" in response.content.decode()
