"""Finding a commune by what a citizen types: the indexed normalised name (`Territory.name_key`), the suggestions of
the autocomplete (`suggest_communes`), their API (GET /api/territories/communes/) and their page without JavaScript
(/comptes/communes/). Speed is measured in benchmarks/commune_lookup.py; here, what is found and that the indexes
are read."""

import pytest

from django.core.cache import cache
from django.db import connection

from cms.accounts.communes import (
    MAX_QUERY_LENGTH,
    InvalidQuery,
    _starting_with,
    communes_named,
    resolve_commune,
    suggest_communes,
)
from cms.accounts.throttling import CommuneSuggestionThrottle
from cms.models import Territory
from cms.territories.names import name_key
from tests.factories import CitizenFactory, TerritoryFactory

API_URL = "/api/territories/communes/"
PAGE_URL = "/comptes/communes/"
SIGNUP_URL = "/comptes/signup/"
PROFILE_URL = "/comptes/profil/"


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def france(db):
    loire = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="42", name="Loire")
    la = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="44", name="Loire-Atlantique")
    vendee = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="85", name="Vendée")
    seine = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="93", name="Seine-Saint-Denis")
    reunion = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="974", name="La Réunion")
    corse = TerritoryFactory(kind=Territory.Kind.DEPARTEMENT, code="2A", name="Corse-du-Sud")

    def commune(code, name, parent, population):
        return TerritoryFactory(code=code, name=name, parent=parent, population=population)

    return {
        "etienne": commune("42218", "Saint-Étienne", loire, 170_000),
        "etienne_bois": commune("42219", "Saint-Étienne-le-Molard", loire, 1_000),
        "etienne_montluc": commune("44158", "Saint-Étienne-de-Montluc", la, 7_500),
        "nazaire": commune("44184", "Saint-Nazaire", la, 72_000),
        "nantes": commune("44109", "Nantes", la, 320_000),
        "yeu": commune("85113", "L'Île-d'Yeu", vendee, 4_900),
        "denis_93": commune("93066", "Saint-Denis", seine, 113_000),
        "denis_974": commune("97411", "Saint-Denis", reunion, 153_000),
        "ajaccio": commune("2A004", "Ajaccio", corse, 71_000),
        "departement": la,
    }


# -- the stored key ---------------------------------------------------------------------------------------------------


def test_the_key_is_kept_by_save(france):
    nazaire = france["nazaire"]
    assert Territory.objects.get(pk=nazaire.pk).name_key == "saint nazaire"
    nazaire.name = "Sainte-Nazaire-la-Neuve"
    nazaire.save(update_fields=["name"])
    assert Territory.objects.get(pk=nazaire.pk).name_key == "sainte nazaire la neuve"


# -- resolving what was typed (the forms) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("saint-etienne", "etienne"),
        ("ST-ETIENNE", "etienne"),
        ("St Étienne", "etienne"),
        ("Saint-Étienne", "etienne"),
        ("St Nazaire", "nazaire"),
        ("st.-nazaire", "nazaire"),
        ("l'ile d'yeu", "yeu"),
        ("Île-d'Yeu", "yeu"),
        ("L ILE D YEU", "yeu"),
        ("ajaccio", "ajaccio"),
    ],
)
def test_a_commune_is_found_by_its_name_however_spelled(france, typed, expected):
    assert communes_named(typed) == [france[expected]]
    assert resolve_commune(typed) == france[expected]


def test_homonyms_are_all_found_in_code_order(france):
    assert communes_named("saint denis") == [france["denis_93"], france["denis_974"]]
    assert communes_named("ST-DENIS") == [france["denis_93"], france["denis_974"]]


def test_a_name_matches_whole_never_a_part_or_a_departement(france):
    assert communes_named("saint") == []
    assert communes_named("nazaire") == []
    assert communes_named("Saint-Étienne-de") == []
    assert communes_named("Loire-Atlantique") == []  # a département, not a commune
    assert communes_named("Villeneuve-les-Pommiers") == []
    assert communes_named("!!!") == []
    assert communes_named("") == []


