"""Wagtail admin registrations of the cms app: the budget CSV import (URLs, page buttons), the territories, and what
keeps a space editor inside their collectivité (`cms.admin_scope`): page views, choosers, media APIs, the home."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from wagtail import hooks
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.sidebar import PageExplorerMenuItem as PageExplorerMenuItemComponent
from wagtail.admin.wagtail_hooks import ExplorerMenuItem
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from . import page_cache
from .admin_actions import register_page_actions
from .admin_scope import landing_space, usable_media, visible_pages
from .admin_views import (
    BudgetImportMenuItem,
    BudgetImportView,
    ScopedPageViewSet,
    SpaceHomePanel,
    SpacePagesSummaryItem,
    budget_import_template,
)
from .converters import IdDetailURLMixin
from .documents import serve_only_public_documents
from .viewsets import territory_viewset


@hooks.register("register_admin_urls")
def register_budget_import_urls():
    return [
        path("budget/<id:page_id>/import/", BudgetImportView.as_view(), name="cms_budget_import"),
        path("budget/import/modele.csv", budget_import_template, name="cms_budget_import_template"),
    ]


register_page_actions(BudgetImportMenuItem)


@hooks.register("register_admin_viewset")
def register_territory_viewset():
    return territory_viewset


# -- a space editor reads only their collectivité (cms.admin_scope) ---------------------------------------------------
@hooks.register("register_admin_viewset")
def register_scoped_page_viewset():
    # Registered after Wagtail's own base viewset (order -1), so every page type without a viewset of its own uses it.
    return ScopedPageViewSet()


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    return visible_pages(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    # The chooser shows the page it browses (title, breadcrumbs) before its children: refuse a parent the editor may
    # not read rather than list nothing under its name.
    parent_id = request.resolver_match.kwargs.get("parent_page_id") if request.resolver_match else None
    if parent_id is not None and not visible_pages(request.user).filter(pk=parent_id).exists():
        raise PermissionDenied
    return visible_pages(request.user, pages)


class ScopedImagesAdminAPIViewSet(IdDetailURLMixin, ImagesAdminAPIViewSet):
    def get_queryset(self):
        return usable_media(self.request.user, self.model, super().get_queryset())


class ScopedDocumentsAdminAPIViewSet(IdDetailURLMixin, DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return usable_media(self.request.user, self.model, super().get_queryset())


@hooks.register("construct_admin_api", order=1)
def scope_admin_media_api(router):
    # After wagtail.images and wagtail.documents have registered theirs (order 0): the same names, replaced.
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


class SpaceExplorerMenuItem(ExplorerMenuItem):
    """The « Pages » menu opens on the editor's own space, not on Wagtail's Root with both languages' homes."""

    def render_component(self, request):
        space = landing_space(request.user, getattr(request, "LANGUAGE_CODE", None))
        if space is None:
            return super().render_component(request)
        return PageExplorerMenuItemComponent(
            self.name, self.label, self.url, space.pk, icon_name=self.icon_name, classname=self.classname
        )


@hooks.register("construct_main_menu")
def space_explorer_menu(request, menu_items):
    for index, item in enumerate(menu_items):
        if item.name == "explorer" and type(item) is ExplorerMenuItem:
            menu_items[index] = SpaceExplorerMenuItem(
                item.label, item.url, name=item.name, icon_name=item.icon_name, order=item.order
            )


@hooks.register("construct_homepage_summary_items", order=1)
def space_pages_summary(request, items):
    items[:] = [SpacePagesSummaryItem(request) if type(item) is PagesSummaryItem else item for item in items]


@hooks.register("construct_homepage_panels")
def space_home_panel(request, panels):
    space = landing_space(request.user, getattr(request, "LANGUAGE_CODE", None))
    if space is not None:
        panels.append(SpaceHomePanel(space))


hooks.register("before_serve_document", serve_only_public_documents)


@hooks.register("before_serve_page")
def mark_page_for_the_cache(page, request, serve_args, serve_kwargs):
    """The page cache (cms/page_cache.py) stores only what Wagtail's page view served, and never a restricted page."""
    page_cache.mark_served(request, page)
