"""How a comment's text is shown: plain text, escaped, its line breaks kept, its web links made clickable and marked
`nofollow ugc` (search engines give them no weight: spam gains nothing by posting links)."""

from django import template
from django.utils.html import urlize
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

from ..services import author_name

register = template.Library()


def render_comment_text(text):
    # urlize escapes the text itself (autoescape=True) and links only http(s)://, www. and e-mail addresses: never a
    # `javascript:` address. The only `rel="nofollow"` in its output are its own: a quote typed by the citizen is
    # escaped to &quot; before, so it cannot close an attribute.
    html = urlize(normalize_newlines(text or ""), nofollow=True, autoescape=True)
    html = html.replace(' rel="nofollow"', ' rel="nofollow ugc"')
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 - built from escaped text above


@register.filter(name="comment_text")
def comment_text(text):
    return render_comment_text(text)


@register.filter(name="comment_author")
def comment_author(user):
    """The author's first name and initial, never the username (it would tell the start of their address)."""
    return author_name(user)
