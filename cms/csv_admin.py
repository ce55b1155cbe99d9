"""What the admin's CSV imports share: the upload form, the page's import view and the template file.

An importer (the budget lines of a budget page, the indicator values of a baromètre entry) provides a parser that
raises an error carrying `.errors` (one message per row and column), and its own `form_valid()`.
"""

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page

MAX_BYTES = 1024 * 1024


class CsvUploadForm(forms.Form):
    """A CSV file, parsed as soon as the form is cleaned: `parsed` holds the rows, `import_errors` the problems.

    Subclasses set `parse` (bytes -> rows, raising `parse_error` with `.errors`) and the field's help text."""

    csv_file = forms.FileField(label=gettext_lazy("Fichier CSV"), widget=forms.FileInput(attrs={"accept": ".csv"}))
    help_text = ""
    parse_error = Exception
    max_bytes = MAX_BYTES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["csv_file"].help_text = self.help_text
        self.parsed = []
        self.import_errors = []

    def parse(self, data):
        raise NotImplementedError(f"{type(self).__name__} must say how to parse its file: define parse(data)")

    def clean_csv_file(self):
        uploaded = self.cleaned_data["csv_file"]
        try:
            self.parsed = self.parse(uploaded.read(self.max_bytes + 1))
        except self.parse_error as error:
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


class PageCsvImportView(WagtailAdminTemplateMixin, FormView):
    """The import page of one page (`page_id` in the URL) of `page_model`, for those who may edit it."""

    page_model = None
    header_icon = "upload"
    max_rows = 0
    submit_button_label = gettext_lazy("Importer")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(self.page_model, pk=kwargs["page_id"])

    def dispatch(self, request, *args, **kwargs):
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

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
            max_rows=self.max_rows,
            import_errors=form.import_errors,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=_("Import en cours…"),
            media=form.media,
        )
        return context

    def refuse(self, form, error):
        """The file parsed but could not be imported (`error.errors`): nothing was written."""
        form.import_errors = error.errors
        form.add_error("csv_file", _("Le fichier n'a pas été importé."))
        return self.form_invalid(form)


def csv_template_response(filename, header, rows):
    """A CSV file to start from: French headers, « ; » separator, UTF-8 with BOM so that Excel reads the accents."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(("\ufeff" + output.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
