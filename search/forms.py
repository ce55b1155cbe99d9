"""What a search may ask, checked once for the page (`SearchForm`, GET) and the API (`SearchAPIForm`): every wrong
value gets a French message next to its field (a 400 per field in the API), never a server error.

The text goes through `search.query.clean_text` (500 characters at most, control characters dropped). Filters take
known values only: a type among the page types and the contributions' kinds (`search.kinds`), a territory's INSEE code
(a commune's, an EPCI's, a département's or a région's), a theme of `cms.choices.PublicPolicyTheme`, a year. How far
one may page is bounded (`MAX_RESULTS`): deep pages cost the index most and nobody reads them; a clear message asks to
narrow the search instead.
"""

import re

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cms.choices import PublicPolicyTheme

from . import query as search_query
from .backends.base import SORT_DATE, SORT_RELEVANCE, SearchQuery
from .kinds import known_kinds

PAGE_SIZE = 20
MAX_RESULTS = 1000  # how far the page and the API go: page × PAGE_SIZE, or offset + limit
API_MAX_LIMIT = 50
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_TYPES = 20
# A commune (44109, 2A004), an EPCI (9 digits), a département (44, 2A, 974) or a région (52).
TERRITORY_CODE = re.compile(r"\d{2,3}|\d{5}|\d{9}|2[AB]|2[AB]\d{3}")

FORM_MESSAGES = {
    "type": _("Ce type de contenu n'existe pas : choisissez parmi ceux proposés."),
    "territory": _("Indiquez le code INSEE d'un territoire (par exemple 44109 pour Nantes)."),
    "theme": _("Ce thème n'existe pas : choisissez parmi ceux proposés."),
    "year": _("Indiquez une année entre %(min)s et %(max)s."),
    "sort": _("Triez par pertinence (relevance) ou par date (date)."),
    "page": _("Indiquez un numéro de page : un nombre entier à partir de 1."),
    "limit": _("Indiquez un nombre de résultats entre 1 et %(max)s."),
    "offset": _("Indiquez un décalage : un nombre entier à partir de 0."),
}
# Formatted when raised (ValidationError's params), in the language of the request.
MESSAGE_PARAMS = {"year": {"min": MIN_YEAR, "max": MAX_YEAR}, "limit": {"max": API_MAX_LIMIT}}
TOO_DEEP = _(
    "Seuls les %(count)s premiers résultats peuvent être consultés : précisez votre recherche ou ajoutez un filtre."
)


def too_deep():
    return TOO_DEEP % {"count": number_format(MAX_RESULTS, force_grouping=True)}


def _integer(value, name, minimum, maximum=None):
    """A whole number written in ASCII digits within bounds, else the field's message."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise forms.ValidationError(FORM_MESSAGES[name], code="invalid", params=MESSAGE_PARAMS.get(name))
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        raise forms.ValidationError(FORM_MESSAGES[name], code="invalid", params=MESSAGE_PARAMS.get(name))
    return number


class QueryField(forms.Field):
    """The words searched: `clean_text` (no NUL-character error of CharField: control characters are dropped)."""

    widget = forms.TextInput

    def to_python(self, value):
        return search_query.clean_text(value if isinstance(value, str) else "")


class PlainField(forms.Field):
    """A text filter, stripped; a value that is no text, or an empty one, is "" (checked by the form)."""

    def to_python(self, value):
        return value.strip() if isinstance(value, str) else ""


class TypeField(forms.Field):
    """Several kinds (`?type=a&type=b`, or `?type=a,b`), each among `known_kinds()`."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        kinds = []
        for each in values:
            for kind in str(each).split(","):
                if kind.strip() and kind.strip() not in kinds:
                    kinds.append(kind.strip())
        return kinds

    def validate(self, value):
        known = known_kinds()
        if len(value) > MAX_TYPES or any(kind not in known for kind in value):
            raise forms.ValidationError(FORM_MESSAGES["type"], code="invalid_choice")


class BaseSearchForm(forms.Form):
    q = QueryField(
        label=_("Rechercher"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    type = TypeField(label=_("Type de contenu"), required=False)
    territory = PlainField(label=_("Territoire"), required=False, widget=forms.HiddenInput)
    theme = PlainField(label=_("Thème"), required=False, widget=forms.HiddenInput)
    year = PlainField(label=_("Année"), required=False, widget=forms.HiddenInput)
    sort = PlainField(label=_("Trier par"), required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            # A multi-valued filter is read whole; any other parameter given twice is read as its last value.
            values = {name: data.get(name) for name in data if name != "type"}
            values["type"] = data.getlist("type")
            data = values
        super().__init__(data, *args, **kwargs)

    def clean_territory(self):
        value = self.cleaned_data["territory"].upper()
        if value and not TERRITORY_CODE.fullmatch(value):
            raise forms.ValidationError(FORM_MESSAGES["territory"], code="invalid")
        return value

    def clean_theme(self):
        value = self.cleaned_data["theme"]
        if value and value not in PublicPolicyTheme.values:
            raise forms.ValidationError(FORM_MESSAGES["theme"], code="invalid_choice")
        return value

    def clean_year(self):
        value = self.cleaned_data["year"]
        return _integer(value, "year", MIN_YEAR, MAX_YEAR) if value else None

    def clean_sort(self):
        value = self.cleaned_data["sort"] or SORT_RELEVANCE
        if value not in (SORT_RELEVANCE, SORT_DATE):
            raise forms.ValidationError(FORM_MESSAGES["sort"], code="invalid_choice")
        return value

    # -- for the views ---------------------------------------------------------------------------------------------
    def valid_data(self):
        """What was asked, each wrong value left out (the page still searches with the rest)."""
        data = {"q": "", "type": [], "territory": "", "theme": "", "year": None, "sort": SORT_RELEVANCE}
        if not self.is_bound:
            return data
        self.is_valid()
        data.update({name: value for name, value in self.cleaned_data.items() if name in data})
        return data

    def search_query(self, language, offset, limit):
        data = self.valid_data()
        return SearchQuery(
            text=data["q"],
            language=language,
            kinds=tuple(data["type"]),
            territory=data["territory"],
            theme=data["theme"],
            year=data["year"],
            sort=data["sort"],
            offset=offset,
            limit=limit,
        )


class SearchForm(BaseSearchForm):
    """The search page's form (`/recherche/?q=&type=&territory=&theme=&year=&sort=&page=`)."""

    page = PlainField(label=_("Page"), required=False, widget=forms.HiddenInput)

    def clean_page(self):
        value = self.cleaned_data["page"]
        if not value:
            return 1
        page = _integer(value, "page", 1)
        if page * PAGE_SIZE > MAX_RESULTS:
            raise forms.ValidationError(too_deep(), code="too_deep")
        return page

    def page_number(self):
        """The page asked for; the first when none was, or a wrong one."""
        if not self.is_bound:
            return 1
        self.is_valid()
        return self.cleaned_data.get("page") or 1


class SearchAPIForm(BaseSearchForm):
    """The API's parameters: the same, with `limit` and `offset` instead of `page`."""

    limit = PlainField(required=False)
    offset = PlainField(required=False)

    def clean_limit(self):
        value = self.cleaned_data["limit"]
        return _integer(value, "limit", 1, API_MAX_LIMIT) if value else PAGE_SIZE

    def clean_offset(self):
        value = self.cleaned_data["offset"]
        return _integer(value, "offset", 0) if value else 0

    def clean(self):
        data = super().clean()
        if "limit" in data and "offset" in data and data["offset"] + data["limit"] > MAX_RESULTS:
            self.add_error("offset", forms.ValidationError(too_deep(), code="too_deep"))
        return data
