"""The Elasticsearch backend without a server: the mapping, analysers and request bodies it builds, and the order of
its calls (a fake client records them). The tests marked `elasticsearch` run against a real server when
ELASTICSEARCH_URL is set (skipped otherwise)."""

import json
import os
import re
import uuid
from datetime import UTC, date, datetime

import pytest
from elastic_transport import ApiResponseMeta, ConnectionError, ConnectionTimeout, HttpHeaders, NodeConfig
from elasticsearch import NotFoundError

from cms.registry import SearchItem
from search.backends import elasticsearch as es
from search.backends.base import MARK_END, MARK_START, SearchQuery, SearchResults, SearchUnavailable
from search.query import parse


def _meta(status):
    return ApiResponseMeta(
        status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0, node=NodeConfig("http", "x", 9200)
    )


def not_found():
    return NotFoundError("index_not_found_exception", _meta(404), {"error": {"type": "index_not_found_exception"}})


class FakeIndices:
    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        def call(**kwargs):
            self.client.calls.append((f"indices.{name}", kwargs))
            answer = self.client.answers.get(f"indices.{name}")
            if isinstance(answer, Exception):
                raise answer
            return answer() if callable(answer) else answer

        return call


class FakeClient:
    """Records every call; `answers[name]` is returned (or raised) by that call."""

    def __init__(self, answers=None):
        self.calls = []
        self.answers = answers or {}
        self.indices = FakeIndices(self)

    def options(self, **kwargs):
        self.calls.append(("options", kwargs))
        return self

    def _call(self, name, kwargs):
        self.calls.append((name, kwargs))
        answer = self.answers.get(name)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def search(self, **kwargs):
        return self._call("search", kwargs)

    def count(self, **kwargs):
        return self._call("count", kwargs)

    def names(self):
        return [name for name, _ in self.calls if name != "options"]


@pytest.fixture
def bulk(monkeypatch):
    """Replaces helpers.streaming_bulk: records the actions of each call (and its params) on the client."""
    sent = []

    def streaming_bulk(client, actions, **params):
        actions = list(actions)
        sent.append((actions, params))
        client.calls.append(("bulk", {"actions": actions, **params}))
        for action in actions:
            op = action["_op_type"]
            result = {"index": "created", "delete": "deleted"}[op]
            if op == "delete" and action["_id"].endswith(":absent"):
                yield False, {op: {"_id": action["_id"], "status": 404, "result": "not_found"}}
            else:
                yield True, {op: {"_id": action["_id"], "status": 200, "result": result}}

    monkeypatch.setattr(es.helpers, "streaming_bulk", streaming_bulk)
    return sent


def item(key="page:1", **kwargs):
    values = {
        "kind": "cms.projectpage",
        "title": "L'école des Tilleuls",
        "url": "/projets/ecole/",
        "body": "Rénovation de l'école primaire et de sa cantine.",
        "language": "fr",
        "date": date(2024, 5, 2),
        "territory_code": "75056",
        "territory_name": "Paris",
        "theme": "education",
        "space_id": 7,
        "page_id": 1,
    }
    values.update(kwargs)
    return SearchItem(key=key, **values)


def query(text="ecoles", **kwargs):
    return SearchQuery(text=text, **kwargs)


def body_for(text, **kwargs):
    q = query(text, **kwargs)
    return es.search_body(parse(q.text, q.language), q)


