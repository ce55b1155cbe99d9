"""Wagtail admin registrations of the cms app: the budget CSV import (views, URLs, page buttons)."""

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page

from .budget_import import MAX_BYTES, MAX_ROWS, BudgetImportError, import_budget_lines, parse_budget_csv
from .models.budget import BudgetNature, BudgetSector, BudgetYearPage

# -- budget CSV import -----------------------------------------------------------------------------------------------

TEMPLATE_CSV_ROWS = [
    (BudgetSector.EDUCATION, BudgetNature.OPERATING, "1 250 000,00", "Écoles maternelles et élémentaires"),
    (BudgetSector.EDUCATION, BudgetNature.INVESTMENT, "480 000,00", "Rénovation de l'école Jules-Ferry"),
    (BudgetSector.TRANSPORT, BudgetNature.INVESTMENT, "2 300 000,00", "Réfection de la rue de la République"),
    (BudgetSector.CULTURE, BudgetNature.OPERATING, "315 000,50", "Médiathèque"),
    (BudgetSector.DEBT, BudgetNature.OPERATING, "120 000", "Intérêts des emprunts"),
]


class BudgetImportForm(forms.Form):
    csv_file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        widget=forms.FileInput(attrs={"accept": ".csv"}),
        help_text=gettext_lazy("Colonnes « secteur », « nature », « montant » et, si vous le souhaitez, « détail »."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed_lines = []
        self.import_errors = []

    def clean_csv_file(self):
        uploaded = self.cleaned_data["csv_file"]
        data = uploaded.read(MAX_BYTES + 1)
        try:
            self.parsed_lines = parse_budget_csv(data)
        except BudgetImportError as error:
            self.import_errors = error.errors
            raise forms.ValidationError(
                ngettext(
                    "Le fichier n'a pas été importé : corrigez l'erreur ci-dessus puis envoyez-le à nouveau.",
                    "Le fichier n'a pas été importé : corrigez les %(count)d erreurs ci-dessus puis envoyez-le à "
                    "nouveau.",
                    len(error.errors),
                )
                % {"count": len(error.errors)}
            ) from error
        return uploaded


class BudgetImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV file of budget lines; they replace the lines of a new draft revision of the page."""

    form_class = BudgetImportForm
    template_name = "cms/admin/budget_import.html"
    header_icon = "upload"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(BudgetYearPage, pk=kwargs["page_id"])

    def dispatch(self, request, *args, **kwargs):
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def lock(self):
        lock = self.page.get_lock()
        return lock if lock is not None and lock.for_user(self.request.user) else None

    def get_page_title(self):
        return _("Importer un CSV")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *get_breadcrumbs_items_for_page(self.page, self.request.user),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            page=self.page,
            action_url=self.request.path,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            template_url=reverse("cms_budget_import_template"),
            sectors=BudgetSector.choices,
            max_rows=MAX_ROWS,
            import_errors=form.import_errors,
            lock_message=self.lock.get_message(self.request.user) if self.lock else None,
            submit_button_label=_("Importer dans un brouillon"),
            submit_button_active_label=_("Import en cours…"),
            media=form.media,
        )
        return context

    def form_valid(self, form):
        if self.lock:
            form.add_error(None, _("La page est verrouillée : rien n'a été importé."))
            return self.form_invalid(form)
        try:
            import_budget_lines(self.page, form.parsed_lines, self.request.user)
        except BudgetImportError as error:
            form.import_errors = error.errors
            form.add_error("csv_file", _("Le fichier n'a pas été importé."))
            return self.form_invalid(form)
        count = len(form.parsed_lines)
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
    """A CSV file to start from: French headers, « ; » separator, UTF-8 with BOM so that Excel reads the accents."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(["secteur", "nature", "montant", "détail"])
    for sector, nature, amount, label in TEMPLATE_CSV_ROWS:
        writer.writerow([sector.label, nature.value, amount, label])
    response = HttpResponse(("\ufeff" + output.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-budget.csv"'
    return response


@hooks.register("register_admin_urls")
def register_budget_import_urls():
    return [
        path("budget/<int:page_id>/import/", BudgetImportView.as_view(), name="cms_budget_import"),
        path("budget/import/modele.csv", budget_import_template, name="cms_budget_import_template"),
    ]


class BudgetImportMenuItem(PageMenuItem):
    label = gettext_lazy("Importer un CSV")
    icon_name = "upload"
    url_name = "cms_budget_import"

    def is_shown(self, user):
        page_class = self.page.specific_class
        return (
            page_class is not None
            and issubclass(page_class, BudgetYearPage)
            and self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def budget_import_header_button(page, user, view_name, next_url=None):
    yield BudgetImportMenuItem(page=page, priority=12)


@hooks.register("register_page_listing_more_buttons")
def budget_import_listing_button(page, user, next_url=None):
    yield BudgetImportMenuItem(page=page, priority=3)


@hooks.register("register_admin_viewset")
def register_territory_viewset():
    from .viewsets import territory_viewset

    return territory_viewset
