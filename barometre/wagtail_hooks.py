"""Wagtail admin of the baromètre: indicators (a ModelViewSet), their CSV import, perception snapshots (read only)."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from cms.csv_admin import CsvUploadForm, PageCsvImportView, csv_template_response

from .indicator_import import (
    MAX_ROWS,
    IndicatorImportError,
    import_indicator_values,
    parse_indicator_csv,
)
from .models import BarometreEntryPage, Indicator

# -- indicators ------------------------------------------------------------------------------------------------------


class IndicatorFilterSet(WagtailFilterSet):
    class Meta:
        model = Indicator
        fields = ["entry"]


class IndicatorViewSet(ModelViewSet):
    """Indicators and their dated values (an InlinePanel): data of an entry, edited outside its revisions."""

    model = Indicator
    icon = "table"
    menu_label = gettext_lazy("Indicateurs du baromètre")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "entry", "unit", "target", "source"]
    list_filter = None
    filterset_class = IndicatorFilterSet
    search_fields = ["name", "source"]
    ordering = ["entry", "sort_order", "name"]
    inspect_view_enabled = True
    copy_view_enabled = False


indicator_viewset = IndicatorViewSet("barometre_indicators")


@hooks.register("register_admin_viewset")
def register_indicator_viewset():
    return indicator_viewset


# -- CSV import ------------------------------------------------------------------------------------------------------

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
    parse_error = IndicatorImportError

    def parse(self, data):
        return parse_indicator_csv(data)


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
            indicators_url=reverse(indicator_viewset.get_url_name("index")) + f"?entry={self.page.pk}",
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
        return redirect(reverse(indicator_viewset.get_url_name("index")) + f"?entry={self.page.pk}")


def indicator_import_template(request):
    return csv_template_response(
        "modele-indicateurs.csv", ["indicateur", "date", "valeur", "unité", "cible", "source"], TEMPLATE_CSV_ROWS
    )


@hooks.register("register_admin_urls")
def register_indicator_import_urls():
    return [
        path(
            "barometre/<int:page_id>/indicateurs/import/",
            IndicatorImportView.as_view(),
            name="barometre_indicator_import",
        ),
        path("barometre/indicateurs/modele.csv", indicator_import_template, name="barometre_indicator_import_template"),
    ]


class IndicatorImportMenuItem(PageMenuItem):
    label = gettext_lazy("Importer des indicateurs")
    icon_name = "upload"
    url_name = "barometre_indicator_import"

    def is_shown(self, user):
        page_class = self.page.specific_class
        return (
            page_class is not None
            and issubclass(page_class, BarometreEntryPage)
            and self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def indicator_import_header_button(page, user, view_name, next_url=None):
    yield IndicatorImportMenuItem(page=page, priority=13)


@hooks.register("register_page_listing_more_buttons")
def indicator_import_listing_button(page, user, next_url=None):
    yield IndicatorImportMenuItem(page=page, priority=4)