def walk(node):
    """Every dict in a body, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def clauses(body, kind):
    return [node[kind] for node in walk(body) if kind in node]


# ---- mapping and analysis ----


def test_french_analyzer_chain():
    analysis = es.index_body()["settings"]["analysis"]
    french = analysis["analyzer"]["aimpact_french"]
    assert french["tokenizer"] == "standard"
    # elision before lowercase (« L'École »), folding before the (folded) stop words and the stemmer
    assert french["filter"] == [
        "french_elision",
        "lowercase",
        "asciifolding",
        "apostrophe_split",
        "french_stop",
        "french_stemmer",
    ]
    assert analysis["filter"]["apostrophe_split"]["type"] == "pattern_capture"
    assert analysis["filter"]["apostrophe_split"]["preserve_original"] is False
    elision = analysis["filter"]["french_elision"]
    assert elision["type"] == "elision"
    assert {"l", "d", "qu", "jusqu", "lorsqu"} <= set(elision["articles"])
    assert analysis["filter"]["french_stemmer"] == {"type": "stemmer", "language": "french"}
    stop = analysis["filter"]["french_stop"]
    assert stop["type"] == "stop" and {"le", "la", "les", "de", "ete"} <= set(stop["stopwords"])
    assert all(word == word.encode("ascii", "ignore").decode() for word in stop["stopwords"])  # folded
    english = analysis["analyzer"]["aimpact_english"]
    assert english["filter"][-1] == "english_stemmer"
    assert analysis["filter"]["english_stemmer"]["language"] == "porter2"
    assert "french_stemmer" not in analysis["analyzer"]["aimpact_folded"]["filter"]


def analyze(name, text):
    """Runs the analyser `name` as the index's settings define it, in Python: the standard tokenizer approximated
    (« l'école » stays one token, as in Lucene), then each filter of the definition in its order, with its own
    parameters (articles, stop words, stemmer language). Snowball stemmers are the same algorithms as Lucene's."""
    import unicodedata

    import snowballstemmer

    analysis = es.index_body()["settings"]["analysis"]
    definition = analysis["analyzer"][name]
    assert definition["tokenizer"] == "standard"
    tokens = re.findall(r"\w+(?:['’]\w+)*", text)
    for filter_name in definition["filter"]:
        spec = analysis["filter"].get(filter_name, {"type": filter_name})
        kind = spec["type"]
        if kind == "elision":
            # articles_case: true = the articles match whatever their case (« L'École »)
            flags = re.IGNORECASE if spec.get("articles_case") else 0
            pattern = re.compile(rf"^(?:{'|'.join(spec['articles'])})['’]", flags)
            tokens = [pattern.sub("", token) for token in tokens]
        elif kind == "pattern_capture":
            patterns = [re.compile(pattern) for pattern in spec["patterns"]]
            tokens = [
                part
                for token in tokens
                for part in ([token] if spec["preserve_original"] else [])
                + [g for p in patterns for m in p.finditer(token) for g in m.groups() if g]
                or [token]
            ]
        elif kind == "lowercase":
            tokens = [token.lower() for token in tokens]
        elif kind == "asciifolding":
            tokens = [
                "".join(c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c))
                for token in tokens
            ]
        elif kind == "stop":
            stop = set(spec["stopwords"]) if isinstance(spec["stopwords"], list) else {"the", "of", "a", "and"}
            tokens = [token for token in tokens if token not in stop]
        elif kind == "stemmer":
            language = spec["language"]
            if language == "possessive_english":
                tokens = [re.sub(r"['’]s$", "", token) for token in tokens]
            else:
                algorithm = {"french": "french", "porter2": "english"}[language]
                stemmer = snowballstemmer.stemmer(algorithm)
                tokens = [stemmer.stemWord(token) for token in tokens]
        else:
            raise AssertionError(f"filter {kind} not simulated")
    return tokens


def test_french_analysis_folds_elides_and_stems_like_the_database_backend():
    from search import text as search_text

    same = {"ecol"}
    for text in ("école", "écoles", "Écoles", "ECOLE", "ecoles", "l'école", "L’École", "d'écoles", "qu'école"):
        assert set(analyze("aimpact_french", text)) == same, text
    assert analyze("aimpact_french", "La cantine de l'école été") == ["cantin", "ecol"]
    sentence = "Les cantines scolaires de l'École Jules-Ferry ont été rénovées aujourd'hui, quelqu'un l’a dit"
    assert analyze("aimpact_french", sentence) == search_text.stems(sentence, "fr")
    assert analyze("aimpact_english", "The school's Schools") == ["school", "school"]
    assert analyze("aimpact_folded", "L'École des Écologistes") == ["ecole", "des", "ecologistes"]


