"""How index pages list (cms.models.listing.FilterableListMixin), ChainedQuerySets and the safe `next` helper."""

import datetime

import pytest

from django.db.models import QuerySet
from django.test import RequestFactory
from django.utils import timezone

from academie.models import AcademieIndexPage
from cms.http import safe_next_url
from cms.models import NewsIndexPage, NewsPage, ProjectIndexPage, ProjectPage
from cms.query import ChainedQuerySets
from tests.factories import (
    AcademieIndexPageFactory,
    CaseStudyPageFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    LessonPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ParcoursPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_index(space, monkeypatch):
    """Five news items, two a page: pages 1 and 2 full, page 3 with the oldest one."""
    monkeypatch.setattr(NewsIndexPage, "per_page", 2)
    index = NewsIndexPageFactory(parent=space)
    for day in range(1, 6):
        NewsPageFactory(parent=index, title=f"Nouvelle du {day} mars", date=datetime.date(2026, 3, day))
    return index


@pytest.fixture
def project_index(space):
    index = ProjectIndexPageFactory(parent=space)
    for title, status, theme, district, progress in (
        ("Piste", "en_cours", "mobilite", "Centre", 60),
        ("École", "termine", "education", "Prés", 100),
        ("Parc", "en_cours", "environnement", "Prés", 20),
    ):
        ProjectPageFactory(parent=index, title=title, status=status, theme=theme, district=district, progress=progress)
    return index


def titles(listing):
    return [item.title for item in listing]


# -- pagination ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "number", "expected"),
    [
        ("", 1, ["Nouvelle du 5 mars", "Nouvelle du 4 mars"]),
        ("2", 2, ["Nouvelle du 3 mars", "Nouvelle du 2 mars"]),
        ("0", 3, ["Nouvelle du 1 mars"]),  # out of range: the last page, as Paginator.get_page does
        ("-1", 3, ["Nouvelle du 1 mars"]),
        ("9999", 3, ["Nouvelle du 1 mars"]),
        ("abc", 1, ["Nouvelle du 5 mars", "Nouvelle du 4 mars"]),  # junk: the first page
        ("2.5", 1, ["Nouvelle du 5 mars", "Nouvelle du 4 mars"]),
    ],
)
def test_page_numbers_out_of_range_or_junk_still_show_a_page(client, news_index, asked, number, expected):
    # (not named `page`: that is pytest-playwright's browser page fixture)
    response = client.get(news_index.url, {"page": asked} if asked else {})
    assert response.status_code == 200
    listing = response.context["news_page"]
    assert listing.number == number
    assert titles(listing) == expected


def test_a_page_is_sliced_in_the_database(rf, news_index):
    listing = news_index.get_listing_context(rf.get("/", {"page": 2}))["news_page"]
    assert isinstance(listing.object_list, QuerySet)  # a slice of the query, not of a list of every item
    assert listing.object_list.query.low_mark == 2 and listing.object_list.query.high_mark == 4
    assert listing.paginator.count == 5


def test_without_a_page_size_everything_is_listed(client, space):
    index = ConsultationIndexPageFactory(parent=space)
    for number in range(3):
        ConsultationPageFactory(parent=index, slug=f"c{number}")
    assert len(client.get(index.url).context["open_consultations"]) == 3


# -- filters ---------------------------------------------------------------------------------------------------------


def test_filters_reach_the_queryset_as_the_forms_non_empty_values(rf, project_index):
    request = rf.get(project_index.url, {"status": "en_cours", "theme": "", "district": "Prés"})
    context = project_index.get_listing_context(request)
    assert titles(context["projects_page"]) == ["Parc"]
    assert context["filter_query"] == "status=en_cours&district=Pr%C3%A9s&"


def test_an_invalid_form_filters_nothing_and_keeps_no_query(rf, project_index):
    context = project_index.get_listing_context(rf.get(project_index.url, {"status": "inconnu", "theme": "mobilite"}))
    assert context["filter_form"].errors
    assert context["filter_query"] == ""
    assert titles(context["projects_page"]) == ["École", "Piste", "Parc"]


def test_filtered_is_the_one_spelling_and_an_empty_criterion_keeps_everything(project_index):
    projects = ProjectPage.objects.child_of(project_index)
    assert projects.filtered().count() == 3
    assert projects.filtered(status="", theme=None).count() == 3
    assert titles(projects.filtered(theme="education")) == ["École"]


def test_the_filter_form_is_an_override_point(rf, project_index):
    form = project_index.get_filter_form(rf.get("/"), ProjectPage.objects.child_of(project_index))
    assert [value for value, _label in form.fields["district"].choices] == ["", "Centre", "Prés"]


# -- ordering --------------------------------------------------------------------------------------------------------


