"""Admin views of the cms app: the budget CSV import of a budget year (form, view, template file, button)."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin import messages

from .admin_actions import PageActionMenuItem
from .budget_import import MAX_ROWS, BudgetImportError, import_budget_lines, parse_budget_csv
from .csv_admin import CsvUploadForm, PageCsvImportView, csv_template_response
from .models.budget import BudgetNature, BudgetSector, BudgetYearPage

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