def test_mapping_field_types():
    properties = es.index_body()["mappings"]["properties"]
    for name in ("title", "body"):
        assert properties[name]["type"] == "text"
        assert properties[name]["analyzer"] == "aimpact_french"
        assert properties[name]["fields"]["en"] == {"type": "text", "analyzer": "aimpact_english"}
    for name in ("key", "kind", "language", "territory_code", "theme", "space_id"):
        assert properties[name]["type"] == "keyword", name
    assert properties["year"]["type"] == "integer"
    assert properties["date"]["type"] == "date"
    assert properties["title_suggest"]["type"] == "search_as_you_type"
    for name in ("url", "territory_name", "context_title"):
        assert properties[name]["index"] is False
    assert es.index_body()["mappings"]["dynamic"] == "strict"
    # every field a document carries is mapped (strict mapping would reject it)
    assert set(es.document(item())) <= set(properties)


def test_index_names_carry_the_prefix(settings):
    settings.SEARCH_INDEX_PREFIX = "staging_"
    assert es.alias_name() == "staging_documents"
    assert es.ElasticsearchBackend(client=FakeClient()).alias == "staging_documents"
    assert es.ElasticsearchBackend(index_prefix="test_Ab12_", client=FakeClient()).alias == "test_ab12_documents"
    concrete = es.concrete_name("staging_documents", datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC))
    assert concrete == "staging_documents-20260102030405000006"


def test_document_of_an_item():
    source = es.document(item(language="", space_id=None, date=datetime(2023, 2, 1, 10, 0, tzinfo=UTC)))
    assert source["language"] == ""
    assert source["space_id"] == ""
    assert source["year"] == 2023
    assert source["date"] == "2023-02-01T10:00:00+00:00"
    assert source["title_suggest"] == source["title"]
    json.dumps(source)


# ---- search bodies ----


def test_search_body_of_a_typical_query():
    body = body_for(
        '"cantine scolaire" ecole* OR college -prive',
        kinds=("comment", "free_text"),
        territory="75056",
        theme="education",
        year=2024,
    )
    boolean = body["query"]["bool"]
    must = boolean["must"]
    assert len(must) == 2  # two groups, both required
    phrase = must[0]["multi_match"]
    assert phrase["type"] == "phrase" and phrase["query"] == "cantine scolaire"
    assert phrase["fields"] == ["title^3", "body"]
    either = must[1]["bool"]
    assert either["minimum_should_match"] == 1
    assert either["should"][0]["multi_match"]["type"] == "bool_prefix"
    assert either["should"][0]["multi_match"]["query"] == "ecole"
    assert either["should"][1]["multi_match"]["query"] == "college"
    assert boolean["must_not"] == [
        {"multi_match": {"query": "prive", "fields": ["title^3", "body"], "operator": "and"}}
    ]
    assert boolean["filter"] == [
        {"terms": {"language": ["", "fr"]}},
        {"terms": {"kind": ["comment", "free_text"]}},
        {"term": {"territory_code": "75056"}},
        {"term": {"theme": "education"}},
        {"term": {"year": 2024}},
    ]
    assert body["aggs"] == {
        "kind": {"terms": {"field": "kind", "size": 50}},
        "territory": {"terms": {"field": "territory_code", "size": 50}},
        "theme": {"terms": {"field": "theme", "size": 50}},
        "year": {"terms": {"field": "year", "size": 50}},
    }
    highlight = body["highlight"]
    assert highlight["pre_tags"] == [MARK_START] and highlight["post_tags"] == [MARK_END]
    assert highlight["fields"]["body"] == {"fragment_size": 240, "number_of_fragments": 1, "no_match_size": 240}
    assert highlight["fields"]["title"] == {"number_of_fragments": 0}
    assert body["from"] == 0 and body["size"] == 20
    assert body["track_total_hits"] == 10_000
    assert body["timeout"] == "3000ms"
    assert body["sort"][0] == "_score"
    assert not clauses(body, "query_string") and not clauses(body, "simple_query_string")
    json.dumps(body)


