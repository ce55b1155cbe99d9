"""Admin views of the baromètre: the CSV import of an entry's indicator values (form, view, template file, button)."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages

from cms.admin_actions import PageActionMenuItem
from cms.csv_admin import CsvUploadForm, PageCsvImportView, csv_template_response

from .indicator_import import MAX_ROWS, IndicatorImportError, import_indicator_values, parse_indicator_csv
from .models import BarometreEntryPage
from .viewsets import indicator_viewset

TEMPLATE_CSV_ROWS = [
    ("Part des trajets domicile-travail à vélo", "01/2025", "4,2", "%", "9", "Enquête mobilité"),
    ("Part des trajets domicile-travail à vélo", "01/2026", "5,1", "%", "9", "Enquête mobilité"),
    ("Places de stationnement vélo", "31/12/2025", "1 250", "places", "", "Services techniques"),
]


class IndicatorImportForm(CsvUploadForm):
    help_text = gettext_lazy(
        "Colonnes « indicateur », « date », « valeur » et, si vous le souhaitez, « unité », « cible », « source », "
        "« remarque »."
    )

    def parse(self, data):
        return parse_indicator_csv(data)


def indicators_url(entry):
    """The indicators listing, filtered on ``entry``."""
    return reverse(indicator_viewset.get_url_name("index")) + f"?entry={entry.pk}"


class IndicatorImportView(PageCsvImportView):
    """Upload a CSV file of dated values for the indicators of one entry (created when missing)."""

    form_class = IndicatorImportForm
    template_name = "barometre/admin/indicator_import.html"
    page_model = BarometreEntryPage
    max_rows = MAX_ROWS

    def get_page_title(self):
        return _("Importer des indicateurs")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            template_url=reverse("barometre_indicator_import_template"),
            indicators_url=indicators_url(self.page),
        )
        return context

    def form_valid(self, form):
        try:
            report = import_indicator_values(self.page, form.parsed)
        except IndicatorImportError as error:
            return self.refuse(form, error)
        count = report.created_values + report.updated_values
        messages.success(
            self.request,
            _(
                "Import réussi. Valeurs importées : %(count)d (nouvelles : %(new)d, remplacées : %(updated)d) ; "
                "indicateurs créés : %(indicators)d."
            )
            % {
                "count": count,
                "new": report.created_values,
                "updated": report.updated_values,
                "indicators": len(report.created_indicators),
            },
        )
        return redirect(indicators_url(self.page))


def indicator_import_template(request):
    return csv_template_response(
        "modele-indicateurs.csv", ["indicateur", "date", "valeur", "unité", "cible", "source"], TEMPLATE_CSV_ROWS
    )


class IndicatorImportMenuItem(PageActionMenuItem):
    page_model = BarometreEntryPage
    label = gettext_lazy("Importer des indicateurs")
    icon_name = "upload"
    url_name = "barometre_indicator_import"
    header_priority = 13
    listing_priority = 4
