from decimal import Decimal

from django import template
from django.utils import formats, translation

register = template.Library()


@register.filter
def number(value):
    """A Decimal without useless zeros, grouped and in the active language: 1234.5000 -> « 1 234,5 »."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    decimals = max(0, -value.normalize().as_tuple().exponent)
    return formats.number_format(value, min(decimals, 4), use_l10n=True, force_grouping=True)


@register.filter
def share(value, decimals=0):
    """0.4567 -> « 46 % » (French) or « 46% »."""
    if value is None:
        return "—"
    text = formats.number_format(Decimal(str(value)) * 100, int(decimals), use_l10n=True)
    return f"{text}%" if translation.get_language() == "en" else f"{text}\u00a0%"


@register.filter
def points(value):
    """12.5 -> « +12,5 pts », -3 -> « −3 pts »."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{formats.number_format(abs(value), 1, use_l10n=True)}\u00a0pts"