def test_phrase_is_sent_with_its_stop_words():
    text = '"cantine de l\'école" "jardin partagé" ecole "le la"'
    q = query(text)
    body = es.search_body(parse(text), q, es.phrase_texts(text))
    phrases = [match["query"] for match in clauses(body, "multi_match") if match.get("type") == "phrase"]
    # exact positions: « cantine de l'école » is not « école ... cantine », and no slop lets the words swap
    assert phrases == ["cantine de l'école", "jardin partagé"]
    assert all("slop" not in match for match in clauses(body, "multi_match"))
    assert es.phrase_texts('"(((" "a b" "x') == {}  # nothing searchable, or single words: plain terms


def test_marks_leave_the_elided_article_out():
    hit = es.hit_from(
        {
            "_id": "page:1",
            "_source": {"key": "page:1", "title": "L'École"},
            "highlight": {
                "title": [f"{MARK_START}L'École{MARK_END}"],
                "body": [f"La cantine de {MARK_START}l’école{MARK_END} et {MARK_START}qu'écoles{MARK_END}."],
            },
        }
    )
    assert hit.title_marked == f"L'{MARK_START}École{MARK_END}"
    assert hit.excerpt == f"La cantine de l’{MARK_START}école{MARK_END} et qu'{MARK_START}écoles{MARK_END}."


def test_english_visitor_searches_english_and_french_fields():
    body = body_for("schools", language="en")
    assert body["query"]["bool"]["must"][0]["multi_match"]["fields"] == ["title.en^3", "body.en", "title^2", "body"]
    assert body["query"]["bool"]["filter"][0] == {"terms": {"language": ["", "en"]}}
    assert {"title.en", "body.en", "title", "body"} == set(body["highlight"]["fields"])


def test_sort_by_date_and_no_facets():
    body = body_for("ecole", sort="date", facets=False)
    assert list(body["sort"][0]) == ["date"] and body["sort"][0]["date"]["order"] == "desc"
    assert "aggs" not in body


def test_result_window_is_capped():
    assert es.page_window(0, 20) == (0, 20)
    assert es.page_window(0, 10_000) == (0, es.MAX_PAGE_SIZE)
    assert es.page_window(9_990, 20) == (9_990, 10)
    assert es.page_window(50_000, 20) == (es.MAX_RESULT_WINDOW, 0)
    assert es.page_window(-5, -1) == (0, 0)
    body = body_for("ecole", offset=10**9, limit=10**9)
    assert body["from"] + body["size"] <= es.MAX_RESULT_WINDOW


@pytest.mark.parametrize(
    "text",
    ['"', "*", "OR", ":", "(((", "a" * 500, 'école" OR (((-*', "titre:ecole AND OR NOT", "- -- * ** \" '", "é" * 499],
)
def test_junk_queries_build_valid_bodies(text):
    q = query(text)
    parsed = parse(q.text)
    if parsed.is_empty:
        results = es.ElasticsearchBackend(client=FakeClient()).search(q)
        assert results.total == 0 and results.hits == []
        return
    body = es.search_body(parsed, q)
    json.loads(json.dumps(body))
    assert not clauses(body, "query_string")
    for match in clauses(body, "multi_match"):
        assert set(match["query"]) <= set("abcdefghijklmnopqrstuvwxyz0123456789_ ")  # folded words only


def test_empty_or_junk_query_does_not_call_the_server():
    client = FakeClient()
    backend = es.ElasticsearchBackend(client=client)
    for text in ("", "   ", '"', "OR", "(((", "le la les"):
        assert backend.search(query(text)).total == 0
    assert client.names() == []


