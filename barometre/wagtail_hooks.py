"""Wagtail admin of the baromètre: indicators (a ModelViewSet), their CSV import, perception snapshots (read only)."""

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.admin.viewsets.model import ModelViewSet

from .indicator_import import (
    MAX_BYTES,
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


class IndicatorImportForm(forms.Form):
    csv_file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        widget=forms.FileInput(attrs={"accept": ".csv"}),
        help_text=gettext_lazy(
            "Colonnes « indicateur », « date », « valeur » et, si vous le souhaitez, « unité », « cible », "
            "« source », « remarque »."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed_rows = []
        self.import_errors = []

    def clean_csv_file(self):
        uploaded = self.cleaned_data["csv_file"]
        try:
            self.parsed_rows = parse_indicator_csv(uploaded.read(MAX_BYTES + 1))
        except IndicatorImportError as error:
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


class IndicatorImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV file of dated values for the indicators of one entry (created when missing)."""

    form_class = IndicatorImportForm
    template_name = "barometre/admin/indicator_import.html"
    header_icon = "upload"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(BarometreEntryPage, pk=kwargs["page_id"])

    def dispatch(self, request, *args, **kwargs):
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Importer des indicateurs")

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
            template_url=reverse("barometre_indicator_import_template"),
            indicators_url=reverse(indicator_viewset.get_url_name("index")) + f"?entry={self.page.pk}",
            max_rows=MAX_ROWS,
            import_errors=form.import_errors,
            submit_button_label=_("Importer"),
            submit_button_active_label=_("Import en cours…"),
            media=form.media,
        )
        return context

    def form_valid(self, form):
        try:
            report = import_indicator_values(self.page, form.parsed_rows)
        except IndicatorImportError as error:
            form.import_errors = error.errors
            form.add_error("csv_file", _("Le fichier n'a pas été importé."))
            return self.form_invalid(form)
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
    """A CSV file to start from: French headers, « ; » separator, UTF-8 with BOM so that Excel reads the accents."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(["indicateur", "date", "valeur", "unité", "cible", "source"])
    writer.writerows(TEMPLATE_CSV_ROWS)
    response = HttpResponse(("\ufeff" + output.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-indicateurs.csv"'
    return response


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