def test_the_exact_spelling_wins_over_a_normalised_homonym(db):
    written = TerritoryFactory(code="01001", name="Le Bourg")
    TerritoryFactory(code="01002", name="Bourg")
    assert communes_named("le bourg") == [written]
    assert communes_named("Bourg") == [Territory.objects.get(code="01002")]


def test_another_article_than_the_communes_own_is_not_its_name(db):
    chapelle = TerritoryFactory(code="01003", name="La Chapelle-aux-Prés")
    assert communes_named("chapelle aux pres") == [chapelle]
    assert communes_named("la chapelle aux pres") == [chapelle]
    assert communes_named("le chapelle aux pres") == []


def test_a_label_whose_name_is_not_the_codes_commune_is_refused(france):
    assert resolve_commune("st nazaire (44184)") == france["nazaire"]
    with pytest.raises(Exception, match="44109 est celui de Nantes"):
        resolve_commune("Saint-Nazaire (44109)")


def test_a_name_lookup_is_one_query(france, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert resolve_commune("St Nazaire") == france["nazaire"]


# -- suggestions ------------------------------------------------------------------------------------------------------


def _codes(communes):
    return [commune.code for commune in communes]


def test_suggestions_put_the_exact_name_first_then_prefixes_by_population(france):
    assert _codes(suggest_communes("saint etienne")) == ["42218", "44158", "42219"]
    assert _codes(suggest_communes("st-et")) == ["42218", "44158", "42219"]
    assert _codes(suggest_communes("saint", limit=3)) == ["42218", "97411", "93066"]


def test_suggestions_by_insee_code_prefix(france):
    assert _codes(suggest_communes("441")) == ["44109", "44158", "44184"]
    assert _codes(suggest_communes("44109")) == ["44109"]
    assert _codes(suggest_communes("2a")) == ["2A004"]
    assert _codes(suggest_communes("Nantes (44109)")) == ["44109"]  # a label picked earlier
    assert suggest_communes("44000") == []  # a postal code: no commune has it


def test_suggestions_find_a_word_inside_a_name(france):
    assert "44184" in _codes(suggest_communes("nazaire"))
    assert "85113" in _codes(suggest_communes("yeu"))


def test_suggestions_are_communes_only_with_their_departement(france):
    found = suggest_communes("loire")
    assert all(commune.kind == Territory.Kind.COMMUNE for commune in found)
    (denis,) = [commune for commune in suggest_communes("saint denis", limit=1)]
    assert denis.parent.name == "La Réunion"


@pytest.mark.parametrize("limit", [0, -3, 1])
def test_suggestions_return_at_least_one_and_at_most_the_limit(france, limit):
    assert len(suggest_communes("saint", limit=limit)) == 1


def test_suggestions_cap_the_limit(db):
    for number in range(30):
        TerritoryFactory(code=f"{10000 + number}", name=f"Saint-Exemple {number}")
    assert len(suggest_communes("saint exemple", limit=500)) == 20


@pytest.mark.parametrize(
    "text",
    ["", "   ", "a", "-", "!!!", "x" * (MAX_QUERY_LENGTH + 1), "é", "l'"],
)
def test_suggestions_refuse_nonsense_with_a_message(france, text):
    with pytest.raises(InvalidQuery) as refused:
        suggest_communes(text)
    assert "Saisissez" in refused.value.message


def test_a_long_text_is_refused_before_any_query(france, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(InvalidQuery):
        suggest_communes("saint " * 100)


# -- the indexes are read ---------------------------------------------------------------------------------------------


def _load_communes(count):
    """`count` communes in one insert (bulk_create does not call save(): the key is set here, as the importer
    does), then the planner's statistics."""
    words = ["Saint", "Sainte", "Villeneuve", "Mont", "Beau", "Roche", "Val", "Bois", "Port", "Pont"]
    Territory.objects.bulk_create(
        Territory(
            kind=Territory.Kind.COMMUNE,
            code=f"{10000 + number:05d}",
            name=(name := f"{words[number % 10]}-{words[number // 10 % 10]}-{number}"),
            name_key=name_key(name),
            population=number,
        )
        for number in range(count)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cms_territory" if connection.vendor == "postgresql" else "ANALYZE")


def _plan(queryset):
    return queryset.explain()


def test_the_name_lookup_reads_the_name_key_index(db):
    _load_communes(3000)
    communes = Territory.objects.communes()
    assert "territory_name_key_idx" in _plan(communes.filter(name_key="saint mont 1234"))
    assert "territory_name_key_idx" in _plan(communes.filter(_starting_with("name_key", "saint mont 123")))
    code_plan = _plan(communes.filter(_starting_with("code", "1123")))
    if connection.vendor == "postgresql":
        assert "territory_code_prefix_idx" in code_plan
    else:  # SQLite reads the unique (kind, code) index by a range
        assert "SEARCH cms_territory USING INDEX" in code_plan


@pytest.mark.postgres
def test_postgresql_reads_the_trigram_index_for_close_names_and_words(db):
    # A GIN index costs more to start than a B-tree: the planner takes it from about the size of France.
    _load_communes(35_000)
    communes = Territory.objects.communes()
    TerritoryFactory(code="2A004", name="Ajaccio")
    with connection.cursor() as cursor:
        # Rows inserted after a GIN index was built wait in its pending list until a vacuum (autovacuum, in
        # production) moves them into the index; the planner counts the list's cost. Done here by hand.
        cursor.execute("SELECT gin_clean_pending_list('territory_name_key_trgm'::regclass)")
        cursor.execute("ANALYZE cms_territory")
    assert "territory_name_key_trgm" in _plan(communes.filter(name_key__trigram_similar="ajacio"))
    assert "territory_name_key_trgm" in _plan(communes.filter(name_key__contains="t 1234"))
    assert [commune.code for commune in suggest_communes("ajacio")] == ["2A004"]


@pytest.mark.postgres
def test_postgresql_suggests_close_names_for_typos(france):
    assert _codes(suggest_communes("saint etiene"))[0] == "42218"
    assert _codes(suggest_communes("st nazair"))[0] == "44184"
    assert _codes(suggest_communes("nante"))[0] == "44109"
    assert _codes(suggest_communes("aiaccio")) == ["2A004"]


@pytest.mark.postgres
def test_postgresql_prefix_lookup_ignores_the_collation(france):
    # LIKE 'x%' on the pattern operator class: exact bytes, whatever the database's collation.
    assert _codes(suggest_communes("saint e")) == ["42218", "44158", "42219"]


# -- the API ----------------------------------------------------------------------------------------------------------


def test_the_api_suggests_communes_to_anyone(client, france):
    response = client.get(API_URL, {"q": "St Nazaire"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "code": "44184",
                "name": "Saint-Nazaire",
                "departement": "Loire-Atlantique",
                "departement_code": "44",
                "label": "Saint-Nazaire (44184)",
            }
        ]
    }
    # What the API gives as a label is what the forms take back.
    assert resolve_commune(response.json()["results"][0]["label"]) == france["nazaire"]


def test_the_api_tells_homonyms_apart(client, france):
    results = client.get(API_URL, {"q": "saint-denis"}).json()["results"]
    assert [(r["label"], r["departement"]) for r in results] == [
        ("Saint-Denis (97411)", "La Réunion"),
        ("Saint-Denis (93066)", "Seine-Saint-Denis"),
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "a"}, "q"),
        ({"q": "?!"}, "q"),
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, "q"),
        ({"q": "nantes", "limit": "0"}, "limit"),
        ({"q": "nantes", "limit": "21"}, "limit"),
        ({"q": "nantes", "limit": "deux"}, "limit"),
        ({"q": "nantes", "limit": "１"}, "limit"),
    ],
)
def test_the_api_refuses_a_bad_query_in_the_error_shape(client, france, params, field):
    response = client.get(API_URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "La recherche de commune est incorrecte."
    assert list(body["errors"]) == [field]


def test_the_api_limit(client, france):
    assert len(client.get(API_URL, {"q": "saint", "limit": "2"}).json()["results"]) == 2


def test_the_api_is_throttled_per_client(client, france, monkeypatch):
    monkeypatch.setattr(CommuneSuggestionThrottle, "rate", "3/minute")
    statuses = [client.get(API_URL, {"q": "nantes"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(API_URL, {"q": "nantes"}).json()["code"] == "throttled"
    # Another client is not concerned.
    assert client.get(API_URL, {"q": "nantes"}, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_api_is_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][API_URL]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"q", "limit"}
    assert {"200", "400", "429"} <= set(operation["responses"])


# -- the page without JavaScript --------------------------------------------------------------------------------------


def test_the_signup_form_links_to_the_search_and_offers_the_suggestions_script(client, france):
    body = client.get(SIGNUP_URL).content.decode()
    assert f'href="{PAGE_URL}"' in body
    assert f'data-commune-suggestions="{API_URL}"' in body
    assert "js/commune-suggestions.js" in body


def test_the_page_without_a_query_is_a_form(client, france):
    response = client.get(PAGE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'method="get"' in body and 'name="q"' in body
    assert "communes trouvées" not in body


def test_the_page_lists_the_communes_each_a_link_back_to_the_signup(client, france):
    response = client.get(PAGE_URL, {"q": "saint denis"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 communes trouvées" in body
    assert "Choisir Saint-Denis (97411) — La Réunion" in body
    assert "Choisir Saint-Denis (93066) — Seine-Saint-Denis" in body
    assert f'href="{SIGNUP_URL}?commune=Saint-Denis+%2897411%29"' in body

    # The sign-up form comes back with the commune in its field; nothing is saved before it is sent.
    signup = client.get(SIGNUP_URL, {"commune": "Saint-Denis (97411)"}).content.decode()
    assert 'value="Saint-Denis (97411)"' in signup


def test_the_page_takes_a_citizen_back_to_their_profile(client, france):
    citizen = CitizenFactory(commune=france["nantes"])
    client.force_login(citizen)
    body = client.get(PAGE_URL, {"q": "yeu"}).content.decode()
    assert f'href="{PROFILE_URL}?commune=L%27%C3%8Ele-d%27Yeu+%2885113%29"' in body
    profile = client.get(PROFILE_URL, {"commune": "L'Île-d'Yeu (85113)"}).content.decode()
    assert 'value="L&#x27;Île-d&#x27;Yeu (85113)"' in profile
    citizen.refresh_from_db()
    assert citizen.commune == france["nantes"]  # offered, not saved


def test_the_page_never_sends_a_citizen_elsewhere(client, france):
    body = client.get(PAGE_URL, {"q": "nantes", "next": "https://evil.example/"}).content.decode()
    assert 'href="https://evil.example' not in body
    assert 'value="https://evil.example' not in body
    assert f'href="{SIGNUP_URL}?commune=Nantes+%2844109%29"' in body


def test_the_page_says_when_nothing_matches(client, france):
    response = client.get(PAGE_URL, {"q": "Villeneuve-les-Pommiers"})
    assert response.status_code == 200
    assert "Aucune commune ne correspond" in response.content.decode()


@pytest.mark.parametrize("query", ["?", "x" * (MAX_QUERY_LENGTH + 1)])
def test_the_page_refuses_a_bad_query_next_to_the_field(client, france, query):
    response = client.get(PAGE_URL, {"q": query})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_page_counts_with_the_api(client, france, monkeypatch):
    monkeypatch.setattr(CommuneSuggestionThrottle, "rate", "2/minute")
    assert client.get(API_URL, {"q": "nantes"}).status_code == 200
    assert client.get(PAGE_URL, {"q": "nantes"}).status_code == 200
    response = client.get(PAGE_URL, {"q": "nantes"})
    assert response.status_code == 429
    assert "Trop de recherches" in response.content.decode()