def test_autocomplete_body():
    body = es.autocomplete_body("eco", "fr", 8)
    match = body["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "bool_prefix" and match["query"] == "eco"
    assert match["fields"][0] == "title_suggest"
    assert body["query"]["bool"]["filter"] == [{"term": {"language": "fr"}}]  # not the contributions ("")
    assert body["size"] == 8
    assert match["operator"] == "and"  # « école ju »: both words
    # titles starting with the text first (folded: « Éco » is « eco »)
    assert body["query"]["bool"]["should"] == [{"prefix": {"title_key": {"value": "eco", "boost": 2.0}}}]
    assert es.autocomplete_body("Éco", "fr", 8)["query"]["bool"]["should"][0]["prefix"]["title_key"]["value"] == "eco"
    assert es.autocomplete_body("eco", "fr", 10_000)["size"] == 20


# ---- responses ----


def test_search_turns_the_response_into_results(settings):
    settings.SEARCH_TIMEOUT_SECONDS = 2
    response = {
        "timed_out": False,
        "hits": {
            "total": {"value": 10_000, "relation": "gte"},
            "hits": [
                {
                    "_id": "page:1",
                    "_score": 3.5,
                    "_source": {
                        "key": "page:1",
                        "kind": "cms.projectpage",
                        "title": "L'école",
                        "url": "/ecole/",
                        "date": "2024-05-02",
                        "territory_name": "Paris",
                        "theme": "education",
                        "context_title": "",
                    },
                    "highlight": {
                        "title": [f"L'{MARK_START}école{MARK_END}"],
                        "body": [f"La {MARK_START}cantine{MARK_END}\nde l'école"],
                    },
                },
                {
                    "_id": "comment:3",
                    "_score": 1.0,
                    "_source": {"key": "comment:3", "kind": "comment", "title": "Avis", "url": "/c/", "date": None},
                    "highlight": {"body": ["Le début du texte"]},
                },
            ],
        },
        "aggregations": {
            "kind": {"buckets": [{"key": "cms.projectpage", "doc_count": 7}, {"key": "comment", "doc_count": 2}]},
            "territory": {"buckets": [{"key": "", "doc_count": 4}, {"key": "75056", "doc_count": 3}]},
            "theme": {"buckets": []},
            "year": {"buckets": [{"key": 2024, "doc_count": 9}]},
        },
    }
    client = FakeClient({"search": response})
    results = es.ElasticsearchBackend(index_prefix="t_", client=client).search(query("ecole"))
    assert isinstance(results, SearchResults)
    assert results.total == 10_000 and results.total_is_lower_bound
    first, second = results.hits
    assert first.key == "page:1" and first.date == date(2024, 5, 2) and first.score == 3.5
    assert first.title_marked == f"L'{MARK_START}école{MARK_END}"
    assert first.excerpt == f"La {MARK_START}cantine{MARK_END} de l'école"
    assert "<" not in first.excerpt
    assert second.title_marked == "Avis" and second.excerpt == "Le début du texte" and second.date is None
    assert [(v.value, v.count) for v in results.facets["kind"]] == [("cms.projectpage", 7), ("comment", 2)]
    assert [v.value for v in results.facets["territory"]] == ["75056"]
    assert [(v.value, v.count) for v in results.facets["year"]] == [("2024", 9)]
    # the search went to the alias, with the search timeout
    assert ("options", {"request_timeout": 2.5}) in client.calls
    name, kwargs = client.calls[-1]
    assert name == "search" and kwargs["index"] == "t_documents" and kwargs["body"]["timeout"] == "2000ms"


@pytest.mark.parametrize(
    "error",
    [ConnectionError("refused"), ConnectionTimeout("slow")],
)
def test_connection_errors_become_search_unavailable(error):
    backend = es.ElasticsearchBackend(client=FakeClient({"search": error, "count": error}))
    with pytest.raises(SearchUnavailable) as raised:
        backend.search(query("ecole"))
    assert raised.value.__cause__ is error
    with pytest.raises(SearchUnavailable):
        backend.count()
    with pytest.raises(SearchUnavailable):
        backend.autocomplete("eco", "fr")


def test_server_down_for_real_is_search_unavailable():
    backend = es.ElasticsearchBackend(url="http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(SearchUnavailable):
        backend.search(query("ecole"))


def test_missing_index_is_an_empty_result():
    backend = es.ElasticsearchBackend(client=FakeClient({"search": not_found(), "count": not_found()}))
    assert backend.search(query("ecole")).total == 0
    assert backend.count() == 0
    assert backend.autocomplete("eco", "fr") == []


# ---- writes ----


def test_first_index_creates_index_and_alias_then_bulk_upserts(bulk):
    client = FakeClient({"indices.exists_alias": False})
    backend = es.ElasticsearchBackend(index_prefix="t_", client=client)
    assert backend.index([item("page:1"), item("comment:2", kind="comment", language="")]) == 2
    assert client.names() == ["indices.exists_alias", "indices.create", "bulk"]
    create = client.calls[1][1]
    assert create["index"].startswith("t_documents-")
    assert create["aliases"] == {"t_documents": {}}
    assert create["mappings"]["properties"]["title"]["analyzer"] == "aimpact_french"
    assert "analysis" in create["settings"]
    actions, params = bulk[0]
    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "t_documents", "page:1"),
        ("index", "t_documents", "comment:2"),
    ]
    assert actions[1]["_source"]["language"] == ""
    assert params["refresh"] == "wait_for" and params["require_alias"] is True
    # the next writes do not check again
    backend.index([item("page:3")])
    assert client.names()[-1] == "bulk" and client.names().count("indices.exists_alias") == 1


