from decimal import Decimal

from django import template
from django.utils import formats, translation

from cms.charts import Bar
from cms.templatetags.cms_tags import percent

register = template.Library()


@register.simple_tag
def result_bars(question, kind="options"):
    """Bars for a results chart: one per option (count, share of respondents, its width that share of 100 %), or
    the ranking (mean rank)."""
    if kind == "ranking":
        items = question.get("ranking") or []
        count = len(items)
        bars = []
        for item in items:
            mean = item["mean_rank"]
            width = ((count + 1 - mean) / count * 100) if mean and count else 0.0
            bars.append(
                Bar(label=item["label"], value=formats.localize(round(mean, 2)) if mean else "—", width=round(width, 2))
            )
        return bars
    # A full track is 100 % of the respondents: 26 % fills a quarter of it, whatever the other answers got.
    # The share is rounded here, as a Decimal: the `percent` filter cuts extra decimals off, and a float's binary
    # value too (70.59 and 70.6 would both read « 70,5 % »).
    options = question.get("options") or []
    return [
        Bar(
            label=o["label"],
            value=o["count"],
            width=round(float(o["share"]) * 100, 2),
            share=Decimal(f"{float(o['share']) * 100:.1f}"),
        )
        for o in options
    ]


@register.filter
def percent_of_one(value, decimals=1):
    """0.573 -> « 57,3 % »."""
    if value in (None, ""):
        return ""
    return percent(Decimal(str(value)) * 100, decimals)


@register.filter
def intcomma_fr(value):
    if value in (None, ""):
        return ""
    return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)


@register.simple_tag(takes_context=True)
def language(context):
    return translation.get_language()
