"""Admin views of the cms app: the budget CSV import of a budget year (form, view, template file, button); the page
views that a space editor may only open on what `cms.admin_scope` lets them see (`ScopedPageViewSet`), the scoped
reports and chooser views, and the admin home's panel and summary for a communication officer."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.move import MoveConfirmView
from wagtail.admin.views.pages.workflow import (
    CollectWorkflowActionDataView,
    PreviewRevisionForTaskView,
    WorkflowActionView,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail_localize.views.report import TranslationsReportView

from .admin_actions import PageActionMenuItem
from .admin_scope import (
    landing_space,
    may_see_draft,
    own_space_pages,
    space_scope,
    usable_media,
    visible_pages,
)
from .budget_import import MAX_ROWS, BudgetImportError, import_budget_lines, parse_budget_csv
from .csv_admin import CsvUploadForm, PageCsvImportView, csv_template_response
from .models.budget import BudgetNature, BudgetSector, BudgetYearPage
from .models.news import NewsIndexPage
from .registry import registry

TEMPLATE_CSV_ROWS = [
    (BudgetSector.EDUCATION, BudgetNature.OPERATING, "1 250 000,00", "Écoles maternelles et élémentaires"),
    (BudgetSector.EDUCATION, BudgetNature.INVESTMENT, "480 000,00", "Rénovation de l'école Jules-Ferry"),
    (BudgetSector.TRANSPORT, BudgetNature.INVESTMENT, "2 300 000,00", "Réfection de la rue de la République"),
    (BudgetSector.CULTURE, BudgetNature.OPERATING, "315 000,50", "Médiathèque"),
    (BudgetSector.DEBT, BudgetNature.OPERATING, "120 000", "Intérêts des emprunts"),
]


class BudgetImportForm(CsvUploadForm):
    help_text = gettext_lazy("Colonnes « secteur », « nature », « montant » et, si vous le souhaitez, « détail ».")

    def parse(self, data):
        return parse_budget_csv(data)


class BudgetImportView(PageCsvImportView):
    """Upload a CSV file of budget lines; they replace the lines of a new draft revision of the page."""

    form_class = BudgetImportForm
    template_name = "cms/admin/budget_import.html"
    page_model = BudgetYearPage
    max_rows = MAX_ROWS
    submit_button_label = gettext_lazy("Importer dans un brouillon")

    @cached_property
    def lock(self):
        lock = self.page.get_lock()
        return lock if lock is not None and lock.for_user(self.request.user) else None

    def get_page_title(self):
        return _("Importer un CSV")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            template_url=reverse("cms_budget_import_template"),
            sectors=BudgetSector.choices,
            lock_message=self.lock.get_message(self.request.user) if self.lock else None,
        )
        return context

    def form_valid(self, form):
        if self.lock:
            form.add_error(None, _("La page est verrouillée : rien n'a été importé."))
            return self.form_invalid(form)
        try:
            import_budget_lines(self.page, form.parsed, self.request.user)
        except BudgetImportError as error:
            return self.refuse(form, error)
        count = len(form.parsed)
        messages.success(
            self.request,
            ngettext(
                "%(count)d ligne importée dans un brouillon : relisez puis publiez.",
                "%(count)d lignes importées dans un brouillon : relisez puis publiez.",
                count,
            )
            % {"count": count},
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)


def budget_import_template(request):
    rows = [(sector.label, nature.value, amount, label) for sector, nature, amount, label in TEMPLATE_CSV_ROWS]
    return csv_template_response("modele-budget.csv", ["secteur", "nature", "montant", "détail"], rows)


class BudgetImportMenuItem(PageActionMenuItem):
    page_model = BudgetYearPage
    label = gettext_lazy("Importer un CSV")
    icon_name = "upload"
    url_name = "cms_budget_import"
    header_priority = 12
    listing_priority = 3


# -- what a space editor may open (cms.admin_scope) -------------------------------------------------------------------
class OwnDraftsOnlyMixin:
    """A workflow view whose page a space editor may not read answers 404 before any message names the page."""

    def get_base_object_queryset(self):
        return visible_pages(self.request.user, super().get_base_object_queryset()).filter(
            pk__in=drafts_visible_to(self.request.user)
        )


def drafts_visible_to(user):
    """The pages whose latest draft the user may read: all for an unconfined user, their own spaces' otherwise."""
    own = own_space_pages(user)
    return Page.objects.values("pk") if own is None else own.values("pk")