def test_index_into_an_existing_alias_does_not_create(bulk):
    client = FakeClient({"indices.exists_alias": True})
    es.ElasticsearchBackend(client=client).index([item()])
    assert client.names() == ["indices.exists_alias", "bulk"]
    assert es.ElasticsearchBackend(client=client).index([]) == 0


def test_delete_ignores_absent_keys(bulk):
    client = FakeClient()
    backend = es.ElasticsearchBackend(index_prefix="t_", client=client)
    assert backend.delete(["page:1", "comment:absent"]) == 1
    actions, params = bulk[0]
    assert actions == [
        {"_op_type": "delete", "_index": "t_documents", "_id": "page:1"},
        {"_op_type": "delete", "_index": "t_documents", "_id": "comment:absent"},
    ]
    assert 404 in params["ignore_status"]
    assert backend.delete([]) == 0


def test_rebuild_swaps_the_alias_atomically_then_drops_the_old_index(bulk):
    client = FakeClient(
        {
            "indices.get_alias": {"t_documents-1": {"aliases": {"t_documents": {}}}},
            # -0: left by a rebuild killed half-way; the new one is listed too (and kept)
            "indices.get": lambda: {"t_documents-0": {}, "t_documents-1": {}, client.calls[0][1]["index"]: {}},
        }
    )
    backend = es.ElasticsearchBackend(index_prefix="t_", client=client)
    seen = []
    batches = [[item("page:1"), item("page:2")], [item("comment:3", kind="comment", language="")]]
    assert backend.rebuild(iter(batches), progress=seen.append) == 3
    assert seen == [2, 3]  # how many so far
    assert client.names() == [
        "indices.create",
        "bulk",
        "bulk",
        "indices.put_settings",
        "indices.refresh",
        "indices.get_alias",
        "indices.update_aliases",
        "indices.get",
        "indices.delete",
        "indices.delete",
    ]
    calls = dict(client.calls)
    new = calls["indices.create"]["index"]
    assert new.startswith("t_documents-") and new != "t_documents-1"
    assert calls["indices.create"]["aliases"] == {}  # not read before it is complete
    assert calls["indices.create"]["settings"]["refresh_interval"] == "-1"
    assert all(a["_index"] == new for actions, _ in bulk for a in actions)
    assert calls["indices.refresh"] == {"index": new}
    assert calls["indices.update_aliases"] == {
        "actions": [
            {"remove": {"index": "t_documents-1", "alias": "t_documents"}},
            {"add": {"index": new, "alias": "t_documents"}},
        ]
    }
    deleted = [kwargs["index"] for name, kwargs in client.calls if name == "indices.delete"]
    assert deleted == ["t_documents-0", "t_documents-1"]


