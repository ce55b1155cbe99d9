"""Admin actions on a page (cms/admin_actions.py): their buttons, where they stand, who sees them, their views."""

import pytest

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from wagtail import hooks
from wagtail.test.utils import WagtailTestUtils

from cms.admin_actions import PageActionMenuItem, editable_page, page_breadcrumbs
from cms.models import BudgetYearPage
from tests.factories import BudgetIndexPageFactory, BudgetYearPageFactory

pytestmark = pytest.mark.django_db


class ExampleAction(PageActionMenuItem):
    page_model = BudgetYearPage
    label = "Exemple"
    url_name = "cms_budget_import"
    header_priority = 30
    listing_priority = 31


class HiddenAction(ExampleAction):
    def is_shown_for(self, user):
        return False


@pytest.fixture
def budget_page(space):
    return BudgetYearPageFactory(parent=BudgetIndexPageFactory(parent=space), fiscal_year=2026)


@pytest.fixture
def superuser():
    return WagtailTestUtils.create_superuser("chef", password="motdepasse-test-123")


@pytest.fixture
def stranger():
    return WagtailTestUtils.create_user("curieux", password="motdepasse-test-123", permissions=["access_admin"])


def offered(hook_name, page, user, **kwargs):
    """{button class name: priority} of the page actions the hooks offer on ``page``, shown or not."""
    return {
        type(item).__name__: item.priority
        for hook in hooks.get_hooks(hook_name)
        for item in hook(page=page, user=user, **kwargs)
        if isinstance(item, PageActionMenuItem)
    }


def test_every_app_offers_its_actions_in_the_header_and_the_listing_at_their_priorities(budget_page, superuser):
    assert offered("register_page_header_buttons", budget_page, superuser, view_name="edit") == {
        "BudgetImportMenuItem": 12,
        "IndicatorImportMenuItem": 13,
        "ResultsMenuItem": 10,
        "ModerationMenuItem": 11,
        "InvitationsMenuItem": 12,
        "QuizReportMenuItem": 20,
        "CommentSettingsMenuItem": 20,  # comments can be turned on for any page (consultations/comments/)
        "TestSendMenuItem": 20,  # the newsletters' actions (each shown on its own page type only)
        "IssueStatsMenuItem": 20,
        "SubscribersMenuItem": 20,
        "RegistrationsMenuItem": 15,  # a debate's registrations and invitations (consultations/debates/)
        "RegieMenuItem": 10,  # « Régie du débat », on debates only (consultations/debates/)
    }
    assert offered("register_page_listing_more_buttons", budget_page, superuser) == {
        "BudgetImportMenuItem": 3,
        "IndicatorImportMenuItem": 4,
        "ResultsMenuItem": 2,
        "ModerationMenuItem": 3,
        "InvitationsMenuItem": 4,
        "QuizReportMenuItem": 20,
        "CommentSettingsMenuItem": 20,
        "TestSendMenuItem": 20,
        "IssueStatsMenuItem": 20,
        "SubscribersMenuItem": 20,
        "RegistrationsMenuItem": 15,
        "RegieMenuItem": 2,
    }


def test_an_action_is_shown_on_its_page_type_to_its_editors_only(budget_page, superuser, stranger):
    assert ExampleAction(page=budget_page).is_shown(superuser)
    assert ExampleAction(page=budget_page.page_ptr).is_shown(superuser)  # generic Page, as in listings
    assert not ExampleAction(page=budget_page.get_parent()).is_shown(superuser)
    assert not ExampleAction(page=budget_page).is_shown(stranger)
    assert not HiddenAction(page=budget_page).is_shown(superuser)
    assert ExampleAction(page=budget_page).url == f"/admin/budget/{budget_page.pk}/import/"


def test_the_view_of_an_action_gets_its_page_for_its_editors_only(budget_page, superuser, stranger):
    request = RequestFactory().get("/")
    request.user = superuser
    assert editable_page(request, BudgetYearPage, budget_page.pk) == budget_page
    with pytest.raises(Http404):
        editable_page(request, BudgetYearPage, budget_page.get_parent().pk)

    request.user = stranger
    with pytest.raises(PermissionDenied):
        editable_page(request, BudgetYearPage, budget_page.pk)


def test_breadcrumbs_lead_to_the_page_then_the_view(budget_page, superuser):
    items = page_breadcrumbs(budget_page, superuser, "Importer un CSV")

    assert items[-1] == {"url": "", "label": "Importer un CSV"}
    assert [item["label"] for item in items[-2:-1]] == [budget_page.get_admin_display_title()]
