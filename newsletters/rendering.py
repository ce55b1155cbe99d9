"""Turning an issue into an email: HTML with inlined CSS in the newsletter's theme, and a plain-text alternative.

The recipient's own links are left as placeholders (`UNSUBSCRIBE_URL`, `PREFERENCES_URL`) so that an issue is
rendered once per language (`IssueRendering`) and `personalise()` fills them per recipient (or the provider does,
through anymail's merge data, in a batch send).
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

UNSUBSCRIBE_URL = "%%AIMPACT_UNSUBSCRIBE_URL%%"
PREFERENCES_URL = "%%AIMPACT_PREFERENCES_URL%%"


@dataclass(frozen=True)
class RenderedIssue:
    language: str
    subject: str
    html: str
    text: str


def render_issue(issue, language):
    """The issue in `language` (its translation there when live, else the original) as a RenderedIssue."""
    with translation.override(language):
        context = {"issue": issue, "unsubscribe_url": UNSUBSCRIBE_URL, "preferences_url": PREFERENCES_URL}
        html = render_to_string("newsletters/email/issue.html", context)
        text = render_to_string("newsletters/email/issue.txt", context)
    return RenderedIssue(language=language, subject=issue.title, html=html, text=text)


def personalise(value, *, unsubscribe_url, preferences_url):
    """`value` (subject, HTML or text) with one recipient's links in place of the placeholders."""
    return value.replace(UNSUBSCRIBE_URL, unsubscribe_url).replace(PREFERENCES_URL, preferences_url)


def freeze(issue, language):
    """The issue's `IssueRendering` in `language`, made once (unique per issue and language: two workers freezing
    at once keep the first one's) and reused by every batch. `issue` is the original-language version; the
    language's live translation is rendered when there is one, else the original.

    Minimal version written for the delivery part (issue 12); the rendering part's version replaces it."""
    from django.db import IntegrityError, transaction

    from .models import IssueRendering, NewsletterIssuePage

    existing = IssueRendering.objects.filter(issue=issue, language=language).first()
    if existing is not None:
        return existing
    source = (
        NewsletterIssuePage.objects.live()
        .filter(translation_key=issue.translation_key, locale__language_code=language)
        .first()
        or issue
    )
    rendered = render_issue(source, language)
    try:
        with transaction.atomic():
            return IssueRendering.objects.create(
                issue=issue,
                language=language,
                source_page=source,
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
            )
    except IntegrityError:
        return IssueRendering.objects.get(issue=issue, language=language)