def test_rebuild_on_an_empty_cluster_just_adds_the_alias(bulk):
    client = FakeClient({"indices.get_alias": not_found(), "indices.get": {}})
    backend = es.ElasticsearchBackend(index_prefix="t_", client=client)
    assert backend.rebuild([[item()]]) == 1
    update = dict(client.calls)["indices.update_aliases"]
    assert [list(action) for action in update["actions"]] == [["add"]]
    assert "indices.delete" not in client.names()


def test_failed_rebuild_leaves_the_alias_alone(monkeypatch):
    client = FakeClient()

    def broken(client, actions, **params):
        raise ConnectionError("lost")
        yield

    monkeypatch.setattr(es.helpers, "streaming_bulk", broken)
    backend = es.ElasticsearchBackend(index_prefix="t_", client=client)
    with pytest.raises(SearchUnavailable):
        backend.rebuild([[item()]])
    names = client.names()
    assert names == ["indices.create", "indices.delete"]  # the half-built index is dropped
    assert client.calls[0][1]["index"] == client.calls[1][1]["index"]


def test_clear_deletes_this_prefix_indices_only():
    client = FakeClient(
        {
            "indices.get": {"t_documents-1": {}, "t_documents-2": {}},
            "indices.get_alias": {"t_documents-2": {}},
        }
    )
    backend = es.ElasticsearchBackend(index_prefix="t_", client=client)
    backend.clear()
    assert client.calls[0] == ("indices.get", {"index": "t_documents-*", "allow_no_indices": True})
    deleted = [kwargs["index"] for name, kwargs in client.calls if name == "indices.delete"]
    assert deleted == ["t_documents-1", "t_documents-2"]


def test_backend_is_chosen_by_settings(settings):
    from search.backends import get_backend

    settings.SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    backend = get_backend()
    assert isinstance(backend, es.ElasticsearchBackend) and backend.name == "elasticsearch"
    get_backend.cache_clear()


# ---- against a real server (ELASTICSEARCH_URL) ----


@pytest.fixture
def live():
    prefix = f"test_{uuid.uuid4().hex[:8]}_"
    backend = es.ElasticsearchBackend(index_prefix=prefix, url=os.environ.get("ELASTICSEARCH_URL"))
    yield backend
    backend.clear()


@pytest.mark.elasticsearch
def test_live_french_search_and_alias_swap(live):
    live.index(
        [
            item("page:1"),
            item("comment:2", kind="comment", language="", title="Avis", body="Les cantines scolaires sont chères."),
            item("page:9", language="en", title="Schools", body="The schools of Paris."),
        ]
    )
    found = live.search(query("ecoles"))
    assert [hit.key for hit in found.hits] == ["page:1"]
    assert found.hits[0].title_marked == f"L'{MARK_START}école{MARK_END} des Tilleuls"
    assert f"l'{MARK_START}école{MARK_END}" in found.hits[0].excerpt
    assert {v.value for v in found.facets["kind"]} == {"cms.projectpage"}
    assert {v.value for v in found.facets["year"]} == {"2024"}
    assert live.search(query("cantine")).total == 2  # the page's body and the comment (language "")
    assert live.search(query("école -cantine")).total == 0
    assert [h.key for h in live.search(query('"l\'école primaire"')).hits] == ["page:1"]
    assert live.search(query('"primaire école"')).total == 0
    assert [h.key for h in live.search(query('"rénovation de l\'école"')).hits] == ["page:1"]
    assert [s.title for s in live.autocomplete("eco", "fr")] == ["L'école des Tilleuls"]
    assert live.autocomplete("eco", "en") == []
    assert [h.key for h in live.search(query("school", language="en")).hits] == ["page:9"]
    assert live.count() == 3

    live.rebuild([[item("page:1", title="L'École Jules-Ferry")], [item("page:5", title="Marché", body="Couvert.")]])
    assert live.count() == 2
    assert [hit.title for hit in live.search(query("ÉCOLE")).hits] == ["L'École Jules-Ferry"]
    concrete = list(live.client.indices.get(index=f"{live.alias}-*"))
    assert len(concrete) == 1 and list(live.client.indices.get_alias(name=live.alias)) == concrete  # old one gone
    assert live.delete(["page:5", "page:404"]) == 1
    assert live.count() == 1
    live.clear()
    assert live.count() == 0
    assert live.index([item("page:7")]) == 1  # a new index and alias after clear()
    assert live.count() == 1