def test_projects_are_ordered_by_progress_in_the_database(rf, project_index):
    listing = ProjectIndexPage.objects.get(pk=project_index.pk).get_listing_context(rf.get("/"))["projects_page"]
    assert listing.object_list.query.order_by == ("-progress", "title")


def test_consultations_are_split_by_status_in_the_database_newest_opening_first(client, space):
    index = ConsultationIndexPageFactory(parent=space)
    now = timezone.now()
    day = datetime.timedelta(days=1)

    def make(slug, opens, closes):
        return ConsultationPageFactory(
            parent=index, slug=slug, opens_at=now + opens * day, closes_at=now + closes * day
        )

    make("ouverte-avant", -10, 5)
    make("ouverte-hier", -1, 5)
    make("a-venir", 2, 9)
    make("close", -30, -20)
    make("dates-inversees", 3, -1)  # not open yet: upcoming, and never also closed (as status_at says)
    context = client.get(index.url).context
    for name in ("open_consultations", "upcoming_consultations", "closed_consultations"):
        assert isinstance(context[name].paginator.object_list, QuerySet), name  # a page read from the database
    assert [p.slug for p in context["open_consultations"]] == ["ouverte-hier", "ouverte-avant"]
    assert [p.slug for p in context["upcoming_consultations"]] == ["dates-inversees", "a-venir"]
    assert [p.slug for p in context["closed_consultations"]] == ["close"]


# -- several page types in one listing (the Académie) ------------------------------------------------------------------


@pytest.fixture
def library(home):
    academie = AcademieIndexPageFactory(parent=home)
    parcours = ParcoursPageFactory(parent=academie, title="P1", slug="p1")
    LessonPageFactory(parent=parcours, title="L1", slug="l1")
    LessonPageFactory(parent=academie, title="L2", slug="l2")
    CaseStudyPageFactory(parent=academie, title="C1", slug="c1")
    return AcademieIndexPage.objects.get(pk=academie.pk)


def test_chained_querysets_count_and_slice_across_their_parts(library, django_assert_num_queries):
    chain = library.get_listing_queryset().order_by("path")
    with django_assert_num_queries(3):
        assert chain.count() == 4 and len(chain) == 4  # one count per part, kept
    with django_assert_num_queries(2):  # the slice reads the lessons and the case studies only
        assert [page.title for _kind, page in chain[2:5]] == ["L2", "C1"]
    assert [(kind, page.title) for kind, page in chain] == [
        ("parcours", "P1"),
        ("lecon", "L1"),
        ("lecon", "L2"),
        ("cas", "C1"),
    ]
    assert chain[0][1].title == "P1" and chain[-1][1].title == "C1"
    assert chain[9:12] == []
    with pytest.raises(IndexError):
        chain[10]  # noqa: B018


def test_chained_querysets_filter_each_part(library):
    chain = library.get_listing_queryset()
    assert [page.title for _kind, page in chain.filtered(kind="lecon")] == ["L1", "L2"]
    assert chain.filtered(format="video").count() == 0  # parcours and case studies have no format
    assert isinstance(chain.filtered(), ChainedQuerySets)


def test_the_library_pages_out_of_range_show_the_last_page(client, library, monkeypatch):
    monkeypatch.setattr(AcademieIndexPage, "per_page", 3)
    for asked, expected in (("9999", ["C1"]), ("0", ["C1"]), ("x", ["P1", "L1", "L2"])):
        listing = client.get(library.url, {"page": asked}).context["items_page"]
        assert [item.title for _kind, item in listing] == expected, asked


# -- the safe `next` address -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "/defaut/"),
        ({"next": "/page/?a=1"}, "/page/?a=1"),
        ({"next": "https://ailleurs.example/"}, "/defaut/"),
        ({"next": "//ailleurs.example/"}, "/defaut/"),
        ({"next": "javascript:alert(1)"}, "/defaut/"),
        ({"next": "http://testserver/page/"}, "http://testserver/page/"),
    ],
)
def test_safe_next_url_stays_on_the_site(data, expected):
    assert safe_next_url(RequestFactory().get("/", data), "/defaut/") == expected
    assert safe_next_url(RequestFactory().post("/", data), "/defaut/") == expected


def test_safe_next_url_prefers_the_posted_address():
    request = RequestFactory().post("/?next=/de-la-requete/", {"next": "/du-formulaire/"})
    assert safe_next_url(request, "/defaut/") == "/du-formulaire/"


def test_news_listing_uses_the_listing_model(news_index):
    assert news_index.get_listing_model() is NewsPage
    assert titles(news_index.get_news())[:2] == ["Nouvelle du 5 mars", "Nouvelle du 4 mars"]
