"""One way for an index page to list pages: a queryset, a filter form, an ordering, pages read from the database.

After cfpb's `FilterableListMixin` (consumerfinance.gov, `v1/models/filterable_list_mixins.py`). `get_context` runs
the steps below in this order; a page type overrides the attribute or the method it needs and nothing else:

    queryset  = get_listing_queryset()            listing_model's live public children (listing_model may be a
                                                  "app_label.Model" string, like parent_page_types)
    form      = get_filter_form(request, queryset) filter_form_class(request.GET or None); no form: no filters
    params    = get_filter_params(form)            the form's non-empty cleaned values, {} when the form is invalid
    queryset  = filter_listing(queryset, params)   queryset.filtered(**params) (the sort field left out)
    queryset  = order_listing(queryset, sort)      listing_ordering, or a queryset method of the page type's
    listing   = paginate_listing(request, qs)      Paginator(qs, per_page).get_page(?page=): a number out of range
                                                  shows the last page, a junk one the first; per_page None lists all

The context receives the listing as `listing_context_name`, and, with a form, `filter_form` and `filter_query`
(the active filters as a query string prefix for the pagination links: "theme=x&" or "").
"""

from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Paginator


class FilterableListMixin:
    """Lists, filters, orders and paginates pages below this page, in the database."""

    listing_model = None
    listing_context_name = "items_page"
    listing_ordering = ()
    filter_form_class = None
    sort_param = None  # the filter form field that chooses the ordering (handed to order_listing, not filtered)
    per_page = None

    def get_listing_model(self):
        if isinstance(self.listing_model, str):
            return apps.get_model(self.listing_model)
        return self.listing_model

    def get_listing_queryset(self):
        return self.get_listing_model().objects.child_of(self).live().public()

    def get_filter_form(self, request, queryset):
        return self.filter_form_class(request.GET or None)

    def get_filter_params(self, form):
        if not form.is_valid():
            return {}
        return {name: value for name, value in form.cleaned_data.items() if value}

    def filter_listing(self, queryset, params):
        return queryset.filtered(**params) if params else queryset

    def order_listing(self, queryset, sort=None):
        return queryset.order_by(*self.listing_ordering) if self.listing_ordering else queryset

    def paginate_listing(self, request, queryset):
        if self.per_page is None:
            return queryset
        return Paginator(queryset, self.per_page).get_page(request.GET.get("page"))

    def get_listing_context(self, request):
        queryset = self.get_listing_queryset()
        context, params = {}, {}
        if self.filter_form_class is not None:
            form = self.get_filter_form(request, queryset)
            params = self.get_filter_params(form)
            context["filter_form"] = form
            context["filter_query"] = urlencode(params) + "&" if params else ""
        filters = {name: value for name, value in params.items() if name != self.sort_param}
        queryset = self.order_listing(self.filter_listing(queryset, filters), params.get(self.sort_param))
        context[self.listing_context_name] = self.paginate_listing(request, queryset)
        return context

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_listing_context(request))
        return context