@pytest.mark.elasticsearch
def test_live_junk_queries_answer(live):
    live.index([item()])
    for text in ['"', "*", "OR", ":", "(((", "a" * 500, "ecole*", "e*", "\"l'école", "é" * 300]:
        results = live.search(query(text))
        assert results.total >= len(results.hits)
    assert [h.key for h in live.search(query("eco*")).hits] == ["page:1"]


def test_the_real_client_accepts_every_call(monkeypatch):
    """The elasticsearch 8 client itself (its transport replaced) builds every request: no argument it rejects, no
    deprecated `body` warning, the right paths."""
    import warnings

    from elastic_transport import HeadApiResponse, ObjectApiResponse
    from elasticsearch import Elasticsearch

    sent = []

    def perform_request(self, method, path, params=None, headers=None, body=None, **kwargs):
        sent.append((method, path, params, body))
        if path.endswith("/_bulk"):
            lines = [json.loads(line) for line in body]
            items = [
                {op: {"_id": line[op]["_id"], "status": 200, "result": "created" if op == "index" else "deleted"}}
                for line in lines
                for op in ("index", "delete")
                if op in line
            ]
            return ObjectApiResponse(body={"errors": False, "items": items}, meta=_meta(200))
        if method == "HEAD":
            return HeadApiResponse(meta=_meta(200))
        if path.startswith("/_alias/"):
            return ObjectApiResponse(body={"t_documents-1": {"aliases": {}}}, meta=_meta(200))
        if path == "/t_documents-*":
            return ObjectApiResponse(body={"t_documents-1": {}}, meta=_meta(200))
        return ObjectApiResponse(
            body={"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}, "count": 0}, meta=_meta(200)
        )

    monkeypatch.setattr(Elasticsearch, "perform_request", perform_request)
    backend = es.ElasticsearchBackend(index_prefix="t_", url="http://127.0.0.1:9")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert backend.index([item()]) == 1
        assert backend.delete(["page:1"]) == 1
        assert backend.rebuild([[item()]]) == 1
        assert backend.count() == 0
        assert backend.search(query("ecole")).total == 0
        assert backend.autocomplete("eco", "fr") == []
        backend.clear()
    requests = [(method, re.sub(r"-\d{20}", "-NEW", path)) for method, path, _, _ in sent]
    assert requests == [
        ("HEAD", "/_alias/t_documents"),
        ("PUT", "/_bulk"),
        ("PUT", "/_bulk"),
        ("PUT", "/t_documents-NEW"),  # the new concrete index (its timestamp replaced here)
        ("PUT", "/_bulk"),
        ("PUT", "/t_documents-NEW/_settings"),
        ("POST", "/t_documents-NEW/_refresh"),
        ("GET", "/_alias/t_documents"),
        ("POST", "/_aliases"),
        ("GET", "/t_documents-*"),
        ("DELETE", "/t_documents-1"),
        ("POST", "/t_documents/_count"),
        ("POST", "/t_documents/_search"),
        ("POST", "/t_documents/_search"),
        ("GET", "/t_documents-*"),
        ("GET", "/_alias/t_documents"),
        ("DELETE", "/t_documents-1"),
    ]
    assert sent[1][2] == {"refresh": "wait_for", "require_alias": True}
    assert sent[3][3]["mappings"]["dynamic"] == "strict" and sent[3][3]["aliases"] == {}
    assert sent[12][3]["highlight"]["pre_tags"] == [MARK_START]