class ScopedWorkflowActionView(OwnDraftsOnlyMixin, WorkflowActionView):
    pass


class ScopedCollectWorkflowActionDataView(OwnDraftsOnlyMixin, CollectWorkflowActionDataView):
    pass


class ScopedPreviewRevisionForTaskView(OwnDraftsOnlyMixin, PreviewRevisionForTaskView):
    pass


class ScopedMoveConfirmView(MoveConfirmView):
    """Wagtail's confirmation names both pages before checking anything: the editor must be allowed the move first."""

    def dispatch(self, request, page_to_move_id, destination_id, *args, **kwargs):
        page = get_object_or_404(Page, id=page_to_move_id)
        destination = get_object_or_404(Page, id=destination_id)
        user = request.user
        if not page.permissions_for_user(user).can_move() or not may_see_draft(user, destination):
            raise PermissionDenied
        return super().dispatch(request, page_to_move_id, destination_id, *args, **kwargs)


class ScopedExplorableIndexView(ExplorableIndexView):
    """The explorer's root opens a space editor's own space (in the admin's language), not Wagtail's Root; a page
    they may not explore opens their space too, instead of showing its title above an empty list.

    (Wagtail only sends back to the user's explorable root, which is Root itself for an editor of a space and of its
    translation: any page id would do.)"""

    def get(self, request, parent_page_id=None):
        space = landing_space(request.user, getattr(request, "LANGUAGE_CODE", None))
        if space is not None and (
            parent_page_id is None
            or not self.permission_policy.explorable_instances(request.user).filter(pk=parent_page_id).exists()
        ):
            query = request.META.get("QUERY_STRING", "")
            url = reverse(self.index_url_name, args=[space.pk])
            return redirect(f"{url}?{query}" if query else url)
        return super().get(request, parent_page_id)


class ScopedPageViewSet(PageViewSet):
    """Every page type's admin views, with those that would name a page the editor may not read scoped."""

    index_view_class = ScopedExplorableIndexView
    move_confirm_view_class = ScopedMoveConfirmView
    workflow_action_view_class = ScopedWorkflowActionView
    collect_workflow_action_data_view_class = ScopedCollectWorkflowActionDataView
    workflow_preview_view_class = ScopedPreviewRevisionForTaskView


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """The page types report counts, and names the last edited page of, only the pages the editor may read."""

    def get_queryset(self):
        user = self.request.user
        if space_scope(user) is None:
            return super().get_queryset()
        queryset = self.filter_queryset(ContentType.objects.filter(model__in=self.page_models))
        self.queryset = queryset
        pages = visible_pages(user).filter(pk__in=drafts_visible_to(user))
        if language_code := self.filters.form.cleaned_data.get("page_locale", None):
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path := self.filters.form.cleaned_data.get("site", None):
            pages = pages.filter(path__startswith=site_root_path)
        last_edited = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(pages__in=pages.values("pk"))),
            last_edited_page_id=Subquery(last_edited.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


class ScopedChosenMultipleView(ChosenMultipleView):
    """The chooser's answer for several chosen ids describes only pages the editor may read."""

    def get(self, request):
        ids = [value for value in request.GET.getlist("id") if value.isdigit()]
        allowed = visible_pages(request.user).filter(pk__in=ids).values_list("pk", flat=True)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in allowed])
        return super().get(request)


# -- the admin home of a communication officer -----------------------------------------------------------------------
RECENT_PAGES = 8


class SpacePagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count: a space editor's own pages, not the whole platform's."""

    def get_context_data(self, parent_context):
        own = own_space_pages(self.request.user)
        space = landing_space(self.request.user, getattr(self.request, "LANGUAGE_CODE", None))
        if own is None or space is None:
            return super().get_context_data(parent_context)
        return {"root_page": space, "total_pages": own.count(), "site_name": space.title}


class SpaceHomePanel(Component):
    """The first panel of a space editor's admin home: their space, shortcuts, recent pages, the features' panels."""

    name = "cms_space_home"
    template_name = "cms/admin/space_home_panel.html"
    order = 10

    def __init__(self, space):
        self.space = space.specific

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        news_index = NewsIndexPage.objects.descendant_of(self.space).first()
        can_add_news = news_index is not None and news_index.permissions_for_user(request.user).can_add_subpage()
        recent = (
            own_space_pages(request.user)
            .filter(locale_id=self.space.locale_id)
            .exclude(pk=self.space.pk)
            .order_by(F("latest_revision_created_at").desc(nulls_last=True), "-pk")[:RECENT_PAGES]
        )
        context.update(
            space=self.space,
            recent_pages=list(recent.specific()),
            add_news_url=(
                reverse("wagtailadmin_pages:add", args=["cms", "newspage", news_index.pk]) if can_add_news else None
            ),
            panels=registry.panels("admin_home", self.space, request),
        )
        return context


def scoped_bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk actions (`/admin/bulk/<app>/<model>/<action>/?id=…`) list every id they are given with its
    title, even those the user may not act on. A space editor's ids are cut down first to their own spaces' pages
    and the media they may choose; « all the children of » (`id=all`) only of one of their own pages."""
    from wagtail.admin.views.bulk_action import index as bulk_action_index

    scope = space_scope(request.user)
    if scope is not None:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError as error:
            raise Http404 from error
        ids = request.GET.getlist("id")
        query = request.GET.copy()
        if issubclass(model, Page):
            if "all" in ids:
                parent = request.GET.get("childOf", "")
                if not (parent.isdigit() and own_space_pages(request.user).filter(pk=parent).exists()):
                    raise Http404
            else:
                numeric = [pk for pk in ids if pk.isdigit() and len(pk) < 19]
                query.setlist(
                    "id",
                    [
                        str(pk)
                        for pk in own_space_pages(request.user).filter(pk__in=numeric).values_list("pk", flat=True)
                    ],
                )
        elif model in (get_image_model(), get_document_model()):
            if "all" in ids:
                raise Http404  # the media listings offer no « select all » across collections to a space editor
            numeric = [pk for pk in ids if pk.isdigit() and len(pk) < 19]
            usable = usable_media(request.user, model, model.objects.filter(pk__in=numeric))
            query.setlist("id", [str(pk) for pk in usable.values_list("pk", flat=True)])
        request.GET = query
    return bulk_action_index(request, app_label, model_name, action)


def scoped_translations_report(view):
    """wagtail-localize's translations report lists every translation with its source's title: AimPact's team only
    (a space editor sees their translations in their pages' own menus)."""

    def wrapped(request, *args, **kwargs):
        if space_scope(request.user) is not None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _admin_view(view):
    return never_cache(require_admin_access(view))


# Wagtail's own URLs for views that have no hook to scope them: placed before `wagtail.admin.urls` (cms/urls.py), at
# the same addresses, so that Wagtail's URL names still lead here.
scoped_admin_urlpatterns = [
    path("reports/page-types-usage/", _admin_view(ScopedPageTypesUsageReportView.as_view())),
    path("reports/page-types-usage/results/", _admin_view(ScopedPageTypesUsageReportView.as_view(results_only=True))),
    path("choose-page/chosen-multiple/", _admin_view(ScopedChosenMultipleView.as_view())),
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", _admin_view(scoped_bulk_action)),
    path(
        "localize/reports/translations/",
        _admin_view(scoped_translations_report(TranslationsReportView.as_view())),
    ),
    path(
        "localize/reports/translations/results/",
        _admin_view(scoped_translations_report(TranslationsReportView.as_view(results_only=True))),
    ),
]
