"""The facets' values as people read them: a type's label (`search.kinds`), a territory's name, a theme's label, a
year. Shared by the search page and the API."""

from dataclasses import dataclass

from cms.choices import PublicPolicyTheme

from .kinds import kind_label

# The order of the filters on the page and in the API.
FACET_ORDER = ("kind", "territory", "theme", "year")
MAX_VALUES = 20  # values shown per facet (the most frequent)


@dataclass(frozen=True)
class LabelledValue:
    value: str
    label: str
    count: int


def territory_names(codes):
    """{code: name} of these INSEE codes (one query). A région and a département may share a code (« 44 »): the
    larger territory wins, as the index holds a collectivité's territory, and a région's space is rarer."""
    from cms.models import Territory

    codes = {code for code in codes if code}
    if not codes:
        return {}
    names = {}
    for code, name in Territory.objects.filter(code__in=codes).order_by("-kind").values_list("code", "name"):
        names.setdefault(code, name)
    return names


def value_label(name, value, territories=None):
    value = str(value)
    if name == "kind":
        return kind_label(value)
    if name == "territory":
        if territories is None:
            territories = territory_names([value])
        return territories.get(value, value)
    if name == "theme":
        try:
            return str(PublicPolicyTheme(value).label)
        except ValueError:
            return value
    return value


def labelled(facets):
    """{facet: [LabelledValue]} in FACET_ORDER, each facet's values as the backend ordered them (most frequent
    first), at most MAX_VALUES; an empty value (no territory, no theme) left out."""
    facets = facets or {}
    territories = territory_names(str(each.value) for each in facets.get("territory", []))
    result = {}
    for name in FACET_ORDER:
        values = [each for each in facets.get(name, []) if str(each.value or "")][:MAX_VALUES]
        result[name] = [
            LabelledValue(str(each.value), value_label(name, each.value, territories), each.count) for each in values
        ]
    return result
