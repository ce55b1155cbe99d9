"""Excerpts from the backends (plain text with MARK_START/MARK_END) as safe HTML with `<mark>`."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .backends.base import MARK_END, MARK_START


def to_html(marked):
    """Escape everything, then turn the marks into <mark>…</mark> (an unclosed mark is closed)."""
    html = escape(marked or "")
    opened = html.count(MARK_START) - html.count(MARK_END)
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    if opened > 0:
        html += "</mark>" * opened
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags added


def to_text(marked):
    """The excerpt without its marks (the API's plain `excerpt`)."""
    return (marked or "").replace(MARK_START, "").replace(MARK_END, "")
