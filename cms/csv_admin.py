"""What the admin's CSV imports share: the upload form, the page's import view and the template file.

An importer (the budget lines of a budget page, the indicator values of a baromètre entry) provides a parser that
raises a `CsvImportError` carrying `.errors` (one message per row and column, see `cms/csv_import.py`), a template
extending `cms/admin/csv_import.html`, and its own `form_valid()`.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_actions import editable_page, page_breadcrumbs
from .csv_export import csv_response
from .csv_import import MAX_BYTES, CsvImportError


class CsvUploadForm(forms.Form):
    """A CSV file, parsed as soon as the form is cleaned: `parsed` holds the rows, `import_errors` the problems.

    Subclasses define `parse` (bytes -> rows, raising a `CsvImportError`) and set the field's help text."""

    csv_file = forms.FileField(label=gettext_lazy("Fichier CSV"), widget=forms.FileInput(attrs={"accept": ".csv"}))
    help_text = ""

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
            self.parsed = self.parse(uploaded.read(MAX_BYTES + 1))
        except CsvImportError as error:
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
        self.page = editable_page(request, self.page_model, kwargs["page_id"])

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return page_breadcrumbs(self.page, self.request.user, self.get_page_title())

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
    return csv_response(filename, [header, *rows])
